//! How a container finds names: its nameservers, its `/etc/hosts` lines (marking those that
//! links wrote), and which names of other containers it can resolve, and why or why not.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::files::{HostsLine, ResolverConfig, EMBEDDED_DNS};
use crate::model::{Container, Topology};

/// One name and whether the container can resolve it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameFact {
    pub name: String,
    /// What it resolves to (or would, by IP).
    pub ip: Option<String>,
    pub why: String,
}

/// `GET /api/containers/{name}/names`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameView {
    pub container: String,
    pub nameservers: Vec<String>,
    pub search: Vec<String>,
    pub embedded_dns: bool,
    pub hosts: Vec<HostsLine>,
    pub resolvable: Vec<NameFact>,
    pub unresolvable: Vec<NameFact>,
}

/// Networks whose names Docker's embedded DNS serves (not the default bridge, host or none).
fn is_user_defined(network_name: &str) -> bool {
    !matches!(network_name, "bridge" | "host" | "none")
}

/// The names of every other container, each with the network it could be resolved on.
fn others_names<'a>(
    topology: &'a Topology,
    a: &'a Container,
) -> BTreeMap<(String, String), Candidate<'a>> {
    let mut names = BTreeMap::new();
    for b in topology.containers.values().filter(|b| b.id != a.id) {
        for e in b.endpoints.values() {
            let own = std::iter::once(&b.name);
            for name in own.chain(&e.aliases).chain(&e.dns_names) {
                let entry = names
                    .entry((name.to_lowercase(), b.name.clone()))
                    .or_insert(Candidate {
                        name,
                        owner: b,
                        on: Vec::new(),
                    });
                entry
                    .on
                    .push((e.network_id.as_str(), e.network_name.as_str(), e.ip()));
            }
        }
    }
    names
}

struct Candidate<'a> {
    name: &'a str,
    owner: &'a Container,
    /// (network id, network name, ip) where `owner` carries `name`.
    on: Vec<(&'a str, &'a str, Option<&'a str>)>,
}

pub fn name_view(
    topology: &Topology,
    a: &Container,
    resolver: &ResolverConfig,
    hosts: Vec<HostsLine>,
) -> NameView {
    let embedded = resolver.asks_embedded_dns();
    let mut view = NameView {
        container: a.name.clone(),
        nameservers: resolver.nameservers.clone(),
        search: resolver.search.clone(),
        embedded_dns: embedded,
        hosts,
        ..NameView::default()
    };
    for candidate in others_names(topology, a).into_values() {
        let fact = judge(&view, a, embedded, &candidate);
        match fact {
            (true, fact) => view.resolvable.push(fact),
            (false, fact) => view.unresolvable.push(fact),
        }
    }
    view
}

fn judge(view: &NameView, a: &Container, embedded: bool, c: &Candidate) -> (bool, NameFact) {
    let name = c.name.to_string();
    if let Some(line) = view.hosts.iter().find(|l| l.answers(c.name)) {
        let why = match &line.from_link {
            Some(alias) => format!("/etc/hosts, the line a --link wrote (alias {alias})"),
            None => "/etc/hosts".to_string(),
        };
        let ip = Some(line.ip.clone());
        return (true, NameFact { name, ip, why });
    }
    let shared =
        c.on.iter()
            .find(|(id, net, _)| is_user_defined(net) && a.endpoints.contains_key(*id));
    let any_ip = c.on.iter().find_map(|(_, _, ip)| ip.map(str::to_string));
    match shared {
        Some((_, net, ip)) if embedded => {
            let why = format!("Docker's DNS ({EMBEDDED_DNS}) of network {net}");
            (
                true,
                NameFact {
                    name,
                    ip: ip.map(str::to_string),
                    why,
                },
            )
        }
        _ if !embedded => {
            let ns = if view.nameservers.is_empty() {
                "no nameserver".to_string()
            } else {
                view.nameservers.join(", ")
            };
            let why = format!(
                "{} asks {ns}, a copy of the host's resolver (default bridge: no embedded DNS), \
                 which knows no container names",
                a.name
            );
            (
                false,
                NameFact {
                    name,
                    ip: any_ip,
                    why,
                },
            )
        }
        _ if c.on.iter().any(|(id, _, _)| a.endpoints.contains_key(*id)) => {
            let why = format!(
                "{} shares only the default bridge with {}, and Docker's DNS serves no names                  there",
                c.owner.name, a.name
            );
            (
                false,
                NameFact {
                    name,
                    ip: any_ip,
                    why,
                },
            )
        }
        _ => {
            let nets: Vec<&str> = c.on.iter().map(|(_, net, _)| *net).collect();
            let why = format!(
                "{} is on {}, which {} is not on (Docker's DNS answers names of its own \
                 user-defined networks only)",
                c.owner.name,
                nets.join(", "),
                a.name
            );
            (
                false,
                NameFact {
                    name,
                    ip: any_ip,
                    why,
                },
            )
        }
    }
}
