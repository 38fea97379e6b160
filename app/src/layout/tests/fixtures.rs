//! Hand-built topologies: a classroom lab and a big synthetic host. No daemon involved.

use std::collections::BTreeMap;

use crate::model::{
    Bridge, Container, ContainerState, Endpoint, IpRecord, IpamSubnet, LegacyLink, Network,
    PortMapping, Topology, VethLink, VethPair,
};

pub fn bridge_network(id: &str, name: &str, bridge: &str, subnet: &str) -> Network {
    Network {
        id: id.into(),
        name: name.into(),
        driver: "bridge".into(),
        scope: "local".into(),
        subnets: vec![IpamSubnet {
            subnet: subnet.into(),
            gateway: None,
        }],
        bridge: Some(bridge.into()),
        ..Default::default()
    }
}

pub fn other_network(id: &str, name: &str, driver: &str) -> Network {
    Network {
        id: id.into(),
        name: name.into(),
        driver: driver.into(),
        scope: "local".into(),
        ..Default::default()
    }
}

pub fn add_network(topology: &mut Topology, network: Network, gateway: &str) {
    if let Some(bridge) = &network.bridge {
        let state = Bridge {
            name: bridge.clone(),
            up: true,
            carrier: true,
            mtu: 1500,
            ipv4: vec![gateway.to_string()],
            ..Default::default()
        };
        topology.bridges.insert(bridge.clone(), state);
    }
    topology.networks.insert(network.id.clone(), network);
}

/// A running container on `networks` (network id, IPv4); bridge endpoints get a mapped veth.
pub fn add_container(topology: &mut Topology, id: &str, name: &str, networks: &[(&str, &str)]) {
    let mut endpoints = BTreeMap::new();
    for (i, (network_id, ip)) in networks.iter().enumerate() {
        let Some(network) = topology.networks.get(*network_id).cloned() else {
            continue;
        };
        let mac = format!("02:42:ac:11:{:02x}:{:02x}", i, id.len() % 256);
        let endpoint = Endpoint {
            network_id: network.id.clone(),
            network_name: network.name.clone(),
            ipv4: (!ip.is_empty()).then(|| format!("{ip}/16")),
            mac: Some(mac.clone()),
            aliases: vec![name.to_string()],
            dns_names: vec![name.to_string(), id.chars().take(12).collect()],
            ..Default::default()
        };
        endpoints.insert(network.id.clone(), endpoint);
        if let Some(bridge) = &network.bridge {
            let pair = VethPair {
                container_id: id.into(),
                network_id: network.id.clone(),
                link: VethLink::Mapped {
                    host_ifname: format!("veth{:x}{i}", id.len() * 4099 + i),
                    host_ifindex: 10 + i as u32,
                    bridge: bridge.clone(),
                    container_ifname: format!("eth{i}"),
                    container_ifindex: 2 + i as u32,
                    mac,
                },
            };
            topology
                .veths
                .insert(VethPair::key_of(id, &network.id), pair);
        }
    }
    let container = Container {
        id: id.into(),
        name: name.into(),
        image: "nginx:alpine".into(),
        state: ContainerState::Running,
        endpoints,
        ..Default::default()
    };
    topology.containers.insert(id.into(), container);
}

pub fn remove_container(topology: &mut Topology, id: &str) {
    topology.containers.remove(id);
    topology.veths.retain(|_, pair| pair.container_id != id);
}

/// The lesson: docker0 and a user network `app`, host and none; web on both bridges with a
/// published port, redis on app, legacy on docker0 with an unseen veth and a link to web, a
/// host-network container and one on no network at all.
pub fn classroom() -> Topology {
    let mut t = Topology {
        version: 7,
        ..Default::default()
    };
    add_network(
        &mut t,
        bridge_network("n-bridge", "bridge", "docker0", "172.17.0.0/16"),
        "172.17.0.1/16",
    );
    add_network(
        &mut t,
        bridge_network("n-app", "app", "br-3f2a9c1d7e4b", "172.18.0.0/16"),
        "172.18.0.1/16",
    );
    add_network(&mut t, other_network("n-host", "host", "host"), "");
    add_network(&mut t, other_network("n-none", "none", "null"), "");
    add_container(
        &mut t,
        "c-web",
        "web",
        &[("n-app", "172.18.0.5"), ("n-bridge", "172.17.0.2")],
    );
    add_container(&mut t, "c-redis", "redis", &[("n-app", "172.18.0.2")]);
    add_container(&mut t, "c-legacy", "legacy", &[("n-bridge", "172.17.0.3")]);
    add_container(&mut t, "c-hostnet", "hostnet", &[("n-host", "")]);
    add_container(&mut t, "c-lonely", "lonely", &[]);
    if let Some(pair) = t.veths.get_mut("c-legacy/n-bridge") {
        pair.link = VethLink::Unknown {
            reason: "namespace not visible: permission denied".into(),
        };
    }
    if let Some(web) = t.containers.get_mut("c-web") {
        web.ports.push(PortMapping {
            host_ip: "127.0.0.1".into(),
            host_port: 5000,
            container_port: 5000,
            protocol: "tcp".into(),
        });
        web.ip_history = vec![
            record("app", "172.18.0.3", 2),
            record("bridge", "172.17.0.2", 2),
            record("app", "172.18.0.5", 6),
        ];
    }
    if let Some(legacy) = t.containers.get_mut("c-legacy") {
        legacy.links.push(LegacyLink {
            target: "web".into(),
            alias: "webapp".into(),
            network: None,
        });
    }
    t
}

fn record(network: &str, ip: &str, since_version: u64) -> IpRecord {
    IpRecord {
        network: network.into(),
        ip: ip.into(),
        since_version,
    }
}

/// `count` containers spread over `networks` bridge networks; every seventh is on two.
pub fn big(count: usize, networks: usize) -> Topology {
    let mut t = Topology::default();
    for n in 0..networks {
        let id = format!("net{n}");
        let network = bridge_network(
            &id,
            &format!("lab{n}"),
            &format!("br-{n:012}"),
            &format!("10.{n}.0.0/16"),
        );
        add_network(&mut t, network, &format!("10.{n}.0.1/16"));
    }
    for i in 0..count {
        let first = format!("net{}", i % networks);
        let second = format!("net{}", (i + 1) % networks);
        let ip1 = format!("10.{}.{}.{}", i % networks, i / 250, i % 250 + 2);
        let ip2 = format!("10.{}.{}.{}", (i + 1) % networks, i / 250, i % 250 + 2);
        let mut on = vec![(first.as_str(), ip1.as_str())];
        if i % 7 == 0 && networks > 1 {
            on.push((second.as_str(), ip2.as_str()));
        }
        add_container(&mut t, &format!("id{i:04}"), &format!("c{i:04}"), &on);
    }
    t
}
