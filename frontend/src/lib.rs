//! The browser entry point: wasm-bindgen calls `hydrate`, which takes over the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    bridgescope_app::timing::measured(bridgescope_app::timing::HYDRATE_MEASURE, || {
        leptos::mount::hydrate_body(bridgescope_app::App)
    });
}
