//! Keys for keyed lists (`<For>`): a hash of everything an item shows, so an item that changed
//! is drawn again and one that did not stays as it is. Cheaper than keys made with
//! `format!("{:?}")` (which showed up high in a browser profile at 300 containers) and than
//! keys that clone the whole item.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The key of `item` in its list.
pub fn content_key<T: Hash + ?Sized>(item: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    item.hash(&mut hasher);
    hasher.finish()
}
