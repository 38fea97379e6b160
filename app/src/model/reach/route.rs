//! The route stage: whether a network joins A and the address it asks for, read from the
//! topology alone. The reach stage then shows whether packets really went through.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::plan::Origin;
use crate::model::{Container, Endpoint, Network, Topology};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteFinding {
    pub ok: bool,
    pub reason: String,
    /// The container that has the address now.
    pub owner: Option<String>,
}

/// The running container that has `ip` now, and its endpoint with it.
pub fn owner_of_ip(topology: &Topology, ip: Ipv4Addr) -> Option<(&Container, &Endpoint)> {
    let text = ip.to_string();
    topology.containers.values().find_map(|c| {
        c.endpoints
            .values()
            .find(|e| e.ip() == Some(text.as_str()))
            .map(|e| (c, e))
    })
}

/// A container that had `ip` earlier in this session and has another address (or none) now:
/// the default bridge's lesson, that an IP is not a name.
fn earlier_owner(topology: &Topology, ip: Ipv4Addr) -> Option<&Container> {
    let text = ip.to_string();
    topology.containers.values().find(|c| {
        let had = c.ip_history.iter().any(|r| r.ip == text);
        let has = c.endpoints.values().any(|e| e.ip() == Some(text.as_str()));
        had && !has
    })
}

fn subnets(network: &Network) -> impl Iterator<Item = Ipv4Net> + '_ {
    network
        .subnets
        .iter()
        .filter_map(|s| s.subnet.parse::<Ipv4Net>().ok())
}

fn holds(network: &Network, ip: Ipv4Addr) -> Option<Ipv4Net> {
    subnets(network).find(|net| net.contains(&ip))
}

/// Whether A (or the host) has a network that holds `ip`, and what that means.
pub fn route(topology: &Topology, origin: &Origin, ip: Ipv4Addr) -> RouteFinding {
    let owner = owner_of_ip(topology, ip);
    let mut finding = match (origin, owner) {
        (_, None) => nobody_has(topology, ip),
        (Origin::Host, Some((b, _))) => from_host(topology, ip, b),
        (Origin::Container { id, .. }, Some((b, _))) => match topology.containers.get(id) {
            Some(a) => from_container(topology, a, b, ip),
            None => RouteFinding {
                ok: false,
                reason: "the container asking is gone".into(),
                owner: None,
            },
        },
    };
    finding.owner = owner.map(|(b, _)| b.id.clone());
    if let (Some(earlier), Some((b, _))) = (earlier_owner(topology, ip), owner) {
        finding.reason.push_str(&format!(
            " Note: {ip} belonged to {} earlier; after a restart it went to {}. An IP is not a \
             name: that is why names are used on user-defined networks.",
            earlier.name, b.name
        ));
    }
    finding
}

fn nobody_has(topology: &Topology, ip: Ipv4Addr) -> RouteFinding {
    let reason = match earlier_owner(topology, ip) {
        Some(earlier) => {
            let now = earlier
                .endpoints
                .values()
                .filter_map(|e| e.ip())
                .collect::<Vec<_>>();
            let now = if now.is_empty() {
                "no address now (it is not running)".to_string()
            } else {
                format!("{} now", now.join(", "))
            };
            format!(
                "no container has {ip} now: it was {}'s address, and {} has {now}. A hard-coded \
                 IP breaks when a container restarts.",
                earlier.name, earlier.name
            )
        }
        None => format!("no running container has {ip}"),
    };
    RouteFinding {
        ok: false,
        reason,
        owner: None,
    }
}

fn from_host(topology: &Topology, ip: Ipv4Addr, b: &Container) -> RouteFinding {
    let bridged = topology
        .networks
        .values()
        .filter(|n| n.bridge.is_some())
        .find_map(|n| holds(n, ip).map(|subnet| (n, subnet)));
    match bridged {
        Some((network, subnet)) => RouteFinding {
            ok: true,
            reason: format!(
                "the host is on bridge {} of network {} ({subnet}): it reaches {} at {ip} \
                 directly, without any published port",
                network.bridge.as_deref().unwrap_or("?"),
                network.name,
                b.name
            ),
            owner: None,
        },
        None => RouteFinding {
            ok: false,
            reason: format!(
                "{ip} is on no bridge of this host: {} is on a network without a bridge here",
                b.name
            ),
            owner: None,
        },
    }
}

fn from_container(topology: &Topology, a: &Container, b: &Container, ip: Ipv4Addr) -> RouteFinding {
    let networks: Vec<&Network> = a
        .endpoints
        .keys()
        .filter_map(|id| topology.networks.get(id))
        .collect();
    if networks.iter().any(|n| n.name == "host") {
        let mut finding = from_host(topology, ip, b);
        finding.reason = format!(
            "{} uses the host's network (--network host), so it routes as the host does: {}",
            a.name, finding.reason
        );
        return finding;
    }
    if networks.is_empty() || networks.iter().all(|n| n.name == "none") {
        return fail(format!(
            "{} is on network none: it has only a loopback interface and no route to anything",
            a.name
        ));
    }
    let shared = networks.iter().find_map(|n| {
        let subnet = holds(n, ip)?;
        b.endpoints.contains_key(&n.id).then_some((*n, subnet))
    });
    match shared {
        Some((network, subnet)) => shared_network(a, b, network, subnet),
        None => no_shared_network(topology, a, b, &networks),
    }
}

fn shared_network(
    a: &Container,
    b: &Container,
    network: &Network,
    subnet: Ipv4Net,
) -> RouteFinding {
    if network.enable_icc == Some(false) {
        return fail(format!(
            "{} and {} are both on {} ({subnet}), but that network does not let containers \
             talk to each other (enable_icc=false)",
            a.name, b.name, network.name
        ));
    }
    let bridge = network
        .bridge
        .as_deref()
        .map(|br| format!(": A's packets go out through its veth to bridge {br}, which hands them to B's veth"))
        .unwrap_or_default();
    let internal = if network.internal {
        format!(
            " ({} is internal: its containers reach each other, but nothing outside it)",
            network.name
        )
    } else {
        String::new()
    };
    RouteFinding {
        ok: true,
        reason: format!(
            "{} and {} are both on {} ({subnet}){bridge}{internal}",
            a.name, b.name, network.name
        )
        .replace("A's", &format!("{}'s", a.name))
        .replace("B's", &format!("{}'s", b.name)),
        owner: None,
    }
}

fn no_shared_network(
    topology: &Topology,
    a: &Container,
    b: &Container,
    networks: &[&Network],
) -> RouteFinding {
    let names_of = |c: &Container| {
        c.endpoints
            .keys()
            .filter_map(|id| topology.networks.get(id))
            .map(|n| n.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if networks.iter().all(|n| n.internal) {
        return fail(format!(
            "{} is only on internal network(s) {}: they have no gateway, so nothing outside them \
             is routed, and {} is not on them",
            a.name,
            names_of(a),
            b.name
        ));
    }
    fail(format!(
        "{} (on {}) and {} (on {}) share no network: the packet goes to {}'s gateway, and \
         Docker drops traffic between two bridge networks (its isolation rules)",
        a.name,
        names_of(a),
        b.name,
        names_of(b),
        a.name
    ))
}

fn fail(reason: String) -> RouteFinding {
    RouteFinding {
        ok: false,
        reason,
        owner: None,
    }
}
