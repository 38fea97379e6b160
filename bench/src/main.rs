//! Benchmarks of the live topology against the real engine. Prints figures; asserts nothing.
//!
//! `bridgescope-bench BINARY latency`: time from a Docker API call returning (connect,
//! disconnect, start, restart) to Docker's own event, and to the delta on `/api/events`.
//! `bridgescope-bench BINARY scale`: full snapshot build time (from the server's log), RSS and
//! idle CPU of the server at 10, 100 and 300 containers.
//! `bridgescope-bench BINARY browser`: initial render and delta-to-paint of the diagram in
//! headless Chromium at 10, 100 and 300 containers.
//! `bridgescope-bench BINARY demo`: Run demo until Set and Get answer, cold and warm.
//! `bridgescope-bench BINARY probe`: reachability probe latency per stage, beside `docker exec`.

mod browser;
mod demo;
mod latency;
mod probe;
mod scale;
mod stats;

use std::path::PathBuf;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let binary = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/bridgescope".into()),
    );
    let which = args.next().unwrap_or_else(|| "all".into());
    print_machine().await;
    if which == "latency" || which == "all" {
        latency::run(&binary).await;
    }
    if which == "scale" || which == "all" {
        scale::run(&binary).await;
    }
    if which == "demo" || which == "all" {
        demo::run(&binary).await;
    }
    if which == "browser" || which == "all" {
        browser::run(&binary).await;
    }
    if which == "probe" || which == "all" {
        probe::run(&binary).await;
    }
}

async fn print_machine() {
    let lab = bridgescope_testkit::Lab::new().await;
    // The figures are recorded with this line: a blank in it would go unnoticed.
    let version = match lab.docker().version().await {
        Ok(version) => version,
        Err(error) => panic!("Docker does not tell its version: {error}"),
    };
    let engine = version
        .version
        .unwrap_or_else(|| panic!("Docker reports no engine version"));
    let api = version
        .api_version
        .unwrap_or_else(|| panic!("Docker reports no API version"));
    let cores = match std::thread::available_parallelism() {
        Ok(n) => n.get(),
        Err(error) => panic!("cannot count the cores: {error}"),
    };
    let memory = match std::fs::read_to_string("/proc/meminfo") {
        Ok(meminfo) => meminfo
            .lines()
            .next()
            .map(str::to_string)
            .unwrap_or_else(|| panic!("/proc/meminfo is empty")),
        Err(error) => panic!("cannot read /proc/meminfo: {error}"),
    };
    let kernel = match std::fs::read_to_string("/proc/sys/kernel/osrelease") {
        Ok(kernel) => kernel,
        Err(error) => panic!("cannot read /proc/sys/kernel/osrelease: {error}"),
    };
    println!("machine: {cores} cores, {memory}, kernel {}", kernel.trim());
    println!("engine: Docker {engine}, API {api}");
}
