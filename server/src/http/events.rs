//! `GET /api/events`: Server-Sent Events. Each subscriber first gets a `snapshot` (the whole
//! state and the recent change log), then an `update` per version (delta + change-log lines).
//! A subscriber that falls behind, or would miss a version, gets a fresh snapshot instead.
//! All subscribers share the one engine task: nothing here calls Docker.

use std::convert::Infallible;
use std::sync::Arc;

use axum::{
    extract::State,
    response::sse::{Event, KeepAlive, Sse},
};
use futures::Stream;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

use bridgescope_app::live::{SNAPSHOT_EVENT, UPDATE_EVENT};
use bridgescope_app::model::Snapshot;

use super::AppState;
use crate::engine_task::Subscription;

pub async fn stream(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    Sse::new(events(state.live)).keep_alive(KeepAlive::default())
}

fn events(live: Subscription) -> impl Stream<Item = Result<Event, Infallible>> {
    // Subscribe before reading the snapshot, so no update can fall between the two.
    let updates = live.updates.subscribe();
    let snapshot = live.snapshots.borrow().clone();
    let start = (updates, live, snapshot.topology.version, Some(snapshot));
    futures::stream::unfold(
        start,
        |(mut updates, live, mut version, pending)| async move {
            if let Some(snapshot) = pending {
                let event = snapshot_event(&snapshot);
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
