//! Conversions from bollard's models into the shared model. Docker leaves most fields optional;
//! missing ones become empty values here, so the model never carries Docker's shapes around.
//! Tested from JSON captured from a real engine (`server/tests/fixtures/`), no daemon needed.

use std::collections::{BTreeMap, HashMap};

use bollard::models::{
    ContainerInspectResponse, EndpointSettings, Ipam, Network as DockerNetwork, NetworkInspect,
};

use bridgescope_app::model::{
    Container, ContainerState, Endpoint, IpamSubnet, LegacyLink, Network, PortMapping,
};

/// The name of Docker's default bridge network, which has no embedded DNS.
const DEFAULT_BRIDGE: &str = "bridge";

/// The fields of a network that both Docker's list and its inspect answer carry.
struct NetworkFields {
    id: Option<String>,
    name: Option<String>,
    driver: Option<String>,
    scope: Option<String>,
    ipam: Option<Ipam>,
    internal: Option<bool>,
    attachable: Option<bool>,
    options: Option<HashMap<String, String>>,
    labels: Option<HashMap<String, String>>,
}

/// A network from Docker's network list.
pub fn network(n: DockerNetwork) -> Network {
    network_from(NetworkFields {
        id: n.id,
        name: n.name,
        driver: n.driver,
        scope: n.scope,
        ipam: n.ipam,
        internal: n.internal,
        attachable: n.attachable,
        options: n.options,
        labels: n.labels,
    })
}

/// A network from Docker's network inspect.
pub fn inspected_network(n: NetworkInspect) -> Network {
    network_from(NetworkFields {
        id: n.id,
        name: n.name,
        driver: n.driver,
        scope: n.scope,
        ipam: n.ipam,
        internal: n.internal,
        attachable: n.attachable,
        options: n.options,
        labels: n.labels,
    })
}

fn network_from(network: NetworkFields) -> Network {
    let options: BTreeMap<String, String> =
        network.options.unwrap_or_default().into_iter().collect();
    let subnets = network
        .ipam
        .and_then(|ipam| ipam.config)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|pool| {
            pool.subnet.map(|subnet| IpamSubnet {
                subnet,
                gateway: non_empty(pool.gateway),
            })
        })
        .collect();
    Network::from_docker(
        network.id.unwrap_or_default(),
        network.name.unwrap_or_default(),
        network.driver.unwrap_or_default(),
        network.scope.unwrap_or_default(),
        subnets,
        network.internal.unwrap_or(false),
        network.attachable.unwrap_or(false),
        &options,
        network.labels.unwrap_or_default().into_iter().collect(),
    )
}

/// A container and the pid of its main process (0 when it does not run).
pub fn container(inspect: ContainerInspectResponse) -> (Container, i64) {
    let state = inspect.state.unwrap_or_default();
    let pid = state.pid.unwrap_or(0);
    let name = inspect
        .name
        .unwrap_or_default()
        .trim_start_matches('/')
        .to_string();
    let config = inspect.config.unwrap_or_default();
    let settings = inspect.network_settings.unwrap_or_default();
    let mut links = inspect
        .host_config
        .and_then(|h| h.links)
        .unwrap_or_default()
        .iter()
        .filter_map(|link| host_config_link(link))
        .collect::<Vec<_>>();
    let mut endpoints = BTreeMap::new();
    for (network_name, settings) in settings.networks.unwrap_or_default() {
        links.extend(network_links(&network_name, settings.links.as_deref()));
        let endpoint = endpoint(&name, network_name, settings);
        endpoints.insert(endpoint.network_id.clone(), endpoint);
    }
    links.sort();
    let container = Container {
        id: inspect.id.unwrap_or_default(),
        image: config.image.unwrap_or_default(),
        state: ContainerState::from_docker(
            &state.status.map(|s| s.to_string()).unwrap_or_default(),
        ),
        health: state
            .health
            .and_then(|h| h.status)
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty() && s != "none"),
        started_at: non_empty(state.started_at).filter(|s| !s.starts_with("0001-")),
        restart_count: inspect.restart_count.unwrap_or(0),
        endpoints,
        ports: ports(settings.ports.unwrap_or_default()),
        links,
        labels: config.labels.unwrap_or_default().into_iter().collect(),
        ip_history: Vec::new(),
        name,
    };
    (container, pid)
}

fn endpoint(container_name: &str, network_name: String, settings: EndpointSettings) -> Endpoint {
    let ipv4 = non_empty(settings.ip_address)
        .map(|ip| format!("{ip}/{}", settings.ip_prefix_len.unwrap_or(32)));
    let ipv6 = non_empty(settings.global_ipv6_address)
        .map(|ip| format!("{ip}/{}", settings.global_ipv6_prefix_len.unwrap_or(128)));
    let aliases = settings.aliases.unwrap_or_default();
    let dns_names = match settings.dns_names {
        Some(names) => names,
        // Engines before API 1.44 do not report DNSNames: the embedded DNS of a user-defined
        // network answers for the container's name and its aliases; the default bridge has none.
        None if network_name == DEFAULT_BRIDGE => Vec::new(),
        None => std::iter::once(container_name.to_string())
            .chain(aliases.iter().cloned())
            .fold(Vec::new(), |mut names, name| {
                if !names.contains(&name) {
                    names.push(name);
                }
                names
            }),
    };
    Endpoint {
        network_id: settings.network_id.unwrap_or_default(),
        ipv4,
        ipv6,
        mac: non_empty(settings.mac_address).map(|m| m.to_ascii_lowercase()),
        gateway: non_empty(settings.gateway),
        aliases,
        dns_names,
        network_name,
    }
}

/// `HostConfig.Links` entries look like `/redis:/web/db`: target `redis`, alias `db`.
fn host_config_link(link: &str) -> Option<LegacyLink> {
    let (target, alias_path) = link.split_once(':')?;
    let alias = alias_path.rsplit('/').next()?;
    Some(LegacyLink {
        target: target.trim_start_matches('/').to_string(),
        alias: alias.to_string(),
        network: None,
    })
}

/// Per-network links look like `redis:db` (or just `redis`).
fn network_links(network: &str, links: Option<&[String]>) -> Vec<LegacyLink> {
    links
        .unwrap_or_default()
        .iter()
        .map(|link| {
            let (target, alias) = link.split_once(':').unwrap_or((link, link));
            LegacyLink {
                target: target.to_string(),
                alias: alias.to_string(),
                network: Some(network.to_string()),
            }
        })
        .collect()
}

/// `{"5000/tcp": [{"HostIp": "127.0.0.1", "HostPort": "5000"}]}` into sorted mappings.
fn ports(map: HashMap<String, Option<Vec<bollard::models::PortBinding>>>) -> Vec<PortMapping> {
    let mut ports = Vec::new();
    for (key, bindings) in map {
        let (port, protocol) = key.split_once('/').unwrap_or((&key, "tcp"));
        let Ok(container_port) = port.parse::<u16>() else {
            continue;
        };
        for binding in bindings.unwrap_or_default() {
            let Some(host_port) = binding.host_port.and_then(|p| p.parse::<u16>().ok()) else {
                continue;
            };
            ports.push(PortMapping {
                host_ip: non_empty(binding.host_ip).unwrap_or_else(|| "0.0.0.0".into()),
                host_port,
                container_port,
                protocol: protocol.to_string(),
            });
        }
    }
    ports.sort();
    ports.dedup();
    ports
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_config_links_name_target_and_alias() {
        assert_eq!(
            host_config_link("/redis:/web/db"),
            Some(LegacyLink {
                target: "redis".into(),
                alias: "db".into(),
                network: None
            })
        );
    }

    #[test]
    fn network_links_without_alias_use_the_target() {
        let links = network_links("app", Some(&["redis".to_string()]));
        assert_eq!(links[0].alias, "redis");
        assert_eq!(links[0].network.as_deref(), Some("app"));
    }
}
