//! "Run a container" from the page (`POST /api/lab/containers`): the request is checked with the
//! model's pure `validate_run` (the checks the page runs as the user types) against the
//! published topology and the engine's local images, its name once more against Docker itself,
//! then the container is run through the adapter, labelled and written into the lab's record,
//! so that the lab may change and remove it and Reset removes it.

use bridgescope_app::model::{run_command, validate_run, RunError, RunRequest, ValidRun};

use super::{ActionError, Lab, Outcome};
use crate::docker::{ContainerId, Engine, NetworkId, RunLink, RunNetwork, RunSpec};

impl Lab {
    /// The engine's local image tags, sorted: what the run form offers (nothing is pulled).
    pub async fn images(&self) -> Result<Vec<String>, ActionError> {
        Ok(self.engine()?.image_tags().await?)
    }

    /// Runs the container `request` asks for, or refuses it and changes nothing.
    pub async fn run_container(&self, request: &RunRequest) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        self.run_container_now(request, &[]).await
    }

    /// Runs a container with `labels` besides the lab's; the caller holds the turn.
    pub(crate) async fn run_container_now(
        &self,
        request: &RunRequest,
        labels: &[(&str, String)],
    ) -> Result<Outcome, ActionError> {
        let engine = self.engine()?;
        let images = engine.image_tags().await?;
        let valid = validate_run(request, &self.topology(), &images)?;
        refuse_taken_name(&engine, &valid.name).await?;
        let links = run_links(&valid)?;
        let spec = RunSpec {
            name: &valid.name,
            image: &valid.image,
            network: run_network(&valid)?,
            alias: valid.alias.as_deref(),
            links,
            publish: valid.publish.map(|p| (p.host_port, p.container_port)),
            command: &valid.command,
            labels,
        };
        let id = engine.run_lab_container(&spec).await?;
        self.ledger
            .add_container(&id)
            .map_err(|source| ActionError::NotRecorded {
                what: format!("container {} was started", valid.name),
                source,
            })?;
        Ok(Outcome {
            message: format!("container {} runs on {}", valid.name, valid.network),
            commands: vec![run_command(request)],
            steps: Vec::new(),
        })
    }
}

/// The topology may not show a container made a moment ago: Docker is asked too. Docker's
/// inspect also matches id prefixes, so only a container of exactly that name counts.
async fn refuse_taken_name(engine: &Engine, name: &str) -> Result<(), ActionError> {
    let taken = engine
        .container(name)
        .await?
        .is_some_and(|read| read.container.name == name);
    if taken {
        return Err(RunError::NameTaken(name.to_string()).into());
    }
    Ok(())
}

fn run_network(valid: &ValidRun) -> Result<RunNetwork, ActionError> {
    if valid.default_bridge {
        return Ok(RunNetwork::DefaultBridge);
    }
    NetworkId::parse(&valid.network_id)
        .map(RunNetwork::UserDefined)
        .ok_or_else(|| ActionError::NotFound {
            kind: "network",
            name: valid.network.clone(),
        })
}

fn run_links(valid: &ValidRun) -> Result<Vec<RunLink<'_>>, ActionError> {
    valid
        .links
        .iter()
        .map(|link| {
            let target =
                ContainerId::parse(&link.target_id).ok_or_else(|| ActionError::NotFound {
                    kind: "container",
                    name: link.target.clone(),
                })?;
            Ok(RunLink {
                target,
                target_name: &link.target,
                alias: &link.alias,
            })
        })
        .collect()
}
