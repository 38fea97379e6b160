//! The state of the one connection to the Docker engine, as the page and the API report it.

use serde::{Deserialize, Serialize};

/// Where the server stands with the Docker engine. `docker_host` is always the address it tries
/// (for example `unix:///var/run/docker.sock`), so the page can say exactly what it cannot reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EngineStatus {
    /// The server has started and not yet heard back from the engine.
    Connecting { docker_host: String },
    /// The engine answered; versions are the engine's and the negotiated API's.
    Connected {
        docker_host: String,
        engine_version: String,
        api_version: String,
    },
    /// The engine did not answer; the server keeps retrying every `retry_secs`.
    Unreachable {
        docker_host: String,
        reason: String,
        retry_secs: u64,
    },
}

impl Default for EngineStatus {
    fn default() -> Self {
        EngineStatus::Connecting {
            docker_host: String::new(),
        }
    }
}

impl EngineStatus {
    pub fn docker_host(&self) -> &str {
        match self {
            EngineStatus::Connecting { docker_host }
            | EngineStatus::Connected { docker_host, .. }
            | EngineStatus::Unreachable { docker_host, .. } => docker_host,
        }
    }

    pub fn is_connected(&self) -> bool {
        matches!(self, EngineStatus::Connected { .. })
    }

    /// One plain sentence for the page, e.g.
    /// "cannot reach Docker at unix:///var/run/docker.sock: socket not found".
    pub fn headline(&self) -> String {
        match self {
            EngineStatus::Connecting { docker_host } => {
                format!("connecting to Docker at {docker_host}…")
            }
            EngineStatus::Connected {
                engine_version,
                api_version,
                ..
            } => format!("connected: Docker engine {engine_version}, API {api_version}"),
            EngineStatus::Unreachable {
                docker_host,
                reason,
                ..
            } => format!("cannot reach Docker at {docker_host}: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_headline_names_the_address_and_the_reason() {
        let status = EngineStatus::Unreachable {
            docker_host: "unix:///tmp/none.sock".into(),
            reason: "socket not found".into(),
            retry_secs: 2,
        };
        assert_eq!(
            status.headline(),
            "cannot reach Docker at unix:///tmp/none.sock: socket not found"
        );
        assert!(!status.is_connected());
    }

    #[test]
    fn connected_headline_names_both_versions() {
        let status = EngineStatus::Connected {
            docker_host: "unix:///var/run/docker.sock".into(),
            engine_version: "20.10.24".into(),
            api_version: "1.41".into(),
        };
        assert_eq!(
            status.headline(),
            "connected: Docker engine 20.10.24, API 1.41"
        );
    }
}
