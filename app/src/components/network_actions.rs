//! What can be done to the network selected in the details panel: remove it. The server
//! removes only networks the lab made and none with containers attached; its refusal (a network
//! made by hand, one of Docker's own, one still in use) is shown as it is, like every lab action.

use leptos::prelude::*;
use serde_json::json;

use super::lab_panel::{act, Report};
use crate::api::paths;
use crate::model::{Subject, Topology};

/// The "Remove network" button for the selected network, and what the last removal answered.
/// A plain function, rendered by the details panel in one line.
pub fn network_actions(
    topology: Signal<Topology>,
    selected: RwSignal<Option<Subject>>,
) -> impl IntoView {
    let network = Memo::new(move |_| match selected.get() {
        Some(Subject::Network(id)) => {
            topology.with(|t| t.networks.get(&id).map(|n| n.name.clone()))
        }
        _ => None,
    });
    let report = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // A report is about the network it was asked for: another selection clears it (a removed
    // network's report stays while it is still the selection).
    Effect::new(move |previous: Option<Option<Subject>>| {
        let now = selected.get();
        if previous.is_some_and(|before| before != now) {
            report.set(None);
        }
        now
    });
    let button = move || {
        network.get().map(|name| {
            let path = paths::fill(paths::NETWORK_REMOVE, &name, "");
            view! {
                <div class="buttons">
                    <button
                        id="remove-network"
                        class="small danger"
                        title=format!("docker network rm {name}")
                        disabled=move || busy.get()
                        on:click=move |_| act(report, busy, path.clone(), json!({}))
                    >
                        "Remove network"
                    </button>
                </div>
            }
        })
    };
    view! {
        <div class="network-actions">
            {button}
            <Report report id="network-message"/>
        </div>
    }
}
