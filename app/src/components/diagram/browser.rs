//! Browser-only glue (compiled with `hydrate`): wheel zoom and drag pan on the view (which
//! `follow.rs` shows), the "Export SVG" download, the short glow of newcomers, the faded stay
//! of what was removed, and the expiry of "old -> new" addresses.
//! The arithmetic lives in [`crate::layout::ViewBox`]; this only reads pointer positions.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, PointerEvent, Url, WheelEvent};

use super::emphasis::{entity_keys, ip_change_keys};
use super::flags::FlagSet;
pub use super::follow::follow_view;
use super::follow::pane_box;
pub use super::warm_up::warm_up;
use super::{Drag, Viewport};
use crate::layout::{departed, export_svg, Departed, Layout};

/// How long a newcomer glows.
const FRESH_MS: u64 = 2500;
/// How long something removed stays drawn, faded.
const LEAVING_MS: u64 = 2500;
/// How long an address change reads "old -> new".
const IP_CHANGE_MS: u64 = 60_000;
/// Pointer travel (px) below which a press is a click, not a pan.
const CLICK_SLOP: f64 = 4.0;
const ZOOM_STEP: f64 = 1.15;

/// Zooms around the pointer.
pub fn wheel(ev: &WheelEvent, viewport: Viewport) {
    let Some((left, top, w, h)) = pane_box(&viewport) else {
        return;
    };
    ev.prevent_default();
    let view = viewport.view.get_untracked();
    let at = view.to_layout(
        ev.client_x() as f64 - left,
        ev.client_y() as f64 - top,
        w,
        h,
    );
    let factor = if ev.delta_y() > 0.0 {
        ZOOM_STEP
    } else {
        1.0 / ZOOM_STEP
    };
    viewport.manual.set(Some(view.zoom(factor, at)));
}

pub fn pointer_down(ev: &PointerEvent, viewport: Viewport) {
    viewport.dragged.set_value(false);
    if ev.button() != 0 {
        return;
    }
    let Some((_, _, w, h)) = pane_box(&viewport) else {
        return;
    };
    viewport.drag.set_value(Some(Drag {
        x: ev.client_x() as f64,
        y: ev.client_y() as f64,
        view: viewport.view.get_untracked(),
        w,
        h,
    }));
}

pub fn pointer_move(ev: &PointerEvent, viewport: Viewport) {
    let Some(drag) = viewport.drag.get_value() else {
        return;
    };
    let (dx, dy) = (ev.client_x() as f64 - drag.x, ev.client_y() as f64 - drag.y);
    if !viewport.dragged.get_value() && dx.abs() + dy.abs() < CLICK_SLOP {
        return;
    }
    viewport.dragged.set_value(true);
    viewport
        .manual
        .set(Some(drag.view.pan(dx, dy, drag.w, drag.h)));
}

pub fn pointer_up(viewport: Viewport) {
    viewport.drag.set_value(None);
}

/// Downloads the layout as `bridgescope.svg`.
pub fn download(layout: &Layout) {
    let parts = js_sys::Array::of1(&JsValue::from_str(&export_svg(layout)));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml;charset=utf-8");
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = document();
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok());
    if let (Some(anchor), Some(body)) = (anchor, document.body()) {
        anchor.set_href(&url);
        anchor.set_download("bridgescope.svg");
        if body.append_child(&anchor).is_ok() {
            anchor.click();
            anchor.remove();
        }
    }
    set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        Duration::from_secs(2),
    );
}

/// Marks entities that were not in the previous layout as fresh for a moment. The first
/// layout (the one the server rendered) has nothing fresh.
pub fn track_fresh(layout: Memo<Layout>, fresh: FlagSet) {
    let known = StoredValue::new(None::<BTreeSet<String>>);
    Effect::new(move |_| {
        let keys = layout.with(entity_keys);
        let new: Vec<String> = known.with_value(|known| {
            known
                .as_ref()
                .map(|known| keys.difference(known).cloned().collect())
                .unwrap_or_default()
        });
        fresh.forget_all_but(&keys);
        known.set_value(Some(keys));
        if new.is_empty() {
            return;
        }
        fresh.turn_on(&new);
        set_timeout(
            move || fresh.turn_off(&new),
            Duration::from_millis(FRESH_MS),
        );
    });
}

/// Keeps what each new layout no longer has in `ghosts` for [`LEAVING_MS`], so that the diagram
/// can draw it faded. The first layout (the one the server rendered) has no ghosts.
pub fn track_departed(layout: Memo<Layout>, ghosts: RwSignal<Vec<(u64, Departed)>>) {
    let previous = StoredValue::new(None::<Layout>);
    let next_id = StoredValue::new(0u64);
    Effect::new(move |_| {
        let gone = layout.with(|now| {
            let gone = previous.with_value(|p| p.as_ref().map(|p| departed(p, now)));
            previous.set_value(Some(now.clone()));
            gone
        });
        let Some(gone) = gone.filter(|g| !g.is_empty()) else {
            return;
        };
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        ghosts.update(|g| g.push((id, gone)));
        set_timeout(
            move || {
                ghosts.try_update(|g| g.retain(|(held, _)| *held != id));
            },
            Duration::from_millis(LEAVING_MS),
        );
    });
}

/// Puts every address change shown into `dismissed` a minute after this browser first showed
/// it. When it first showed it is kept in local storage, so a reload does not start the minute
/// again (a change seen long ago is dismissed at once).
pub fn expire_ip_changes(layout: Memo<Layout>, dismissed: RwSignal<BTreeSet<String>>) {
    let scheduled = StoredValue::new(BTreeSet::<String>::new());
    Effect::new(move |_| {
        for key in layout.with(ip_change_keys) {
            let first = scheduled
                .try_update_value(|s| s.insert(key.clone()))
                .unwrap_or(false);
            if first {
                let shown_for = first_shown::millis_since(&key);
                let left = IP_CHANGE_MS.saturating_sub(shown_for);
                set_timeout(
                    move || {
                        dismissed.try_update(|d| d.insert(key));
                    },
                    Duration::from_millis(left),
                );
            }
        }
    });
}

/// When this browser first showed each address change (local storage, pruned as it goes).
mod first_shown {
    use std::collections::BTreeMap;

    const KEY: &str = "bridgescope.ip-changes";
    /// Entries older than this are forgotten.
    const KEEP_MS: f64 = 600_000.0;

    /// How long ago `change` was first shown; records it as shown now when it is new.
    pub fn millis_since(change: &str) -> u64 {
        let now = js_sys::Date::now();
        let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
            return 0;
        };
        let mut seen: BTreeMap<String, f64> = storage
            .get_item(KEY)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        seen.retain(|_, at| now - *at < KEEP_MS);
        let at = *seen.entry(change.to_string()).or_insert(now);
        if let Ok(text) = serde_json::to_string(&seen) {
            let _ = storage.set_item(KEY, &text);
        }
        (now - at).max(0.0) as u64
    }
}

/// Moves the focus from the item the key was pressed on to the nearest focusable item of the
/// diagram in `direction` (a unit step on screen), preferring items straight that way.
pub fn focus_neighbour(ev: &web_sys::KeyboardEvent, direction: (f64, f64)) {
    let Some(here) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(svg) = here.closest("svg").ok().flatten() else {
        return;
    };
    let Ok(items) = svg.query_selector_all("[tabindex]") else {
        return;
    };
    let centre = |e: &web_sys::Element| {
        let r = e.get_bounding_client_rect();
        (r.x() + r.width() / 2.0, r.y() + r.height() / 2.0)
    };
    let from = centre(&here);
    let mut best: Option<(f64, web_sys::SvgElement)> = None;
    for index in 0..items.length() {
        let Some(item) = items
            .item(index)
            .and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok())
        else {
            continue;
        };
        if item.is_same_node(Some(&here)) {
            continue;
        }
        let to = centre(&item);
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let along = dx * direction.0 + dy * direction.1;
        if along <= 1.0 {
            continue;
        }
        let across = (dx * direction.1 - dy * direction.0).abs();
        let score = along + 2.0 * across;
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, item));
        }
    }
    if let Some((_, item)) = best {
        let _ = item.focus();
    }
}
