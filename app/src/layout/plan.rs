//! Sorting the topology out before anything is placed: which networks get a bar and which a
//! chip, each container's memory key and zone, and small counts the boxes show.

use std::collections::{BTreeMap, BTreeSet};

use super::memory::{Request, Slot};
use super::metrics::{GRID_ASPECT, SLOT_W, UNIT_H};
use super::types::{CardBox, Zone};
use crate::model::{Container, Network, Topology};

/// Bridge-driver networks by bridge name, and every other network (by name). A second network
/// claiming an already-used bridge name goes with the others, so it is still drawn.
pub fn split_networks(topology: &Topology) -> (BTreeMap<&str, &Network>, Vec<&Network>) {
    let mut bridged: BTreeMap<&str, &Network> = BTreeMap::new();
    let mut others = Vec::new();
    for network in topology.networks.values() {
        match network.bridge.as_deref() {
            Some(bridge) if !bridged.contains_key(bridge) => {
                bridged.insert(bridge, network);
            }
            _ => others.push(network),
        }
    }
    others.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    (bridged, others)
}

/// Containers by name with their memory key: the name, or name and id when a name repeats.
pub fn keyed_containers(topology: &Topology) -> Vec<(String, &Container)> {
    let mut containers: Vec<&Container> = topology.containers.values().collect();
    containers.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let mut keys = BTreeSet::new();
    let mut keyed = Vec::with_capacity(containers.len());
    for container in containers {
        let mut key = container.name.clone();
        if key.is_empty() || keys.contains(&key) {
            key = format!("{}#{}", container.name, container.id);
        }
        keys.insert(key.clone());
        keyed.push((key, container));
    }
    keyed
}

/// Card columns of the bridged grid: at least `least` (two, for a classroom's handful of
/// containers); more as the host fills up, so that many cards make a picture about
/// [`GRID_ASPECT`] times as wide as tall rather than a tall strip; and never fewer than a card
/// that stays needs, so a column is dropped only once nobody is left in it and no card moves.
pub fn bridged_columns(
    requests: &[Request],
    remembered: &BTreeMap<String, Slot>,
    least: u32,
) -> u32 {
    let bridged = || requests.iter().filter(|r| r.zone == Zone::Bridged);
    let units: u32 = bridged().map(|r| r.span).sum();
    // c columns of SLOT_W hold units / c rows of UNIT_H: wide / tall = GRID_ASPECT.
    let wide = (f64::from(units) * UNIT_H * GRID_ASPECT / SLOT_W)
        .sqrt()
        .floor() as u32;
    let staying = bridged()
        .filter_map(|r| remembered.get(&r.key))
        .filter(|slot| slot.present && slot.zone == Zone::Bridged)
        .map(|slot| slot.col.saturating_add(1))
        .max()
        .unwrap_or(0);
    least.max(wide).max(staying)
}

pub fn zone_of(container: &Container, bridged_ids: &BTreeSet<&str>) -> Zone {
    if container
        .endpoints
        .keys()
        .any(|id| bridged_ids.contains(id.as_str()))
    {
        Zone::Bridged
    } else {
        Zone::Other
    }
}

/// A container is hidden when every network it is on is collapsed.
pub fn hidden(container: &Container, collapsed: &BTreeSet<String>) -> bool {
    !container.endpoints.is_empty() && container.endpoints.keys().all(|id| collapsed.contains(id))
}

pub fn attached(topology: &Topology, network_id: &str) -> usize {
    topology
        .containers
        .values()
        .filter(|c| c.endpoints.contains_key(network_id))
        .count()
}

pub fn bottom_of(cards: &[CardBox], zone: Zone) -> Option<f64> {
    cards
        .iter()
        .filter(|c| c.zone == zone)
        .map(|c| c.rect.bottom())
        .reduce(f64::max)
}
