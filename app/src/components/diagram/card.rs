//! The SVG of a container's card: a box with the name, image and state, and one row per
//! endpoint. The row's interface name is the container end of its veth pair (`veth-container`);
//! its address (`ip`) reads "old -> new" (`ip-changed`) for a while after it changed.

use leptos::prelude::*;

use super::emphasis::{container_key, ip_change_key, Emphasis};
use super::shapes::svg_text;
use crate::layout::{coord, CardBox, CardRow};
use crate::model::Subject;

pub fn card_view(card: &CardBox, em: Emphasis) -> impl IntoView {
    let subjects = vec![Subject::Container(card.container_id.clone())];
    let key = container_key(&card.container_id);
    let base = format!("card {}", card.state);
    let class = em.class_fn(base, subjects, key);
    let id = card.container_id.clone();
    let r = card.rect;
    let tip = format!(
        "{} · {}",
        card.name,
        card.meta.full.as_ref().unwrap_or(&card.meta.text)
    );
    let rows = card
        .rows
        .iter()
        .map(|row| row_view(card, row, em))
        .collect::<Vec<_>>();
    view! {
        <g
            class=class
            data-container=card.name.clone()
            data-state=card.state.clone()
            on:click=move |_| em.select(Subject::Container(id.clone()))
        >
            <title>{tip}</title>
            <rect class="card-box" x=coord(r.x) y=coord(r.y) width=coord(r.w) height=coord(r.h) rx="10"/>
            {svg_text(&card.title, "card-name")}
            {svg_text(&card.meta, "card-meta")}
            {rows}
            {card.note.as_ref().and_then(|note| svg_text(note, "card-note"))}
        </g>
    }
}

fn row_view(card: &CardBox, row: &CardRow, em: Emphasis) -> impl IntoView {
    let ifname_class = if row.veth {
        "ifname veth-container"
    } else {
        "ifname"
    };
    let change = row.ip_change.as_ref().map(|change| {
        (
            ip_change_key(&card.container_id, &row.network_id, change.since_version),
            change.label.text.clone(),
        )
    });
    let plain = row.ip.text.clone();
    let showing_change = move || {
        change
            .as_ref()
            .filter(|(key, _)| !em.dismissed.with(|d| d.contains(key)))
            .map(|(_, text)| text.clone())
    };
    let showing = showing_change.clone();
    let ip_class = move || {
        if showing().is_some() {
            "ip ip-changed"
        } else {
            "ip"
        }
    };
    let ip_text = move || showing_change().unwrap_or_else(|| plain.clone());
    let r = row.rect;
    let (ifname, ip) = (&row.ifname, &row.ip);
    view! {
        <g class="endpoint" data-network=row.network_name.clone()>
            <line class="row-rule" x1=coord(r.x) y1=coord(r.y) x2=coord(r.right()) y2=coord(r.y)/>
            {(!ifname.text.is_empty())
                .then(|| {
                    view! {
                        <text
                            class=ifname_class
                            data-container=card.name.clone()
                            data-network=row.network_name.clone()
                            x=coord(ifname.at.x)
                            y=coord(ifname.at.y)
                            font-size=coord(ifname.size)
                            font-weight="bold"
                        >
                            {ifname.text.clone()}
                        </text>
                    }
                })}
            <text
                class=ip_class
                data-container=card.name.clone()
                data-network=row.network_name.clone()
                x=coord(ip.at.x)
                y=coord(ip.at.y)
                font-size=coord(ip.size)
            >
                {ip_text}
            </text>
            {svg_text(&row.mac, "mac")}
            {svg_text(&row.names, "dns-names")}
        </g>
    }
}
