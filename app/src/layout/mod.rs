//! The diagram's layout: pure, deterministic functions from a [`Topology`] to geometry (px at
//! scale 1, origin top-left), with no I/O and no Leptos, so the same code runs on the server,
//! in the browser and in native tests. [`layout`] places the host frame, one bar per bridge,
//! one card per container, one wire per veth pair, port badges and link arrows; a
//! [`LayoutMemory`] carried from call to call keeps every card in its place while others come
//! and go. [`export_svg`] turns a layout into a standalone SVG file.
//!
//! The picture: bars in a row at the top of the host frame, a channel for wires under them, a
//! grid of cards below (each column with a gutter on its left where wires go up), and to the
//! right of the grid the area for networks without a bridge and their containers. The grid has
//! two columns and gains more as the host fills up (`plan::bridged_columns`); the other area
//! moves right when it does, and no card ever moves.

mod bars;
mod cards;
mod departed;
mod extras;
mod geometry;
mod lines;
mod memory;
pub mod metrics;
mod plan;
mod probe_arrow;
mod svg;
mod types;
pub(crate) mod viewbox;
mod wires;

#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeSet;

pub use departed::{departed, unobstructed, Departed};
pub use geometry::{fit, text_width, Anchor, Label, Point, Rect};
pub use lines::{card_lines, CardLine, CardLines, LineKind, RowLines};
pub use memory::{LayoutMemory, Slot};
pub use probe_arrow::{probe_arrow, ProbeArrow};
pub use svg::{coord, escape, export_svg, points_attr};
pub use types::{
    Badge, BarBox, BarState, CardBox, CardRow, HostFrame, IpChange, Layout, LayoutOptions,
    LinkArrow, NetChip, OtherArea, Wire, Zone,
};
pub use viewbox::{ScreenTransform, ViewBox};

use memory::{place, Request};
use metrics::*;

use plan::{
    attached, bottom_of, bridged_columns, hidden, keyed_containers, split_networks, zone_of,
};

use crate::model::Topology;

/// Lays `topology` out, keeping the places `memory` remembers. Returns the layout and the memory
/// to pass to the next call. Same arguments, same result.
pub fn layout(
    topology: &Topology,
    memory: &LayoutMemory,
    options: &LayoutOptions,
) -> (Layout, LayoutMemory) {
    let version = topology.version;
    let (bridged, others) = split_networks(topology);
    let bar_requests: Vec<Request> = bridged
        .keys()
        .map(|bridge| Request {
            key: bridge.to_string(),
            zone: Zone::Bridged,
            span: 1,
        })
        .collect();
    let bar_slots = place(&bar_requests, &memory.bars, [1, 1], version);
    let bridged_ids: BTreeSet<&str> = bridged.values().map(|n| n.id.as_str()).collect();
    let containers = keyed_containers(topology);
    let card_requests: Vec<Request> = containers
        .iter()
        .map(|(key, c)| Request {
            key: key.clone(),
            zone: zone_of(c, &bridged_ids),
            span: cards::span_of(c.endpoints.len()),
        })
        .collect();
    let columns = [
        bridged_columns(&card_requests, &memory.cards, options.columns.max(1)),
        options.other_columns.max(1),
    ];
    let card_slots = place(&card_requests, &memory.cards, columns, version);

    let frame_x = MARGIN;
    let grid_x = frame_x + FRAME_PAD;
    let bars_y = MARGIN + FRAME_TITLE_H;
    let cards_top = bars_y + BAR_H + CHANNEL_H;

    let mut bars = Vec::new();
    for (bridge, network) in &bridged {
        let Some(slot) = bar_slots.get(*bridge) else {
            continue;
        };
        let rect = Rect::new(grid_x + slot.row as f64 * BAR_PITCH, bars_y, BAR_W, BAR_H);
        let collapsed = options.collapsed.contains(&network.id);
        let attached = attached(topology, &network.id);
        let state = topology.bridges.get(*bridge);
        let mut bar = bars::build_bar(
            network,
            bridge,
            state,
            rect,
            slot.row % LANES,
            attached,
            collapsed,
        );
        bar.hue = slot.row % HUES;
        bars.push(bar);
    }
    bars.sort_by(|a, b| a.rect.x.total_cmp(&b.rect.x));

    let area_x = grid_x + columns[0] as f64 * SLOT_W + AREA_GAP;
    let has_other = !others.is_empty() || card_requests.iter().any(|r| r.zone == Zone::Other);
    let chips_h = others.len() as f64 * (CHIP_H + CHIP_GAP);
    let other_top = cards_top + AREA_TITLE_H + chips_h;
    let mut cards = Vec::new();
    for ((key, container), request) in containers.iter().zip(&card_requests) {
        let Some(slot) = card_slots.get(key) else {
            continue;
        };
        if hidden(container, &options.collapsed) {
            continue;
        }
        let at = match request.zone {
            Zone::Bridged => Point::new(
                grid_x + slot.col as f64 * SLOT_W + GUTTER,
                cards_top + slot.row as f64 * UNIT_H,
            ),
            Zone::Other => Point::new(
                area_x + AREA_PAD + slot.col as f64 * (CARD_W + AREA_COL_GAP),
                other_top + slot.row as f64 * UNIT_H,
            ),
        };
        cards.push(cards::build_card(
            container,
            topology,
            request.zone,
            at,
            options.recent_versions,
            if options.large_text { LARGE_TEXT } else { 1.0 },
        ));
    }

    let other = has_other.then(|| {
        let width = columns[1] as f64 * (CARD_W + AREA_COL_GAP) - AREA_COL_GAP + 2.0 * AREA_PAD;
        let chips = others
            .iter()
            .enumerate()
            .map(|(i, network)| {
                let y = cards_top + AREA_TITLE_H + i as f64 * (CHIP_H + CHIP_GAP);
                let rect = Rect::new(area_x + AREA_PAD, y, width - 2.0 * AREA_PAD, CHIP_H);
                let collapsed = options.collapsed.contains(&network.id);
                bars::build_chip(network, rect, attached(topology, &network.id), collapsed)
            })
            .collect();
        let bottom = bottom_of(&cards, Zone::Other)
            .unwrap_or(other_top)
            .max(other_top);
        let rect = Rect::new(area_x, cards_top, width, bottom - cards_top + AREA_PAD);
        let title = Label::fitted(
            "other networks (no bridge)",
            Point::new(area_x + AREA_PAD, cards_top + 30.0),
            FONT_BODY,
            width - 2.0 * AREA_PAD,
        )
        .bold();
        OtherArea { rect, title, chips }
    });

    let mut right = grid_x + SLOT_W;
    right = bars.iter().map(|b| b.rect.right()).fold(right, f64::max);
    right = cards.iter().map(|c| c.rect.right()).fold(right, f64::max);
    right = other.iter().map(|a| a.rect.right()).fold(right, f64::max);
    let mut bottom = bottom_of(&cards, Zone::Bridged)
        .unwrap_or(0.0)
        .max(cards_top + MIN_GRID_H);
    bottom = other.iter().map(|a| a.rect.bottom()).fold(bottom, f64::max);
    let frame = Rect::new(
        frame_x,
        MARGIN,
        right + FRAME_PAD - frame_x,
        bottom + FRAME_PAD + BADGE_H / 2.0 - MARGIN,
    );
    let title_text = format!("Docker host · {}", topology.engine.docker_host());
    let host = HostFrame {
        rect: frame,
        title: Label::fitted(
            title_text.trim_end_matches(" · "),
            Point::new(grid_x, MARGIN + 30.0),
            FONT_TITLE,
            frame.w - 2.0 * FRAME_PAD,
        )
        .bold(),
    };
    let wires = wires::build_wires(topology, &cards, &bars);
    let links = extras::build_links(topology, &cards);
    let badges = extras::build_badges(topology, frame);
    let lowest = badges
        .iter()
        .map(|b| b.rect.bottom())
        .fold(frame.bottom(), f64::max);
    let layout = Layout {
        width: frame.right() + MARGIN,
        height: lowest + MARGIN,
        host,
        bars,
        cards,
        wires,
        badges,
        links,
        other,
    };
    let memory = LayoutMemory {
        cards: card_slots,
        bars: bar_slots,
    };
    (layout, memory)
}
