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
mod follower;
pub mod kernel;
mod lab;
mod relay;
mod server;

pub use containers::{Run, REDIS_IMAGE, SHELL_IMAGE};
pub use follower::Follower;
pub use lab::{Lab, TEST_LABEL};
pub use relay::UnixRelay;
pub use server::ServerProcess;

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
