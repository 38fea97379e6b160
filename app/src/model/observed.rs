//! What the host's netlink reports about network interfaces, as plain data. The server reads
//! these (the host's own links, and the links inside each container's network namespace); the
//! pure functions in `wiring` turn them into bridges and veth pairs.

use serde::{Deserialize, Serialize};

use super::LinkCounters;

/// One network interface in one network namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedLink {
    pub name: String,
    pub ifindex: u32,
    /// The link kind netlink reports: `bridge`, `veth`, … (none for loopback or physical).
    pub kind: Option<String>,
    /// IFLA_MASTER: the bridge this interface is a port of.
    pub controller: Option<u32>,
    /// IFLA_LINK: for a veth, its peer's ifindex (in the peer's namespace).
    pub peer_ifindex: Option<u32>,
    /// Lower-case `aa:bb:cc:dd:ee:ff`.
    pub mac: Option<String>,
    pub up: bool,
    pub carrier: bool,
    pub mtu: u32,
    pub counters: LinkCounters,
    /// IPv4 addresses with prefix.
    pub ipv4: Vec<String>,
}

impl ObservedLink {
    pub fn is_kind(&self, kind: &str) -> bool {
        self.kind.as_deref() == Some(kind)
    }
}

/// The links inside one container's network namespace, or why they could not be read.
pub type NamespaceLinks = Result<Vec<ObservedLink>, String>;
