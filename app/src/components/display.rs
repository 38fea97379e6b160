//! Display choices for the room: light or dark theme, and projector mode (large type, high
//! contrast). They are attributes on the page's root element and survive a reload (local
//! storage, browser only); on a reload the shell's inline script puts them back before the
//! first frame, and the toggles pick them up when the page hydrates.

use leptos::prelude::*;

/// The theme and projector toggles; `projector` is shared with the diagram (larger text).
#[component]
pub fn DisplayToggles(projector: RwSignal<bool>) -> impl IntoView {
    let dark = RwSignal::new(false);
    Effect::new(move |_| {
        dark.set(browser::load("bridgescope.theme").as_deref() == Some("dark"));
        projector.set(browser::load("bridgescope.projector").as_deref() == Some("on"));
    });
    Effect::new(move |_| {
        let theme = if dark.get() { "dark" } else { "light" };
        let mode = if projector.get() { "on" } else { "off" };
        browser::apply("data-theme", "bridgescope.theme", theme);
        browser::apply("data-projector", "bridgescope.projector", mode);
    });
    view! {
        <div class="display-toggles">
            <button id="toggle-theme" class="small" on:click=move |_| dark.update(|d| *d = !*d)>
                {move || if dark.get() { "light theme" } else { "dark theme" }}
            </button>
            <button id="toggle-projector" class="small" on:click=move |_| projector.update(|p| *p = !*p)>
                {move || if projector.get() { "projector: on" } else { "projector: off" }}
            </button>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    pub fn load(key: &str) -> Option<String> {
        web_sys::window()?
            .local_storage()
            .ok()??
            .get_item(key)
            .ok()?
    }

    pub fn apply(attribute: &str, key: &str, value: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            // The shell's script set the stored choice before the first frame; setting the
            // same value again would still make the browser restyle the page.
            if root.get_attribute(attribute).as_deref() != Some(value) {
                let _ = root.set_attribute(attribute, value);
            }
        }
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(key, value);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn load(_key: &str) -> Option<String> {
        None
    }

    pub fn apply(_attribute: &str, _key: &str, _value: &str) {}
}
