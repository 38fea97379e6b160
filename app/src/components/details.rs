//! The details panel: "Can A reach B?", then what the user clicked in the diagram (or the
//! table) as readable sections ([`super::described`]), the commands that show the same facts
//! by hand, the raw JSON folded, and for a container the actions on it and how it finds names.

use leptos::either::Either;
use leptos::prelude::*;

use super::container_actions::{ActionTarget, ContainerActions};
use super::described::describe;
use super::names_panel::NamesSection;
use super::probe_panel::ProbePanel;
use crate::api::ProbeAnswer;
use crate::model::{Subject, Topology};

#[component]
pub fn DetailsPanel(
    topology: Signal<Topology>,
    selected: RwSignal<Option<Subject>>,
    probe: RwSignal<Option<ProbeAnswer>>,
) -> impl IntoView {
    let running_name = Memo::new(move |_| match selected.get() {
        Some(Subject::Container(id)) => topology.with(|t| {
            t.containers
                .get(&id)
                .filter(|c| c.is_running())
                .map(|c| c.name.clone())
        }),
        _ => None,
    });
    let details = Memo::new(move |_| {
        let subject = selected.get()?;
        topology.with(|t| describe(t, &subject))
    });
    // A memo of its own, so that the controls (and what is typed in them) stay while other
    // parts of the topology change.
    let target = Memo::new(move |_| match selected.get() {
        Some(Subject::Container(id)) => topology.with(|t| ActionTarget::of(t, &id)),
        _ => None,
    });
    let report = RwSignal::new(None);
    let title = move || {
        details.with(|d| {
            d.as_ref()
                .map(|d| view! { <h3 class="details-title">{d.title.clone()}</h3> })
        })
    };
    view! {
        <section class="details panel" id="details">
            <h2>"Details"</h2>
            <ProbePanel topology selected probe/>
            {title}
            {move || target.get().map(|target| view! { <ContainerActions target report/> })}
            {super::network_actions::network_actions(topology, selected)}
            {move || match details.get() {
                None => Either::Left(view! { <p class="hint-muted">"Click a bridge, network, container or wire in the diagram, or a container's name in the table."</p> }),
                Some(described) => Either::Right(view! {
                    {described.sections.into_iter().map(|s| view! {
                        <h4>{s.title}</h4>
                        <dl class="facts-list">
                            {s.facts.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                        </dl>
                    }).collect_view()}
                    <p>"The same by hand:"</p>
                    <ul class="commands">
                        {described.commands.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <details class="raw-json">
                        <summary>"raw JSON"</summary>
                        <pre class="facts">{described.json}</pre>
                    </details>
                }),
            }}
            <NamesSection container=running_name/>
        </section>
    }
}
