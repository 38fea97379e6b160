//! Assertions shared by the tests: the layout's invariants, checked on any layout.

use super::super::{Layout, LayoutMemory, LayoutOptions, Rect, Zone};
use crate::model::Topology;

pub fn lay(topology: &Topology) -> Layout {
    super::super::layout(
        topology,
        &LayoutMemory::default(),
        &LayoutOptions::default(),
    )
    .0
}

/// Cards of the main grid, bars, badges and the other area never overlap each other; chips and
/// cards of the other area never overlap each other and stay inside it; everything is inside the
/// layout's bounds.
pub fn assert_no_overlap(layout: &Layout) {
    let mut boxes: Vec<(String, Rect)> = Vec::new();
    for card in layout.cards.iter().filter(|c| c.zone == Zone::Bridged) {
        boxes.push((format!("card {}", card.name), card.rect));
    }
    for bar in &layout.bars {
        boxes.push((format!("bar {}", bar.bridge), bar.rect));
    }
    for badge in &layout.badges {
        boxes.push((format!("badge {}", badge.label.text), badge.rect));
    }
    if let Some(area) = &layout.other {
        boxes.push(("other area".to_string(), area.rect));
        let mut inner: Vec<(String, Rect)> = Vec::new();
        for chip in &area.chips {
            inner.push((format!("chip {}", chip.name), chip.rect));
        }
        for card in layout.cards.iter().filter(|c| c.zone == Zone::Other) {
            inner.push((format!("card {}", card.name), card.rect));
        }
        for (name, rect) in &inner {
            assert!(area.rect.encloses(rect), "{name} leaves the other area");
        }
        assert_disjoint(&inner);
    }
    assert_disjoint(&boxes);
    let bounds = Rect::new(0.0, 0.0, layout.width, layout.height);
    for (name, rect) in &boxes {
        assert!(bounds.encloses(rect), "{name} is outside the layout");
    }
    for card in &layout.cards {
        assert!(
            layout.host.rect.encloses(&card.rect),
            "card {} leaves the host",
            card.name
        );
    }
}

fn assert_disjoint(boxes: &[(String, Rect)]) {
    // Sweep by x so that 300 cards stay fast.
    let mut sorted: Vec<&(String, Rect)> = boxes.iter().collect();
    sorted.sort_by(|a, b| a.1.x.total_cmp(&b.1.x));
    for (i, (name, rect)) in sorted.iter().enumerate() {
        for (other, other_rect) in sorted[i + 1..].iter().map(|b| (&b.0, &b.1)) {
            if other_rect.x >= rect.right() {
                break;
            }
            assert!(!rect.overlaps(other_rect), "{name} overlaps {other}");
        }
    }
}

/// Every wire starts on its card's row for its network (at the port on the left edge), runs in
/// straight horizontal and vertical pieces, and ends on its bridge's bar.
pub fn assert_wires_attach(layout: &Layout) {
    for wire in &layout.wires {
        let card = layout
            .cards
            .iter()
            .find(|c| c.container_id == wire.container_id)
            .unwrap_or_else(|| panic!("wire {} has no card", wire.key));
        let row = card
            .rows
            .iter()
            .find(|r| r.network_id == wire.network_id)
            .unwrap_or_else(|| panic!("wire {} has no row", wire.key));
        let bar = layout
            .bars
            .iter()
            .find(|b| b.bridge == wire.bridge)
            .unwrap_or_else(|| panic!("wire {} has no bar", wire.key));
        let first = wire.points[0];
        let last = wire.points[wire.points.len() - 1];
        assert_eq!(first, row.port, "wire {} starts off its port", wire.key);
        assert_eq!(
            first.x, card.rect.x,
            "wire {} starts off the card edge",
            wire.key
        );
        assert!(
            row.rect.contains(first),
            "wire {} starts off its row",
            wire.key
        );
        assert!(
            bar.rect.contains(last),
            "wire {} ends off its bar",
            wire.key
        );
        assert!(wire.points.len() >= 2);
        for pair in wire.points.windows(2) {
            let straight = pair[0].x == pair[1].x || pair[0].y == pair[1].y;
            assert!(straight, "wire {} has a slanted piece", wire.key);
        }
    }
}

/// Every veth pair of a drawn card on a drawn, open bar has its wire.
pub fn assert_every_veth_wired(topology: &Topology, layout: &Layout) {
    for (key, pair) in &topology.veths {
        let drawn = layout
            .cards
            .iter()
            .any(|c| c.container_id == pair.container_id);
        let open = layout
            .bars
            .iter()
            .any(|b| b.network_id == pair.network_id && !b.collapsed);
        if drawn && open {
            assert!(
                layout.wires.iter().any(|w| &w.key == key),
                "no wire for {key}"
            );
        }
    }
}

pub fn assert_all(topology: &Topology, layout: &Layout) {
    assert_no_overlap(layout);
    assert_wires_attach(layout);
    assert_every_veth_wired(topology, layout);
}
