//! "Can A reach B?": pick A (a container, or the host) and B (a name, an alias or an IP), an
//! optional port, and ask. The answer, the one this page asked or the one another screen
//! asked (it comes as a `probe` event), is shown stage by stage with its reasons and the same
//! questions as commands; the diagram draws it as an arrow.

use leptos::prelude::*;

use super::kept_attr::kept;
use crate::actions::post;
use crate::api::{paths, ProbeAnswer, ProbeRequest};
use crate::model::reach::HOST;
use crate::model::{Subject, Topology};

/// Names a probe can start from: the host, then every running container.
fn origins(topology: &Topology) -> Vec<String> {
    let mut names = topology.running_names();
    names.insert(0, HOST.to_string());
    names
}

/// What B can be: container names, their aliases, link aliases, and current IPs.
fn targets(topology: &Topology) -> Vec<String> {
    let mut all = std::collections::BTreeSet::new();
    for c in topology.containers.values() {
        all.insert(c.name.clone());
        for e in c.endpoints.values() {
            all.extend(e.aliases.iter().cloned());
            all.extend(e.ip().map(str::to_string));
        }
        all.extend(c.links.iter().map(|l| l.alias.clone()));
    }
    all.into_iter().collect()
}

fn selected_name(
    topology: Signal<Topology>,
    selected: RwSignal<Option<Subject>>,
) -> Option<String> {
    match selected.get_untracked()? {
        Subject::Container(id) => {
            topology.with_untracked(|t| t.containers.get(&id).map(|c| c.name.clone()))
        }
        _ => None,
    }
}

#[component]
pub fn ProbePanel(
    topology: Signal<Topology>,
    selected: RwSignal<Option<Subject>>,
    probe: RwSignal<Option<ProbeAnswer>>,
) -> impl IntoView {
    let from = RwSignal::new(HOST.to_string());
    let to = RwSignal::new(String::new());
    let port = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let origins = Memo::new(move |_| topology.with(origins));
    let targets = Memo::new(move |_| topology.with(targets));
    let has_selection = move || matches!(selected.get(), Some(Subject::Container(_)));
    let ask = move || {
        let port_text = port.get_untracked();
        let port = match port_text.trim() {
            "" => None,
            text => match text.parse::<u16>() {
                Ok(port) if port > 0 => Some(port),
                _ => {
                    error.set(Some(format!("{text:?} is not a port (1 to 65535)")));
                    return;
                }
            },
        };
        let request = ProbeRequest {
            from: from.get_untracked(),
            to: to.get_untracked().trim().to_string(),
            port,
        };
        if request.to.is_empty() {
            error.set(Some(
                "say what A should reach: a name, an alias or an IP".into(),
            ));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match post::<ProbeAnswer>(paths::PROBE, &request).await {
                Ok(answer) => probe.set(Some(answer)),
                Err(failure) => error.set(Some(failure.error)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="probe panel" id="probe" aria-labelledby="probe-title">
            <h3 id="probe-title">"Can A reach B?"</h3>
            <form class="probe-form" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <label>
                    "A (from) "
                    <select id="probe-from" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))>
                        {move || origins.get().into_iter().map(|name| {
                            let shown = name.clone();
                            view! { <option {..kept("value", name)}>{shown}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" id="probe-from-selected" disabled=move || !has_selection()
                    on:click=move |_| if let Some(name) = selected_name(topology, selected) { from.set(name) }>
                    "A = selected"
                </button>
                <label>
                    "B (to) "
                    <input id="probe-to" list="probe-targets" placeholder="name, alias or IP"
                        prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                </label>
                <datalist id="probe-targets">
                    {move || targets.get().into_iter().map(|t| view! { <option value=t/> }).collect_view()}
                </datalist>
                <button type="button" id="probe-to-selected" disabled=move || !has_selection()
                    on:click=move |_| if let Some(name) = selected_name(topology, selected) { to.set(name) }>
                    "B = selected"
                </button>
                <label>
                    "port "
                    <input id="probe-port" type="number" min="1" max="65535" placeholder="optional"
                        prop:value=move || port.get() on:input=move |ev| port.set(event_target_value(&ev))/>
                </label>
                <button type="submit" id="probe-run" disabled=move || busy.get()>
                    {move || if busy.get() { "asking…" } else { "Can A reach B?" }}
                </button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" id="probe-error" role="alert">{e}</p> })}
            {move || probe.get().map(|answer| view! { <ProbeResult answer/> })}
        </section>
    }
}

#[component]
fn ProbeResult(answer: ProbeAnswer) -> impl IntoView {
    let verdict = if answer.reached { "ok" } else { "fail" };
    let port = answer.port.map(|p| format!(":{p}")).unwrap_or_default();
    let heading = format!(
        "{} → {}{port}: {}",
        answer.from,
        answer.to,
        if answer.reached {
            "reached"
        } else {
            "not reached"
        }
    );
    let via = answer.via.map(|v| match v {
        crate::model::reach::Via::Hosts => "hosts",
        crate::model::reach::Via::DockerDns => "docker-dns",
        crate::model::reach::Via::Ip => "ip",
    });
    view! {
        <div id="probe-result" class=format!("probe-result {verdict}") role="status"
            data-reached=answer.reached.to_string() data-via=via.unwrap_or("none") data-id=answer.id.to_string()>
            <h4>{heading}</h4>
            <ol class="stages">
                {answer.stages.into_iter().map(|s| {
                    let name = s.stage.map(|n| n.as_str()).unwrap_or("?");
                    let millis = s.millis.map(|m| format!(" ({m:.2} ms)")).unwrap_or_default();
                    view! {
                        <li class=if s.ok { "stage ok" } else { "stage fail" } data-stage=name data-ok=s.ok.to_string()>
                            <strong>{name}": "</strong>{s.reason}{millis}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p>"The same by hand:"</p>
            <ul class="commands">
                {answer.commands.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            {answer.commands_note.map(|note| view! { <p class="hint-muted">{note}</p> })}
        </div>
    }
}
