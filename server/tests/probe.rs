//! The reachability probe against the real engine and kernel. Every answer is checked against
//! what `docker exec` shows inside the busybox test image (ping, nslookup, nc, cat), the truth
//! a student would type. Test containers run with `dns: 127.0.0.1`, so no name a probe or an
//! exec asks for ever leaves the machine.

mod common;

use std::time::Duration;

use bollard::models::NetworkCreateRequest;
use bridgescope_app::api::{ProbeAnswer, ProbeRequest};
use bridgescope_app::model::reach::{PortState, StageName, Via};
use bridgescope_testkit::{Follower, Lab, Run, REDIS_IMAGE};
use common::{default_engine, InProcess};
use serde_json::json;

async fn probe(server: &InProcess, from: &str, to: &str, port: Option<u16>) -> ProbeAnswer {
    let request = ProbeRequest {
        from: from.into(),
        to: to.into(),
        port,
    };
    let body = match serde_json::to_value(&request) {
        Ok(body) => body,
        Err(error) => panic!("cannot encode {request:?}: {error}"),
    };
    let (status, answer) = server.post("/api/probe", &body, &[]).await;
    assert_eq!(status, 200, "probe {from} -> {to} answered {answer}");
    match serde_json::from_value(answer.clone()) {
        Ok(answer) => answer,
        Err(error) => panic!("the probe's answer does not parse ({error}): {answer}"),
    }
}

fn stage_reason(answer: &ProbeAnswer, stage: StageName) -> &str {
    match answer.stages.iter().find(|s| s.stage == Some(stage)) {
        Some(s) => &s.reason,
        None => panic!("no {stage:?} stage in {answer:?}"),
    }
}

fn failed_at(answer: &ProbeAnswer) -> Option<StageName> {
    answer.failed_stage().and_then(|s| s.stage)
}

/// Waits until the server shows every one of `names` running with an address.
async fn wait_for_running(server: &InProcess, names: &[&str]) {
    server
        .wait_for_topology("the test containers with their addresses", |t| {
            let Some(containers) = t["containers"].as_object() else {
                return false;
            };
            names.iter().all(|name| {
                containers.values().any(|c| {
                    c["name"] == *name
                        && c["state"] == "running"
                        && c["endpoints"]
                            .as_object()
                            .is_some_and(|e| e.values().all(|e| e["ipv4"].is_string()))
                })
            })
        })
        .await;
}

fn shell(networks: &[&str]) -> Run {
    Run::sleeper(networks)
}

fn redis(networks: &[&str]) -> Run {
    Run {
        image: REDIS_IMAGE.into(),
        networks: networks.iter().map(|n| n.to_string()).collect(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn on_docker0_a_name_fails_at_resolve_an_ip_reaches_and_a_link_resolves_through_hosts() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let a = lab.run("a", &shell(&["bridge"])).await;
    let b = lab.run("b", &shell(&["bridge"])).await;
    let mut linked = shell(&["bridge"]);
    linked.links = vec![(b.clone(), "buddy".into())];
    let c = lab.run("c", &linked).await;
    wait_for_running(&server, &[&a, &b, &c]).await;
    let ip_b = lab.expect_ip_on(&b, "bridge").await;

    let by_name = probe(&server, &a, &b, None).await;
    assert!(!by_name.reached);
    assert_eq!((by_name.via, by_name.resolved.clone()), (None, None));
    assert_eq!(failed_at(&by_name), Some(StageName::Resolve));
    assert!(stage_reason(&by_name, StageName::Resolve).contains("knows no container names"));
    assert!(!lab.exec(&a, &["nslookup", &b]).await.succeeded());

    let by_ip = probe(&server, &a, &ip_b, None).await;
    assert!(by_ip.reached, "{by_ip:?}");
    assert_eq!(by_ip.via, Some(Via::Ip));
    assert!(stage_reason(&by_ip, StageName::Route).contains("docker0"));
    let ping = lab.exec(&a, &["ping", "-c1", "-W1", &ip_b]).await;
    assert!(ping.succeeded(), "{ping:?}");

    let by_link = probe(&server, &c, "buddy", None).await;
    assert!(by_link.reached, "{by_link:?}");
    assert_eq!(by_link.via, Some(Via::Hosts));
    assert_eq!(by_link.resolved.as_deref(), Some(ip_b.as_str()));
    assert!(stage_reason(&by_link, StageName::Resolve).contains("that --link wrote"));
    let hosts = lab.exec(&c, &["cat", "/etc/hosts"]).await;
    assert!(hosts
        .output
        .lines()
        .any(|l| l.contains(&ip_b) && l.contains("buddy")));
    assert!(lab
        .exec(&c, &["ping", "-c1", "-W1", "buddy"])
        .await
        .succeeded());
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_user_defined_network_a_name_resolves_through_the_embedded_dns_and_redis_answers() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let net = lab.create_network("app", None, None).await;
    let cache = lab.run("redis", &redis(&[&net])).await;
    let web = lab.run("web", &shell(&[&net])).await;
    wait_for_running(&server, &[&cache, &web]).await;
    let ip = lab.expect_ip_on(&cache, &net).await;

    let answer = probe(&server, &web, &cache, Some(6379)).await;
    assert!(answer.reached, "{answer:?}");
    assert_eq!(answer.via, Some(Via::DockerDns));
    assert_eq!(answer.resolved.as_deref(), Some(ip.as_str()));
    assert!(stage_reason(&answer, StageName::Resolve).contains(&format!("on network {net}")));
    let port = answer.ports.first().map(|p| (p.port, p.state));
    assert_eq!(port, Some((6379, PortState::Open)));
    let lookup = lab.exec(&web, &["nslookup", &cache, "127.0.0.11"]).await;
    assert!(lookup.output.contains(&ip), "{lookup:?}");
    // Busybox' nc has no -z: the truth is a PING that Redis answers.
    let ping = format!("echo PING | nc -w1 {cache} 6379");
    let pong = lab.exec(&web, &["sh", "-c", &ping]).await;
    assert!(pong.output.contains("PONG"), "{pong:?}");

    // Redis' image is FROM scratch: the hand commands would fail there, and the answer says so.
    let from_scratch = probe(&server, &cache, &web, None).await;
    assert!(from_scratch.reached, "{from_scratch:?}");
    let note = from_scratch.commands_note.unwrap_or_default();
    assert!(note.contains("has no ping, nslookup, nc"), "{note}");
}

async fn internal_network(lab: &Lab, suffix: &str) -> String {
    let name = lab.name(suffix);
    let request = NetworkCreateRequest {
        name: name.clone(),
        driver: Some("bridge".into()),
        internal: Some(true),
        labels: Some(lab.labels()),
        ..Default::default()
    };
    if let Err(error) = lab.docker().create_network(request).await {
        panic!("cannot create the internal network {name}: {error}");
    }
    name
}

#[tokio::test(flavor = "multi_thread")]
async fn two_networks_have_no_route_and_an_internal_network_keeps_to_itself() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let one = lab.create_network("one", None, None).await;
    let two = lab.create_network("two", None, None).await;
    let closed = internal_network(&lab, "closed").await;
    let a = lab.run("a", &shell(&[&one])).await;
    let b = lab.run("b", &shell(&[&two])).await;
    let i1 = lab.run("i1", &shell(&[&closed])).await;
    let i2 = lab.run("i2", &shell(&[&closed])).await;
    wait_for_running(&server, &[&a, &b, &i1, &i2]).await;
    let ip_b = lab.expect_ip_on(&b, &two).await;
    let ip_a = lab.expect_ip_on(&a, &one).await;

    let apart = probe(&server, &a, &ip_b, None).await;
    assert!(!apart.reached);
    assert_eq!(failed_at(&apart), Some(StageName::Route));
    assert!(stage_reason(&apart, StageName::Route).contains("share no network"));
    assert!(!lab
        .exec(&a, &["ping", "-c1", "-W1", &ip_b])
        .await
        .succeeded());

    let inside = probe(&server, &i1, &i2, None).await;
    assert!(inside.reached, "{inside:?}");
    assert_eq!(inside.via, Some(Via::DockerDns));
    assert!(stage_reason(&inside, StageName::Route).contains("is internal"));
    assert!(lab
        .exec(&i1, &["ping", "-c1", "-W1", &i2])
        .await
        .succeeded());

    let out = probe(&server, &i1, &ip_a, None).await;
    assert!(!out.reached);
    assert!(stage_reason(&out, StageName::Route).contains("internal network"));
    assert!(!lab
        .exec(&i1, &["ping", "-c1", "-W1", &ip_a])
        .await
        .succeeded());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_target_does_not_resolve_and_a_stopped_origin_is_refused() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let net = lab.create_network("app", None, None).await;
    let a = lab.run("a", &shell(&[&net])).await;
    let b = lab.run("b", &shell(&[&net])).await;
    wait_for_running(&server, &[&a, &b]).await;
    lab.stop(&b).await;
    server
        .wait_for_topology("b stopped", |t| {
            t["containers"].as_object().is_some_and(|cs| {
                cs.values()
                    .any(|c| c["name"] == b.as_str() && c["state"] == "exited")
            })
        })
        .await;

    let answer = probe(&server, &a, &b, None).await;
    assert!(!answer.reached);
    assert_eq!(failed_at(&answer), Some(StageName::Resolve));
    assert!(stage_reason(&answer, StageName::Route).contains("is not running"));
    let lookup = lab.exec(&a, &["nslookup", &b, "127.0.0.11"]).await;
    assert!(!lookup.succeeded(), "{lookup:?}");

    let (status, refused) = server
        .post("/api/probe", &json!({"from": b, "to": a}), &[])
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["error"]
        .as_str()
        .is_some_and(|e| e.contains("is not running")));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_host_reaches_a_container_ip_and_port_directly() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let cache = lab.run("redis", &redis(&["bridge"])).await;
    wait_for_running(&server, &[&cache]).await;
    let ip = lab.expect_ip_on(&cache, "bridge").await;

    let answer = probe(&server, "host", &ip, Some(6379)).await;
    assert!(answer.reached, "{answer:?}");
    assert_eq!(answer.from_container, None);
    assert!(stage_reason(&answer, StageName::Route).contains("the host is on bridge docker0"));
    let port = answer.ports.first().map(|p| p.state);
    assert_eq!(port, Some(PortState::Open));
    let addr = match format!("{ip}:6379").parse() {
        Ok(addr) => addr,
        Err(error) => panic!("{ip} is not an address: {error}"),
    };
    let truth = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1));
    assert!(
        truth.is_ok(),
        "the host cannot connect to {addr}: {truth:?}"
    );

    let by_name = probe(&server, "host", &cache, None).await;
    assert_eq!(failed_at(&by_name), Some(StageName::Resolve));
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_restart_the_old_ip_leads_to_another_container_and_every_page_hears_it() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let net = lab
        .create_network("app", Some("10.213.61.0/24"), None)
        .await;
    let a = lab.run("a", &shell(&[&net])).await;
    let b = lab.run("b", &shell(&[&net])).await;
    wait_for_running(&server, &[&a, &b]).await;
    let old = lab.expect_ip_on(&b, &net).await;
    lab.stop(&b).await;
    let mut taker = shell(&[&net]);
    taker.ipv4 = Some(old.clone());
    let c = lab.run("c", &taker).await;
    lab.start(&b).await;
    wait_for_running(&server, &[&a, &b, &c]).await;
    let new = lab.expect_ip_on(&b, &net).await;
    assert_ne!(new, old);

    let mut follower = Follower::connect(&server.url("/api/events")).await;
    let answer = probe(&server, &a, &old, None).await;
    assert!(answer.reached, "{answer:?}");
    let c_id = lab.inspect(&c).await.id;
    assert_eq!(answer.to_container, c_id);
    let route = stage_reason(&answer, StageName::Route);
    assert!(
        route.contains(&format!("{old} belonged to {b} earlier")),
        "{route}"
    );
    assert!(lab
        .exec(&a, &["ping", "-c1", "-W1", &old])
        .await
        .succeeded());
    let id = answer.id;
    follower
        .until("the probe event", Duration::from_secs(5), |f| {
            f.others.iter().any(|(event, data)| {
                event == "probe"
                    && serde_json::from_str::<ProbeAnswer>(data).is_ok_and(|a| a.id == id)
            })
        })
        .await;

    let by_name = probe(&server, &a, &b, None).await;
    assert_eq!(by_name.resolved.as_deref(), Some(new.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_probe_asked_twice_at_once_runs_once() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let one = lab.create_network("one", None, None).await;
    let two = lab.create_network("two", None, None).await;
    let a = lab.run("a", &shell(&[&one])).await;
    let b = lab.run("b", &shell(&[&two])).await;
    wait_for_running(&server, &[&a, &b]).await;
    let ip_b = lab.expect_ip_on(&b, &two).await;
    // No route: the ping waits for its deadline, so the second request comes while it runs.
    let (first, second) = tokio::join!(
        probe(&server, &a, &ip_b, None),
        probe(&server, &a, &ip_b, None)
    );
    assert_eq!(first.id, second.id);
    let third = probe(&server, &a, &ip_b, None).await;
    assert_ne!(third.id, first.id);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_probes_get_clear_messages() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let a = lab.run("a", &shell(&["bridge"])).await;
    wait_for_running(&server, &[&a]).await;
    let cases = [
        (
            json!({"from": a, "to": "example.com"}),
            400,
            "never outside names",
        ),
        (
            json!({"from": "bst-nobody-here", "to": a}),
            404,
            "no container called",
        ),
        (json!({"from": "", "to": a}), 400, "say which container"),
        (
            json!({"from": a, "to": "bad name!"}),
            400,
            "is not a name Docker accepts",
        ),
        (json!({"from": a}), 400, "not the JSON this action takes"),
    ];
    for (body, status, message) in cases {
        let (got, answer) = server.post("/api/probe", &body, &[]).await;
        assert_eq!(got, status, "{body} answered {answer}");
        let error = answer["error"].as_str().unwrap_or("(no error field)");
        assert!(error.contains(message), "{body}: {error}");
    }
    let (status, names) = server.get_text(&format!("/api/containers/{a}/names")).await;
    assert_eq!(status, 200, "{names}");
    assert!(names.contains("\"nameservers\":[\"127.0.0.1\"]"), "{names}");
    let (status, _) = server.get_text("/api/containers/bad%20name/names").await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_probe_is_an_action_and_read_only_turns_it_off() {
    let lab = Lab::new().await;
    let a = lab.run("a", &shell(&["bridge"])).await;
    let server = bridgescope_testkit::ServerProcess::start_with(
        std::path::Path::new(env!("CARGO_BIN_EXE_bridgescope")),
        &bridgescope_testkit::ServerOptions {
            args: &["--read-only"],
            ..Default::default()
        },
    )
    .await;
    server
        .wait_for_topology("the test container", |t| t.to_string().contains(&a))
        .await;
    let (status, answer) = server
        .post("/api/probe", &json!({"from": "host", "to": a}), &[])
        .await;
    assert_eq!(status, 403, "{answer}");
    assert!(answer["error"]
        .as_str()
        .is_some_and(|e| e.contains("read-only")));
}
