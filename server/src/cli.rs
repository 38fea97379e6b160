//! The command line. Kept tiny on purpose: where to listen, and (through the standard
//! `DOCKER_HOST` variable) which engine to watch.

use std::net::SocketAddr;

use clap::Parser;

const AFTER_HELP: &str = "\
Environment:
  DOCKER_HOST   the Docker engine to watch, with its scheme: unix:///var/run/docker.sock (the
                default), tcp://127.0.0.1:2375. The server keeps retrying while it cannot reach it
                and the page says why.
  RUST_LOG      log filter (default: info); logs go to standard error.";

/// A live dashboard of how Docker containers talk to each other: bridges, veth pairs, IPs.
#[derive(Debug, Parser)]
#[command(name = "bridgescope", version, after_help = AFTER_HELP)]
pub struct Args {
    /// Address and port to serve the dashboard on. The default keeps it on this machine; another
    /// address (for example 0.0.0.0:3000) lets others in the room open it.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
}
