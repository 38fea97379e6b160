//! The Redis side: one shared, self-healing connection, and `get` / `set` on top of it.
//!
//! Three things make this more than `redis::Client::get_connection()`:
//!
//! 1. **The app starts without Redis.** In the lesson, people start the web app first, or put
//!    the containers on the wrong network on purpose. So we do not connect at startup: the first
//!    request connects, and a failed first connection is simply tried again by the next request.
//!
//! 2. **It heals by itself.** Once connected we keep a [`ConnectionManager`]: a multiplexed
//!    connection (many requests share one TCP connection, each command tagged in order) that
//!    notices a dropped connection and reconnects. When `docker restart redis` kills the
//!    connection, the next request just works again; no restart of the web app.
//!
//! 3. **It explains failures.** "Connection refused" after a DNS failure would be misleading,
//!    and the Redis client's error does not say which step failed. So when Redis cannot be
//!    reached we ask [`crate::probe`] the two questions again (does the name resolve? does the
//!    port answer?) and put the answer in the 503 message.

use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::io::tcp::TcpSettings;
use redis::{AsyncCommands, ConnectionAddr, ConnectionInfo, RedisConnectionInfo, RedisError};
use tokio::sync::OnceCell;

use crate::error::{AppError, Unreachable};
use crate::probe::{self, ResolveError};

/// How long one TCP connect to Redis may take. Across a Docker bridge it takes well under a
/// millisecond; a long wait means packets are being dropped, and waiting longer will not help.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// How long Redis may take to answer one command.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Everything one request may spend on Redis before we give up and explain why.
const REQUEST_BUDGET: Duration = Duration::from_secs(5);

/// The TCP check made while explaining a failure is quicker: Redis already failed us once.
const DIAGNOSE_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Where Redis is: a name (usually the container name `redis`) or an address, and a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisTarget {
    pub host: String,
    pub port: u16,
}

impl fmt::Display for RedisTarget {
    /// `redis:6379`, `10.0.0.5:6379`, `[fd00::2]:6379`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// The web app's handle on Redis. Cheap to share: put it in an `Arc`.
pub struct Store {
    target: RedisTarget,
    /// Knows *where* Redis is; makes connections.
    client: redis::Client,
    /// The connection, made by the first request that needs it. Empty until a connect worked.
    connection: OnceCell<ConnectionManager>,
}

impl Store {
    /// Prepares a store for `target`. Does not connect (see the module docs).
    pub fn new(target: RedisTarget) -> Result<Self, RedisError> {
        let info = ConnectionInfo {
            addr: ConnectionAddr::Tcp(target.host.clone(), target.port),
            redis: RedisConnectionInfo::default(),
        };
        Ok(Store {
            target,
            client: redis::Client::open(info)?,
            connection: OnceCell::new(),
        })
    }

    pub fn target(&self) -> &RedisTarget {
        &self.target
    }

    /// `SET key value`.
    pub async fn set(&self, key: &str, value: &str) -> Result<(), AppError> {
        self.run(|mut conn| async move { conn.set::<_, _, ()>(key, value).await })
            .await
    }

    /// `GET key`: the stored bytes exactly as Redis holds them, or `None` for no such key.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, AppError> {
        self.run(|mut conn| async move { conn.get::<_, Option<Vec<u8>>>(key).await })
            .await
    }

    /// The shared connection, connecting first if there is none yet.
    ///
    /// `OnceCell::get_or_try_init` lets one request connect while the others wait for it; if
    /// the connect fails, the cell stays empty and a later request tries again.
    async fn connection(&self) -> Result<ConnectionManager, RedisError> {
        self.connection
            .get_or_try_init(|| {
                ConnectionManager::new_with_config(self.client.clone(), manager_config())
            })
            .await
            .cloned()
    }

    /// Runs one command, with one retry after a broken connection, within [`REQUEST_BUDGET`],
    /// and turns failures into [`AppError`]s.
    async fn run<T, F, Fut>(&self, command: F) -> Result<T, AppError>
    where
        F: Fn(ConnectionManager) -> Fut,
        Fut: Future<Output = Result<T, RedisError>>,
    {
        let attempts = async {
            // Why a second attempt: after Redis restarts, the first command sent finds the old,
            // dead connection. The manager then starts a reconnect, but still hands us the error.
            // Trying once more waits for that reconnect, so the person at the browser never
            // sees a failure for a Redis that is up again.
            let mut retried = false;
            loop {
                let had_connection = self.connection.initialized();
                let result = match self.connection().await {
                    Ok(conn) => command(conn).await,
                    Err(e) => Err(e),
                };
                match result {
                    Err(e) if is_connection_problem(&e) && had_connection && !retried => {
                        tracing::debug!("Redis connection broken ({e}); trying once more");
                        retried = true;
                    }
                    other => return other,
                }
            }
        };

        match tokio::time::timeout(REQUEST_BUDGET, attempts).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) if is_connection_problem(&e) => Err(self.explain(e.to_string()).await),
            Ok(Err(e)) => Err(AppError::Redis {
                redis: self.target.to_string(),
                source: e,
            }),
            Err(_elapsed) => Err(self
                .explain(format!("no answer within {} s", REQUEST_BUDGET.as_secs()))
                .await),
        }
    }

    /// Finds out which step of reaching Redis fails, for the 503 message. `detail` is what the
    /// Redis client said, used when the name resolves and the port answers after all.
    async fn explain(&self, detail: String) -> AppError {
        let RedisTarget { host, port } = &self.target;
        let why = match probe::resolve(host, *port).await {
            Err(source @ (ResolveError::NotFound(_) | ResolveError::Empty)) => {
                Unreachable::NameDidNotResolve {
                    host: host.clone(),
                    source,
                }
            }
            Err(source @ ResolveError::TimedOut(_)) => Unreachable::ResolverFailed {
                host: host.clone(),
                source,
            },
            Ok(addrs) => {
                // "(resolved to …)" only says something when there was a name to resolve.
                let resolved = if host.parse::<IpAddr>().is_ok() {
                    String::new()
                } else {
                    let ips: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
                    ips.join(", ")
                };
                let mut first_failure = None;
                for addr in addrs {
                    match probe::connect(addr, DIAGNOSE_CONNECT_TIMEOUT).await.1 {
                        Ok(()) => {
                            first_failure = None;
                            break;
                        }
                        Err(e) => {
                            first_failure.get_or_insert(e);
                        }
                    }
                }
                match first_failure {
                    Some(source) => Unreachable::Connect { resolved, source },
                    None => Unreachable::NoRedisAnswer { resolved, detail },
                }
            }
        };
        AppError::Unreachable {
            redis: self.target.to_string(),
            why,
        }
    }
}

/// How the connection manager connects and reconnects.
fn manager_config() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_connection_timeout(CONNECT_TIMEOUT)
        .set_response_timeout(RESPONSE_TIMEOUT)
        // No waiting-and-retrying inside the manager: its first back-off step is a full second
        // and they grow from there, which a person waiting for a page would feel. Each request
        // that finds the connection down starts a fresh attempt instead (and `run` retries once).
        .set_number_of_retries(0)
        // Send each small command at once rather than waiting to batch it with the next
        // (Nagle's algorithm): many requests share this one connection.
        .set_tcp_settings(TcpSettings::default().set_nodelay(true))
}

/// Errors that mean "we could not talk to Redis" (refused, reset, timed out, name not found…),
/// as opposed to Redis answering with an error.
fn is_connection_problem(e: &RedisError) -> bool {
    e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() || e.is_timeout()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_print_like_addresses() {
        let t = |host: &str| RedisTarget {
            host: host.to_string(),
            port: 6379,
        };
        assert_eq!(t("redis").to_string(), "redis:6379");
        assert_eq!(t("10.0.0.5").to_string(), "10.0.0.5:6379");
        assert_eq!(t("fd00::2").to_string(), "[fd00::2]:6379");
    }
}
