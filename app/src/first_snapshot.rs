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

/// The first snapshot and its JSON text, as the page carries it (on the server; in the browser
/// the page has the text already and it is left empty).
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

/// In the browser: the snapshot the server wrote into the page. The JSON text it answers is
/// empty: the page has it already, and hydration keeps the script element as it is.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn first_snapshot() -> FirstSnapshot {
    let bytes = page_text_as_utf8(SNAPSHOT_ELEMENT).ok_or(FirstSnapshotError::NotInPage)?;
    // Read as text, as the live stream's updates are: `from_slice` would build every
    // deserializer of the model a second time into the wasm (docs/BENCHMARKS.md, "Page choice:
    // the snapshot read as text by TextEncoder").
    let json = std::str::from_utf8(&bytes)
        .map_err(|error| FirstSnapshotError::Unreadable(error.to_string()))?;
    let snapshot = serde_json::from_str(json)
        .map_err(|error| FirstSnapshotError::Unreadable(error.to_string()))?;
    Ok((snapshot, String::new()))
}

/// The text of the element `id`, encoded by the browser's own `TextEncoder`. Taking it as a
/// Rust `String` (`text_content()`) would copy it into wasm memory with a JavaScript loop, one
/// character at a time (docs/BENCHMARKS.md, "Page choice: the snapshot read as text by
/// TextEncoder").
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn page_text_as_utf8(id: &str) -> Option<Vec<u8>> {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()?.document()?.get_element_by_id(id)?;
    let text = js_sys::Reflect::get(&element, &"textContent".into()).ok()?;
    let text = text.dyn_into::<js_sys::JsString>().ok()?;
    Some(browser_text::Encoder::new().encode(&text).to_vec())
}

/// The browser's `TextEncoder`, taking a JavaScript string as it is.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod browser_text {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = TextEncoder)]
        pub type Encoder;
        #[wasm_bindgen(constructor, js_class = "TextEncoder")]
        pub fn new() -> Encoder;
        #[wasm_bindgen(method, js_class = "TextEncoder")]
        pub fn encode(this: &Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
    }
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
