//! Docker networks as the dashboard shows them, and the rule that names a network's host bridge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The option Docker stores a bridge network's host interface name under (set for `docker0`).
pub const BRIDGE_NAME_OPTION: &str = "com.docker.network.bridge.name";

/// One IPAM pool of a network: a subnet and, when Docker has one, its gateway.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IpamSubnet {
    pub subnet: String,
    pub gateway: Option<String>,
}

/// A Docker network with the facts the network list shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NetworkSummary {
    pub id: String,
    pub name: String,
    pub driver: String,
    pub scope: String,
    pub subnets: Vec<IpamSubnet>,
    /// The Linux bridge on the host (`docker0`, `br-…`), for bridge-driver networks only.
    pub bridge: Option<String>,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
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
}
