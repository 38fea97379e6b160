//! A container's card: its name, image and state, and one row per endpoint (interface, address,
//! MAC, network, DNS names). The height grows with the endpoints; the grid slot follows it.

use super::geometry::{Label, Point, Rect};
use super::metrics::*;
use super::types::{CardBox, CardRow, IpChange, Zone};
use crate::model::{Container, Endpoint, Topology, VethLink, VethPair};

/// Height of a card with `rows` endpoints.
pub fn card_height(rows: usize) -> f64 {
    let body = if rows == 0 {
        EMPTY_ROW_H
    } else {
        rows as f64 * ROW_H
    };
    CARD_HEADER_H + body + CARD_PAD_B
}

/// The image as a card shows it: without the `:latest` every local tag has, so that the state
/// after it fits (the details panel has the whole name).
fn short_image(image: &str) -> &str {
    image.strip_suffix(":latest").unwrap_or(image)
}

/// Grid rows a card with `rows` endpoints takes, with the gap below it.
pub fn span_of(rows: usize) -> u32 {
    ((card_height(rows) + CARD_GAP_V) / UNIT_H).ceil() as u32
}

/// The card of `container` with its top-left corner at `at`.
pub fn build_card(
    container: &Container,
    topology: &Topology,
    zone: Zone,
    at: Point,
    recent_versions: u64,
    text_scale: f64,
) -> CardBox {
    let mut endpoints: Vec<&Endpoint> = container.endpoints.values().collect();
    endpoints
        .sort_by(|a, b| (&a.network_name, &a.network_id).cmp(&(&b.network_name, &b.network_id)));
    let rect = Rect::new(at.x, at.y, CARD_W, card_height(endpoints.len()));
    let text_w = CARD_W - 2.0 * TEXT_PAD;
    let x = at.x + TEXT_PAD;
    let mut meta = format!(
        "{} · {}",
        short_image(&container.image),
        container.state.as_str()
    );
    if let Some(health) = &container.health {
        meta.push_str(&format!(" · {health}"));
    }
    let rows = endpoints
        .iter()
        .enumerate()
        .map(|(i, endpoint)| {
            let top = at.y + CARD_HEADER_H + i as f64 * ROW_H;
            build_row(
                container,
                endpoint,
                topology,
                Rect::new(at.x, top, CARD_W, ROW_H),
                recent_versions,
                text_scale,
            )
        })
        .collect::<Vec<_>>();
    let note = rows.is_empty().then(|| {
        Label::fitted(
            "not on any network",
            Point::new(x, at.y + CARD_HEADER_H + 20.0),
            FONT_SMALL,
            text_w,
        )
    });
    CardBox {
        container_id: container.id.clone(),
        name: container.name.clone(),
        zone,
        rect,
        state: container.state.as_str().to_string(),
        title: Label::fitted(
            &container.name,
            Point::new(x, at.y + 27.0),
            FONT_TITLE * text_scale,
            text_w,
        )
        .bold(),
        meta: Label::fitted(&meta, Point::new(x, at.y + 48.0), FONT_SMALL, text_w),
        rows,
        note,
    }
}

fn build_row(
    container: &Container,
    endpoint: &Endpoint,
    topology: &Topology,
    rect: Rect,
    recent_versions: u64,
    text_scale: f64,
) -> CardRow {
    let body = FONT_BODY * text_scale;
    let x = rect.x + TEXT_PAD;
    let text_w = CARD_W - 2.0 * TEXT_PAD;
    let veth = topology
        .veths
        .get(&VethPair::key_of(&container.id, &endpoint.network_id));
    let network = topology.networks.get(&endpoint.network_id);
    let bridged = network.is_some_and(|n| n.bridge.is_some());
    let ifname = match veth.map(|p| &p.link) {
        Some(VethLink::Mapped {
            container_ifname, ..
        }) => container_ifname.clone(),
        _ if bridged => "?".to_string(),
        _ => String::new(),
    };
    let line1 = rect.y + 22.0;
    let ifname_w = if ifname.is_empty() {
        0.0
    } else {
        (ifname.chars().count().max(4) + 1) as f64 * body * CHAR_EM
    };
    let ip_at = Point::new(x + ifname_w, line1);
    let ip_room = text_w - ifname_w;
    let ip_text = endpoint.ipv4.clone().unwrap_or_else(|| {
        match network.map(|n| n.driver.as_str()) {
            Some("host") => "the host's own network",
            Some("null") => "loopback only",
            _ => "no address",
        }
        .to_string()
    });
    let ip_change = ip_change(container, endpoint, topology.version, recent_versions).map(
        |(from, to, since_version)| IpChange {
            label: Label::shrunk_to_fit(&format!("{from} -> {to}"), ip_at, body, FONT_MIN, ip_room),
            from,
            to,
            since_version,
        },
    );
    let mac = format!(
        "{} · {}",
        endpoint.mac.as_deref().unwrap_or("no MAC"),
        endpoint.network_name
    );
    let mut names: Vec<&str> = Vec::new();
    for name in endpoint.aliases.iter().chain(&endpoint.dns_names) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let names = if names.is_empty() {
        String::new()
    } else {
        format!("dns: {}", names.join(", "))
    };
    CardRow {
        network_id: endpoint.network_id.clone(),
        network_name: endpoint.network_name.clone(),
        rect,
        port: Point::new(rect.x, line1 - 6.0),
        veth: veth.is_some(),
        ifname: Label::fitted(&ifname, Point::new(x, line1), body, ifname_w).bold(),
        ip: Label::fitted(&ip_text, ip_at, body, ip_room),
        ip_change,
        mac: Label::fitted(&mac, Point::new(x, rect.y + 42.0), FONT_SMALL, text_w),
        names: Label::fitted(&names, Point::new(x, rect.y + 61.0), FONT_SMALL, text_w),
    }
}

/// The address before the current one on this endpoint's network, when it changed within the
/// last `window` versions: (old, new, version of the change).
fn ip_change(
    container: &Container,
    endpoint: &Endpoint,
    version: u64,
    window: u64,
) -> Option<(String, String, u64)> {
    let ip = endpoint.ip()?;
    let mut on_network = container
        .ip_history
        .iter()
        .rev()
        .filter(|r| r.network == endpoint.network_name);
    let last = on_network.next().filter(|r| r.ip == ip)?;
    let before = on_network.find(|r| r.ip != ip)?;
    (version.saturating_sub(last.since_version) <= window)
        .then(|| (before.ip.clone(), ip.to_string(), last.since_version))
}

#[cfg(test)]
mod tests {
    use super::short_image;

    #[test]
    fn a_card_drops_only_the_latest_tag() {
        assert_eq!(
            short_image("bridgescope-test/shell:latest"),
            "bridgescope-test/shell"
        );
        assert_eq!(short_image("redis:7.2"), "redis:7.2");
        assert_eq!(short_image("sha256:0123"), "sha256:0123");
    }
}
