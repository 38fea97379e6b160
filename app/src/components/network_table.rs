//! The list of Docker networks: name, driver, subnets, gateways and host bridge.

use leptos::prelude::*;

use crate::model::{gateways_of, Network, Topology};

#[component]
pub fn NetworkTable(topology: Signal<Topology>) -> impl IntoView {
    let rows = Memo::new(move |_| {
        topology.with(|t| {
            let mut list: Vec<(Network, Vec<String>)> = t
                .networks
                .values()
                .map(|n| (n.clone(), gateways_of(n, &t.bridges)))
                .collect();
            list.sort_by(|a, b| a.0.name.cmp(&b.0.name));
            list
        })
    });
    view! {
        <section class="networks">
            <h2>"Networks"</h2>
            <table id="network-table">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"Driver"</th>
                        <th>"Subnet"</th>
                        <th>"Gateway"</th>
                        <th>"Host bridge"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|row| row.clone()
                        children=|(network, gateways)| view! { <NetworkRow network gateways/> }
                    />
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn NetworkRow(network: Network, gateways: Vec<String>) -> impl IntoView {
    let subnets = network
        .subnets
        .iter()
        .map(|s| s.subnet.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let gateways = gateways.join(", ");
    let bridge = network.bridge.clone().unwrap_or_else(|| "—".to_string());
    view! {
        <tr data-network=network.name.clone()>
            <td class="name">{network.name.clone()}</td>
            <td class="driver">{network.driver.clone()}</td>
            <td class="subnet">{subnets}</td>
            <td class="gateway">{gateways}</td>
            <td class="bridge">{bridge}</td>
        </tr>
    }
}
