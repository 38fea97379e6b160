//! The dashboard page: the first snapshot is written into the page by the server and read back
//! by the browser ([`crate::first_snapshot`]), later changes come from the live stream.

use leptos::either::Either;
use leptos::prelude::*;

use super::kept_attr::kept;
use super::lesson_panel::LessonPanel;
use super::role_badge::RoleBadge;
use super::{
    container_table::ContainerTable, details::DetailsPanel, diagram::Diagram,
    display::DisplayToggles, lab_panel::LabPanel, network_table::NetworkTable,
    setget_panel::SetGetPanel, status_pill::StatusPill, timeline::Timeline,
};
use crate::actions::remember_token_from_address;
use crate::api::LessonState;
use crate::early_stream;
use crate::first_snapshot::{first_snapshot, SNAPSHOT_ELEMENT};
use crate::lang::{choose, page_lang};
use crate::layout::LayoutMemory;
use crate::live::{follow, Followed, StreamState};
use crate::model::lesson::Lang;
use crate::model::{EngineStatus, Snapshot, Subject, Topology};

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
    let lesson = RwSignal::new(LessonState::default());
    follow(Followed {
        snapshot,
        stream,
        progress,
        probe,
        lesson,
    });
    let lang = RwSignal::new(page_lang());
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
    let live = Signal::derive(move || stream.get() == StreamState::Live);
    // The drawer of panels in the stage layout (projector mode): D toggles it, Escape closes
    // it, and selecting something opens it so the details show beside the picture.
    let drawer = RwSignal::new(false);
    let projector = RwSignal::new(false);
    Effect::new(move |_| {
        if selected.get().is_some() {
            drawer.set(true);
        }
    });
    stage_keys(drawer);
    // A lesson's step shows what it is about: highlighted, zoomed to, with the panel open.
    let focus = Memo::new(move |_| lesson.with(|l| l.look_at.clone()));
    Effect::new(move |_| {
        let (running, ids, network) = lesson.with(|l| {
            (
                l.lesson.is_some(),
                l.look_at.clone(),
                l.look_at_network.clone(),
            )
        });
        if !running {
            return;
        }
        drawer.set(true);
        let mut subjects: Vec<Subject> = ids.into_iter().map(Subject::Container).collect();
        if let Some(name) = network {
            let found = topology.with_untracked(|t| {
                t.network_by_name(&name)
                    .map(|n| Subject::Network(n.id.clone()))
                    .or_else(|| {
                        t.bridges
                            .contains_key(&name)
                            .then(|| Subject::Bridge(name.clone()))
                    })
            });
            subjects.extend(found);
        }
        highlight.set(subjects);
    });
    view! {
        <main
            class="dashboard"
            {..(
                kept("data-stream", move || stream.get().label()),
                kept("data-drawer", move || if drawer.get() { "open" } else { "closed" }),
                kept("data-lesson", move || {
                    if lesson.with(|l| l.lesson.is_some()) { "on" } else { "off" }
                }),
            )}
        >
            <div class="statusbar">
                <StatusPill engine stream/>
                <RoleBadge lang live/>
                <button
                    id="toggle-drawer"
                    class="small"
                    aria-controls="panels"
                    aria-expanded=move || drawer.get().to_string()
                    title="show or hide the panels beside the diagram (key D)"
                    on:click=move |_| drawer.update(|d| *d = !*d)
                >
                    {move || if drawer.get() { "hide panels (D)" } else { "panels (D)" }}
                </button>
                <button
                    id="toggle-lang"
                    class="small"
                    lang=move || if lang.get() == Lang::En { "zh-Hant-TW" } else { "en" }
                    on:click=move |_| {
                        let next = if lang.get_untracked() == Lang::En { Lang::ZhTw } else { Lang::En };
                        lang.set(next);
                        choose(next);
                    }
                >
                    {move || if lang.get() == Lang::En { "中文" } else { "English" }}
                </button>
                <DisplayToggles projector/>
            </div>
            <div class="columns">
                <div class="stage">
                    <Diagram topology highlight selected places live probe large_text=projector focus/>
                </div>
                <div class="panels" id="panels">
                    <div class="main-column">
                        <DetailsPanel topology selected probe/>
                        <NetworkTable topology/>
                        <ContainerTable topology selected/>
                    </div>
                    <aside class="side-column">
                        <LessonPanel state=lesson lang/>
                        <LabPanel topology report progress/>
                        <SetGetPanel/>
                        <Timeline log highlight/>
                    </aside>
                </div>
            </div>
        </main>
    }
}

/// The stage layout's keys, on the whole page: D toggles the drawer, Escape closes it (not
/// while typing in a field). Browser only.
fn stage_keys(drawer: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
            if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            match ev.key().as_str() {
                "d" | "D" => drawer.update(|d| *d = !*d),
                "Escape" => drawer.set(false),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = drawer;
}
