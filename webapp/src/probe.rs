//! "Does this name resolve, and does this port answer?"
//!
//! Two questions that explain almost every "my containers cannot talk" problem, asked one after
//! the other so that the answer says *which* step failed:
//!
//! 1. **Resolve.** On a user-defined Docker network, Docker's embedded DNS (127.0.0.11 inside the
//!    container) answers container names. On the default bridge it does not, so `redis` simply
//!    does not resolve there: the fix is a network, not a retry.
//! 2. **Connect.** The name resolved, but nothing listens on that address and port (Redis is
//!    stopped, or listens on another port), or packets are dropped on the way.
//!
//! The `probe` subcommand prints both steps; the [`store`](crate::store) asks the same questions
//! when Redis cannot be reached, to put the answer in its 503 message.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use crate::cli::HostPort;

/// How long one TCP connection attempt may take before we call it lost.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// How long we wait for the resolver. A resolver that does not answer (rather than answering
/// "no such name") would otherwise keep us waiting for its own, much longer, timeouts.
pub const RESOLVE_TIMEOUT: Duration = Duration::from_secs(3);

/// Why a name gave no address.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("did not resolve ({0})")]
    NotFound(#[source] io::Error),
    #[error("resolved to no address at all")]
    Empty,
    #[error("the resolver did not answer within {} s", .0.as_secs())]
    TimedOut(Duration),
}

/// Why a TCP connection was not established.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The host answered "nothing listens on this port" (a TCP RST).
    #[error("connection refused")]
    Refused,
    /// No answer at all: the packets went nowhere, or were dropped by a firewall.
    #[error("no answer within {} s (packets dropped, or the host is gone?)", .0.as_secs())]
    TimedOut(Duration),
    #[error("{0}")]
    Other(#[source] io::Error),
}

/// Resolves `host` the way the rest of the program would (the system resolver, which in a
/// container reads the `/etc/hosts` and `/etc/resolv.conf` Docker wrote for it).
///
/// An IP address is returned as is, without asking anyone. Duplicates are removed, order kept.
pub async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
    let lookup = tokio::net::lookup_host((host, port));
    let found = match tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
        Err(_elapsed) => return Err(ResolveError::TimedOut(RESOLVE_TIMEOUT)),
        Ok(Err(e)) => return Err(ResolveError::NotFound(e)),
        Ok(Ok(found)) => found,
    };
    let mut addrs: Vec<SocketAddr> = Vec::new();
    for addr in found {
        if !addrs.contains(&addr) {
            addrs.push(addr);
        }
    }
    if addrs.is_empty() {
        return Err(ResolveError::Empty);
    }
    Ok(addrs)
}

/// Opens (and at once closes) one TCP connection. Returns how long the attempt took either way.
pub async fn connect(addr: SocketAddr, timeout: Duration) -> (Duration, Result<(), ConnectError>) {
    let started = Instant::now();
    let result = match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
        Err(_elapsed) => Err(ConnectError::TimedOut(timeout)),
        Ok(Err(e)) if e.kind() == io::ErrorKind::ConnectionRefused => Err(ConnectError::Refused),
        Ok(Err(e)) => Err(ConnectError::Other(e)),
        // Dropping the stream closes the connection: we only wanted to know that it opens.
        Ok(Ok(_stream)) => Ok(()),
    };
    (started.elapsed(), result)
}

/// The `webapp probe HOST:PORT` subcommand: prints one line per step and returns whether a
/// connection was established (the caller turns that into the exit code).
///
/// ```text
/// resolve redis: 172.18.0.2
/// connect 172.18.0.2:6379: ok (0.4 ms)
/// ```
pub async fn run(target: &HostPort, out: &mut impl Write) -> io::Result<bool> {
    let addrs = match resolve(&target.host, target.port).await {
        Ok(addrs) => {
            let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            writeln!(out, "resolve {}: {}", target.host, list.join(", "))?;
            addrs
        }
        Err(e) => {
            writeln!(out, "resolve {}: failed: {e}", target.host)?;
            writeln!(
                out,
                "connect {}:{}: not tried (no address to connect to)",
                target.host, target.port
            )?;
            return Ok(false);
        }
    };

    // A name may have several addresses (IPv4 and IPv6, or a container on two networks):
    // try them in the resolver's order and stop at the first that answers, like clients do.
    for addr in addrs {
        let (took, result) = connect(addr, CONNECT_TIMEOUT).await;
        let took = format_duration(took);
        match result {
            Ok(()) => {
                writeln!(out, "connect {addr}: ok ({took})")?;
                return Ok(true);
            }
            Err(e) => writeln!(out, "connect {addr}: failed: {e} ({took})")?,
        }
    }
    Ok(false)
}

/// `0.4 ms`, `12.3 ms`, `3.0 s`: enough precision to see a local hop from a timeout.
fn format_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(format_duration(Duration::from_micros(420)), "0.4 ms");
        assert_eq!(format_duration(Duration::from_millis(12)), "12.0 ms");
        assert_eq!(format_duration(Duration::from_secs(3)), "3.0 s");
    }

    #[tokio::test]
    async fn an_ip_address_resolves_to_itself_without_a_lookup() {
        let addrs = resolve("127.0.0.1", 6379).await.unwrap();
        assert_eq!(addrs, vec!["127.0.0.1:6379".parse().unwrap()]);
    }
}
