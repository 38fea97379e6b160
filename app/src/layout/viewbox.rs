//! Zoom and pan as plain arithmetic on the SVG `viewBox`, so the browser code only forwards
//! pointer positions. The SVG uses `preserveAspectRatio="xMidYMid meet"`: the view is centred
//! and scaled by the larger of the two ratios.
//!
//! It also holds the arithmetic of [`ScreenTransform`]: a browser lays out every SVG text again
//! when the `viewBox` changes, but not when a CSS transform on the `<svg>` element changes, so
//! a fitted view that grows is shown by such a transform over the `viewBox` already drawn.

use super::geometry::Point;
use super::types::Layout;

/// The narrowest view (px of the layout across), so one card still fills the screen.
pub const MIN_WIDTH: f64 = 200.0;
/// The widest view, against zooming out into nothing.
pub const MAX_WIDTH: f64 = 40_000.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl ViewBox {
    /// The whole layout, with some room to grow: width and height are rounded up to the next
    /// rung of a ladder ([`FIT_STEP`] apart), so the picture keeps its scale while a few cards
    /// come and go and changes it only when the diagram outgrows its rung. (The browser shows
    /// a new rung with a [`ScreenTransform`], which costs no text layout.)
    pub fn fit(layout: &Layout) -> Self {
        ViewBox {
            x: 0.0,
            y: 0.0,
            w: step_up(layout.width),
            h: step_up(layout.height),
        }
    }

    /// The cards of `containers` (ids) with room around them, but never smaller than
    /// `min_w` x `min_h` (so two small cards are not blown up past what the room needs); `None`
    /// when none of them is drawn. What a lesson step is about, zoomed to.
    pub fn around(layout: &Layout, containers: &[String], min_w: f64, min_h: f64) -> Option<Self> {
        let rects: Vec<_> = layout
            .cards
            .iter()
            .filter(|c| containers.contains(&c.container_id))
            .map(|c| c.rect)
            .collect();
        let first = rects.first()?;
        let (mut x0, mut y0) = (first.x, first.y);
        let (mut x1, mut y1) = (first.x + first.w, first.y + first.h);
        for r in &rects {
            x0 = x0.min(r.x);
            y0 = y0.min(r.y);
            x1 = x1.max(r.x + r.w);
            y1 = y1.max(r.y + r.h);
        }
        // Room for the wires to the left and the bars above.
        let (x0, y0) = (x0 - 160.0, y0 - 200.0);
        let (x1, y1) = (x1 + 40.0, y1 + 40.0);
        let (w, h) = ((x1 - x0).max(min_w), (y1 - y0).max(min_h));
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        Some(ViewBox {
            x: (cx - w / 2.0).max(0.0),
            y: (cy - h / 2.0).max(0.0),
            w,
            h,
        })
    }

    /// The `viewBox` attribute.
    pub fn attr(&self) -> String {
        format!(
            "{} {} {} {}",
            round(self.x),
            round(self.y),
            round(self.w),
            round(self.h)
        )
    }

    /// Zoomed by `factor` (below 1 zooms in) around `around`, which stays where it is.
    pub fn zoom(self, factor: f64, around: Point) -> Self {
        let w = (self.w * factor).clamp(MIN_WIDTH, MAX_WIDTH);
        let factor = w / self.w;
        ViewBox {
            x: around.x - (around.x - self.x) * factor,
            y: around.y - (around.y - self.y) * factor,
            w,
            h: self.h * factor,
        }
    }

    /// Zoomed around the centre (for the + and − buttons).
    pub fn zoom_centre(self, factor: f64) -> Self {
        let centre = Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0);
        self.zoom(factor, centre)
    }

    /// Moved so that the content follows a drag of (`dx`, `dy`) screen px on an element of
    /// `el_w` × `el_h` px.
    pub fn pan(self, dx: f64, dy: f64, el_w: f64, el_h: f64) -> Self {
        let scale = self.scale(el_w, el_h);
        ViewBox {
            x: self.x - dx * scale,
            y: self.y - dy * scale,
            ..self
        }
    }

    /// Layout px per screen px.
    pub fn scale(&self, el_w: f64, el_h: f64) -> f64 {
        if el_w <= 0.0 || el_h <= 0.0 {
            return 1.0;
        }
        (self.w / el_w).max(self.h / el_h)
    }

    /// Where layout point `p` is shown: px from the element's top left (the inverse of
    /// [`ViewBox::to_layout`]).
    pub fn to_screen(&self, p: Point, el_w: f64, el_h: f64) -> Point {
        let scale = self.scale(el_w, el_h);
        Point::new(
            el_w / 2.0 + (p.x - self.x - self.w / 2.0) / scale,
            el_h / 2.0 + (p.y - self.y - self.h / 2.0) / scale,
        )
    }

    /// The transform of an element of `el_w` × `el_h` px, drawn with this `viewBox`, that makes
    /// it show `target` instead: every layout point lands where `target` would put it. `None`
    /// for an element with no size.
    pub fn onto(&self, target: &ViewBox, el_w: f64, el_h: f64) -> Option<ScreenTransform> {
        if el_w <= 0.0 || el_h <= 0.0 {
            return None;
        }
        let scale = self.scale(el_w, el_h) / target.scale(el_w, el_h);
        // Where the layout origin is shown now, and where it should be shown.
        let now = self.to_screen(Point::new(0.0, 0.0), el_w, el_h);
        let wanted = target.to_screen(Point::new(0.0, 0.0), el_w, el_h);
        Some(ScreenTransform {
            scale,
            dx: wanted.x - now.x * scale,
            dy: wanted.y - now.y * scale,
        })
    }

    /// The layout point under screen offset (`px`, `py`) inside the element.
    pub fn to_layout(&self, px: f64, py: f64, el_w: f64, el_h: f64) -> Point {
        let scale = self.scale(el_w, el_h);
        Point::new(
            self.x + self.w / 2.0 + (px - el_w / 2.0) * scale,
            self.y + self.h / 2.0 + (py - el_h / 2.0) * scale,
        )
    }
}

/// A uniform scale, then a shift (screen px), about the element's top left corner: CSS
/// `transform: matrix(scale, 0, 0, scale, dx, dy)` with `transform-origin: 0 0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenTransform {
    pub scale: f64,
    pub dx: f64,
    pub dy: f64,
}

impl ScreenTransform {
    /// Where the transform puts the screen point `p`.
    pub fn apply(&self, p: Point) -> Point {
        Point::new(p.x * self.scale + self.dx, p.y * self.scale + self.dy)
    }

    /// Whether it moves nothing by as much as a hundredth of a pixel on an element of
    /// `el_w` × `el_h` px.
    pub fn is_identity(&self, el_w: f64, el_h: f64) -> bool {
        let corner = self.apply(Point::new(el_w, el_h));
        self.dx.abs() < 0.01
            && self.dy.abs() < 0.01
            && (corner.x - el_w).abs() < 0.01
            && (corner.y - el_h).abs() < 0.01
    }

    /// The CSS `transform` value.
    pub fn css(&self) -> String {
        format!(
            "matrix({:.6}, 0, 0, {:.6}, {:.3}, {:.3})",
            self.scale, self.scale, self.dx, self.dy
        )
    }
}

/// How far apart the sizes of a fitted view are: at most this much room is left empty.
pub const FIT_STEP: f64 = 1.1;
/// The smallest fitted size.
const FIT_BASE: f64 = 400.0;

/// The smallest rung of the ladder `FIT_BASE * FIT_STEP^k` that holds `v`.
fn step_up(v: f64) -> f64 {
    if v.is_nan() || v <= FIT_BASE {
        return FIT_BASE;
    }
    let rung = ((v / FIT_BASE).ln() / FIT_STEP.ln()).ceil();
    let size = FIT_BASE * FIT_STEP.powf(rung);
    // Guard against rounding just below `v`.
    if size < v {
        size * FIT_STEP
    } else {
        size
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod around_tests {
    use super::*;
    use crate::layout::{CardBox, Rect};

    #[test]
    fn around_frames_the_chosen_cards_and_none_when_they_are_not_drawn() {
        let card = |id: &str, x: f64| CardBox {
            container_id: id.into(),
            rect: Rect::new(x, 300.0, 360.0, 134.0),
            ..Default::default()
        };
        let layout = Layout {
            cards: vec![card("a", 200.0), card("b", 700.0), card("c", 1200.0)],
            ..Default::default()
        };
        let Some(view) = ViewBox::around(&layout, &["a".into(), "b".into()], 400.0, 300.0) else {
            panic!("a and b are drawn");
        };
        assert!(
            view.x <= 200.0 - 100.0 && view.x + view.w >= 1060.0,
            "{view:?}"
        );
        assert!(
            view.x + view.w < 1200.0 + 360.0,
            "c is not needed: {view:?}"
        );
        assert!(ViewBox::around(&layout, &["gone".into()], 400.0, 300.0).is_none());
    }
}
