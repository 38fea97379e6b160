//! The one task that owns the Docker connection and its event stream. It publishes every new
//! state into a `watch` channel that all browsers and API calls read, so the number of Docker
//! calls does not grow with the number of viewers.
//!
//! Life cycle: connect → read everything → follow events (re-reading after each burst) → on any
//! failure publish "unreachable" with the reason, wait (backing off up to a few seconds) and
//! start over with a full read.

use std::time::Duration;

use futures::StreamExt;
use tokio::sync::watch;

use bridgescope_app::model::{EngineStatus, Overview};

use crate::docker::{DockerError, Endpoint, Engine};

/// Events that arrive within this window after a first one are handled together.
const BURST_WINDOW: Duration = Duration::from_millis(25);
/// While no event arrives, check this often that the engine still answers.
const LIVENESS_INTERVAL: Duration = Duration::from_secs(10);
const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(5);

pub struct EngineTask {
    endpoint: Endpoint,
    state: watch::Sender<Overview>,
}

impl EngineTask {
    pub fn new(endpoint: Endpoint, state: watch::Sender<Overview>) -> Self {
        Self { endpoint, state }
    }

    pub async fn run(self) {
        let mut retry = FIRST_RETRY;
        loop {
            let error = self.session(&mut retry).await;
            tracing::warn!(endpoint = %self.endpoint, "Docker engine unreachable: {error}");
            self.publish_unreachable(&error, retry);
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(MAX_RETRY);
        }
    }

    /// One connected period; returns why it ended.
    async fn session(&self, retry: &mut Duration) -> DockerError {
        let engine = match Engine::connect(&self.endpoint).await {
            Ok(engine) => engine,
            Err(error) => return error,
        };
        tracing::info!("{}", engine.status().headline());
        let mut changes = Box::pin(engine.changes());
        if let Err(error) = self.publish_full(&engine).await {
            return error;
        }
        *retry = FIRST_RETRY;
        loop {
            let next = tokio::time::timeout(LIVENESS_INTERVAL, changes.next()).await;
            let outcome = match next {
                Ok(Some(Ok(()))) => {
                    drain_burst(&mut changes).await;
                    self.publish_full(&engine).await
                }
                Ok(Some(Err(error))) => Err(error),
                Ok(None) => Err(DockerError::StreamEnded),
                Err(_idle) => engine.ping().await,
            };
            if let Err(error) = outcome {
                return error;
            }
        }
    }

    async fn publish_full(&self, engine: &Engine) -> Result<(), DockerError> {
        let networks = engine.networks().await?;
        let next = Overview {
            engine: engine.status().clone(),
            networks,
        };
        self.state
            .send_if_modified(|current| replace_if_changed(current, next));
        Ok(())
    }

    fn publish_unreachable(&self, error: &DockerError, retry: Duration) {
        let engine = EngineStatus::Unreachable {
            docker_host: self.endpoint.to_string(),
            reason: error.to_string(),
            retry_secs: retry.as_secs().max(1),
        };
        self.state.send_if_modified(|current| {
            let next = Overview {
                engine,
                networks: current.networks.clone(),
            };
            replace_if_changed(current, next)
        });
    }
}

fn replace_if_changed(current: &mut Overview, next: Overview) -> bool {
    if *current == next {
        return false;
    }
    *current = next;
    true
}

/// Swallows the events that follow within [`BURST_WINDOW`], so a burst costs one re-read.
async fn drain_burst<S>(changes: &mut S)
where
    S: futures::Stream<Item = Result<(), DockerError>> + Unpin,
{
    let deadline = tokio::time::Instant::now() + BURST_WINDOW;
    while let Ok(Some(Ok(()))) = tokio::time::timeout_at(deadline, changes.next()).await {}
}
