//! "Run a container" against the real engine, through the in-process server: a busybox
//! container on a test network with an alias, labelled and recorded so that Reset removes it,
//! and one linked to a peer there; a legacy link on the default bridge that lands in the container's /etc/hosts, with a port
//! published on 127.0.0.1; and each refusal with its status and message, creating nothing.
//! Containers made through the API carry the lab label, not the test label: every test resets
//! the lab at its end, and `ResetLabOnDrop` does it when a test fails halfway.

mod common;

use bridgescope_app::api::{Outcome, RunRequest};
use bridgescope_app::model::{Topology, LAB_LABEL};
use bridgescope_testkit::{free_port, Lab, ResetLabOnDrop, Run, SHELL_IMAGE};
use common::{default_engine, InProcess};
use serde_json::{json, Value};

/// A server, and the guard that resets its lab when the test ends (dropped before the server).
async fn server() -> (InProcess, ResetLabOnDrop) {
    let server = InProcess::start(&default_engine()).await;
    let reset = ResetLabOnDrop(server.url("/api/lab/reset"));
    (server, reset)
}

fn parsed(topology: &Value) -> Option<Topology> {
    serde_json::from_value(topology.clone()).ok()
}

/// Waits until the server shows each of `names` running, and `networks` too.
async fn wait_for(server: &InProcess, names: &[&str], networks: &[&str]) -> Topology {
    let shown = server
        .wait_for_topology("the test's containers and networks", |t| {
            parsed(t).is_some_and(|t| {
                names
                    .iter()
                    .all(|n| t.container_by_name(n).is_some_and(|c| c.is_running()))
                    && networks.iter().all(|n| t.network_by_name(n).is_some())
            })
        })
        .await;
    parsed(&shown).unwrap_or_default()
}

/// A busybox container that keeps running.
fn shell_request(name: &str) -> RunRequest {
    RunRequest {
        name: name.into(),
        image: SHELL_IMAGE.into(),
        command: vec!["sleep".into(), "3600".into()],
        ..Default::default()
    }
}

async fn run(server: &InProcess, request: &RunRequest) -> (u16, Value) {
    let body = match serde_json::to_value(request) {
        Ok(body) => body,
        Err(error) => panic!("cannot encode {request:?}: {error}"),
    };
    server.post("/api/lab/containers", &body, &[]).await
}

async fn outcome_of(server: &InProcess, request: &RunRequest) -> Outcome {
    let (status, answer) = run(server, request).await;
    assert_eq!(status, 200, "{request:?}: {answer}");
    match serde_json::from_value(answer.clone()) {
        Ok(outcome) => outcome,
        Err(error) => panic!("the answer is not an Outcome ({error}): {answer}"),
    }
}

async fn exists(lab: &Lab, name: &str) -> bool {
    lab.docker().inspect_container(name, None).await.is_ok()
}

/// Resets the lab and waits until the server no longer shows `name`.
async fn reset_removes(server: &InProcess, lab: &Lab, name: &str) {
    let (status, answer) = server.post("/api/lab/reset", &json!({}), &[]).await;
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["steps"].as_array().is_some_and(|s| s
            .iter()
            .any(|l| l == &json!(format!("removed container {name}")))),
        "{answer}"
    );
    server
        .wait_for_topology("the run container gone", |t| {
            parsed(t).is_some_and(|t| t.container_by_name(name).is_none())
        })
        .await;
    assert!(!exists(lab, name).await, "{name} is still there");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_container_runs_on_a_test_network_with_its_alias_and_reset_removes_it() {
    let lab = Lab::new().await;
    let net = lab.create_network("run", None, None).await;
    let (server, _reset) = server().await;
    wait_for(&server, &[], &[&net]).await;

    let (status, images) = server.get_text("/api/lab/images").await;
    assert_eq!(status, 200, "{images}");
    let images: Vec<String> = serde_json::from_str(&images).unwrap_or_default();
    assert!(images.iter().any(|i| i == SHELL_IMAGE), "{images:?}");
    assert!(
        images.windows(2).all(|w| w[0] < w[1]),
        "not sorted: {images:?}"
    );
    assert!(!images.iter().any(|i| i.contains("<none>")), "{images:?}");

    let name = lab.name("client");
    let mut request = shell_request(&name);
    request.network = net.clone();
    request.alias = Some("cache-user".into());
    let outcome = outcome_of(&server, &request).await;
    assert_eq!(
        outcome.commands,
        [format!(
            "docker run -d --name {name} --network {net} --network-alias cache-user \
             --dns 127.0.0.1 --label bridgescope.lab=true {SHELL_IMAGE} sleep 3600"
        )]
    );

    let shown = wait_for(&server, &[&name], &[]).await;
    let container = shown.container_by_name(&name);
    let endpoint = container.and_then(|c| c.endpoint_on(&net));
    assert!(
        endpoint.is_some_and(|e| e.aliases.iter().any(|a| a == "cache-user")),
        "{container:?}"
    );
    assert!(container.is_some_and(|c| c.labels.contains_key(LAB_LABEL)));
    let inspect = lab.inspect(&name).await;
    let dns = inspect.host_config.and_then(|h| h.dns);
    assert_eq!(dns, Some(vec!["127.0.0.1".to_string()]));
    // Another container on the network finds it by its alias.
    let peer = lab.run("peer", &Run::sleeper(&[&net])).await;
    let ip = lab.expect_ip_on(&name, &net).await;
    let ping = lab.exec(&peer, &["ping", "-c1", "-W2", "cache-user"]).await;
    assert!(ping.succeeded() && ping.output.contains(&ip), "{ping:?}");
    // A link on a user-defined network: the embedded DNS answers its alias with the target.
    wait_for(&server, &[&peer], &[]).await;
    let linked = lab.name("linked");
    let mut request = shell_request(&linked);
    request.network = net.clone();
    request.links = vec![bridgescope_app::api::LinkRequest {
        target: peer.clone(),
        alias: "buddy".into(),
    }];
    outcome_of(&server, &request).await;
    let peer_ip = lab.expect_ip_on(&peer, &net).await;
    let ping = lab.exec(&linked, &["ping", "-c1", "-W2", "buddy"]).await;
    assert!(
        ping.succeeded() && ping.output.contains(&peer_ip),
        "{ping:?}"
    );

    reset_removes(&server, &lab, &name).await;
    assert!(!exists(&lab, &linked).await, "{linked} is still there");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_on_the_default_bridge_lands_in_etc_hosts_and_the_port_on_loopback() {
    let lab = Lab::new().await;
    let target = lab.run("target", &Run::sleeper(&["bridge"])).await;
    let (server, _reset) = server().await;
    wait_for(&server, &[&target], &[]).await;

    let name = lab.name("linker");
    let port = free_port();
    let mut request = shell_request(&name);
    request.links = vec![bridgescope_app::api::LinkRequest {
        target: target.clone(),
        alias: "db".into(),
    }];
    request.publish = Some(bridgescope_app::api::Publish {
        host_port: port,
        container_port: 80,
    });
    let outcome = outcome_of(&server, &request).await;
    assert_eq!(
        outcome.commands,
        [format!(
            "docker run -d --name {name} --network bridge --link {target}:db \
             -p 127.0.0.1:{port}:80 --dns 127.0.0.1 --label bridgescope.lab=true \
             {SHELL_IMAGE} sleep 3600"
        )]
    );
    let target_ip = lab.expect_ip_on(&target, "bridge").await;
    let hosts = lab.exec(&name, &["cat", "/etc/hosts"]).await;
    assert!(
        hosts
            .output
            .lines()
            .any(|l| l.starts_with(&target_ip) && l.split_whitespace().any(|w| w == "db")),
        "{hosts:?}"
    );
    let shown = wait_for(&server, &[&name], &[]).await;
    let container = shown.container_by_name(&name);
    assert!(
        container
            .is_some_and(|c| c.ports.iter().any(|p| p.host_ip == "127.0.0.1"
                && p.host_port == port
                && p.container_port == 80)),
        "{container:?}"
    );
    assert!(
        container.is_some_and(|c| c
            .links
            .iter()
            .any(|l| l.target == target && l.alias == "db")),
        "{container:?}"
    );

    // The same host port again: refused, nothing made.
    let second = lab.name("second");
    let mut again = shell_request(&second);
    again.publish = request.publish;
    let (status, answer) = run(&server, &again).await;
    assert_eq!(status, 409, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains(&port.to_string())),
        "{answer}"
    );
    assert!(!exists(&lab, &second).await, "{second} was created");
    // A host port a process outside Docker holds: Docker's own refusal, verbatim, and the
    // container it created is removed again.
    let holder = match std::net::TcpListener::bind("127.0.0.1:0") {
        Ok(holder) => holder,
        Err(error) => panic!("cannot bind a loopback port: {error}"),
    };
    let held = holder.local_addr().map(|a| a.port()).unwrap_or_default();
    let third = lab.name("third");
    let mut again = shell_request(&third);
    again.publish = Some(bridgescope_app::api::Publish {
        host_port: held,
        container_port: 80,
    });
    let (status, answer) = run(&server, &again).await;
    assert_eq!(status, 409, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Docker refused: ") && e.contains(&held.to_string())),
        "{answer}"
    );
    assert!(!exists(&lab, &third).await, "{third} was left behind");

    reset_removes(&server, &lab, &name).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_say_why_with_their_status_and_create_nothing() {
    let lab = Lab::new().await;
    let one = lab.create_network("one", None, None).await;
    let two = lab.create_network("two", None, None).await;
    let other = lab.run("other", &Run::sleeper(&[&two])).await;
    let taken = lab.run("taken", &Run::sleeper(&["bridge"])).await;
    let stopped = lab.create("stopped", &Run::sleeper(&["bridge"])).await;
    let (server, _reset) = server().await;
    wait_for(&server, &[&other, &taken], &[&one, &two]).await;
    server
        .wait_for_topology("the stopped container", |t| {
            parsed(t).is_some_and(|t| t.container_by_name(&stopped).is_some())
        })
        .await;

    let name = lab.name("refused");
    let link = |target: &str| json!([{"target": target, "alias": "x"}]);
    let nowhere = lab.name("nowhere");
    let cases = [
        (
            json!({"name": "bad name!", "image": SHELL_IMAGE}),
            400,
            "container name \"bad name!\" is not valid".to_string(),
        ),
        (
            json!({"name": taken, "image": SHELL_IMAGE}),
            409,
            format!("a container called {taken} exists already"),
        ),
        (
            json!({"name": name, "image": "bst-no-such/image:1"}),
            400,
            "no image bst-no-such/image:1 on this engine (bridgescope never pulls)".into(),
        ),
        (
            json!({"name": name, "image": SHELL_IMAGE, "alias": "nick"}),
            400,
            "Docker refuses network aliases on the default bridge".into(),
        ),
        (
            json!({"name": name, "image": SHELL_IMAGE, "network": one, "links": link(&other)}),
            400,
            format!("{other} is on {two} but not on {one}"),
        ),
        (
            json!({"name": name, "image": SHELL_IMAGE, "links": link(&stopped)}),
            409,
            format!("link target {stopped} is not running"),
        ),
        (
            json!({"name": name, "image": SHELL_IMAGE, "network": nowhere}),
            404,
            format!("no network called {nowhere}"),
        ),
        (
            json!({"name": 5, "image": SHELL_IMAGE}),
            400,
            "the request body is not the JSON this action takes".into(),
        ),
    ];
    for (body, status, message) in cases {
        let (got, answer) = server.post("/api/lab/containers", &body, &[]).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert!(
            answer["error"]
                .as_str()
                .is_some_and(|e| e.contains(&message)),
            "{body}: {answer} does not say {message:?}"
        );
        assert!(!exists(&lab, &name).await, "{body} created {name}");
    }
    // The taken name is still the test's own container, untouched.
    let labels = lab.inspect(&taken).await.config.and_then(|c| c.labels);
    assert!(labels.is_some_and(|l| !l.contains_key(LAB_LABEL)));
    // Nothing was recorded: Reset finds nothing of this lab's to remove.
    let (status, answer) = server.post("/api/lab/reset", &json!({}), &[]).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["message"], "removed 0 lab resources", "{answer}");
}
