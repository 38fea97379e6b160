//! Latency of the live stream: Docker API call returns → Docker's own event arrives → the delta
//! arrives at an `/api/events` subscriber (a [`Follower`], which applies it as a browser does).

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use bollard::models::{EventMessage, NetworkDisconnectRequest};
use bollard::query_parameters::EventsOptionsBuilder;
use bridgescope_testkit::{Follower, Lab, Run, ServerProcess};
use futures::{Stream, StreamExt};

use crate::stats::summary;

const ROUNDS: usize = 13;
const WAIT: Duration = Duration::from_secs(10);

pub async fn run(binary: &Path) {
    let lab = Lab::new().await;
    let server = ServerProcess::start(binary, &[]).await;
    let home = lab
        .create_network("lat-a", Some("10.213.30.0/24"), None)
        .await;
    let extra = lab
        .create_network("lat-b", Some("10.213.31.0/24"), None)
        .await;
    let name = lab.run("lat", &Run::sleeper(&[&home])).await;
    let id = lab
        .inspect(&name)
        .await
        .id
        .unwrap_or_else(|| panic!("Docker reports no id for {name}"));
    let extra_id = network_id(&lab, &extra).await;
    let mut follower = Follower::connect(&server.url("/api/events")).await;
    let filters = HashMap::from([("type", vec!["container", "network"])]);
    // Docker's event stream starts when first polled: ask for a replay from now on, so the
    // first action's event is not missed.
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let options = EventsOptionsBuilder::default()
        .since(&since.to_string())
        .filters(&filters)
        .build();
    let mut events = Box::pin(lab.docker().events(Some(options)));

    let mut docker_ms: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut stream_ms: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut gap_ms = Vec::new();
    for _ in 0..ROUNDS {
        for action in ["connect", "disconnect", "start", "restart"] {
            let before = started_at(&follower, &name);
            if action == "start" {
                lab.stop(&name).await;
                follower
                    .until("stopped", WAIT, |f| !is_running(f, &name))
                    .await;
            }
            let t0 = Instant::now();
            match action {
                "connect" => lab.connect(&extra, &name).await,
                "disconnect" => disconnect(&lab, &extra, &name).await,
                "start" => lab.start(&name).await,
                _ => lab.restart(&name).await,
            }
            let called = t0.elapsed();
            wait_docker_event(&mut events, action, &id, &extra_id).await;
            let docker = t0.elapsed();
            follower
                .until(action, WAIT, |f| match action {
                    "connect" => has_ip_on(f, &name, &extra),
                    "disconnect" => !has_endpoint_on(f, &name, &extra),
                    _ => {
                        is_running(f, &name)
                            && started_at(f, &name) != before
                            && has_ip_on(f, &name, &home)
                    }
                })
                .await;
            let streamed = t0.elapsed();
            let docker_after = docker.saturating_sub(called).as_secs_f64() * 1000.0;
            let stream_after = streamed.saturating_sub(called).as_secs_f64() * 1000.0;
            docker_ms.entry(action).or_default().push(docker_after);
            stream_ms.entry(action).or_default().push(stream_after);
            gap_ms.push(stream_after - docker_after);
        }
    }
    println!("\nlatency after the Docker API call returned ({ROUNDS} rounds):");
    for action in ["connect", "disconnect", "start", "restart"] {
        println!(
            "{}",
            summary(&format!("{action}: Docker's own event"), &docker_ms[action])
        );
        println!(
            "{}",
            summary(
                &format!("{action}: delta on /api/events"),
                &stream_ms[action]
            )
        );
    }
    let all: Vec<f64> = stream_ms.values().flatten().copied().collect();
    println!("{}", summary("all actions: delta on /api/events", &all));
    println!(
        "{}",
        summary("all actions: delta minus Docker event", &gap_ms)
    );
}

async fn network_id(lab: &Lab, name: &str) -> String {
    match lab.docker().inspect_network(name, None).await {
        Ok(network) => network
            .id
            .unwrap_or_else(|| panic!("Docker reports no id for {name}")),
        Err(error) => panic!("cannot inspect {name}: {error}"),
    }
}

async fn disconnect(lab: &Lab, network: &str, container: &str) {
    let request = NetworkDisconnectRequest {
        container: container.to_string(),
        force: Some(false),
    };
    if let Err(error) = lab.docker().disconnect_network(network, request).await {
        panic!("cannot disconnect {container}: {error}");
    }
}

/// Waits for the event the action makes: network connect/disconnect of this container on the
/// extra network, or the container's start/restart.
async fn wait_docker_event<S>(events: &mut S, action: &str, id: &str, extra_id: &str)
where
    S: Stream<Item = Result<EventMessage, bollard::errors::Error>> + Unpin,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while let Ok(Some(Ok(event))) = tokio::time::timeout_at(deadline, events.next()).await {
        let actor = event.actor.unwrap_or_default();
        let attributes = actor.attributes.unwrap_or_default();
        let matches = match action {
            "connect" | "disconnect" => {
                actor.id.as_deref() == Some(extra_id)
                    && attributes.get("container").map(String::as_str) == Some(id)
            }
            _ => actor.id.as_deref() == Some(id),
        };
        if matches && event.action.as_deref() == Some(action) {
            return;
        }
    }
    panic!("no Docker {action} event within {WAIT:?}");
}

fn container<'a>(f: &'a Follower, name: &str) -> Option<&'a bridgescope_app::model::Container> {
    f.snapshot.topology.container_by_name(name)
}

fn is_running(f: &Follower, name: &str) -> bool {
    container(f, name).is_some_and(|c| c.is_running())
}

fn started_at(f: &Follower, name: &str) -> Option<String> {
    container(f, name).and_then(|c| c.started_at.clone())
}

fn has_endpoint_on(f: &Follower, name: &str, network: &str) -> bool {
    container(f, name).is_some_and(|c| c.endpoint_on(network).is_some())
}

fn has_ip_on(f: &Follower, name: &str, network: &str) -> bool {
    container(f, name)
        .and_then(|c| c.endpoint_on(network))
        .and_then(|e| e.ip())
        .is_some()
}
