//! Zoom and pan as plain arithmetic on the SVG `viewBox`, so the browser code only forwards
//! pointer positions. The SVG uses `preserveAspectRatio="xMidYMid meet"`: the view is centred
//! and scaled by the larger of the two ratios.

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
    /// rung of a ladder ([`FIT_STEP`] apart). A browser lays every SVG text out again when the
    /// scale changes (about 19 ms at 300 containers in Chromium), so the fitted view changes
    /// only when the diagram outgrows its rung, not with every new card.
    pub fn fit(layout: &Layout) -> Self {
        ViewBox {
            x: 0.0,
            y: 0.0,
            w: step_up(layout.width),
            h: step_up(layout.height),
        }
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

    /// The layout point under screen offset (`px`, `py`) inside the element.
    pub fn to_layout(&self, px: f64, py: f64, el_w: f64, el_h: f64) -> Point {
        let scale = self.scale(el_w, el_h);
        Point::new(
            self.x + self.w / 2.0 + (px - el_w / 2.0) * scale,
            self.y + self.h / 2.0 + (py - el_h / 2.0) * scale,
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
