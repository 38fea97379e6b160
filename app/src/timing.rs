//! User Timing marks and measures the page leaves for benchmarks (and for anyone who opens the
//! browser's performance panel): how long hydration took, when an update arrived. They cost a
//! call to `performance` each and change nothing on screen.

/// The measure a page records around its hydration: from the wasm taking over the
/// server-rendered page to the page built, reactive and subscribed to the stream.
pub const HYDRATE_MEASURE: &str = "bridgescope:hydrate";
/// The mark a page sets when an update arrives (only the latest is kept), so that a benchmark
/// can time from there to the change on screen.
pub const UPDATE_MARK: &str = "bridgescope:update";
/// The mark a page sets when its warm-up of the update path is done (`diagram/warm_up.rs`).
pub const WARM_UP_MARK: &str = "bridgescope:warm-up";

/// Sets the mark `name` now, replacing an earlier mark of that name.
#[cfg(feature = "hydrate")]
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        performance.clear_marks_with_mark_name(name);
        let _ = performance.mark(name);
    }
}

/// Runs `work`, recorded as the User Timing measure `name`.
#[cfg(feature = "hydrate")]
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let answer = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(name, &start);
    }
    answer
}
