//! Browser-only: shows the diagram's current view on the svg. Setting the `viewBox` makes
//! Chromium lay out every SVG text again (docs/BENCHMARKS.md, "Page choice: transform instead
//! of viewBox"), while a CSS transform on the `<svg>` element costs no text layout at all. So when only the fitted
//! view changed (the diagram outgrew its rung, or shrank), the `viewBox` stays as drawn and a
//! transform ([`ScreenTransform`]) shows the new view over it; a zoom, a pan, "fit", or a new
//! pane size draws the view into the `viewBox` again and drops the transform.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::ResizeObserver;

use super::Viewport;
use crate::layout::{ScreenTransform, ViewBox};

/// The pane's inner box on screen (the svg fills it): left, top, width, height.
pub fn pane_box(viewport: &Viewport) -> Option<(f64, f64, f64, f64)> {
    let pane = viewport.pane.get_untracked()?;
    let rect = pane.get_bounding_client_rect();
    Some((
        rect.left() + f64::from(pane.client_left()),
        rect.top() + f64::from(pane.client_top()),
        f64::from(pane.client_width()),
        f64::from(pane.client_height()),
    ))
}

/// Keeps the svg showing `viewport.view`, by transform while the user has not moved the view
/// (now or in the change before), by `viewBox` otherwise.
pub fn follow_view(viewport: Viewport) {
    Effect::new(move |was_manual: Option<bool>| {
        let target = viewport.view.get();
        let manual = viewport.manual.with(Option::is_some);
        if manual || was_manual == Some(true) {
            draw(viewport, target);
        } else {
            transform_onto(viewport, target);
        }
        manual
    });
    viewport
        .pane
        .on_load(move |pane| redraw_on_resize(viewport, &pane));
}

/// Shows `target` over the `viewBox` drawn, or draws it when the pane has no size yet.
fn transform_onto(viewport: Viewport, target: ViewBox) {
    if viewport.drawn.get_untracked() == target {
        // Nothing to measure: reading the pane's size would make the browser lay the page out
        // there and then (on hydration, a layout of the whole diagram inside the hydrate call).
        return set_transform(viewport, None);
    }
    let Some((_, _, w, h)) = pane_box(&viewport) else {
        return draw(viewport, target);
    };
    match viewport.drawn.get_untracked().onto(&target, w, h) {
        Some(transform) if !transform.is_identity(w, h) => set_transform(viewport, Some(transform)),
        Some(_) => set_transform(viewport, None),
        None => draw(viewport, target),
    }
}

/// Puts `target` into the `viewBox` (only if it differs: even the same value set again costs
/// a text layout) and drops the transform.
fn draw(viewport: Viewport, target: ViewBox) {
    set_transform(viewport, None);
    if viewport.drawn.get_untracked() != target {
        viewport.drawn.set(target);
    }
}

fn set_transform(viewport: Viewport, transform: Option<ScreenTransform>) {
    let Some(svg) = viewport.svg.get_untracked() else {
        return;
    };
    // Through the CSS object model, not a `style` attribute: the page's Content-Security-Policy
    // refuses inline style attributes (a test in e2e/tests/page_choices.rs sees the difference).
    let style = svg.style();
    let _ = match transform {
        Some(t) => style.set_property("transform", &t.css()),
        None => style.remove_property("transform").map(|_| ()),
    };
}

/// A transform fits one pane size only: when the pane changes size, the view is drawn anew.
fn redraw_on_resize(viewport: Viewport, pane: &web_sys::HtmlDivElement) {
    let on_resize =
        Closure::<dyn FnMut()>::new(move || draw(viewport, viewport.view.get_untracked()));
    let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return;
    };
    observer.observe(pane);
    let held = StoredValue::new_local((observer, on_resize));
    on_cleanup(move || held.with_value(|(observer, _)| observer.disconnect()));
}
