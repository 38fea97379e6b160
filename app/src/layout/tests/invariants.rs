//! What a layout contains and the geometric invariants, on the classroom lab and a big host.

use super::super::{layout, metrics, BarState, LayoutMemory, LayoutOptions, Zone};
use super::checks::{assert_all, lay};
use super::fixtures::{big, classroom};

#[test]
fn the_classroom_lab_is_drawn_whole() {
    let topology = classroom();
    let layout = lay(&topology);
    assert_all(&topology, &layout);

    let bars: Vec<&str> = layout.bars.iter().map(|b| b.bridge.as_str()).collect();
    assert_eq!(bars, ["br-3f2a9c1d7e4b", "docker0"]);
    let app = &layout.bars[0];
    assert_eq!(app.title.text, "br-3f2a9c1d7e4b");
    assert_eq!(app.subnet.text, "app 172.18.0.0/16");
    assert_eq!(app.detail.text, "gw 172.18.0.1 · up");
    assert_eq!(app.state, BarState::Up);

    let names: Vec<&str> = layout.cards.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["hostnet", "legacy", "lonely", "redis", "web"]);
    let zone = |name: &str| layout.cards.iter().find(|c| c.name == name).map(|c| c.zone);
    assert_eq!(zone("web"), Some(Zone::Bridged));
    assert_eq!(zone("hostnet"), Some(Zone::Other));
    assert_eq!(zone("lonely"), Some(Zone::Other));
    let area = layout.other.as_ref().expect("the other area");
    let chips: Vec<&str> = area.chips.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(chips, ["host", "none"]);

    let web = layout.cards.iter().find(|c| c.name == "web").expect("web");
    assert_eq!(web.rows.len(), 2);
    assert!(
        web.rect.h
            > layout
                .cards
                .iter()
                .find(|c| c.name == "redis")
                .expect("redis")
                .rect
                .h
    );
    let on_app = web
        .rows
        .iter()
        .find(|r| r.network_name == "app")
        .expect("row");
    assert_eq!(on_app.ifname.text, "eth0");
    assert_eq!(on_app.ip.text, "172.18.0.5/16");
    let change = on_app.ip_change.as_ref().expect("recent change");
    assert_eq!(change.label.text, "172.18.0.3 -> 172.18.0.5");

    let web_wires: Vec<&str> = layout
        .wires
        .iter()
        .filter(|w| w.container_name == "web")
        .map(|w| w.bridge.as_str())
        .collect();
    assert_eq!(
        web_wires,
        ["br-3f2a9c1d7e4b", "docker0"],
        "two networks, two bridges"
    );
    let unknown = layout
        .wires
        .iter()
        .find(|w| w.container_name == "legacy")
        .expect("wire");
    assert!(!unknown.known);
    assert!(unknown
        .host_label
        .full
        .as_deref()
        .unwrap_or("")
        .contains("permission denied"));

    let badges: Vec<&str> = layout
        .badges
        .iter()
        .map(|b| b.label.text.as_str())
        .collect();
    assert_eq!(badges, ["127.0.0.1:5000 -> web:5000/tcp"]);
    assert!(layout.badges[0].rect.y > web.rect.bottom());
    assert_eq!(layout.links.len(), 1);
    assert_eq!(
        (
            layout.links[0].from.as_str(),
            layout.links[0].alias.as_str()
        ),
        ("legacy", "webapp")
    );
}

#[test]
fn an_old_address_change_is_not_shown() {
    let mut topology = classroom();
    topology.version = 100;
    let layout = lay(&topology);
    let web = layout.cards.iter().find(|c| c.name == "web").expect("web");
    assert!(web.rows.iter().all(|r| r.ip_change.is_none()));
}

#[test]
fn a_long_address_change_shrinks_rather_than_losing_the_new_address() {
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
    let web = layout.cards.iter().find(|c| c.name == "web").expect("web");
    let row = web
        .rows
        .iter()
        .find(|r| r.network_name == "app")
        .expect("row");
    let change = &row.ip_change.as_ref().expect("recent change").label;
    assert_eq!(
        change.text, "172.18.100.103 -> 172.18.100.105",
        "cut: {change:?}"
    );
    assert_eq!(change.full, None);
    assert!(
        change.size < metrics::FONT_BODY && change.size >= metrics::FONT_MIN,
        "{change:?}"
    );
    assert!(
        change.at.x + change.width() <= web.rect.right(),
        "{change:?} leaves its card"
    );
}

#[test]
fn a_collapsed_network_shows_a_count_instead_of_its_cards() {
    let topology = classroom();
    let options = LayoutOptions {
        collapsed: ["n-app".to_string()].into(),
        ..Default::default()
    };
    let layout = layout(&topology, &LayoutMemory::default(), &options).0;
    assert_all(&topology, &layout);
    let app = layout
        .bars
        .iter()
        .find(|b| b.network_name == "app")
        .expect("bar");
    assert!(app.collapsed);
    assert_eq!(app.count.as_ref().map(|c| c.text.as_str()), Some("[2]"));
    assert!(
        layout.cards.iter().all(|c| c.name != "redis"),
        "only on app: hidden"
    );
    assert!(
        layout.cards.iter().any(|c| c.name == "web"),
        "also on docker0: shown"
    );
    assert!(layout.wires.iter().all(|w| w.bridge != "br-3f2a9c1d7e4b"));
}

#[test]
fn the_same_input_gives_the_same_layout() {
    let topology = classroom();
    let options = LayoutOptions::default();
    let (first, memory) = layout(&topology, &LayoutMemory::default(), &options);
    let (again, memory_again) = layout(&topology, &LayoutMemory::default(), &options);
    assert_eq!(first, again);
    assert_eq!(memory, memory_again);
    let (next, _) = layout(&topology, &memory, &options);
    assert_eq!(
        first, next,
        "laying out again with its own memory changes nothing"
    );
}

#[test]
fn three_hundred_containers_on_five_networks() {
    let topology = big(300, 5);
    let (first, memory) = layout(
        &topology,
        &LayoutMemory::default(),
        &LayoutOptions::default(),
    );
    let (second, _) = layout(&topology, &memory, &LayoutOptions::default());
    assert_eq!(first.cards.len(), 300);
    assert_eq!(first.bars.len(), 5);
    assert_eq!(first.wires.len(), topology.veths.len());
    assert_eq!(first, second);
    assert_all(&topology, &first);
}

#[test]
fn three_hundred_cards_make_a_wide_picture_not_a_strip() {
    for networks in [1, 5] {
        let topology = big(300, networks);
        let layout = lay(&topology);
        let ratio = layout.width / layout.height;
        assert!(
            (1.0..=3.0).contains(&ratio),
            "{networks} networks: {} x {} px",
            layout.width,
            layout.height
        );
    }
    // A classroom's handful keeps the two columns it is drawn with (see the 1280x720 test).
    let classroom = lay(&classroom());
    let columns: std::collections::BTreeSet<u64> =
        classroom.cards.iter().map(|c| c.rect.x as u64).collect();
    assert!(columns.len() <= 3, "{columns:?}"); // two grid columns and the other area
}

#[test]
fn the_lab_is_readable_at_1280_by_720() {
    let layout = lay(&classroom());
    // The fitted view, in 1280x720 less a toolbar: text must stay at least 12 px.
    let view = crate::layout::ViewBox::fit(&layout);
    let scale = (1280.0 / view.w).min(660.0 / view.h);
    assert!(
        scale * metrics::FONT_BODY >= 12.0,
        "body text at {} px",
        scale * metrics::FONT_BODY
    );
    assert!(scale * metrics::FONT_LABEL >= 10.0);
}
