//! One snapshot of a host's container networking: bridges, networks, containers with their
//! endpoints, ports and links, and the veth pairs that wire containers to bridges.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{EngineStatus, Network};

/// Everything the dashboard knows at one version. Maps are keyed by a stable id, so two
/// snapshots compare entity by entity: bridges by name, networks and containers by Docker id,
/// veth pairs by `container id/network id`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Topology {
    /// Grows by one with every published change; deltas name the versions they join.
    pub version: u64,
    pub engine: EngineStatus,
    pub bridges: BTreeMap<String, Bridge>,
    pub networks: BTreeMap<String, Network>,
    pub containers: BTreeMap<String, Container>,
    pub veths: BTreeMap<String, VethPair>,
}

impl Topology {
    pub fn network_by_name(&self, name: &str) -> Option<&Network> {
        self.networks.values().find(|n| n.name == name)
    }

    pub fn container_by_name(&self, name: &str) -> Option<&Container> {
        self.containers.values().find(|c| c.name == name)
    }

    /// The names of the running containers, sorted.
    pub fn running_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .containers
            .values()
            .filter(|c| c.is_running())
            .map(|c| c.name.clone())
            .collect();
        names.sort();
        names
    }

    /// The same snapshot without the version, for comparing content.
    pub fn same_content(&self, other: &Topology) -> bool {
        self.engine == other.engine
            && self.bridges == other.bridges
            && self.networks == other.networks
            && self.containers == other.containers
            && self.veths == other.veths
    }
}

/// A Linux bridge on the host, as netlink reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bridge {
    pub name: String,
    pub ifindex: u32,
    /// Administratively up (IFF_UP).
    pub up: bool,
    /// Has carrier (IFF_LOWER_UP): false for a bridge with no port attached.
    pub carrier: bool,
    pub mtu: u32,
    /// IPv4 addresses with prefix, e.g. `172.17.0.1/16`: the gateway containers use.
    pub ipv4: Vec<String>,
    pub counters: LinkCounters,
}

/// Byte and packet counters of an interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LinkCounters {
    pub rx_bytes: u64,
    pub tx_bytes: u64,
    pub rx_packets: u64,
    pub tx_packets: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerState {
    #[default]
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}

impl ContainerState {
    /// Docker's state word (`running`, `exited`, …); unknown words count as `created`.
    pub fn from_docker(word: &str) -> Self {
        match word {
            "running" => ContainerState::Running,
            "paused" => ContainerState::Paused,
            "restarting" => ContainerState::Restarting,
            "removing" => ContainerState::Removing,
            "exited" => ContainerState::Exited,
            "dead" => ContainerState::Dead,
            _ => ContainerState::Created,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContainerState::Created => "created",
            ContainerState::Running => "running",
            ContainerState::Paused => "paused",
            ContainerState::Restarting => "restarting",
            ContainerState::Removing => "removing",
            ContainerState::Exited => "exited",
            ContainerState::Dead => "dead",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Container {
    pub id: String,
    /// Without Docker's leading slash.
    pub name: String,
    pub image: String,
    pub state: ContainerState,
    /// `healthy`, `unhealthy`, `starting`, or none without a health check.
    pub health: Option<String>,
    pub started_at: Option<String>,
    pub restart_count: i64,
    /// One endpoint per attached network, keyed by network id.
    pub endpoints: BTreeMap<String, Endpoint>,
    pub ports: Vec<PortMapping>,
    pub links: Vec<LegacyLink>,
    pub labels: BTreeMap<String, String>,
    /// Every IP this container had during this session, oldest first.
    pub ip_history: Vec<IpRecord>,
}

impl Container {
    pub fn is_running(&self) -> bool {
        self.state == ContainerState::Running
    }

    /// The endpoint on the network called `network_name`.
    pub fn endpoint_on(&self, network_name: &str) -> Option<&Endpoint> {
        self.endpoints
            .values()
            .find(|e| e.network_name == network_name)
    }
}

/// A container's attachment to one network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Endpoint {
    pub network_id: String,
    pub network_name: String,
    /// IPv4 address with prefix, e.g. `172.18.0.2/16`; none while the container is stopped.
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub mac: Option<String>,
    pub gateway: Option<String>,
    pub aliases: Vec<String>,
    /// Names Docker's embedded DNS answers for this endpoint.
    pub dns_names: Vec<String>,
}

impl Endpoint {
    /// The IPv4 address without its prefix.
    pub fn ip(&self) -> Option<&str> {
        self.ipv4
            .as_deref()
            .map(|a| a.split('/').next().unwrap_or(a))
    }
}

/// A published port: `host_ip:host_port -> container_port/protocol`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PortMapping {
    pub host_ip: String,
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: String,
}

/// A legacy `--link`: this container reaches `target` under `alias` (through /etc/hosts).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LegacyLink {
    /// The linked container's name.
    pub target: String,
    pub alias: String,
    /// The network the link was made on (`None`: the default bridge, `HostConfig.Links`).
    pub network: Option<String>,
}

/// An address a container had on a network, and the topology version it appeared at.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IpRecord {
    pub network: String,
    pub ip: String,
    pub since_version: u64,
}

/// The veth pair that wires one container endpoint to its bridge.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VethPair {
    pub container_id: String,
    pub network_id: String,
    pub link: VethLink,
}

impl VethPair {
    pub fn key_of(container_id: &str, network_id: &str) -> String {
        format!("{container_id}/{network_id}")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum VethLink {
    /// Both ends found: the container's interface (matched by MAC) and its host peer.
    Mapped {
        host_ifname: String,
        host_ifindex: u32,
        bridge: String,
        container_ifname: String,
        container_ifindex: u32,
        mac: String,
    },
    /// The server cannot see this pair; nothing is guessed.
    Unknown { reason: String },
}
