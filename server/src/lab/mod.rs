//! Lab actions: what the buttons of the page do. Each action is checked first (the model's pure
//! validation and the current topology), then done through the Docker adapter, and answers with
//! the `docker …` command it is equivalent to. Errors are typed here and turned into HTTP
//! answers once, in `http::lab`.

mod demo;
mod webapp;

use std::path::PathBuf;

use bridgescope_app::model::{
    network_command, shell_word, validate_network, LabError, NetworkRequest, Topology, LAB_LABEL,
};
use serde::Serialize;

use crate::docker::{DockerError, Engine, Lifecycle};
use crate::engine_task::Subscription;

pub use webapp::WebAppAnswer;

/// Settings of the lab, from the command line.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// The image the demo runs Redis from.
    pub redis_image: String,
    /// The static web app binary the demo's image is built from.
    pub webapp_binary: Option<PathBuf>,
    /// The port the demo's web app is published on, on 127.0.0.1.
    pub demo_port: u16,
}

/// What an action did: a sentence, the equivalent commands, and the steps it took.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Outcome {
    pub message: String,
    pub commands: Vec<String>,
    pub steps: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Invalid(#[from] LabError),
    #[error("Docker is not reachable right now: nothing was changed")]
    Unreachable,
    #[error("{0}")]
    Docker(#[from] DockerError),
    #[error("no {kind} called {name:?}")]
    NotFound { kind: &'static str, name: String },
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    WebApp(String),
}

#[derive(Clone)]
pub struct Lab {
    config: LabConfig,
    live: Subscription,
    http: reqwest::Client,
    /// Steps of running actions, as they happen, for every page (`progress` events).
    progress: tokio::sync::broadcast::Sender<String>,
}

impl Lab {
    pub fn new(config: LabConfig, live: Subscription) -> Self {
        Self {
            config,
            live,
            http: reqwest::Client::new(),
            progress: tokio::sync::broadcast::channel(64).0,
        }
    }

    /// Follows the steps of actions as they happen.
    pub fn progress(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.progress.subscribe()
    }

    /// Records a step in `outcome` and tells every page about it at once.
    fn step(&self, outcome: &mut Outcome, line: impl Into<String>) {
        let line = line.into();
        let _ = self.progress.send(line.clone());
        outcome.steps.push(line);
    }

    fn engine(&self) -> Result<Engine, ActionError> {
        self.live
            .engine
            .borrow()
            .clone()
            .ok_or(ActionError::Unreachable)
    }

    fn topology(&self) -> Topology {
        self.live.snapshots.borrow().topology.clone()
    }

    pub async fn create_network(&self, request: &NetworkRequest) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let topology = self.topology();
        let existing: Vec<_> = topology.networks.values().collect();
        let valid = validate_network(request, &existing)?;
        engine.create_network(&valid).await?;
        Ok(Outcome {
            message: format!("network {} created", valid.name),
            commands: vec![network_command(request)],
            steps: Vec::new(),
        })
    }

    /// Removes a network, refusing while containers are attached (and naming them).
    pub async fn remove_network(&self, name: &str) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let topology = self.topology();
        let network = topology
            .network_by_name(name)
            .ok_or_else(|| ActionError::NotFound {
                kind: "network",
                name: name.into(),
            })?;
        if network.is_predefined() {
            return Err(ActionError::Refused(format!(
                "{name} is one of Docker's own networks and cannot be removed"
            )));
        }
        let attached: Vec<&str> = topology
            .containers
            .values()
            .filter(|c| c.endpoints.contains_key(&network.id))
            .map(|c| c.name.as_str())
            .collect();
        if !attached.is_empty() {
            return Err(ActionError::Refused(format!(
                "network {name} still has containers attached: {} (disconnect or remove them first)",
                attached.join(", ")
            )));
        }
        engine.remove_network(&network.id).await?;
        Ok(Outcome {
            message: format!("network {name} removed"),
            commands: vec![format!("docker network rm {}", shell_word(name))],
            steps: Vec::new(),
        })
    }

    /// Starts, stops, restarts or removes a container (remove: lab containers only).
    pub async fn lifecycle(&self, name: &str, action: Lifecycle) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let topology = self.topology();
        let container = topology
            .container_by_name(name)
            .ok_or_else(|| ActionError::NotFound {
                kind: "container",
                name: name.into(),
            })?;
        let verb = match action {
            Lifecycle::Start => "start",
            Lifecycle::Stop => "stop",
            Lifecycle::Restart => "restart",
            Lifecycle::Remove => "rm -f",
        };
        if matches!(action, Lifecycle::Remove) && !container.labels.contains_key(LAB_LABEL) {
            return Err(ActionError::Refused(format!(
                "{name} was not made by this lab; bridgescope removes only lab containers"
            )));
        }
        engine.lifecycle(&container.id, action).await?;
        Ok(Outcome {
            message: format!("docker {verb} {name}: done"),
            commands: vec![format!("docker {verb} {}", shell_word(name))],
            steps: Vec::new(),
        })
    }

    pub async fn connect(
        &self,
        container: &str,
        network: &str,
        alias: Option<&str>,
    ) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let alias = alias.map(str::trim).filter(|a| !a.is_empty());
        engine.connect_container(network, container, alias).await?;
        let alias_flag = alias
            .map(|a| format!("--alias {} ", shell_word(a)))
            .unwrap_or_default();
        Ok(Outcome {
            message: format!("{container} connected to {network}"),
            commands: vec![format!(
                "docker network connect {alias_flag}{} {}",
                shell_word(network),
                shell_word(container)
            )],
            steps: Vec::new(),
        })
    }

    pub async fn disconnect(&self, container: &str, network: &str) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        engine.disconnect_container(network, container).await?;
        Ok(Outcome {
            message: format!("{container} disconnected from {network}"),
            commands: vec![format!(
                "docker network disconnect {} {}",
                shell_word(network),
                shell_word(container)
            )],
            steps: Vec::new(),
        })
    }

    /// Removes every lab-labelled container and network, and nothing else.
    pub async fn reset(&self) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let removed = engine.remove_lab_resources().await?;
        Ok(Outcome {
            message: format!("removed {} lab resources", removed.len()),
            commands: vec![
                format!("docker rm -f $(docker ps -aq --filter label={LAB_LABEL})"),
                format!("docker network rm $(docker network ls -q --filter label={LAB_LABEL})"),
            ],
            steps: removed,
        })
    }
}
