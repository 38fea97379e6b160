//! The one task that owns the Docker connection and its event stream. Every browser and every
//! API call reads what it publishes, so the number of Docker calls does not grow with viewers.
//!
//! Life cycle: connect → subscribe to events (from a second before, so nothing falls between)
//! → read everything → for each burst of events re-read only the containers and networks it
//! touched, and re-map their veths → on any failure publish "unreachable" with the reason, wait
//! (backing off up to a few seconds) and start over with a full read. While idle it only pings
//! and, now and then, compares one cheap container list with what it holds. Interface counters
//! are sampled (from netlink, not Docker) only while someone follows the live stream.

mod publisher;
mod world;

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::{Stream, StreamExt};
use tokio::time::{interval, timeout_at, Instant, MissedTickBehavior};

use bridgescope_app::model::{EngineStatus, Topology};

use crate::docker::{DockerChange, DockerError, Endpoint, Engine};
use crate::netlink;

pub use publisher::{Publisher, Subscription};
pub use world::World;

/// Events that arrive within this window after a first one are handled together.
const BURST_WINDOW: Duration = Duration::from_millis(15);
/// How often the held state is compared with one cheap container list while idle.
const CONSISTENCY_INTERVAL: Duration = Duration::from_secs(30);
/// How often interface counters are sampled while someone watches.
const COUNTER_INTERVAL: Duration = Duration::from_secs(2);
const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(5);

pub struct EngineTask {
    endpoint: Endpoint,
    publisher: Publisher,
    world: World,
    engine: tokio::sync::watch::Sender<Option<Engine>>,
}

impl EngineTask {
    /// The task and the subscription every reader shares.
    pub fn new(endpoint: Endpoint) -> (Self, Subscription) {
        let first = Topology {
            engine: EngineStatus::Connecting {
                docker_host: endpoint.to_string(),
            },
            ..Default::default()
        };
        let (engine, engine_receiver) = tokio::sync::watch::channel(None);
        let (publisher, subscription) = Publisher::new(first, engine_receiver);
        let task = Self {
            endpoint,
            publisher,
            world: World::default(),
            engine,
        };
        (task, subscription)
    }

    pub async fn run(mut self) {
        let mut retry = FIRST_RETRY;
        loop {
            let error = self.session(&mut retry).await;
            self.engine.send_replace(None);
            tracing::warn!(endpoint = %self.endpoint, "Docker engine unreachable: {error}");
            self.publish_unreachable(&error, retry);
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(MAX_RETRY);
        }
    }

    /// One connected period; returns why it ended.
    async fn session(&mut self, retry: &mut Duration) -> DockerError {
        let engine = match Engine::connect(&self.endpoint).await {
            Ok(engine) => engine,
            Err(error) => return error,
        };
        tracing::info!("{}", engine.status().headline());
        let mut changes = Box::pin(engine.changes_since(unix_seconds().saturating_sub(1)));
        if let Err(error) = self.resync(&engine).await {
            return error;
        }
        *retry = FIRST_RETRY;
        self.engine.send_replace(Some(engine.clone()));
        let mut consistency = interval(CONSISTENCY_INTERVAL);
        let mut counters = interval(COUNTER_INTERVAL);
        for ticker in [&mut consistency, &mut counters] {
            ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
            ticker.reset();
        }
        loop {
            let outcome = tokio::select! {
                change = changes.next() => match change {
                    Some(Ok(first)) => self.on_burst(&engine, first, &mut changes).await,
                    Some(Err(error)) => Err(error),
                    None => Err(DockerError::StreamEnded),
                },
                _ = consistency.tick() => self.check_consistency(&engine).await,
                _ = counters.tick() => {
                    self.sample_counters(&engine).await;
                    Ok(())
                }
            };
            if let Err(error) = outcome {
                return error;
            }
        }
    }

    /// Reads everything again and publishes it.
    async fn resync(&mut self, engine: &Engine) -> Result<(), DockerError> {
        let started = Instant::now();
        let mut world = World::default();
        for network in engine.networks().await? {
            world.networks.insert(network.id.clone(), network);
        }
        for read in engine.containers().await? {
            world.put_container(read);
        }
        self.world = world;
        self.refresh_host().await;
        let ids: Vec<String> = self.world.containers.keys().cloned().collect();
        self.refresh_namespaces(&ids).await;
        self.publisher
            .publish(self.world.topology(engine.status().clone()));
        self.publisher.publish_pids(&self.world.pids);
        tracing::info!(
            containers = self.world.containers.len(),
            networks = self.world.networks.len(),
            millis = started.elapsed().as_secs_f64() * 1000.0,
            "full snapshot built"
        );
        Ok(())
    }

    async fn on_burst<S>(
        &mut self,
        engine: &Engine,
        first: DockerChange,
        changes: &mut S,
    ) -> Result<(), DockerError>
    where
        S: Stream<Item = Result<DockerChange, DockerError>> + Unpin,
    {
        let mut touched = Touched::default();
        touched.add(first);
        let deadline = Instant::now() + BURST_WINDOW;
        while let Ok(Some(change)) = timeout_at(deadline, changes.next()).await {
            touched.add(change?);
        }
        self.reread(engine, &touched).await?;
        self.publisher
            .publish(self.world.topology(engine.status().clone()));
        self.publisher.publish_pids(&self.world.pids);
        Ok(())
    }

    /// Re-reads exactly the networks and containers a burst touched, then their veths.
    async fn reread(&mut self, engine: &Engine, touched: &Touched) -> Result<(), DockerError> {
        for id in &touched.networks {
            match engine.network(id).await? {
                Some(network) => {
                    self.world.networks.insert(id.clone(), network);
                }
                None => {
                    self.world.networks.remove(id);
                }
            }
        }
        let reads =
            futures::future::join_all(touched.containers.iter().map(|id| engine.container(id)))
                .await;
        for (id, read) in touched.containers.iter().zip(reads) {
            match read? {
                Some(read) => self.world.put_container(read),
                None => self.world.remove_container(id),
            }
        }
        self.refresh_host().await;
        let ids: Vec<String> = touched.containers.iter().cloned().collect();
        self.refresh_namespaces(&ids).await;
        Ok(())
    }

    /// Re-reads the host's links, or records why veths cannot be seen.
    async fn refresh_host(&mut self) {
        if !self.endpoint.is_local() {
            self.world.veths_hidden = Some(format!(
                "the engine is reached at {}: bridgescope sees veth pairs only of an engine \
                 on this host (a unix socket)",
                self.endpoint
            ));
            return;
        }
        match netlink::host_links().await {
            Ok(links) => {
                self.world.host_links = links;
                self.world.veths_hidden = None;
            }
            Err(error) => {
                self.world.veths_hidden =
                    Some(format!("cannot read the host's interfaces: {error}"))
            }
        }
    }

    /// Re-reads the namespace links of the given containers (those running).
    async fn refresh_namespaces(&mut self, ids: &[String]) {
        for id in ids {
            self.world.namespaces.remove(id);
        }
        if self.world.veths_hidden.is_some() {
            return;
        }
        let pids = self.world.running_pids(ids);
        let links = netlink::namespace_links(pids).await;
        self.world.namespaces.extend(links);
    }

    /// Compares one cheap container list with what is held; resyncs on any difference.
    async fn check_consistency(&mut self, engine: &Engine) -> Result<(), DockerError> {
        engine.ping().await?;
        let mut listed = engine.container_states().await?;
        listed.sort();
        let held: Vec<(String, String)> = self
            .world
            .containers
            .values()
            .map(|c| (c.id.clone(), c.state.as_str().to_string()))
            .collect();
        if listed != held {
            tracing::info!("the held state differs from Docker's: reading everything again");
            self.resync(engine).await?;
        }
        Ok(())
    }

    async fn sample_counters(&mut self, engine: &Engine) {
        if !self.publisher.has_watchers() {
            return;
        }
        self.refresh_host().await;
        self.publisher
            .publish(self.world.topology(engine.status().clone()));
    }

    fn publish_unreachable(&mut self, error: &DockerError, retry: Duration) {
        let mut topology = self.publisher.current().clone();
        topology.engine = EngineStatus::Unreachable {
            docker_host: self.endpoint.to_string(),
            reason: error.to_string(),
            retry_secs: retry.as_secs().max(1),
        };
        self.publisher.publish(topology);
    }
}

/// The networks and containers a burst of events touched.
#[derive(Default)]
struct Touched {
    networks: BTreeSet<String>,
    containers: BTreeSet<String>,
}

impl Touched {
    fn add(&mut self, change: DockerChange) {
        match change {
            DockerChange::Container { id, .. } => {
                self.containers.insert(id);
            }
            DockerChange::Network { id, container, .. } => {
                self.networks.insert(id);
                self.containers.extend(container);
            }
        }
    }
}

fn unix_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
