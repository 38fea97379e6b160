//! What went away between two layouts, to be drawn faded for a moment ("removed items fade
//! out"): the cards, wires and bars of `before` that `after` no longer has. Pure, like the rest
//! of the layout; the diagram decides how long a departed thing stays.

use std::collections::BTreeSet;

use super::geometry::Rect;
use super::types::{BarBox, CardBox, Layout, Wire};

/// Things that were drawn and are gone.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Departed {
    pub cards: Vec<CardBox>,
    pub wires: Vec<Wire>,
    pub bars: Vec<BarBox>,
}

impl Departed {
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty() && self.wires.is_empty() && self.bars.is_empty()
    }

    /// Adds `other` to these.
    pub fn extend(&mut self, other: Departed) {
        self.cards.extend(other.cards);
        self.wires.extend(other.wires);
        self.bars.extend(other.bars);
    }
}

/// The cards (by container), wires (by veth) and bars (by bridge) of `before` missing from
/// `after`.
pub fn departed(before: &Layout, after: &Layout) -> Departed {
    let cards: BTreeSet<&str> = after
        .cards
        .iter()
        .map(|c| c.container_id.as_str())
        .collect();
    let wires: BTreeSet<&str> = after.wires.iter().map(|w| w.key.as_str()).collect();
    let bars: BTreeSet<&str> = after.bars.iter().map(|b| b.bridge.as_str()).collect();
    Departed {
        cards: before
            .cards
            .iter()
            .filter(|c| !cards.contains(c.container_id.as_str()))
            .cloned()
            .collect(),
        wires: before
            .wires
            .iter()
            .filter(|w| !wires.contains(w.key.as_str()))
            .cloned()
            .collect(),
        bars: before
            .bars
            .iter()
            .filter(|b| !bars.contains(b.bridge.as_str()))
            .cloned()
            .collect(),
    }
}

/// The departed things that can still be drawn over `now` without covering anything: a card
/// or bar whose place a newcomer took is dropped, a card whose container is back (by name) too,
/// so is the older of two ghost cards in one place, and so is a wire whose card was dropped.
/// `gone` lists older departures first.
pub fn unobstructed(gone: &Departed, now: &Layout) -> Departed {
    let taken: Vec<Rect> = now
        .cards
        .iter()
        .map(|c| c.rect)
        .chain(now.bars.iter().map(|b| b.rect))
        .collect();
    let free = |rect: &Rect| !taken.iter().any(|t| overlaps(t, rect));
    let present: BTreeSet<&str> = now.cards.iter().map(|c| c.container_id.as_str()).collect();
    let names: BTreeSet<&str> = now.cards.iter().map(|c| c.name.as_str()).collect();
    // Newest first (departures are appended): of two ghosts in one place, the newer stays.
    let mut cards: Vec<CardBox> = Vec::new();
    for card in gone.cards.iter().rev() {
        let clear = free(&card.rect) && !cards.iter().any(|c| overlaps(&c.rect, &card.rect));
        if clear && !names.contains(card.name.as_str()) {
            cards.push(card.clone());
        }
    }
    cards.reverse();
    let wires = gone
        .wires
        .iter()
        .filter(|w| {
            cards.iter().any(|c| c.container_id == w.container_id)
                || present.contains(w.container_id.as_str())
        })
        .filter(|w| !now.wires.iter().any(|n| n.key == w.key))
        .cloned()
        .collect();
    Departed {
        wires,
        bars: gone
            .bars
            .iter()
            .filter(|b| free(&b.rect))
            .cloned()
            .collect(),
        cards,
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}
