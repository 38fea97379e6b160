//! The law of deltas: for any two snapshots a and b, applying diff(a, b) to a gives b. Random
//! snapshots share a small pool of keys, so pairs have entities added, changed and removed.

use std::collections::BTreeMap;

use bridgescope_app::model::{
    apply, diff, Bridge, Container, ContainerState, Endpoint, EngineStatus, LinkCounters, Network,
    Topology, VethLink, VethPair,
};
use proptest::prelude::*;

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d", "e"]).prop_map(str::to_string)
}

fn bridge() -> impl Strategy<Value = Bridge> {
    (
        key(),
        any::<bool>(),
        any::<bool>(),
        1000u32..1600,
        any::<u64>(),
    )
        .prop_map(|(name, up, carrier, mtu, bytes)| Bridge {
            name: format!("br-{name}"),
            up,
            carrier,
            mtu,
            counters: LinkCounters {
                rx_bytes: bytes,
                ..Default::default()
            },
            ..Default::default()
        })
}

fn network() -> impl Strategy<Value = Network> {
    (key(), prop::option::of(key()), any::<bool>()).prop_map(|(id, bridge, internal)| Network {
        name: format!("net-{id}"),
        driver: "bridge".into(),
        bridge: bridge.map(|b| format!("br-{b}")),
        internal,
        id,
        ..Default::default()
    })
}

fn container() -> impl Strategy<Value = Container> {
    let endpoints = prop::collection::btree_map(key(), prop::option::of(0u8..255), 0..3);
    (key(), any::<bool>(), endpoints).prop_map(|(id, running, endpoints)| Container {
        name: format!("c-{id}"),
        state: if running {
            ContainerState::Running
        } else {
            ContainerState::Exited
        },
        endpoints: endpoints
            .into_iter()
            .map(|(net, ip)| {
                let endpoint = Endpoint {
                    network_id: net.clone(),
                    network_name: format!("net-{net}"),
                    ipv4: ip.map(|ip| format!("10.0.0.{ip}/24")),
                    ..Default::default()
                };
                (net, endpoint)
            })
            .collect(),
        id,
        ..Default::default()
    })
}

fn veth() -> impl Strategy<Value = VethPair> {
    (key(), key(), prop::option::of(1u32..100)).prop_map(|(c, n, index)| VethPair {
        container_id: c,
        network_id: n,
        link: match index {
            Some(i) => VethLink::Mapped {
                host_ifname: format!("veth{i}"),
                host_ifindex: i,
                bridge: "docker0".into(),
                container_ifname: "eth0".into(),
                container_ifindex: i + 1,
                mac: "02:42:ac:11:00:02".into(),
            },
            None => VethLink::Unknown {
                reason: "not root".into(),
            },
        },
    })
}

fn keyed<T, K: Fn(&T) -> String>(items: Vec<T>, key: K) -> BTreeMap<String, T> {
    items.into_iter().map(|item| (key(&item), item)).collect()
}

fn topology() -> impl Strategy<Value = Topology> {
    (
        0u64..1000,
        any::<bool>(),
        prop::collection::vec(bridge(), 0..4),
        prop::collection::vec(network(), 0..4),
        prop::collection::vec(container(), 0..5),
        prop::collection::vec(veth(), 0..5),
    )
        .prop_map(
            |(version, up, bridges, networks, containers, veths)| Topology {
                version,
                engine: if up {
                    EngineStatus::Connected {
                        docker_host: "unix:///var/run/docker.sock".into(),
                        engine_version: "20.10.24".into(),
                        api_version: "1.41".into(),
                    }
                } else {
                    EngineStatus::default()
                },
                bridges: keyed(bridges, |b| b.name.clone()),
                networks: keyed(networks, |n| n.id.clone()),
                containers: keyed(containers, |c| c.id.clone()),
                veths: keyed(veths, |v| VethPair::key_of(&v.container_id, &v.network_id)),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn applying_the_diff_of_a_and_b_to_a_gives_b(a in topology(), b in topology()) {
        let delta = diff(&a, &b);
        let mut applied = a.clone();
        prop_assert_eq!(apply(&mut applied, &delta), Ok(()));
        prop_assert_eq!(applied, b);
    }

    #[test]
    fn the_diff_of_a_snapshot_with_itself_is_empty(a in topology()) {
        prop_assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn deltas_survive_json(a in topology(), b in topology()) {
        let delta = diff(&a, &b);
        let json = serde_json::to_string(&delta).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: bridgescope_app::model::Delta =
            serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, delta);
    }
}
