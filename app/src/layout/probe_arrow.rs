//! Where the diagram draws a probe's answer: an arrow from A's card (or the host's frame title,
//! for the host) to B's card, clipped to the cards' edges, with the answer's short reason at
//! its middle. Pure geometry from a layout; the component only draws it.

use super::geometry::{Anchor, Label, Point, Rect};
use super::types::Layout;

/// Font size of the arrow's label, in layout px.
const LABEL_SIZE: f64 = 15.0;

#[derive(Clone, Debug, PartialEq)]
pub struct ProbeArrow {
    pub from: Point,
    pub to: Point,
    pub label: Label,
}

/// The arrow between `from` (a container id, or `None` for the host) and `to` (a container
/// id), when both are drawn; `None` when either is not in the layout.
pub fn probe_arrow(
    layout: &Layout,
    from: Option<&str>,
    to: &str,
    summary: &str,
) -> Option<ProbeArrow> {
    let card = |id: &str| {
        layout
            .cards
            .iter()
            .find(|c| c.container_id == id)
            .map(|c| c.rect)
    };
    let target = card(to)?;
    let source = match from {
        Some(id) => card(id)?,
        None => title_box(layout),
    };
    let (a, b) = (centre(&source), centre(&target));
    let from = edge_towards(&source, a, b);
    let to = edge_towards(&target, b, a);
    let middle = Point {
        x: (from.x + to.x) / 2.0,
        y: (from.y + to.y) / 2.0 - 6.0,
    };
    Some(ProbeArrow {
        from,
        to,
        label: Label {
            text: summary.to_string(),
            at: middle,
            size: LABEL_SIZE,
            anchor: Anchor::Middle,
            bold: true,
            full: None,
        },
    })
}

/// A small box around the host frame's title, where an arrow from the host starts.
fn title_box(layout: &Layout) -> Rect {
    let at = layout.host.title.at;
    Rect {
        x: at.x,
        y: at.y - layout.host.title.size,
        w: 120.0,
        h: layout.host.title.size * 1.4,
    }
}

fn centre(r: &Rect) -> Point {
    Point {
        x: r.x + r.w / 2.0,
        y: r.y + r.h / 2.0,
    }
}

/// Where the line from `inside` (the centre of `r`) towards `towards` leaves `r`.
fn edge_towards(r: &Rect, inside: Point, towards: Point) -> Point {
    let (dx, dy) = (towards.x - inside.x, towards.y - inside.y);
    if dx == 0.0 && dy == 0.0 {
        return inside;
    }
    let sx = if dx == 0.0 {
        f64::INFINITY
    } else {
        (r.w / 2.0) / dx.abs()
    };
    let sy = if dy == 0.0 {
        f64::INFINITY
    } else {
        (r.h / 2.0) / dy.abs()
    };
    let s = sx.min(sy).min(1.0);
    Point {
        x: inside.x + dx * s,
        y: inside.y + dy * s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::types::CardBox;

    fn card(id: &str, x: f64, y: f64) -> CardBox {
        CardBox {
            container_id: id.into(),
            rect: Rect {
                x,
                y,
                w: 100.0,
                h: 50.0,
            },
            ..Default::default()
        }
    }

    #[test]
    fn the_arrow_runs_between_card_edges_and_needs_both_cards() {
        let layout = Layout {
            cards: vec![card("a", 0.0, 0.0), card("b", 300.0, 0.0)],
            ..Default::default()
        };
        let arrow = probe_arrow(&layout, Some("a"), "b", "reached b");
        let Some(arrow) = arrow else {
            panic!("both cards are drawn");
        };
        assert_eq!((arrow.from.x, arrow.from.y), (100.0, 25.0));
        assert_eq!((arrow.to.x, arrow.to.y), (300.0, 25.0));
        assert_eq!(arrow.label.text, "reached b");
        assert_eq!(arrow.label.at.x, 200.0);
        assert!(probe_arrow(&layout, Some("a"), "gone", "x").is_none());
        assert!(probe_arrow(&layout, Some("gone"), "b", "x").is_none());
        assert!(probe_arrow(&layout, None, "b", "x").is_some());
    }
}
