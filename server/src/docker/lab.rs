//! The Docker side of the lab actions: create and remove networks, run, start, stop, restart,
//! connect, disconnect and remove containers, build the web app's image from a tar context, list
//! the local image tags (the run form's choice: nothing is ever pulled), and list what carries
//! the lab label. Every resource made here carries the lab label. Whatever is changed or
//! removed is named by its id ([`ContainerId`], [`NetworkId`]), never by a string a request
//! brought (the one name Docker needs as a name, a link's target on a user-defined network, is
//! the topology's: see [`RunLink`]).

use std::collections::HashMap;

use bollard::models::{
    ContainerCreateBody, EndpointSettings, HostConfig, Ipam, IpamConfig, NetworkConnectRequest,
    NetworkCreateRequest, NetworkDisconnectRequest, NetworkingConfig, PortBinding,
};
use bollard::query_parameters::{
    BuildImageOptionsBuilder, CreateContainerOptionsBuilder, ListContainersOptionsBuilder,
    ListImagesOptions, ListNetworksOptionsBuilder, RemoveContainerOptionsBuilder,
    RestartContainerOptionsBuilder, StopContainerOptionsBuilder,
};
use futures::StreamExt;

use bridgescope_app::model::{ValidNetwork, BRIDGE_NAME_OPTION, LAB_LABEL};

use super::{is_not_found, ContainerId, DockerError, Engine, NetworkId};

/// A container the lab runs.
pub struct LabContainer<'a> {
    pub name: &'a str,
    pub image: &'a str,
    pub network: &'a str,
    pub env: Vec<String>,
    /// `(host port on 127.0.0.1, container port/tcp)`.
    pub publish: Option<(u16, u16)>,
}

/// A container run from the page's "Run a container" form (`POST /api/lab/containers`).
pub struct RunSpec<'a> {
    /// A new name, checked against Docker's grammar.
    pub name: &'a str,
    /// One of the engine's local tags: nothing is ever pulled.
    pub image: &'a str,
    pub network: RunNetwork,
    /// A network alias (user-defined networks only).
    pub alias: Option<&'a str>,
    pub links: Vec<RunLink<'a>>,
    /// `(host port on 127.0.0.1, container port/tcp)`.
    pub publish: Option<(u16, u16)>,
    /// Instead of the image's default command, when not empty.
    pub command: &'a [String],
    /// Labels besides the lab's (a lesson's container carries `bridgescope.lesson=ID`).
    pub labels: &'a [(&'a str, String)],
}

/// The network a [`RunSpec`] is attached to at creation.
pub enum RunNetwork {
    /// Docker's default `bridge` (legacy links go to `HostConfig.Links`).
    DefaultBridge,
    /// A user-defined bridge network, by id.
    UserDefined(NetworkId),
}

/// A legacy link of a [`RunSpec`]: the running target and the alias it gets.
pub struct RunLink<'a> {
    pub target: ContainerId,
    /// The target's name as the topology has it: on a user-defined network Docker's embedded
    /// DNS answers the alias with the container of that name, so there it is the name (of a
    /// container found in the topology), not the id, that Docker gets.
    pub target_name: &'a str,
    pub alias: &'a str,
}

#[derive(Clone, Copy, Debug)]
pub enum Lifecycle {
    Start,
    Stop,
    Restart,
    Remove,
}

/// The lab's label and `extra`.
fn with_labels(extra: &[(&str, String)]) -> HashMap<String, String> {
    let mut all = lab_labels();
    all.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    all
}

fn lab_labels() -> HashMap<String, String> {
    HashMap::from([(LAB_LABEL.to_string(), "true".to_string())])
}

impl Engine {
    /// Creates a lab network, with `labels` besides the lab's.
    pub async fn create_network(
        &self,
        network: &ValidNetwork,
        labels: &[(&str, String)],
    ) -> Result<NetworkId, DockerError> {
        let ipam = network.subnet.map(|subnet| Ipam {
            config: Some(vec![IpamConfig {
                subnet: Some(subnet.to_string()),
                gateway: network.gateway.map(|g| g.to_string()),
                ..Default::default()
            }]),
            ..Default::default()
        });
        let options = network
            .bridge_name
            .as_ref()
            .map(|bridge| HashMap::from([(BRIDGE_NAME_OPTION.to_string(), bridge.clone())]));
        let request = NetworkCreateRequest {
            name: network.name.clone(),
            driver: Some("bridge".into()),
            internal: Some(network.internal),
            ipam,
            options,
            labels: Some(with_labels(labels)),
            ..Default::default()
        };
        let created = self
            .docker
            .create_network(request)
            .await
            .map_err(DockerError::refused)?;
        NetworkId::parse(&created.id).ok_or_else(|| DockerError::unexpected_id(&created.id))
    }

    /// The id of the network called exactly `name`, asked of Docker now (the topology may lag
    /// behind by an event or two).
    pub async fn network_named(&self, name: &str) -> Result<Option<NetworkId>, DockerError> {
        let filters = HashMap::from([("name", vec![name.to_string()])]);
        let options = ListNetworksOptionsBuilder::default()
            .filters(&filters)
            .build();
        let listed = self
            .docker
            .list_networks(Some(options))
            .await
            .map_err(DockerError::read)?;
        // Docker's name filter matches parts of names too.
        Ok(listed
            .into_iter()
            .filter(|n| n.name.as_deref() == Some(name))
            .find_map(|n| n.id.as_deref().and_then(NetworkId::parse)))
    }

    pub async fn remove_network(&self, id: &NetworkId) -> Result<(), DockerError> {
        self.docker
            .remove_network(id.as_str())
            .await
            .map_err(DockerError::refused)
    }

    /// Whether `image` is on the engine; a lost connection is an error, not "missing".
    pub async fn has_image(&self, image: &str) -> Result<bool, DockerError> {
        match self.docker.inspect_image(image).await {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(&error) => Ok(false),
            Err(error) => Err(DockerError::read(error)),
        }
    }

    /// The value of label `key` on `image`, when the image exists and has it.
    pub async fn image_label(&self, image: &str, key: &str) -> Option<String> {
        let inspect = self.docker.inspect_image(image).await.ok()?;
        inspect.config?.labels?.get(key).cloned()
    }

    /// Builds `tag` from an in-memory tar context (a Dockerfile and its files), with `labels`
    /// besides the lab label. Each line of Docker's build output goes to `on_line` as it comes.
    pub async fn build_image(
        &self,
        tag: &str,
        context: Vec<u8>,
        labels: &[(&str, String)],
        on_line: &(dyn Fn(String) + Send + Sync),
    ) -> Result<(), DockerError> {
        let mut all = lab_labels();
        all.extend(labels.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let options = BuildImageOptionsBuilder::default()
            .t(tag)
            .rm(true)
            .labels(&all)
            .build();
        let body = bollard::body_full(context.into());
        let mut progress = self.docker.build_image(options, None, Some(body));
        while let Some(step) = progress.next().await {
            let info = step.map_err(DockerError::refused)?;
            if let Some(error) = info.error_detail.and_then(|e| e.message) {
                return Err(DockerError::Refused(error));
            }
            if let Some(text) = info.stream.filter(|s| !s.trim().is_empty()) {
                on_line(text.trim().to_string());
            }
        }
        Ok(())
    }

    /// The engine's local image tags, sorted, without `<none>` (untagged images).
    pub async fn image_tags(&self) -> Result<Vec<String>, DockerError> {
        let listed = self
            .docker
            .list_images(None::<ListImagesOptions>)
            .await
            .map_err(DockerError::read)?;
        let mut tags: Vec<String> = listed
            .into_iter()
            .flat_map(|image| image.repo_tags)
            .filter(|tag| !tag.contains("<none>"))
            .collect();
        tags.sort();
        tags.dedup();
        Ok(tags)
    }

    /// Creates and starts a lab container; `dns: 127.0.0.1`, so inside it only container names
    /// resolve (through Docker's embedded DNS) and nothing reaches an outside resolver.
    pub async fn run_container(&self, spec: &LabContainer<'_>) -> Result<ContainerId, DockerError> {
        let ports = published(spec.publish);
        let body = ContainerCreateBody {
            image: Some(spec.image.into()),
            env: Some(spec.env.clone()),
            labels: Some(lab_labels()),
            exposed_ports: Some(ports.keys().cloned().collect()),
            host_config: Some(HostConfig {
                network_mode: Some(spec.network.into()),
                port_bindings: Some(ports),
                dns: Some(vec!["127.0.0.1".into()]),
                ..Default::default()
            }),
            ..Default::default()
        };
        self.create_and_start(spec.name, body).await
    }

    /// Creates and starts a container from the run form: labelled, `dns: 127.0.0.1`, on its
    /// network with its alias and links, published on 127.0.0.1 only. When Docker refuses to
    /// start it (a host port taken outside Docker, say), it is removed again: a refusal
    /// leaves nothing behind.
    pub async fn run_lab_container(&self, spec: &RunSpec<'_>) -> Result<ContainerId, DockerError> {
        let ports = published(spec.publish);
        let (network_mode, default_bridge) = match &spec.network {
            RunNetwork::DefaultBridge => ("bridge".to_string(), true),
            RunNetwork::UserDefined(id) => (id.to_string(), false),
        };
        // `target:alias`: by id on the default bridge, by name on a user-defined network.
        let links = |by_id: bool| -> Vec<String> {
            spec.links
                .iter()
                .map(|link| {
                    let target = if by_id {
                        link.target.as_str()
                    } else {
                        link.target_name
                    };
                    format!("{target}:{}", link.alias)
                })
                .collect()
        };
        let endpoint = EndpointSettings {
            aliases: spec.alias.map(|alias| vec![alias.to_string()]),
            links: (!default_bridge && !spec.links.is_empty()).then(|| links(false)),
            ..Default::default()
        };
        let body = ContainerCreateBody {
            image: Some(spec.image.into()),
            cmd: (!spec.command.is_empty()).then(|| spec.command.to_vec()),
            labels: Some(with_labels(spec.labels)),
            exposed_ports: Some(ports.keys().cloned().collect()),
            host_config: Some(HostConfig {
                network_mode: Some(network_mode.clone()),
                port_bindings: Some(ports),
                links: (default_bridge && !spec.links.is_empty()).then(|| links(true)),
                dns: Some(vec!["127.0.0.1".into()]),
                ..Default::default()
            }),
            networking_config: Some(NetworkingConfig {
                endpoints_config: Some(HashMap::from([(network_mode, endpoint)])),
            }),
            ..Default::default()
        };
        self.create_and_start(spec.name, body).await
    }

    /// Creates `name` from `body` and starts it; removes it again when it does not start.
    async fn create_and_start(
        &self,
        name: &str,
        body: ContainerCreateBody,
    ) -> Result<ContainerId, DockerError> {
        let options = CreateContainerOptionsBuilder::default().name(name).build();
        let created = self
            .docker
            .create_container(Some(options), body)
            .await
            .map_err(DockerError::refused)?;
        let id = ContainerId::parse(&created.id)
            .ok_or_else(|| DockerError::unexpected_id(&created.id))?;
        if let Err(error) = self.lifecycle(&id, Lifecycle::Start).await {
            if let Err(cleanup) = self.lifecycle(&id, Lifecycle::Remove).await {
                tracing::warn!("cannot remove {name} after it did not start: {cleanup}");
            }
            return Err(error);
        }
        Ok(id)
    }

    pub async fn lifecycle(&self, id: &ContainerId, action: Lifecycle) -> Result<(), DockerError> {
        let name = id.as_str();
        let result = match action {
            Lifecycle::Start => self.docker.start_container(name, None).await,
            Lifecycle::Stop => {
                let options = StopContainerOptionsBuilder::default().t(2).build();
                self.docker.stop_container(name, Some(options)).await
            }
            Lifecycle::Restart => {
                let options = RestartContainerOptionsBuilder::default().t(2).build();
                self.docker.restart_container(name, Some(options)).await
            }
            Lifecycle::Remove => {
                let options = RemoveContainerOptionsBuilder::default().force(true).build();
                self.docker.remove_container(name, Some(options)).await
            }
        };
        result.map_err(DockerError::refused)
    }

    pub async fn connect_container(
        &self,
        network: &NetworkId,
        container: &ContainerId,
        alias: Option<&str>,
    ) -> Result<(), DockerError> {
        let request = NetworkConnectRequest {
            container: container.to_string(),
            endpoint_config: alias.map(|alias| EndpointSettings {
                aliases: Some(vec![alias.into()]),
                ..Default::default()
            }),
        };
        self.docker
            .connect_network(network.as_str(), request)
            .await
            .map_err(DockerError::refused)
    }

    pub async fn disconnect_container(
        &self,
        network: &NetworkId,
        container: &ContainerId,
    ) -> Result<(), DockerError> {
        let request = NetworkDisconnectRequest {
            container: container.to_string(),
            force: Some(false),
        };
        self.docker
            .disconnect_network(network.as_str(), request)
            .await
            .map_err(DockerError::refused)
    }

    /// Every container and network that carries the lab label, with its name. The label alone
    /// proves nothing (anyone can set it by hand): the lab keeps its own record of what it made.
    pub async fn lab_labelled(&self) -> Result<Labelled, DockerError> {
        self.labelled(LAB_LABEL.to_string()).await
    }

    /// The containers and networks with the label `key=value` (a lesson's own).
    pub async fn labelled_with(&self, key: &str, value: &str) -> Result<Labelled, DockerError> {
        self.labelled(format!("{key}={value}")).await
    }

    async fn labelled(&self, filter: String) -> Result<Labelled, DockerError> {
        let filters = HashMap::from([("label", vec![filter])]);
        let listed = self
            .docker
            .list_containers(Some(
                ListContainersOptionsBuilder::default()
                    .all(true)
                    .filters(&filters)
                    .build(),
            ))
            .await
            .map_err(DockerError::read)?;
        let containers = listed
            .into_iter()
            .filter_map(|c| {
                let id = ContainerId::parse(c.id.as_deref()?)?;
                let name = c.names?.first()?.trim_start_matches('/').to_string();
                Some((id, name))
            })
            .collect();
        let listed = self
            .docker
            .list_networks(Some(
                ListNetworksOptionsBuilder::default()
                    .filters(&filters)
                    .build(),
            ))
            .await
            .map_err(DockerError::read)?;
        let networks = listed
            .into_iter()
            .filter_map(|n| Some((NetworkId::parse(n.id.as_deref()?)?, n.name?)))
            .collect();
        Ok(Labelled {
            containers,
            networks,
        })
    }
}

/// Port bindings on 127.0.0.1 for an optional `(host port, container port/tcp)`.
fn published(publish: Option<(u16, u16)>) -> HashMap<String, Option<Vec<PortBinding>>> {
    publish
        .iter()
        .map(|(host, container)| {
            let binding = PortBinding {
                host_ip: Some("127.0.0.1".into()),
                host_port: Some(host.to_string()),
            };
            (format!("{container}/tcp"), Some(vec![binding]))
        })
        .collect()
}

/// What carries the lab label, by id with its name.
#[derive(Debug, Default)]
pub struct Labelled {
    pub containers: Vec<(ContainerId, String)>,
    pub networks: Vec<(NetworkId, String)>,
}
