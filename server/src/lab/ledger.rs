//! The lab's own record of what it made. A label can be copied onto any container by hand
//! (`docker run -l bridgescope.lab=true …`), so the label alone proves nothing: the lab changes
//! and removes only what carries its label AND is written here, by id. The record is a small
//! JSON file in the state folder, so it survives a restart of bridgescope (a Reset after a
//! restart still finds the demo it ran before).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::docker::{ContainerId, NetworkId};

/// The file in the state folder.
const FILE_NAME: &str = "lab-made.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Made {
    containers: BTreeSet<String>,
    networks: BTreeSet<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the lab's record {}: {source}", path.display())]
pub struct LedgerError {
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

/// What this bridgescope made, by id; written through to its file on every change.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    made: Mutex<Made>,
}

impl Ledger {
    /// Opens the record in `state_dir` (empty when there is none yet). A record that cannot be
    /// read is reported and treated as empty: the lab then changes nothing it made earlier,
    /// which is the safe side.
    pub fn open(state_dir: &Path) -> Self {
        let path = state_dir.join(FILE_NAME);
        let made = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|error| {
                tracing::warn!(
                    "{} is not a lab record ({error}); starting empty",
                    path.display()
                );
                Made::default()
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Made::default(),
            Err(error) => {
                tracing::warn!("cannot read {} ({error}); starting empty", path.display());
                Made::default()
            }
        };
        Self {
            path,
            made: Mutex::new(made),
        }
    }

    pub fn has_container(&self, id: &ContainerId) -> bool {
        self.read(|made| made.containers.contains(id.as_str()))
    }

    pub fn has_network(&self, id: &NetworkId) -> bool {
        self.read(|made| made.networks.contains(id.as_str()))
    }

    pub fn add_container(&self, id: &ContainerId) -> Result<(), LedgerError> {
        self.write(|made| made.containers.insert(id.to_string()))
    }

    pub fn add_network(&self, id: &NetworkId) -> Result<(), LedgerError> {
        self.write(|made| made.networks.insert(id.to_string()))
    }

    pub fn forget_container(&self, id: &ContainerId) -> Result<(), LedgerError> {
        self.write(|made| made.containers.remove(id.as_str()))
    }

    pub fn forget_network(&self, id: &NetworkId) -> Result<(), LedgerError> {
        self.write(|made| made.networks.remove(id.as_str()))
    }

    fn read<T>(&self, look: impl FnOnce(&Made) -> T) -> T {
        let made = self
            .made
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        look(&made)
    }

    /// Applies `change` and, when it changed anything, writes the file (a new file renamed over
    /// the old one, so a crash leaves either record whole).
    fn write(&self, change: impl FnOnce(&mut Made) -> bool) -> Result<(), LedgerError> {
        let mut made = self
            .made
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !change(&mut made) {
            return Ok(());
        }
        let fail = |source| LedgerError {
            path: self.path.clone(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(&*made).map_err(|e| fail(e.into()))?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let fresh = self.path.with_extension("json.new");
        std::fs::write(&fresh, bytes).map_err(fail)?;
        std::fs::rename(&fresh, &self.path).map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(c: char) -> String {
        c.to_string().repeat(64)
    }

    #[test]
    fn the_record_survives_a_reopen_and_forgets_what_was_removed() {
        let dir = std::env::temp_dir().join(format!("bst-ledger-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (Some(c), Some(n)) = (ContainerId::parse(&id('a')), NetworkId::parse(&id('b'))) else {
            panic!("test ids are not ids");
        };
        let ledger = Ledger::open(&dir);
        assert!(!ledger.has_container(&c));
        ledger.add_container(&c).expect("write the record");
        ledger.add_network(&n).expect("write the record");
        let reopened = Ledger::open(&dir);
        assert!(reopened.has_container(&c) && reopened.has_network(&n));
        reopened.forget_container(&c).expect("write the record");
        assert!(!Ledger::open(&dir).has_container(&c));
        assert!(Ledger::open(&dir).has_network(&n));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
