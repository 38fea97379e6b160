//! The demo web app of bridgescope, as a library.
//!
//! The lesson this app exists for is the classic one about Docker networking: run a `redis`
//! container and this web app on the same *user-defined* network, and the web app finds Redis
//! by its container name (`redis`) through Docker's embedded DNS. Put them on the default
//! bridge instead and the name does not resolve: the app then says exactly that, instead of
//! hanging or crashing, so the person at the dashboard can see *why* it broke.
//!
//! Everything lives in this library so that the integration tests in `tests/` can start the
//! real app in-process; `main.rs` is only the command line on top of it.
//!
//! A tour of the modules, in the order a request meets them:
//!
//! - [`cli`]: the command line (`webapp`, `webapp serve`, `webapp probe HOST:PORT`).
//! - [`routes`]: the HTTP routes and their handlers.
//! - [`store`]: the Redis side: one self-healing connection, `get` and `set`.
//! - [`error`]: every way a request can fail, and the one place that turns them into responses.
//! - [`probe`]: "does this name resolve, and does this port answer?", used both by the
//!   `probe` subcommand and by the store to explain why Redis cannot be reached.
//! - [`welcome`]: the HTML page at `/`.

// A request must never take the process down: no unwrap/expect/panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod cli;
pub mod error;
pub mod probe;
pub mod routes;
pub mod store;
pub mod welcome;

pub use routes::{app, AppState};
pub use store::{RedisTarget, Store};
