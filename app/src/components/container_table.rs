//! The containers as a table: state, each network's interface, IP and veth, ports, links, and
//! the per-container actions (start, stop, restart, connect, disconnect, remove).

use leptos::prelude::*;
use serde_json::json;

use super::lab_panel::{act, ActionReport};
use crate::model::{Container, Topology, VethLink, VethPair};

#[component]
pub fn ContainerTable(
    topology: Signal<Topology>,
    report: RwSignal<Option<ActionReport>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let rows = move || {
        topology.with(|t| {
            let mut list: Vec<Container> = t.containers.values().cloned().collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            list
        })
    };
    view! {
        <section class="containers panel">
            <h2>"Containers"</h2>
            <table id="container-table">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"State"</th>
                        <th>"Networks: interface, IP, veth"</th>
                        <th>"Ports and links"</th>
                        <th>"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=rows
                        key=|c| c.clone()
                        children=move |container| {
                            view! { <ContainerRow container topology report busy/> }
                        }
                    />
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

#[component]
fn ContainerRow(
    container: Container,
    topology: Signal<Topology>,
    report: RwSignal<Option<ActionReport>>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let name = container.name.clone();
    let wiring = topology.with_untracked(|t| endpoint_lines(&container, t));
    let extras = container
        .ports
        .iter()
        .map(|p| {
            format!(
                "{}:{} → {}/{}",
                p.host_ip, p.host_port, p.container_port, p.protocol
            )
        })
        .chain(
            container
                .links
                .iter()
                .map(|l| format!("link {} as {}", l.target, l.alias)),
        )
        .collect::<Vec<_>>();
    let action = move |verb: &'static str| {
        let path = format!("/api/lab/containers/{}/{verb}", name.clone());
        move |_| act(report, busy, path.clone(), json!({}))
    };
    let network_choice = RwSignal::new(String::new());
    let alias = RwSignal::new(String::new());
    let connect_name = container.name.clone();
    let connect = move |_| {
        let path = format!("/api/lab/containers/{connect_name}/connect");
        let body =
            json!({"network": network_choice.get_untracked(), "alias": alias.get_untracked()});
        act(report, busy, path, body);
    };
    let networks = move || {
        topology.with(|t| {
            let mut names: Vec<String> = t.networks.values().map(|n| n.name.clone()).collect();
            names.sort();
            names
        })
    };
    view! {
        <tr data-container=container.name.clone() class=format!("state-{}", container.state.as_str())>
            <td class="name">
                <strong>{container.name.clone()}</strong>
                <br/>
                <small>{container.image.clone()}</small>
            </td>
            <td class="state">{container.state.as_str()}</td>
            <td class="wiring">
                <ul>
                    {wiring
                        .into_iter()
                        .map(|(network, line)| {
                            let disconnect_path = format!(
                                "/api/lab/containers/{}/disconnect",
                                container.name,
                            );
                            let body = json!({"network": network.clone()});
                            view! {
                                <li data-network=network.clone()>
                                    <span class="endpoint">{line}</span>
                                    <button
                                        class="small"
                                        title="docker network disconnect"
                                        on:click=move |_| act(report, busy, disconnect_path.clone(), body.clone())
                                    >
                                        "disconnect"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </td>
            <td class="extras">
                {extras.into_iter().map(|e| view! { <div>{e}</div> }).collect_view()}
            </td>
            <td class="actions">
                <button class="small" on:click=action("start")>"start"</button>
                <button class="small" on:click=action("stop")>"stop"</button>
                <button class="small" on:click=action("restart")>"restart"</button>
                <button class="small danger" on:click=action("remove")>"remove"</button>
                <div class="connect">
                    <select on:change=move |e| network_choice.set(event_target_value(&e))>
                        <option value="">"network…"</option>
                        {move || {
                            networks()
                                .into_iter()
                                .map(|n| view! { <option value=n.clone()>{n.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                    <input
                        placeholder="alias"
                        prop:value=move || alias.get()
                        on:input=move |e| alias.set(event_target_value(&e))
                    />
                    <button class="small" on:click=connect>"connect"</button>
                </div>
            </td>
        </tr>
    }
    .into_any()
}

/// "app: eth0 172.18.0.2/16 ↔ veth1a2b3c on br-…" for each endpoint.
fn endpoint_lines(container: &Container, topology: &Topology) -> Vec<(String, String)> {
    container
        .endpoints
        .iter()
        .map(|(network_id, endpoint)| {
            let ip = endpoint.ipv4.clone().unwrap_or_else(|| "no IP".into());
            let wire = match topology
                .veths
                .get(&VethPair::key_of(&container.id, network_id))
                .map(|p| &p.link)
            {
                Some(VethLink::Mapped {
                    host_ifname,
                    bridge,
                    container_ifname,
                    ..
                }) => format!("{container_ifname} {ip} ↔ {host_ifname} on {bridge}"),
                Some(VethLink::Unknown { reason }) => format!("{ip} (veth unknown: {reason})"),
                None => ip,
            };
            (
                endpoint.network_name.clone(),
                format!("{}: {wire}", endpoint.network_name),
            )
        })
        .collect()
}
