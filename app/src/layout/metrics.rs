//! The diagram's fixed sizes, in px at scale 1. Chosen for a projector: body text is 18 px and
//! a two-column lab fits 1280x720 at about 0.8 scale. Fixed sizes are also what keeps places
//! stable: a slot's position never depends on how many other cards there are.

/// Width of one character as a share of the font size (DejaVu Sans Mono, Menlo: 0.6).
pub const CHAR_EM: f64 = 0.6;

pub const MARGIN: f64 = 24.0;
pub const FRAME_PAD: f64 = 24.0;
pub const FRAME_TITLE_H: f64 = 44.0;

/// How many colours networks take turns in (the page's stylesheet has one per theme).
pub const HUES: u32 = 6;
pub const FONT_TITLE: f64 = 20.0;
pub const FONT_BODY: f64 = 18.0;
pub const FONT_SMALL: f64 = 15.0;
pub const FONT_LABEL: f64 = 14.0;
/// The smallest text: an address change ("old -> new") shrinks down to it to be read whole.
pub const FONT_MIN: f64 = 12.0;
/// How much larger card names and addresses are in projector mode (`LayoutOptions::large_text`):
/// enough for 18 px names at 1280x720 with 8 containers (docs/BENCHMARKS.md, "Projector screen").
pub const LARGE_TEXT: f64 = 1.45;
/// Space between a box's edge and its text.
pub const TEXT_PAD: f64 = 12.0;

pub const CARD_W: f64 = 360.0;
/// The space left of each card column, where wires run up to the channel.
pub const GUTTER: f64 = 140.0;
/// One column of the bridged grid: its gutter and its card.
pub const SLOT_W: f64 = CARD_W + GUTTER;
/// The shape the bridged grid widens towards as cards come (width / height), a projector's.
pub const GRID_ASPECT: f64 = 1.6;
/// The vertical grid step: cards take a whole number of units.
pub const UNIT_H: f64 = 24.0;
pub const CARD_GAP_V: f64 = 24.0;
pub const CARD_HEADER_H: f64 = 58.0;
/// One endpoint row: interface and address, MAC and network, DNS names.
pub const ROW_H: f64 = 68.0;
pub const EMPTY_ROW_H: f64 = 30.0;
pub const CARD_PAD_B: f64 = 8.0;

pub const BAR_PITCH: f64 = SLOT_W / 2.0;
pub const BAR_W: f64 = BAR_PITCH - 18.0;
pub const BAR_H: f64 = 84.0;

/// Horizontal lanes in the channel between the bars and the cards (bars share lanes beyond).
pub const LANES: u32 = 6;
pub const LANE_X0: f64 = 14.0;
pub const LANE_STEP: f64 = 8.0;
pub const CHANNEL_PAD: f64 = 16.0;
pub const CHANNEL_H: f64 = 2.0 * CHANNEL_PAD + (LANES - 1) as f64 * LANE_STEP;

pub const AREA_GAP: f64 = 40.0;
pub const AREA_PAD: f64 = 20.0;
pub const AREA_TITLE_H: f64 = 44.0;
pub const AREA_COL_GAP: f64 = 30.0;
pub const CHIP_H: f64 = 56.0;
pub const CHIP_GAP: f64 = 10.0;

pub const BADGE_H: f64 = 36.0;
pub const BADGE_GAP: f64 = 12.0;
/// Height of the grid when it has no card, so the frame never collapses.
pub const MIN_GRID_H: f64 = 120.0;
/// How many absent containers and bridges the memory keeps places for.
pub const MAX_ABSENT: usize = 256;
