//! The difference between two snapshots, entity by entity, and how to apply it. A browser holds
//! one [`Topology`] and applies each [`Delta`] the server streams; `apply(a, diff(a, b)) == b`
//! is the law (tested with random snapshots in `tests/diff_law.rs`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Bridge, Container, EngineStatus, Network, Topology, VethPair};

/// Anything kept in a keyed map of the topology.
pub trait Keyed {
    fn key(&self) -> String;
}

impl Keyed for Bridge {
    fn key(&self) -> String {
        self.name.clone()
    }
}

impl Keyed for Network {
    fn key(&self) -> String {
        self.id.clone()
    }
}

impl Keyed for Container {
    fn key(&self) -> String {
        self.id.clone()
    }
}

impl Keyed for VethPair {
    fn key(&self) -> String {
        VethPair::key_of(&self.container_id, &self.network_id)
    }
}

/// What changed in one map: entities added, entities whose content changed (the new content),
/// and keys removed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "T: Serialize + serde::de::DeserializeOwned")]
pub struct MapDelta<T> {
    pub added: Vec<T>,
    pub changed: Vec<T>,
    pub removed: Vec<String>,
}

impl<T> Default for MapDelta<T> {
    fn default() -> Self {
        Self {
            added: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
        }
    }
}

impl<T: Keyed + Clone + PartialEq> MapDelta<T> {
    fn between(before: &BTreeMap<String, T>, after: &BTreeMap<String, T>) -> Self {
        let mut delta = MapDelta::default();
        for (key, new) in after {
            match before.get(key) {
                None => delta.added.push(new.clone()),
                Some(old) if old != new => delta.changed.push(new.clone()),
                Some(_) => {}
            }
        }
        delta.removed = before
            .keys()
            .filter(|key| !after.contains_key(*key))
            .cloned()
            .collect();
        delta
    }

    fn apply_to(&self, map: &mut BTreeMap<String, T>) {
        for key in &self.removed {
            map.remove(key);
        }
        for entity in self.added.iter().chain(&self.changed) {
            map.insert(entity.key(), entity.clone());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Everything that differs between the snapshots `from_version` and `to_version`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    pub from_version: u64,
    pub to_version: u64,
    /// The new engine status, when it changed.
    pub engine: Option<EngineStatus>,
    pub bridges: MapDelta<Bridge>,
    pub networks: MapDelta<Network>,
    pub containers: MapDelta<Container>,
    pub veths: MapDelta<VethPair>,
}

impl Delta {
    /// True when only the version moved.
    pub fn is_empty(&self) -> bool {
        self.engine.is_none()
            && self.bridges.is_empty()
            && self.networks.is_empty()
            && self.containers.is_empty()
            && self.veths.is_empty()
    }
}

/// The delta that turns `before` into `after`.
pub fn diff(before: &Topology, after: &Topology) -> Delta {
    Delta {
        from_version: before.version,
        to_version: after.version,
        engine: (before.engine != after.engine).then(|| after.engine.clone()),
        bridges: MapDelta::between(&before.bridges, &after.bridges),
        networks: MapDelta::between(&before.networks, &after.networks),
        containers: MapDelta::between(&before.containers, &after.containers),
        veths: MapDelta::between(&before.veths, &after.veths),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeltaError {
    /// The delta starts from another version than the one held: fetch a fresh snapshot.
    #[error("the delta goes from version {delta_from} but this snapshot is version {held}")]
    VersionGap { held: u64, delta_from: u64 },
}

/// Applies `delta` to `topology`, which must be at `delta.from_version`. On a version gap the
/// topology is left as it was.
pub fn apply(topology: &mut Topology, delta: &Delta) -> Result<(), DeltaError> {
    if topology.version != delta.from_version {
        return Err(DeltaError::VersionGap {
            held: topology.version,
            delta_from: delta.from_version,
        });
    }
    if let Some(engine) = &delta.engine {
        topology.engine = engine.clone();
    }
    delta.bridges.apply_to(&mut topology.bridges);
    delta.networks.apply_to(&mut topology.networks);
    delta.containers.apply_to(&mut topology.containers);
    delta.veths.apply_to(&mut topology.veths);
    topology.version = delta.to_version;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bridge(name: &str, mtu: u32) -> Bridge {
        Bridge {
            name: name.into(),
            mtu,
            ..Default::default()
        }
    }

    #[test]
    fn added_changed_and_removed_are_told_apart() {
        let mut before = Topology::default();
        before
            .bridges
            .insert("docker0".into(), bridge("docker0", 1500));
        before
            .bridges
            .insert("br-old".into(), bridge("br-old", 1500));
        let mut after = before.clone();
        after.version = 1;
        after.bridges.remove("br-old");
        after
            .bridges
            .insert("docker0".into(), bridge("docker0", 9000));
        after
            .bridges
            .insert("br-new".into(), bridge("br-new", 1500));

        let delta = diff(&before, &after);
        assert_eq!(delta.bridges.added, vec![bridge("br-new", 1500)]);
        assert_eq!(delta.bridges.changed, vec![bridge("docker0", 9000)]);
        assert_eq!(delta.bridges.removed, vec!["br-old".to_string()]);

        let mut applied = before.clone();
        assert_eq!(apply(&mut applied, &delta), Ok(()));
        assert_eq!(applied, after);
    }

    #[test]
    fn a_delta_from_another_version_is_refused_and_changes_nothing() {
        let mut held = Topology {
            version: 7,
            ..Default::default()
        };
        let delta = Delta {
            from_version: 8,
            to_version: 9,
            ..Default::default()
        };
        let copy = held.clone();
        assert_eq!(
            apply(&mut held, &delta),
            Err(DeltaError::VersionGap {
                held: 7,
                delta_from: 8
            })
        );
        assert_eq!(held, copy);
    }
}
