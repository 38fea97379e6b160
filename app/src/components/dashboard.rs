//! The dashboard page: the first snapshot is written into the page by the server and read back
//! by the browser ([`crate::first_snapshot`]), later changes come from the live stream.

use leptos::either::Either;
use leptos::prelude::*;

use super::kept_attr::kept;
use super::{
    container_table::ContainerTable, details::DetailsPanel, diagram::Diagram,
    display::DisplayToggles, lab_panel::LabPanel, network_table::NetworkTable,
    setget_panel::SetGetPanel, status_pill::StatusPill, timeline::Timeline,
};
use crate::actions::remember_token_from_address;
use crate::early_stream;
use crate::first_snapshot::{first_snapshot, SNAPSHOT_ELEMENT};
use crate::layout::LayoutMemory;
use crate::live::{follow, Followed, StreamState};
use crate::model::{EngineStatus, Network, Snapshot, Subject, Topology};

#[component]
pub fn Dashboard() -> impl IntoView {
    let body = match first_snapshot() {
        Ok((snapshot, json)) => {
            // The server writes the script that opens the event stream at once; the browser,
            // hydrating, keeps it as it is (it has run).
            // It carries the nonce the Content-Security-Policy of this answer names.
            let (open_stream, nonce) = if cfg!(feature = "ssr") {
                let script = early_stream::script(snapshot.topology.version, snapshot.instance);
                let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
                (script, nonce.unwrap_or_default())
            } else {
                (String::new(), String::new())
            };
            Either::Left(view! {
                <script type="application/json" id=SNAPSHOT_ELEMENT inner_html=json></script>
                <script {..kept("nonce", nonce)} inner_html=open_stream></script>
                <LiveDashboard initial=snapshot/>
            })
        }
        Err(error) => Either::Right(
            view! { <p class="error">"cannot load the state: " {error.to_string()}</p> },
        ),
    };
    view! {
        <header class="topbar">
            <h1>"bridgescope"</h1>
            <p class="tagline">"how your Docker containers talk to each other, live"</p>
        </header>
        {body}
    }
}

#[component]
fn LiveDashboard(initial: Snapshot) -> impl IntoView {
    let snapshot = RwSignal::new(initial);
    let stream = RwSignal::new(StreamState::PageLoaded);
    let progress = RwSignal::new(Vec::<String>::new());
    let probe = RwSignal::new(None);
    follow(Followed {
        snapshot,
        stream,
        progress,
        probe,
    });
    Effect::new(move |_| remember_token_from_address());
    let report = RwSignal::new(None);
    let selected = RwSignal::new(None::<Subject>);
    let highlight = RwSignal::new(Vec::<Subject>::new());
    // Memos: each is computed once per change and shared by every reader (a derived signal
    // would clone the whole topology again for each of them).
    let topology: Signal<Topology> =
        Memo::new(move |_| snapshot.with(|s| s.topology.clone())).into();
    let log: Signal<_> = Memo::new(move |_| snapshot.with(|s| s.log.clone())).into();
    // Changes only with a new snapshot (updates leave it alone): the diagram starts from it.
    let places: Signal<LayoutMemory> =
        Memo::new(move |_| snapshot.with(|s| s.places.clone())).into();
    let engine: Signal<EngineStatus> =
        Memo::new(move |_| topology.with(|t| t.engine.clone())).into();
    let networks: Signal<_> = Memo::new(move |_| {
        snapshot.with(|s| {
            s.topology
                .networks
                .values()
                .cloned()
                .collect::<Vec<Network>>()
        })
    })
    .into();
    let live = Signal::derive(move || stream.get() == StreamState::Live);
    view! {
        <main class="dashboard" data-stream=move || stream.get().label()>
            <div class="statusbar">
                <StatusPill engine stream/>
                <DisplayToggles/>
            </div>
            <div class="columns">
                <div class="main-column">
                    <Diagram topology highlight selected places live probe/>
                    <DetailsPanel topology selected probe/>
                    <NetworkTable networks/>
                    <ContainerTable topology selected/>
                </div>
                <aside class="side-column">
                    <LabPanel topology report progress/>
                    <SetGetPanel/>
                    <Timeline log highlight/>
                </aside>
            </div>
        </main>
    }
}
