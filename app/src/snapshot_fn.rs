//! The server function that hands a page its first state, next to the components that use it
//! (the pattern of Leptos' own todo_app_sqlite_axum example).

use leptos::prelude::*;

use crate::model::Snapshot;

/// The current snapshot, read from the server's shared live state (no Docker call).
#[server]
pub async fn get_snapshot() -> Result<Snapshot, ServerFnError> {
    let live = use_context::<crate::live::LiveState>()
        .ok_or_else(|| ServerFnError::new("the server has no live state (not started?)"))?;
    Ok(live.snapshot())
}
