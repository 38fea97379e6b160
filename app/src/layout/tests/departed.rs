//! What went away: a removed container's card and wires are departed; a ghost is dropped when
//! a newcomer takes its place or the container is back.

use super::super::{departed, unobstructed, LayoutMemory};
use super::fixtures::{add_container, classroom, remove_container};
use super::stability::step;

#[test]
fn a_removed_container_leaves_its_card_and_wires() {
    let mut topology = classroom();
    let (before, memory) = step(&topology, &LayoutMemory::default());
    remove_container(&mut topology, "c-redis");
    let (after, _) = step(&topology, &memory);
    let gone = departed(&before, &after);
    assert_eq!(gone.cards.len(), 1);
    assert_eq!(gone.cards[0].name, "redis");
    assert!(!gone.wires.is_empty());
    assert!(gone.wires.iter().all(|w| w.container_id == "c-redis"));
    assert!(gone.bars.is_empty());
    assert_eq!(unobstructed(&gone, &after), gone, "nothing covers it yet");
    assert!(departed(&after, &after).is_empty());
}

#[test]
fn a_ghost_gives_way_to_a_newcomer_in_its_place_and_to_its_return() {
    let mut topology = classroom();
    let (before, memory) = step(&topology, &LayoutMemory::default());
    remove_container(&mut topology, "c-redis");
    let (after, memory) = step(&topology, &memory);
    let gone = departed(&before, &after);
    add_container(
        &mut topology,
        "c-new",
        "newcomer",
        &[("n-app", "172.18.0.9")],
    );
    let (taken, memory) = step(&topology, &memory);
    let left = unobstructed(&gone, &taken);
    assert!(left.cards.is_empty(), "the newcomer took the place");
    assert!(left.wires.is_empty(), "no wire without its card");

    // Back under a new id, while the newcomer holds its old place: drawn elsewhere.
    add_container(
        &mut topology,
        "c-redis-2",
        "redis",
        &[("n-app", "172.18.0.2")],
    );
    let (back, _) = step(&topology, &memory);
    let now = back
        .cards
        .iter()
        .find(|c| c.name == "redis")
        .map(|c| c.rect);
    assert_ne!(now, Some(gone.cards[0].rect));
    assert!(
        unobstructed(&gone, &back).cards.is_empty(),
        "redis is back, not a ghost"
    );
}

#[test]
fn of_two_ghosts_in_one_place_the_newer_stays() {
    let mut topology = classroom();
    let (first, memory) = step(&topology, &LayoutMemory::default());
    remove_container(&mut topology, "c-redis");
    let (without, memory) = step(&topology, &memory);
    let mut gone = departed(&first, &without);
    add_container(
        &mut topology,
        "c-new",
        "newcomer",
        &[("n-app", "172.18.0.9")],
    );
    let (with_new, memory) = step(&topology, &memory);
    remove_container(&mut topology, "c-new");
    let (last, _) = step(&topology, &memory);
    gone.extend(departed(&with_new, &last));
    let left = unobstructed(&gone, &last);
    let names: Vec<&str> = left.cards.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["newcomer"]);
}
