//! Lab actions: what the buttons of the page do. Each action is checked first (the model's pure
//! validation, the lab's boundary in `boundary.rs` and the current topology), then done through
//! the Docker adapter, and answers with the `docker …` command it is equivalent to. Errors are
//! typed here and turned into HTTP answers once, in `http::lab`.
//!
//! Actions that change Docker run one at a time (`one_at_a_time`): a double click, or two
//! presenters, cannot both see "no network app yet" and make two.

mod boundary;
mod demo;
mod ledger;
mod run;
mod webapp;

use std::path::PathBuf;
use std::sync::Arc;

use bridgescope_app::model::{
    network_command, shell_word, validate_name, validate_network, LabError, NameKind,
    NetworkRequest, RunError, Topology, LAB_LABEL,
};

use crate::docker::{DockerError, Engine, Lifecycle};
use crate::engine_task::Subscription;

pub use boundary::Act;
pub use demo::WEBAPP_IMAGE;
pub use ledger::{Ledger, LedgerError};

/// Settings of the lab, from the command line.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// The image the demo runs Redis from.
    pub redis_image: String,
    /// The static web app binary the demo's image is built from.
    pub webapp_binary: Option<PathBuf>,
    /// The port the demo's web app is published on, on 127.0.0.1.
    pub demo_port: u16,
    /// Where the lab keeps its record of what it made.
    pub state_dir: PathBuf,
}

pub use bridgescope_app::api::Outcome;

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Invalid(#[from] LabError),
    /// A run request refused before Docker was called.
    #[error("{0}")]
    Run(#[from] RunError),
    #[error("Docker is not reachable right now: nothing was changed")]
    Unreachable,
    #[error(transparent)]
    Docker(#[from] DockerError),
    #[error("no {kind} called {name:?}")]
    NotFound { kind: &'static str, name: String },
    #[error("unknown action {0:?}: use start, stop, restart or remove")]
    UnknownAction(String),
    #[error("{}", outside_lab(kind, name, *act))]
    OutsideLab {
        kind: &'static str,
        name: String,
        act: Act,
    },
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    WebApp(String),
    #[error("{what}: {source}")]
    Internal {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{what}, but {source}: the lab will not change or remove it")]
    NotRecorded {
        what: String,
        #[source]
        source: LedgerError,
    },
}

fn outside_lab(kind: &str, name: &str, act: Act) -> String {
    match (act, kind) {
        (Act::Change, _) => format!(
            "{kind} {name} was not made by this lab: bridgescope changes it only when the \
             presenter confirms it (\"confirm_outside_lab\": true)"
        ),
        (Act::Remove, "network") => format!(
            "network {name} was not made by this lab: bridgescope removes only what its lab \
             made (by hand: docker network rm {})",
            shell_word(name)
        ),
        (Act::Remove, _) => format!(
            "{kind} {name} was not made by this lab: bridgescope removes only what its lab \
             made (by hand: docker rm -f {})",
            shell_word(name)
        ),
    }
}

#[derive(Clone)]
pub struct Lab {
    config: LabConfig,
    live: Subscription,
    http: reqwest::Client,
    ledger: Arc<Ledger>,
    one_at_a_time: Arc<tokio::sync::Mutex<()>>,
    /// Steps of running actions, as they happen, for every page (`progress` events).
    progress: tokio::sync::broadcast::Sender<String>,
}

impl Lab {
    pub fn new(config: LabConfig, live: Subscription) -> Self {
        let ledger = Arc::new(Ledger::open(&config.state_dir));
        Self {
            config,
            live,
            http: reqwest::Client::new(),
            ledger,
            one_at_a_time: Arc::new(tokio::sync::Mutex::new(())),
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
        let _turn = self.one_at_a_time.lock().await;
        self.create_network_now(request, &[]).await
    }

    /// Creates a network; the caller holds the turn. The name is checked against Docker itself
    /// just before, since the topology may not show a network made a moment ago.
    async fn create_network_now(
        &self,
        request: &NetworkRequest,
        labels: &[(&str, String)],
    ) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let topology = self.topology();
        let existing: Vec<_> = topology.networks.values().collect();
        let valid = validate_network(request, &existing)?;
        if engine.network_named(&valid.name).await?.is_some() {
            return Err(LabError::NetworkExists(valid.name).into());
        }
        let id = engine.create_network(&valid, labels).await?;
        self.ledger
            .add_network(&id)
            .map_err(|source| ActionError::NotRecorded {
                what: format!("network {} was created", valid.name),
                source,
            })?;
        Ok(Outcome {
            message: format!("network {} created", valid.name),
            commands: vec![network_command(request)],
            steps: Vec::new(),
        })
    }

    /// Removes a network the lab made, refusing while containers are attached (and naming them).
    pub async fn remove_network(&self, name: &str) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let topology = self.topology();
        let network = self.network_target(&topology, name, Act::Remove)?;
        let attached: Vec<&str> = topology
            .containers
            .values()
            .filter(|c| c.endpoints.contains_key(network.id.as_str()))
            .map(|c| c.name.as_str())
            .collect();
        if !attached.is_empty() {
            return Err(ActionError::Refused(format!(
                "network {} still has containers attached: {} (disconnect or remove them first)",
                network.name,
                attached.join(", ")
            )));
        }
        engine.remove_network(&network.id).await?;
        self.forget_network(&network.id, &network.name)?;
        Ok(Outcome {
            message: format!("network {} removed", network.name),
            commands: vec![format!("docker network rm {}", shell_word(&network.name))],
            steps: Vec::new(),
        })
    }

    /// Starts, stops, restarts or removes a container (remove: what the lab made only; the
    /// others: what the lab made, or any container when `confirmed`).
    pub async fn lifecycle(
        &self,
        name: &str,
        action: Lifecycle,
        confirmed: bool,
    ) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let act = match action {
            Lifecycle::Remove => Act::Remove,
            _ => Act::Change,
        };
        let container = self.container_target(&self.topology(), name, act, confirmed)?;
        let verb = match action {
            Lifecycle::Start => "start",
            Lifecycle::Stop => "stop",
            Lifecycle::Restart => "restart",
            Lifecycle::Remove => "rm -f",
        };
        engine.lifecycle(&container.id, action).await?;
        if act == Act::Remove {
            self.forget_container(&container.id, &container.name)?;
        }
        Ok(Outcome {
            message: format!("docker {verb} {}: done", container.name),
            commands: vec![format!("docker {verb} {}", shell_word(&container.name))],
            steps: Vec::new(),
        })
    }

    pub async fn connect(
        &self,
        container: &str,
        network: &str,
        alias: Option<&str>,
        confirmed: bool,
    ) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let topology = self.topology();
        let alias = alias.map(str::trim).filter(|a| !a.is_empty());
        let alias = alias
            .map(|a| validate_name(NameKind::Alias, a))
            .transpose()?;
        let container = self.container_target(&topology, container, Act::Change, confirmed)?;
        let network = self.network_target(&topology, network, Act::Change)?;
        engine
            .connect_container(&network.id, &container.id, alias)
            .await?;
        let alias_flag = alias
            .map(|a| format!("--alias {} ", shell_word(a)))
            .unwrap_or_default();
        Ok(Outcome {
            message: format!("{} connected to {}", container.name, network.name),
            commands: vec![format!(
                "docker network connect {alias_flag}{} {}",
                shell_word(&network.name),
                shell_word(&container.name)
            )],
            steps: Vec::new(),
        })
    }

    pub async fn disconnect(
        &self,
        container: &str,
        network: &str,
        confirmed: bool,
    ) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let topology = self.topology();
        let container = self.container_target(&topology, container, Act::Change, confirmed)?;
        let network = self.network_target(&topology, network, Act::Change)?;
        engine
            .disconnect_container(&network.id, &container.id)
            .await?;
        Ok(Outcome {
            message: format!("{} disconnected from {}", container.name, network.name),
            commands: vec![format!(
                "docker network disconnect {} {}",
                shell_word(&network.name),
                shell_word(&container.name)
            )],
            steps: Vec::new(),
        })
    }

    /// Removes every container, then every network, that this lab made (its label and its
    /// record both say so), and nothing else. A resource with the label but no record (the
    /// label set by hand, or made by another bridgescope) is left, and named in the steps.
    pub async fn reset(&self) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let labelled = engine.lab_labelled().await?;
        let mut outcome = Outcome::default();
        let removed = self
            .remove_recorded(&engine, &labelled, &mut outcome)
            .await?;
        outcome.message = format!("removed {removed} lab resources");
        outcome.commands = vec![
            format!("docker rm -f $(docker ps -aq --filter label={LAB_LABEL})"),
            format!("docker network rm $(docker network ls -q --filter label={LAB_LABEL})"),
        ];
        Ok(outcome)
    }

    /// Removes what a lesson made: what carries `key=value` and is in the lab's record.
    pub async fn remove_labelled(&self, key: &str, value: &str) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let labelled = engine.labelled_with(key, value).await?;
        let mut outcome = Outcome::default();
        let removed = self
            .remove_recorded(&engine, &labelled, &mut outcome)
            .await?;
        outcome.message = format!("removed {removed} resources labelled {key}={value}");
        outcome.commands = vec![
            format!("docker rm -f $(docker ps -aq --filter label={key}={value})"),
            format!("docker network rm $(docker network ls -q --filter label={key}={value})"),
        ];
        Ok(outcome)
    }

    /// Runs a container for a lesson: with its labels, recorded like every lab container.
    pub async fn run_labelled(
        &self,
        request: &bridgescope_app::model::RunRequest,
        labels: &[(&str, String)],
    ) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        self.run_container_now(request, labels).await
    }

    /// Creates a network for a lesson, with its labels.
    pub async fn create_network_labelled(
        &self,
        request: &NetworkRequest,
        labels: &[(&str, String)],
    ) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        self.create_network_now(request, labels).await
    }

    /// Removes the containers, then the networks, of `labelled` that the lab's record has;
    /// names the others in the steps. Answers how many it removed.
    async fn remove_recorded(
        &self,
        engine: &Engine,
        labelled: &crate::docker::Labelled,
        outcome: &mut Outcome,
    ) -> Result<usize, ActionError> {
        let mut removed = 0;
        for (id, name) in &labelled.containers {
            if self.ledger.has_container(id) {
                engine.lifecycle(id, Lifecycle::Remove).await?;
                self.forget_container(id, name)?;
                removed += 1;
                self.step(outcome, format!("removed container {name}"));
            } else {
                self.step(outcome, left_alone("container", name));
            }
        }
        for (id, name) in &labelled.networks {
            if self.ledger.has_network(id) {
                engine.remove_network(id).await?;
                self.forget_network(id, name)?;
                removed += 1;
                self.step(outcome, format!("removed network {name}"));
            } else {
                self.step(outcome, left_alone("network", name));
            }
        }
        Ok(removed)
    }

    fn forget_container(
        &self,
        id: &crate::docker::ContainerId,
        name: &str,
    ) -> Result<(), ActionError> {
        self.ledger
            .forget_container(id)
            .map_err(|source| ActionError::NotRecorded {
                what: format!("container {name} was removed"),
                source,
            })
    }

    fn forget_network(&self, id: &crate::docker::NetworkId, name: &str) -> Result<(), ActionError> {
        self.ledger
            .forget_network(id)
            .map_err(|source| ActionError::NotRecorded {
                what: format!("network {name} was removed"),
                source,
            })
    }
}

fn left_alone(kind: &str, name: &str) -> String {
    format!("left {kind} {name}: it carries the lab label, but this bridgescope did not make it")
}
