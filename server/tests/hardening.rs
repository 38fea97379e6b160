//! Hardening, against the real server (in-process) and engine: every refusal is a JSON answer
//! with the right status, also for random paths, methods, bodies and headers (a property
//! test), and Docker is left as it was; the presenter token is refused slowly after a few
//! wrong tries; event streams are capped per address; a client that stops reading is closed
//! while the others get every update.

mod common;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use bridgescope_server::Limits;
use bridgescope_testkit::{Follower, Lab};
use common::{default_engine, InProcess};
use proptest::prelude::*;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One answer read off the wire: status, head and (for refusals) body.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then_some(value.trim())
        })
    }

    /// The `error` of a JSON refusal; panics when the answer is not one.
    fn error(&self, what: &str) -> String {
        let json = self.header("content-type").unwrap_or("");
        assert!(
            json.starts_with("application/json"),
            "{what}: a {} answered as {json:?}: {}",
            self.status,
            self.body
        );
        let value: Value = serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {:?}", self.body));
        match value["error"].as_str() {
            Some(error) if !error.is_empty() => error.to_string(),
            _ => panic!("{what}: no error in {value}"),
        }
    }
}

/// Sends `request` (raw bytes) and reads the answer; a success's body is not read (an event
/// stream never ends), a refusal's is read whole (the request says `Connection: close`).
async fn send_raw(addr: SocketAddr, request: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), async {
        let mut buffer = [0u8; 16384];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buffer[..n]),
            }
            if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                let success = bytes.get(9) == Some(&b'2') || bytes.get(9) == Some(&b'1');
                if success {
                    bytes.truncate(end + 4);
                    break;
                }
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "no answer within 15 s to {:?}",
        String::from_utf8_lossy(request)
    );
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn addr_of(server: &InProcess) -> SocketAddr {
    server
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("a socket address")
}

const JSON: (&str, &str) = ("Content-Type", "application/json");

/// A refusal case: method, path, headers, body, the status it must get.
type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, &'a [u8], u16);

#[tokio::test]
async fn every_refusal_is_json_with_the_right_status() {
    let server = InProcess::start(&default_engine()).await;
    server.wait_until_connected().await;
    let addr = addr_of(&server);
    let big = vec![b'x'; 200 * 1024];
    let cases: Vec<Case> = vec![
        ("POST", "/api/probe", vec![JSON], b"{not json", 400),
        ("POST", "/api/probe", vec![JSON], br#"{"from": 7}"#, 400),
        (
            "POST",
            "/api/lab/networks",
            vec![JSON],
            br#"{"name": ["x"]}"#,
            400,
        ),
        ("POST", "/api/lab/networks", vec![JSON], &big, 413),
        ("GET", "/api/no-such-route", vec![], b"", 404),
        ("GET", "/no-such-file.js", vec![], b"", 404),
        ("GET", "/api/lab/demo", vec![], b"", 405),
        ("DELETE", "/api/topology", vec![], b"", 405),
        ("GET", "/api/events?since=yesterday", vec![], b"", 400),
        (
            "POST",
            "/api/lab/containers/%ZZ/start",
            vec![JSON],
            b"{}",
            400,
        ),
    ];
    for (method, path, headers, body, status) in cases {
        let answer = send_raw(addr, &request(method, path, &headers, body)).await;
        let what = format!("{method} {path}");
        assert_eq!(answer.status, status, "{what}: {answer:?}");
        let error = answer.error(&what);
        if status == 405 {
            assert!(answer.header("allow").is_some(), "{what}: no Allow header");
            assert!(error.contains("not allowed"), "{what}: {error}");
        }
    }
    assert!(server.is_serving().await);
}

/// What the fuzz must leave as it was: the containers and networks nobody's tests labelled
/// (other tests may run beside this one), and this server's record of what its lab made.
async fn docker_state(lab: &Lab) -> BTreeSet<String> {
    let unlabelled = |labels: Option<&std::collections::HashMap<String, String>>| {
        labels.is_none_or(|l| {
            !l.contains_key("bridgescope.test") && !l.contains_key("bridgescope.lab")
        })
    };
    let containers = lab
        .docker()
        .list_containers(Some(
            bollard::query_parameters::ListContainersOptionsBuilder::default()
                .all(true)
                .build(),
        ))
        .await
        .expect("list containers");
    let networks = lab
        .docker()
        .list_networks(None::<bollard::query_parameters::ListNetworksOptions>)
        .await
        .expect("list networks");
    let mut seen = BTreeSet::new();
    for c in containers.iter().filter(|c| unlabelled(c.labels.as_ref())) {
        seen.insert(format!("container {:?} {:?}", c.id, c.state));
    }
    for n in networks.iter().filter(|n| unlabelled(n.labels.as_ref())) {
        seen.insert(format!("network {:?}", n.id));
    }
    seen
}

/// One random request: method, path, headers, body.
#[derive(Clone, Debug)]
struct Random {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A path segment as a client might send it: junk, dots, percent signs, very long.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_.-]{0,12}",
        Just("..".to_string()),
        "%[0-9A-Fa-f]{2}[a-z]{0,3}",
        "%[G-Zg-z]{2}",
        "[a-z]{200,300}",
        "[!$&'()*+,;=:@~]{1,5}",
    ]
}

/// Every route's template, with its segments replaced by random ones, or a random path.
fn path() -> impl Strategy<Value = String> {
    use bridgescope_app::api::paths;
    let templates = vec![
        paths::TOPOLOGY,
        paths::ACCESS,
        paths::NETWORKS,
        paths::NETWORK_REMOVE,
        paths::CONTAINERS,
        paths::IMAGES,
        paths::CONTAINER_CONNECT,
        paths::CONTAINER_DISCONNECT,
        paths::CONTAINER_LIFECYCLE,
        paths::WEBAPP,
        paths::PROBE,
        paths::CONTAINER_NAMES,
        paths::LESSONS,
        paths::LESSON_STATE,
        paths::LESSON_ACTION,
        "/api/events",
        "/api",
        "/",
        "/pkg/bridgescope.js",
    ];
    let filled = (
        proptest::sample::select(templates),
        segment(),
        segment(),
        "(\\?[a-z]{1,6}=[a-zA-Z0-9%]{0,8}){0,2}",
    )
        .prop_map(|(t, name, action, query)| {
            format!(
                "{}{query}",
                t.replace("{name}", &name).replace("{action}", &action)
            )
        });
    let random =
        proptest::collection::vec(segment(), 1..5).prop_map(|s| format!("/{}", s.join("/")));
    prop_oneof![3 => filled, 1 => random]
}

/// A JSON value with random keys, and strings no Docker name or subnet can be (they carry a
/// `/` and a space), so no random body can make anything.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9]{0,6}/ [a-z]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        json_value().prop_map(|v| {
            let text = v.to_string().into_bytes();
            text[..text.len() / 2].to_vec()
        }),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let pair = prop_oneof![
        Just(("Content-Type".to_string(), "application/json".to_string())),
        "[ -~]{0,30}".prop_map(|v| ("Content-Type".to_string(), v)),
        "[ -~]{0,30}".prop_map(|v| ("Origin".to_string(), v)),
        "[ -~]{0,40}".prop_map(|v| ("x-bridgescope-token".to_string(), v)),
        "[ -~]{0,30}".prop_map(|v| ("Accept-Encoding".to_string(), v)),
        ("[A-Za-z][A-Za-z0-9-]{0,15}", "[ -~]{0,30}"),
    ];
    proptest::collection::vec(pair, 0..4)
}

fn random_request() -> impl Strategy<Value = Random> {
    let method = proptest::sample::select(vec![
        "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
    ]);
    (method, path(), headers(), body()).prop_map(|(method, path, headers, body)| Random {
        method: method.to_string(),
        path,
        headers,
        body,
    })
}

/// One-click actions that take no body: any POST to them acts (tested on their own).
fn acts_without_a_body(case: &Random) -> bool {
    use bridgescope_app::api::paths;
    case.method == "POST"
        && [paths::DEMO, paths::RESET]
            .iter()
            .any(|p| case.path.starts_with(p))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_requests_get_json_refusals_never_a_5xx_and_change_nothing() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    server.wait_until_connected().await;
    let addr = addr_of(&server);
    let before = docker_state(&lab).await;
    let runtime = tokio::runtime::Handle::current();
    let cases = std::env::var("BRIDGESCOPE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let outcome = tokio::task::spawn_blocking(move || {
        let config = ProptestConfig {
            cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        let mut runner = proptest::test_runner::TestRunner::new(config);
        runner.run(&random_request(), |case| {
            if acts_without_a_body(&case) {
                return Ok(());
            }
            let headers: Vec<(&str, &str)> = case
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let bytes = request(&case.method, &case.path, &headers, &case.body);
            let answer = runtime.block_on(send_raw(addr, &bytes));
            prop_assert!(answer.status < 500, "{case:?} answered {answer:?}");
            if answer.status >= 400 && case.method != "HEAD" {
                let json = answer.header("content-type").unwrap_or("");
                prop_assert!(json.starts_with("application/json"), "{case:?}: {answer:?}");
                let value: Result<Value, _> = serde_json::from_str(&answer.body);
                prop_assert!(
                    value.as_ref().is_ok_and(|v| v["error"].is_string()),
                    "{case:?}: {answer:?}"
                );
            }
            Ok(())
        })
    })
    .await
    .expect("the fuzz ran");
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    assert!(server.is_serving().await, "the server died");
    assert_eq!(docker_state(&lab).await, before, "Docker changed");
    let ledger =
        std::fs::read_to_string(server.state_dir().join("lab-made.json")).unwrap_or_default();
    assert!(
        !ledger.contains("bridgescope") && !ledger.contains("\"id\""),
        "the lab recorded something it made: {ledger}"
    );
}

#[tokio::test]
async fn wrong_tokens_are_refused_slowly_after_a_few_tries_and_the_page_learns_its_role() {
    let server = InProcess::with(&default_engine())
        .token("righttoken")
        .start()
        .await;
    let addr = addr_of(&server);
    // A success's body is not read by send_raw: /api/access is read with reqwest.
    let http = reqwest::Client::new();
    let role = |token: Option<&'static str>| {
        let mut request = http.get(server.url("/api/access"));
        if let Some(token) = token {
            request = request.header("x-bridgescope-token", token);
        }
        async move {
            let answer = request.send().await.expect("GET /api/access");
            (
                answer.status().as_u16(),
                answer.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, right) = role(Some("righttoken")).await;
    assert_eq!(
        (status, &right["presenter"]),
        (200, &Value::Bool(true)),
        "{right}"
    );
    let (_, none) = role(None).await;
    assert_eq!(none["presenter"], false, "{none}");
    for n in 1..=5 {
        let (status, wrong) = role(Some("wrongtoken")).await;
        assert_eq!(status, 200, "wrong try {n}: {wrong}");
        assert_eq!(wrong["presenter"], false);
    }
    let refused = send_raw(
        addr,
        &request(
            "POST",
            "/api/lab/networks",
            &[JSON, ("x-bridgescope-token", "righttoken")],
            br#"{"name":"never-made"}"#,
        ),
    )
    .await;
    assert_eq!(refused.status, 429, "{refused:?}");
    assert!(refused
        .error("after 5 wrong tokens")
        .contains("too many wrong"));
    let retry: u64 = refused
        .header("retry-after")
        .and_then(|s| s.parse().ok())
        .expect("a Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
}

#[tokio::test]
async fn event_streams_are_capped_per_address_with_a_json_503() {
    let limits = Limits {
        streams_per_address: 2,
        streams_total: 3,
        ..Limits::default()
    };
    let server = InProcess::with(&default_engine())
        .limits(limits)
        .start()
        .await;
    let addr = addr_of(&server);
    let open = || async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let ask = b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        stream.write_all(ask).await.expect("write");
        let mut head = vec![0u8; 12];
        stream.read_exact(&mut head).await.expect("a status line");
        (stream, String::from_utf8_lossy(&head).to_string())
    };
    let (first, status) = open().await;
    assert!(status.ends_with("200"), "{status}");
    let (_second, status) = open().await;
    assert!(status.ends_with("200"), "{status}");
    let refused = send_raw(addr, &request("GET", "/api/events", &[], b"")).await;
    assert_eq!(refused.status, 503, "{refused:?}");
    assert!(refused
        .error("a third stream")
        .contains("event streams open"));
    drop(first);
    bridgescope_testkit::eventually("a place freed", Duration::from_secs(5), || async {
        let answer = send_raw(addr, &request("GET", "/api/events", &[], b"")).await;
        (answer.status == 200).then_some(())
    })
    .await;
}

/// A socket that asks for the event stream and never reads (with a small receive buffer, so
/// the server's writes stall soon).
async fn stalled_stream(addr: SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.set_recv_buffer_size(4096).expect("a small buffer");
    socket
        .bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9)), 0))
        .expect("bind 127.0.0.9");
    let mut stream = socket.connect(addr).await.expect("connect");
    let ask = b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    stream.write_all(ask).await.expect("write");
    stream
}

/// Follows until every network of `names` is there (`present`) or gone.
async fn until_networks(viewer: &mut Follower, names: &[String], present: bool) {
    let what = if present {
        "every storm network"
    } else {
        "every storm network gone"
    };
    viewer
        .until(what, Duration::from_secs(60), |f| {
            names
                .iter()
                .all(|name| f.snapshot.topology.network_by_name(name).is_some() == present)
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_closed_and_the_others_get_every_update() {
    let lab = Lab::new().await;
    let limits = Limits {
        write_stall: Duration::from_secs(3),
        send_buffer: 64 * 1024,
        ..Limits::default()
    };
    let server = InProcess::with(&default_engine())
        .limits(limits)
        .start()
        .await;
    server.wait_until_connected().await;
    let addr = addr_of(&server);
    let mut stalled = stalled_stream(addr).await;
    let mut viewer = Follower::connect(&server.url("/api/events")).await;
    let start = viewer.snapshot.topology.version;
    // Twenty-five networks made, then removed, three times over (Docker's default address
    // pools hold about thirty): the viewer must see each one come and go.
    for round in 0..3 {
        let mut names = Vec::new();
        for n in 0..25 {
            names.push(
                lab.create_network(&format!("storm{round}x{n}"), None, None)
                    .await,
            );
        }
        until_networks(&mut viewer, &names, true).await;
        for name in &names {
            lab.docker().remove_network(name).await.expect("remove");
        }
        until_networks(&mut viewer, &names, false).await;
    }
    let end = viewer.snapshot.topology.version;
    assert!(end >= start + 2, "the viewer followed {start} -> {end}");
    assert_eq!(viewer.snapshots_received, 1, "the viewer had to start over");
    // The stalled socket: the server closed it (its buffers are bounded, it does not wait).
    let mut buffer = vec![0u8; 65536];
    let mut read = 0usize;
    let closed = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match stalled.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => read += n,
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the stalled stream was still open ({read} bytes read)"
    );
    assert!(server.is_serving().await);
}
