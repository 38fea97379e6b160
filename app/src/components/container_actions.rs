//! What can be done to the selected container: start, stop, restart, remove, connect it to a
//! network (with an alias) and disconnect it from one. Shown in the details panel for the
//! container clicked in the diagram or the table. One set of controls for the selected container,
//! rather than one per table row, keeps the page light at 300 containers.

use leptos::prelude::*;
use serde_json::json;

use super::lab_panel::{act, ActionReport, Report};
use crate::api::paths;
use crate::model::Topology;

/// What the controls need to know about a container; they are redrawn only when it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionTarget {
    pub name: String,
    /// Names of the networks it is on.
    pub attached: Vec<String>,
    /// Names of every network, sorted, to connect it to.
    pub networks: Vec<String>,
}

impl ActionTarget {
    pub fn of(topology: &Topology, container_id: &str) -> Option<Self> {
        let container = topology.containers.get(container_id)?;
        let mut networks: Vec<String> =
            topology.networks.values().map(|n| n.name.clone()).collect();
        networks.sort();
        Some(ActionTarget {
            name: container.name.clone(),
            attached: container
                .endpoints
                .values()
                .map(|e| e.network_name.clone())
                .collect(),
            networks,
        })
    }
}

#[component]
pub fn ContainerActions(
    target: ActionTarget,
    report: RwSignal<Option<ActionReport>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let ActionTarget {
        name,
        attached,
        networks,
    } = target;
    let verb = {
        let name = name.clone();
        move |verb: &'static str| {
            let path = paths::fill(paths::CONTAINER_LIFECYCLE, &name, verb);
            move |_| act(report, busy, path.clone(), json!({}))
        }
    };
    let network_choice = RwSignal::new(String::new());
    let alias = RwSignal::new(String::new());
    let connect_path = paths::fill(paths::CONTAINER_CONNECT, &name, "");
    let connect = move |_| {
        let body =
            json!({"network": network_choice.get_untracked(), "alias": alias.get_untracked()});
        act(report, busy, connect_path.clone(), body);
    };
    let disconnect_path = paths::fill(paths::CONTAINER_DISCONNECT, &name, "");
    view! {
        <div class="container-actions" data-container=name.clone()>
            <div class="buttons">
                <button class="small start" disabled=move || busy.get() on:click=verb("start")>"start"</button>
                <button class="small stop" disabled=move || busy.get() on:click=verb("stop")>"stop"</button>
                <button class="small restart" disabled=move || busy.get() on:click=verb("restart")>"restart"</button>
                <button class="small danger remove" disabled=move || busy.get() on:click=verb("remove")>"remove"</button>
            </div>
            <div class="disconnect">
                {attached
                    .into_iter()
                    .map(|network| {
                        let body = json!({"network": network.clone()});
                        let path = disconnect_path.clone();
                        view! {
                            <button
                                class="small"
                                data-network=network.clone()
                                title="docker network disconnect"
                                disabled=move || busy.get()
                                on:click=move |_| act(report, busy, path.clone(), body.clone())
                            >
                                {format!("disconnect from {network}")}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="connect">
                <select on:change=move |e| network_choice.set(event_target_value(&e))>
                    <option value="">"network…"</option>
                    {networks
                        .into_iter()
                        .map(|n| view! { <option value=n.clone()>{n.clone()}</option> })
                        .collect_view()}
                </select>
                <input
                    placeholder="alias"
                    prop:value=move || alias.get()
                    on:input=move |e| alias.set(event_target_value(&e))
                />
                <button class="small" disabled=move || busy.get() on:click=connect>"connect"</button>
            </div>
            <Report report id="container-message"/>
        </div>
    }
}
