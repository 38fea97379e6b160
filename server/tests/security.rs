//! The security boundary, tried as a hostile client would, against the real server and engine:
//! names from requests never reach other Docker endpoints; what the lab did not make is left
//! alone (changed only when confirmed, never removed, not even by Reset when it carries the
//! lab's label by hand); parallel creates make one network; half-open connections are closed;
//! reads with a foreign Host are refused; every answer carries the security headers.
//!
//! `BRIDGESCOPE_TEST_BINARY` runs these against another build (to see them fail on an old one).

use std::path::PathBuf;
use std::time::Duration;

use bridgescope_testkit::{Lab, Run, ServerProcess};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn binary() -> PathBuf {
    std::env::var_os("BRIDGESCOPE_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_bridgescope")))
}

async fn connected_server() -> ServerProcess {
    let server = ServerProcess::start(&binary(), &[]).await;
    server
        .wait_for_topology("connected", |t| t["engine"]["state"] == "connected")
        .await;
    server
}

fn error_of(answer: &Value) -> &str {
    answer["error"].as_str().unwrap_or("(no error field)")
}

/// `(running, started at)` of a container, as Docker says.
async fn run_state(lab: &Lab, name: &str) -> (bool, String) {
    let state = lab.inspect(name).await.state.expect("a container state");
    (
        state.running.expect("a running flag"),
        state.started_at.expect("a start time"),
    )
}

async fn network_ids_named(lab: &Lab, name: &str) -> Vec<String> {
    let networks = lab
        .docker()
        .list_networks(None::<bollard::query_parameters::ListNetworksOptions>)
        .await
        .expect("list networks");
    networks
        .into_iter()
        .filter(|n| n.name.as_deref() == Some(name))
        .map(|n| n.id.expect("a network id"))
        .collect()
}

async fn remove_networks_named(lab: &Lab, name: &str) {
    for id in network_ids_named(lab, name).await {
        let _ = lab.docker().remove_network(&id).await;
    }
}

#[tokio::test]
async fn names_from_requests_never_reach_other_docker_endpoints() {
    let lab = Lab::new().await;
    let plain = lab.run("plain", &Run::sleeper(&["bridge"])).await;
    let other = lab.run("other", &Run::sleeper(&["bridge"])).await;
    let server = connected_server().await;
    server
        .wait_for_topology("both containers", |t| {
            let text = t.to_string();
            text.contains(&plain) && text.contains(&other)
        })
        .await;
    let before = run_state(&lab, &plain).await;
    let stop = format!("../containers/{plain}/stop?x=");
    let kill = format!("x/../../containers/{plain}/kill?a=");
    let encoded = format!("..%2Fcontainers%2F{plain}%2Fstop%3Fx%3D");
    let confirmed = |network: &str, alias: Option<&str>| json!({"network": network, "alias": alias, "confirm_outside_lab": true});
    let attempts: Vec<(String, Value)> = vec![
        // The network of connect and disconnect.
        (
            format!("/api/lab/containers/{other}/connect"),
            confirmed(&stop, None),
        ),
        (
            format!("/api/lab/containers/{other}/connect"),
            confirmed(&kill, None),
        ),
        (
            format!("/api/lab/containers/{other}/disconnect"),
            confirmed(&stop, None),
        ),
        (
            format!("/api/lab/containers/{other}/disconnect"),
            confirmed(&kill, None),
        ),
        // The alias of connect.
        (
            format!("/api/lab/containers/{other}/connect"),
            confirmed("bridge", Some(&stop)),
        ),
        // The container in the path, percent-encoded so it stays one segment.
        (
            format!("/api/lab/containers/{encoded}/connect"),
            confirmed("bridge", None),
        ),
        (
            format!("/api/lab/containers/{encoded}/disconnect"),
            confirmed("bridge", None),
        ),
        (
            format!("/api/lab/containers/{encoded}/restart"),
            json!({"confirm_outside_lab": true}),
        ),
        (format!("/api/lab/containers/{encoded}/remove"), json!({})),
        // The network in the path, and the name of a new network.
        (format!("/api/lab/networks/{encoded}/remove"), json!({})),
        ("/api/lab/networks".into(), json!({"name": stop})),
        (
            "/api/lab/networks".into(),
            json!({"name": "n".repeat(10_000)}),
        ),
    ];
    for (path, body) in &attempts {
        let (status, answer) = server.post(path, body, &[]).await;
        assert_eq!(status, 400, "POST {path} {body}: {answer}");
        let error = error_of(&answer);
        assert!(error.contains("is not valid"), "POST {path}: {error}");
        assert!(
            error.len() < 400,
            "the refusal repeats the whole name: {error}"
        );
        assert_eq!(
            run_state(&lab, &plain).await,
            before,
            "POST {path} {body} reached {plain}"
        );
    }
    assert!(server.is_running_now().await);
}

#[tokio::test]
async fn what_the_lab_did_not_make_is_changed_only_when_confirmed_and_never_removed() {
    let lab = Lab::new().await;
    let net = lab.create_network("plainnet", None, None).await;
    let plain = lab.run("plain", &Run::sleeper(&["bridge"])).await;
    // Carries the lab's label, set by hand: still not the lab's.
    let forged = Run {
        labels: vec![("bridgescope.lab".into(), "true".into())],
        ..Run::sleeper(&["bridge"])
    };
    let forged = lab.run("forged", &forged).await;
    let server = connected_server().await;
    server
        .wait_for_topology("the test's containers and network", |t| {
            let text = t.to_string();
            [&net, &plain, &forged]
                .iter()
                .all(|n| text.contains(n.as_str()))
        })
        .await;

    for name in [&plain, &forged] {
        let before = run_state(&lab, name).await;
        for action in ["stop", "restart"] {
            let path = format!("/api/lab/containers/{name}/{action}");
            let (status, answer) = server.post(&path, &json!({}), &[]).await;
            assert_eq!(status, 403, "{path}: {answer}");
            assert_eq!(answer["needs_confirmation"], true, "{answer}");
        }
        for (action, network) in [("connect", net.as_str()), ("disconnect", "bridge")] {
            let path = format!("/api/lab/containers/{name}/{action}");
            let (status, answer) = server.post(&path, &json!({"network": network}), &[]).await;
            assert_eq!(status, 403, "{path}: {answer}");
        }
        for body in [json!({}), json!({"confirm_outside_lab": true})] {
            let path = format!("/api/lab/containers/{name}/remove");
            let (status, answer) = server.post(&path, &body, &[]).await;
            assert_eq!(status, 403, "{path} {body}: {answer}");
            assert!(
                error_of(&answer).contains("removes only what its lab made"),
                "{answer}"
            );
        }
        assert_eq!(run_state(&lab, name).await, before, "{name} was changed");
        let networks = lab
            .inspect(name)
            .await
            .network_settings
            .and_then(|n| n.networks);
        let networks = networks.expect("the container's networks");
        assert!(networks.contains_key("bridge") && !networks.contains_key(&net));
    }
    let (status, answer) = server
        .post(&format!("/api/lab/networks/{net}/remove"), &json!({}), &[])
        .await;
    assert_eq!(status, 403, "{answer}");
    assert!(!network_ids_named(&lab, &net).await.is_empty());

    let (status, answer) = server.post("/api/lab/reset", &json!({}), &[]).await;
    assert_eq!(status, 200, "{answer}");
    assert!(
        run_state(&lab, &forged).await.0,
        "Reset removed {forged}: {answer}"
    );
    let steps = answer["steps"].to_string();
    assert!(
        steps.contains(&forged),
        "Reset does not say it left {forged}: {answer}"
    );

    // On purpose, confirmed: a change (never a removal) goes through.
    let before = run_state(&lab, &plain).await;
    let path = format!("/api/lab/containers/{plain}/restart");
    let (status, answer) = server
        .post(&path, &json!({"confirm_outside_lab": true}), &[])
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_ne!(run_state(&lab, &plain).await.1, before.1, "not restarted");

    let (status, answer) = server
        .post(
            &format!("/api/lab/containers/{plain}/dance"),
            &json!({}),
            &[],
        )
        .await;
    assert_eq!(status, 404, "an unknown action: {answer}");
}

#[tokio::test]
async fn parallel_creates_of_one_name_make_one_network() {
    let lab = Lab::new().await;
    let server = connected_server().await;
    let name = lab.name("dup");
    let request = json!({"name": name});
    let answers =
        futures::future::join_all((0..5).map(|_| server.post("/api/lab/networks", &request, &[])))
            .await;
    let made = network_ids_named(&lab, &name).await;
    remove_networks_named(&lab, &name).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort_unstable();
    assert_eq!(
        made.len(),
        1,
        "five creates made {} networks: {answers:?}",
        made.len()
    );
    assert_eq!(statuses, [200, 409, 409, 409, 409], "{answers:?}");
}

/// Reads until the server closes the connection; `true` when it did within `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

fn local_addr(server: &ServerProcess) -> String {
    server.base_url().trim_start_matches("http://").to_string()
}

#[tokio::test]
async fn half_open_and_slow_connections_are_closed() {
    let server = ServerProcess::start(&binary(), &[]).await;
    let addr = local_addr(&server);
    let host = format!("Host: {addr}\r\n");
    let starts = [
        String::new(),
        format!("GET /api/topology HTTP/1.1\r\n{host}X-Half: "),
        format!(
            "POST /api/lab/networks HTTP/1.1\r\n{host}Content-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{{\"name\":"
        ),
    ];
    let mut streams = Vec::new();
    for start in &starts {
        let mut stream = TcpStream::connect(&addr).await.expect("connect");
        stream.write_all(start.as_bytes()).await.expect("write");
        streams.push(stream);
    }
    for (stream, start) in streams.iter_mut().zip(&starts) {
        assert!(
            closed_within(stream, Duration::from_secs(20)).await,
            "a connection that sent {start:?} and stopped was still open after 20 s"
        );
    }
    assert!(server.is_running_now().await);
}

#[tokio::test]
async fn one_address_cannot_hold_every_connection() {
    let server = ServerProcess::start(&binary(), &[]).await;
    let addr = local_addr(&server);
    let mut idle = Vec::new();
    for _ in 0..80 {
        idle.push(TcpStream::connect(&addr).await.expect("connect"));
    }
    let mut closed = 0;
    for stream in &mut idle {
        if closed_within(stream, Duration::from_millis(100)).await {
            closed += 1;
        }
    }
    assert!(
        closed >= 16,
        "80 idle connections from one address, {closed} closed at once"
    );
}

/// One raw HTTP/1.1 request; the status and the whole answer.
async fn raw_request(addr: &str, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buffer = [0u8; 65536];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    answer.extend_from_slice(&buffer[..n]);
                    // An event stream does not end: its head is enough.
                    if request.contains("/api/events")
                        && answer.windows(4).any(|w| w == b"\r\n\r\n")
                    {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer to {request:?}");
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    (status, text)
}

#[tokio::test]
async fn reads_and_actions_need_this_dashboards_own_name() {
    let lab = Lab::new().await;
    let server = connected_server().await;
    let addr = local_addr(&server);
    for host in [
        "evil.example",
        "evil.example:80",
        "1.2.3.4",
        &format!("rebind.example:{}", addr.rsplit(':').next().unwrap_or("")),
    ] {
        for path in ["/", "/api/topology", "/api/events", "/api/access"] {
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            let (status, text) = raw_request(&addr, &request).await;
            assert_eq!(status, 403, "GET {path} with Host {host}: {text}");
            assert!(
                !text.contains("\"containers\""),
                "the topology leaked: {text}"
            );
        }
    }
    for host in [addr.clone(), addr.replace("127.0.0.1", "localhost")] {
        let request =
            format!("GET /api/topology HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(raw_request(&addr, &request).await.0, 200, "Host {host}");
    }
    let name = lab.name("origin");
    let base = server.base_url().to_string();
    for origin in [
        base.replace("http://", "https://"),
        "null".into(),
        "http://evil.example".into(),
    ] {
        let (status, answer) = server
            .post(
                "/api/lab/networks",
                &json!({"name": name}),
                &[("origin", &origin)],
            )
            .await;
        assert_eq!(status, 403, "Origin {origin}: {answer}");
    }
    assert!(network_ids_named(&lab, &name).await.is_empty());
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_the_page_its_nonce() {
    let server = connected_server().await;
    let http = reqwest::Client::new();
    for path in ["/", "/api/topology", "/api/access", "/no-such-file"] {
        let response = http.get(server.url(path)).send().await.expect("GET");
        let headers = response.headers().clone();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("GET {path}: no {name} header in {headers:?}"))
                .to_string()
        };
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        let policy = header("content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        if path != "/" {
            continue;
        }
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("no nonce in {policy}"))
            .to_string();
        let page = response.text().await.expect("the page");
        // Every script the page runs carries this answer's nonce; the snapshot is data.
        let scripts: Vec<&str> = page.split("<script").skip(1).collect();
        assert!(scripts.len() >= 4, "{} scripts in the page", scripts.len());
        for script in scripts {
            let tag = script.split('>').next().unwrap_or("");
            if tag.contains("application/json") {
                continue;
            }
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "a script without the nonce: <script{tag}>"
            );
        }
    }
}
