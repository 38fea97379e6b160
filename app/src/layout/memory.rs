//! Remembered places. Each card and bar takes a slot in a fixed grid and keeps it for as long as
//! it exists, so the picture a class is looking at does not reshuffle when one container starts
//! or stops. A removed container frees its slot; its memory stays (bounded), so when it comes
//! back under the same name it takes the old slot again if nobody has taken it meanwhile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::metrics::MAX_ABSENT;

/// No grid grows past this many rows (about 25 000 cards).
const MAX_ROW: u32 = 1 << 17;
use super::types::Zone;

/// What the layout remembers between two calls. Start from `LayoutMemory::default()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutMemory {
    /// Card slots by container name (a re-created container keeps its name, not its id).
    pub cards: BTreeMap<String, Slot>,
    /// Bar slots by bridge name (`row` is the bar's position from the left).
    pub bars: BTreeMap<String, Slot>,
}

/// A place in a zone's grid: a column, a first row (in grid units) and a height in rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub zone: Zone,
    pub col: u32,
    pub row: u32,
    pub span: u32,
    /// Whether its owner was there at the last layout.
    pub present: bool,
    /// The topology version its owner was last seen at.
    pub last_seen: u64,
}

/// Something asking for a place: its memory key, zone and height in rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub key: String,
    pub zone: Zone,
    pub span: u32,
}

/// Which cells of one zone are taken, column by column.
struct Grid {
    columns: Vec<Vec<bool>>,
}

impl Grid {
    fn new(columns: u32) -> Self {
        Grid {
            columns: vec![Vec::new(); columns.max(1) as usize],
        }
    }

    fn is_free(&self, col: u32, row: u32, span: u32) -> bool {
        let Some(cells) = self.columns.get(col as usize) else {
            return false;
        };
        if row > MAX_ROW {
            return false; // a remembered place from a corrupt memory
        }
        (row..row + span).all(|r| !cells.get(r as usize).copied().unwrap_or(false))
    }

    fn claim(&mut self, col: u32, row: u32, span: u32) {
        if let Some(cells) = self.columns.get_mut(col as usize) {
            let end = (row + span) as usize;
            if cells.len() < end {
                cells.resize(end, false);
            }
            cells[row as usize..end].fill(true);
        }
    }

    /// The first place, row by row and left to right, with `span` free rows.
    fn first_free(&self, span: u32) -> (u32, u32) {
        let mut row = 0;
        loop {
            for col in 0..self.columns.len() as u32 {
                if self.is_free(col, row, span) {
                    return (col, row);
                }
            }
            row += 1;
        }
    }
}

/// Places every request, given what `remembered` holds. `columns[0]` is the bridged grid's
/// width, `columns[1]` the other area's. Returns the new memory for these keys: every request
/// placed (present), and the most recently seen absent ones kept for their return.
pub fn place(
    requests: &[Request],
    remembered: &BTreeMap<String, Slot>,
    columns: [u32; 2],
    version: u64,
) -> BTreeMap<String, Slot> {
    let mut grids = [Grid::new(columns[0]), Grid::new(columns[1])];
    let mut placed: BTreeMap<String, Slot> = BTreeMap::new();
    // Pass 0: stayed and did not grow; 1: stayed and grew; 2: came back.
    for pass in 0..3 {
        for request in requests {
            if placed.contains_key(&request.key) {
                continue;
            }
            let Some(old) = remembered
                .get(&request.key)
                .filter(|s| s.zone == request.zone)
            else {
                continue;
            };
            let wanted = match pass {
                0 => old.present && request.span <= old.span,
                1 => old.present,
                _ => true,
            };
            let grid = &mut grids[zone_index(request.zone)];
            if wanted && grid.is_free(old.col, old.row, request.span) {
                grid.claim(old.col, old.row, request.span);
                placed.insert(
                    request.key.clone(),
                    slot(request, old.col, old.row, version),
                );
            }
        }
    }
    for request in requests {
        if placed.contains_key(&request.key) {
            continue;
        }
        let grid = &mut grids[zone_index(request.zone)];
        let (col, row) = grid.first_free(request.span);
        grid.claim(col, row, request.span);
        placed.insert(request.key.clone(), slot(request, col, row, version));
    }
    keep_absent(&mut placed, remembered);
    placed
}

fn slot(request: &Request, col: u32, row: u32, version: u64) -> Slot {
    Slot {
        zone: request.zone,
        col,
        row,
        span: request.span,
        present: true,
        last_seen: version,
    }
}

fn zone_index(zone: Zone) -> usize {
    match zone {
        Zone::Bridged => 0,
        Zone::Other => 1,
    }
}

/// Keeps the [`MAX_ABSENT`] most recently seen absent slots, marked absent.
fn keep_absent(placed: &mut BTreeMap<String, Slot>, remembered: &BTreeMap<String, Slot>) {
    let mut absent: Vec<(&String, &Slot)> = remembered
        .iter()
        .filter(|(key, _)| !placed.contains_key(*key))
        .collect();
    absent.sort_by(|a, b| b.1.last_seen.cmp(&a.1.last_seen).then(a.0.cmp(b.0)));
    for (key, old) in absent.into_iter().take(MAX_ABSENT) {
        let kept = Slot {
            present: false,
            ..*old
        };
        placed.insert(key.clone(), kept);
    }
}
