//! The inside of the diagram's many things (cards and wires) as SVG markup strings, set as the
//! `innerHTML` of their group. Hydrating markup costs nothing: the browser keeps what the server
//! sent, where a view of separate elements has every attribute set again (about 20 000 at 300
//! containers, followed by a full layout of the SVG). A new card is then one `innerHTML` for
//! the browser to parse instead of dozens of DOM calls. Pure string building; everything from
//! the topology is escaped.

use std::fmt::Write;

use crate::layout::{
    card_lines, coord, escape, points_attr, Anchor, CardBox, CardRow, Label, LineKind, RowLines,
    Wire,
};

/// Writes `<text class=… x=… y=… font-size=…>text</text>` (`extra` goes in the tag as is), with
/// `text-anchor` and `font-weight` only when they are not SVG's defaults (start, normal): a few
/// thousand texts at 300 containers make that a tenth of the page. Nothing for an empty label.
fn text(out: &mut String, label: &Label, class: &str, extra: &str) {
    if label.text.is_empty() {
        return;
    }
    let _ = write!(
        out,
        r#"<text class="{class}"{extra} x="{}" y="{}" font-size="{}""#,
        coord(label.at.x),
        coord(label.at.y),
        coord(label.size),
    );
    if label.anchor != Anchor::Start {
        let _ = write!(out, r#" text-anchor="{}""#, label.anchor.as_str());
    }
    if label.bold {
        out.push_str(r#" font-weight="bold""#);
    }
    let _ = write!(out, ">{}</text>", escape(&label.text));
}

/// The inside of a card: tooltip, box, and the lines [`card_lines`] writes (name, image and
/// state, one row per endpoint, a note). `shows_change(row)` tells whether a row's address
/// reads "old -> new" still.
pub fn card_inner(card: &CardBox, shows_change: impl Fn(&CardRow) -> bool) -> String {
    let mut out = String::with_capacity(1024);
    let lines = card_lines(card, shows_change);
    let _ = write!(
        out,
        r#"<title>{}</title><rect class="card-box" x="{}" y="{}" width="{}" height="{}" rx="10"/>"#,
        escape(&lines.tooltip),
        coord(card.rect.x),
        coord(card.rect.y),
        coord(card.rect.w),
        coord(card.rect.h),
    );
    for line in &lines.head {
        text(&mut out, line.label, class_of(line.kind), "");
    }
    for row in &lines.rows {
        row_inner(&mut out, card, row);
    }
    if let Some(note) = &lines.note {
        text(&mut out, note.label, class_of(note.kind), "");
    }
    out
}

/// The page's class for a kind of line (style/main.css).
fn class_of(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Name => "card-name",
        LineKind::Meta => "card-meta",
        LineKind::Ifname { veth: true } => "ifname veth-container",
        LineKind::Ifname { veth: false } => "ifname",
        LineKind::Ip => "ip",
        LineKind::IpChanged => "ip ip-changed",
        LineKind::Mac => "mac",
        LineKind::Names => "dns-names",
        LineKind::Note => "card-note",
    }
}

/// One endpoint row: a rule, then its lines; the interface (the container end of the veth)
/// and the address name their container and network, for the details panel.
fn row_inner(out: &mut String, card: &CardBox, row: &RowLines<'_>) {
    let network = escape(&row.row.network_name);
    let names = format!(
        r#" data-container="{}" data-network="{network}""#,
        escape(&card.name)
    );
    let r = row.row.rect;
    let _ = write!(
        out,
        r#"<g class="endpoint" data-network="{network}"><line class="row-rule" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        coord(r.x),
        coord(r.y),
        coord(r.right()),
        coord(r.y),
    );
    for line in &row.lines {
        let named = matches!(
            line.kind,
            LineKind::Ifname { .. } | LineKind::Ip | LineKind::IpChanged
        );
        text(
            out,
            line.label,
            class_of(line.kind),
            if named { &names } else { "" },
        );
    }
    out.push_str("</g>");
}

/// The inside of a wire: tooltip, a wide invisible line to click, the line, and the host-side
/// name (or why it is unknown) beside it.
pub fn wire_inner(wire: &Wire) -> String {
    let mut out = String::with_capacity(512);
    let label = &wire.host_label;
    let tip = match &label.full {
        Some(full) => full.clone(),
        None => format!(
            "{} ({}) ⇄ {} on {}",
            wire.container_ifname, wire.container_name, label.text, wire.bridge
        ),
    };
    let points = points_attr(&wire.points);
    let _ = write!(
        out,
        r#"<title>{}</title><polyline class="wire-hit" points="{points}" fill="none"/><polyline class="wire-line" points="{points}" fill="none"/>"#,
        escape(&tip),
    );
    let names = format!(
        r#" data-container="{}" data-network="{}""#,
        escape(&wire.container_name),
        escape(&wire.network_name)
    );
    text(&mut out, label, "veth-host", &names);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::checks::lay;
    use crate::layout::tests::fixtures::classroom;
    use crate::layout::tests::xml;

    #[test]
    fn awkward_names_are_escaped_and_the_markup_is_well_formed() {
        let layout = lay(&classroom());
        let mut card = layout.cards[0].clone();
        card.name = "<b>&\"'".into();
        card.title.text = card.name.clone();
        let inner = card_inner(&card, |_| true);
        assert!(!inner.contains("<b>"), "{inner}");
        let doc = format!(r#"<svg xmlns="http://www.w3.org/2000/svg">{inner}</svg>"#);
        assert!(xml::check(&doc).is_ok(), "{doc}");
        for wire in &layout.wires {
            let doc = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg">{}</svg>"#,
                wire_inner(wire)
            );
            assert!(xml::check(&doc).is_ok(), "{doc}");
        }
    }

    #[test]
    fn an_address_change_shows_until_it_is_dismissed() {
        let layout = lay(&classroom());
        let card = layout
            .cards
            .iter()
            .find(|c| c.rows.iter().any(|r| r.ip_change.is_some()))
            .expect("the classroom has an address change");
        let change = card
            .rows
            .iter()
            .find_map(|r| r.ip_change.as_ref())
            .map(|c| c.label.text.clone())
            .unwrap_or_default();
        assert!(card_inner(card, |_| true).contains(&escape(&change)));
        assert!(card_inner(card, |_| true).contains(r#"class="ip ip-changed""#));
        let plain = card_inner(card, |_| false);
        assert!(!plain.contains("ip-changed") && !plain.contains(&escape(&change)));
    }

    #[test]
    fn an_address_change_too_long_for_the_body_size_is_drawn_at_its_own_size() {
        let mut topology = classroom();
        let web = topology.containers.get_mut("c-web").expect("web");
        for endpoint in web.endpoints.values_mut() {
            if endpoint.network_name == "app" {
                endpoint.ipv4 = Some("172.18.100.105/16".into());
            }
        }
        for record in web.ip_history.iter_mut().filter(|r| r.network == "app") {
            record.ip = record.ip.replace("172.18.0.", "172.18.100.10");
        }
        let layout = lay(&topology);
        let card = layout.cards.iter().find(|c| c.name == "web").expect("web");
        let row = card.rows.iter().find(|r| r.network_name == "app");
        let (ip, change) = match row.and_then(|r| r.ip_change.as_ref().map(|c| (&r.ip, c))) {
            Some(found) => found,
            None => panic!("web has no address change on app"),
        };
        assert!(change.label.size < ip.size, "{change:?} is not shrunk");
        let inner = card_inner(card, |_| true);
        let drawn = format!(
            r#"font-size="{}">{}<"#,
            coord(change.label.size),
            escape(&change.label.text)
        );
        assert!(inner.contains(&drawn), "{drawn} not in {inner}");
    }
}
