//! What the server streams to browsers and scripts: first a [`Snapshot`], then [`Update`]s.

use serde::{Deserialize, Serialize};

use super::{ChangeLine, Delta, Topology};
use crate::layout::LayoutMemory;

/// The whole state, with the latest change-log lines (oldest first) for the timeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub topology: Topology,
    pub log: Vec<ChangeLine>,
    /// Where the server's layout has placed every card and bar so far (after this topology).
    /// A page starts its diagram from it, so a reload, or a second screen, shows every card
    /// where the class has been seeing it, not re-packed.
    #[serde(default)]
    pub places: LayoutMemory,
    /// Which run of the server published it (a number drawn at start): versions count from 1
    /// again after a restart, so a version alone does not name a state.
    #[serde(default)]
    pub instance: u64,
}

/// One step from `delta.from_version` to `delta.to_version`, with what it means in words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Update {
    pub delta: Delta,
    pub log: Vec<ChangeLine>,
}
