//! Labelled, self-cleaning Docker resources for tests.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use bollard::models::{Ipam, IpamConfig, NetworkCreateRequest};
use bollard::query_parameters::{
    ListContainersOptionsBuilder, ListNetworksOptionsBuilder, RemoveContainerOptionsBuilder,
};
use bollard::Docker;

/// Every resource a test creates carries this label; its value names the test run.
pub const TEST_LABEL: &str = "bridgescope.test";

static NEXT_LAB: AtomicU32 = AtomicU32::new(0);

/// The Docker resources of one test. Dropping it removes them all.
pub struct Lab {
    docker: Docker,
    run: String,
}

impl Lab {
    /// Connects to the engine the tests use (`DOCKER_HOST` or the default socket).
    /// Panics when it does not answer: Docker tests fail rather than skip.
    pub async fn new() -> Self {
        let docker = connect().await;
        let n = NEXT_LAB.fetch_add(1, Ordering::Relaxed);
        let run = format!("{}x{n}", std::process::id());
        Self { docker, run }
    }

    pub fn docker(&self) -> &Docker {
        &self.docker
    }

    /// A resource name unique to this lab: `bst-<run>-<suffix>`.
    pub fn name(&self, suffix: &str) -> String {
        format!("bst-{}-{suffix}", self.run)
    }

    pub fn labels(&self) -> HashMap<String, String> {
        HashMap::from([(TEST_LABEL.to_string(), self.run.clone())])
    }

    /// Creates a bridge network named `bst-<run>-<suffix>`, optionally with a subnet and a
    /// custom host bridge name. Returns its full name.
    pub async fn create_network(
        &self,
        suffix: &str,
        subnet: Option<&str>,
        bridge: Option<&str>,
    ) -> String {
        let name = self.name(suffix);
        let ipam = subnet.map(|subnet| Ipam {
            config: Some(vec![IpamConfig {
                subnet: Some(subnet.to_string()),
                ..Default::default()
            }]),
            ..Default::default()
        });
        let options = bridge.map(|bridge| {
            HashMap::from([(
                "com.docker.network.bridge.name".to_string(),
                bridge.to_string(),
            )])
        });
        let request = NetworkCreateRequest {
            name: name.clone(),
            driver: Some("bridge".into()),
            ipam,
            options,
            labels: Some(self.labels()),
            ..Default::default()
        };
        if let Err(error) = self.docker.create_network(request).await {
            panic!("cannot create test network {name}: {error}");
        }
        name
    }

    /// Removes this lab's containers, then its networks.
    pub async fn clean(&self) {
        clean_run(&self.docker, &self.run).await;
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let docker = self.docker.clone();
        let run = self.run.clone();
        let what = format!("clean up run {run}");
        crate::block_on_from_drop(&what, async move { clean_run(&docker, &run).await });
    }
}

async fn connect() -> Docker {
    let docker = match Docker::connect_with_defaults() {
        Ok(docker) => docker,
        Err(error) => panic!("Docker is needed for this test and cannot be reached: {error}"),
    };
    match docker.negotiate_version().await {
        Ok(docker) => docker,
        Err(error) => panic!(
            "Docker is needed for this test and does not answer: {error} \
             (start it with scripts/docker-up.sh)"
        ),
    }
}

async fn clean_run(docker: &Docker, run: &str) {
    let filters = HashMap::from([("label", vec![format!("{TEST_LABEL}={run}")])]);
    let containers = docker
        .list_containers(Some(
            ListContainersOptionsBuilder::default()
                .all(true)
                .filters(&filters)
                .build(),
        ))
        .await
        .unwrap_or_default();
    let force = RemoveContainerOptionsBuilder::default().force(true).build();
    for container in containers {
        if let Some(id) = container.id {
            let _ = docker.remove_container(&id, Some(force.clone())).await;
        }
    }
    let networks = docker
        .list_networks(Some(
            ListNetworksOptionsBuilder::default()
                .filters(&filters)
                .build(),
        ))
        .await
        .unwrap_or_default();
    for network in networks {
        if let Some(id) = network.id {
            let _ = docker.remove_network(&id).await;
        }
    }
}
