//! The few geometric words the layout speaks: points, boxes and text labels. Text is measured by
//! an estimate (the diagram uses a monospace font), so the layout can truncate what would not
//! fit without asking a browser, and the server and the browser draw the very same thing.

use std::hash::{Hash, Hasher};

use super::metrics::CHAR_EM;

/// Hashes a coordinate by its bits (-0 as 0), so that drawn things can be told apart by a
/// hash (the diagram keys its lists that way).
fn hash_f64<H: Hasher>(v: f64, state: &mut H) {
    (v + 0.0).to_bits().hash(state);
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Hash for Point {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_f64(self.x, state);
        hash_f64(self.y, state);
    }
}

impl Point {
    pub fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// An axis-aligned box: top-left corner, width and height.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Hash for Rect {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for v in [self.x, self.y, self.w, self.h] {
            hash_f64(v, state);
        }
    }
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether `p` lies inside or on the edge.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Whether `other` lies wholly inside.
    pub fn encloses(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

/// Where a label's `at` point is along its text (SVG `text-anchor`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Anchor {
    #[default]
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One line of text: `at` is the baseline point, `size` the font size in px. `full` holds the
/// whole text when `text` had to be shortened (for a tooltip).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Label {
    pub text: String,
    pub at: Point,
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub full: Option<String>,
}

impl Hash for Label {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.at.hash(state);
        hash_f64(self.size, state);
        self.anchor.hash(state);
        self.bold.hash(state);
        self.full.hash(state);
    }
}

impl Label {
    /// A label shortened with "…" to fit `max_width` px.
    pub fn fitted(text: &str, at: Point, size: f64, max_width: f64) -> Self {
        let (text, full) = fit(text, max_width, size);
        Label {
            text,
            at,
            size,
            anchor: Anchor::Start,
            bold: false,
            full,
        }
    }

    /// A label at the largest size from `size` down to `min_size` (whole px) at which the
    /// whole text fits `max_width` px, for text that says little when cut (an address);
    /// shortened with "…" at `min_size` when even that is too wide.
    pub fn shrunk_to_fit(text: &str, at: Point, size: f64, min_size: f64, max_width: f64) -> Self {
        let mut fitting = size;
        while fitting > min_size && text_width(text, fitting) > max_width {
            fitting = (fitting - 1.0).max(min_size);
        }
        Label::fitted(text, at, fitting, max_width)
    }

    pub fn anchored(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// The estimated width of the text as drawn.
    pub fn width(&self) -> f64 {
        text_width(&self.text, self.size)
    }
}

/// Estimated width of `text` at font size `size` in the diagram's monospace font.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_EM
}

/// `text` cut with "…" so that it fits `max_width`; the original too when it was cut.
pub fn fit(text: &str, max_width: f64, size: f64) -> (String, Option<String>) {
    if text_width(text, size) <= max_width {
        return (text.to_string(), None);
    }
    let room = (max_width / (size * CHAR_EM)).floor() as usize;
    let kept: String = text.chars().take(room.saturating_sub(1)).collect();
    (format!("{kept}…"), Some(text.to_string()))
}
