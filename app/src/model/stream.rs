//! What the server streams to browsers and scripts: first a [`Snapshot`], then [`Update`]s.

use serde::{Deserialize, Serialize};

use super::{ChangeLine, Delta, Topology};

/// The whole state, with the latest change-log lines (oldest first) for the timeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub topology: Topology,
    pub log: Vec<ChangeLine>,
}

/// One step from `delta.from_version` to `delta.to_version`, with what it means in words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Update {
    pub delta: Delta,
    pub log: Vec<ChangeLine>,
}
