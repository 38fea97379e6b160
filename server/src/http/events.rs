//! `GET /api/events`: Server-Sent Events. Each subscriber first gets a `snapshot` (the whole
//! state and the recent change log), or a `resume` when it says it holds the current one, then
//! an `update` per version (delta + change-log lines).
//! A subscriber that falls behind, or would miss a version, gets a fresh snapshot instead.
//! All subscribers share the one engine task: nothing here calls Docker. Besides, `progress`
//! events carry the steps of lab actions as they happen, and `probe`
//! events the answer of every reachability probe.
//! Streams are counted (`places`); a client that stops reading is closed by the accept
//! loop's write-stall limit, and until then it holds only its socket's buffers: nothing is
//! queued for it here (a subscriber that lags starts over from a snapshot).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::sse::{Event, KeepAlive, Sse},
    response::Response,
};
use futures::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

use bridgescope_app::api::{LessonState, ProbeAnswer};
use bridgescope_app::live::{
    LESSON_EVENT, PROBE_EVENT, PROGRESS_EVENT, RESUME_EVENT, SNAPSHOT_EVENT, UPDATE_EVENT,
};
use bridgescope_app::model::Snapshot;

use super::places::Full;
use super::rejections::refusal;
use super::AppState;
use crate::engine_task::Subscription;

/// `?since=VERSION&instance=N`: what the subscriber already holds (a page has the snapshot it
/// was rendered with). When that is still the current state, the stream starts with a small
/// `resume` event instead of the whole snapshot.
#[derive(Debug, Deserialize)]
pub struct Held {
    since: Option<u64>,
    instance: Option<u64>,
}

pub async fn stream(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(held): Query<Held>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Response> {
    use futures::StreamExt;
    let pass = state.streams.take(peer.ip()).map_err(refuse_stream)?;
    let progress = progress_events(state.lab.progress());
    let probes = probe_events(state.prober.answers());
    let lesson = lesson_events(state.lessons.follow());
    let side = futures::stream::select(futures::stream::select(progress, probes), lesson);
    // The pass lives as long as the stream: its place is given back when the client goes.
    let all = futures::stream::select(events(state.live, held), side).map(move |event| {
        let _held = &pass;
        event
    });
    Ok(Sse::new(all).keep_alive(KeepAlive::default()))
}

/// 503 with the reason and a hint of when to come back.
fn refuse_stream(full: Full) -> Response {
    let error = match full {
        Full::Address(open) => format!(
            "this address has {open} event streams open, the most one address may: close a \
             tab of this dashboard and reload"
        ),
        Full::Total(open) => {
            format!(
                "{open} event streams are open, the most this dashboard serves: try again later"
            )
        }
    };
    let mut answer = refusal(StatusCode::SERVICE_UNAVAILABLE, error);
    answer
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    answer
}

/// `lesson` events: where the room's lesson is, the current state first.
fn lesson_events(
    receiver: tokio::sync::watch::Receiver<Arc<LessonState>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    use futures::StreamExt;
    tokio_stream::wrappers::WatchStream::new(receiver)
        .map(|state| Ok(json_event(LESSON_EVENT, &*state)))
}

/// `probe` events: each reachability probe's answer, so every screen sees what was asked.
fn probe_events(
    receiver: tokio::sync::broadcast::Receiver<Arc<ProbeAnswer>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    use futures::StreamExt;
    tokio_stream::wrappers::BroadcastStream::new(receiver).filter_map(|answer| async move {
        answer
            .ok()
            .map(|answer| Ok(json_event(PROBE_EVENT, &*answer)))
    })
}

/// `progress` events: the steps of lab actions as they happen (plain text).
fn progress_events(
    receiver: tokio::sync::broadcast::Receiver<String>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    use futures::StreamExt;
    tokio_stream::wrappers::BroadcastStream::new(receiver).filter_map(|line| async move {
        line.ok()
            .map(|line| Ok(Event::default().event(PROGRESS_EVENT).data(line)))
    })
}

fn events(live: Subscription, held: Held) -> impl Stream<Item = Result<Event, Infallible>> {
    // Subscribe before reading the snapshot, so no update can fall between the two.
    let updates = live.updates.subscribe();
    let snapshot = live.snapshots.borrow().clone();
    let version = snapshot.topology.version;
    let current = held.since == Some(version) && held.instance == Some(snapshot.instance);
    let first = if current {
        Event::default()
            .event(RESUME_EVENT)
            .data(version.to_string())
    } else {
        snapshot_event(&snapshot)
    };
    let start = (updates, live, version, Some(first));
    futures::stream::unfold(
        start,
        |(mut updates, live, mut version, pending)| async move {
            if let Some(event) = pending {
                return Some((Ok(event), (updates, live, version, None)));
            }
            loop {
                match updates.recv().await {
                    Ok(update) if update.delta.to_version <= version => continue,
                    Ok(update) if update.delta.from_version == version => {
                        version = update.delta.to_version;
                        let event = json_event(UPDATE_EVENT, &*update);
                        return Some((Ok(event), (updates, live, version, None)));
                    }
                    // A gap, or this subscriber lagged behind: start it over from a snapshot.
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        let snapshot: Arc<Snapshot> = live.snapshots.borrow().clone();
                        version = snapshot.topology.version;
                        let event = snapshot_event(&snapshot);
                        return Some((Ok(event), (updates, live, version, None)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    )
}

fn snapshot_event(snapshot: &Snapshot) -> Event {
    json_event(SNAPSHOT_EVENT, snapshot)
}

fn json_event(name: &str, data: &impl Serialize) -> Event {
    match serde_json::to_string(data) {
        Ok(json) => Event::default().event(name).data(json),
        Err(error) => {
            tracing::error!("cannot encode a {name} event: {error}");
            Event::default().comment("encoding failed")
        }
    }
}
