//! The standalone SVG file behind "Export SVG": the same layout drawn with inline presentation
//! attributes and no stylesheet, so the file looks the same in a browser, Inkscape or slides.
//! A card says what [`card_lines`] writes, as on the page. Pure string building, so it is
//! tested natively.

use super::geometry::{Label, Point, Rect};
use super::lines::{card_lines, LineKind};
use super::types::{BarState, CardBox, Layout};

/// Colours of the exported file (the light theme).
mod colour {
    pub const BG: &str = "#ffffff";
    pub const FRAME: &str = "#f7f8fa";
    pub const LINE: &str = "#8c959f";
    pub const INK: &str = "#1b1f24";
    pub const MUTED: &str = "#57606a";
    pub const BAR: &str = "#0b5cad";
    pub const BAR_OFF: &str = "#8c959f";
    pub const BAR_INK: &str = "#ffffff";
    pub const CARD: &str = "#ffffff";
    pub const RUNNING: &str = "#1a7f37";
    pub const WIRE: &str = "#0b5cad";
    pub const UNKNOWN: &str = "#cf222e";
    pub const BADGE: &str = "#fff8c5";
    pub const BADGE_LINE: &str = "#9a6700";
    pub const LINK: &str = "#8250df";
    pub const AREA: &str = "#eef1f4";
    pub const CHANGED: &str = "#bc4c00";
}

const FONT: &str = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// The layout as a complete SVG document.
pub fn export_svg(layout: &Layout) -> String {
    let (w, h) = (coord(layout.width), coord(layout.height));
    let mut out = String::with_capacity(4096 + layout.cards.len() * 1500);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\">\n<title>bridgescope</title>\n"
    ));
    out.push_str(&format!(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" \
         fill=\"{}\"/></marker></defs>\n",
        colour::LINK
    ));
    rect(
        &mut out,
        &Rect::new(0.0, 0.0, layout.width, layout.height),
        colour::BG,
        "none",
        "",
    );
    rect(
        &mut out,
        &layout.host.rect,
        colour::FRAME,
        colour::LINE,
        " stroke-width=\"2\" rx=\"12\"",
    );
    text(&mut out, &layout.host.title, colour::INK);
    if let Some(area) = &layout.other {
        rect(
            &mut out,
            &area.rect,
            colour::AREA,
            colour::LINE,
            " stroke-dasharray=\"6 4\" rx=\"10\"",
        );
        text(&mut out, &area.title, colour::MUTED);
        for chip in &area.chips {
            rect(
                &mut out,
                &chip.rect,
                colour::CARD,
                colour::LINE,
                " rx=\"8\"",
            );
            text(&mut out, &chip.title, colour::INK);
            text(&mut out, &chip.detail, colour::MUTED);
        }
    }
    for bar in &layout.bars {
        let fill = if bar.state == BarState::Up {
            colour::BAR
        } else {
            colour::BAR_OFF
        };
        rect(&mut out, &bar.rect, fill, "none", " rx=\"8\"");
        for label in [&bar.title, &bar.subnet, &bar.detail]
            .into_iter()
            .chain(&bar.count)
        {
            text(&mut out, label, colour::BAR_INK);
        }
    }
    for wire in &layout.wires {
        let (stroke, dash) = if wire.known {
            (colour::WIRE, "")
        } else {
            (colour::UNKNOWN, " stroke-dasharray=\"8 6\"")
        };
        polyline(
            &mut out,
            &wire.points,
            stroke,
            &format!(" stroke-width=\"3\"{dash}"),
        );
        text(&mut out, &wire.host_label, stroke);
    }
    for card in &layout.cards {
        draw_card(&mut out, card);
    }
    for link in &layout.links {
        polyline(
            &mut out,
            &link.points,
            colour::LINK,
            " stroke-width=\"2.5\" marker-end=\"url(#arrow)\"",
        );
        text(&mut out, &link.label, colour::LINK);
    }
    for badge in &layout.badges {
        rect(
            &mut out,
            &badge.rect,
            colour::BADGE,
            colour::BADGE_LINE,
            " rx=\"18\" stroke-width=\"2\"",
        );
        text(&mut out, &badge.label, colour::INK);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_card(out: &mut String, card: &CardBox) {
    let stroke = if card.state == "running" {
        colour::RUNNING
    } else {
        colour::LINE
    };
    rect(
        out,
        &card.rect,
        colour::CARD,
        stroke,
        " stroke-width=\"2.5\" rx=\"10\"",
    );
    let lines = card_lines(card, |_| true);
    for line in &lines.head {
        text(out, line.label, colour_of(line.kind));
    }
    for row in &lines.rows {
        let line_y = row.row.rect.y;
        out.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>\n",
            coord(row.row.rect.x),
            coord(line_y),
            coord(row.row.rect.right()),
            coord(line_y),
            colour::LINE
        ));
        for line in &row.lines {
            text(out, line.label, colour_of(line.kind));
        }
    }
    if let Some(note) = &lines.note {
        text(out, note.label, colour_of(note.kind));
    }
}

/// The file's colour for a kind of card line.
fn colour_of(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Name | LineKind::Ip => colour::INK,
        LineKind::Ifname { .. } => colour::WIRE,
        LineKind::IpChanged => colour::CHANGED,
        LineKind::Meta | LineKind::Mac | LineKind::Names | LineKind::Note => colour::MUTED,
    }
}

fn rect(out: &mut String, r: &Rect, fill: &str, stroke: &str, extra: &str) {
    out.push_str(&format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\"{extra}/>\n",
        coord(r.x),
        coord(r.y),
        coord(r.w),
        coord(r.h)
    ));
}

fn text(out: &mut String, label: &Label, fill: &str) {
    if label.text.is_empty() {
        return;
    }
    let weight = if label.bold {
        " font-weight=\"bold\""
    } else {
        ""
    };
    let title = label
        .full
        .as_deref()
        .map(|full| format!("<title>{}</title>", escape(full)))
        .unwrap_or_default();
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{fill}\"{weight}>{}{title}</text>\n",
        coord(label.at.x),
        coord(label.at.y),
        coord(label.size),
        label.anchor.as_str(),
        escape(&label.text)
    ));
}

fn polyline(out: &mut String, points: &[Point], stroke: &str, extra: &str) {
    out.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\"{extra}/>\n",
        points_attr(points)
    ));
}

/// The `points` attribute of a polyline.
pub fn points_attr(points: &[Point]) -> String {
    let mut out = String::with_capacity(points.len() * 12);
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_coord(&mut out, p.x);
        out.push(',');
        push_coord(&mut out, p.y);
    }
    out
}

/// A coordinate rounded to a tenth, without a trailing `.0`.
pub fn coord(v: f64) -> String {
    let mut out = String::with_capacity(8);
    push_coord(&mut out, v);
    out
}

/// Appends [`coord`]`(v)`. Written with integer arithmetic: formatting floats was a large part
/// of the page's hydration in wasm (docs/BENCHMARKS.md, "Page choice: integer coordinates").
pub fn push_coord(out: &mut String, v: f64) {
    use std::fmt::Write;
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        let _ = write!(out, "{}", tenths / 10.0);
        return;
    }
    let tenths = tenths as i64;
    if tenths < 0 {
        out.push('-');
    }
    let magnitude = tenths.unsigned_abs();
    let _ = write!(out, "{}", magnitude / 10);
    let digit = (magnitude % 10) as u8;
    if digit != 0 {
        out.push('.');
        out.push(char::from(b'0' + digit));
    }
}

/// Text made safe for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_read_as_the_float_formatter_wrote_them() {
        for v in [
            0.0,
            1.0,
            12.34,
            12.35,
            -0.5,
            -12.96,
            1670.94,
            26505.55,
            0.04,
            99999.99,
            1e9 + 0.3,
        ] {
            let rounded = (v * 10.0_f64).round() / 10.0;
            assert_eq!(coord(v), format!("{rounded}"), "{v}");
        }
        assert_eq!(
            points_attr(&[Point::new(1.0, 2.5), Point::new(-3.0, 4.25)]),
            "1,2.5 -3,4.3"
        );
    }
}
