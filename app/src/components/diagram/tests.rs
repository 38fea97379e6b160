//! The component as the server renders it: the attributes and classes tests and the details
//! panel rely on, highlights, and a collapsed network.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::Diagram;
use crate::layout::tests::fixtures::classroom;
use crate::model::Subject;

fn render(highlight: Vec<Subject>, collapsed: BTreeSet<String>) -> String {
    let owner = Owner::new();
    owner.with(|| {
        let topology = RwSignal::new(classroom());
        let selected = RwSignal::new(Some(Subject::Veth("c-redis/n-app".to_string())));
        let highlight = Signal::stored(highlight);
        let collapsed = RwSignal::new(collapsed);
        view! { <Diagram topology highlight selected collapsed/> }.to_html()
    })
}

/// Whether some `<tag …>` carries all of `attributes` (class: all of its words).
fn has(html: &str, tag: &str, attributes: &[(&str, &str)]) -> bool {
    html.split(&format!("<{tag} ")).skip(1).any(|rest| {
        let open = rest.split('>').next().unwrap_or("");
        attributes.iter().all(|(name, value)| {
            let Some(found) = attribute(open, name) else {
                return false;
            };
            if *name == "class" {
                let words: Vec<&str> = found.split_whitespace().collect();
                value.split_whitespace().all(|w| words.contains(&w))
            } else {
                found == *value
            }
        })
    })
}

fn attribute<'a>(open: &'a str, name: &str) -> Option<&'a str> {
    let start = open
        .find(&format!(" {name}=\""))
        .map(|i| i + name.len() + 3)
        .or_else(|| {
            open.starts_with(&format!("{name}=\""))
                .then_some(name.len() + 2)
        })?;
    open[start..].split('"').next()
}

#[test]
fn the_server_renders_every_entity_with_its_attributes() {
    let html = render(vec![Subject::Container("c-web".into())], BTreeSet::new());
    // The classroom lays out to 1536x768; the fitted view is the next rung up.
    let fitted = crate::layout::ViewBox::fit(&crate::layout::tests::checks::lay(&classroom()));
    assert_eq!(fitted.attr(), "0 0 1670.9 779.5");
    assert!(has(
        &html,
        "svg",
        &[("viewBox", &fitted.attr()), ("class", "diagram-svg")]
    ));
    assert!(has(
        &html,
        "g",
        &[
            ("class", "card running highlight"),
            ("data-container", "web")
        ]
    ));
    assert!(has(
        &html,
        "g",
        &[("class", "card running"), ("data-container", "redis")]
    ));
    assert!(!has(
        &html,
        "g",
        &[("class", "highlight"), ("data-container", "redis")]
    ));
    assert!(has(
        &html,
        "g",
        &[
            ("class", "bar up"),
            ("data-bridge", "docker0"),
            ("data-network", "bridge")
        ]
    ));
    assert!(has(
        &html,
        "g",
        &[("class", "bar"), ("data-bridge", "br-3f2a9c1d7e4b")]
    ));
    let web_app = [("data-container", "web"), ("data-network", "app")];
    assert!(has(
        &html,
        "text",
        &[&[("class", "veth-container")], &web_app[..]].concat()
    ));
    assert!(has(
        &html,
        "text",
        &[&[("class", "ip ip-changed")], &web_app[..]].concat()
    ));
    assert!(html.contains(">172.18.0.3 -&gt; 172.18.0.5<"));
    assert!(has(
        &html,
        "text",
        &[
            ("class", "ip"),
            ("data-container", "redis"),
            ("data-network", "app")
        ]
    ));
    assert!(html.contains(">172.18.0.2/16<"));
    let redis_app = [
        ("class", "veth-host"),
        ("data-container", "redis"),
        ("data-network", "app"),
    ];
    assert!(has(&html, "text", &redis_app));
    assert!(has(
        &html,
        "g",
        &[("class", "wire selected"), ("data-veth", "c-redis/n-app")]
    ));
    assert!(has(
        &html,
        "g",
        &[("class", "wire unknown"), ("data-container", "legacy")]
    ));
    assert!(has(
        &html,
        "g",
        &[("class", "chip"), ("data-network", "host")]
    ));
    assert!(has(
        &html,
        "g",
        &[
            ("class", "badge"),
            ("data-port", "127.0.0.1:5000 -&gt; web:5000/tcp")
        ]
    ));
    let link = [
        ("class", "link"),
        ("data-from", "legacy"),
        ("data-to", "web"),
        ("data-alias", "webapp"),
    ];
    assert!(has(&html, "g", &link));
    assert!(has(&html, "button", &[("class", "export-svg")]));
    assert!(
        !has(&html, "g", &[("class", "fresh")]),
        "nothing is fresh on the server"
    );
}

#[test]
fn a_collapsed_network_hides_its_cards() {
    let html = render(Vec::new(), ["n-app".to_string()].into());
    assert!(has(
        &html,
        "g",
        &[
            ("class", "bar collapsed"),
            ("data-bridge", "br-3f2a9c1d7e4b")
        ]
    ));
    assert!(!has(
        &html,
        "g",
        &[("class", "card"), ("data-container", "redis")]
    ));
    assert!(has(
        &html,
        "g",
        &[("class", "card"), ("data-container", "web")]
    ));
}
