//! Veth pairs as wires. Each runs from its endpoint row's port on the card's left edge into the
//! gutter, up its network's lane to the channel under the bars, along the channel, and up into
//! its bridge's bar. Every network has its own lane, so wires to one bridge merge like a bus.

use std::collections::BTreeMap;

use super::geometry::{Anchor, Label, Point};
use super::metrics::*;
use super::types::{BarBox, CardBox, Wire, Zone};
use crate::model::{Topology, VethLink};

/// The wire of every veth pair whose card and bar are drawn.
pub fn build_wires(topology: &Topology, cards: &[CardBox], bars: &[BarBox]) -> Vec<Wire> {
    let cards: BTreeMap<&str, &CardBox> = cards
        .iter()
        .filter(|c| c.zone == Zone::Bridged)
        .map(|c| (c.container_id.as_str(), c))
        .collect();
    let mut wires = Vec::new();
    for (key, pair) in &topology.veths {
        let Some(card) = cards.get(pair.container_id.as_str()) else {
            continue;
        };
        let Some(row) = card.rows.iter().find(|r| r.network_id == pair.network_id) else {
            continue;
        };
        let (known, bridge, host_text, container_ifname) = match &pair.link {
            VethLink::Mapped {
                host_ifname,
                bridge,
                container_ifname,
                ..
            } => (
                true,
                Some(bridge.as_str()),
                host_ifname.clone(),
                container_ifname.clone(),
            ),
            VethLink::Unknown { reason } => (false, None, reason.clone(), "?".to_string()),
        };
        let bar = bridge
            .and_then(|name| bars.iter().find(|b| b.bridge == name))
            .or_else(|| bars.iter().find(|b| b.network_id == pair.network_id));
        let Some(bar) = bar.filter(|b| !b.collapsed) else {
            continue;
        };
        let mut host_label = Label::fitted(
            &host_text,
            Point::new(card.rect.x - 6.0, row.port.y - 6.0),
            FONT_LABEL,
            GUTTER - 14.0,
        )
        .anchored(Anchor::End);
        if !known {
            host_label.full = Some(format!("veth unknown: {host_text}"));
        }
        wires.push(Wire {
            key: key.clone(),
            container_id: card.container_id.clone(),
            container_name: card.name.clone(),
            network_id: pair.network_id.clone(),
            network_name: row.network_name.clone(),
            bridge: bar.bridge.clone(),
            hue: bar.hue,
            points: route(row.port, card.rect.x - GUTTER, bar),
            known,
            container_ifname,
            host_label,
        });
    }
    wires
}

/// Port → gutter lane → channel lane → the bar. `gutter_x` is the left of the card's gutter.
fn route(port: Point, gutter_x: f64, bar: &BarBox) -> Vec<Point> {
    let offset = LANE_X0 + (bar.lane % LANES) as f64 * LANE_STEP;
    let lane_x = gutter_x + offset;
    let channel_y = bar.rect.bottom() + CHANNEL_PAD + (bar.lane % LANES) as f64 * LANE_STEP;
    let target_x = bar.rect.x + offset;
    simplify(vec![
        port,
        Point::new(lane_x, port.y),
        Point::new(lane_x, channel_y),
        Point::new(target_x, channel_y),
        Point::new(target_x, bar.rect.bottom()),
    ])
}

/// Drops repeated points and middle points of straight runs.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let straight = (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
