//! One netlink dump of the links and IPv4 addresses of the namespace the calling thread is in
//! (a netlink socket belongs to the namespace it was opened in).

use std::collections::HashMap;

use futures::TryStreamExt;
use netlink_packet_route::address::{AddressAttribute, AddressMessage};
use netlink_packet_route::link::{InfoKind, LinkAttribute, LinkFlags, LinkInfo, LinkMessage};
use netlink_packet_route::AddressFamily;

use bridgescope_app::model::{LinkCounters, ObservedLink};

use super::NetlinkError;

pub async fn all_links() -> Result<Vec<ObservedLink>, NetlinkError> {
    let (connection, handle, _) = rtnetlink::new_connection().map_err(NetlinkError::Socket)?;
    let driver = tokio::spawn(connection);
    let result = async {
        let links: Vec<LinkMessage> = handle
            .link()
            .get()
            .execute()
            .try_collect()
            .await
            .map_err(|e| NetlinkError::Dump(e.to_string()))?;
        let addresses: Vec<AddressMessage> = handle
            .address()
            .get()
            .execute()
            .try_collect()
            .await
            .map_err(|e| NetlinkError::Dump(e.to_string()))?;
        Ok(join(links, addresses))
    }
    .await;
    driver.abort();
    result
}

fn join(links: Vec<LinkMessage>, addresses: Vec<AddressMessage>) -> Vec<ObservedLink> {
    let mut ipv4: HashMap<u32, Vec<String>> = HashMap::new();
    for message in addresses {
        if message.header.family != AddressFamily::Inet {
            continue;
        }
        let address = message.attributes.iter().find_map(|a| match a {
            AddressAttribute::Address(ip) => Some(*ip),
            _ => None,
        });
        if let Some(ip) = address {
            ipv4.entry(message.header.index)
                .or_default()
                .push(format!("{ip}/{}", message.header.prefix_len));
        }
    }
    links
        .into_iter()
        .map(|message| {
            let mut link = observed(&message);
            link.ipv4 = ipv4.remove(&link.ifindex).unwrap_or_default();
            link
        })
        .collect()
}

fn observed(message: &LinkMessage) -> ObservedLink {
    let flags = message.header.flags;
    let mut link = ObservedLink {
        ifindex: message.header.index,
        up: flags.contains(LinkFlags::Up),
        carrier: flags.contains(LinkFlags::LowerUp),
        ..Default::default()
    };
    for attribute in &message.attributes {
        match attribute {
            LinkAttribute::IfName(name) => link.name = name.clone(),
            LinkAttribute::Mtu(mtu) => link.mtu = *mtu,
            LinkAttribute::Controller(index) => link.controller = Some(*index),
            LinkAttribute::Link(index) => link.peer_ifindex = Some(*index),
            LinkAttribute::Address(bytes) if bytes.len() == 6 => link.mac = Some(mac(bytes)),
            LinkAttribute::Stats64(stats) => {
                link.counters = LinkCounters {
                    rx_bytes: stats.rx_bytes,
                    tx_bytes: stats.tx_bytes,
                    rx_packets: stats.rx_packets,
                    tx_packets: stats.tx_packets,
                }
            }
            LinkAttribute::LinkInfo(infos) => link.kind = kind(infos),
            _ => {}
        }
    }
    link
}

fn kind(infos: &[LinkInfo]) -> Option<String> {
    infos.iter().find_map(|info| match info {
        LinkInfo::Kind(InfoKind::Bridge) => Some("bridge".to_string()),
        LinkInfo::Kind(InfoKind::Veth) => Some("veth".to_string()),
        LinkInfo::Kind(other) => Some(other.to_string()),
        _ => None,
    })
}

fn mac(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}
