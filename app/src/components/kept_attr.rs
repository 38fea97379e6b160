//! Attributes that hydration keeps as the server wrote them.
//!
//! tachys hydrates a custom attribute (every `data-*`, and every name it has no typed setter for,
//! such as SVG's `viewBox`) by setting it again, unless the attribute's key type names it at
//! compile time. So every `data-*` attribute of every card, wire and timeline line was set
//! again on every page load, and setting `viewBox` again, even to the same value, made the
//! browser lay out every SVG text anew. An attribute made with [`kept`] is hydrated like a
//! typed one: read from the page, set only when its value changes later. Figures:
//! docs/BENCHMARKS.md, "Page choice: kept attributes".

use leptos::tachys::html::attribute::custom::{custom_attribute, CustomAttr, CustomAttributeKey};
use leptos::tachys::html::attribute::AttributeValue;

/// An attribute name known at compile time.
#[derive(Clone, Copy, Debug)]
pub struct Kept(&'static str);

impl AsRef<str> for Kept {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl CustomAttributeKey for Kept {
    // Any non-empty text: tachys only checks that there is one before it trusts the server's
    // value; the attribute's name is `Kept`'s own.
    const KEY: &'static str = "kept";
}

/// The attribute `name` with `value`, kept from the server on hydration. Spread it into a
/// view: `<g {..kept("data-veth", key)}>`.
pub fn kept<V: AttributeValue>(name: &'static str, value: V) -> CustomAttr<Kept, V> {
    custom_attribute(Kept(name), value)
}
