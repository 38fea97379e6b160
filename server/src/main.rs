//! `bridgescope`: the command line around [`bridgescope_server::run`]. Reads the arguments,
//! sets up logging, makes the presenter token when the bind reaches beyond loopback, binds the
//! listener and serves until Ctrl-C or SIGTERM.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use bridgescope_server::{cli, Access, Config, Endpoint, HostPolicy, LabConfig, Limits};
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

    let access = match presenter_access(&args) {
        Ok(access) => access,
        Err(error) => {
            eprintln!("bridgescope: cannot make a presenter token: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let config = Config {
        access,
        lab: LabConfig {
            redis_image: args.redis_image.clone(),
            webapp_binary: args.webapp_binary(),
            demo_port: args.demo_port,
            state_dir: args.state_dir(),
        },
        limits: Limits::default(),
    };
    let listener = match tokio::net::TcpListener::bind(args.bind).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!("cannot listen on {}: {error}", args.bind);
            eprintln!("bridgescope: cannot listen on {}: {error}", args.bind);
            return std::process::ExitCode::FAILURE;
        }
    };
    bridgescope_server::run(
        listener,
        Endpoint::from_env(),
        config,
        bridgescope_server::shutdown_signal(),
    )
    .await;
    std::process::ExitCode::SUCCESS
}

/// Bound to loopback, the page may act; bound elsewhere, actions need a token printed here.
fn presenter_access(args: &cli::Args) -> Result<Access, getrandom::Error> {
    let token = if args.read_only || args.bind.ip().is_loopback() {
        None
    } else {
        let token = bridgescope_server::new_token()?;
        eprintln!(
            "bridgescope: presenter token {token}\n  open http://{}/?token={token} to act; \
             without it the page is read-only",
            args.bind
        );
        Some(token)
    };
    let hosts = if args.bind.ip().is_loopback() {
        HostPolicy::Loopback
    } else {
        HostPolicy::Named(args.allowed_hosts.clone())
    };
    Ok(Access {
        read_only: args.read_only,
        token,
        hosts,
    })
}
