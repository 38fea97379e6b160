//! The lab's buttons: run the demo, reset the lab, create a network, run a container (its form
//! in `run_form.rs`). Each shows the `docker …` commands it is equivalent to. The network form
//! checks its input as the user types, with the same rules the server applies again before
//! calling Docker.

use leptos::prelude::*;
use serde_json::{json, Value};

use super::run_form::RunForm;
use crate::actions::{post, Failure};
use crate::api::{paths, Outcome};
use crate::model::{network_command, validate_network, NetworkRequest, Topology};

/// The outcome of the last action, shown under the buttons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionReport {
    pub ok: bool,
    pub message: String,
    pub commands: Vec<String>,
    /// The same action, confirmed, when the server refused it only for want of the presenter's
    /// confirmation (it is meant for a container the lab did not make).
    pub confirm: Option<Confirmable>,
}

/// An action the presenter may send again on purpose.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmable {
    pub path: String,
    pub body: Value,
}

impl ActionReport {
    fn from_result(result: Result<Outcome, Failure>, path: &str, body: &Value) -> Self {
        match result {
            Ok(outcome) => ActionReport {
                ok: true,
                message: outcome.message,
                commands: outcome.commands,
                confirm: None,
            },
            Err(failure) => ActionReport {
                ok: false,
                confirm: failure.needs_confirmation.then(|| confirmed(path, body)),
                message: failure.error,
                commands: Vec::new(),
            },
        }
    }
}

/// `body` with the presenter's confirmation set.
fn confirmed(path: &str, body: &Value) -> Confirmable {
    let mut body = body.clone();
    if let Some(fields) = body.as_object_mut() {
        fields.insert("confirm_outside_lab".into(), Value::Bool(true));
    }
    Confirmable {
        path: path.to_string(),
        body,
    }
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
        let result = post::<Outcome>(&path, &body).await;
        report.set(Some(ActionReport::from_result(result, &path, &body)));
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
                        act(report, busy, paths::DEMO.into(), json!({}))
                    }
                >
                    "Run demo (redis + web on app)"
                </button>
                <button
                    id="reset-lab"
                    class="danger"
                    disabled=move || busy.get()
                    on:click=move |_| act(report, busy, paths::RESET.into(), json!({}))
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
            <RunForm topology report busy/>
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
    // After a network was created, the form starts over: its name is taken now, and a message
    // saying so beside "created" would read as a failure.
    Effect::new(move |_| {
        let created = report.with(|r| {
            r.as_ref().is_some_and(|r| {
                r.ok && r.message == format!("network {} created", name.get_untracked())
            })
        });
        if created {
            for field in [name, subnet, gateway, bridge] {
                field.set(String::new());
            }
            internal.set(false);
        }
    });
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
        act(report, busy, paths::NETWORKS.into(), body);
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
    let busy = RwSignal::new(false);
    move || {
        report.get().map(|shown| {
            let class = if shown.ok {
                "report ok"
            } else {
                "report failed"
            };
            let confirm = shown.confirm.clone().map(|again| {
                view! {
                    <p class="confirm-question">
                        "This container was not made by the lab. Change it anyway? \
                         (bridgescope never removes it.)"
                    </p>
                    <button
                        class="small danger confirm-outside-lab"
                        disabled=move || busy.get()
                        on:click=move |_| act(report, busy, again.path.clone(), again.body.clone())
                    >
                        "Yes, change it"
                    </button>
                }
            });
            let report = shown;
            view! {
                <div id=id class=class role="status">
                    <p>{report.message.clone()}</p>
                    {confirm}
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

/// A labelled text field bound to `value` (the lab's forms).
pub(super) fn text_input(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            placeholder=hint
            prop:value=move || value.get()
            on:input=move |e| value.set(event_target_value(&e))
        />
    }
}
