//! The pure model: plain data built from what the Docker adapter read, with no I/O.
//! Both the server and the browser use these types, so they are serde-friendly and cheap to clone.

mod engine;
mod network;

pub use engine::EngineStatus;
pub use network::{bridge_name, IpamSubnet, NetworkSummary};

use serde::{Deserialize, Serialize};

/// What the dashboard knows at one moment: the state of the engine connection and the networks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub engine: EngineStatus,
    pub networks: Vec<NetworkSummary>,
}
