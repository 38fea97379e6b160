//! The details panel: every fact the model has about what the user clicked in the diagram (or
//! the table), the commands that show the same facts by hand, and for a container the actions
//! on it.

use leptos::either::Either;
use leptos::prelude::*;

use super::container_actions::{ActionTarget, ContainerActions};
use super::names_panel::NamesSection;
use super::probe_panel::ProbePanel;
use crate::api::ProbeAnswer;
use crate::model::{shell_word, Subject, Topology, VethLink};

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
                .map(|(title, _, _)| view! { <h3>{title.clone()}</h3> })
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
                Some((_, facts, commands)) => Either::Right(view! {
                    <p>"The same by hand:"</p>
                    <ul class="commands">
                        {commands.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <pre class="facts">{facts}</pre>
                }),
            }}
            <NamesSection container=running_name/>
        </section>
    }
}

/// Title, the entity as JSON, and the commands that show it.
fn describe(topology: &Topology, subject: &Subject) -> Option<(String, String, Vec<String>)> {
    let pretty = |value: serde_json::Result<String>| value.unwrap_or_default();
    match subject {
        Subject::Container(id) => {
            let c = topology.containers.get(id)?;
            let name = shell_word(&c.name);
            Some((
                format!("container {}", c.name),
                pretty(serde_json::to_string_pretty(c)),
                vec![
                    format!("docker inspect -f '{{{{json .NetworkSettings.Networks}}}}' {name}"),
                    format!("docker port {name}"),
                    format!(
                        "nsenter -t $(docker inspect -f '{{{{.State.Pid}}}}' {name}) -n ip addr"
                    ),
                ],
            ))
        }
        Subject::Network(id) => {
            let n = topology.networks.get(id)?;
            let mut commands = vec![format!("docker network inspect {}", shell_word(&n.name))];
            if let Some(bridge) = &n.bridge {
                commands.push(format!("ip link show master {bridge}"));
            }
            Some((
                format!("network {}", n.name),
                pretty(serde_json::to_string_pretty(n)),
                commands,
            ))
        }
        Subject::Bridge(name) => {
            let b = topology.bridges.get(name)?;
            Some((
                format!("bridge {name}"),
                pretty(serde_json::to_string_pretty(b)),
                vec![
                    format!("ip -d -s link show {name}"),
                    format!("ip addr show {name}"),
                    format!("ip link show master {name}"),
                ],
            ))
        }
        Subject::Veth(key) => {
            let pair = topology.veths.get(key)?;
            let commands = match &pair.link {
                VethLink::Mapped {
                    host_ifname,
                    container_ifname,
                    ..
                } => vec![
                    format!("ip -d link show {host_ifname}"),
                    format!("ethtool -S {host_ifname}   # peer_ifindex"),
                    format!("(inside) ip link show {container_ifname}"),
                ],
                VethLink::Unknown { .. } => vec!["ip -o link show type veth".into()],
            };
            Some((
                format!("veth pair {key}"),
                pretty(serde_json::to_string_pretty(pair)),
                commands,
            ))
        }
        Subject::Engine => None,
    }
}
