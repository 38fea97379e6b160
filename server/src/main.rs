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
mod lab;
mod netlink;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let (engine_task, subscription) = engine_task::EngineTask::new(docker::Endpoint::from_env());
    tokio::spawn(engine_task.run());

    let access = match presenter_access(&args) {
        Ok(access) => access,
        Err(error) => {
            eprintln!("bridgescope: cannot make a presenter token: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let lab = lab::Lab::new(
        lab::LabConfig {
            redis_image: args.redis_image.clone(),
            webapp_binary: args.webapp_binary(),
            demo_port: args.demo_port,
            state_dir: args.state_dir(),
        },
        subscription.clone(),
    );
    let listener = match tokio::net::TcpListener::bind(args.bind).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!("cannot listen on {}: {error}", args.bind);
            eprintln!("bridgescope: cannot listen on {}: {error}", args.bind);
            return std::process::ExitCode::FAILURE;
        }
    };
    http::serve(
        listener,
        subscription,
        lab,
        access,
        http::Limits::default(),
        http::shutdown_signal(),
    )
    .await;
    std::process::ExitCode::SUCCESS
}

/// Bound to loopback, the page may act; bound elsewhere, actions need a token printed here.
fn presenter_access(args: &cli::Args) -> Result<http::Access, getrandom::Error> {
    let token = if args.read_only || args.bind.ip().is_loopback() {
        None
    } else {
        let token = http::new_token()?;
        eprintln!(
            "bridgescope: presenter token {token}\n  open http://{}/?token={token} to act; \
             without it the page is read-only",
            args.bind
        );
        Some(token)
    };
    let hosts = if args.bind.ip().is_loopback() {
        http::HostPolicy::Loopback
    } else {
        http::HostPolicy::Named(args.allowed_hosts.clone())
    };
    Ok(http::Access {
        read_only: args.read_only,
        token,
        hosts,
    })
}
