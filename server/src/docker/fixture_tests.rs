//! Fixture tests: JSON captured from a real engine and kernel (`scripts/capture-fixture.py`:
//! Docker's network list and container inspects, `ip -j link` on the host and in each
//! container's namespace) goes through the adapter's conversions and the model's wiring, with no
//! daemon. The lab: network `bst-manual` (10.213.50.0/24, bridge `bst-lab0`) with `bst-m-redis`;
//! `bst-m-shell` on the default bridge and `bst-manual`, publishing 127.0.0.1:5055 -> 6379;
//! `bst-m-linker` on the default bridge with `--link bst-m-shell:sh`.

use std::collections::BTreeMap;

use bollard::models::{ContainerInspectResponse, Network as DockerNetwork};
use serde::Deserialize;

use bridgescope_app::model::{ObservedLink, PortMapping, Topology, VethLink};

use crate::docker::{convert, ContainerRead};
use crate::engine_task::World;

#[derive(Deserialize)]
struct Fixture {
    networks: Vec<DockerNetwork>,
    containers: Vec<ContainerInspectResponse>,
    host_links: Vec<ObservedLink>,
    namespaces: BTreeMap<String, Vec<ObservedLink>>,
}

fn lab() -> Topology {
    let fixture: Fixture = match serde_json::from_str(include_str!("../../tests/fixtures/lab.json"))
    {
        Ok(fixture) => fixture,
        Err(error) => panic!("the fixture does not parse: {error}"),
    };
    let mut world = World::default();
    for network in fixture.networks.into_iter().map(convert::network) {
        world.networks.insert(network.id.clone(), network);
    }
    for inspect in fixture.containers {
        let (container, pid) = convert::container(inspect);
        world.put_container(ContainerRead { container, pid });
    }
    world.host_links = fixture.host_links;
    world.namespaces = fixture
        .namespaces
        .into_iter()
        .map(|(id, links)| (id, Ok(links)))
        .collect();
    world.topology(Default::default())
}

fn veth_of(topology: &Topology, container: &str, network: &str) -> VethLink {
    let container = topology
        .container_by_name(container)
        .cloned()
        .unwrap_or_default();
    let network = topology
        .network_by_name(network)
        .cloned()
        .unwrap_or_default();
    let key = format!("{}/{}", container.id, network.id);
    match topology.veths.get(&key) {
        Some(pair) => pair.link.clone(),
        None => panic!("no veth pair {key}"),
    }
}

fn mapped(host: &str, bridge: &str, inside: &str, mac: &str) -> (String, String, String, String) {
    (host.into(), bridge.into(), inside.into(), mac.into())
}

fn names(link: VethLink) -> (String, String, String, String) {
    match link {
        VethLink::Mapped {
            host_ifname,
            bridge,
            container_ifname,
            mac,
            ..
        } => (host_ifname, bridge, container_ifname, mac),
        VethLink::Unknown { reason } => panic!("unmapped: {reason}"),
    }
}

#[test]
fn bridges_carry_the_kernel_facts() {
    let topology = lab();
    let custom = &topology.bridges["bst-lab0"];
    assert_eq!(custom.ipv4, vec!["10.213.50.1/24".to_string()]);
    assert_eq!(custom.ifindex, 16);
    assert!(custom.up && custom.carrier);
    assert_eq!(
        topology.bridges["docker0"].ipv4,
        vec!["172.17.0.1/16".to_string()]
    );
    let network = topology
        .network_by_name("bst-manual")
        .cloned()
        .unwrap_or_default();
    assert_eq!(network.bridge.as_deref(), Some("bst-lab0"));
    assert_eq!(network.subnets[0].subnet, "10.213.50.0/24");
}

#[test]
fn every_veth_is_matched_by_mac_to_its_bridge() {
    let topology = lab();
    assert_eq!(topology.veths.len(), 4);
    assert_eq!(
        names(veth_of(&topology, "bst-m-shell", "bridge")),
        mapped("veth6ab3980", "docker0", "eth0", "02:42:ac:11:00:02")
    );
    assert_eq!(
        names(veth_of(&topology, "bst-m-shell", "bst-manual")),
        mapped("veth4ce6831", "bst-lab0", "eth1", "02:42:0a:d5:32:03")
    );
    assert_eq!(
        names(veth_of(&topology, "bst-m-redis", "bst-manual")),
        mapped("veth1aedf43", "bst-lab0", "eth0", "02:42:0a:d5:32:02")
    );
    assert_eq!(
        names(veth_of(&topology, "bst-m-linker", "bridge")),
        mapped("veth5dcdcee", "docker0", "eth0", "02:42:ac:11:00:03")
    );
}

#[test]
fn endpoints_ports_and_links_come_from_docker() {
    let topology = lab();
    let shell = topology
        .container_by_name("bst-m-shell")
        .cloned()
        .unwrap_or_default();
    assert_eq!(shell.image, "bridgescope-test/shell");
    assert_eq!(
        shell
            .endpoint_on("bst-manual")
            .and_then(|e| e.ipv4.clone())
            .as_deref(),
        Some("10.213.50.3/24")
    );
    assert_eq!(
        shell.ports,
        vec![PortMapping {
            host_ip: "127.0.0.1".into(),
            host_port: 5055,
            container_port: 6379,
            protocol: "tcp".into()
        }]
    );
    let on_default = shell.endpoint_on("bridge").cloned().unwrap_or_default();
    assert!(
        on_default.dns_names.is_empty(),
        "no DNS on the default bridge"
    );
    let redis = topology
        .container_by_name("bst-m-redis")
        .cloned()
        .unwrap_or_default();
    let dns = redis
        .endpoint_on("bst-manual")
        .map(|e| e.dns_names.clone())
        .unwrap_or_default();
    assert!(dns.contains(&"bst-m-redis".to_string()), "{dns:?}");
    let linker = topology
        .container_by_name("bst-m-linker")
        .cloned()
        .unwrap_or_default();
    assert_eq!(linker.links.len(), 1);
    assert_eq!(linker.links[0].target, "bst-m-shell");
    assert_eq!(linker.links[0].alias, "sh");
}

#[test]
fn a_namespace_that_cannot_be_read_leaves_its_pairs_unknown_with_the_reason() {
    let mut world_topology = lab();
    let mut world = World::default();
    for network in world_topology.networks.values() {
        world.networks.insert(network.id.clone(), network.clone());
    }
    for container in std::mem::take(&mut world_topology.containers).into_values() {
        world.put_container(ContainerRead { container, pid: 1 });
    }
    world.veths_hidden = Some("the engine is remote".into());
    let topology = world.topology(Default::default());
    assert!(topology.bridges.is_empty());
    assert_eq!(topology.veths.len(), 4);
    for pair in topology.veths.values() {
        assert_eq!(
            pair.link,
            VethLink::Unknown {
                reason: "the engine is remote".into()
            }
        );
    }
}
