//! The networks as drawn: each bridge-driver network's Linux bridge as a bar (name, network,
//! subnet, gateway, state) and every other network (host, none, overlay…) as a chip in the
//! other area. Both know how many containers are attached, for when they are collapsed.

use super::geometry::{Anchor, Label, Point, Rect};
use super::metrics::*;
use super::types::{BarBox, BarState, NetChip};
use crate::model::{Bridge, Network};

/// The bar of `network`'s bridge `bridge_name` in `rect`, its wires in channel lane `lane`.
pub fn build_bar(
    network: &Network,
    bridge_name: &str,
    bridge: Option<&Bridge>,
    rect: Rect,
    lane: u32,
    attached: usize,
    collapsed: bool,
) -> BarBox {
    let state = match bridge {
        None => BarState::Missing,
        Some(b) if !b.up => BarState::Down,
        Some(b) if !b.carrier => BarState::NoCarrier,
        Some(_) => BarState::Up,
    };
    let state_words = match state {
        BarState::Up => "up",
        BarState::NoCarrier => "empty",
        BarState::Down => "down",
        BarState::Missing => "not on host",
    };
    let subnet = ipv4_subnet(network).unwrap_or("no subnet");
    let gateway = gateway(network, bridge).unwrap_or_else(|| "?".to_string());
    let x = rect.x + TEXT_PAD;
    let text_w = rect.w - 2.0 * TEXT_PAD;
    let count = collapsed.then(|| {
        Label::fitted(
            &format!("[{attached}]"),
            Point::new(rect.right() - TEXT_PAD, rect.y + 26.0),
            FONT_SMALL,
            60.0,
        )
        .anchored(Anchor::End)
        .bold()
    });
    let title_w = if count.is_some() {
        text_w - 60.0
    } else {
        text_w
    };
    BarBox {
        bridge: bridge_name.to_string(),
        network_id: network.id.clone(),
        network_name: network.name.clone(),
        rect,
        lane,
        hue: 0,
        state,
        collapsed,
        attached,
        title: Label::fitted(
            bridge_name,
            Point::new(x, rect.y + 26.0),
            FONT_BODY,
            title_w,
        )
        .bold(),
        subnet: Label::fitted(
            &format!("{} {subnet}", network.name),
            Point::new(x, rect.y + 50.0),
            FONT_SMALL,
            text_w,
        ),
        detail: Label::fitted(
            &format!("gw {gateway} · {state_words}"),
            Point::new(x, rect.y + 72.0),
            FONT_SMALL,
            text_w,
        ),
        count,
    }
}

/// The chip of a network without a bridge.
pub fn build_chip(network: &Network, rect: Rect, attached: usize, collapsed: bool) -> NetChip {
    let x = rect.x + TEXT_PAD;
    let text_w = rect.w - 2.0 * TEXT_PAD;
    let plural = if attached == 1 { "" } else { "s" };
    let mut detail = format!("{} · {attached} container{plural}", network.driver);
    if let Some(subnet) = ipv4_subnet(network) {
        detail.push_str(&format!(" · {subnet}"));
    }
    if collapsed {
        detail.push_str(" · collapsed");
    }
    NetChip {
        network_id: network.id.clone(),
        name: network.name.clone(),
        driver: network.driver.clone(),
        rect,
        collapsed,
        attached,
        title: Label::fitted(
            &network.name,
            Point::new(x, rect.y + 23.0),
            FONT_BODY,
            text_w,
        )
        .bold(),
        detail: Label::fitted(&detail, Point::new(x, rect.y + 45.0), FONT_SMALL, text_w),
    }
}

fn ipv4_subnet(network: &Network) -> Option<&str> {
    network
        .subnets
        .iter()
        .find(|s| s.subnet.contains('.'))
        .or(network.subnets.first())
        .map(|s| s.subnet.as_str())
}

/// The bridge's own IPv4 address (what containers use), else the IPAM gateway.
fn gateway(network: &Network, bridge: Option<&Bridge>) -> Option<String> {
    let own = bridge
        .and_then(|b| b.ipv4.first())
        .map(|a| a.split('/').next().unwrap_or(a).to_string());
    own.or_else(|| {
        network
            .subnets
            .iter()
            .filter(|s| s.subnet.contains('.'))
            .find_map(|s| s.gateway.clone())
    })
}
