//! The lab's boundary, in one place: which container or network a request means, and whether
//! the lab may do to it what the request asks.
//!
//! Every name a request carries is checked against Docker's name grammar first, then looked up
//! in the topology the engine task read, and only its id goes on to Docker. The rule:
//! - what the lab made (its label, and its id in the lab's own record, [`Ledger`]) may be
//!   changed and removed;
//! - what it did not make may be looked at, and changed (start, stop, restart, connect,
//!   disconnect) only when the request confirms it on purpose (`confirm_outside_lab`, which the
//!   page sends only after asking the presenter); it is never removed;
//! - Docker's own networks (bridge, host, none) belong to everyone: a lab container may be
//!   attached to them, nobody removes them.
//!
//! [`Ledger`]: super::ledger::Ledger

use bridgescope_app::model::{validate_name, Container, NameKind, Network, Topology, LAB_LABEL};

use super::{ActionError, Lab};
use crate::docker::{ContainerId, NetworkId};

/// What a request wants to do to a container or network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Start, stop, restart, connect, disconnect: it stays, changed.
    Change,
    /// Remove: it goes.
    Remove,
}

/// A container a request named, found and allowed.
pub struct ContainerTarget {
    pub id: ContainerId,
    pub name: String,
}

/// A network a request named, found and allowed.
pub struct NetworkTarget {
    pub id: NetworkId,
    pub name: String,
}

impl Lab {
    /// The container called `name`, when the lab may `act` on it.
    pub(super) fn container_target(
        &self,
        topology: &Topology,
        name: &str,
        act: Act,
        confirmed: bool,
    ) -> Result<ContainerTarget, ActionError> {
        let container = find_container(topology, name)?;
        let id = ContainerId::parse(&container.id).ok_or_else(|| not_found("container", name))?;
        let lab_made = container.labels.contains_key(LAB_LABEL) && self.ledger.has_container(&id);
        allow(act, lab_made, confirmed, "container", name)?;
        Ok(ContainerTarget {
            id,
            name: container.name.clone(),
        })
    }

    /// The network called `name`, when the lab may `act` on it. Attaching a container to a
    /// network or detaching it changes the container, not the network: that is checked on the
    /// container; here only removal is.
    pub(super) fn network_target(
        &self,
        topology: &Topology,
        name: &str,
        act: Act,
    ) -> Result<NetworkTarget, ActionError> {
        let network = find_network(topology, name)?;
        let id = NetworkId::parse(&network.id).ok_or_else(|| not_found("network", name))?;
        if act == Act::Remove {
            if network.is_predefined() {
                return Err(ActionError::Refused(format!(
                    "{name} is one of Docker's own networks and cannot be removed"
                )));
            }
            let lab_made = network.labels.contains_key(LAB_LABEL) && self.ledger.has_network(&id);
            allow(act, lab_made, false, "network", name)?;
        }
        Ok(NetworkTarget {
            id,
            name: network.name.clone(),
        })
    }
}

/// The rule itself.
fn allow(
    act: Act,
    lab_made: bool,
    confirmed: bool,
    kind: &'static str,
    name: &str,
) -> Result<(), ActionError> {
    match (act, lab_made, confirmed) {
        (_, true, _) | (Act::Change, false, true) => Ok(()),
        (act, false, _) => Err(ActionError::OutsideLab {
            kind,
            name: name.to_string(),
            act,
        }),
    }
}

fn find_container<'t>(topology: &'t Topology, name: &str) -> Result<&'t Container, ActionError> {
    let name = validate_name(NameKind::Container, name)?;
    topology
        .container_by_name(name)
        .ok_or_else(|| not_found("container", name))
}

fn find_network<'t>(topology: &'t Topology, name: &str) -> Result<&'t Network, ActionError> {
    let name = validate_name(NameKind::Network, name)?;
    topology
        .network_by_name(name)
        .ok_or_else(|| not_found("network", name))
}

fn not_found(kind: &'static str, name: &str) -> ActionError {
    ActionError::NotFound {
        kind,
        name: name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lab_changes_its_own_and_what_the_presenter_confirms_and_removes_only_its_own() {
        assert!(allow(Act::Change, true, false, "container", "a").is_ok());
        assert!(allow(Act::Remove, true, false, "container", "a").is_ok());
        assert!(allow(Act::Change, false, true, "container", "a").is_ok());
        assert!(allow(Act::Change, false, false, "container", "a").is_err());
        assert!(allow(Act::Remove, false, true, "container", "a").is_err());
        assert!(allow(Act::Remove, false, false, "network", "a").is_err());
    }
}
