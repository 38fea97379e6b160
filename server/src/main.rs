//! `bridgescope`: serves the dashboard and owns the one connection to the Docker engine.
//!
//! Start-up order: read the command line, start the engine task (which connects, retries while
//! Docker is unreachable and keeps the shared state current), then serve HTTP. Every browser and
//! every API call reads the shared state; nothing here calls Docker per request.

mod cli;
mod docker;
mod engine_task;
mod http;

use clap::Parser;
use tokio::sync::watch;
use tracing_subscriber::EnvFilter;

use bridgescope_app::model::{EngineStatus, Overview};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let endpoint = docker::Endpoint::from_env();
    let (sender, receiver) = watch::channel(Overview {
        engine: EngineStatus::Connecting {
            docker_host: endpoint.to_string(),
        },
        networks: Vec::new(),
    });
    tokio::spawn(engine_task::EngineTask::new(endpoint, sender).run());

    match http::serve(args.bind, receiver).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            eprintln!("bridgescope: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
