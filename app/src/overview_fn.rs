//! The server function that hands a page its first state, next to the components that use it
//! (the pattern of Leptos' own todo_app_sqlite_axum example).

use leptos::prelude::*;

use crate::model::Overview;

/// The current overview, read from the server's shared live state (no Docker call).
#[server]
pub async fn get_overview() -> Result<Overview, ServerFnError> {
    let live = use_context::<crate::live::LiveState>()
        .ok_or_else(|| ServerFnError::new("the server has no live state (not started?)"))?;
    Ok(live.current())
}
