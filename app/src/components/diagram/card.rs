//! The SVG of a container's card: a box with the name, image and state, and one row per
//! endpoint. The row's interface name is the container end of its veth pair (`veth-container`);
//! its address (`ip`) reads "old -> new" (`ip-changed`) for a while after it changed. The
//! inside is markup ([`super::markup`]); only the group around it is reactive.

use leptos::prelude::*;

use super::emphasis::{container_key, ip_change_key, Emphasis};
use super::focus::{card_label, focusable, on_key};
use super::markup::card_inner;
use crate::components::kept_attr::kept;
use crate::layout::CardBox;
use crate::model::Subject;

pub fn card_view(card: &CardBox, em: Emphasis) -> impl IntoView {
    let subjects = vec![Subject::Container(card.container_id.clone())];
    let key = container_key(&card.container_id);
    let base = format!("card {}", card.state);
    let class = em.class_fn(base, subjects, key);
    let id = card.container_id.clone();
    let key_id = card.container_id.clone();
    let label = card_label(card);
    let (name, state) = (card.name.clone(), card.state.clone());
    let card = card.clone();
    // Only a card showing an address change reads the dismissed set (and is redrawn when its
    // change has been shown long enough).
    let inner = move || {
        card_inner(&card, |row| {
            row.ip_change.as_ref().is_some_and(|change| {
                let key = ip_change_key(&card.container_id, &row.network_id, change.since_version);
                !em.dismissed.with(|d| d.contains(&key))
            })
        })
    };
    view! {
        <g
            class=class
            on:click=move |_| em.select(Subject::Container(id.clone()))
            on:keydown=move |ev| on_key(&ev, || em.select(Subject::Container(key_id.clone())))
            inner_html={inner}
            {..(kept("data-container", name), kept("data-state", state), focusable(label))}
        ></g>
    }
}
