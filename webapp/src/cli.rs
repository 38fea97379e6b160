//! The command line.
//!
//! One binary does two jobs, because the image it ships in is `FROM scratch`: there is no shell,
//! no `nc`, no `ping` inside. So besides serving, the binary can *probe* a `HOST:PORT` from inside
//! the container's own network namespace (`docker exec web webapp probe redis:6379`), which is how
//! the dashboard shows whether a name resolves and a port answers *as seen by this container*.
//!
//! ```text
//! webapp                    serve (the default, what the image's entrypoint runs)
//! webapp serve [--port N]   the same, spelled out
//! webapp probe HOST:PORT    resolve HOST, TCP-connect to PORT, exit 0 only if it connected
//! ```
//!
//! Serving is configured the Docker way, through the environment (`PORT`, `REDIS_HOST`,
//! `REDIS_PORT`); the flags exist for running it by hand.

use std::net::IpAddr;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Environment (for serving):
  PORT         port to listen on (default 5000)
  REDIS_HOST   name or address of Redis (default redis: the container name on the lesson's network)
  REDIS_PORT   port of Redis (default 6379)
  RUST_LOG     log filter (default info); logs go to standard error";

/// bridgescope's demo web app: store and read keys in Redis over HTTP.
#[derive(Debug, Parser)]
#[command(name = "webapp", version, after_help = AFTER_HELP)]
// `webapp --port 8080` (no subcommand) must mean "serve on 8080", so the serve options are also
// accepted at the top level, but not mixed with a subcommand.
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options for serving when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Resolve HOST and open a TCP connection to PORT (3 s timeout); print both results.
    ///
    /// Exits 0 when the connection was established, 1 otherwise. Needs no shell, so it works
    /// through `docker exec` in a scratch image.
    Probe {
        /// What to probe, for example redis:6379, 172.18.0.2:6379 or [fd00::2]:6379.
        #[arg(value_name = "HOST:PORT", value_parser = parse_host_port)]
        target: HostPort,
    },
}

/// Where to listen and which Redis to talk to.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. 0.0.0.0 so that other containers (and published ports) reach it.
    #[arg(long, default_value = "0.0.0.0")]
    pub bind: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 5000)]
    pub port: u16,

    /// Name or address of the Redis server.
    #[arg(long, env = "REDIS_HOST", default_value = "redis")]
    pub redis_host: String,

    /// Port of the Redis server.
    #[arg(long, env = "REDIS_PORT", default_value_t = 6379)]
    pub redis_port: u16,
}

/// A `HOST:PORT` pair as typed by a person: the host is kept as text, because resolving it is
/// exactly what the probe wants to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPort {
    pub host: String,
    pub port: u16,
}

/// Parses `redis:6379`, `10.0.0.5:6379` and `[::1]:6379` (brackets around an IPv6 address).
pub fn parse_host_port(text: &str) -> Result<HostPort, String> {
    // Split at the *last* colon: IPv6 addresses contain colons themselves.
    let (host, port) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("'{text}' has no port: write HOST:PORT, for example redis:6379"))?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if host.is_empty() {
        return Err(format!("'{text}' has no host: write HOST:PORT"));
    }
    let port = port
        .parse::<u16>()
        .map_err(|_| format!("'{port}' is not a port number (1-65535)"))?;
    if port == 0 {
        return Err("port 0 cannot be connected to".to_string());
    }
    Ok(HostPort {
        host: host.to_string(),
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_forms() {
        let hp = |h: &str, p| HostPort {
            host: h.to_string(),
            port: p,
        };
        assert_eq!(parse_host_port("redis:6379"), Ok(hp("redis", 6379)));
        assert_eq!(parse_host_port("10.0.0.5:1"), Ok(hp("10.0.0.5", 1)));
        assert_eq!(parse_host_port("[::1]:6379"), Ok(hp("::1", 6379)));
        assert!(parse_host_port("redis").is_err());
        assert!(parse_host_port(":6379").is_err());
        assert!(parse_host_port("redis:x").is_err());
        assert!(parse_host_port("redis:0").is_err());
        assert!(parse_host_port("redis:65536").is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
