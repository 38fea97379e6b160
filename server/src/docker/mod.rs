//! The Docker adapter: the only module that knows bollard. It connects, reads, and converts
//! Docker's types into the shared model at this boundary; nothing of bollard leaves it.

pub(crate) mod convert;
mod error;
mod events;
#[cfg(test)]
mod fixture_tests;
mod ids;
mod lab;

use std::fmt;

use bollard::query_parameters::{ListContainersOptionsBuilder, ListNetworksOptions};
use bollard::Docker;
use futures::future::join_all;

use bridgescope_app::model::{Container, EngineStatus, Network};

pub use error::DockerError;
pub use events::DockerChange;
pub use ids::{ContainerId, NetworkId};
pub use lab::{LabContainer, Labelled, Lifecycle, RunLink, RunNetwork, RunSpec};

const DEFAULT_DOCKER_HOST: &str = "unix:///var/run/docker.sock";

/// The engine address, as the user gave it through `DOCKER_HOST` (or Docker's default).
#[derive(Clone, Debug)]
pub struct Endpoint(String);

impl Endpoint {
    /// The engine at `host` (`unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`).
    pub fn new(host: impl Into<String>) -> Self {
        Endpoint(host.into())
    }

    pub fn from_env() -> Self {
        let host = std::env::var("DOCKER_HOST")
            .ok()
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DOCKER_HOST.to_string());
        Endpoint(host)
    }

    /// Only an engine behind a local unix socket runs on this host, where its veths are.
    pub fn is_local(&self) -> bool {
        self.0.starts_with("unix://") || self.0.starts_with('/')
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A container as read, with the pid of its main process (0 when it does not run).
pub struct ContainerRead {
    pub container: Container,
    pub pid: i64,
}

/// A negotiated connection to the engine.
#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    status: EngineStatus,
}

impl Engine {
    /// Connects to `endpoint`, negotiates the API version and reads the engine's version.
    /// Fails with the reason when the engine does not answer.
    pub async fn connect(endpoint: &Endpoint) -> Result<Self, DockerError> {
        let docker = Docker::connect_with_host(&endpoint.0)
            .map_err(DockerError::connect)?
            .negotiate_version()
            .await
            .map_err(DockerError::connect)?;
        let version = docker.version().await.map_err(DockerError::connect)?;
        let status = EngineStatus::Connected {
            docker_host: endpoint.to_string(),
            engine_version: version.version.unwrap_or_else(|| "unknown".into()),
            api_version: docker.client_version().to_string(),
        };
        Ok(Self { docker, status })
    }

    pub fn status(&self) -> &EngineStatus {
        &self.status
    }

    /// Every network.
    pub async fn networks(&self) -> Result<Vec<Network>, DockerError> {
        let listed = self
            .docker
            .list_networks(None::<ListNetworksOptions>)
            .await
            .map_err(DockerError::read)?;
        Ok(listed.into_iter().map(convert::network).collect())
    }

    /// One network, or `None` when it no longer exists.
    pub async fn network(&self, id: &str) -> Result<Option<Network>, DockerError> {
        match self.docker.inspect_network(id, None).await {
            Ok(network) => Ok(Some(convert::inspected_network(network))),
            Err(error) if is_not_found(&error) => Ok(None),
            Err(error) => Err(DockerError::read(error)),
        }
    }

    /// Every container (running or not), inspected concurrently. A container removed between
    /// the list and its inspect is left out.
    pub async fn containers(&self) -> Result<Vec<ContainerRead>, DockerError> {
        let ids = self.container_ids().await?;
        let reads = join_all(ids.iter().map(|id| self.container(id))).await;
        let mut containers = Vec::with_capacity(reads.len());
        for read in reads {
            if let Some(container) = read? {
                containers.push(container);
            }
        }
        Ok(containers)
    }

    /// Ids and state words of every container: one cheap call, for consistency checks.
    pub async fn container_states(&self) -> Result<Vec<(String, String)>, DockerError> {
        let options = ListContainersOptionsBuilder::default().all(true).build();
        let listed = self
            .docker
            .list_containers(Some(options))
            .await
            .map_err(DockerError::read)?;
        Ok(listed
            .into_iter()
            .filter_map(|c| {
                let state = c.state.map(|s| s.to_string()).unwrap_or_default();
                c.id.map(|id| (id, state))
            })
            .collect())
    }

    async fn container_ids(&self) -> Result<Vec<String>, DockerError> {
        Ok(self
            .container_states()
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect())
    }

    /// One container, or `None` when it no longer exists.
    pub async fn container(&self, id: &str) -> Result<Option<ContainerRead>, DockerError> {
        match self.docker.inspect_container(id, None).await {
            Ok(inspect) => {
                let (container, pid) = convert::container(inspect);
                Ok(Some(ContainerRead { container, pid }))
            }
            Err(error) if is_not_found(&error) => Ok(None),
            Err(error) => Err(DockerError::read(error)),
        }
    }

    /// A cheap liveness check used while no events arrive.
    pub async fn ping(&self) -> Result<(), DockerError> {
        self.docker
            .ping()
            .await
            .map(|_| ())
            .map_err(DockerError::read)
    }

    /// Docker's container and network events since `since` (unix seconds; Docker replays
    /// the recent ones), as [`DockerChange`]s.
    pub fn changes_since(
        &self,
        since: i64,
    ) -> impl futures::Stream<Item = Result<DockerChange, DockerError>> + use<> {
        events::changes(&self.docker, since)
    }
}

pub(crate) fn is_not_found(error: &bollard::errors::Error) -> bool {
    matches!(
        error,
        bollard::errors::Error::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}
