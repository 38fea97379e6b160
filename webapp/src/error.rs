//! Every way a request can fail, and the ONE place where failures become HTTP responses.
//!
//! Handlers and the store return `Result<_, AppError>` and use `?`; nothing else in the crate
//! picks status codes for errors. That keeps the rules in one screenful:
//!
//! | error                                   | status | body (plain text)                        |
//! |-----------------------------------------|--------|------------------------------------------|
//! | missing / empty / unreadable parameter  | 400    | names the parameter                      |
//! | no value under the key                  | 404    | names the key                            |
//! | Redis cannot be reached                 | 503    | host:port tried, and which step failed   |
//! | Redis answered with an error            | 502    | Redis's own error text                   |
//!
//! 503 says "try again later, it is not your request's fault", which is the truth when the Redis
//! container is stopped or on another network. 502 is for an upstream that *answered*, badly.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::probe::{ConnectError, ResolveError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("missing query parameter '{0}'")]
    MissingParameter(&'static str),

    #[error("query parameter '{0}' must not be empty")]
    EmptyParameter(&'static str),

    /// The query string could not be read at all (axum's own explanation inside).
    #[error("cannot read the query string: {0}")]
    BadQuery(String),

    #[error("no value stored under key '{0}'")]
    NotFound(String),

    /// Redis could not be reached. `redis` is the `host:port` that was tried.
    #[error("cannot reach Redis at {redis}{why}")]
    Unreachable { redis: String, why: Unreachable },

    /// Redis was reached and answered with an error (for example WRONGTYPE when the key holds
    /// a list that someone made with redis-cli).
    #[error("Redis at {redis} answered with an error: {source}")]
    Redis {
        redis: String,
        #[source]
        source: redis::RedisError,
    },
}

/// Which step of reaching Redis failed, as found out by [`crate::probe`] after the fact.
///
/// Each message starts with the punctuation that joins it to "cannot reach Redis at host:port",
/// so that the whole sentence reads:
///
/// - `cannot reach Redis at redis:6379: name 'redis' did not resolve: are both containers on the
///   same user-defined network?`
/// - `cannot reach Redis at redis:6379 (resolved to 172.18.0.2): connection refused`
/// - `cannot reach Redis at 127.0.0.1:6379: connection refused` (an IP address, nothing to resolve)
#[derive(Debug, thiserror::Error)]
pub enum Unreachable {
    /// The resolver answered "no such name" (Docker's embedded DNS does, for container names
    /// on another network or on the default bridge).
    #[error(
        ": name '{host}' did not resolve: are both containers on the same user-defined network?"
    )]
    NameDidNotResolve {
        host: String,
        #[source]
        source: ResolveError,
    },

    /// The resolver itself did not answer. Inside Docker this is still mostly a membership
    /// question: the embedded DNS answers container names of the same user-defined network at
    /// once and hands every other name to the outside resolver, which may not answer.
    #[error(
        ": name '{host}' did not resolve ({source}): are both containers on the same \
         user-defined network?"
    )]
    ResolverFailed {
        host: String,
        #[source]
        source: ResolveError,
    },

    /// The TCP connection failed. `resolved` is empty when the host was an IP address already.
    #[error("{}: {source}", resolved_note(.resolved))]
    Connect {
        resolved: String,
        #[source]
        source: ConnectError,
    },

    /// TCP connects, yet the Redis conversation failed (Redis restarting or overloaded, a
    /// different server on that port, or a timeout).
    #[error("{}: the port answers, but Redis did not: {detail}", resolved_note(.resolved))]
    NoRedisAnswer { resolved: String, detail: String },
}

fn resolved_note(resolved: &str) -> String {
    if resolved.is_empty() {
        String::new()
    } else {
        format!(" (resolved to {resolved})")
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::MissingParameter(_) | AppError::EmptyParameter(_) | AppError::BadQuery(_) => {
                StatusCode::BAD_REQUEST
            }
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unreachable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Redis { .. } => StatusCode::BAD_GATEWAY,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = self.to_string();
        // Client mistakes are normal traffic; trouble with Redis is worth a line in the log.
        if status.is_server_error() {
            tracing::warn!(%status, "{body}");
        } else {
            tracing::debug!(%status, "{body}");
        }
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            body,
        )
            .into_response()
    }
}
