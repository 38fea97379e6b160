//! The HTTP API as types, shared by the server's handlers and the page: every route path, the
//! header names, and the request and answer of each endpoint. The server serializes these and
//! the page deserializes the same types, so a renamed field breaks the build, not the page.

use serde::{Deserialize, Serialize};

pub use crate::model::lesson::{LessonInfo, LessonState};
pub use crate::model::reach::{NameView, ProbeAnswer, ProbeRequest};
pub use crate::model::NetworkRequest;

/// The header that carries the presenter token (the page keeps it from `?token=`).
pub const TOKEN_HEADER: &str = "x-bridgescope-token";

/// Route paths.
pub mod paths {
    pub const TOPOLOGY: &str = "/api/topology";
    pub const ACCESS: &str = "/api/access";
    pub const NETWORKS: &str = "/api/lab/networks";
    pub const NETWORK_REMOVE: &str = "/api/lab/networks/{name}/remove";
    pub const CONTAINER_CONNECT: &str = "/api/lab/containers/{name}/connect";
    pub const CONTAINER_DISCONNECT: &str = "/api/lab/containers/{name}/disconnect";
    pub const CONTAINER_LIFECYCLE: &str = "/api/lab/containers/{name}/{action}";
    pub const DEMO: &str = "/api/lab/demo";
    pub const RESET: &str = "/api/lab/reset";
    pub const WEBAPP: &str = "/api/lab/webapp";
    /// `POST`, a [`super::ProbeRequest`]: can A reach B? Answers a [`super::ProbeAnswer`].
    pub const PROBE: &str = "/api/probe";
    /// `GET`: how a container finds names, a [`super::NameView`].
    pub const CONTAINER_NAMES: &str = "/api/containers/{name}/names";
    /// `GET` (`?lang=en|zh-TW`): every lesson with its steps, [`super::LessonInfo`]s.
    pub const LESSONS: &str = "/api/lessons";
    /// `GET`: where the room is, a [`super::LessonState`] (also the `lesson` event).
    pub const LESSON_STATE: &str = "/api/lessons/state";
    /// `POST` `start`, `next`, `prev`, `reset` or `leave` for lesson `{name}` (its id).
    pub const LESSON_ACTION: &str = "/api/lessons/{name}/{action}";

    /// `template` with its `{name}` (and `{action}`) filled in. Names are checked against
    /// Docker's grammar on the server; one that is not valid is refused there.
    pub fn fill(template: &str, name: &str, action: &str) -> String {
        template.replace("{name}", name).replace("{action}", action)
    }

    /// `POST`, a [`super::RunRequest`]: runs a lab container. Answers an [`super::Outcome`].
    pub const CONTAINERS: &str = "/api/lab/containers";
    /// `GET`: the engine's local image tags, sorted (`Vec<String>`), for the run form.
    pub const IMAGES: &str = "/api/lab/images";
}

/// What an action did: a sentence, the equivalent commands, and the steps it took.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub message: String,
    pub commands: Vec<String>,
    pub steps: Vec<String>,
}

/// Every refusal and failure the API answers, with a 4xx or 5xx status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    /// Set when the action is allowed once the presenter confirms it: it is meant for a
    /// container the lab did not make (send it again with `confirm_outside_lab`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_confirmation: bool,
}

/// The body of start, stop, restart and remove (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerAction {
    /// The presenter confirms the action on a container the lab did not make (never enough
    /// for remove).
    #[serde(default)]
    pub confirm_outside_lab: bool,
}

/// The body of connect and disconnect.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkChoice {
    pub network: String,
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(default)]
    pub confirm_outside_lab: bool,
}

/// The body of `/api/lab/webapp`: a value sets the key, no value gets it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebAppCall {
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// What the web app answered, as a browser would have seen it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebAppAnswer {
    pub url: String,
    pub status: u16,
    pub body: String,
    pub millis: f64,
}

/// `GET /api/access`: what the page needs to know to show or hide its buttons.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessInfo {
    pub read_only: bool,
    pub needs_token: bool,
    /// Whether the request that asked (with its token, when it carried one) may act.
    #[serde(default)]
    pub presenter: bool,
}

/// The body of `POST /api/lab/containers` (defined beside its checks in the model).
pub use crate::model::{LinkRequest, Publish, RunRequest};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fill_in_and_errors_say_confirmation_only_when_needed() {
        assert_eq!(
            paths::fill(paths::CONTAINER_LIFECYCLE, "web", "restart"),
            "/api/lab/containers/web/restart"
        );
        let plain = ApiError {
            error: "no".into(),
            needs_confirmation: false,
        };
        assert_eq!(
            serde_json::to_string(&plain).ok().as_deref(),
            Some(r#"{"error":"no"}"#)
        );
        let read: Result<ApiError, _> =
            serde_json::from_str(r#"{"error":"x","needs_confirmation":true}"#);
        assert!(read.is_ok_and(|e| e.needs_confirmation));
    }
}
