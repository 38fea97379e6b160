//! `POST /api/probe` (an action: the presenter's, off with --read-only) and
//! `GET /api/containers/{name}/names` (a read). Probe errors become HTTP answers here.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};

use bridgescope_app::api::{paths, ApiError, NameView, ProbeAnswer, ProbeRequest};
use bridgescope_app::model::reach::ProbeRefusal;

use super::lab::LabBody;
use super::AppState;
use crate::probe::ProbeError;

pub fn actions() -> Router<AppState> {
    Router::new().route(paths::PROBE, post(probe))
}

pub fn reads() -> Router<AppState> {
    Router::new().route(paths::CONTAINER_NAMES, get(names))
}

impl IntoResponse for ProbeError {
    fn into_response(self) -> Response {
        let status = match &self {
            ProbeError::Refused(ProbeRefusal::NoSuchOrigin(_)) => StatusCode::NOT_FOUND,
            ProbeError::Refused(ProbeRefusal::OriginStopped(_)) | ProbeError::Remote(_) => {
                StatusCode::CONFLICT
            }
            ProbeError::Refused(_) => StatusCode::BAD_REQUEST,
            ProbeError::NotRoot | ProbeError::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
            ProbeError::TookTooLong => StatusCode::GATEWAY_TIMEOUT,
        };
        let body = ApiError {
            error: self.to_string(),
            needs_confirmation: false,
        };
        (status, Json(body)).into_response()
    }
}

async fn probe(
    State(state): State<AppState>,
    LabBody(request): LabBody<ProbeRequest>,
) -> Result<Json<ProbeAnswer>, ProbeError> {
    let answer = state.prober.probe(request).await?;
    Ok(Json(ProbeAnswer::clone(&answer)))
}

async fn names(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<NameView>, ProbeError> {
    state.prober.names(&name).await.map(Json)
}
