//! What makes a drawn entity stand out, and the keys that name entities across layouts: a
//! highlight (from a clicked timeline line), the selection (for the details panel), a fresh
//! glow for newcomers, and whether an address change has been shown long enough.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::flags::FlagSet;
use crate::layout::Layout;
use crate::model::Subject;

/// The reactive state every drawn element reads its classes from. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Emphasis {
    pub highlight: Signal<Vec<Subject>>,
    pub selected: RwSignal<Option<Subject>>,
    /// Keys of entities that appeared a moment ago (browser only; none on the server).
    pub fresh: FlagSet,
    /// Keys of address changes shown long enough (browser only; empty on the server).
    pub dismissed: RwSignal<BTreeSet<String>>,
    /// Whether the pointer moved since it went down: then a click is the end of a pan.
    pub dragged: StoredValue<bool>,
}

impl Emphasis {
    /// A class for an element: `base` plus `highlight`, `selected` and `fresh` as they apply.
    /// One memo per element. A newcomer wakes only its own elements' memos ([`FlagSet`]); a
    /// change of the selection or the highlight (a click) recomputes every element's class (a
    /// few hundred short strings) but sets it only where it changed.
    pub fn class_fn(
        &self,
        base: impl Into<String>,
        subjects: Vec<Subject>,
        key: String,
    ) -> impl Fn() -> String + Clone + Send + Sync + 'static {
        let Emphasis {
            highlight,
            selected,
            fresh,
            ..
        } = *self;
        let base = base.into();
        let class = Memo::new(move |_| {
            let mut class = base.clone();
            if highlight.with(|h| subjects.iter().any(|s| h.contains(s))) {
                class.push_str(" highlight");
            }
            if selected.with(|s| s.as_ref().is_some_and(|s| subjects.contains(s))) {
                class.push_str(" selected");
            }
            if fresh.is_on(&key) {
                class.push_str(" fresh");
            }
            class
        });
        move || class.get()
    }

    /// Selects `subject`, or clears the selection when it is already selected. Ignored at the
    /// end of a pan.
    pub fn select(&self, subject: Subject) {
        if self.dragged.get_value() {
            return;
        }
        self.selected.update(|held| {
            *held = if held.as_ref() == Some(&subject) {
                None
            } else {
                Some(subject)
            };
        });
    }
}

pub fn container_key(id: &str) -> String {
    format!("container:{id}")
}

pub fn bridge_key(bridge: &str) -> String {
    format!("bridge:{bridge}")
}

pub fn network_key(id: &str) -> String {
    format!("network:{id}")
}

pub fn veth_key(key: &str) -> String {
    format!("veth:{key}")
}

pub fn port_key(text: &str) -> String {
    format!("port:{text}")
}

/// Names one address change of one endpoint.
pub fn ip_change_key(container_id: &str, network_id: &str, since_version: u64) -> String {
    format!("ip:{container_id}/{network_id}@{since_version}")
}

/// Every entity of a layout that can glow when it is new.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // used by the browser glue
pub fn entity_keys(layout: &Layout) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    keys.extend(layout.cards.iter().map(|c| container_key(&c.container_id)));
    keys.extend(layout.bars.iter().map(|b| bridge_key(&b.bridge)));
    keys.extend(layout.wires.iter().map(|w| veth_key(&w.key)));
    keys.extend(layout.badges.iter().map(|b| port_key(&b.label.text)));
    if let Some(area) = &layout.other {
        keys.extend(area.chips.iter().map(|c| network_key(&c.network_id)));
    }
    keys
}

/// Every address change a layout shows.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // used by the browser glue
pub fn ip_change_keys(layout: &Layout) -> Vec<String> {
    let mut keys = Vec::new();
    for card in &layout.cards {
        for row in &card.rows {
            if let Some(change) = &row.ip_change {
                keys.push(ip_change_key(
                    &card.container_id,
                    &row.network_id,
                    change.since_version,
                ));
            }
        }
    }
    keys
}
