//! The `webapp` binary: reads the command line, then either serves or probes.
//!
//! Kept thin on purpose: all behaviour lives in the library (`src/lib.rs`), so the tests run the
//! very same code in-process. What only the binary does is process-level: logging, the tokio
//! runtime, binding the port, exit codes, and stopping cleanly on SIGTERM.

// A request must never take the process down: no unwrap/expect/panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use bridgescope_webapp::cli::{Cli, Command, HostPort, ServeArgs};
use bridgescope_webapp::{app, probe, RedisTarget, Store};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Probe { target }) => run_probe(&target),
        Some(Command::Serve(args)) => run_serve(args),
        None => run_serve(cli.serve),
    }
}

/// `webapp probe HOST:PORT`: exit 0 when a TCP connection was established, 1 otherwise.
///
/// A single-threaded runtime is all one probe needs, and it starts in microseconds.
fn run_probe(target: &HostPort) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("webapp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    match runtime.block_on(probe::run(target, &mut stdout)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("webapp: cannot write the result: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_serve(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: `docker logs` of a detached container should read plainly.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let target = RedisTarget {
        host: args.redis_host,
        port: args.redis_port,
    };
    let store = Store::new(target.clone())
        .map_err(|e| format!("cannot use Redis address {target}: {e}"))?;

    let listen = SocketAddr::new(args.bind, args.port);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    // Redis is not contacted yet: the first request will, so the app is up even without it.
    tracing::info!("listening on {listen}; Redis expected at {target}");

    axum::serve(listener, app(Arc::new(store)))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
///
/// SIGTERM matters in a container: the app is PID 1 there, and the kernel does not apply the
/// default "terminate" action to PID 1. Without this handler `docker stop` would wait its full
/// 10 seconds and then SIGKILL us.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
