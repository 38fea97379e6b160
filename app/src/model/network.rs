//! Docker networks, and the rule that names a network's host bridge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The option Docker stores a bridge network's host interface name under (set for `docker0`).
pub const BRIDGE_NAME_OPTION: &str = "com.docker.network.bridge.name";
/// The option that turns inter-container traffic on a bridge network on or off.
pub const ENABLE_ICC_OPTION: &str = "com.docker.network.bridge.enable_icc";

/// One IPAM pool of a network: a subnet (IPv4 or IPv6) and, when Docker has one, its gateway.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IpamSubnet {
    pub subnet: String,
    pub gateway: Option<String>,
}

/// A Docker network. `host`, `none`, overlay and macvlan networks are kept too; only bridge
/// networks have a host `bridge`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub scope: String,
    /// Every IPAM pool, IPv4 and IPv6.
    pub subnets: Vec<IpamSubnet>,
    pub internal: bool,
    pub attachable: bool,
    /// Whether containers on this bridge may talk to each other (`None`: not a bridge option).
    pub enable_icc: Option<bool>,
    pub labels: BTreeMap<String, String>,
    /// The Linux bridge on the host (`docker0`, `br-…`), for bridge-driver networks only.
    pub bridge: Option<String>,
}

impl Network {
    /// Builds a network from Docker's fields; derives the bridge name and the ICC option.
    #[allow(clippy::too_many_arguments)]
    pub fn from_docker(
        id: String,
        name: String,
        driver: String,
        scope: String,
        subnets: Vec<IpamSubnet>,
        internal: bool,
        attachable: bool,
        options: &BTreeMap<String, String>,
        labels: BTreeMap<String, String>,
    ) -> Self {
        let enable_icc = options.get(ENABLE_ICC_OPTION).map(|v| v != "false");
        Network {
            bridge: bridge_name(&driver, &id, options),
            enable_icc,
            id,
            name,
            driver,
            scope,
            subnets,
            internal,
            attachable,
            labels,
        }
    }

    /// Built-in networks that exist on every engine.
    pub fn is_predefined(&self) -> bool {
        matches!(self.name.as_str(), "bridge" | "host" | "none")
    }
}

/// The host bridge a network uses: the `com.docker.network.bridge.name` option when set (Docker
/// sets it to `docker0` for the default `bridge` network), else `br-` and the first 12 hex digits
/// of the network id, which is how Docker names bridges of user-defined networks. Networks of
/// other drivers (host, null, overlay, macvlan) have no bridge of their own.
pub fn bridge_name(driver: &str, id: &str, options: &BTreeMap<String, String>) -> Option<String> {
    if driver != "bridge" {
        return None;
    }
    if let Some(name) = options.get(BRIDGE_NAME_OPTION).filter(|n| !n.is_empty()) {
        return Some(name.clone());
    }
    let short: String = id.chars().take(12).collect();
    Some(format!("br-{short}"))
}

/// The gateways of `network`: Docker's IPAM ones, else the addresses of its host bridge as
/// the kernel reports them (Docker leaves the default bridge's IPAM gateway empty on some
/// engines while docker0 holds 172.17.0.1).
pub fn gateways_of(
    network: &Network,
    bridges: &std::collections::BTreeMap<String, crate::model::Bridge>,
) -> Vec<String> {
    let ipam: Vec<String> = network
        .subnets
        .iter()
        .filter_map(|s| s.gateway.clone())
        .collect();
    if !ipam.is_empty() {
        return ipam;
    }
    network
        .bridge
        .as_ref()
        .and_then(|name| bridges.get(name))
        .map(|b| {
            b.ipv4
                .iter()
                .map(|a| a.split('/').next().unwrap_or(a).to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f2a9c1d7e4b5a6c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";

    #[test]
    fn default_bridge_uses_the_name_option() {
        let options = BTreeMap::from([(BRIDGE_NAME_OPTION.to_string(), "docker0".to_string())]);
        assert_eq!(
            bridge_name("bridge", ID, &options).as_deref(),
            Some("docker0")
        );
    }

    #[test]
    fn user_defined_bridge_is_br_and_twelve_hex() {
        assert_eq!(
            bridge_name("bridge", ID, &BTreeMap::new()).as_deref(),
            Some("br-3f2a9c1d7e4b")
        );
    }

    #[test]
    fn other_drivers_have_no_bridge() {
        for driver in ["host", "null", "overlay", "macvlan"] {
            assert_eq!(bridge_name(driver, ID, &BTreeMap::new()), None, "{driver}");
        }
    }

    #[test]
    fn icc_option_is_read_when_present() {
        let options = BTreeMap::from([(ENABLE_ICC_OPTION.to_string(), "false".to_string())]);
        let network = Network::from_docker(
            ID.into(),
            "quiet".into(),
            "bridge".into(),
            "local".into(),
            vec![],
            false,
            false,
            &options,
            BTreeMap::new(),
        );
        assert_eq!(network.enable_icc, Some(false));
        assert_eq!(network.bridge.as_deref(), Some("br-3f2a9c1d7e4b"));
    }
}
