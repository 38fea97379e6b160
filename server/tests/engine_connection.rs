//! Integration tests of the server against the real Docker engine: the engine task connects,
//! reports an unreachable engine plainly (never a panic), recovers when the engine appears, and
//! keeps the network list current from Docker's events.

mod common;

use bridgescope_testkit::{Lab, UnixRelay};
use common::{default_engine, InProcess};
use serde_json::Value;

/// A server pointed at a socket where no engine answers: it still serves the page.
async fn server_without_engine(tag: &str) -> InProcess {
    let socket = format!("/tmp/bst-{}-no-engine-{tag}.sock", std::process::id());
    InProcess::start(&format!("unix://{socket}")).await
}

fn engine_state(topology: &Value) -> &str {
    topology["engine"]["state"].as_str().unwrap_or("")
}

fn find_network<'a>(topology: &'a Value, name: &str) -> Option<&'a Value> {
    topology["networks"]
        .as_object()?
        .values()
        .find(|n| n["name"] == name)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_engine_is_reported_plainly_on_the_page_and_the_api() {
    let socket = format!("/tmp/bst-{}-nothing-here.sock", std::process::id());
    let docker_host = format!("unix://{socket}");
    let server = InProcess::start(&docker_host).await;

    let topology = server
        .wait_for_topology("the engine to be reported unreachable", |o| {
            engine_state(o) == "unreachable"
        })
        .await;
    assert_eq!(topology["engine"]["docker_host"], docker_host.as_str());
    let reason = topology["engine"]["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains(&socket),
        "the reason names the socket: {reason}"
    );

    let (status, page) = server.get_text("/").await;
    assert_eq!(status, 200);
    let headline = format!("cannot reach Docker at {docker_host}: ");
    assert!(page.contains(&headline), "page lacks {headline:?}:\n{page}");
    assert!(server.is_serving().await, "the server must keep running");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_turns_connected_when_the_engine_appears_and_back() {
    let socket = std::env::temp_dir().join(format!("bst-{}-relay.sock", std::process::id()));
    let mut relay = UnixRelay::new(&socket, std::path::Path::new("/var/run/docker.sock"));
    let docker_host = relay.docker_host();
    let server = InProcess::start(&docker_host).await;
    server
        .wait_for_topology("unreachable before the relay exists", |o| {
            engine_state(o) == "unreachable"
        })
        .await;

    relay.restore();
    let topology = server
        .wait_for_topology("connected once the relay forwards to Docker", |o| {
            engine_state(o) == "connected"
        })
        .await;
    let engine_version = match Lab::new().await.docker().version().await {
        Ok(version) => version
            .version
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| panic!("Docker reports no engine version")),
        Err(error) => panic!("Docker does not tell its version: {error}"),
    };
    assert_eq!(
        topology["engine"]["engine_version"],
        engine_version.as_str()
    );
    assert!(topology["engine"]["api_version"]
        .as_str()
        .is_some_and(|v| v.starts_with("1.")));
    assert!(find_network(&topology, "bridge").is_some());

    relay.cut();
    server
        .wait_for_topology("unreachable again after the relay is cut", |o| {
            engine_state(o) == "unreachable"
        })
        .await;
    assert!(server.is_serving().await, "the server must keep running");
}

#[tokio::test(flavor = "multi_thread")]
async fn networks_appear_and_vanish_live_with_subnet_and_bridge() {
    let lab = Lab::new().await;
    let server = InProcess::start(&default_engine()).await;
    server
        .wait_for_topology("connected", |o| engine_state(o) == "connected")
        .await;

    let bridge = format!("bst{}", std::process::id() % 100_000);
    let name = lab
        .create_network("list", Some("10.213.7.0/24"), Some(&bridge))
        .await;
    let topology = server
        .wait_for_topology("the new network in the list", |o| {
            find_network(o, &name).is_some()
        })
        .await;
    let network =
        find_network(&topology, &name).unwrap_or_else(|| panic!("{name} is not in {topology}"));
    assert_eq!(network["driver"], "bridge");
    assert_eq!(network["subnets"][0]["subnet"], "10.213.7.0/24");
    assert_eq!(network["bridge"], bridge.as_str());

    let default_bridge = find_network(&topology, "bridge")
        .unwrap_or_else(|| panic!("the default bridge is not in {topology}"));
    assert_eq!(default_bridge["bridge"], "docker0");

    lab.clean().await;
    server
        .wait_for_topology("the removed network gone from the list", |o| {
            find_network(o, &name).is_none()
        })
        .await;
}

/// The shell's `<link rel=expect href=#details blocking=render>` holds the first frame until
/// the element after the diagram is parsed; if the details panel moved before the diagram or
/// lost its id, the browser would paint the half-parsed diagram round after round again.
#[tokio::test(flavor = "multi_thread")]
async fn the_first_frame_waits_for_the_whole_diagram() {
    let server = server_without_engine("frame").await;
    let (status, page) = server.get_text("/").await;
    assert_eq!(status, 200);
    let position = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("the page lacks {needle:?}:\n{page}"))
    };
    let expect = position(r##"<link rel="expect" href="#details" blocking="render">"##);
    assert!(
        expect < position("</head>"),
        "the expect link is in the head"
    );
    let diagram_end = position("</svg></div></section>");
    assert!(
        position(r#"id="details""#) > diagram_end,
        "the details panel comes after the diagram"
    );
}

/// The page opens its event stream itself, before the wasm loads: a script after the snapshot
/// asks to resume from the very version and instance the snapshot holds.
#[tokio::test(flavor = "multi_thread")]
async fn the_page_opens_its_stream_for_the_snapshot_it_carries() {
    let server = server_without_engine("stream").await;
    let (status, page) = server.get_text("/").await;
    assert_eq!(status, 200);
    let snapshot_tag = r#"<script type="application/json" id="bs-snapshot">"#;
    let json_start = page
        .find(snapshot_tag)
        .map(|at| at + snapshot_tag.len())
        .unwrap_or_else(|| panic!("no snapshot in the page:\n{page}"));
    let json_end = json_start
        + page[json_start..]
            .find("</script>")
            .unwrap_or_else(|| panic!("the snapshot's script does not end:\n{page}"));
    let snapshot: serde_json::Value = match serde_json::from_str(&page[json_start..json_end]) {
        Ok(snapshot) => snapshot,
        Err(error) => panic!("the snapshot in the page is not JSON ({error}):\n{page}"),
    };
    let (version, instance) = (
        snapshot["topology"]["version"].as_u64(),
        snapshot["instance"].as_u64(),
    );
    let (Some(version), Some(instance)) = (version, instance) else {
        panic!("the snapshot lacks version or instance: {snapshot}");
    };
    let opening = format!("new EventSource(\"/api/events?since={version}&instance={instance}\")");
    let at = page
        .find(&opening)
        .unwrap_or_else(|| panic!("the page does not open {opening}:\n{page}"));
    assert!(at > json_end, "the stream is opened after the snapshot");
}

/// The page crosses a lecture hall's network once per student: it is compressed for browsers
/// that accept it (brotli first), sent as it is to those that do not, and the live stream is
/// never compressed (a compressor would hold its events back).
#[tokio::test(flavor = "multi_thread")]
async fn the_page_is_compressed_for_browsers_that_accept_it() {
    let server = server_without_engine("gzip").await;

    let (status, encoding, plain) = server.get_encoded("/", "identity").await;
    assert_eq!((status, encoding.as_str()), (200, ""));
    assert!(String::from_utf8_lossy(&plain).contains("bs-snapshot"));

    let (status, encoding, gzip) = server.get_encoded("/", "gzip").await;
    assert_eq!((status, encoding.as_str()), (200, "gzip"));
    assert_eq!(gzip.get(..2), Some(&[0x1f, 0x8b][..]), "a gzip stream");
    assert!(gzip.len() < plain.len(), "{} < {}", gzip.len(), plain.len());

    let (status, encoding, _) = server.get_encoded("/", "gzip, deflate, br").await;
    assert_eq!((status, encoding.as_str()), (200, "br"));

    let events = bridgescope_app::live::EVENTS_PATH;
    let response = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        server.get_encoded_head(events, "gzip, br"),
    )
    .await;
    let Ok((status, encoding)) = response else {
        panic!("no answer on {events} within 5 s");
    };
    assert_eq!(
        (status, encoding.as_str()),
        (200, ""),
        "the stream is sent as it is"
    );
}
