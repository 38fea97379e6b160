//! Lab actions against the real engine, the server in-process (`common`): bad input gets a
//! clear message and changes nothing; the demo runs (image built on the spot, Redis from the
//! local test image), set/get go through the web app's published port, Reset removes lab
//! resources and nothing else; only the presenter may act when the server is bound beyond
//! loopback; read-only turns every action off. One test runs the real binary, whose own work
//! it checks: the presenter token it makes and prints.

mod common;

use std::path::Path;
use std::time::Duration;

use bridgescope_app::model::{Topology, VethLink};
use bridgescope_testkit::{Follower, Lab, ResetLabOnDrop, Run, ServerOptions, ServerProcess};
use common::{default_engine, InProcess};
use serde_json::{json, Value};

const BINARY: &str = env!("CARGO_BIN_EXE_bridgescope");
const TOKEN_HEADER: &str = "x-bridgescope-token";

async fn network_exists(lab: &Lab, name: &str) -> bool {
    lab.docker().inspect_network(name, None).await.is_ok()
}

fn error_of(answer: &Value) -> String {
    match answer["error"].as_str() {
        Some(error) => error.to_string(),
        None => panic!("the answer has no error message: {answer}"),
    }
}

fn parse(topology: &Value) -> Topology {
    match serde_json::from_value(topology.clone()) {
        Ok(topology) => topology,
        Err(error) => panic!("/api/topology does not parse as a Topology: {error}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_network_requests_get_clear_messages_and_make_nothing() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    let taken = lab
        .create_network("taken", Some("10.213.40.0/24"), None)
        .await;
    server
        .wait_for_topology("the test network", |t| t.to_string().contains(&taken))
        .await;
    let name = lab.name("new");
    let cases = [
        (
            json!({"name": "bad name!"}),
            "is not valid",
            "bad name!".to_string(),
        ),
        (
            json!({"name": name, "subnet": "10.0.0.0/33"}),
            "is not an IPv4 CIDR",
            name.clone(),
        ),
        (
            json!({"name": name, "subnet": "10.213.40.128/25"}),
            &format!("overlaps 10.213.40.0/24 of network {taken}"),
            name.clone(),
        ),
        (
            json!({"name": name, "subnet": "10.213.42.0/24", "gateway": "10.213.43.1"}),
            "is not a host address",
            name.clone(),
        ),
    ];
    for (request, message, created) in cases {
        let (status, answer) = server.post("/api/lab/networks", &request, &[]).await;
        assert_eq!(status, 400, "{request}: {answer}");
        assert!(error_of(&answer).contains(message), "{request}: {answer}");
        assert!(
            !network_exists(&lab, &created).await,
            "{created} was created"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_key_and_an_unknown_container_are_refused_plainly() {
    let server = InProcess::start(&default_engine()).await;
    server.wait_until_connected().await;
    let (status, answer) = server
        .post("/api/lab/webapp", &json!({"key": "", "value": "x"}), &[])
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(error_of(&answer), "the key must not be empty");

    let (status, answer) = server
        .post("/api/lab/containers/bst-no-such/restart", &json!({}), &[])
        .await;
    assert_eq!(status, 404, "{answer}");
    assert!(server.is_serving().await, "the server must keep running");
}

/// A network the lab made, with a container attached: removing it is refused, naming the
/// container; once the container is gone it is removed.
#[tokio::test(flavor = "multi_thread")]
async fn a_network_in_use_is_removed_only_once_it_is_empty() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    // Removes what this server's lab made, also when the test fails midway.
    let _reset = ResetLabOnDrop(server.url("/api/lab/reset"));
    server.wait_until_connected().await;
    let attached = lab.name("attached");
    let (status, answer) = server
        .post("/api/lab/networks", &json!({"name": attached}), &[])
        .await;
    assert_eq!(status, 200, "{answer}");
    let user = lab.run("user", &Run::sleeper(&[&attached])).await;
    server
        .wait_for_topology("the container", |t| t.to_string().contains(&user))
        .await;
    let remove = format!("/api/lab/networks/{attached}/remove");
    let (status, answer) = server.post(&remove, &json!({}), &[]).await;
    assert_eq!(status, 409, "{answer}");
    assert!(error_of(&answer).contains(&user), "{answer}");
    assert!(network_exists(&lab, &attached).await);

    lab.remove(&user).await;
    server
        .wait_for_topology("the container gone", |t| !t.to_string().contains(&user))
        .await;
    let (status, answer) = server.post(&remove, &json!({}), &[]).await;
    assert_eq!(status, 200, "{answer}");
    assert!(!network_exists(&lab, &attached).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_runs_sets_gets_and_reset_leaves_other_containers() {
    let lab = Lab::new().await;
    let keeper = lab.run("keeper", &Run::sleeper(&["bridge"])).await;
    let (server, _reset) = InProcess::start_for_demo().await;
    let mut follower = Follower::connect(&server.url("/api/events")).await;
    remove_the_webapp_image(&lab).await;

    let (status, answer) = server.post("/api/lab/demo", &json!({}), &[]).await;
    assert_eq!(status, 200, "{answer}");
    // Every page saw the steps as they happened.
    follower
        .until(
            "the demo's steps on /api/events",
            Duration::from_secs(5),
            |f| {
                f.progress.iter().any(|l| l == "ran redis")
                    && f.progress.iter().any(|l| l == "ran web")
            },
        )
        .await;
    server
        .wait_for_topology("redis and web on app with their veths", |t| {
            let t = parse(t);
            ["redis", "web"].iter().all(|name| {
                t.container_by_name(name).is_some_and(|c| {
                    c.is_running()
                        && c.endpoint_on("app").is_some()
                        && t.veths.values().any(|v| {
                            v.container_id == c.id && matches!(v.link, VethLink::Mapped { .. })
                        })
                })
            })
        })
        .await;

    sets_and_gets_awkward_keys(&server).await;
    a_stopped_redis_is_told_and_then_recovers(&server).await;

    let (status, again) = server.post("/api/lab/demo", &json!({}), &[]).await;
    assert_eq!(status, 200, "the demo is idempotent: {again}");

    let (status, reset) = server.post("/api/lab/reset", &json!({}), &[]).await;
    assert_eq!(status, 200, "{reset}");
    server
        .wait_for_topology("the demo gone", |t| {
            let text = t.to_string();
            !text.contains("\"name\":\"web\"") && !text.contains("\"name\":\"redis\"")
        })
        .await;
    assert!(!network_exists(&lab, "app").await);
    let keeper_state = lab.inspect(&keeper).await.state.and_then(|s| s.running);
    assert_eq!(
        keeper_state,
        Some(true),
        "Reset touched a container it did not make"
    );
}

/// Without the web app image, so the demo builds it and its build output streams; an image
/// that is not there is fine, any other failure is not.
async fn remove_the_webapp_image(lab: &Lab) {
    let no_options = None::<bollard::query_parameters::RemoveImageOptions>;
    match lab
        .docker()
        .remove_image("bridgescope/webapp:latest", no_options, None)
        .await
    {
        Ok(_) => {}
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => {}
        Err(error) => panic!("cannot remove the web app image: {error}"),
    }
}

/// Set then get, for a plain key and one that needs escaping; a key never set is a 404.
async fn sets_and_gets_awkward_keys(server: &ServerProcess) {
    let odd = "a key & = ü";
    for (key, value) in [("test", "123"), (odd, "v a=l&ue ✓")] {
        let set = set_until_ready(server, key, value).await;
        assert_eq!(
            (set["status"].as_u64(), set["body"].as_str()),
            (Some(200), Some("success"))
        );
        let (status, get) = server
            .post("/api/lab/webapp", &json!({"key": key}), &[])
            .await;
        assert_eq!(status, 200, "{get}");
        assert_eq!(get["body"], value, "{get}");
    }
    let (_, missing) = server
        .post("/api/lab/webapp", &json!({"key": "never-set"}), &[])
        .await;
    assert_eq!(missing["status"], 404, "{missing}");
}

/// Redis stopped: its name no longer resolves on app; the web app says so, then recovers.
async fn a_stopped_redis_is_told_and_then_recovers(server: &ServerProcess) {
    let (status, answer) = server
        .post("/api/lab/containers/redis/stop", &json!({}), &[])
        .await;
    assert_eq!(status, 200, "{answer}");
    let (_, down) = server
        .post("/api/lab/webapp", &json!({"key": "test"}), &[])
        .await;
    assert_eq!(down["status"], 503, "{down}");
    let body = down["body"]
        .as_str()
        .unwrap_or_else(|| panic!("the web app's answer has no body: {down}"));
    assert!(
        body.contains("cannot reach Redis at redis:6379") && body.contains("did not resolve"),
        "{body}"
    );
    let (status, answer) = server
        .post("/api/lab/containers/redis/start", &json!({}), &[])
        .await;
    assert_eq!(status, 200, "{answer}");
    let set = set_until_ready(server, "after", "restart").await;
    assert_eq!(set["body"], "success", "{set}");
}

/// The web app may need a moment after its container starts.
async fn set_until_ready(server: &ServerProcess, key: &str, value: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let (status, answer) = server
            .post("/api/lab/webapp", &json!({"key": key, "value": value}), &[])
            .await;
        if status == 200 && answer["status"] == 200 {
            return answer;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "set never worked: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn beyond_loopback_only_the_presenter_may_act() {
    let lab = Lab::new().await;
    let token = match bridgescope_server::new_token() {
        Ok(token) => token,
        Err(error) => panic!("cannot make a token: {error}"),
    };
    // As the binary runs when bound to 0.0.0.0: a token, and any IP address in Host.
    let server = InProcess::with(&default_engine())
        .bind(std::net::Ipv4Addr::UNSPECIFIED.into())
        .token(&token)
        .allow_hosts(&[])
        .start()
        .await;
    let (_, access) = server.get_text("/api/access").await;
    assert!(access.contains("\"needs_token\":true"), "{access}");
    // Validation comes after the engine check: an engine not connected yet answers 503.
    server
        .wait_for_topology("connected", |t| t["engine"]["state"] == "connected")
        .await;

    server.wait_until_connected().await;
    let name = lab.name("tok");
    let request = json!({"name": name, "subnet": "10.213.44.0/24"});
    let (status, answer) = server.post("/api/lab/networks", &request, &[]).await;
    assert_eq!(status, 403, "{answer}");
    assert!(!network_exists(&lab, &name).await);

    let origin = [
        (TOKEN_HEADER, token.as_str()),
        ("origin", "http://evil.example"),
    ];
    let (status, answer) = server.post("/api/lab/networks", &request, &origin).await;
    assert_eq!(status, 403, "{answer}");
    assert!(!network_exists(&lab, &name).await);

    let presenter = [(TOKEN_HEADER, token.as_str())];
    let (status, answer) = server.post("/api/lab/networks", &request, &presenter).await;
    assert_eq!(status, 200, "{answer}");
    assert!(network_exists(&lab, &name).await);
    server
        .wait_for_topology("the new network", |t| t.to_string().contains(&name))
        .await;
    let remove = format!("/api/lab/networks/{name}/remove");
    let (status, answer) = server.post(&remove, &json!({}), &presenter).await;
    assert_eq!(status, 200, "{answer}");
    assert!(!network_exists(&lab, &name).await);
}

/// The binary's own part of the rule above: bound beyond loopback it makes a token, prints
/// it, and asks for exactly that one. A request the token lets past the guard is refused by
/// validation instead, so nothing reaches Docker.
#[tokio::test]
async fn the_binary_bound_beyond_loopback_prints_the_token_it_asks_for() {
    let log = std::env::temp_dir().join(format!("bst-{}-token.log", std::process::id()));
    let server = ServerProcess::start_with(
        Path::new(BINARY),
        &ServerOptions {
            bind_host: Some("0.0.0.0"),
            log: Some(&log),
            ..Default::default()
        },
    )
    .await;
    let text = match std::fs::read_to_string(&log) {
        Ok(text) => text,
        Err(error) => panic!("cannot read the server's log {}: {error}", log.display()),
    };
    let _ = std::fs::remove_file(&log);
    let token = text
        .split("presenter token ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no token in the log:\n{text}"))
        .to_string();
    assert_eq!(token.len(), 32, "no token in the log:\n{text}");
    let (_, access) = server.get_text("/api/access").await;
    assert!(access.contains("\"needs_token\":true"), "{access}");
    // Validation comes after the engine check: an engine not connected yet answers 503.
    server
        .wait_for_topology("connected", |t| t["engine"]["state"] == "connected")
        .await;

    let invalid = json!({"name": "bad name!"});
    let (status, answer) = server.post("/api/lab/networks", &invalid, &[]).await;
    assert_eq!(status, 403, "without the token: {answer}");
    let presenter = [(TOKEN_HEADER, token.as_str())];
    let (status, answer) = server.post("/api/lab/networks", &invalid, &presenter).await;
    assert_eq!(
        status, 400,
        "the printed token is the one asked for: {answer}"
    );
    assert!(error_of(&answer).contains("is not valid"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_turns_every_action_off() {
    let lab = Lab::new().await;
    let server = InProcess::with(&default_engine()).read_only().start().await;
    server.wait_until_connected().await;
    let name = lab.name("ro");
    let (status, answer) = server
        .post("/api/lab/networks", &json!({"name": name}), &[])
        .await;
    assert_eq!(status, 403, "{answer}");
    assert!(error_of(&answer).contains("read-only"), "{answer}");
    assert!(!network_exists(&lab, &name).await);
}
