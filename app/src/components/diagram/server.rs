//! The server's stand-ins for [`browser`](super): the same functions, doing nothing, so the
//! component renders identically on the server (no timers, no pointer, no download there).

use std::collections::BTreeSet;

use leptos::ev::{PointerEvent, WheelEvent};
use leptos::prelude::*;

use super::emphasis::Emphasis;
use super::flags::FlagSet;
use super::Viewport;
use crate::layout::{Departed, Layout, LayoutMemory};
use crate::model::Topology;

pub fn wheel(_: &WheelEvent, _: Viewport) {}

pub fn pointer_down(_: &PointerEvent, _: Viewport) {}

pub fn pointer_move(_: &PointerEvent, _: Viewport) {}

pub fn pointer_up(_: Viewport) {}

pub fn follow_view(_: Viewport) {}

pub fn download(_: &Layout) {}

pub fn track_fresh(_: Memo<Layout>, _: FlagSet) {}

pub fn warm_up(_: Signal<bool>, _: Signal<Topology>, _: StoredValue<LayoutMemory>, _: Emphasis) {}

pub fn expire_ip_changes(_: Memo<Layout>, _: RwSignal<BTreeSet<String>>) {}

pub fn track_departed(_: Memo<Layout>, _: RwSignal<Vec<(u64, Departed)>>) {}

pub fn focus_neighbour(_: &leptos::ev::KeyboardEvent, _: (f64, f64)) {}
