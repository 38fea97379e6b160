//! What a container's card says, line by line: the one writer of a card's text, which the
//! page's markup (`components/diagram/markup.rs`) and the exported SVG (`svg.rs`) both draw.
//! Each line comes with what it is ([`LineKind`]); each drawing styles a kind its own way (a
//! class on the page, a colour in the file) and never chooses a text itself.

use super::geometry::Label;
use super::types::{CardBox, CardRow};

/// What a line of a card is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The container's name.
    Name,
    /// Image and state (and health).
    Meta,
    /// The interface; `veth` when it is the container end of a known veth pair.
    Ifname { veth: bool },
    /// The address with its prefix, or why there is none.
    Ip,
    /// A recent change of address, "old -> new", in the address's place.
    IpChanged,
    /// MAC and network name.
    Mac,
    /// Aliases and DNS names.
    Names,
    /// Said instead of rows when the container is on no network.
    Note,
}

/// One line of a card: what it is and the label to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CardLine<'a> {
    pub kind: LineKind,
    pub label: &'a Label,
}

/// The lines of one endpoint row, with the row they belong to (for its rule and names).
#[derive(Clone, Debug, PartialEq)]
pub struct RowLines<'a> {
    pub row: &'a CardRow,
    pub lines: [CardLine<'a>; 4],
}

/// Everything a card says, in drawing order.
#[derive(Clone, Debug, PartialEq)]
pub struct CardLines<'a> {
    /// The card's tooltip: its name, then its image and state in full.
    pub tooltip: String,
    /// Name, then image and state.
    pub head: [CardLine<'a>; 2],
    pub rows: Vec<RowLines<'a>>,
    pub note: Option<CardLine<'a>>,
}

/// The lines of `card`. `shows_change(row)` tells whether a row's address reads "old -> new"
/// still (the page hides a change once it has been shown long enough; the file always shows it).
pub fn card_lines(card: &CardBox, shows_change: impl Fn(&CardRow) -> bool) -> CardLines<'_> {
    let line = |kind, label| CardLine { kind, label };
    let meta = card.meta.full.as_ref().unwrap_or(&card.meta.text);
    CardLines {
        tooltip: format!("{} · {meta}", card.name),
        head: [
            line(LineKind::Name, &card.title),
            line(LineKind::Meta, &card.meta),
        ],
        rows: card
            .rows
            .iter()
            .map(|row| row_lines(row, shows_change(row)))
            .collect(),
        note: card.note.as_ref().map(|note| line(LineKind::Note, note)),
    }
}

/// One row's lines: interface, address (or its change), MAC, names.
fn row_lines(row: &CardRow, shows_change: bool) -> RowLines<'_> {
    let line = |kind, label| CardLine { kind, label };
    let address = match row.ip_change.as_ref().filter(|_| shows_change) {
        Some(change) => line(LineKind::IpChanged, &change.label),
        None => line(LineKind::Ip, &row.ip),
    };
    RowLines {
        row,
        lines: [
            line(LineKind::Ifname { veth: row.veth }, &row.ifname),
            address,
            line(LineKind::Mac, &row.mac),
            line(LineKind::Names, &row.names),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::checks::lay;
    use crate::layout::tests::fixtures::classroom;

    fn texts(lines: &[CardLine<'_>]) -> Vec<(LineKind, String)> {
        lines
            .iter()
            .map(|l| (l.kind, l.label.text.clone()))
            .collect()
    }

    #[test]
    fn a_card_says_its_name_meta_and_each_row_in_order() {
        let layout = lay(&classroom());
        let card = layout
            .cards
            .iter()
            .find(|c| c.name == "redis")
            .expect("redis in the classroom");
        let lines = card_lines(card, |_| true);
        assert_eq!(
            texts(&lines.head),
            vec![
                (LineKind::Name, "redis".to_string()),
                (LineKind::Meta, card.meta.text.clone())
            ]
        );
        assert!(lines.tooltip.starts_with("redis · "), "{}", lines.tooltip);
        assert_eq!(lines.rows.len(), card.rows.len());
        for (row, drawn) in card.rows.iter().zip(&lines.rows) {
            assert_eq!(drawn.row, row);
            let kinds: Vec<LineKind> = drawn.lines.iter().map(|l| l.kind).collect();
            assert_eq!(
                kinds,
                [
                    LineKind::Ifname { veth: row.veth },
                    LineKind::Ip,
                    LineKind::Mac,
                    LineKind::Names
                ]
            );
            assert_eq!(drawn.lines[1].label, &row.ip);
        }
        assert_eq!(lines.note, None);
    }

    #[test]
    fn an_address_change_takes_the_address_place_while_it_shows() {
        let layout = lay(&classroom());
        let (card, row) = layout
            .cards
            .iter()
            .find_map(|c| {
                c.rows
                    .iter()
                    .find(|r| r.ip_change.is_some())
                    .map(|r| (c, r))
            })
            .expect("the classroom has an address change");
        let change = row.ip_change.as_ref().map(|c| &c.label);
        let shown = card_lines(card, |r| r == row);
        let address = shown.rows.iter().find(|r| r.row == row).map(|r| r.lines[1]);
        assert_eq!(address.map(|l| l.kind), Some(LineKind::IpChanged));
        assert_eq!(address.map(|l| l.label), change);
        assert!(
            change.is_some_and(|c| c.text.contains(" -> ")),
            "{change:?}"
        );

        let dismissed = card_lines(card, |_| false);
        let address = dismissed
            .rows
            .iter()
            .find(|r| r.row == row)
            .map(|r| r.lines[1]);
        assert_eq!(
            address.map(|l| (l.kind, l.label)),
            Some((LineKind::Ip, &row.ip))
        );
    }

    #[test]
    fn a_card_on_no_network_says_so_instead_of_rows() {
        let layout = lay(&classroom());
        let card = layout
            .cards
            .iter()
            .find(|c| c.name == "lonely")
            .expect("lonely has a card");
        let lines = card_lines(card, |_| true);
        assert!(lines.rows.is_empty());
        let note = lines.note.map(|l| (l.kind, l.label.text.as_str()));
        assert_eq!(note, Some((LineKind::Note, "not on any network")));
    }
}
