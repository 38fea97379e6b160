//! Lab actions as data: what a user asks for (create a network, set a key, …), checked before
//! Docker is called, and the `docker …` command each one is equivalent to, for the lesson.
//! Pure: the browser runs the same checks for instant feedback, the server runs them again.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

use super::Network;

/// The label every lab resource carries, so "Reset lab" removes those and nothing else.
pub const LAB_LABEL: &str = "bridgescope.lab";

/// A request to create a network, as the form sends it (empty strings mean "not given").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkRequest {
    pub name: String,
    #[serde(default = "default_driver")]
    pub driver: String,
    #[serde(default)]
    pub subnet: String,
    #[serde(default)]
    pub gateway: String,
    #[serde(default)]
    pub internal: bool,
    /// A custom host bridge name (`com.docker.network.bridge.name`).
    #[serde(default)]
    pub bridge_name: String,
}

fn default_driver() -> String {
    "bridge".into()
}

/// Why a lab action was refused before Docker was called. The text is shown as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum LabError {
    #[error("{kind} name {shown} is not valid: Docker names are 1 to {max} letters, digits, '_', '.' and '-', starting with a letter or digit", max = MAX_NAME_LEN)]
    BadName { kind: NameKind, shown: String },
    #[error("a network called {0:?} exists already")]
    NetworkExists(String),
    #[error("driver {0:?} is not offered here: use bridge")]
    UnsupportedDriver(String),
    #[error("subnet {0:?} is not an IPv4 CIDR like 10.10.0.0/24")]
    BadSubnet(String),
    #[error("subnet {given} has host bits set: did you mean {network}?")]
    SubnetHostBits { given: String, network: String },
    #[error("subnet {subnet} overlaps {other_subnet} of network {other}")]
    SubnetOverlap {
        subnet: String,
        other: String,
        other_subnet: String,
    },
    #[error("gateway {0:?} is not an IPv4 address")]
    BadGateway(String),
    #[error("a gateway needs a subnet")]
    GatewayWithoutSubnet,
    #[error("gateway {gateway} is not a host address of subnet {subnet}")]
    GatewayOutsideSubnet { gateway: String, subnet: String },
    #[error("bridge name {0:?} is not valid: 1 to 15 letters, digits, '_', '.' or '-'")]
    BadBridgeName(String),
    #[error("bridge {bridge:?} is already used by network {network}")]
    BridgeInUse { bridge: String, network: String },
    #[error("the key must not be empty")]
    EmptyKey,
}

/// The longest name bridgescope accepts for a container, network or alias: a DNS label, since
/// Docker's embedded DNS answers these names on user-defined networks.
pub const MAX_NAME_LEN: usize = 63;

/// What a name in a request names, for the message when it is not valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    Container,
    Network,
    Alias,
}

impl std::fmt::Display for NameKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameKind::Container => "container",
            NameKind::Network => "network",
            NameKind::Alias => "alias",
        })
    }
}

/// Checks a name that came from a request against Docker's grammar for object names,
/// `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, at most [`MAX_NAME_LEN`] characters. Every container, network
/// and alias name a request carries passes here before anything looks it up: a name can then
/// never be a path (`../containers/x/stop`), a query (`?force=1`) or a megabyte of text.
pub fn validate_name(kind: NameKind, text: &str) -> Result<&str, LabError> {
    if text.len() <= MAX_NAME_LEN && valid_name(text) {
        Ok(text)
    } else {
        Err(LabError::BadName {
            kind,
            shown: shown_name(text),
        })
    }
}

/// A refused name as a message shows it: quoted, and cut after 40 characters.
fn shown_name(text: &str) -> String {
    const SHOWN: usize = 40;
    let count = text.chars().count();
    if count <= SHOWN {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(SHOWN).collect();
        format!("{head:?}… ({count} characters)")
    }
}

/// A request that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidNetwork {
    pub name: String,
    pub subnet: Option<Ipv4Net>,
    pub gateway: Option<Ipv4Addr>,
    pub internal: bool,
    pub bridge_name: Option<String>,
}

/// Checks a network request against Docker's rules and the networks that exist.
pub fn validate_network(
    request: &NetworkRequest,
    existing: &[&Network],
) -> Result<ValidNetwork, LabError> {
    let name = request.name.trim();
    if name.len() > MAX_NAME_LEN || !valid_name(name) {
        return Err(LabError::BadName {
            kind: NameKind::Network,
            shown: shown_name(&request.name),
        });
    }
    if existing.iter().any(|n| n.name == name) {
        return Err(LabError::NetworkExists(name.into()));
    }
    if request.driver.trim() != "bridge" {
        return Err(LabError::UnsupportedDriver(request.driver.clone()));
    }
    let subnet = parse_subnet(request.subnet.trim(), existing)?;
    let gateway = parse_gateway(request.gateway.trim(), subnet)?;
    let bridge_name = parse_bridge(request.bridge_name.trim(), existing)?;
    Ok(ValidNetwork {
        name: name.into(),
        subnet,
        gateway,
        internal: request.internal,
        bridge_name,
    })
}

/// Docker's rule for object names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

fn parse_subnet(text: &str, existing: &[&Network]) -> Result<Option<Ipv4Net>, LabError> {
    if text.is_empty() {
        return Ok(None);
    }
    let subnet: Ipv4Net = text.parse().map_err(|_| LabError::BadSubnet(text.into()))?;
    if subnet.trunc() != subnet {
        return Err(LabError::SubnetHostBits {
            given: text.into(),
            network: subnet.trunc().to_string(),
        });
    }
    for network in existing {
        for pool in &network.subnets {
            let Ok(other) = pool.subnet.parse::<Ipv4Net>() else {
                continue; // IPv6 pools cannot overlap an IPv4 subnet
            };
            if other.contains(&subnet.network()) || subnet.contains(&other.network()) {
                return Err(LabError::SubnetOverlap {
                    subnet: subnet.to_string(),
                    other: network.name.clone(),
                    other_subnet: other.to_string(),
                });
            }
        }
    }
    Ok(Some(subnet))
}

fn parse_gateway(text: &str, subnet: Option<Ipv4Net>) -> Result<Option<Ipv4Addr>, LabError> {
    if text.is_empty() {
        return Ok(None);
    }
    let gateway: Ipv4Addr = text
        .parse()
        .map_err(|_| LabError::BadGateway(text.into()))?;
    let subnet = subnet.ok_or(LabError::GatewayWithoutSubnet)?;
    let is_host = subnet.contains(&gateway)
        && (subnet.prefix_len() >= 31
            || (gateway != subnet.network() && gateway != subnet.broadcast()));
    if !is_host {
        return Err(LabError::GatewayOutsideSubnet {
            gateway: gateway.to_string(),
            subnet: subnet.to_string(),
        });
    }
    Ok(Some(gateway))
}

fn parse_bridge(text: &str, existing: &[&Network]) -> Result<Option<String>, LabError> {
    if text.is_empty() {
        return Ok(None);
    }
    let valid = text.len() <= 15
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if !valid {
        return Err(LabError::BadBridgeName(text.into()));
    }
    if let Some(network) = existing.iter().find(|n| n.bridge.as_deref() == Some(text)) {
        return Err(LabError::BridgeInUse {
            bridge: text.into(),
            network: network.name.clone(),
        });
    }
    Ok(Some(text.into()))
}

/// The `docker` command a network request is equivalent to.
pub fn network_command(request: &NetworkRequest) -> String {
    let mut words = vec!["docker network create".to_string()];
    words.push(format!("--driver {}", request.driver.trim()));
    for (flag, value) in [
        ("--subnet", request.subnet.trim()),
        ("--gateway", request.gateway.trim()),
    ] {
        if !value.is_empty() {
            words.push(format!("{flag} {value}"));
        }
    }
    if request.internal {
        words.push("--internal".into());
    }
    if !request.bridge_name.trim().is_empty() {
        words.push(format!(
            "-o com.docker.network.bridge.name={}",
            request.bridge_name.trim()
        ));
    }
    words.push(shell_word(request.name.trim()));
    words.join(" ")
}

/// A key for the web app's set/get, refused when empty.
pub fn validate_key(key: &str) -> Result<&str, LabError> {
    if key.is_empty() {
        Err(LabError::EmptyKey)
    } else {
        Ok(key)
    }
}

/// Quotes a word for a shell when it needs it, so a shown command can be pasted as it is.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-/:=@%+,".contains(c));
    if plain {
        word.into()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IpamSubnet;

    fn app_network() -> Network {
        Network {
            id: "n1".into(),
            name: "app".into(),
            driver: "bridge".into(),
            subnets: vec![IpamSubnet {
                subnet: "172.18.0.0/16".into(),
                gateway: None,
            }],
            bridge: Some("br-n1".into()),
            ..Default::default()
        }
    }

    fn request(name: &str, subnet: &str, gateway: &str) -> NetworkRequest {
        NetworkRequest {
            name: name.into(),
            driver: "bridge".into(),
            subnet: subnet.into(),
            gateway: gateway.into(),
            ..Default::default()
        }
    }

    fn check(r: &NetworkRequest) -> Result<ValidNetwork, LabError> {
        let app = app_network();
        validate_network(r, &[&app])
    }

    #[test]
    fn a_good_request_passes_and_shows_its_command() {
        let r = request("lab1", "10.10.0.0/24", "10.10.0.1");
        let valid = check(&r);
        assert!(valid.is_ok(), "{valid:?}");
        assert_eq!(
            network_command(&r),
            "docker network create --driver bridge --subnet 10.10.0.0/24 --gateway 10.10.0.1 lab1"
        );
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["bad name!", "", "-x", "a/b", "../containers/x/stop?x="] {
            assert_eq!(
                check(&request(name, "", "")),
                Err(LabError::BadName {
                    kind: NameKind::Network,
                    shown: format!("{name:?}")
                })
            );
        }
        let long = "a".repeat(10_000);
        let refused = check(&request(&long, "", "")).map_err(|e| e.to_string());
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("(10000 characters)") && e.len() < 300),
            "{refused:?}"
        );
        assert_eq!(
            check(&request("app", "", "")),
            Err(LabError::NetworkExists("app".into()))
        );
    }

    #[test]
    fn bad_subnets_are_refused_with_the_reason() {
        assert_eq!(
            check(&request("x", "10.0.0.0/33", "")),
            Err(LabError::BadSubnet("10.0.0.0/33".into()))
        );
        assert_eq!(
            check(&request("x", "10.0.0.5/24", "")),
            Err(LabError::SubnetHostBits {
                given: "10.0.0.5/24".into(),
                network: "10.0.0.0/24".into()
            })
        );
        let overlap = check(&request("x", "172.18.5.0/24", ""));
        assert_eq!(
            overlap.map_err(|e| e.to_string()),
            Err("subnet 172.18.5.0/24 overlaps 172.18.0.0/16 of network app".into())
        );
    }

    #[test]
    fn gateways_must_be_hosts_of_the_subnet() {
        assert!(matches!(
            check(&request("x", "10.10.0.0/24", "10.11.0.1")),
            Err(LabError::GatewayOutsideSubnet { .. })
        ));
        assert!(matches!(
            check(&request("x", "10.10.0.0/24", "10.10.0.255")),
            Err(LabError::GatewayOutsideSubnet { .. })
        ));
        assert_eq!(
            check(&request("x", "", "10.10.0.1")),
            Err(LabError::GatewayWithoutSubnet)
        );
    }

    #[test]
    fn bridge_names_follow_the_kernel_rules() {
        let mut r = request("x", "", "");
        r.bridge_name = "a-very-long-bridge-name".into();
        assert!(matches!(check(&r), Err(LabError::BadBridgeName(_))));
        r.bridge_name = "br-n1".into();
        assert!(matches!(check(&r), Err(LabError::BridgeInUse { .. })));
    }

    #[test]
    fn names_from_requests_follow_dockers_grammar() {
        for good in ["web", "a", "bst-1.x_y", &"n".repeat(MAX_NAME_LEN)] {
            assert_eq!(validate_name(NameKind::Container, good), Ok(good));
        }
        let too_long = "n".repeat(MAX_NAME_LEN + 1);
        for bad in [
            "",
            "../containers/x/stop?x=",
            "x/../../containers/y/kill?a=",
            "a b",
            "-a",
            ".a",
            "a%2F",
            "web?force=1",
            "wéb",
            too_long.as_str(),
        ] {
            assert!(
                matches!(
                    validate_name(NameKind::Alias, bad),
                    Err(LabError::BadName {
                        kind: NameKind::Alias,
                        ..
                    })
                ),
                "{bad:?} passed"
            );
        }
    }

    #[test]
    fn empty_keys_are_refused_and_odd_words_are_quoted() {
        assert_eq!(validate_key(""), Err(LabError::EmptyKey));
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("app"), "app");
    }
}
