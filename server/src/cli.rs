//! The command line. Kept tiny on purpose: where to listen, and (through the standard
//! `DOCKER_HOST` variable) which engine to watch.

use std::net::SocketAddr;
use std::path::PathBuf;

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

    /// Turn every action off: the page and the API only show.
    #[arg(long)]
    pub read_only: bool,

    /// The image the demo runs Redis from (it must be on the engine: nothing is pulled).
    #[arg(long, value_name = "IMAGE", default_value = "redis:latest")]
    pub redis_image: String,

    /// The port the demo's web app is published on, on 127.0.0.1.
    #[arg(long, value_name = "PORT", default_value_t = 5000)]
    pub demo_port: u16,

    /// The static web app binary the demo image is built from
    /// [default: bridgescope-webapp beside this program].
    #[arg(long, value_name = "PATH")]
    pub webapp_binary: Option<PathBuf>,

    /// Where bridgescope keeps its record of what its lab made (only that is ever removed)
    /// [default: $XDG_STATE_HOME/bridgescope, else ~/.local/state/bridgescope].
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// A host name the dashboard answers to, besides IP addresses (repeatable), for a bind
    /// beyond loopback: e.g. --allow-host lab-pc.local. Any other name in a request's Host
    /// header is refused (a DNS-rebinding guard). On loopback only localhost and loopback
    /// addresses are answered.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
}

impl Args {
    /// The state folder: the one given, else `$XDG_STATE_HOME/bridgescope`, else
    /// `~/.local/state/bridgescope`, else `.bridgescope` here.
    pub fn state_dir(&self) -> PathBuf {
        if let Some(dir) = &self.state_dir {
            return dir.clone();
        }
        let from_env = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        from_env("XDG_STATE_HOME")
            .or_else(|| from_env("HOME").map(|home| home.join(".local/state")))
            .map(|dir| dir.join("bridgescope"))
            .unwrap_or_else(|| PathBuf::from(".bridgescope"))
    }

    /// The web app binary: the one given, else `bridgescope-webapp` beside this program.
    pub fn webapp_binary(&self) -> Option<PathBuf> {
        if let Some(path) = &self.webapp_binary {
            return Some(path.clone());
        }
        let beside = std::env::current_exe()
            .ok()?
            .parent()?
            .join("bridgescope-webapp");
        beside.exists().then_some(beside)
    }
}
