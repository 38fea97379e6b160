//! How the live state reaches a page. On the server, [`LiveState`] is the read side of the one
//! state that the engine task keeps current; every request and every browser reads that, never
//! Docker. In the browser, [`follow`] subscribes to `/api/events`, applies each delta to its
//! snapshot, and starts over from a fresh snapshot when a version is missing. The first stream
//! is the one the page opened itself before the wasm loaded ([`crate::early_stream`]).

use leptos::prelude::*;

use crate::model::{ChangeLine, Snapshot};

/// Server-Sent Events: the first event of a stream, carrying a [`Snapshot`].
pub const SNAPSHOT_EVENT: &str = "snapshot";
/// Server-Sent Events: every later event, carrying an [`crate::model::Update`].
pub const UPDATE_EVENT: &str = "update";
/// Server-Sent Events: the first event instead of a snapshot when the subscriber already holds
/// the current one (asked with `?since=VERSION&instance=N`); carries the version.
pub const RESUME_EVENT: &str = "resume";
/// Server-Sent Events: a step of a lab action as it happens (plain text).
pub const PROGRESS_EVENT: &str = "progress";
/// Server-Sent Events: the answer of a reachability probe, a [`crate::api::ProbeAnswer`].
pub const PROBE_EVENT: &str = "probe";
/// Server-Sent Events: where the room's lesson is, a [`crate::api::LessonState`].
pub const LESSON_EVENT: &str = "lesson";
/// Path of the Server-Sent Events stream.
pub const EVENTS_PATH: &str = "/api/events";
/// How many change-log lines a page keeps.
pub const LOG_LIMIT: usize = 200;

/// Where the page's own subscription stands. Only the browser moves it past `PageLoaded`, which
/// makes it a visible proof that the page hydrated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamState {
    /// Rendered by the server; the browser has not taken over (yet).
    PageLoaded,
    /// Subscribed, and following.
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
    snapshot: tokio::sync::watch::Receiver<std::sync::Arc<Snapshot>>,
}

#[cfg(feature = "ssr")]
impl LiveState {
    pub fn new(snapshot: tokio::sync::watch::Receiver<std::sync::Arc<Snapshot>>) -> Self {
        Self { snapshot }
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot::clone(&self.snapshot.borrow())
    }
}

/// Appends `lines` to `log`, keeping the newest [`LOG_LIMIT`].
pub fn extend_log(log: &mut Vec<ChangeLine>, lines: impl IntoIterator<Item = ChangeLine>) {
    log.extend(lines);
    if log.len() > LOG_LIMIT {
        log.drain(..log.len() - LOG_LIMIT);
    }
}

/// What the page follows from the server's event stream.
#[derive(Clone, Copy)]
pub struct Followed {
    pub snapshot: RwSignal<Snapshot>,
    pub stream: RwSignal<StreamState>,
    /// The latest steps of lab actions, oldest first.
    pub progress: RwSignal<Vec<String>>,
    /// The latest reachability probe anyone asked (every screen shows it).
    pub probe: RwSignal<Option<crate::api::ProbeAnswer>>,
    /// Where the room's lesson is.
    pub lesson: RwSignal<crate::api::LessonState>,
}

/// Keeps `followed` current from the server's event stream (browser only; nothing on the server).
pub fn follow(followed: Followed) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::subscribe(followed));
    #[cfg(not(feature = "hydrate"))]
    let _ = followed;
}

#[cfg(feature = "hydrate")]
mod browser {
    use futures::{stream::select, StreamExt};
    use gloo_net::eventsource::futures::EventSource;
    use leptos::prelude::*;

    use super::{
        extend_log, Followed, StreamState, LESSON_EVENT, PROBE_EVENT, PROGRESS_EVENT, RESUME_EVENT,
        SNAPSHOT_EVENT, UPDATE_EVENT,
    };
    use crate::early_stream::{adopt, events_url, Adopted, Messages};
    use crate::model::{apply, Snapshot, Update as StreamUpdate};

    /// Opens the stream; when a delta does not fit the held version, opens it again (the
    /// server starts every stream with a fresh snapshot).
    pub(super) fn subscribe(followed: Followed) {
        leptos::task::spawn_local(async move {
            loop {
                if let Some((source, messages)) = open(followed.snapshot) {
                    follow_opened(followed, messages).await;
                    source.close();
                }
                followed.stream.set(StreamState::Reconnecting);
                gloo_timers_sleep(500).await;
            }
        });
    }

    /// A stream this page follows: the one the page's script opened, or one of its own.
    enum Source {
        Adopted(Adopted),
        Own(EventSource),
    }

    impl Source {
        fn close(self) {
            match self {
                Source::Adopted(adopted) => adopted.close(),
                Source::Own(source) => source.close(),
            }
        }
    }

    /// The stream for the held state: the page's own if it was opened for that state (the
    /// first time), a new one otherwise.
    fn open(snapshot: RwSignal<Snapshot>) -> Option<(Source, Messages)> {
        // Ask to resume from the held state: when it is still current, the server says so
        // instead of sending the whole snapshot again (the page already parsed it once).
        let (version, instance) = snapshot.with_untracked(|s| (s.topology.version, s.instance));
        let url = events_url(version, instance);
        if let Some((adopted, messages)) = adopt(&url) {
            return Some((Source::Adopted(adopted), messages));
        }
        let mut source = EventSource::new(&url).ok()?;
        let (Ok(snapshots), Ok(updates), Ok(steps), Ok(resumes), Ok(probes), Ok(lessons)) = (
            source.subscribe(SNAPSHOT_EVENT),
            source.subscribe(UPDATE_EVENT),
            source.subscribe(PROGRESS_EVENT),
            source.subscribe(RESUME_EVENT),
            source.subscribe(PROBE_EVENT),
            source.subscribe(LESSON_EVENT),
        ) else {
            source.close();
            return None;
        };
        let side = select(select(steps, resumes), select(probes, lessons));
        let messages = select(select(snapshots, updates), side).boxed_local();
        Some((Source::Own(source), messages))
    }

    /// Follows one stream until a version gap; returns to be reopened.
    async fn follow_opened(followed: Followed, mut messages: Messages) {
        let Followed {
            snapshot,
            stream,
            progress,
            probe,
            lesson,
        } = followed;
        while let Some(message) = messages.next().await {
            let Ok((kind, event)) = message else {
                // The browser reconnects by itself; the server then sends a snapshot first.
                stream.set(StreamState::Reconnecting);
                continue;
            };
            let Some(text) = event.data().as_string() else {
                continue;
            };
            if kind == LESSON_EVENT {
                // Every stream starts with the current state: set it only when it is news, or
                // the lesson panel would be drawn anew on every (re)connect.
                if let Ok(state) = serde_json::from_str::<crate::api::LessonState>(&text) {
                    if lesson.with_untracked(|held| *held != state) {
                        lesson.set(state);
                    }
                }
                continue;
            }
            if kind == PROBE_EVENT {
                receive_probe(&text, probe);
                continue;
            }
            if kind == PROGRESS_EVENT {
                progress.update(|lines| {
                    lines.push(text);
                    if lines.len() > 50 {
                        lines.remove(0);
                    }
                });
                continue;
            }
            let fits = if kind == SNAPSHOT_EVENT {
                receive_snapshot(&text, snapshot)
            } else if kind == RESUME_EVENT {
                // Still current? Otherwise reopen, which brings a snapshot.
                text.parse::<u64>().ok() == Some(snapshot.with_untracked(|s| s.topology.version))
            } else {
                receive_update(&text, snapshot)
            };
            if !fits {
                break;
            }
            stream.set(StreamState::Live);
        }
    }

    /// A probe's answer; one the page already shows (its own request's) is not set again.
    fn receive_probe(text: &str, probe: RwSignal<Option<crate::api::ProbeAnswer>>) {
        let Ok(answer) = serde_json::from_str::<crate::api::ProbeAnswer>(text) else {
            return;
        };
        let seen = probe.with_untracked(|held| held.as_ref().is_some_and(|h| h.id == answer.id));
        if !seen {
            probe.set(Some(answer));
        }
    }

    fn receive_snapshot(text: &str, snapshot: RwSignal<Snapshot>) -> bool {
        match serde_json::from_str::<Snapshot>(text) {
            Ok(fresh) => {
                snapshot.set(fresh);
                true
            }
            Err(_) => false,
        }
    }

    fn receive_update(text: &str, snapshot: RwSignal<Snapshot>) -> bool {
        crate::timing::mark(crate::timing::UPDATE_MARK);
        let Ok(update) = serde_json::from_str::<StreamUpdate>(text) else {
            return false;
        };
        let mut fits = true;
        snapshot.update(|held| {
            if held.topology.version >= update.delta.to_version {
                return; // already seen
            }
            fits = apply(&mut held.topology, &update.delta).is_ok();
            if fits {
                extend_log(&mut held.log, update.log);
            }
        });
        fits
    }

    async fn gloo_timers_sleep(millis: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}
