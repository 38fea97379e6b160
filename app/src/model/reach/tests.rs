//! The probe's sentences from hand-built topologies: the lesson's three ways (default bridge,
//! user-defined network, legacy link), and the ways a probe fails.

use std::collections::BTreeMap;

use super::*;
use crate::model::{
    Container, ContainerState, Endpoint, IpRecord, IpamSubnet, LegacyLink, Network, Topology,
};

fn network(id: &str, name: &str, subnet: &str, bridge: &str) -> Network {
    Network {
        id: id.into(),
        name: name.into(),
        driver: "bridge".into(),
        subnets: vec![IpamSubnet {
            subnet: subnet.into(),
            gateway: None,
        }],
        bridge: Some(bridge.into()),
        ..Default::default()
    }
}

fn container(t: &mut Topology, name: &str, on: &[(&str, &str)]) {
    let mut endpoints = BTreeMap::new();
    for (net_id, ip) in on {
        let net = &t.networks[*net_id];
        endpoints.insert(
            net.id.clone(),
            Endpoint {
                network_id: net.id.clone(),
                network_name: net.name.clone(),
                ipv4: (!ip.is_empty()).then(|| format!("{ip}/16")),
                dns_names: if net.name == "bridge" {
                    vec![]
                } else {
                    vec![name.into()]
                },
                ..Default::default()
            },
        );
    }
    let id = format!("id-{name}");
    t.containers.insert(
        id.clone(),
        Container {
            id,
            name: name.into(),
            state: ContainerState::Running,
            endpoints,
            ..Default::default()
        },
    );
}

/// docker0 with `web` and `db`; `app` with `front` and `redis`; `other` with `lonely`.
fn classroom() -> Topology {
    let mut t = Topology::default();
    for n in [
        network("n-bridge", "bridge", "172.17.0.0/16", "docker0"),
        network("n-app", "app", "172.22.0.0/16", "br-app"),
        network("n-other", "other", "172.23.0.0/16", "br-other"),
    ] {
        t.networks.insert(n.id.clone(), n);
    }
    container(&mut t, "web", &[("n-bridge", "172.17.0.2")]);
    container(&mut t, "db", &[("n-bridge", "172.17.0.3")]);
    container(&mut t, "front", &[("n-app", "172.22.0.3")]);
    container(&mut t, "redis", &[("n-app", "172.22.0.2")]);
    container(&mut t, "lonely", &[("n-other", "172.23.0.2")]);
    t
}

fn ask(t: &Topology, from: &str, to: &str) -> ProbePlan {
    let request = ProbeRequest {
        from: from.into(),
        to: to.into(),
        port: None,
    };
    match plan(t, &request) {
        Ok(plan) => plan,
        Err(refusal) => panic!("{from} -> {to} refused: {refusal}"),
    }
}

fn pinged() -> NamespaceFindings {
    NamespaceFindings {
        ping: Some(PingFinding {
            answered: true,
            millis: 0.1,
            error: None,
        }),
        ..Default::default()
    }
}

fn docker0_resolver() -> ResolverConfig {
    parse_resolv_conf("nameserver 10.0.0.2\n")
}

#[test]
fn on_the_default_bridge_a_name_fails_at_resolve_and_the_resolver_is_not_asked() {
    let t = classroom();
    let plan = ask(&t, "web", "db");
    let local = resolve_locally(&plan, &[], &docker0_resolver());
    assert_eq!(local, LocalAnswer::OtherResolver(vec!["10.0.0.2".into()]));
    let answer = compose(
        &t,
        &plan,
        &local,
        &NamespaceFindings::default(),
        &Tools::default(),
    );
    assert!(!answer.reached);
    assert_eq!(answer.via, None);
    assert_eq!(answer.resolved, None);
    let failed = answer.failed_stage().map(|s| s.stage);
    assert_eq!(failed, Some(Some(StageName::Resolve)));
    assert!(answer.stages[0].reason.contains("knows no container names"));
    assert!(answer.stages[1]
        .reason
        .contains("db is at 172.17.0.3 on bridge"));
    assert_eq!(answer.to_container.as_deref(), Some("id-db"));
    assert_eq!(answer.summary, "db does not resolve");
}

#[test]
fn on_the_default_bridge_an_ip_needs_no_resolving_and_routes_over_docker0() {
    let t = classroom();
    let plan = ask(&t, "web", "172.17.0.3");
    let local = resolve_locally(&plan, &[], &docker0_resolver());
    let answer = compose(&t, &plan, &local, &pinged(), &Tools::default());
    assert!(answer.reached, "{answer:?}");
    assert_eq!(answer.via, Some(Via::Ip));
    assert!(answer.stages[1].reason.contains("bridge docker0"));
    assert_eq!(answer.to_container.as_deref(), Some("id-db"));
    assert_eq!(answer.summary, "reached 172.17.0.3");
}

#[test]
fn a_legacy_link_resolves_through_the_hosts_line_it_wrote() {
    let mut t = classroom();
    if let Some(web) = t.containers.get_mut("id-web") {
        web.links.push(LegacyLink {
            target: "db".into(),
            alias: "database".into(),
            network: None,
        });
    }
    let plan = ask(&t, "web", "database");
    let mut hosts = parse_hosts("127.0.0.1 localhost\n172.17.0.3\tdatabase 0123abcd db\n");
    mark_link_lines(&t.containers["id-web"], &mut hosts);
    assert_eq!(hosts[1].from_link.as_deref(), Some("database"));
    let local = resolve_locally(&plan, &hosts, &docker0_resolver());
    let answer = compose(&t, &plan, &local, &pinged(), &Tools::default());
    assert_eq!(answer.via, Some(Via::Hosts));
    assert_eq!(answer.resolved.as_deref(), Some("172.17.0.3"));
    assert!(answer.stages[0]
        .reason
        .contains("the line `172.17.0.3 database 0123abcd db` that --link wrote"));
}

#[test]
fn on_a_user_defined_network_the_embedded_dns_answers_and_names_the_network() {
    let t = classroom();
    let plan = ask(&t, "front", "redis");
    let resolver = parse_resolv_conf("nameserver 127.0.0.11\noptions ndots:0\n");
    let local = resolve_locally(&plan, &[], &resolver);
    assert_eq!(local, LocalAnswer::AskEmbeddedDns);
    let mut found = pinged();
    found.dns = Some(DnsFinding::Answered {
        ips: vec!["172.22.0.2".into()],
        millis: 0.3,
    });
    found.ports.push(PortFinding {
        port: 6379,
        state: PortState::Open,
        millis: 0.2,
    });
    let answer = compose(&t, &plan, &local, &found, &Tools::default());
    assert!(answer.reached);
    assert_eq!(answer.via, Some(Via::DockerDns));
    assert!(answer.stages[0]
        .reason
        .contains("answered 172.22.0.2 (redis, on network app)"));
    assert!(answer.stages[1]
        .reason
        .contains("both on app (172.22.0.0/16)"));
    assert!(answer.stages[2].reason.contains("TCP 6379: open"));
}

#[test]
fn two_networks_share_no_route_and_an_unknown_name_is_refused() {
    let t = classroom();
    let plan = ask(&t, "front", "172.23.0.2");
    let local = resolve_locally(&plan, &[], &ResolverConfig::default());
    let answer = compose(
        &t,
        &plan,
        &local,
        &NamespaceFindings::default(),
        &Tools::default(),
    );
    assert!(!answer.stages[1].ok);
    assert!(answer.stages[1].reason.contains("share no network"));
    assert_eq!(answer.summary, "no route");
    let outside = plan_of(&t, "front", "example.com");
    assert!(matches!(outside, Err(ProbeRefusal::OutsideName(_))));
    assert!(matches!(
        plan_of(&t, "ghost", "redis"),
        Err(ProbeRefusal::NoSuchOrigin(_))
    ));
    assert!(matches!(
        plan_of(&t, "front", "bad name!"),
        Err(ProbeRefusal::BadName(_))
    ));
    assert!(matches!(
        plan_of(&t, " ", "redis"),
        Err(ProbeRefusal::Empty)
    ));
}

fn plan_of(t: &Topology, from: &str, to: &str) -> Result<ProbePlan, ProbeRefusal> {
    plan(
        t,
        &ProbeRequest {
            from: from.into(),
            to: to.into(),
            port: None,
        },
    )
}

#[test]
fn a_stopped_origin_is_refused_and_a_stopped_target_has_no_address() {
    let mut t = classroom();
    if let Some(db) = t.containers.get_mut("id-db") {
        db.state = ContainerState::Exited;
        for e in db.endpoints.values_mut() {
            e.ipv4 = None;
        }
        db.ip_history.push(IpRecord {
            network: "bridge".into(),
            ip: "172.17.0.3".into(),
            since_version: 1,
        });
    }
    assert!(matches!(
        plan_of(&t, "db", "web"),
        Err(ProbeRefusal::OriginStopped(_))
    ));
    let plan = ask(&t, "web", "172.17.0.3");
    let local = resolve_locally(&plan, &[], &docker0_resolver());
    let answer = compose(
        &t,
        &plan,
        &local,
        &NamespaceFindings::default(),
        &Tools::default(),
    );
    assert!(answer.stages[1]
        .reason
        .contains("it was db's address, and db has no address now"));
}

#[test]
fn an_old_ip_taken_by_another_container_says_so() {
    let mut t = classroom();
    if let Some(db) = t.containers.get_mut("id-db") {
        db.ip_history.push(IpRecord {
            network: "bridge".into(),
            ip: "172.17.0.9".into(),
            since_version: 1,
        });
    }
    container(&mut t, "newcomer", &[("n-bridge", "172.17.0.9")]);
    let plan = ask(&t, "web", "172.17.0.9");
    let local = resolve_locally(&plan, &[], &docker0_resolver());
    let answer = compose(&t, &plan, &local, &pinged(), &Tools::default());
    assert!(answer.reached);
    assert_eq!(answer.to_container.as_deref(), Some("id-newcomer"));
    assert!(answer.stages[1]
        .reason
        .contains("172.17.0.9 belonged to db earlier; after a restart it went to newcomer"));
}

#[test]
fn the_host_reaches_a_container_ip_directly_but_resolves_no_container_names() {
    let t = classroom();
    let plan = ask(&t, HOST, "172.17.0.2");
    let local = resolve_locally(&plan, &[], &ResolverConfig::default());
    let answer = compose(&t, &plan, &local, &pinged(), &Tools::default());
    assert!(answer.reached);
    assert!(answer.stages[1]
        .reason
        .contains("the host is on bridge docker0"));
    assert_eq!(answer.from_container, None);
    let by_name = ask(&t, HOST, "web");
    let local = resolve_locally(&by_name, &[], &ResolverConfig::default());
    assert_eq!(local, LocalAnswer::HostResolver);
    let (commands, note) = hand_commands(&by_name, &Tools::default());
    assert_eq!(commands[0], "cat /etc/hosts");
    assert_eq!(note, None);
}

#[test]
fn hand_commands_use_docker_exec_and_say_when_the_image_has_no_tools() {
    let t = classroom();
    let mut plan = ask(&t, "front", "redis");
    plan.port = Some(6379);
    let tools = Tools {
        missing: vec!["ping".into(), "nslookup".into()],
    };
    let (commands, note) = hand_commands(&plan, &tools);
    assert_eq!(
        commands,
        [
            "docker exec front cat /etc/hosts",
            "docker exec front nslookup redis",
            "docker exec front ping -c1 -W1 redis",
            "docker exec front nc -zv -w1 redis 6379",
        ]
    );
    assert!(note.is_some_and(|n| n.contains("front's image has no ping, nslookup")));
}

#[test]
fn the_name_view_tells_resolvable_names_from_the_others_and_why() {
    let t = classroom();
    let front = &t.containers["id-front"];
    let embedded = parse_resolv_conf("nameserver 127.0.0.11\n");
    let view = name_view(&t, front, &embedded, Vec::new());
    let names = |facts: &[NameFact]| facts.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&view.resolvable), ["redis"]);
    assert!(view.resolvable[0].why.contains("network app"));
    assert!(names(&view.unresolvable).contains(&"web".to_string()));
    let web = &t.containers["id-web"];
    let copied = name_view(&t, web, &docker0_resolver(), Vec::new());
    assert!(copied.resolvable.is_empty());
    assert!(copied
        .unresolvable
        .iter()
        .all(|f| f.why.contains("knows no container names")));
}
