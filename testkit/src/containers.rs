//! Containers of a test lab: created from the locally built images, labelled with the run,
//! given `dns: 127.0.0.1` so that nothing they run resolves outside names (only container
//! names resolve, through Docker's embedded DNS).

use std::collections::HashMap;

use bollard::models::{
    ContainerCreateBody, ContainerInspectResponse, EndpointIpamConfig, EndpointSettings,
    HostConfig, NetworkConnectRequest, NetworkingConfig, PortBinding,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, RemoveContainerOptionsBuilder, RestartContainerOptionsBuilder,
    StopContainerOptionsBuilder,
};

use crate::Lab;

/// The busybox image (sh, ping, nc, ip, …) built by scripts/build-test-images.sh.
pub const SHELL_IMAGE: &str = "bridgescope-test/shell:latest";
/// Debian's redis-server in a scratch image, built by scripts/build-test-images.sh.
pub const REDIS_IMAGE: &str = "bridgescope-test/redis:latest";

/// What a test container looks like. `networks` are full network names (`bridge` for the
/// default); the first one is used at creation, the others are connected before the start.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub image: String,
    pub cmd: Vec<String>,
    pub networks: Vec<String>,
    /// `(host port on 127.0.0.1, container port/tcp)`.
    pub ports: Vec<(u16, u16)>,
    /// `(target container name, alias)`, default bridge only.
    pub links: Vec<(String, String)>,
    /// A fixed IPv4 address on the first network.
    pub ipv4: Option<String>,
    pub aliases: Vec<String>,
    /// Labels besides the test run's (which every test container carries).
    pub labels: Vec<(String, String)>,
}

impl Run {
    /// A busybox container that sleeps (so it keeps running) on the given networks.
    pub fn sleeper(networks: &[&str]) -> Self {
        Run {
            image: SHELL_IMAGE.into(),
            cmd: vec!["sleep".into(), "3600".into()],
            networks: networks.iter().map(|n| n.to_string()).collect(),
            ..Default::default()
        }
    }
}

impl Lab {
    /// Creates `bst-<run>-<suffix>` without starting it; returns its name.
    pub async fn create(&self, suffix: &str, run: &Run) -> String {
        let name = self.name(suffix);
        let first = run
            .networks
            .first()
            .cloned()
            .unwrap_or_else(|| "bridge".into());
        let endpoint = EndpointSettings {
            aliases: (!run.aliases.is_empty()).then(|| run.aliases.clone()),
            ipam_config: run.ipv4.clone().map(|ip| EndpointIpamConfig {
                ipv4_address: Some(ip),
                ..Default::default()
            }),
            ..Default::default()
        };
        let port_bindings: HashMap<String, Option<Vec<PortBinding>>> = run
            .ports
            .iter()
            .map(|(host, container)| {
                let binding = PortBinding {
                    host_ip: Some("127.0.0.1".into()),
                    host_port: Some(host.to_string()),
                };
                (format!("{container}/tcp"), Some(vec![binding]))
            })
            .collect();
        let body = ContainerCreateBody {
            image: Some(run.image.clone()),
            cmd: (!run.cmd.is_empty()).then(|| run.cmd.clone()),
            labels: Some(
                self.labels()
                    .into_iter()
                    .chain(run.labels.iter().cloned())
                    .collect(),
            ),
            exposed_ports: Some(port_bindings.keys().cloned().collect()),
            host_config: Some(HostConfig {
                network_mode: Some(first.clone()),
                port_bindings: Some(port_bindings),
                links: Some(
                    run.links
                        .iter()
                        .map(|(target, alias)| format!("{target}:{alias}"))
                        .collect(),
                ),
                dns: Some(vec!["127.0.0.1".into()]),
                ..Default::default()
            }),
            networking_config: Some(NetworkingConfig {
                endpoints_config: Some(HashMap::from([(first, endpoint)])),
            }),
            ..Default::default()
        };
        let options = CreateContainerOptionsBuilder::default().name(&name).build();
        if let Err(error) = self.docker().create_container(Some(options), body).await {
            panic!("cannot create {name} from {}: {error}", run.image);
        }
        for network in run.networks.iter().skip(1) {
            self.connect(network, &name).await;
        }
        name
    }

    /// Creates and starts `bst-<run>-<suffix>`; returns its name.
    pub async fn run(&self, suffix: &str, run: &Run) -> String {
        let name = self.create(suffix, run).await;
        self.start(&name).await;
        name
    }

    pub async fn start(&self, name: &str) {
        if let Err(error) = self.docker().start_container(name, None).await {
            panic!("cannot start {name}: {error}");
        }
    }

    pub async fn stop(&self, name: &str) {
        let options = StopContainerOptionsBuilder::default().t(1).build();
        if let Err(error) = self.docker().stop_container(name, Some(options)).await {
            panic!("cannot stop {name}: {error}");
        }
    }

    pub async fn restart(&self, name: &str) {
        let options = RestartContainerOptionsBuilder::default().t(1).build();
        if let Err(error) = self.docker().restart_container(name, Some(options)).await {
            panic!("cannot restart {name}: {error}");
        }
    }

    /// Removes a container, running or not (`docker rm -f`).
    pub async fn remove(&self, name: &str) {
        let force = RemoveContainerOptionsBuilder::default().force(true).build();
        if let Err(error) = self.docker().remove_container(name, Some(force)).await {
            panic!("cannot remove {name}: {error}");
        }
    }

    pub async fn connect(&self, network: &str, container: &str) {
        let request = NetworkConnectRequest {
            container: container.to_string(),
            endpoint_config: None,
        };
        if let Err(error) = self.docker().connect_network(network, request).await {
            panic!("cannot connect {container} to {network}: {error}");
        }
    }

    pub async fn inspect(&self, name: &str) -> ContainerInspectResponse {
        match self.docker().inspect_container(name, None).await {
            Ok(inspect) => inspect,
            Err(error) => panic!("cannot inspect {name}: {error}"),
        }
    }

    /// The IPv4 address of `container` on `network`, as Docker reports it.
    pub async fn ip_on(&self, container: &str, network: &str) -> Option<String> {
        self.inspect(container)
            .await
            .network_settings?
            .networks?
            .get(network)?
            .ip_address
            .clone()
            .filter(|ip| !ip.is_empty())
    }

    /// The IPv4 address of `container` on `network`; panics when Docker reports none.
    pub async fn expect_ip_on(&self, container: &str, network: &str) -> String {
        match self.ip_on(container, network).await {
            Some(ip) => ip,
            None => panic!("Docker reports no IPv4 address for {container} on {network}"),
        }
    }
}
