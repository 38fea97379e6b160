//! The dashboard page: the first state comes from the server function (rendered on the server),
//! later states from the live stream (in the browser).

use leptos::prelude::*;

use super::{network_table::NetworkTable, status_pill::StatusPill};
use crate::live::{follow, StreamState};
use crate::model::Overview;
use crate::overview_fn::get_overview;

#[component]
pub fn Dashboard() -> impl IntoView {
    let first = Resource::new(|| (), |_| get_overview());
    view! {
        <header class="topbar">
            <h1>"bridgescope"</h1>
            <p class="tagline">"how your Docker containers talk to each other, live"</p>
        </header>
        <Suspense fallback=|| view! { <p class="loading">"loading…"</p> }>
            {move || {
                first
                    .get()
                    .map(|result| match result {
                        Ok(overview) => view! { <LiveDashboard initial=overview/> }.into_any(),
                        Err(error) => {
                            view! { <p class="error">"cannot load the state: " {error.to_string()}</p> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn LiveDashboard(initial: Overview) -> impl IntoView {
    let overview = RwSignal::new(initial);
    let stream = RwSignal::new(StreamState::PageLoaded);
    follow(overview, stream);
    let engine = Signal::derive(move || overview.with(|o| o.engine.clone()));
    let networks = Signal::derive(move || overview.with(|o| o.networks.clone()));
    view! {
        <main class="dashboard" data-stream=move || stream.get().label()>
            <StatusPill engine stream/>
            <NetworkTable networks/>
        </main>
    }
}
