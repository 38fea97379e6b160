//! The live diagram of the host's container networking: bridges as bars, containers as cards,
//! veth pairs as wires, published ports as badges, legacy links as arrows. The geometry comes
//! from the pure [`crate::layout`]; this component only keeps the layout memory between
//! topologies, draws the layout as inline SVG, and handles zoom, pan, selection and export.
//!
//! Server and browser render the same first picture (no time, no randomness): glows for
//! newcomers and the expiry of "old -> new" addresses start only in the browser.

mod card;
mod emphasis;
mod flags;
mod focus;
mod markup;
mod probe_view;
mod shapes;

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
mod follow;
#[cfg(feature = "hydrate")]
mod warm_up;
#[cfg(feature = "hydrate")]
use browser as glue;
#[cfg(not(feature = "hydrate"))]
mod server;
#[cfg(not(feature = "hydrate"))]
use server as glue;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;

use emphasis::Emphasis;
use flags::FlagSet;

use super::kept_attr::kept;
use super::keys::content_key;
use crate::layout::{layout, unobstructed, Departed, LayoutMemory, LayoutOptions, ViewBox};
use crate::model::{Subject, Topology};

/// Zoom factor of the + and − buttons.
const BUTTON_ZOOM: f64 = 1.25;
/// The smallest view a focus zooms to (layout px): about a third of a room-sized picture.
const FOCUS_MIN_W: f64 = 1000.0;
const FOCUS_MIN_H: f64 = 560.0;

/// Where a pan started: the pointer, the view, and the svg's size then.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    x: f64,
    y: f64,
    view: ViewBox,
    w: f64,
    h: f64,
}

/// The view onto the layout: the fitted view unless the user zoomed or panned (`manual`).
/// The svg's `viewBox` holds `drawn`; while only the fitted view changed since, the browser
/// shows `view` by a transform over it (see `browser::follow_view`).
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // read by the browser glue
struct Viewport {
    pane: NodeRef<leptos::html::Div>,
    svg: NodeRef<leptos::svg::Svg>,
    view: Memo<ViewBox>,
    drawn: RwSignal<ViewBox>,
    manual: RwSignal<Option<ViewBox>>,
    drag: StoredValue<Option<Drag>>,
    dragged: StoredValue<bool>,
}

/// The diagram, following `topology`. Clicking a card or badge selects
/// `Subject::Container(id)`, a bar (name or body alike) `Subject::Network(id)`, whose details
/// include its bridge, a chip `Subject::Network(id)`, a wire `Subject::Veth(key)`;
/// clicking the selected one again clears `selected`. Double-clicking a bar or chip collapses
/// or expands its network.
#[component]
pub fn Diagram(
    /// The topology to draw; the layout is recomputed when it changes.
    #[prop(into)]
    topology: Signal<Topology>,
    /// Entities to emphasise (class `highlight`), e.g. the subjects of a clicked timeline line.
    #[prop(into, optional)]
    highlight: Signal<Vec<Subject>>,
    /// The entity the user clicked (class `selected`), for a details panel.
    selected: RwSignal<Option<Subject>>,
    /// Ids of collapsed networks; the diagram keeps its own set when none is given.
    #[prop(optional)]
    collapsed: Option<RwSignal<BTreeSet<String>>>,
    /// The places the server's layout remembers (from the latest snapshot): the diagram starts
    /// from them, and starts over from them whenever they change.
    #[prop(optional, into)]
    places: Option<Signal<LayoutMemory>>,
    /// Whether the page follows the live stream: the browser prepares for updates (see
    /// `warm_up.rs`) once it does, not before, so that going live waits for nothing.
    #[prop(optional, into)]
    live: Signal<bool>,
    /// The latest reachability probe, drawn as an arrow from A to B.
    #[prop(optional, into)]
    probe: Signal<Option<crate::api::ProbeAnswer>>,
    /// Projector mode: larger card names and addresses (`LayoutOptions::large_text`).
    #[prop(optional, into)]
    large_text: Signal<bool>,
    /// Containers (ids) the view zooms to while the user has not zoomed (a lesson's step).
    #[prop(optional, into)]
    focus: Signal<Vec<String>>,
) -> impl IntoView {
    let collapsed = collapsed.unwrap_or_else(|| RwSignal::new(BTreeSet::new()));
    let memory = StoredValue::new(LayoutMemory::default());
    let started_from = StoredValue::new(None::<LayoutMemory>);
    let drawn = Memo::new(move |_| {
        if let Some(places) = places {
            places.with(|places| {
                if started_from.with_value(|from| from.as_ref() != Some(places)) {
                    memory.set_value(places.clone());
                    started_from.set_value(Some(places.clone()));
                }
            });
        }
        let options = LayoutOptions {
            collapsed: collapsed.get(),
            large_text: large_text.get(),
            ..Default::default()
        };
        topology.with(|topology| {
            let (drawn, next) = memory.with_value(|memory| layout(topology, memory, &options));
            memory.set_value(next);
            drawn
        })
    });
    let manual = RwSignal::new(None::<ViewBox>);
    let view = Memo::new(move |_| {
        manual.get().unwrap_or_else(|| {
            let focus = focus.get();
            drawn.with(|d| {
                ViewBox::around(d, &focus, FOCUS_MIN_W, FOCUS_MIN_H)
                    .unwrap_or_else(|| ViewBox::fit(d))
            })
        })
    });
    let viewport = Viewport {
        pane: NodeRef::new(),
        svg: NodeRef::new(),
        view,
        drawn: RwSignal::new(view.get_untracked()),
        manual,
        drag: StoredValue::new(None),
        dragged: StoredValue::new(false),
    };
    let em = Emphasis {
        highlight,
        selected,
        fresh: FlagSet::new(),
        dismissed: RwSignal::new(BTreeSet::new()),
        dragged: viewport.dragged,
    };
    glue::track_fresh(drawn, em.fresh);
    glue::warm_up(live, topology, memory, em);
    let departures = RwSignal::new(Vec::<(u64, Departed)>::new());
    glue::track_departed(drawn, departures);
    // What was removed a moment ago and still has its place to itself (browser only).
    let ghosts = Memo::new(move |_| {
        let mut all = Departed::default();
        departures.with(|d| d.iter().for_each(|(_, gone)| all.extend(gone.clone())));
        drawn.with(|now| unobstructed(&all, now))
    });
    glue::expire_ip_changes(drawn, em.dismissed);
    glue::follow_view(viewport);
    let zoom = move |factor: f64| manual.set(Some(view.get_untracked().zoom_centre(factor)));
    view! {
        <section class="diagram" aria-label="network diagram">
            <div class="diagram-toolbar" role="toolbar">
                <button class="zoom-in" title="zoom in" on:click=move |_| zoom(1.0 / BUTTON_ZOOM)>
                    "+"
                </button>
                <button class="zoom-out" title="zoom out" on:click=move |_| zoom(BUTTON_ZOOM)>
                    "−"
                </button>
                <button class="zoom-fit" title="show everything" on:click=move |_| manual.set(None)>
                    "fit"
                </button>
                <button
                    class="export-svg"
                    title="download the diagram as bridgescope.svg"
                    on:click=move |_| drawn.with_untracked(glue::download)
                >
                    "Export SVG"
                </button>
            </div>
            <div
                class="diagram-pane"
                node_ref=viewport.pane
                on:wheel=move |ev| glue::wheel(&ev, viewport)
                on:pointerdown=move |ev| glue::pointer_down(&ev, viewport)
                on:pointermove=move |ev| glue::pointer_move(&ev, viewport)
                on:pointerup=move |_| glue::pointer_up(viewport)
                on:pointerleave=move |_| glue::pointer_up(viewport)
                on:keydown=move |ev| zoom_key(&ev, zoom, manual)
                {..(
                    kept("tabindex", "0"),
                    kept("aria-label", "network diagram: + and - zoom, 0 fits, Tab walks through the items"),
                )}
            >
            <svg
                class="diagram-svg"
                node_ref=viewport.svg
                role="group"
                aria-label="bridges, containers and the veth pairs between them"
                {..view_box_attributes(viewport.drawn)}
            >
                <defs>
                    <marker
                        id="bs-arrow"
                        viewBox="0 0 10 10"
                        refX="10"
                        refY="5"
                        markerWidth="8"
                        markerHeight="8"
                        orient="auto"
                    >
                        <path class="arrow-head" d="M0,0 L10,5 L0,10 z"/>
                    </marker>
                    <marker
                        id="bs-probe-arrow"
                        viewBox="0 0 10 10"
                        refX="10"
                        refY="5"
                        markerWidth="6"
                        markerHeight="6"
                        orient="auto"
                    >
                        <path class="probe-head" d="M0,0 L10,5 L0,10 z"/>
                    </marker>
                </defs>
                {move || drawn.with(|d| shapes::host_view(&d.host, em))}
                {move || {
                    drawn
                        .with(|d| d.other.clone())
                        .map(|area| shapes::area_view(&area, em, collapsed))
                }}
                {ghosts_view(ghosts, em, collapsed)}
                <For
                    each=move || drawn.with(|d| d.bars.clone())
                    key=content_key
                    children=move |bar| shapes::bar_view(&bar, em, collapsed)
                />
                <For
                    each=move || drawn.with(|d| d.wires.clone())
                    key=content_key
                    children=move |wire| shapes::wire_view(&wire, em)
                />
                <For
                    each=move || drawn.with(|d| d.cards.clone())
                    key=content_key
                    children=move |card| card::card_view(&card, em)
                />
                <For
                    each=move || drawn.with(|d| d.links.clone())
                    key=content_key
                    children=move |link| shapes::link_view(&link, em)
                />
                <For
                    each=move || drawn.with(|d| d.badges.clone())
                    key=content_key
                    children=move |badge| shapes::badge_view(&badge, em)
                />
                {probe_view::probe_view(drawn, probe)}
            </svg>
            </div>
        </section>
    }
}

/// + and - zoom (also = for +, on keyboards where + needs Shift), 0 fits the whole picture.
fn zoom_key(ev: &leptos::ev::KeyboardEvent, zoom: impl Fn(f64), manual: RwSignal<Option<ViewBox>>) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    match ev.key().as_str() {
        "+" | "=" => zoom(1.0 / BUTTON_ZOOM),
        "-" | "_" => zoom(BUTTON_ZOOM),
        "0" => manual.set(None),
        _ => return,
    }
    ev.prevent_default();
}

/// `viewBox` and `preserveAspectRatio`, kept from the server on hydration: setting either again,
/// even to the same value, makes the browser lay out every SVG text anew (docs/BENCHMARKS.md,
/// "Page choice: kept attributes").
fn view_box_attributes(view: RwSignal<ViewBox>) -> impl Attribute {
    (
        kept("viewBox", move || view.get().attr()),
        kept("preserveAspectRatio", "xMidYMid meet"),
    )
}

/// What was removed a moment ago, drawn faded under the live diagram.
fn ghosts_view(
    ghosts: Memo<Departed>,
    em: Emphasis,
    collapsed: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    view! {
        <g class="leaving" aria-hidden="true">
            <For
                each=move || ghosts.with(|g| g.bars.clone())
                key=content_key
                children=move |bar| shapes::bar_view(&bar, em, collapsed)
            />
            <For
                each=move || ghosts.with(|g| g.wires.clone())
                key=content_key
                children=move |wire| shapes::wire_view(&wire, em)
            />
            <For
                each=move || ghosts.with(|g| g.cards.clone())
                key=content_key
                children=move |card| card::card_view(&card, em)
            />
        </g>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
