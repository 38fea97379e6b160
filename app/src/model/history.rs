//! Each container's IP history for the session: the model keeps the addresses a container had,
//! so a restart that hands out a new address can be told as "old -> new".

use super::{IpRecord, Topology};

/// Copies each container's history from `previous` into `next` and records every address in
/// `next` that differs from the last one recorded on that network. `next.version` stamps new
/// records. Containers are matched by id: a re-created container starts a new history.
pub fn carry_ip_history(previous: &Topology, next: &mut Topology) {
    let version = next.version;
    for (id, container) in next.containers.iter_mut() {
        let mut history = previous
            .containers
            .get(id)
            .map(|c| c.ip_history.clone())
            .unwrap_or_default();
        for endpoint in container.endpoints.values() {
            let Some(ip) = endpoint.ip() else { continue };
            let last = history
                .iter()
                .rev()
                .find(|r| r.network == endpoint.network_name);
            if last.is_none_or(|r| r.ip != ip) {
                history.push(IpRecord {
                    network: endpoint.network_name.clone(),
                    ip: ip.to_string(),
                    since_version: version,
                });
            }
        }
        container.ip_history = history;
    }
}

/// The address a container had on `network` before its latest one, if it changed.
pub fn previous_ip<'a>(history: &'a [IpRecord], network: &str) -> Option<&'a str> {
    let mut on_network = history.iter().rev().filter(|r| r.network == network);
    on_network.next()?;
    on_network.next().map(|r| r.ip.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Container, Endpoint};

    fn with_ip(version: u64, ip: Option<&str>) -> Topology {
        let mut topology = Topology {
            version,
            ..Default::default()
        };
        let endpoint = Endpoint {
            network_id: "n1".into(),
            network_name: "app".into(),
            ipv4: ip.map(|ip| format!("{ip}/16")),
            ..Default::default()
        };
        let container = Container {
            id: "c1".into(),
            name: "web".into(),
            endpoints: [("n1".to_string(), endpoint)].into(),
            ..Default::default()
        };
        topology.containers.insert("c1".into(), container);
        topology
    }

    #[test]
    fn a_new_address_after_a_stop_is_recorded_once() {
        let mut first = with_ip(1, Some("172.18.0.3"));
        carry_ip_history(&Topology::default(), &mut first);
        let mut stopped = with_ip(2, None);
        carry_ip_history(&first, &mut stopped);
        let mut restarted = with_ip(3, Some("172.18.0.5"));
        carry_ip_history(&stopped, &mut restarted);
        let mut again = with_ip(4, Some("172.18.0.5"));
        carry_ip_history(&restarted, &mut again);

        let history = &again.containers["c1"].ip_history;
        let ips: Vec<_> = history
            .iter()
            .map(|r| (r.ip.as_str(), r.since_version))
            .collect();
        assert_eq!(ips, vec![("172.18.0.3", 1), ("172.18.0.5", 3)]);
        assert_eq!(previous_ip(history, "app"), Some("172.18.0.3"));
    }
}
