//! The containers as a table: state, each network's interface, IP and veth, ports and links.
//! Clicking a name selects the container, as clicking its card does: the details panel then
//! shows its facts and the actions on it (start, stop, restart, connect, disconnect, remove).

use leptos::prelude::*;

use super::keys::content_key;
use crate::model::{Container, Subject, Topology, VethLink, VethPair};

/// Up to this many containers the table starts open. Beyond, it starts folded, which keeps a
/// page of hundreds of containers quick to load; the diagram and the details panel show the
/// same facts, and one click unfolds it.
const OPEN_UP_TO: usize = 50;

#[component]
pub fn ContainerTable(
    topology: Signal<Topology>,
    selected: RwSignal<Option<Subject>>,
) -> impl IntoView {
    let count = Memo::new(move |_| topology.with(|t| t.containers.len()));
    let open = RwSignal::new(count.get_untracked() <= OPEN_UP_TO);
    let label = move || {
        if open.get() {
            "hide the table".to_string()
        } else {
            format!("show the table ({} rows)", count.get())
        }
    };
    view! {
        <section class="containers panel">
            <h2>"Containers"</h2>
            <button
                class="small table-toggle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <Show when=move || open.get()>
                <ContainerRows topology selected/>
            </Show>
        </section>
    }
}

#[component]
fn ContainerRows(topology: Signal<Topology>, selected: RwSignal<Option<Subject>>) -> impl IntoView {
    let rows = move || {
        topology.with(|t| {
            let mut list: Vec<(Container, Vec<(String, String)>)> = t
                .containers
                .values()
                .map(|c| (c.clone(), endpoint_lines(c, t)))
                .collect();
            list.sort_by(|a, b| a.0.name.cmp(&b.0.name));
            list
        })
    };
    view! {
            <table id="container-table">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"State"</th>
                        <th>"Networks: interface, IP, veth"</th>
                        <th>"Ports and links"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=rows
                        key=content_key
                        children=move |(container, wiring)| {
                            view! { <ContainerRow container wiring selected/> }
                        }
                    />
                </tbody>
            </table>
    }
}

#[component]
fn ContainerRow(
    container: Container,
    wiring: Vec<(String, String)>,
    selected: RwSignal<Option<Subject>>,
) -> impl IntoView {
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
    let subject = Subject::Container(container.id.clone());
    let mine = subject.clone();
    let is_selected = move || selected.with(|s| s.as_ref() == Some(&mine));
    view! {
        <tr
            data-container=container.name.clone()
            class=format!("state-{}", container.state.as_str())
            class:selected=is_selected
        >
            <td class="name">
                <button
                    class="link-like"
                    title="show details and actions"
                    on:click=move |_| selected.set(Some(subject.clone()))
                >
                    <strong>{container.name.clone()}</strong>
                </button>
                <br/>
                <small>{container.image.clone()}</small>
            </td>
            <td class="state">{container.state.as_str()}</td>
            <td class="wiring">
                <ul>
                    {wiring
                        .into_iter()
                        .map(|(network, line)| {
                            view! {
                                <li data-network=network>
                                    <span class="endpoint">{line}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </td>
            <td class="extras">
                {extras.into_iter().map(|e| view! { <div>{e}</div> }).collect_view()}
            </td>
        </tr>
    }
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::layout::tests::fixtures::{big, classroom};

    fn render(topology: Topology) -> String {
        let owner = Owner::new();
        owner.with(|| {
            let topology = Signal::stored(topology);
            let selected = RwSignal::new(None);
            view! { <ContainerTable topology selected/> }.to_html()
        })
    }

    #[test]
    fn a_small_host_shows_the_table_a_big_one_starts_folded() {
        let small = render(classroom());
        assert!(small.contains(r#"<table id="container-table""#), "{small}");
        assert!(small.contains("hide the table"));
        let many = render(big(OPEN_UP_TO + 10, 2));
        assert!(!many.contains("<table"), "{many}");
        assert!(many.contains(&format!("show the table ({} rows)", OPEN_UP_TO + 10)));
    }
}
