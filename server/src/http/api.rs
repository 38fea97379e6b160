//! The JSON API for scripts and tests. It reads the shared state only.

use axum::{extract::State, Json};

use bridgescope_app::model::Overview;

use super::AppState;

/// `GET /api/overview`: the engine status and the network list as JSON.
pub async fn overview(State(state): State<AppState>) -> Json<Overview> {
    Json(state.overview.borrow().clone())
}
