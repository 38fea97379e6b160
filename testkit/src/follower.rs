//! A client of `/api/events` that does what a browser does: take the snapshot, apply each
//! update with the model's `apply`, and start over when the server sends a new snapshot.
//!
//! The stream is parsed by `eventsource-stream` (the SSE rules of the HTML standard): text is
//! decoded across chunk boundaries, and an event without a name is a `message`, as a browser's
//! `EventSource` has it.

use std::pin::Pin;
use std::time::Duration;

use bridgescope_app::live::{PROGRESS_EVENT, RESUME_EVENT, SNAPSHOT_EVENT, UPDATE_EVENT};
use bridgescope_app::model::{apply, ChangeLine, Snapshot, Update};
use eventsource_stream::{Event, Eventsource};
use futures::{Stream, StreamExt};

/// The events of the stream, or what went wrong reading or decoding it.
type EventStream = Pin<Box<dyn Stream<Item = Result<Event, String>> + Send>>;

pub struct Follower {
    events: EventStream,
    /// The state as streamed so far.
    pub snapshot: Snapshot,
    /// Every change-log line received since the follower started (after its first snapshot).
    pub lines: Vec<ChangeLine>,
    /// How many snapshots (first one included) the server sent.
    pub snapshots_received: usize,
    /// The `progress` lines (steps of lab actions) received.
    pub progress: Vec<String>,
    /// The versions of the `resume` events received (the server's "you are current").
    pub resumes: Vec<u64>,
    /// Every event of another name, with its data (`message` for an event without a name).
    pub others: Vec<(String, String)>,
}

impl Follower {
    /// Connects and waits for the first snapshot.
    pub async fn connect(url: &str) -> Self {
        let mut follower = Self::open(url).await;
        follower
            .until("the first snapshot", Duration::from_secs(10), |f| {
                f.snapshots_received > 0
            })
            .await;
        follower
    }

    /// Connects holding `held` (as a page does, with `?since=…&instance=…` in `url`) and waits
    /// for the first snapshot or resume.
    pub async fn connect_holding(url: &str, held: Snapshot) -> Self {
        let mut follower = Self::open(url).await;
        follower.snapshot = held;
        follower
            .until("a snapshot or a resume", Duration::from_secs(10), |f| {
                f.snapshots_received > 0 || !f.resumes.is_empty()
            })
            .await;
        follower
    }

    async fn open(url: &str) -> Self {
        let response = match reqwest::get(url).await {
            Ok(response) => response,
            Err(error) => panic!("cannot open {url}: {error}"),
        };
        assert!(
            response.status().is_success(),
            "GET {url}: {}",
            response.status()
        );
        Self::reading(response.bytes_stream())
    }

    /// A follower of the SSE stream `body` (a response body, chunk by chunk).
    fn reading<S, B, E>(body: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: AsRef<[u8]>,
        E: std::fmt::Display,
    {
        let events = body
            .eventsource()
            .map(|event| event.map_err(|error| error.to_string()));
        Self {
            events: Box::pin(events),
            snapshot: Snapshot::default(),
            lines: Vec::new(),
            snapshots_received: 0,
            progress: Vec::new(),
            resumes: Vec::new(),
            others: Vec::new(),
        }
    }

    /// Reads events until `done` holds, or panics after `timeout`.
    pub async fn until<F>(&mut self, what: &str, timeout: Duration, done: F)
    where
        F: Fn(&Follower) -> bool,
    {
        let deadline = tokio::time::Instant::now() + timeout;
        while !done(self) {
            match tokio::time::timeout_at(deadline, self.next_event()).await {
                Ok(Some((event, data))) => self.receive(&event, &data),
                Ok(None) => panic!("the event stream ended while waiting for {what}"),
                Err(_) => panic!(
                    "timed out after {timeout:?} waiting for {what}; version {}, lines: {:#?}",
                    self.snapshot.topology.version, self.lines
                ),
            }
        }
    }

    fn receive(&mut self, event: &str, data: &str) {
        if event == SNAPSHOT_EVENT {
            match serde_json::from_str::<Snapshot>(data) {
                Ok(snapshot) => self.snapshot = snapshot,
                Err(error) => panic!("a snapshot that does not parse: {error}"),
            }
            self.snapshots_received += 1;
        } else if event == RESUME_EVENT {
            match data.parse() {
                Ok(version) => self.resumes.push(version),
                Err(error) => panic!("a resume without a version ({data:?}): {error}"),
            }
        } else if event == PROGRESS_EVENT {
            self.progress.push(data.to_string());
        } else if event == UPDATE_EVENT {
            let update: Update = match serde_json::from_str(data) {
                Ok(update) => update,
                Err(error) => panic!("an update that does not parse: {error}"),
            };
            if let Err(error) = apply(&mut self.snapshot.topology, &update.delta) {
                panic!("the server sent an update that does not fit: {error}");
            }
            self.lines.extend(update.log);
        } else {
            self.others.push((event.to_string(), data.to_string()));
        }
    }

    /// The next `(event, data)` of the stream, `None` when it ended; panics when it cannot be
    /// read or is not UTF-8.
    async fn next_event(&mut self) -> Option<(String, String)> {
        match self.events.next().await? {
            Ok(event) => Some((event.event, event.data)),
            Err(error) => panic!("the event stream broke: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A follower reading `chunks` as the response body.
    fn reading(chunks: &[&'static [u8]]) -> Follower {
        let chunks: Vec<reqwest::Result<bytes::Bytes>> = chunks
            .iter()
            .map(|chunk| Ok(bytes::Bytes::from_static(chunk)))
            .collect();
        Follower::reading(futures::stream::iter(chunks))
    }

    /// A progress line whose "é" (C3 A9 in UTF-8) is split between two chunks, then an event
    /// without a name.
    const SPLIT: [&[u8]; 2] = [
        b"event: progress\ndata: caf\xC3",
        b"\xA9 \xE2\x9C\x93\n\ndata: no name\n\n",
    ];

    #[tokio::test]
    async fn a_character_split_across_chunks_and_an_unnamed_event_arrive_intact() {
        let mut follower = reading(&SPLIT);
        assert_eq!(
            follower.next_event().await,
            Some(("progress".to_string(), "caf\u{e9} \u{2713}".to_string()))
        );
        assert_eq!(
            follower.next_event().await,
            Some(("message".to_string(), "no name".to_string()))
        );
        assert_eq!(follower.next_event().await, None);
    }

    #[tokio::test]
    async fn the_follower_keeps_both_the_progress_line_and_the_unnamed_event() {
        let mut follower = reading(&SPLIT);
        follower
            .until("the unnamed event", Duration::from_secs(5), |f| {
                !f.others.is_empty()
            })
            .await;
        assert_eq!(follower.progress, ["caf\u{e9} \u{2713}"]);
        assert_eq!(
            follower.others,
            [("message".to_string(), "no name".to_string())]
        );
    }
}
