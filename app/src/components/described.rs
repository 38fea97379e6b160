//! What the details panel says about a selected item, as readable sections (network: subnet,
//! gateway, bridge, driver, internal, its containers; container: image, state, each interface,
//! ports, links, aliases; veth: both ends by name; bridge: state and addresses), the commands
//! that show the same by hand, and the raw JSON for those who want it. Pure: tested without a
//! browser.

use crate::model::{gateways_of, shell_word, Subject, Topology, VethLink};

/// One titled list of facts; each fact is a label and a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub facts: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub title: String,
    pub sections: Vec<Section>,
    pub commands: Vec<String>,
    pub json: String,
}

fn fact(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_string(), value.into())
}

fn section(title: &str, facts: Vec<(String, String)>) -> Section {
    Section {
        title: title.to_string(),
        facts,
    }
}

fn or_none(values: Vec<String>) -> String {
    if values.is_empty() {
        "none".into()
    } else {
        values.join(", ")
    }
}

pub fn describe(topology: &Topology, subject: &Subject) -> Option<Described> {
    match subject {
        Subject::Container(id) => container(topology, id),
        Subject::Network(id) => network(topology, id),
        Subject::Bridge(name) => bridge(topology, name),
        Subject::Veth(key) => veth(topology, key),
        Subject::Engine => None,
    }
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn container(topology: &Topology, id: &str) -> Option<Described> {
    let c = topology.containers.get(id)?;
    let name = shell_word(&c.name);
    let mut sections = vec![section(
        "Container",
        vec![
            fact("image", c.image.clone()),
            fact("state", c.state.as_str()),
            fact("restarts", c.restart_count.to_string()),
        ],
    )];
    for e in c.endpoints.values() {
        let veth = topology
            .veths
            .get(&crate::model::VethPair::key_of(&c.id, &e.network_id))
            .map(|pair| match &pair.link {
                VethLink::Mapped {
                    host_ifname,
                    container_ifname,
                    bridge,
                    ..
                } => format!("{container_ifname} ↔ {host_ifname} on {bridge}"),
                VethLink::Unknown { reason } => format!("not seen: {reason}"),
            })
            .unwrap_or_else(|| "none (no bridge)".into());
        sections.push(section(
            &format!("Interface on {}", e.network_name),
            vec![
                fact("IP", e.ipv4.clone().unwrap_or_else(|| "none".into())),
                fact("MAC", e.mac.clone().unwrap_or_else(|| "none".into())),
                fact(
                    "gateway",
                    e.gateway.clone().unwrap_or_else(|| "none".into()),
                ),
                fact("veth", veth),
                fact("aliases", or_none(e.aliases.clone())),
                fact("DNS names", or_none(e.dns_names.clone())),
            ],
        ));
    }
    let ports = c
        .ports
        .iter()
        .map(|p| {
            format!(
                "{}:{} → {}/{}",
                p.host_ip, p.host_port, p.container_port, p.protocol
            )
        })
        .collect();
    let links = c
        .links
        .iter()
        .map(|l| format!("{} as {}", l.target, l.alias))
        .collect();
    sections.push(section(
        "Reached from outside and by links",
        vec![
            fact("published ports", or_none(ports)),
            fact("legacy links", or_none(links)),
        ],
    ));
    let mut commands = vec![
        format!("docker inspect -f '{{{{json .NetworkSettings.Networks}}}}' {name}"),
        format!("docker port {name}"),
        format!("nsenter -t $(docker inspect -f '{{{{.State.Pid}}}}' {name}) -n ip addr"),
    ];
    if !c.links.is_empty() {
        commands.push(format!(
            "docker exec {name} cat /etc/hosts   # the lines --link wrote"
        ));
    }
    Some(Described {
        title: format!("container {}", c.name),
        sections,
        commands,
        json: json(c),
    })
}

fn network(topology: &Topology, id: &str) -> Option<Described> {
    let n = topology.networks.get(id)?;
    let subnets = n.subnets.iter().map(|s| s.subnet.clone()).collect();
    let mut members: Vec<(String, String)> = topology
        .containers
        .values()
        .filter_map(|c| {
            let e = c.endpoints.get(&n.id)?;
            Some((
                c.name.clone(),
                e.ipv4.clone().unwrap_or_else(|| "no IP (stopped)".into()),
            ))
        })
        .collect();
    members.sort();
    let mut commands = vec![format!("docker network inspect {}", shell_word(&n.name))];
    let on_host = n.bridge.as_deref().and_then(|name| bridge(topology, name));
    if let Some(bridge) = &n.bridge {
        commands.push(format!("ip link show master {bridge}"));
        commands.push(format!("ip -d -s link show {bridge}"));
    }
    let mut sections = vec![
        section(
            "Network",
            vec![
                fact("driver", n.driver.clone()),
                fact("subnet", or_none(subnets)),
                fact("gateway", or_none(gateways_of(n, &topology.bridges))),
                fact(
                    "host bridge",
                    n.bridge.clone().unwrap_or_else(|| "none".into()),
                ),
                fact(
                    "internal",
                    if n.internal { "yes: no way out" } else { "no" },
                ),
            ],
        ),
        section("Containers", members),
    ];
    sections.extend(on_host.into_iter().flat_map(|b| b.sections));
    Some(Described {
        title: format!("network {}", n.name),
        sections,
        commands,
        json: json(n),
    })
}

fn bridge(topology: &Topology, name: &str) -> Option<Described> {
    let b = topology.bridges.get(name)?;
    let networks: Vec<String> = topology
        .networks
        .values()
        .filter(|n| n.bridge.as_deref() == Some(name))
        .map(|n| n.name.clone())
        .collect();
    let state = match (b.up, b.carrier) {
        (true, true) => "up",
        (true, false) => "up, no carrier (no container attached)",
        _ => "down",
    };
    Some(Described {
        title: format!("bridge {name}"),
        sections: vec![section(
            "Bridge",
            vec![
                fact("state", state),
                fact("addresses", or_none(b.ipv4.clone())),
                fact("MTU", b.mtu.to_string()),
                fact("network", or_none(networks)),
                fact(
                    "traffic",
                    format!(
                        "{} bytes in, {} bytes out",
                        b.counters.rx_bytes, b.counters.tx_bytes
                    ),
                ),
            ],
        )],
        commands: vec![
            format!("ip -d -s link show {name}"),
            format!("ip addr show {name}"),
            format!("ip link show master {name}"),
        ],
        json: json(b),
    })
}

fn veth(topology: &Topology, key: &str) -> Option<Described> {
    let pair = topology.veths.get(key)?;
    let container = topology
        .containers
        .get(&pair.container_id)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "a container".into());
    let network = topology
        .networks
        .get(&pair.network_id)
        .map(|n| n.name.clone())
        .unwrap_or_else(|| "a network".into());
    let (facts, commands) = match &pair.link {
        VethLink::Mapped {
            host_ifname,
            host_ifindex,
            bridge,
            container_ifname,
            container_ifindex,
            mac,
        } => (
            vec![
                fact(
                    "container end",
                    format!("{container_ifname} (ifindex {container_ifindex}) in {container}"),
                ),
                fact(
                    "host end",
                    format!("{host_ifname} (ifindex {host_ifindex}), a port of {bridge}"),
                ),
                fact("MAC", mac.clone()),
            ],
            vec![
                format!("ip -d link show {host_ifname}"),
                format!("ethtool -S {host_ifname}   # peer_ifindex"),
                format!(
                    "docker exec {} ip link show {container_ifname}",
                    shell_word(&container)
                ),
            ],
        ),
        VethLink::Unknown { reason } => (
            vec![fact("not seen", reason.clone())],
            vec!["ip -o link show type veth".into()],
        ),
    };
    Some(Described {
        title: format!("veth pair of {container} on {network}"),
        sections: vec![section("Both ends", facts)],
        commands,
        json: json(pair),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bridge, Container, Endpoint, IpamSubnet, Network, VethPair};

    fn topology() -> Topology {
        let mut t = Topology::default();
        t.bridges.insert(
            "docker0".into(),
            Bridge {
                name: "docker0".into(),
                ipv4: vec!["172.17.0.1/16".into()],
                ..Default::default()
            },
        );
        t.networks.insert(
            "n1".into(),
            Network {
                id: "n1".into(),
                name: "bridge".into(),
                driver: "bridge".into(),
                subnets: vec![IpamSubnet {
                    subnet: "172.17.0.0/16".into(),
                    gateway: None,
                }],
                bridge: Some("docker0".into()),
                ..Default::default()
            },
        );
        let endpoint = Endpoint {
            network_id: "n1".into(),
            network_name: "bridge".into(),
            ipv4: Some("172.17.0.2/16".into()),
            ..Default::default()
        };
        t.containers.insert(
            "c1".into(),
            Container {
                id: "c1".into(),
                name: "web".into(),
                image: "bridgescope-test/shell:latest".into(),
                endpoints: [("n1".to_string(), endpoint)].into(),
                ..Default::default()
            },
        );
        let key = VethPair::key_of("c1", "n1");
        t.veths.insert(
            key,
            VethPair {
                container_id: "c1".into(),
                network_id: "n1".into(),
                link: VethLink::Mapped {
                    host_ifname: "veth1a2b".into(),
                    host_ifindex: 9,
                    bridge: "docker0".into(),
                    container_ifname: "eth0".into(),
                    container_ifindex: 8,
                    mac: "02:42:ac:11:00:02".into(),
                },
            },
        );
        t
    }

    #[test]
    fn a_network_names_its_gateway_from_the_kernel_when_docker_has_none() {
        let t = topology();
        let Some(d) = describe(&t, &Subject::Network("n1".into())) else {
            panic!("the network is described");
        };
        assert!(d.sections[0].facts.contains(&fact("gateway", "172.17.0.1")));
        assert!(d.sections[1].facts.contains(&fact("web", "172.17.0.2/16")));
    }

    #[test]
    fn a_veth_is_titled_by_names_not_ids_and_a_container_lists_its_interfaces() {
        let t = topology();
        let key = VethPair::key_of("c1", "n1");
        let Some(d) = describe(&t, &Subject::Veth(key)) else {
            panic!("the veth is described");
        };
        assert_eq!(d.title, "veth pair of web on bridge");
        let Some(c) = describe(&t, &Subject::Container("c1".into())) else {
            panic!("the container is described");
        };
        let interface = &c.sections[1];
        assert_eq!(interface.title, "Interface on bridge");
        assert!(interface
            .facts
            .contains(&fact("veth", "eth0 ↔ veth1a2b on docker0")));
        assert!(c.json.contains("\"name\": \"web\""));
    }
}
