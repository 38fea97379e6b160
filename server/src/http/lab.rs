//! `/api/lab/*`: the lab actions over HTTP (POST, JSON; and GET of the local images the run
//! form offers). Every action error becomes an HTTP answer here, in one place: `{"error": "…"}`
//! with a status that says whose fault it was.

use axum::{
    body::Bytes,
    extract::{FromRequest, Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::de::DeserializeOwned;

use bridgescope_app::api::{
    paths, ApiError, ContainerAction, NetworkChoice, NetworkRequest, Outcome, RunRequest,
    WebAppAnswer, WebAppCall,
};
use bridgescope_app::model::LabError;

use super::AppState;
use crate::docker::{DockerError, Lifecycle};
use crate::lab::{Act, ActionError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::NETWORKS, post(create_network))
        .route(paths::NETWORK_REMOVE, post(remove_network))
        .route(paths::CONTAINERS, post(run_container))
        .route(paths::IMAGES, get(images))
        .route(paths::CONTAINER_CONNECT, post(connect))
        .route(paths::CONTAINER_DISCONNECT, post(disconnect))
        .route(paths::CONTAINER_LIFECYCLE, post(lifecycle))
        .route(paths::DEMO, post(demo))
        .route(paths::RESET, post(reset))
        .route(paths::WEBAPP, post(webapp))
}

impl IntoResponse for ActionError {
    fn into_response(self) -> Response {
        let status = match &self {
            ActionError::Invalid(LabError::NetworkExists(_)) => StatusCode::CONFLICT,
            ActionError::Invalid(_) => StatusCode::BAD_REQUEST,
            ActionError::Run(refusal) if refusal.is_conflict() => StatusCode::CONFLICT,
            ActionError::Run(refusal) if refusal.is_not_found() => StatusCode::NOT_FOUND,
            ActionError::Run(_) => StatusCode::BAD_REQUEST,
            ActionError::NotFound { .. } | ActionError::UnknownAction(_) => StatusCode::NOT_FOUND,
            ActionError::OutsideLab { .. } => StatusCode::FORBIDDEN,
            ActionError::Refused(_) | ActionError::Docker(DockerError::Refused(_)) => {
                StatusCode::CONFLICT
            }
            ActionError::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
            ActionError::Docker(_) | ActionError::WebApp(_) => StatusCode::BAD_GATEWAY,
            ActionError::Internal { .. } | ActionError::NotRecorded { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let needs_confirmation = matches!(
            self,
            ActionError::OutsideLab {
                act: Act::Change,
                ..
            }
        );
        let error = self.to_string();
        if status.is_server_error() {
            tracing::error!("lab action failed: {error}");
        }
        let body = ApiError {
            error,
            needs_confirmation,
        };
        (status, Json(body)).into_response()
    }
}

/// A lab request's JSON body; an empty body means "all defaults" (so `curl -XPOST` works
/// without one), and a body that does not parse is a JSON 400 like every other refusal.
pub struct LabBody<T>(pub T);

impl<S, T> FromRequest<S> for LabBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Default,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| bad_request(rejection.status(), rejection.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(LabBody(T::default()));
        }
        serde_json::from_slice(&bytes)
            .map(LabBody)
            .map_err(|error| {
                bad_request(
                    StatusCode::BAD_REQUEST,
                    format!("the request body is not the JSON this action takes: {error}"),
                )
            })
    }
}

fn bad_request(status: StatusCode, error: String) -> Response {
    let body = ApiError {
        error,
        needs_confirmation: false,
    };
    (status, Json(body)).into_response()
}

type Answer<T> = Result<Json<T>, ActionError>;

async fn create_network(
    State(state): State<AppState>,
    LabBody(request): LabBody<NetworkRequest>,
) -> Answer<Outcome> {
    state.lab.create_network(&request).await.map(Json)
}

async fn remove_network(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Answer<Outcome> {
    state.lab.remove_network(&name).await.map(Json)
}

async fn run_container(
    State(state): State<AppState>,
    LabBody(request): LabBody<RunRequest>,
) -> Answer<Outcome> {
    state.lab.run_container(&request).await.map(Json)
}

/// The engine's local image tags for the run form. Behind the presenter's guard like the
/// actions: it asks Docker, and only the presenter's page needs it.
async fn images(State(state): State<AppState>) -> Answer<Vec<String>> {
    state.lab.images().await.map(Json)
}

async fn lifecycle(
    State(state): State<AppState>,
    Path((name, action)): Path<(String, String)>,
    LabBody(confirm): LabBody<ContainerAction>,
) -> Answer<Outcome> {
    let action = match action.as_str() {
        "start" => Lifecycle::Start,
        "stop" => Lifecycle::Stop,
        "restart" => Lifecycle::Restart,
        "remove" => Lifecycle::Remove,
        other => return Err(ActionError::UnknownAction(other.to_string())),
    };
    state
        .lab
        .lifecycle(&name, action, confirm.confirm_outside_lab)
        .await
        .map(Json)
}

async fn connect(
    State(state): State<AppState>,
    Path(name): Path<String>,
    LabBody(choice): LabBody<NetworkChoice>,
) -> Answer<Outcome> {
    state
        .lab
        .connect(
            &name,
            &choice.network,
            choice.alias.as_deref(),
            choice.confirm_outside_lab,
        )
        .await
        .map(Json)
}

async fn disconnect(
    State(state): State<AppState>,
    Path(name): Path<String>,
    LabBody(choice): LabBody<NetworkChoice>,
) -> Answer<Outcome> {
    state
        .lab
        .disconnect(&name, &choice.network, choice.confirm_outside_lab)
        .await
        .map(Json)
}

async fn demo(State(state): State<AppState>) -> Answer<Outcome> {
    state.lab.run_demo().await.map(Json)
}

async fn reset(State(state): State<AppState>) -> Answer<Outcome> {
    state.lab.reset().await.map(Json)
}

async fn webapp(
    State(state): State<AppState>,
    LabBody(call): LabBody<WebAppCall>,
) -> Answer<WebAppAnswer> {
    state
        .lab
        .webapp(&call.key, call.value.as_deref())
        .await
        .map(Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(error: DockerError) -> StatusCode {
        ActionError::Docker(error).into_response().status()
    }

    #[test]
    fn docker_refusing_is_a_conflict_and_any_other_docker_failure_a_bad_gateway() {
        let refused = DockerError::Refused("network app has active endpoints".into());
        assert_eq!(status_of(refused), StatusCode::CONFLICT);
        assert_eq!(
            status_of(DockerError::unexpected_id("x")),
            StatusCode::BAD_GATEWAY
        );
        assert_eq!(status_of(DockerError::StreamEnded), StatusCode::BAD_GATEWAY);
    }
}
