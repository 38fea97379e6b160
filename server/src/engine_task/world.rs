//! What the engine task has read so far: Docker's networks and containers, container pids, the
//! links in each container's namespace, and the host's links. `topology` assembles a snapshot
//! from it with the model's pure wiring functions.

use std::collections::BTreeMap;

use bridgescope_app::model::{
    bridges_of, veth_pairs, Container, EngineStatus, NamespaceLinks, Network, ObservedLink,
    Topology,
};

use crate::docker::ContainerRead;

#[derive(Default)]
pub struct World {
    pub networks: BTreeMap<String, Network>,
    pub containers: BTreeMap<String, Container>,
    pub pids: BTreeMap<String, i64>,
    pub namespaces: BTreeMap<String, NamespaceLinks>,
    pub host_links: Vec<ObservedLink>,
    /// Set when veths cannot be seen at all (a remote engine); every pair says why.
    pub veths_hidden: Option<String>,
}

impl World {
    pub fn put_container(&mut self, read: ContainerRead) {
        let id = read.container.id.clone();
        self.pids.insert(id.clone(), read.pid);
        self.containers.insert(id, read.container);
    }

    pub fn remove_container(&mut self, id: &str) {
        self.containers.remove(id);
        self.pids.remove(id);
        self.namespaces.remove(id);
    }

    /// `(id, pid)` of the running containers among `ids`.
    pub fn running_pids<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a String>,
    ) -> Vec<(String, i64)> {
        ids.into_iter()
            .filter(|id| self.containers.get(*id).is_some_and(|c| c.is_running()))
            .filter_map(|id| self.pids.get(id).map(|pid| (id.clone(), *pid)))
            .collect()
    }

    pub fn topology(&self, engine: EngineStatus) -> Topology {
        let hidden: BTreeMap<String, NamespaceLinks>;
        let (namespaces, host_links) = match &self.veths_hidden {
            Some(reason) => {
                hidden = self
                    .containers
                    .keys()
                    .map(|id| (id.clone(), Err(reason.clone())))
                    .collect();
                (&hidden, &[][..])
            }
            None => (&self.namespaces, &self.host_links[..]),
        };
        Topology {
            version: 0,
            engine,
            bridges: bridges_of(self.networks.values(), host_links),
            veths: veth_pairs(
                self.containers.values(),
                &self.networks,
                namespaces,
                host_links,
            ),
            networks: self.networks.clone(),
            containers: self.containers.clone(),
        }
    }
}
