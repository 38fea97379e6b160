//! The Docker adapter: the only module that knows bollard. It connects, reads, and converts
//! Docker's types into the shared model at this boundary; nothing of bollard leaves it.

mod convert;
mod error;

use std::fmt;

use bollard::Docker;
use futures::Stream;

use bridgescope_app::model::{EngineStatus, NetworkSummary};

pub use error::DockerError;

const DEFAULT_DOCKER_HOST: &str = "unix:///var/run/docker.sock";

/// The engine address, as the user gave it through `DOCKER_HOST` (or Docker's default).
#[derive(Clone, Debug)]
pub struct Endpoint(String);

impl Endpoint {
    pub fn from_env() -> Self {
        let host = std::env::var("DOCKER_HOST")
            .ok()
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DOCKER_HOST.to_string());
        Endpoint(host)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A negotiated connection to the engine.
#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    status: EngineStatus,
}

impl Engine {
    /// Connects (bollard honours `DOCKER_HOST`), negotiates the API version and reads the
    /// engine's version. Fails with the reason when the engine does not answer.
    pub async fn connect(endpoint: &Endpoint) -> Result<Self, DockerError> {
        let docker = Docker::connect_with_defaults()
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

    /// Every network, sorted by name.
    pub async fn networks(&self) -> Result<Vec<NetworkSummary>, DockerError> {
        let listed = self
            .docker
            .list_networks(None::<bollard::query_parameters::ListNetworksOptions>)
            .await
            .map_err(DockerError::read)?;
        let mut networks: Vec<NetworkSummary> =
            listed.into_iter().map(convert::network_summary).collect();
        networks.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(networks)
    }

    /// A cheap liveness check used while no events arrive.
    pub async fn ping(&self) -> Result<(), DockerError> {
        self.docker
            .ping()
            .await
            .map(|_| ())
            .map_err(DockerError::read)
    }

    /// Docker's event stream for containers and networks, reduced to "something changed".
    pub fn changes(&self) -> impl Stream<Item = Result<(), DockerError>> + use<> {
        use futures::StreamExt;
        let filters = std::collections::HashMap::from([(
            "type".to_string(),
            vec!["container".to_string(), "network".to_string()],
        )]);
        let options = bollard::query_parameters::EventsOptionsBuilder::default()
            .filters(&filters)
            .build();
        self.docker
            .events(Some(options))
            .map(|event| event.map(|_| ()).map_err(DockerError::read))
    }
}
