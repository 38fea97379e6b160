//! How a page gets its first state: the server writes the current snapshot into the page as
//! JSON (`<script type="application/json" id="bs-snapshot">`), renders the dashboard from it, and
//! the browser reads the very same text back before it hydrates. No request, no resource, no
//! `Suspense`: the state is in memory on the server, so there is nothing to wait for.

use crate::model::Snapshot;

/// The id of the script element that carries the snapshot.
pub const SNAPSHOT_ELEMENT: &str = "bs-snapshot";

/// Why a page has no first state.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FirstSnapshotError {
    #[error("the server has no live state (not started?)")]
    NoLiveState,
    #[error("the page carries no snapshot")]
    NotInPage,
    #[error("the snapshot in the page does not parse: {0}")]
    Unreadable(String),
}

/// The first snapshot and its JSON text, as the page carries it.
pub type FirstSnapshot = Result<(Snapshot, String), FirstSnapshotError>;

/// JSON that is safe inside a `<script>` element: `<` written as `\u003c`, so no `</script>`
/// (or `<!--`) can end or alter it. Still JSON: a parser reads the same value.
pub fn script_safe_json(snapshot: &Snapshot) -> Result<String, FirstSnapshotError> {
    serde_json::to_string(snapshot)
        .map(|json| json.replace('<', "\\u003c"))
        .map_err(|error| FirstSnapshotError::Unreadable(error.to_string()))
}

/// On the server: the current snapshot, from the live state in the request's context.
#[cfg(feature = "ssr")]
pub fn first_snapshot() -> FirstSnapshot {
    let live = leptos::prelude::use_context::<crate::live::LiveState>()
        .ok_or(FirstSnapshotError::NoLiveState)?;
    let snapshot = live.snapshot();
    let json = script_safe_json(&snapshot)?;
    Ok((snapshot, json))
}

/// Built for neither side (a plain `cargo check`): there is no page.
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
pub fn first_snapshot() -> FirstSnapshot {
    Err(FirstSnapshotError::NotInPage)
}

/// In the browser: the snapshot the server wrote into the page.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn first_snapshot() -> FirstSnapshot {
    let json = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SNAPSHOT_ELEMENT))
        .and_then(|element| element.text_content())
        .ok_or(FirstSnapshotError::NotInPage)?;
    let snapshot = serde_json::from_str(&json)
        .map_err(|error| FirstSnapshotError::Unreadable(error.to_string()))?;
    Ok((snapshot, json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::fixtures::classroom;

    #[test]
    fn the_json_cannot_close_its_script_and_reads_back_the_same() {
        let mut snapshot = Snapshot {
            topology: classroom(),
            ..Default::default()
        };
        if let Some(container) = snapshot.topology.containers.values_mut().next() {
            container.name = "</script><script>alert(1)</script><!--".into();
        }
        let json = script_safe_json(&snapshot).unwrap_or_default();
        assert!(!json.contains('<'), "{json}");
        let back: Snapshot = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, snapshot);
    }
}
