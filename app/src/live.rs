//! How the live state reaches a page. On the server, [`LiveState`] is the read side of the one
//! state that the Docker task keeps current; every request and every browser reads that, never
//! Docker. In the browser, [`follow`] subscribes to the server's `/api/events` stream and writes
//! each new state into a signal.

use leptos::prelude::*;

use crate::model::Overview;

/// Name of the Server-Sent Events event that carries a whole [`Overview`] as JSON.
pub const OVERVIEW_EVENT: &str = "overview";
/// Path of the Server-Sent Events stream.
pub const EVENTS_PATH: &str = "/api/events";

/// Where the page's own subscription stands. Only the browser moves it past `PageLoaded`, which
/// makes it a visible proof that the page hydrated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamState {
    /// Rendered by the server; the browser has not taken over (yet).
    PageLoaded,
    /// Subscribed, and the last message arrived.
    Live,
    /// The stream broke; the browser is reconnecting by itself.
    Reconnecting,
}

impl StreamState {
    pub fn label(self) -> &'static str {
        match self {
            StreamState::PageLoaded => "page loaded",
            StreamState::Live => "live",
            StreamState::Reconnecting => "reconnecting…",
        }
    }
}

/// The server's shared, always-current state, handed to request handlers as Leptos context.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct LiveState {
    overview: tokio::sync::watch::Receiver<Overview>,
}

#[cfg(feature = "ssr")]
impl LiveState {
    pub fn new(overview: tokio::sync::watch::Receiver<Overview>) -> Self {
        Self { overview }
    }

    pub fn current(&self) -> Overview {
        self.overview.borrow().clone()
    }
}

/// Keeps `overview` current from the server's event stream (browser only; nothing on the server).
pub fn follow(overview: RwSignal<Overview>, stream: RwSignal<StreamState>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::subscribe(overview, stream));
    #[cfg(not(feature = "hydrate"))]
    let _ = (overview, stream);
}

#[cfg(feature = "hydrate")]
mod browser {
    use futures::StreamExt;
    use gloo_net::eventsource::futures::EventSource;
    use leptos::prelude::*;

    use super::{StreamState, EVENTS_PATH, OVERVIEW_EVENT};
    use crate::model::Overview;

    pub(super) fn subscribe(overview: RwSignal<Overview>, stream: RwSignal<StreamState>) {
        let Ok(mut source) = EventSource::new(EVENTS_PATH) else {
            stream.set(StreamState::Reconnecting);
            return;
        };
        let Ok(mut messages) = source.subscribe(OVERVIEW_EVENT) else {
            stream.set(StreamState::Reconnecting);
            return;
        };
        leptos::task::spawn_local(async move {
            // The browser reconnects an EventSource by itself; an error only changes the pill.
            while let Some(message) = messages.next().await {
                match message {
                    Ok((_, event)) => {
                        let parsed = event
                            .data()
                            .as_string()
                            .and_then(|text| serde_json::from_str::<Overview>(&text).ok());
                        if let Some(next) = parsed {
                            overview.set(next);
                            stream.set(StreamState::Live);
                        }
                    }
                    Err(_) => stream.set(StreamState::Reconnecting),
                }
            }
            source.close();
        });
    }
}
