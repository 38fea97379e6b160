//! The JSON API for scripts and tests. It reads the shared state only.

use axum::{extract::State, Json};

use bridgescope_app::model::Topology;

use super::AppState;

/// `GET /api/topology`: the current snapshot (bridges, networks, containers, veth pairs).
pub async fn topology(State(state): State<AppState>) -> Json<Topology> {
    let snapshot = state.live.snapshots.borrow().clone();
    Json(snapshot.topology.clone())
}
