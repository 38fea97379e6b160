//! `/api/lab/*`: the lab actions over HTTP (POST, JSON). Every action error becomes an HTTP
//! answer here, in one place: `{"error": "…"}` with a status that says whose fault it was.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde::Deserialize;

use bridgescope_app::model::NetworkRequest;

use super::AppState;
use crate::docker::{DockerError, Lifecycle};
use crate::lab::{ActionError, Outcome, WebAppAnswer};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/lab/networks", post(create_network))
        .route("/api/lab/networks/{name}/remove", post(remove_network))
        .route("/api/lab/containers/{name}/connect", post(connect))
        .route("/api/lab/containers/{name}/disconnect", post(disconnect))
        .route("/api/lab/containers/{name}/{action}", post(lifecycle))
        .route("/api/lab/demo", post(demo))
        .route("/api/lab/reset", post(reset))
        .route("/api/lab/webapp", post(webapp))
}

impl IntoResponse for ActionError {
    fn into_response(self) -> Response {
        let status = match &self {
            ActionError::Invalid(_) => StatusCode::BAD_REQUEST,
            ActionError::NotFound { .. } => StatusCode::NOT_FOUND,
            ActionError::Refused(_) | ActionError::Docker(DockerError::Refused(_)) => {
                StatusCode::CONFLICT
            }
            ActionError::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
            ActionError::Docker(_) | ActionError::WebApp(_) => StatusCode::BAD_GATEWAY,
        };
        let body = serde_json::json!({ "error": self.to_string() });
        (status, Json(body)).into_response()
    }
}

type Answer<T> = Result<Json<T>, ActionError>;

async fn create_network(
    State(state): State<AppState>,
    Json(request): Json<NetworkRequest>,
) -> Answer<Outcome> {
    state.lab.create_network(&request).await.map(Json)
}

async fn remove_network(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Answer<Outcome> {
    state.lab.remove_network(&name).await.map(Json)
}

async fn lifecycle(
    State(state): State<AppState>,
    Path((name, action)): Path<(String, String)>,
) -> Answer<Outcome> {
    let action = match action.as_str() {
        "start" => Lifecycle::Start,
        "stop" => Lifecycle::Stop,
        "restart" => Lifecycle::Restart,
        "remove" => Lifecycle::Remove,
        other => {
            return Err(ActionError::Refused(format!(
                "unknown action {other:?}: use start, stop, restart or remove"
            )))
        }
    };
    state.lab.lifecycle(&name, action).await.map(Json)
}

#[derive(Deserialize)]
struct NetworkChoice {
    network: String,
    #[serde(default)]
    alias: Option<String>,
}

async fn connect(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Json(choice): Json<NetworkChoice>,
) -> Answer<Outcome> {
    state
        .lab
        .connect(&name, &choice.network, choice.alias.as_deref())
        .await
        .map(Json)
}

async fn disconnect(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Json(choice): Json<NetworkChoice>,
) -> Answer<Outcome> {
    state.lab.disconnect(&name, &choice.network).await.map(Json)
}

async fn demo(State(state): State<AppState>) -> Answer<Outcome> {
    state.lab.run_demo().await.map(Json)
}

async fn reset(State(state): State<AppState>) -> Answer<Outcome> {
    state.lab.reset().await.map(Json)
}

#[derive(Deserialize)]
struct WebAppCall {
    key: String,
    /// Present: set; absent: get.
    #[serde(default)]
    value: Option<String>,
}

async fn webapp(
    State(state): State<AppState>,
    Json(call): Json<WebAppCall>,
) -> Answer<WebAppAnswer> {
    state
        .lab
        .webapp(&call.key, call.value.as_deref())
        .await
        .map(Json)
}
