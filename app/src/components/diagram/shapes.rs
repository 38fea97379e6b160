//! The SVG of everything but the cards: the host frame, the other area and its chips, bridge
//! bars, veth wires (their inside as markup, like cards), link arrows and port badges. Each element carries stable `data-*`
//! attributes (for tests and the details panel) and reads its classes from [`Emphasis`].

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::emphasis::{bridge_key, network_key, port_key, veth_key, Emphasis};
use super::focus::{focusable, on_key};
use super::markup::wire_inner;
use crate::components::kept_attr::kept;
use crate::layout::{
    coord, points_attr, Badge, BarBox, HostFrame, Label, LinkArrow, OtherArea, Wire,
};
use crate::model::Subject;

/// One line of text as laid out; nothing for an empty label.
pub fn svg_text(label: &Label, class: &'static str) -> Option<impl IntoView> {
    (!label.text.is_empty()).then(|| {
        view! {
            <text
                class=class
                x=coord(label.at.x)
                y=coord(label.at.y)
                font-size=coord(label.size)
                text-anchor=label.anchor.as_str()
                font-weight=if label.bold { "bold" } else { "normal" }
            >
                {label.text.clone()}
            </text>
        }
    })
}

pub fn host_view(host: &HostFrame, em: Emphasis) -> impl IntoView {
    let class = em.class_fn("host", vec![Subject::Engine], "host".to_string());
    let r = host.rect;
    view! {
        <g class=class>
            <rect class="host-frame" x=coord(r.x) y=coord(r.y) width=coord(r.w) height=coord(r.h) rx="12"/>
            {svg_text(&host.title, "host-title")}
        </g>
    }
}

pub fn area_view(
    area: &OtherArea,
    em: Emphasis,
    collapsed: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let r = area.rect;
    let chips = area
        .chips
        .iter()
        .map(|chip| {
            let subjects = vec![Subject::Network(chip.network_id.clone())];
            let key = network_key(&chip.network_id);
            let base = if chip.collapsed { "chip collapsed" } else { "chip" };
            let class = em.class_fn(base, subjects, key);
            let (id, toggle_id) = (chip.network_id.clone(), chip.network_id.clone());
            let c = chip.rect;
            view! {
                <g
                    class=class
                    on:click=move |_| em.select(Subject::Network(id.clone()))
                    on:dblclick=move |_| toggle(collapsed, &toggle_id)
                    {..(kept("data-network", chip.name.clone()), kept("data-driver", chip.driver.clone()))}
                >
                    <title>{format!("{} ({}): double-click to collapse", chip.name, chip.driver)}</title>
                    <rect class="chip-box" x=coord(c.x) y=coord(c.y) width=coord(c.w) height=coord(c.h) rx="8"/>
                    {svg_text(&chip.title, "chip-name")}
                    {svg_text(&chip.detail, "chip-detail")}
                </g>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <g class="other-area">
            <rect class="area-box" x=coord(r.x) y=coord(r.y) width=coord(r.w) height=coord(r.h) rx="10"/>
            {svg_text(&area.title, "area-title")}
            {chips}
        </g>
    }
}

pub fn bar_view(
    bar: &BarBox,
    em: Emphasis,
    collapsed: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let subjects = vec![
        Subject::Bridge(bar.bridge.clone()),
        Subject::Network(bar.network_id.clone()),
    ];
    let key = bridge_key(&bar.bridge);
    let base = format!(
        "bar hue-{} {}{}",
        bar.hue,
        bar.state.as_str(),
        if bar.collapsed { " collapsed" } else { "" }
    );
    let class = em.class_fn(base, subjects, key);
    let (network, toggle_id) = (bar.network_id.clone(), bar.network_id.clone());
    let r = bar.rect;
    let key_network = bar.network_id.clone();
    let label = format!(
        "bridge {} of network {}, {} containers",
        bar.bridge, bar.network_name, bar.attached
    );
    let tip = format!(
        "{} of network {}: {} containers; double-click to {}",
        bar.bridge,
        bar.network_name,
        bar.attached,
        if bar.collapsed { "expand" } else { "collapse" }
    );
    view! {
        <g
            class=class
            on:click=move |_| em.select(Subject::Network(network.clone()))
            on:dblclick=move |_| toggle(collapsed, &toggle_id)
            on:keydown=move |ev| on_key(&ev, || em.select(Subject::Network(key_network.clone())))
            {..(
                kept("data-bridge", bar.bridge.clone()),
                kept("data-network", bar.network_name.clone()),
                kept("data-state", bar.state.as_str()),
                kept("data-attached", bar.attached.to_string()),
                focusable(label),
            )}
        >
            <title>{tip}</title>
            <rect class="bar-box" x=coord(r.x) y=coord(r.y) width=coord(r.w) height=coord(r.h) rx="8"/>
            <g class="bar-title">{svg_text(&bar.title, "bar-name")}</g>
            {svg_text(&bar.subnet, "bar-subnet")}
            {svg_text(&bar.detail, "bar-detail")}
            {bar.count.as_ref().and_then(|count| svg_text(count, "bar-count"))}
        </g>
    }
}

pub fn wire_view(wire: &Wire, em: Emphasis) -> impl IntoView {
    let subjects = vec![Subject::Veth(wire.key.clone())];
    let key = veth_key(&wire.key);
    let base = if wire.known {
        format!("wire hue-{}", wire.hue)
    } else {
        format!("wire hue-{} unknown", wire.hue)
    };
    let class = em.class_fn(base, subjects, key);
    let veth = wire.key.clone();
    let key_veth = wire.key.clone();
    let label = format!(
        "veth pair of {} on {}: {} to bridge {}",
        wire.container_name, wire.network_name, wire.container_ifname, wire.bridge
    );
    view! {
        <g
            class=class
            on:click=move |_| em.select(Subject::Veth(veth.clone()))
            on:keydown=move |ev| on_key(&ev, || em.select(Subject::Veth(key_veth.clone())))
            inner_html=wire_inner(wire)
            {..(
                kept("data-veth", wire.key.clone()),
                kept("data-container", wire.container_name.clone()),
                kept("data-network", wire.network_name.clone()),
                kept("data-bridge", wire.bridge.clone()),
                focusable(label),
            )}
        ></g>
    }
}

/// A legacy link's arrow; selecting it selects the linking container, whose details show the
/// `/etc/hosts` line the link wrote.
pub fn link_view(link: &LinkArrow, em: Emphasis) -> impl IntoView {
    let subjects = vec![Subject::Container(link.from_id.clone())];
    let class = em.class_fn(
        "link",
        subjects,
        format!("link:{}:{}", link.from_id, link.alias),
    );
    let (id, key_id) = (link.from_id.clone(), link.from_id.clone());
    let label = format!(
        "legacy link: {} reaches {} as {}",
        link.from, link.to, link.alias
    );
    view! {
        <g
            class=class
            on:click=move |_| em.select(Subject::Container(id.clone()))
            on:keydown=move |ev| on_key(&ev, || em.select(Subject::Container(key_id.clone())))
            {..(
                kept("data-from", link.from.clone()),
                kept("data-to", link.to.clone()),
                kept("data-alias", link.alias.clone()),
                focusable(label),
            )}
        >
            <title>{format!("{} reaches {} as \"{}\" (legacy --link)", link.from, link.to, link.alias)}</title>
            <polyline class="link-hit" points=points_attr(&link.points) fill="none"/>
            <polyline class="link-line" points=points_attr(&link.points) fill="none" marker-end="url(#bs-arrow)"/>
            {svg_text(&link.label, "link-alias")}
        </g>
    }
}

pub fn badge_view(badge: &Badge, em: Emphasis) -> impl IntoView {
    let subjects = vec![Subject::Container(badge.container_id.clone())];
    let key = port_key(&badge.label.text);
    let class = em.class_fn("badge", subjects, key);
    let id = badge.container_id.clone();
    let r = badge.rect;
    view! {
        <g
            class=class
            on:click=move |_| em.select(Subject::Container(id.clone()))
            {..(
                kept("data-container", badge.container_name.clone()),
                kept("data-port", badge.label.full.clone().unwrap_or_else(|| badge.label.text.clone())),
            )}
        >
            <rect class="badge-box" x=coord(r.x) y=coord(r.y) width=coord(r.w) height=coord(r.h) rx="18"/>
            {svg_text(&badge.label, "badge-text")}
        </g>
    }
}

fn toggle(collapsed: RwSignal<BTreeSet<String>>, network_id: &str) {
    collapsed.update(|set| {
        if !set.remove(network_id) {
            set.insert(network_id.to_string());
        }
    });
}
