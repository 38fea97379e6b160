//! The list of Docker networks: name, driver, subnets, gateways and host bridge.

use leptos::prelude::*;

use crate::model::Network;

#[component]
pub fn NetworkTable(networks: Signal<Vec<Network>>) -> impl IntoView {
    let sorted = move || {
        let mut list = networks.get();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    };
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
                        each=sorted
                        key=|network| network.clone()
                        children=|network| view! { <NetworkRow network/> }
                    />
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn NetworkRow(network: Network) -> impl IntoView {
    let subnets = network
        .subnets
        .iter()
        .map(|s| s.subnet.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let gateways = network
        .subnets
        .iter()
        .filter_map(|s| s.gateway.clone())
        .collect::<Vec<_>>()
        .join(", ");
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
