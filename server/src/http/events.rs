//! `GET /api/events`: a Server-Sent Events stream of the shared state. Each subscriber gets the
//! current state at once and then every new one; all of them share the one engine task.

use std::convert::Infallible;

use axum::{
    extract::State,
    response::sse::{Event, KeepAlive, Sse},
};
use futures::{Stream, StreamExt};
use tokio_stream::wrappers::WatchStream;

use bridgescope_app::live::OVERVIEW_EVENT;

use super::AppState;

pub async fn stream(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let events = WatchStream::new(state.overview).filter_map(|overview| async move {
        match serde_json::to_string(&overview) {
            Ok(json) => Some(Ok(Event::default().event(OVERVIEW_EVENT).data(json))),
            Err(error) => {
                tracing::error!("cannot encode the overview: {error}");
                None
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}
