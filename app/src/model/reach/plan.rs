//! What a probe request means in the current topology: who asks (a running container or the
//! host), what is asked for (an address, or a name the engine knows), and how A would first
//! try to turn that name into an address, from its own files.

use std::net::Ipv4Addr;

use super::files::{HostsLine, ResolverConfig};
use super::{ProbeRefusal, ProbeRequest, HOST};
use crate::model::{validate_name, Container, NameKind, Topology};

/// Who asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The Docker host itself, in its own network namespace.
    Host,
    Container {
        id: String,
        name: String,
    },
}

impl Origin {
    pub fn label(&self) -> &str {
        match self {
            Origin::Host => "the host",
            Origin::Container { name, .. } => name,
        }
    }
}

/// What is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Ip(Ipv4Addr),
    /// A container name, a network alias or a link alias that some container carries.
    Name(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbePlan {
    pub origin: Origin,
    pub target: Target,
    /// The port asked for, if any.
    pub port: Option<u16>,
}

/// Checks a request against the topology. Names that no container, alias or link carries are
/// refused: Docker's DNS would forward them to the outside resolvers.
pub fn plan(topology: &Topology, request: &ProbeRequest) -> Result<ProbePlan, ProbeRefusal> {
    let from = request.from.trim();
    let to = request.to.trim();
    if from.is_empty() || to.is_empty() {
        return Err(ProbeRefusal::Empty);
    }
    let origin = origin_of(topology, from)?;
    let target = match to.parse::<Ipv4Addr>() {
        Ok(ip) => Target::Ip(ip),
        Err(_) => {
            validate_name(NameKind::Alias, to).map_err(|_| ProbeRefusal::BadName(short(to)))?;
            if !is_known_name(topology, to) {
                return Err(ProbeRefusal::OutsideName(to.to_string()));
            }
            Target::Name(to.to_string())
        }
    };
    Ok(ProbePlan {
        origin,
        target,
        port: request.port,
    })
}

fn origin_of(topology: &Topology, from: &str) -> Result<Origin, ProbeRefusal> {
    if from == HOST {
        return Ok(Origin::Host);
    }
    validate_name(NameKind::Container, from).map_err(|_| ProbeRefusal::BadName(short(from)))?;
    let container = topology
        .container_by_name(from)
        .ok_or_else(|| ProbeRefusal::NoSuchOrigin(from.to_string()))?;
    if !container.is_running() {
        return Err(ProbeRefusal::OriginStopped(container.name.clone()));
    }
    Ok(Origin::Container {
        id: container.id.clone(),
        name: container.name.clone(),
    })
}

/// A shortened copy of a refused input, so an answer never repeats a huge request.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Whether some container of the topology is known under `name`: its own name, an alias or
/// DNS name on one of its networks, or the alias another container's link gives it.
fn is_known_name(topology: &Topology, name: &str) -> bool {
    topology.containers.values().any(|c| {
        names_of(c).any(|n| n.eq_ignore_ascii_case(name))
            || c.links.iter().any(|l| l.alias.eq_ignore_ascii_case(name))
    })
}

/// The names a container answers to on its networks: its own, its aliases and DNS names.
pub(super) fn names_of(container: &Container) -> impl Iterator<Item = &str> {
    let own = std::iter::once(container.name.as_str());
    let endpoint_names = container
        .endpoints
        .values()
        .flat_map(|e| e.aliases.iter().chain(e.dns_names.iter()))
        .map(String::as_str);
    own.chain(endpoint_names)
}

/// How A first tries to turn `to` into an address, from its own files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalAnswer {
    /// `to` is an address.
    Ip(Ipv4Addr),
    /// A line of A's `/etc/hosts` answers it.
    Hosts(HostsLine),
    /// Not in the hosts file; A asks Docker's embedded DNS (it is in resolv.conf).
    AskEmbeddedDns,
    /// Not in the hosts file, and A's resolver is another one: it knows no container names.
    OtherResolver(Vec<String>),
    /// The host: not in its hosts file, and the host never asks Docker's DNS.
    HostResolver,
}

pub fn resolve_locally(
    plan: &ProbePlan,
    hosts: &[HostsLine],
    resolver: &ResolverConfig,
) -> LocalAnswer {
    let name = match &plan.target {
        Target::Ip(ip) => return LocalAnswer::Ip(*ip),
        Target::Name(name) => name,
    };
    if let Some(line) = hosts.iter().find(|l| l.answers(name)) {
        return LocalAnswer::Hosts(line.clone());
    }
    match plan.origin {
        Origin::Host => LocalAnswer::HostResolver,
        Origin::Container { .. } if resolver.asks_embedded_dns() => LocalAnswer::AskEmbeddedDns,
        Origin::Container { .. } => LocalAnswer::OtherResolver(resolver.nameservers.clone()),
    }
}

/// Marks the lines of `container`'s hosts file that its legacy links wrote: Docker writes
/// `IP alias id target` for each `--link target:alias`.
pub fn mark_link_lines(container: &Container, hosts: &mut [HostsLine]) {
    for line in hosts.iter_mut() {
        line.from_link = container
            .links
            .iter()
            .find(|link| line.answers(&link.alias) && line.answers(&link.target))
            .map(|link| link.alias.clone());
    }
}
