//! The pill that says whether Docker answers and whether this page is following live.

use leptos::prelude::*;

use crate::live::StreamState;
use crate::model::EngineStatus;

#[component]
pub fn StatusPill(engine: Signal<EngineStatus>, stream: RwSignal<StreamState>) -> impl IntoView {
    let engine_class = move || match engine.get() {
        EngineStatus::Connected { .. } => "pill engine connected",
        EngineStatus::Connecting { .. } => "pill engine connecting",
        EngineStatus::Unreachable { .. } => "pill engine unreachable",
    };
    view! {
        <section class="status" aria-live="polite">
            <span id="engine-status" class=engine_class>{move || engine.get().headline()}</span>
            <span id="stream-status" class="pill stream">{move || stream.get().label()}</span>
        </section>
    }
}
