//! What hangs off the picture: published ports as badges on the host frame's bottom edge (where
//! the outside world comes in), and legacy `--link`s as arrows between cards.

use std::collections::BTreeMap;

use super::geometry::{text_width, Label, Point, Rect};
use super::metrics::*;
use super::types::{Badge, CardBox, LinkArrow};
use crate::model::Topology;

/// One badge per published port of every container, left to right along the frame's bottom
/// edge, wrapping below it when the edge is full.
pub fn build_badges(topology: &Topology, frame: Rect) -> Vec<Badge> {
    let mut texts: Vec<(String, String, String)> = Vec::new();
    for container in topology.containers.values() {
        let mut ports = container.ports.clone();
        ports.sort();
        for port in ports {
            let host_ip = match port.host_ip.as_str() {
                "" => "0.0.0.0".to_string(),
                ip if ip.contains(':') => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            let text = format!(
                "{host_ip}:{} -> {}:{}/{}",
                port.host_port, container.name, port.container_port, port.protocol
            );
            let entry = (container.name.clone(), text, container.id.clone());
            if !texts.contains(&entry) {
                texts.push(entry);
            }
        }
    }
    texts.sort();
    let left = frame.x + FRAME_PAD;
    let room = frame.w - 2.0 * FRAME_PAD;
    let (mut x, mut y) = (left, frame.bottom() - BADGE_H / 2.0);
    let mut badges = Vec::new();
    for (name, text, id) in texts {
        let w = (text_width(&text, FONT_SMALL) + 2.0 * TEXT_PAD).min(room);
        if x > left && x + w > left + room {
            x = left;
            y += BADGE_H + BADGE_GAP;
        }
        let label = Label::fitted(
            &text,
            Point::new(x + TEXT_PAD, y + 24.0),
            FONT_SMALL,
            w - 2.0 * TEXT_PAD,
        );
        badges.push(Badge {
            container_id: id,
            container_name: name,
            rect: Rect::new(x, y, w, BADGE_H),
            label,
        });
        x += w + BADGE_GAP;
    }
    badges
}

/// An arrow for every legacy link between two drawn cards, from the linking container to its
/// target, through the gap beside the cards.
pub fn build_links(topology: &Topology, cards: &[CardBox]) -> Vec<LinkArrow> {
    let by_name: BTreeMap<&str, &CardBox> = cards.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut arrows = Vec::new();
    for card in cards {
        let Some(container) = topology.containers.get(&card.container_id) else {
            continue;
        };
        let mut links = container.links.clone();
        links.sort();
        for link in links {
            let target = link.target.trim_start_matches('/');
            let Some(to) = by_name.get(target).filter(|t| t.name != card.name) else {
                continue;
            };
            let points = route(card.rect, to.rect);
            let label = Label::fitted(
                &link.alias,
                Point::new(points[1].x + 6.0, points[1].y - 6.0),
                FONT_LABEL,
                GUTTER - 20.0,
            );
            arrows.push(LinkArrow {
                from: card.name.clone(),
                from_id: card.container_id.clone(),
                to: to.name.clone(),
                alias: link.alias.clone(),
                points,
                label,
            });
        }
    }
    arrows
}

/// Out of the side of `from` facing `to` at the title's height, a turn in the gap beside it,
/// into `to`'s title.
fn route(from: Rect, to: Rect) -> Vec<Point> {
    let (ya, yb) = (from.y + 20.0, to.y + 20.0);
    if to.x > from.x {
        let mid = from.right() + 8.0;
        vec![
            Point::new(from.right(), ya),
            Point::new(mid, ya),
            Point::new(mid, yb),
            Point::new(to.x, yb),
        ]
    } else {
        let mid = if to.x < from.x {
            to.right() + 8.0
        } else {
            from.right() + 20.0
        };
        let start = if to.x < from.x { from.x } else { from.right() };
        vec![
            Point::new(start, ya),
            Point::new(mid, ya),
            Point::new(mid, yb),
            Point::new(to.right(), yb),
        ]
    }
}
