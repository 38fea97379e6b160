//! The change log: what happened between two snapshots, in sentences a student understands
//! ("web restarted: IP on app 172.18.0.3 -> 172.18.0.5"). Each line names the entities it is
//! about, so the page can highlight them.

use serde::{Deserialize, Serialize};

use super::history::previous_ip;
use super::{Container, ContainerState, Endpoint, Topology, VethLink, VethPair};

/// What a change-log line is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Engine,
    Bridge(String),
    Network(String),
    Container(String),
    Veth(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    /// The topology version this change arrived with.
    pub version: u64,
    pub text: String,
    pub subjects: Vec<Subject>,
}

/// The change log from `before` to `after` (`after` must carry its IP history already).
pub fn change_log(before: &Topology, after: &Topology) -> Vec<ChangeLine> {
    let mut log = Log {
        version: after.version,
        lines: Vec::new(),
    };
    engine_lines(before, after, &mut log);
    network_lines(before, after, &mut log);
    bridge_lines(before, after, &mut log);
    container_lines(before, after, &mut log);
    log.lines
}

struct Log {
    version: u64,
    lines: Vec<ChangeLine>,
}

impl Log {
    fn push(&mut self, text: String, subjects: Vec<Subject>) {
        self.lines.push(ChangeLine {
            version: self.version,
            text,
            subjects,
        });
    }
}

fn engine_lines(before: &Topology, after: &Topology, log: &mut Log) {
    if before.engine != after.engine {
        log.push(after.engine.headline(), vec![Subject::Engine]);
    }
}

fn network_lines(before: &Topology, after: &Topology, log: &mut Log) {
    for (id, network) in &after.networks {
        if before.networks.contains_key(id) {
            continue;
        }
        let mut facts = vec![network.driver.clone()];
        facts.extend(network.subnets.iter().map(|s| s.subnet.clone()));
        if let Some(bridge) = &network.bridge {
            facts.push(format!("bridge {bridge}"));
        }
        log.push(
            format!("network {} created ({})", network.name, facts.join(", ")),
            vec![Subject::Network(id.clone())],
        );
    }
    for (id, network) in &before.networks {
        if !after.networks.contains_key(id) {
            log.push(
                format!("network {} removed", network.name),
                vec![Subject::Network(id.clone())],
            );
        }
    }
}

fn bridge_lines(before: &Topology, after: &Topology, log: &mut Log) {
    for (name, bridge) in &after.bridges {
        let Some(old) = before.bridges.get(name) else {
            continue;
        };
        if old.carrier != bridge.carrier {
            let text = if bridge.carrier {
                format!("{name} has carrier: a port is attached and up")
            } else {
                format!("{name} lost carrier: no port attached")
            };
            log.push(text, vec![Subject::Bridge(name.clone())]);
        }
        if old.up != bridge.up {
            let state = if bridge.up { "up" } else { "down" };
            log.push(
                format!("{name} is {state}"),
                vec![Subject::Bridge(name.clone())],
            );
        }
    }
}

fn container_lines(before: &Topology, after: &Topology, log: &mut Log) {
    for (id, container) in &after.containers {
        match before.containers.get(id) {
            None => {
                let verb = if container.is_running() {
                    "started"
                } else {
                    "created"
                };
                log.push(
                    format!("{} {verb} ({})", container.name, container.image),
                    vec![Subject::Container(id.clone())],
                );
                connect_lines(container, &Container::default(), after, log);
            }
            Some(old) => {
                let restarted = restarted(old, container);
                let ip_lines = address_lines(old, container, restarted, log);
                if ip_lines == 0 {
                    state_line(old, container, restarted, log);
                }
                connect_lines(container, old, after, log);
                disconnect_lines(container, old, log);
                veth_lines(before, after, container, old, log);
            }
        }
    }
    for (id, container) in &before.containers {
        if !after.containers.contains_key(id) {
            log.push(
                format!("{} removed", container.name),
                vec![Subject::Container(id.clone())],
            );
        }
    }
}

/// Running again with a new start time (a stop and a start, or `docker restart`).
fn restarted(old: &Container, new: &Container) -> bool {
    new.is_running() && (old.started_at != new.started_at || !old.is_running())
}

fn state_line(old: &Container, new: &Container, restarted: bool, log: &mut Log) {
    let text = match (old.state, new.state) {
        (ContainerState::Running, ContainerState::Running) if restarted => "restarted",
        (ContainerState::Paused, ContainerState::Running) => "unpaused",
        (_, ContainerState::Running) if old.state != new.state => "started",
        (ContainerState::Running, ContainerState::Exited | ContainerState::Dead) => "stopped",
        (_, ContainerState::Paused) if old.state != new.state => "paused",
        (_, ContainerState::Restarting) if old.state != new.state => "is restarting",
        _ => return,
    };
    log.push(
        format!("{} {text}", new.name),
        vec![Subject::Container(new.id.clone())],
    );
}

/// Lines for endpoints that kept their network but got another address. Returns how many.
fn address_lines(old: &Container, new: &Container, restarted: bool, log: &mut Log) -> usize {
    let mut count = 0;
    for (network_id, endpoint) in &new.endpoints {
        let Some(old_endpoint) = old.endpoints.get(network_id) else {
            continue;
        };
        let Some(ip) = endpoint.ip() else { continue };
        let was = old_endpoint
            .ip()
            .or_else(|| previous_ip(&new.ip_history, &endpoint.network_name));
        let Some(was) = was.filter(|was| *was != ip) else {
            continue;
        };
        let what = if restarted {
            format!("{} restarted", new.name)
        } else {
            new.name.clone()
        };
        log.push(
            format!("{what}: IP on {} {was} -> {ip}", endpoint.network_name),
            vec![Subject::Container(new.id.clone())],
        );
        count += 1;
    }
    count
}

fn connect_lines(new: &Container, old: &Container, after: &Topology, log: &mut Log) {
    for (network_id, endpoint) in &new.endpoints {
        if old.endpoints.contains_key(network_id) {
            continue;
        }
        let veth_key = VethPair::key_of(&new.id, network_id);
        let mut text = format!("{} connected to {}", new.name, endpoint.network_name);
        if let Some(ip) = endpoint.ip() {
            text.push_str(&format!(" as {ip}"));
        }
        if let Some(wire) = wire_words(after.veths.get(&veth_key)) {
            text.push_str(&format!(" ({wire})"));
        }
        log.push(
            text,
            vec![
                Subject::Container(new.id.clone()),
                Subject::Network(network_id.clone()),
                Subject::Veth(veth_key),
            ],
        );
    }
}

fn disconnect_lines(new: &Container, old: &Container, log: &mut Log) {
    for (network_id, endpoint) in &old.endpoints {
        if new.endpoints.contains_key(network_id) {
            continue;
        }
        log.push(
            format!(
                "{} disconnected from {}{}",
                new.name,
                endpoint.network_name,
                was_address(endpoint)
            ),
            vec![
                Subject::Container(new.id.clone()),
                Subject::Network(network_id.clone()),
            ],
        );
    }
}

fn was_address(endpoint: &Endpoint) -> String {
    endpoint
        .ip()
        .map(|ip| format!(" (was {ip})"))
        .unwrap_or_default()
}

/// A kept endpoint whose host-side veth changed (every restart makes a new pair).
fn veth_lines(
    before: &Topology,
    after: &Topology,
    new: &Container,
    old: &Container,
    log: &mut Log,
) {
    for (network_id, endpoint) in &new.endpoints {
        if !old.endpoints.contains_key(network_id) {
            continue;
        }
        let key = VethPair::key_of(&new.id, network_id);
        let (
            Some(VethLink::Mapped {
                host_ifname: was, ..
            }),
            Some(pair),
        ) = (
            before.veths.get(&key).map(|p| &p.link),
            after.veths.get(&key),
        )
        else {
            continue;
        };
        let VethLink::Mapped { host_ifname, .. } = &pair.link else {
            continue;
        };
        if host_ifname != was {
            log.push(
                format!(
                    "{}: new veth pair on {}: {host_ifname} (was {was})",
                    new.name, endpoint.network_name
                ),
                vec![Subject::Container(new.id.clone()), Subject::Veth(key)],
            );
        }
    }
}

/// "veth1a2b3c on br-…" for a mapped pair.
fn wire_words(pair: Option<&VethPair>) -> Option<String> {
    match &pair?.link {
        VethLink::Mapped {
            host_ifname,
            bridge,
            ..
        } => Some(format!("{host_ifname} on {bridge}")),
        VethLink::Unknown { .. } => None,
    }
}
