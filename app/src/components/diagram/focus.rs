//! Keyboard access to the drawn items: each bar, card, wire, badge and link is focusable (in
//! the order they are drawn: bridges, then containers), announces itself to a screen reader
//! ("container web, 172.22.0.3 on app"), selects with Enter or Space, and hands the focus to
//! its nearest neighbour with the arrow keys. The attributes are kept from the server's page
//! (`kept`), so hydration sets none of them again.

use leptos::ev::KeyboardEvent;
use leptos::tachys::html::attribute::Attribute;

use super::glue;
use crate::components::kept_attr::kept;
use crate::layout::CardBox;

/// `tabindex`, `role` and `aria-label` of a drawn item.
pub fn focusable(label: String) -> impl Attribute {
    (
        kept("tabindex", "0"),
        kept("role", "button"),
        kept("aria-label", label),
    )
}

/// Enter or Space runs `activate`; an arrow key moves the focus to the nearest item that way.
pub fn on_key(ev: &KeyboardEvent, activate: impl FnOnce()) {
    let direction = match ev.key().as_str() {
        "Enter" | " " => {
            ev.prevent_default();
            activate();
            return;
        }
        "ArrowRight" => (1.0, 0.0),
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowDown" => (0.0, 1.0),
        "ArrowUp" => (0.0, -1.0),
        _ => return,
    };
    ev.prevent_default();
    ev.stop_propagation();
    glue::focus_neighbour(ev, direction);
}

/// What a screen reader says for a card: its name, state, and each address with its network.
pub fn card_label(card: &CardBox) -> String {
    let addresses: Vec<String> = card
        .rows
        .iter()
        .map(|row| match row.ip.text.as_str() {
            "" => format!("no address on {}", row.network_name),
            ip => format!("{ip} on {}", row.network_name),
        })
        .collect();
    let mut label = format!("container {}, {}", card.name, card.state);
    if !addresses.is_empty() {
        label.push_str(", ");
        label.push_str(&addresses.join(", "));
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{CardRow, Label};

    #[test]
    fn a_card_says_its_name_state_and_addresses() {
        let card = CardBox {
            name: "web".into(),
            state: "running".into(),
            rows: vec![CardRow {
                network_name: "app".into(),
                ip: Label {
                    text: "172.22.0.3/16".into(),
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(
            card_label(&card),
            "container web, running, 172.22.0.3/16 on app"
        );
    }
}
