//! The pure model: plain data built from what the Docker adapter and the host's netlink read,
//! with no I/O. The server and the browser share these types, so they are serde-friendly and
//! cheap to clone. [`Topology`] is one snapshot; [`diff`] and [`apply`] move between snapshots;
//! [`change_log`] tells what changed in words a student understands.

mod changelog;
mod diff;
mod engine;
mod history;
mod lab;
pub mod lesson;
mod network;
mod observed;
pub mod reach;
mod run;
mod stream;
mod topology;
mod wiring;

pub use changelog::{change_log, ChangeLine, Subject};
pub use diff::{apply, diff, Delta, DeltaError, Keyed, MapDelta};
pub use engine::EngineStatus;
pub use history::carry_ip_history;
pub use lab::{
    network_command, shell_word, validate_key, validate_name, validate_network, LabError, NameKind,
    NetworkRequest, ValidNetwork, LAB_LABEL, MAX_NAME_LEN,
};
pub use network::{bridge_name, gateways_of, IpamSubnet, Network, BRIDGE_NAME_OPTION};
pub use observed::{NamespaceLinks, ObservedLink};
pub use run::{
    parse_command, parse_publish, run_command, suggested_command, validate_run, LinkRequest,
    Publish, RunError, RunRequest, ValidLink, ValidRun, DEFAULT_NETWORK, KEEP_RUNNING,
};
pub use stream::{Snapshot, Update};
pub use topology::{
    Bridge, Container, ContainerState, Endpoint, IpRecord, LegacyLink, LinkCounters, PortMapping,
    Topology, VethLink, VethPair,
};
pub use wiring::{bridges_of, veth_pairs};
