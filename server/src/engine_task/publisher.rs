//! Turns each new topology into a published version: carries IP history over, skips what did
//! not change, computes the delta, the change log and the diagram's places, and hands them to
//! every subscriber through one `watch` (the latest snapshot) and one `broadcast` (the stream
//! of updates).

use std::sync::Arc;

use tokio::sync::{broadcast, watch};

use bridgescope_app::layout::{layout, LayoutMemory, LayoutOptions};
use bridgescope_app::live::extend_log;
use bridgescope_app::model::{carry_ip_history, change_log, diff, Snapshot, Topology, Update};

use crate::docker::Engine;

/// How many updates a slow subscriber may fall behind before it gets a fresh snapshot.
const UPDATE_BUFFER: usize = 256;

pub struct Publisher {
    current: Snapshot,
    snapshots: watch::Sender<Arc<Snapshot>>,
    updates: broadcast::Sender<Arc<Update>>,
    pids: watch::Sender<Arc<Pids>>,
}

/// The main process of each running container, by container id: the probe enters its
/// network namespace, and reads its `/etc/hosts` through `/proc/<pid>/root`.
pub type Pids = std::collections::BTreeMap<String, i64>;

/// The read side, shared by every HTTP handler.
#[derive(Clone)]
pub struct Subscription {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    pub updates: broadcast::Sender<Arc<Update>>,
    /// The connected engine, for lab actions; `None` while Docker is unreachable.
    pub engine: watch::Receiver<Option<Engine>>,
    pub pids: watch::Receiver<Arc<Pids>>,
}

impl Publisher {
    pub fn new(first: Topology, engine: watch::Receiver<Option<Engine>>) -> (Self, Subscription) {
        let places = places_after(&first, &LayoutMemory::default());
        let current = Snapshot {
            topology: first,
            log: Vec::new(),
            places,
            instance: this_run(),
        };
        let (snapshots, receiver) = watch::channel(Arc::new(current.clone()));
        let (updates, _) = broadcast::channel(UPDATE_BUFFER);
        let (pids, pids_receiver) = watch::channel(Arc::new(Pids::new()));
        let subscription = Subscription {
            snapshots: receiver,
            updates: updates.clone(),
            engine,
            pids: pids_receiver,
        };
        let publisher = Self {
            current,
            snapshots,
            updates,
            pids,
        };
        (publisher, subscription)
    }

    pub fn current(&self) -> &Topology {
        &self.current.topology
    }

    /// Publishes the containers' process ids when they changed.
    pub fn publish_pids(&self, pids: &Pids) {
        self.pids.send_if_modified(|held| {
            let changed = **held != *pids;
            if changed {
                *held = Arc::new(pids.clone());
            }
            changed
        });
    }

    /// Whether anyone follows the live stream (counters are sampled only then).
    pub fn has_watchers(&self) -> bool {
        self.updates.receiver_count() > 0
    }

    /// Publishes `next` as a new version when it differs from the current one.
    pub fn publish(&mut self, mut next: Topology) {
        let before = &self.current.topology;
        next.version = before.version + 1;
        carry_ip_history(before, &mut next);
        if next.same_content(before) {
            return;
        }
        let delta = diff(before, &next);
        let log = change_log(before, &next);
        self.current.places = places_after(&next, &self.current.places);
        self.current.topology = next;
        extend_log(&mut self.current.log, log.iter().cloned());
        // The snapshot first: a subscriber that reads it and then sees this update skips it.
        self.snapshots.send_replace(Arc::new(self.current.clone()));
        let _ = self.updates.send(Arc::new(Update { delta, log }));
    }
}

/// The layout memory after laying `topology` out from `before`: the server keeps the places
/// version by version, as every page does, so that a page loaded later starts from them.
fn places_after(topology: &Topology, before: &LayoutMemory) -> LayoutMemory {
    layout(topology, before, &LayoutOptions::default()).1
}

/// A number that differs from one start of the server to the next (the clock and the process
/// id, hashed).
fn this_run() -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    std::process::id().hash(&mut hasher);
    std::time::SystemTime::now().hash(&mut hasher);
    hasher.finish()
}
