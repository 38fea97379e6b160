//! The bridgescope server as a library, in the shape of tokio's mini-redis: [`run`] serves the
//! dashboard on a listener the caller bound, for the engine it names, until `shutdown`
//! completes. `main.rs` is the command line around it; tests run it in-process on port 0.
//!
//! Start-up order: start the engine task (which connects, retries while Docker is unreachable
//! and keeps the shared state current), open the lab (and its record of what it made), then
//! serve HTTP. Every browser and every API call reads the shared state; nothing here calls
//! Docker per request.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
mod docker;
mod engine_task;
mod http;
mod lab;
mod lesson;
mod netlink;
mod probe;

pub use docker::Endpoint;
pub use http::{new_token, shutdown_signal, Access, HostPolicy, Limits};
pub use lab::LabConfig;

/// Everything [`run`] needs besides the listener and the engine.
#[derive(Clone, Debug)]
pub struct Config {
    pub access: Access,
    pub lab: LabConfig,
    pub limits: Limits,
}

/// Serves the dashboard on `listener`, watching the engine at `engine`, until `shutdown`
/// completes; the engine task ends with it.
pub async fn run(
    listener: tokio::net::TcpListener,
    engine: Endpoint,
    config: Config,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let engine_is_local = engine.is_local();
    let engine_text = engine.to_string();
    let (engine_task, subscription) = engine_task::EngineTask::new(engine);
    let engine_task = tokio::spawn(engine_task.run());
    let lab = lab::Lab::new(config.lab, subscription.clone());
    let remote = (!engine_is_local).then(|| engine_text.clone());
    let prober = probe::Prober::new(subscription.clone(), remote);
    let lessons = lesson::Lessons::new(lab.clone(), prober.clone(), subscription.clone());
    let services = http::Services {
        live: subscription,
        lab,
        prober,
        lessons,
    };
    http::serve(listener, services, config.access, config.limits, shutdown).await;
    engine_task.abort();
}
