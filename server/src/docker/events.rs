//! Docker's event stream, reduced to what the topology cares about: which container or network
//! an event touched and whether its network wiring may have changed.

use std::collections::HashMap;

use bollard::models::{EventMessage, EventMessageTypeEnum};
use bollard::query_parameters::EventsOptionsBuilder;
use bollard::Docker;
use futures::{Stream, StreamExt};

use super::DockerError;

/// Something in Docker changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockerChange {
    /// A container was created, started, stopped, removed, renamed…
    Container { id: String, action: String },
    /// A network was created or removed, or a container connected to or disconnected from it.
    Network {
        id: String,
        action: String,
        container: Option<String>,
    },
}

/// Container actions that change nothing the topology shows.
const IGNORED_CONTAINER_ACTIONS: [&str; 9] = [
    "exec_create",
    "exec_start",
    "exec_die",
    "exec_detach",
    "attach",
    "resize",
    "top",
    "archive-path",
    "extract-to-dir",
];

pub fn changes(
    docker: &Docker,
    since: i64,
) -> impl Stream<Item = Result<DockerChange, DockerError>> + use<> {
    let filters = HashMap::from([("type", vec!["container", "network"])]);
    let options = EventsOptionsBuilder::default()
        .since(&since.to_string())
        .filters(&filters)
        .build();
    docker.events(Some(options)).filter_map(|event| async move {
        match event {
            Ok(message) => to_change(message).map(Ok),
            Err(error) => Some(Err(DockerError::read(error))),
        }
    })
}

fn to_change(message: EventMessage) -> Option<DockerChange> {
    let action = message.action.unwrap_or_default();
    let actor = message.actor.unwrap_or_default();
    let id = actor.id.unwrap_or_default();
    // Health checks report as e.g. "health_status: healthy"; keep the action word.
    let word = action
        .split(':')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    match message.typ {
        Some(EventMessageTypeEnum::CONTAINER) => (!IGNORED_CONTAINER_ACTIONS
            .contains(&word.as_str()))
        .then_some(DockerChange::Container { id, action: word }),
        Some(EventMessageTypeEnum::NETWORK) => {
            let container = actor
                .attributes
                .unwrap_or_default()
                .get("container")
                .cloned();
            Some(DockerChange::Network {
                id,
                action: word,
                container,
            })
        }
        _ => None,
    }
}
