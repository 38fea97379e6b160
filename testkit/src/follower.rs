//! A client of `/api/events` that does what a browser does: take the snapshot, apply each
//! update with the model's `apply`, and start over when the server sends a new snapshot.

use std::pin::Pin;
use std::time::Duration;

use bridgescope_app::live::{PROGRESS_EVENT, RESUME_EVENT, SNAPSHOT_EVENT, UPDATE_EVENT};
use bridgescope_app::model::{apply, ChangeLine, Snapshot, Update};
use futures::{Stream, StreamExt};

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

pub struct Follower {
    body: ByteStream,
    buffer: String,
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
        Self {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
            snapshot: Snapshot::default(),
            lines: Vec::new(),
            snapshots_received: 0,
            progress: Vec::new(),
            resumes: Vec::new(),
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
        }
    }

    /// The next `(event, data)` of the stream.
    async fn next_event(&mut self) -> Option<(String, String)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_block(&block) {
                    return Some(event);
                }
                continue;
            }
            let chunk = self.body.next().await?.ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

/// One SSE block: `event: NAME` and `data: …` lines (comments and keep-alives yield nothing).
fn parse_block(block: &str) -> Option<(String, String)> {
    let mut event = None;
    let mut data = Vec::new();
    for line in block.lines() {
        if let Some(name) = line.strip_prefix("event:") {
            event = Some(name.trim().to_string());
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    Some((event?, data.join("\n")))
}
