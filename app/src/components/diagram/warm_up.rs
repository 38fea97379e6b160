//! Runs the path of an update once, off screen, while the browser is idle once the page follows
//! the live stream.
//!
//! Chromium compiles wasm functions lazily, on their first call. Hydration takes over what the
//! server drew, so the code of an update (parse, apply, lay out, draw a new card and wire)
//! first runs when the first container appears, and compiling it made that update the slowest
//! of all (docs/BENCHMARKS.md, "Page choice: warm-up"). Here a made-up visitor (a copy of the first container under another id) goes
//! through the same functions: its update is serialized, parsed, applied to a copy of the
//! topology and laid out, and its card and wire are drawn into a detached element. Nothing on
//! the page changes. The page marks `bridgescope:warm-up` when done.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::card::card_view;
use super::emphasis::Emphasis;
use super::shapes::wire_view;
use crate::layout::{layout, LayoutMemory, LayoutOptions};
use crate::model::{apply, diff, Topology, Update};

/// The made-up container's id (never a Docker id: those are 64 hex digits).
const VISITOR: &str = "bridgescope-warm-up";

/// Once the page is live and the browser idle, sends a made-up update through the update path
/// (see the module). Once per page.
pub fn warm_up(
    live: Signal<bool>,
    topology: Signal<Topology>,
    memory: StoredValue<LayoutMemory>,
    em: Emphasis,
) {
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !live.get() {
            return started.unwrap_or(false);
        }
        request_idle_callback(move || run(topology, memory, em));
        true
    });
}

fn run(topology: Signal<Topology>, memory: StoredValue<LayoutMemory>, em: Emphasis) {
    let Some(before) = topology.try_get_untracked() else {
        return;
    };
    let Some(places) = memory.try_get_value() else {
        return;
    };
    if let Some(after) = with_visitor(&before) {
        go_through_update(&before, &after, &places, em);
    }
    crate::timing::mark(crate::timing::WARM_UP_MARK);
}

/// `topology` one version later, with a copy of its first container (and its veth pairs)
/// under the visitor's id.
fn with_visitor(topology: &Topology) -> Option<Topology> {
    let mut after = topology.clone();
    let mut visitor = topology.containers.values().next()?.clone();
    let original = std::mem::replace(&mut visitor.id, VISITOR.to_string());
    visitor.name = VISITOR.to_string();
    for veth in topology
        .veths
        .values()
        .filter(|v| v.container_id == original)
    {
        let mut copy = veth.clone();
        copy.container_id = VISITOR.to_string();
        after
            .veths
            .insert(format!("{VISITOR}/{}", copy.network_id), copy);
    }
    after.containers.insert(VISITOR.to_string(), visitor);
    after.version += 1;
    Some(after)
}

fn go_through_update(before: &Topology, after: &Topology, places: &LayoutMemory, em: Emphasis) {
    let update = Update {
        delta: diff(before, after),
        log: Vec::new(),
    };
    let Ok(text) = serde_json::to_string(&update) else {
        return;
    };
    let Ok(parsed) = serde_json::from_str::<Update>(&text) else {
        return;
    };
    let mut held = before.clone();
    if apply(&mut held, &parsed.delta).is_err() {
        return;
    }
    let (drawn, _) = layout(&held, places, &LayoutOptions::default());
    let card = drawn.cards.into_iter().find(|c| c.container_id == VISITOR);
    let wire = drawn.wires.into_iter().find(|w| w.key.starts_with(VISITOR));
    let Ok(host) = document().create_element("div") else {
        return;
    };
    let shown = leptos::mount::mount_to(host.unchecked_into(), move || {
        view! {
            <svg>
                {card.map(|card| card_view(&card, em))}
                {wire.map(|wire| wire_view(&wire, em))}
            </svg>
        }
    });
    drop(shown);
}
