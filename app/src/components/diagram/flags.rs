//! A set of keys that elements read one key at a time.
//!
//! Each drawn element's class says whether the element is fresh (new a moment ago). With the
//! fresh keys in one `RwSignal<BTreeSet<String>>`, every update that brought a newcomer woke
//! every element's class memo; each ran again and re-subscribed, and re-subscribing removes an
//! entry from a list as long as the number of elements: quadratic (docs/BENCHMARKS.md, "Page
//! choice: a signal per fresh key"), and again when the glow ended. Here every key has its own signal, so turning
//! a key on or off wakes only the elements that asked for that key.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;

/// Keys that are on, each with a signal of its own. Cheap to copy.
#[derive(Clone, Copy)]
pub struct FlagSet {
    flags: StoredValue<HashMap<String, ArcRwSignal<bool>>>,
}

impl FlagSet {
    pub fn new() -> Self {
        Self {
            flags: StoredValue::new(HashMap::new()),
        }
    }

    /// Whether `key` is on. A memo or effect that asks is told when that key changes, and
    /// only then.
    pub fn is_on(&self, key: &str) -> bool {
        self.flag(key).is_some_and(|flag| flag.get())
    }

    /// Turns `keys` on.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // used by the browser glue
    pub fn turn_on<'a>(&self, keys: impl IntoIterator<Item = &'a String>) {
        self.set_all(keys, true);
    }

    /// Turns `keys` off (if the set still exists: a timer may outlive the page's diagram).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // used by the browser glue
    pub fn turn_off<'a>(&self, keys: impl IntoIterator<Item = &'a String>) {
        self.set_all(keys, false);
    }

    /// Forgets the keys not in `current` that are off: what asked for them is gone with the
    /// layout that drew it. Keeps the set from growing while containers come and go.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // used by the browser glue
    pub fn forget_all_but(&self, current: &BTreeSet<String>) {
        self.flags.try_update_value(|flags| {
            flags.retain(|key, flag| current.contains(key) || flag.get_untracked());
        });
    }

    fn set_all<'a>(&self, keys: impl IntoIterator<Item = &'a String>, on: bool) {
        for key in keys {
            if let Some(flag) = self.flag(key) {
                if flag.get_untracked() != on {
                    flag.set(on);
                }
            }
        }
    }

    /// The signal of `key`, made (off) the first time anyone asks.
    fn flag(&self, key: &str) -> Option<ArcRwSignal<bool>> {
        self.flags.try_update_value(|flags| {
            if let Some(flag) = flags.get(key) {
                return flag.clone();
            }
            let flag = ArcRwSignal::new(false);
            flags.insert(key.to_owned(), flag.clone());
            flag
        })
    }
}

impl Default for FlagSet {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    /// A memo of `flags.is_on(key)` and how many times it ran.
    fn watcher(flags: FlagSet, key: &'static str) -> (Memo<bool>, Arc<AtomicUsize>) {
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = runs.clone();
        let memo = Memo::new(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
            flags.is_on(key)
        });
        (memo, runs)
    }

    #[test]
    fn turning_a_key_on_and_off_wakes_only_what_asked_for_it() {
        let owner = Owner::new();
        owner.with(|| {
            let flags = FlagSet::new();
            let (a, a_runs) = watcher(flags, "a");
            let (b, b_runs) = watcher(flags, "b");
            assert!(!a.get() && !b.get());
            flags.turn_on(&["a".to_string()]);
            assert!(a.get() && !b.get());
            flags.turn_off(&["a".to_string()]);
            assert!(!a.get() && !b.get());
            assert_eq!(a_runs.load(Ordering::SeqCst), 3, "a: first read, on, off");
            assert_eq!(b_runs.load(Ordering::SeqCst), 1, "b ran once, never woken");
        });
    }

    #[test]
    fn a_key_turned_on_before_anyone_asks_reads_on() {
        let owner = Owner::new();
        owner.with(|| {
            let flags = FlagSet::new();
            flags.turn_on(&["new".to_string()]);
            assert!(flags.is_on("new"));
            flags.forget_all_but(&BTreeSet::new());
            assert!(flags.is_on("new"), "a key that is on is kept");
            flags.turn_off(&["new".to_string()]);
            flags.forget_all_but(&BTreeSet::new());
            assert!(!flags.is_on("new"));
        });
    }
}
