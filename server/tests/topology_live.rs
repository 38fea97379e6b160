//! The live topology against the real engine and kernel: a lab's bridges, veths, IPs, MACs,
//! ports and links checked against `ip -o link` and `docker inspect`; an IP change after a
//! restart told in the change log and the IP history; a burst of 30 containers converging to
//! Docker's own view; and an engine that goes away and comes back while the stream goes on.
//! Each test runs its own server in-process (`common`).

mod common;

use std::path::Path;
use std::time::Duration;

use bridgescope_app::model::{Container, Topology, VethLink};
use bridgescope_testkit::{free_port, kernel, Follower, Lab, Run, UnixRelay, REDIS_IMAGE};
use common::{default_engine, InProcess};
use futures::future::join_all;

fn parse(value: serde_json::Value) -> Topology {
    match serde_json::from_value(value) {
        Ok(topology) => topology,
        Err(error) => panic!("/api/topology does not parse as a Topology: {error}"),
    }
}

fn mapped_veths_of(topology: &Topology, names: &[&str]) -> usize {
    names
        .iter()
        .filter_map(|name| topology.container_by_name(name))
        .flat_map(|c| {
            topology
                .veths
                .values()
                .filter(move |v| v.container_id == c.id)
        })
        .filter(|v| matches!(v.link, VethLink::Mapped { .. }))
        .count()
}

/// One setup (a network on a bridge of its own, Redis with an alias on it, a container on two
/// networks with a published port, one with a legacy link), then each kind of fact checked on
/// its own: endpoints against `docker inspect`, veths and bridges against the kernel, ports
/// and links against what the test asked for.
#[tokio::test(flavor = "multi_thread")]
async fn a_lab_matches_what_the_kernel_and_docker_say() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let bridge = format!("bsl{}", std::process::id() % 100_000);
    let net = lab
        .create_network("lab", Some("10.213.20.0/24"), Some(&bridge))
        .await;
    let redis = Run {
        image: REDIS_IMAGE.into(),
        networks: vec![net.clone()],
        aliases: vec!["cache".into()],
        ..Default::default()
    };
    let db = lab.run("db", &redis).await;
    let port = free_port();
    let web_run = Run {
        ports: vec![(port, 6379)],
        ..Run::sleeper(&["bridge", &net])
    };
    let web = lab.run("web", &web_run).await;
    let client_run = Run {
        links: vec![(web.clone(), "webalias".into())],
        ..Run::sleeper(&["bridge"])
    };
    let client = lab.run("client", &client_run).await;
    let names = [db.as_str(), web.as_str(), client.as_str()];

    let topology = parse(
        server
            .wait_for_topology("three containers with four mapped veths", |t| {
                mapped_veths_of(&parse(t.clone()), &names) == 4
            })
            .await,
    );

    for name in names {
        endpoints_are_as_docker_inspect_says(&lab, &topology, name).await;
    }
    veths_are_as_the_kernel_says(&lab, &topology, &names).await;
    bridges_are_as_the_kernel_says(&topology, &bridge);

    let web_model = container(&topology, &web);
    assert_eq!(web_model.ports.len(), 1, "{:?}", web_model.ports);
    assert_eq!(web_model.ports[0].host_ip, "127.0.0.1");
    assert_eq!(web_model.ports[0].host_port, port);
    assert_eq!(web_model.ports[0].container_port, 6379);
    let client_model = container(&topology, &client);
    assert_eq!(client_model.links.len(), 1, "{:?}", client_model.links);
    assert_eq!(client_model.links[0].target, web);
    assert_eq!(client_model.links[0].alias, "webalias");
    let db_endpoint = container(&topology, &db)
        .endpoint_on(&net)
        .unwrap_or_else(|| panic!("{db} has no endpoint on {net}"));
    assert!(
        db_endpoint.aliases.contains(&"cache".to_string()),
        "{:?}",
        db_endpoint.aliases
    );
    assert!(
        db_endpoint.dns_names.contains(&db),
        "{:?}",
        db_endpoint.dns_names
    );
}

fn container<'a>(topology: &'a Topology, name: &str) -> &'a Container {
    topology
        .container_by_name(name)
        .unwrap_or_else(|| panic!("{name} is not in the topology"))
}

/// Every endpoint of `name`, with its IP and MAC, as `docker inspect` says.
async fn endpoints_are_as_docker_inspect_says(lab: &Lab, topology: &Topology, name: &str) {
    let inspect = lab.inspect(name).await;
    let model = container(topology, name);
    // With no networks on either side the loop below would check nothing.
    let networks = inspect
        .network_settings
        .and_then(|s| s.networks)
        .unwrap_or_else(|| panic!("docker inspect {name} has no networks"));
    assert!(!networks.is_empty(), "docker inspect {name}: no networks");
    assert_eq!(model.endpoints.len(), networks.len(), "{name}");
    for (network, settings) in networks {
        let endpoint = model
            .endpoint_on(&network)
            .unwrap_or_else(|| panic!("{name} has no endpoint on {network}"));
        let ip = match (settings.ip_address, settings.ip_prefix_len) {
            (Some(ip), Some(len)) if !ip.is_empty() => format!("{ip}/{len}"),
            other => panic!("docker inspect {name} on {network}: no IPv4 ({other:?})"),
        };
        assert_eq!(
            endpoint.ipv4.as_deref(),
            Some(ip.as_str()),
            "{name} on {network}"
        );
        assert_eq!(endpoint.mac, settings.mac_address, "{name} on {network}");
    }
}

/// Every mapped veth of the containers `names`, as the kernel says on both ends.
async fn veths_are_as_the_kernel_says(lab: &Lab, topology: &Topology, names: &[&str]) {
    let host = kernel::host_links(&[]);
    let mut checked = 0;
    for pair in topology.veths.values() {
        let VethLink::Mapped {
            host_ifname,
            host_ifindex,
            bridge,
            container_ifname,
            container_ifindex,
            ..
        } = &pair.link
        else {
            continue;
        };
        let Some(container) = topology.containers.get(&pair.container_id) else {
            continue;
        };
        if !names.contains(&container.name.as_str()) {
            continue;
        }
        let host_end = host.iter().find(|l| l.ifindex == *host_ifindex);
        let host_end = host_end
            .cloned()
            .unwrap_or_else(|| panic!("no host link {host_ifindex}"));
        assert_eq!(&host_end.name, host_ifname);
        assert_eq!(host_end.master.as_deref(), Some(bridge.as_str()));
        assert_eq!(host_end.peer_ifindex, Some(*container_ifindex));
        let pid = lab
            .inspect(&container.name)
            .await
            .state
            .and_then(|s| s.pid)
            .filter(|pid| *pid > 0)
            .unwrap_or_else(|| panic!("docker inspect {}: no process id", container.name));
        let inside = kernel::namespace_links(pid);
        let inner = inside.iter().find(|l| l.ifindex == *container_ifindex);
        let inner = inner
            .cloned()
            .unwrap_or_else(|| panic!("no link {container_ifindex} in {}", container.name));
        assert_eq!(&inner.name, container_ifname);
        assert_eq!(inner.peer_ifindex, Some(*host_ifindex));
        checked += 1;
    }
    assert_eq!(checked, 4, "mapped veths of {names:?} checked");
}

/// Every bridge as `ip link show type bridge` says; the custom one `bridge` is there.
fn bridges_are_as_the_kernel_says(topology: &Topology, bridge: &str) {
    let kernel_bridges = kernel::host_links(&["show", "type", "bridge"]);
    assert!(
        topology.bridges.contains_key(bridge),
        "{:?}",
        topology.bridges.keys()
    );
    for model in topology.bridges.values() {
        let found = kernel_bridges.iter().find(|k| k.name == model.name);
        assert_eq!(
            found.map(|k| k.ifindex),
            Some(model.ifindex),
            "{}",
            model.name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_that_loses_its_ip_is_told_in_the_log_and_the_history() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let net = lab
        .create_network("restart", Some("10.213.21.0/24"), None)
        .await;
    let web = lab.run("web", &Run::sleeper(&[&net])).await;
    let old_ip = lab.expect_ip_on(&web, &net).await;
    let mut follower = Follower::connect(&server.url("/api/events")).await;
    follower
        .until("web running with its IP", Duration::from_secs(10), |f| {
            f.snapshot
                .topology
                .container_by_name(&web)
                .and_then(|c| c.endpoint_on(&net))
                .and_then(|e| e.ip())
                == Some(old_ip.as_str())
        })
        .await;

    lab.stop(&web).await;
    let thief = Run {
        ipv4: Some(old_ip.clone()),
        ..Run::sleeper(&[&net])
    };
    lab.run("thief", &thief).await;
    lab.start(&web).await;
    let new_ip = lab.expect_ip_on(&web, &net).await;
    assert_ne!(new_ip, old_ip, "Docker gave the old address back");

    let expected = format!("{web} restarted: IP on {net} {old_ip} -> {new_ip}");
    follower
        .until(
            &format!("the line {expected:?}"),
            Duration::from_secs(10),
            |f| f.lines.iter().any(|l| l.text == expected),
        )
        .await;
    let history: Vec<String> = follower
        .snapshot
        .topology
        .container_by_name(&web)
        .map(|c| c.ip_history.iter().map(|r| r.ip.clone()).collect())
        .unwrap_or_else(|| panic!("{web} is not in the streamed topology"));
    assert_eq!(history, vec![old_ip, new_ip]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_thirty_containers_converges_to_dockers_view() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let net = lab
        .create_network("burst", Some("10.213.22.0/24"), None)
        .await;
    let mut follower = Follower::connect(&server.url("/api/events")).await;

    let run = Run::sleeper(&[&net]);
    let suffixes: Vec<String> = (0..30).map(|i| format!("b{i:02}")).collect();
    let names = join_all(suffixes.iter().map(|s| lab.create(s, &run))).await;
    join_all(names.iter().map(|name| lab.start(name))).await;

    follower
        .until(
            "30 running containers with IPs",
            Duration::from_secs(30),
            |f| {
                names.iter().all(|name| {
                    f.snapshot
                        .topology
                        .container_by_name(name)
                        .is_some_and(|c| {
                            c.is_running() && c.endpoint_on(&net).and_then(|e| e.ip()).is_some()
                        })
                }) && mapped_veths_of(
                    &f.snapshot.topology,
                    &names.iter().map(String::as_str).collect::<Vec<_>>(),
                ) == 30
            },
        )
        .await;

    // The streamed state equals a fresh /api/topology of the same version.
    let mut compared = false;
    for _ in 0..20 {
        let api = parse(server.topology().await);
        let version = api.version;
        follower
            .until("the API's version", Duration::from_secs(10), |f| {
                f.snapshot.topology.version >= version
            })
            .await;
        if follower.snapshot.topology.version == version {
            assert_eq!(follower.snapshot.topology, api);
            compared = true;
            break;
        }
    }
    assert!(compared, "the stream and the API never met at one version");

    // And it equals Docker's own view.
    for name in &names {
        let docker_ip = lab.expect_ip_on(name, &net).await;
        let model = follower
            .snapshot
            .topology
            .container_by_name(name)
            .unwrap_or_else(|| panic!("{name} is not in the streamed topology"));
        let model_ip = model.endpoint_on(&net).and_then(|e| e.ip());
        assert_eq!(model_ip, Some(docker_ip.as_str()), "{name}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stream_survives_an_engine_that_goes_away_and_comes_back() {
    let lab = Lab::new().await;
    let socket = std::env::temp_dir().join(format!("bst-{}-fault.sock", std::process::id()));
    let mut relay = UnixRelay::new(&socket, Path::new("/var/run/docker.sock"));
    relay.restore();
    let server = InProcess::start(&relay.docker_host()).await;
    let net = lab
        .create_network("fault", Some("10.213.23.0/24"), None)
        .await;
    let mut follower = Follower::connect(&server.url("/api/events")).await;
    follower
        .until(
            "connected with the test network",
            Duration::from_secs(10),
            |f| {
                f.snapshot.topology.engine.is_connected()
                    && f.snapshot.topology.network_by_name(&net).is_some()
            },
        )
        .await;

    relay.cut();
    follower
        .until(
            "the engine reported unreachable",
            Duration::from_secs(10),
            |f| !f.snapshot.topology.engine.is_connected(),
        )
        .await;
    // Meanwhile the lab changes through the real socket.
    let during = lab.run("during", &Run::sleeper(&[&net])).await;

    relay.restore();
    follower
        .until(
            "reconnected, with the container made meanwhile",
            Duration::from_secs(20),
            |f| {
                f.snapshot.topology.engine.is_connected()
                    && f.snapshot
                        .topology
                        .container_by_name(&during)
                        .and_then(|c| c.endpoint_on(&net))
                        .and_then(|e| e.ip())
                        .is_some()
            },
        )
        .await;
    let model_ip = follower
        .snapshot
        .topology
        .container_by_name(&during)
        .and_then(|c| c.endpoint_on(&net))
        .and_then(|e| e.ip())
        .map(str::to_string);
    assert_eq!(model_ip, lab.ip_on(&during, &net).await);
    assert_eq!(
        follower.snapshots_received, 1,
        "the stream never had to start over"
    );
    assert!(server.is_serving().await, "the server must keep running");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_holding_the_current_snapshot_resumes_without_a_second_one() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let resume = |since: u64, instance: u64| {
        server.url(&format!("/api/events?since={since}&instance={instance}"))
    };
    // Other tests change Docker meanwhile, so the held snapshot may be overtaken between the
    // two requests: then the server rightly sends a snapshot, and we try again.
    let mut resumed = None;
    for _ in 0..20 {
        let held = Follower::connect(&server.url("/api/events")).await.snapshot;
        assert_ne!(held.instance, 0, "the snapshot names the server's run");
        let url = resume(held.topology.version, held.instance);
        let follower = Follower::connect_holding(&url, held.clone()).await;
        if follower.resumes == vec![held.topology.version] {
            resumed = Some((follower, held));
            break;
        }
        assert_eq!(
            follower.snapshots_received, 1,
            "neither resume nor snapshot"
        );
    }
    let Some((mut current, held)) = resumed else {
        panic!("never resumed in 20 tries");
    };
    assert_eq!(current.snapshots_received, 0);
    // And it follows from there: a new network arrives as updates that fit the held state.
    let net = lab
        .create_network("resume", Some("10.213.24.0/24"), None)
        .await;
    current
        .until("the new network", Duration::from_secs(10), |f| {
            f.snapshot.topology.network_by_name(&net).is_some()
        })
        .await;
    assert_eq!(current.snapshots_received, 0);

    // Another run of the server, or an older version: a snapshot, as without the question.
    let (version, instance) = (held.topology.version, held.instance);
    for (since, run) in [
        (version, instance.wrapping_add(1)),
        (version.saturating_sub(1), instance),
    ] {
        let other = Follower::connect_holding(&resume(since, run), held.clone()).await;
        assert_eq!((other.snapshots_received, other.resumes.len()), (1, 0));
    }
}
