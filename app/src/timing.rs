//! User Timing marks and measures the page leaves for benchmarks (and for anyone who opens the
//! browser's performance panel): how long hydration took, when an update arrived. They cost a
//! call to `performance` each and change nothing on screen.

/// The measure a page records around its hydration: from the wasm taking over the
/// server-rendered page to the page built, reactive and subscribed to the stream.
pub const HYDRATE_MEASURE: &str = "bridgescope:hydrate";

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
