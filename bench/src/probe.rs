//! Reachability probe latency against the real engine: the whole `POST /api/probe` round
//! trip and each stage's own question (DNS to 127.0.0.11, ICMP echo, TCP connect), side by
//! side with `docker exec A ping -c1 B` and `docker exec A nslookup B` in the same run, from
//! a busybox container to Redis on a user-defined network.

use std::path::Path;
use std::time::Instant;

use bridgescope_app::api::ProbeAnswer;
use bridgescope_testkit::{Lab, Run, ServerOptions, ServerProcess, REDIS_IMAGE};
use serde_json::json;

use crate::stats::{fine_summary, summary};

const ROUNDS: usize = 40;

pub async fn run(binary: &Path) {
    let lab = Lab::new().await;
    let net = lab.create_network("probe", None, None).await;
    let redis = Run {
        image: REDIS_IMAGE.into(),
        networks: vec![net.clone()],
        ..Default::default()
    };
    let b = lab.run("redis", &redis).await;
    let a = lab.run("web", &Run::sleeper(&[&net])).await;
    let server = ServerProcess::start_with(binary, &ServerOptions::default()).await;
    server
        .wait_for_topology("the bench containers", |t| {
            t.to_string().contains(&a) && t.to_string().contains(&b)
        })
        .await;
    let body = json!({"from": a, "to": b, "port": 6379});
    let mut whole = Vec::new();
    let (mut dns, mut ping, mut tcp) = (Vec::new(), Vec::new(), Vec::new());
    let (mut exec_ping, mut exec_lookup) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let (status, answer) = server.post("/api/probe", &body, &[]).await;
        whole.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(status, 200, "{answer}");
        let answer: ProbeAnswer = match serde_json::from_value(answer) {
            Ok(answer) => answer,
            Err(error) => panic!("the probe's answer does not parse: {error}"),
        };
        assert!(answer.reached, "{answer:?}");
        dns.extend(answer.stages.first().and_then(|s| s.millis));
        ping.extend(answer.ping.as_ref().map(|p| p.millis));
        tcp.extend(answer.ports.first().map(|p| p.millis));
        let started = Instant::now();
        let out = lab.exec(&a, &["ping", "-c1", "-W1", &b]).await;
        exec_ping.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(out.succeeded(), "{out:?}");
        let started = Instant::now();
        let out = lab.exec(&a, &["nslookup", &b, "127.0.0.11"]).await;
        exec_lookup.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(out.succeeded(), "{out:?}");
    }
    println!("\nReachability probe, {a} -> {b}:6379 on a user-defined network, {ROUNDS} rounds:");
    println!("{}", summary("POST /api/probe (whole answer)", &whole));
    println!("{}", fine_summary("  resolve: DNS to 127.0.0.11", &dns));
    println!("{}", fine_summary("  reach: ICMP echo", &ping));
    println!("{}", fine_summary("  reach: TCP connect 6379", &tcp));
    println!("{}", summary("docker exec A ping -c1 B", &exec_ping));
    println!("{}", summary("docker exec A nslookup B", &exec_lookup));
}
