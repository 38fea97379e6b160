//! The lab's buttons: run the demo, reset the lab, create a network. Each shows the `docker …`
//! commands it is equivalent to. The network form checks its input as the user types, with the
//! same rules the server applies again before calling Docker.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::actions::{post, ActionResult};
use crate::model::{network_command, validate_network, NetworkRequest, Topology};

/// The outcome of the last action, shown under the buttons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionReport {
    pub ok: bool,
    pub message: String,
    pub commands: Vec<String>,
}

impl ActionReport {
    pub fn from_result(result: ActionResult) -> Self {
        match result {
            Ok(answer) => ActionReport {
                ok: true,
                message: answer["message"].as_str().unwrap_or("done").to_string(),
                commands: strings(&answer["commands"]),
            },
            Err(message) => ActionReport {
                ok: false,
                message,
                commands: Vec::new(),
            },
        }
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs `path` with `body` and writes the outcome into `report`.
pub fn act(
    report: RwSignal<Option<ActionReport>>,
    busy: RwSignal<bool>,
    path: String,
    body: Value,
) {
    busy.set(true);
    leptos::task::spawn_local(async move {
        let result = post(&path, body).await;
        report.set(Some(ActionReport::from_result(result)));
        busy.set(false);
    });
}

#[component]
pub fn LabPanel(
    topology: Signal<Topology>,
    report: RwSignal<Option<ActionReport>>,
    progress: RwSignal<Vec<String>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    view! {
        <section class="lab panel">
            <h2>"Lab"</h2>
            <div class="buttons">
                <button
                    id="run-demo"
                    disabled=move || busy.get()
                    on:click=move |_| {
                        progress.set(Vec::new());
                        act(report, busy, "/api/lab/demo".into(), json!({}))
                    }
                >
                    "Run demo (redis + web on app)"
                </button>
                <button
                    id="reset-lab"
                    class="danger"
                    disabled=move || busy.get()
                    on:click=move |_| act(report, busy, "/api/lab/reset".into(), json!({}))
                >
                    "Reset lab"
                </button>
            </div>
            <ol id="lab-progress" class="progress">
                {move || {
                    progress
                        .get()
                        .into_iter()
                        .map(|line| view! { <li>{line}</li> })
                        .collect_view()
                }}
            </ol>
            <NetworkForm topology report busy/>
            <Report report/>
        </section>
    }
}

#[component]
fn NetworkForm(
    topology: Signal<Topology>,
    report: RwSignal<Option<ActionReport>>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let subnet = RwSignal::new(String::new());
    let gateway = RwSignal::new(String::new());
    let bridge = RwSignal::new(String::new());
    let internal = RwSignal::new(false);
    let request = move || NetworkRequest {
        name: name.get(),
        driver: "bridge".into(),
        subnet: subnet.get(),
        gateway: gateway.get(),
        internal: internal.get(),
        bridge_name: bridge.get(),
    };
    let problem = move || {
        let request = request();
        if request.name.is_empty() {
            return None;
        }
        topology.with(|t| {
            let existing: Vec<_> = t.networks.values().collect();
            validate_network(&request, &existing)
                .err()
                .map(|e| e.to_string())
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = serde_json::to_value(request()).unwrap_or_default();
        act(report, busy, "/api/lab/networks".into(), body);
    };
    let text_input =
        |id: &'static str, label: &'static str, hint: &'static str, value: RwSignal<String>| {
            view! {
                <label for=id>{label}</label>
                <input
                    id=id
                    placeholder=hint
                    prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e))
                />
            }
        };
    view! {
        <form class="network-form" on:submit=submit>
            <h3>"Create a network"</h3>
            {text_input("net-name", "Name", "app", name)}
            {text_input("net-subnet", "Subnet (optional)", "10.10.0.0/24", subnet)}
            {text_input("net-gateway", "Gateway (optional)", "10.10.0.1", gateway)}
            {text_input("net-bridge", "Bridge name (optional)", "br-app", bridge)}
            <label class="check">
                <input
                    id="net-internal"
                    type="checkbox"
                    prop:checked=move || internal.get()
                    on:change=move |e| internal.set(event_target_checked(&e))
                />
                " internal (no way out)"
            </label>
            <p class="hint" id="net-problem">{problem}</p>
            <code class="command">{move || network_command(&request())}</code>
            <button id="create-network" type="submit" disabled=move || busy.get()>
                "Create network"
            </button>
        </form>
    }
}

#[component]
pub fn Report(
    report: RwSignal<Option<ActionReport>>,
    /// The element's id; the lab panel's report is `lab-message`.
    #[prop(default = "lab-message")]
    id: &'static str,
) -> impl IntoView {
    move || {
        report.get().map(|report| {
            let class = if report.ok {
                "report ok"
            } else {
                "report failed"
            };
            view! {
                <div id=id class=class role="status">
                    <p>{report.message.clone()}</p>
                    <ul class="commands">
                        {report
                            .commands
                            .iter()
                            .map(|c| view! { <li><code>{c.clone()}</code></li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
