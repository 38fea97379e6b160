//! Places stay put: containers coming and going never move the other cards.

use std::collections::BTreeMap;

use super::super::{layout, Layout, LayoutMemory, LayoutOptions, Rect};
use super::checks::assert_all;
use super::fixtures::{add_container, big, classroom, remove_container};
use crate::model::Topology;

fn places(layout: &Layout) -> BTreeMap<String, Rect> {
    layout
        .cards
        .iter()
        .map(|c| (c.name.clone(), c.rect))
        .collect()
}

/// Puts container `id` of `full` (with its veth pairs) into `topology`.
fn add_from(topology: &mut Topology, full: &Topology, id: &str) {
    topology
        .containers
        .insert(id.to_string(), full.containers[id].clone());
    for (key, pair) in full.veths.iter().filter(|(_, p)| p.container_id == id) {
        topology.veths.insert(key.clone(), pair.clone());
    }
}

/// Fails if a card in both `previous` and `now` changed its place.
fn assert_stayed(previous: &BTreeMap<String, Rect>, now: &BTreeMap<String, Rect>, when: &str) {
    for (name, rect) in now {
        if let Some(before) = previous.get(name) {
            assert_eq!(before, rect, "{name} moved {when}");
        }
    }
}

pub(crate) fn step(topology: &Topology, memory: &LayoutMemory) -> (Layout, LayoutMemory) {
    let result = layout(topology, memory, &LayoutOptions::default());
    assert_all(topology, &result.0);
    result
}

#[test]
fn removing_and_adding_back_moves_nothing_else() {
    let mut topology = classroom();
    let (before, memory) = step(&topology, &LayoutMemory::default());
    remove_container(&mut topology, "c-redis");
    let (without, memory) = step(&topology, &memory);
    let mut expected = places(&before);
    expected.remove("redis");
    assert_eq!(
        places(&without),
        expected,
        "the others stay when redis goes"
    );

    // Re-created under the same name (a new id): it takes its old place back.
    add_container(
        &mut topology,
        "c-redis-2",
        "redis",
        &[("n-app", "172.18.0.2")],
    );
    let (back, _) = step(&topology, &memory);
    assert_eq!(places(&back), places(&before));
}

#[test]
fn newcomers_fill_free_places_and_move_nobody() {
    let mut topology = classroom();
    let (before, mut memory) = step(&topology, &LayoutMemory::default());
    let old = places(&before);
    for i in 0..6 {
        let on: &[(&str, &str)] = if i % 2 == 0 {
            &[("n-app", "172.18.1.1")]
        } else {
            &[("n-host", "")]
        };
        add_container(&mut topology, &format!("new{i}"), &format!("aa-new{i}"), on);
        let (now, next) = step(&topology, &memory);
        memory = next;
        let now = places(&now);
        for (name, rect) in &old {
            assert_eq!(
                now.get(name),
                Some(rect),
                "{name} moved when aa-new{i} came"
            );
        }
    }
}

#[test]
fn a_taken_place_is_not_given_back() {
    let mut topology = classroom();
    let (before, memory) = step(&topology, &LayoutMemory::default());
    remove_container(&mut topology, "c-redis");
    let (_, memory) = step(&topology, &memory);
    add_container(
        &mut topology,
        "c-other",
        "other",
        &[("n-app", "172.18.0.9")],
    );
    let (taken, memory) = step(&topology, &memory);
    add_container(
        &mut topology,
        "c-redis-2",
        "redis",
        &[("n-app", "172.18.0.2")],
    );
    let (back, _) = step(&topology, &memory);
    let rect = |l: &Layout, n: &str| l.cards.iter().find(|c| c.name == n).map(|c| c.rect);
    assert_eq!(
        rect(&taken, "other"),
        rect(&before, "redis"),
        "the free place is reused"
    );
    assert_eq!(rect(&back, "other"), rect(&taken, "other"));
    assert_ne!(rect(&back, "redis"), rect(&back, "other"));
}

#[test]
fn a_long_random_story_never_moves_a_staying_card() {
    let full = big(40, 3);
    let mut topology = Topology {
        networks: full.networks.clone(),
        bridges: full.bridges.clone(),
        ..Default::default()
    };
    let mut memory = LayoutMemory::default();
    let mut previous: BTreeMap<String, Rect> = BTreeMap::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for version in 1..150 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let pick = (seed >> 33) as usize % full.containers.len();
        let id = full
            .containers
            .keys()
            .nth(pick)
            .cloned()
            .expect("pick is below the number of containers");
        if topology.containers.contains_key(&id) {
            remove_container(&mut topology, &id);
        } else {
            add_from(&mut topology, &full, &id);
        }
        topology.version = version;
        let (now, next) = step(&topology, &memory);
        memory = next;
        let now = places(&now);
        assert_stayed(&previous, &now, &format!("at version {version}"));
        previous = now;
    }
}

#[test]
fn a_card_that_grows_moves_nobody_else() {
    let mut topology = classroom();
    let (before, memory) = step(&topology, &LayoutMemory::default());
    // redis joins docker0 too: its card gets a second row.
    let mut endpoint = topology.containers["c-redis"].endpoints["n-app"].clone();
    endpoint.network_id = "n-bridge".into();
    endpoint.network_name = "bridge".into();
    if let Some(redis) = topology.containers.get_mut("c-redis") {
        redis.endpoints.insert("n-bridge".into(), endpoint);
    }
    let (after, _) = step(&topology, &memory);
    let mut old = places(&before);
    let mut new = places(&after);
    let (was, now) = (old.remove("redis"), new.remove("redis"));
    assert_eq!(old, new, "the others stay");
    assert!(now.map(|r| r.h) > was.map(|r| r.h), "redis is taller");
}

#[test]
fn the_grid_widens_as_it_fills_and_narrows_once_its_last_columns_are_empty() {
    let full = big(300, 1);
    let ids: Vec<String> = full.containers.keys().cloned().collect();
    let mut topology = Topology {
        networks: full.networks.clone(),
        bridges: full.bridges.clone(),
        ..Default::default()
    };
    let mut memory = LayoutMemory::default();
    let mut previous: BTreeMap<String, Rect> = BTreeMap::new();
    let mut widths = Vec::new();
    let mut version = 0;
    // Ten at a time up to 300, then back down to five, removing the newest first.
    let counts = (1..=30)
        .map(|k| k * 10)
        .chain((1..30).rev().map(|k| k * 10))
        .chain([5]);
    for count in counts {
        for id in &ids[..count] {
            if !topology.containers.contains_key(id) {
                add_from(&mut topology, &full, id);
            }
        }
        for id in &ids[count..] {
            if topology.containers.contains_key(id) {
                remove_container(&mut topology, id);
            }
        }
        version += 1;
        topology.version = version;
        let (now, next) = step(&topology, &memory);
        memory = next;
        let now_places = places(&now);
        assert_stayed(&previous, &now_places, &format!("at {count} containers"));
        previous = now_places;
        widths.push((count, now.width));
    }
    let width_at = |count: usize| widths.iter().find(|(c, _)| *c == count).map(|(_, w)| *w);
    let (ten, full_width) = (width_at(10), width_at(300));
    assert!(
        full_width > ten.map(|w| w * 3.0),
        "300 containers: {full_width:?} px wide, 10: {ten:?}"
    );
    assert_eq!(
        widths.last().map(|(_, w)| *w),
        ten,
        "five left: two columns again"
    );
}

fn hues(layout: &Layout) -> BTreeMap<String, u32> {
    layout
        .bars
        .iter()
        .map(|b| (b.network_name.clone(), b.hue))
        .collect()
}

#[test]
fn a_network_keeps_its_colour_when_another_goes_and_its_wires_share_it() {
    let mut topology = classroom();
    let (before, memory) = step(&topology, &LayoutMemory::default());
    let colours = hues(&before);
    let distinct: std::collections::BTreeSet<u32> = colours.values().copied().collect();
    assert_eq!(
        distinct.len(),
        colours.len(),
        "neighbouring bars differ: {colours:?}"
    );
    for wire in &before.wires {
        let bar = before.bars.iter().find(|b| b.bridge == wire.bridge);
        assert_eq!(
            bar.map(|b| b.hue),
            Some(wire.hue),
            "{} takes its bar's colour",
            wire.key
        );
    }
    let first = before.bars[0].network_id.clone();
    topology
        .containers
        .retain(|_, c| !c.endpoints.contains_key(&first));
    topology.veths.retain(|_, p| p.network_id != first);
    topology.networks.remove(&first);
    let (after, _) = step(&topology, &memory);
    for (name, hue) in hues(&after) {
        assert_eq!(colours.get(&name), Some(&hue), "{name} changed colour");
    }
}

#[test]
fn large_text_changes_the_text_and_nothing_else() {
    let topology = classroom();
    let (normal, _) = step(&topology, &LayoutMemory::default());
    let options = LayoutOptions {
        large_text: true,
        ..Default::default()
    };
    let (large, _) = layout(&topology, &LayoutMemory::default(), &options);
    assert_all(&topology, &large);
    assert_eq!(
        places(&normal),
        places(&large),
        "no card moved or changed size"
    );
    for (n, l) in normal.cards.iter().zip(&large.cards) {
        assert!(
            l.title.size > n.title.size * 1.4,
            "{}: name {} -> {}",
            n.name,
            n.title.size,
            l.title.size
        );
        for (a, b) in n.rows.iter().zip(&l.rows) {
            assert!(
                b.ip.size > a.ip.size * 1.4,
                "{}: address {} -> {}",
                n.name,
                a.ip.size,
                b.ip.size
            );
        }
    }
}
