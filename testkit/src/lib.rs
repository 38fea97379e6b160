//! Test fixtures shared by the server's integration tests and the end-to-end tests.
//!
//! - [`Lab`]: Docker resources a test creates, all labelled with the test run and named with a
//!   `bst-` prefix, removed when the lab is dropped (also when the test panics). A lab never
//!   touches anything it did not create.
//! - [`ServerProcess`]: the real `bridgescope` binary on a free loopback port.
//! - [`Follower`]: a client of `/api/events` that applies updates as a browser does.
//! - [`UnixRelay`]: a unix-socket relay in front of the Docker socket that a test can cut and
//!   restore, to play an engine that goes away.
//!
//! Docker must answer: a test that needs it fails with a clear message, it never skips.

mod containers;
mod exec;
mod follower;
pub mod kernel;
mod lab;
mod relay;
mod server;

pub use containers::{Run, REDIS_IMAGE, SHELL_IMAGE};
pub use exec::Exec;
pub use follower::Follower;
pub use lab::{Lab, TEST_LABEL};
pub use relay::UnixRelay;
pub use server::{free_port, ServerOptions, ServerProcess};

/// Polls `probe` every 50 ms until it returns `Some`, or panics with `what` after `timeout`.
pub async fn eventually<T, F, Fut>(what: &str, timeout: std::time::Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Posts to the server's `/api/lab/reset` when dropped, so a test that runs the demo leaves
/// no lab resources behind, also when it fails.
pub struct ResetLabOnDrop(pub String);

impl Drop for ResetLabOnDrop {
    fn drop(&mut self) {
        let url = self.0.clone();
        block_on_from_drop("reset the lab", async move {
            let _ = reqwest::Client::new()
                .post(url)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await;
        });
    }
}

/// Runs `work` to its end from a `Drop`: Drop cannot await and may run inside a runtime, so the
/// work gets a thread and a small runtime of its own, and the caller waits for it.
pub(crate) fn block_on_from_drop<F>(what: &str, work: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let what = what.to_string();
    let worker = std::thread::spawn(move || {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime.block_on(work),
            Err(error) => eprintln!("testkit: cannot {what}: {error}"),
        }
    });
    let _ = worker.join();
}

/// The static web app binary (`BRIDGESCOPE_WEBAPP_BIN`, else the musl release build), which
/// scripts/build-webapp.sh makes. Panics with that hint when it is missing.
pub fn webapp_binary() -> std::path::PathBuf {
    let path = std::env::var_os("BRIDGESCOPE_WEBAPP_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../target/x86_64-unknown-linux-musl/release/webapp")
        });
    assert!(
        path.exists(),
        "{} is missing: build it with scripts/build-webapp.sh",
        path.display()
    );
    path
}
