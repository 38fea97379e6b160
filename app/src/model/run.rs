//! "Run a container" as data: the request the form sends, the checks it must pass before Docker
//! is called (against the published topology and the engine's local images), and the
//! `docker run` command it is equivalent to, for the lesson. Pure: the page runs the same checks
//! as the user types, the server runs them again before calling Docker.

use serde::{Deserialize, Serialize};

use super::{shell_word, validate_name, LabError, NameKind, Topology, LAB_LABEL};

/// The network a container runs on when the request names none: Docker's default bridge.
pub const DEFAULT_NETWORK: &str = "bridge";

/// What the page suggests for images whose default command exits at once (busybox's `sh`
/// without a terminal ends immediately): a command that keeps the container running.
pub const KEEP_RUNNING: &str = "sleep 3600";

/// `POST /api/lab/containers`: a container to run (empty strings mean "not given").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRequest {
    pub name: String,
    pub image: String,
    /// A network of the topology; [`DEFAULT_NETWORK`] when empty or missing.
    #[serde(default)]
    pub network: String,
    /// A network alias (`--network-alias`), user-defined networks only.
    #[serde(default)]
    pub alias: Option<String>,
    /// Legacy links (`--link target:alias`).
    #[serde(default)]
    pub links: Vec<LinkRequest>,
    /// A port published on 127.0.0.1 (`-p 127.0.0.1:H:C`).
    #[serde(default)]
    pub publish: Option<Publish>,
    /// The command instead of the image's default one; empty: the image's.
    #[serde(default)]
    pub command: Vec<String>,
}

/// One legacy link: `--link target:alias` (an empty alias means the target's name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRequest {
    pub target: String,
    #[serde(default)]
    pub alias: String,
}

/// A TCP port published on the host's 127.0.0.1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publish {
    pub host_port: u16,
    pub container_port: u16,
}

/// Why a run request was refused before Docker was called. The text is shown as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RunError {
    #[error("{0}")]
    Name(#[from] LabError),
    #[error("a container called {0} exists already: choose another name (or remove it first)")]
    NameTaken(String),
    #[error("choose an image")]
    NoImage,
    #[error("no image {image} on this engine (bridgescope never pulls): {}", local_images(.local))]
    UnknownImage { image: String, local: Vec<String> },
    #[error("no network called {0}")]
    UnknownNetwork(String),
    #[error(
        "network {network} uses the {driver} driver: the lab runs containers on bridge networks only"
    )]
    NotBridge { network: String, driver: String },
    #[error(
        "an alias needs a user-defined network: Docker refuses network aliases on the default \
         bridge (it has no DNS for names there). Choose another network, or use a link"
    )]
    AliasOnDefaultBridge,
    #[error("no container called {0} to link to")]
    UnknownLinkTarget(String),
    #[error("link target {0} is not running: Docker links only to running containers")]
    LinkTargetStopped(String),
    #[error(
        "{target} is not on the default bridge ({}): legacy links on the default bridge join \
         containers on it only", on_networks(.on)
    )]
    LinkOffDefaultBridge { target: String, on: Vec<String> },
    #[error(
        "{target} is {} but not on {network}: a link on a user-defined network names a \
         container on that same network only", on_networks(.on)
    )]
    LinkAcrossNetworks {
        target: String,
        network: String,
        on: Vec<String>,
    },
    #[error("port {0:?} is not a port number (1 to 65535)")]
    BadPort(String),
    #[error("give both ports to publish one (host port and container port), or neither")]
    HalfPublish,
    #[error("host port {port} is published already by {by} on {ip}")]
    PortTaken { port: u16, by: String, ip: String },
}

impl RunError {
    /// Whether the request clashes with what exists (a taken name or port, a stopped target)
    /// rather than being wrong in itself; the API answers 409 for these.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            RunError::NameTaken(_) | RunError::LinkTargetStopped(_) | RunError::PortTaken { .. }
        )
    }

    /// Whether the request names something that does not exist (a network or a link target);
    /// the API answers 404 for these.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            RunError::UnknownNetwork(_) | RunError::UnknownLinkTarget(_)
        )
    }
}

/// The local images as a refusal lists them: the first few, and how many more.
fn local_images(local: &[String]) -> String {
    const SHOWN: usize = 8;
    match local.len() {
        0 => "this engine has no tagged images (load one with docker load)".into(),
        n if n <= SHOWN => format!("the local images are {}", local.join(", ")),
        n => format!(
            "the local images are {} and {} more",
            local[..SHOWN].join(", "),
            n - SHOWN
        ),
    }
}

fn on_networks(on: &[String]) -> String {
    if on.is_empty() {
        "on no network".into()
    } else {
        format!("on {}", on.join(", "))
    }
}

/// A run request that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRun {
    pub name: String,
    /// The image tag, as the engine lists it.
    pub image: String,
    pub network: String,
    /// The network's Docker id, from the topology.
    pub network_id: String,
    /// Whether `network` is Docker's default bridge (links go to HostConfig there).
    pub default_bridge: bool,
    pub alias: Option<String>,
    pub links: Vec<ValidLink>,
    pub publish: Option<Publish>,
    pub command: Vec<String>,
}

/// A link whose target runs on the container's network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidLink {
    pub target: String,
    /// The target's Docker id, from the topology.
    pub target_id: String,
    pub alias: String,
}

/// Checks a run request against Docker's rules, the topology and the engine's local image tags.
pub fn validate_run(
    request: &RunRequest,
    topology: &Topology,
    images: &[String],
) -> Result<ValidRun, RunError> {
    let name = validate_name(NameKind::Container, request.name.trim())?.to_string();
    if topology.container_by_name(&name).is_some() {
        return Err(RunError::NameTaken(name));
    }
    let image = local_image(request.image.trim(), images)?;
    let (network, network_id, default_bridge) = run_network(request.network.trim(), topology)?;
    let alias = run_alias(request.alias.as_deref(), default_bridge)?;
    let links = request
        .links
        .iter()
        .map(|link| run_link(link, &network, default_bridge, topology))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(publish) = request.publish {
        check_publish(publish, topology)?;
    }
    Ok(ValidRun {
        name,
        image,
        network,
        network_id,
        default_bridge,
        alias,
        links,
        publish: request.publish,
        command: request.command.clone(),
    })
}

/// The local tag `given` names: itself, or `given:latest` as Docker reads a name without a tag.
fn local_image(given: &str, images: &[String]) -> Result<String, RunError> {
    if given.is_empty() {
        return Err(RunError::NoImage);
    }
    let latest = format!("{given}:latest");
    images
        .iter()
        .find(|tag| tag.as_str() == given || **tag == latest)
        .cloned()
        .ok_or_else(|| RunError::UnknownImage {
            image: given.to_string(),
            local: images.to_vec(),
        })
}

/// The network's name, id, and whether it is the default bridge.
fn run_network(given: &str, topology: &Topology) -> Result<(String, String, bool), RunError> {
    let name = if given.is_empty() {
        DEFAULT_NETWORK
    } else {
        validate_name(NameKind::Network, given)?
    };
    let network = topology
        .network_by_name(name)
        .ok_or_else(|| RunError::UnknownNetwork(name.to_string()))?;
    if network.driver != "bridge" {
        return Err(RunError::NotBridge {
            network: network.name.clone(),
            driver: network.driver.clone(),
        });
    }
    let default_bridge = network.name == DEFAULT_NETWORK;
    Ok((network.name.clone(), network.id.clone(), default_bridge))
}

fn run_alias(given: Option<&str>, default_bridge: bool) -> Result<Option<String>, RunError> {
    let Some(alias) = given.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    let alias = validate_name(NameKind::Alias, alias)?;
    if default_bridge {
        return Err(RunError::AliasOnDefaultBridge);
    }
    Ok(Some(alias.to_string()))
}

fn run_link(
    link: &LinkRequest,
    network: &str,
    default_bridge: bool,
    topology: &Topology,
) -> Result<ValidLink, RunError> {
    let target = validate_name(NameKind::Container, link.target.trim())?;
    let alias = match link.alias.trim() {
        "" => target,
        alias => validate_name(NameKind::Alias, alias)?,
    };
    let container = topology
        .container_by_name(target)
        .ok_or_else(|| RunError::UnknownLinkTarget(target.to_string()))?;
    if !container.is_running() {
        return Err(RunError::LinkTargetStopped(target.to_string()));
    }
    if container.endpoint_on(network).is_none() {
        let mut on: Vec<String> = container
            .endpoints
            .values()
            .map(|e| e.network_name.clone())
            .collect();
        on.sort();
        let target = target.to_string();
        return Err(if default_bridge {
            RunError::LinkOffDefaultBridge { target, on }
        } else {
            RunError::LinkAcrossNetworks {
                target,
                network: network.to_string(),
                on,
            }
        });
    }
    Ok(ValidLink {
        target: container.name.clone(),
        target_id: container.id.clone(),
        alias: alias.to_string(),
    })
}

/// Refuses a port of 0 and a host port another container publishes already (on 127.0.0.1 or
/// on every address); one taken by a process outside Docker is Docker's to refuse.
fn check_publish(publish: Publish, topology: &Topology) -> Result<(), RunError> {
    for port in [publish.host_port, publish.container_port] {
        if port == 0 {
            return Err(RunError::BadPort(port.to_string()));
        }
    }
    let taken = topology.containers.values().find_map(|c| {
        c.ports
            .iter()
            .find(|p| {
                p.host_port == publish.host_port
                    && p.protocol != "udp"
                    && matches!(p.host_ip.as_str(), "127.0.0.1" | "0.0.0.0" | "" | "::")
            })
            .map(|p| (c.name.clone(), p.host_ip.clone()))
    });
    match taken {
        Some((by, ip)) => Err(RunError::PortTaken {
            port: publish.host_port,
            by,
            ip: if ip.is_empty() { "0.0.0.0".into() } else { ip },
        }),
        None => Ok(()),
    }
}

/// The two port fields of the form: both empty is no publish, both numbers is one.
pub fn parse_publish(host: &str, container: &str) -> Result<Option<Publish>, RunError> {
    match (host.trim(), container.trim()) {
        ("", "") => Ok(None),
        ("", _) | (_, "") => Err(RunError::HalfPublish),
        (host, container) => Ok(Some(Publish {
            host_port: parse_port(host)?,
            container_port: parse_port(container)?,
        })),
    }
}

fn parse_port(text: &str) -> Result<u16, RunError> {
    text.parse::<u16>()
        .ok()
        .filter(|port| *port > 0)
        .ok_or_else(|| RunError::BadPort(text.to_string()))
}

/// The command field of the form as words (split at white space; no shell quoting).
pub fn parse_command(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// The command the page offers for `image`: [`KEEP_RUNNING`] for the busybox shell image,
/// whose default command exits at once; nothing (the image's own command) for the others.
pub fn suggested_command(image: &str) -> &'static str {
    let lower = image.to_ascii_lowercase();
    if lower.contains("shell") || lower.contains("busybox") {
        KEEP_RUNNING
    } else {
        ""
    }
}

/// The `docker run` command a run request is equivalent to.
pub fn run_command(request: &RunRequest) -> String {
    let network = match request.network.trim() {
        "" => DEFAULT_NETWORK,
        given => given,
    };
    let mut words = vec![
        "docker run -d".to_string(),
        format!("--name {}", shell_word(request.name.trim())),
        format!("--network {}", shell_word(network)),
    ];
    if let Some(alias) = request.alias.as_deref().map(str::trim) {
        if !alias.is_empty() {
            words.push(format!("--network-alias {}", shell_word(alias)));
        }
    }
    for link in &request.links {
        words.push(link_flag(link));
    }
    if let Some(p) = request.publish {
        words.push(format!("-p 127.0.0.1:{}:{}", p.host_port, p.container_port));
    }
    words.push("--dns 127.0.0.1".into());
    words.push(format!("--label {LAB_LABEL}=true"));
    words.push(shell_word(request.image.trim()));
    words.extend(request.command.iter().map(|w| shell_word(w)));
    words.join(" ")
}

fn link_flag(link: &LinkRequest) -> String {
    let target = shell_word(link.target.trim());
    match link.alias.trim() {
        "" => format!("--link {target}"),
        alias => format!("--link {target}:{}", shell_word(alias)),
    }
}

#[cfg(test)]
mod tests;
