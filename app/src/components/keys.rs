//! Keys for keyed lists (`<For>`): a hash of everything an item shows, so an item that changed
//! is drawn again and one that did not stays as it is. Cheaper than keys made with
//! `format!("{:?}")` and than keys that clone the whole item. The hasher is rustc-hash's, not
//! std's SipHash: these keys need no protection against crafted collisions, only 64 bits that
//! differ when the content does (docs/BENCHMARKS.md, "Page choice: hashed list keys").

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

/// The key of `item` in its list.
pub fn content_key<T: Hash + ?Sized>(item: &T) -> u64 {
    let mut hasher = FxHasher::default();
    item.hash(&mut hasher);
    hasher.finish()
}
