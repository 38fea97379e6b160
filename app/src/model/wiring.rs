//! Joins Docker's view with the kernel's: which host bridge each network uses, and which veth
//! pair wires each container endpoint to it. Pure functions over plain data.
//!
//! How a pair is found: inside the container's namespace, the interface whose MAC equals the
//! endpoint's MAC (never by `ethN` order: after a restart Docker numbers interfaces by network
//! name); its IFLA_LINK is the host peer's ifindex; the host peer's IFLA_MASTER is the bridge.

use std::collections::BTreeMap;

use super::observed::{NamespaceLinks, ObservedLink};
use super::{Bridge, Container, Network, VethLink, VethPair};

/// The bridges of Docker's bridge networks, as the host reports them.
pub fn bridges_of<'a>(
    networks: impl IntoIterator<Item = &'a Network>,
    host_links: &[ObservedLink],
) -> BTreeMap<String, Bridge> {
    networks
        .into_iter()
        .filter_map(|network| network.bridge.as_deref())
        .filter_map(|name| host_links.iter().find(|l| l.name == name))
        .map(|link| (link.name.clone(), bridge_from(link)))
        .collect()
}

fn bridge_from(link: &ObservedLink) -> Bridge {
    Bridge {
        name: link.name.clone(),
        ifindex: link.ifindex,
        up: link.up,
        carrier: link.carrier,
        mtu: link.mtu,
        ipv4: link.ipv4.clone(),
        counters: link.counters,
    }
}

/// Every veth pair of the running containers' endpoints on bridge networks. `namespaces` holds
/// each container's links (or why they are unknown) by container id.
pub fn veth_pairs<'a>(
    containers: impl IntoIterator<Item = &'a Container>,
    networks: &BTreeMap<String, Network>,
    namespaces: &BTreeMap<String, NamespaceLinks>,
    host_links: &[ObservedLink],
) -> BTreeMap<String, VethPair> {
    let mut pairs = BTreeMap::new();
    for container in containers.into_iter().filter(|c| c.is_running()) {
        for (network_id, endpoint) in &container.endpoints {
            let on_bridge = networks.get(network_id).is_some_and(|n| n.bridge.is_some());
            if !on_bridge {
                continue;
            }
            let link = match namespaces.get(&container.id) {
                Some(Ok(links)) => find_pair(endpoint.mac.as_deref(), links, host_links),
                Some(Err(reason)) => VethLink::Unknown {
                    reason: reason.clone(),
                },
                None => VethLink::Unknown {
                    reason: "the container's network namespace was not read".into(),
                },
            };
            let pair = VethPair {
                container_id: container.id.clone(),
                network_id: network_id.clone(),
                link,
            };
            pairs.insert(VethPair::key_of(&container.id, network_id), pair);
        }
    }
    pairs
}

fn find_pair(mac: Option<&str>, inside: &[ObservedLink], host: &[ObservedLink]) -> VethLink {
    let unknown = |reason: String| VethLink::Unknown { reason };
    let Some(mac) = mac.map(str::to_ascii_lowercase).filter(|m| !m.is_empty()) else {
        return unknown("Docker reports no MAC address for this endpoint".into());
    };
    let Some(local) = inside.iter().find(|l| l.mac.as_deref() == Some(&mac)) else {
        return unknown(format!("no interface with MAC {mac} in the container"));
    };
    let Some(peer_index) = local.peer_ifindex.filter(|&i| i != local.ifindex) else {
        return unknown(format!("{} has no peer on the host", local.name));
    };
    let Some(peer) = host.iter().find(|l| l.ifindex == peer_index) else {
        return unknown(format!(
            "{}'s peer (ifindex {peer_index}) is not in the host's namespace",
            local.name
        ));
    };
    let Some(bridge) = peer
        .controller
        .and_then(|index| host.iter().find(|l| l.ifindex == index))
    else {
        return unknown(format!("{} is not attached to a bridge", peer.name));
    };
    VethLink::Mapped {
        host_ifname: peer.name.clone(),
        host_ifindex: peer.ifindex,
        bridge: bridge.name.clone(),
        container_ifname: local.name.clone(),
        container_ifindex: local.ifindex,
        mac,
    }
}
