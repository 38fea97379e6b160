//! Conversions from bollard's models into the shared model. Docker leaves most fields optional;
//! missing ones become empty values here so the model never carries Docker's options around.

use std::collections::BTreeMap;

use bollard::models::Network;

use bridgescope_app::model::{bridge_name, IpamSubnet, NetworkSummary};

pub fn network_summary(network: Network) -> NetworkSummary {
    let id = network.id.unwrap_or_default();
    let driver = network.driver.unwrap_or_default();
    let options: BTreeMap<String, String> =
        network.options.unwrap_or_default().into_iter().collect();
    let subnets = network
        .ipam
        .and_then(|ipam| ipam.config)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|pool| {
            pool.subnet.map(|subnet| IpamSubnet {
                subnet,
                gateway: pool.gateway.filter(|g| !g.is_empty()),
            })
        })
        .collect();
    NetworkSummary {
        bridge: bridge_name(&driver, &id, &options),
        name: network.name.unwrap_or_default(),
        scope: network.scope.unwrap_or_default(),
        internal: network.internal.unwrap_or(false),
        labels: network.labels.unwrap_or_default().into_iter().collect(),
        subnets,
        driver,
        id,
    }
}
