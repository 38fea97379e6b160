//! `bridgescope`: serves the dashboard and owns the one connection to the Docker engine.
//!
//! Start-up order: read the command line, start the engine task (which connects, retries while
//! Docker is unreachable and keeps the shared state current), then serve HTTP. Every browser and
//! every API call reads the shared state; nothing here calls Docker per request.

mod cli;
mod docker;
mod engine_task;
#[cfg(test)]
mod fixture_tests;
mod http;
mod netlink;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let (engine_task, subscription) = engine_task::EngineTask::new(docker::Endpoint::from_env());
    tokio::spawn(engine_task.run());

    match http::serve(args.bind, subscription).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            eprintln!("bridgescope: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
