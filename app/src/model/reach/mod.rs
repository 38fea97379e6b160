//! "Can A reach B, and why not?": the pure half of the reachability probe. The server reads
//! A's `/etc/hosts` and `resolv.conf`, asks from inside A's network namespace (DNS, ping, TCP),
//! and hands what it found to these functions, which turn it into stages a student can read:
//! resolve (how A finds B's address), route (whether a network joins them) and reach (what
//! answered). Nothing here does I/O, so every sentence is tested from fixture data.

mod compose;
mod files;
mod names;
mod plan;
mod route;

use serde::{Deserialize, Serialize};

pub use compose::{compose, hand_commands, Tools};
pub use files::{parse_hosts, parse_resolv_conf, HostsLine, ResolverConfig, EMBEDDED_DNS};
pub use names::{name_view, NameFact, NameView};
pub use plan::{mark_link_lines, plan, resolve_locally, LocalAnswer, Origin, ProbePlan, Target};
pub use route::{owner_of_ip, route, RouteFinding};

/// The word `from` takes to mean the Docker host itself.
pub const HOST: &str = "host";

/// `POST /api/probe`: can `from` (a container name, or `host`) reach `to` (a container name,
/// a network alias, a link alias or an IPv4 address), and on `port` when one is given?
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProbeRequest {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub port: Option<u16>,
}

/// The three stages of an answer, in the order A lives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageName {
    Resolve,
    Route,
    Reach,
}

impl StageName {
    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Resolve => "resolve",
            StageName::Route => "route",
            StageName::Reach => "reach",
        }
    }
}

/// How `to` became an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// A line of A's `/etc/hosts` (a legacy link writes one).
    Hosts,
    /// Docker's embedded DNS at 127.0.0.11 (user-defined networks).
    DockerDns,
    /// `to` was an address already.
    Ip,
}

/// One stage of the answer: whether it went through, and why, in a sentence.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProbeStage {
    pub stage: Option<StageName>,
    pub ok: bool,
    pub reason: String,
    /// How long the stage's own question took, when it asked one.
    #[serde(default)]
    pub millis: Option<f64>,
}

/// What A's DNS question to Docker's embedded DNS came back with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum DnsFinding {
    Answered {
        ips: Vec<String>,
        millis: f64,
    },
    NoSuchName {
        millis: f64,
    },
    /// Nothing answered within the stage's time.
    Silent {
        millis: f64,
    },
    Failed {
        reason: String,
    },
}

/// What an ICMP echo from A's namespace came back with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PingFinding {
    pub answered: bool,
    pub millis: f64,
    /// Why no echo came back, when the kernel said (for example "network unreachable").
    #[serde(default)]
    pub error: Option<String>,
}

/// The outcome of a TCP connect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortState {
    Open,
    Refused,
    TimedOut,
    Unreachable,
}

impl PortState {
    pub fn as_str(self) -> &'static str {
        match self {
            PortState::Open => "open",
            PortState::Refused => "refused",
            PortState::TimedOut => "timed out",
            PortState::Unreachable => "unreachable",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortFinding {
    pub port: u16,
    pub state: PortState,
    pub millis: f64,
}

/// Everything asked from inside A's namespace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NamespaceFindings {
    pub dns: Option<DnsFinding>,
    pub ping: Option<PingFinding>,
    pub ports: Vec<PortFinding>,
    /// Why the namespace could not be entered (not root, the process is gone, …).
    pub entry_error: Option<String>,
}

/// The answer of `POST /api/probe`, also streamed to every page as a `probe` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProbeAnswer {
    /// Counts up per probe of this server run, so a page tells a new answer from a repeat.
    pub id: u64,
    pub from: String,
    pub to: String,
    pub port: Option<u16>,
    /// The container ids the diagram draws the arrow between (none for the host, or a target
    /// that is no container).
    pub from_container: Option<String>,
    pub to_container: Option<String>,
    pub reached: bool,
    /// The address `to` resolved to, or none when it did not resolve.
    pub resolved: Option<String>,
    pub via: Option<Via>,
    pub stages: Vec<ProbeStage>,
    pub ping: Option<PingFinding>,
    pub ports: Vec<PortFinding>,
    /// The same questions by hand, and a note when A's image lacks the tools they need.
    pub commands: Vec<String>,
    pub commands_note: Option<String>,
    /// One line for the diagram's arrow: the first failing stage's short reason, or "reached".
    pub summary: String,
}

impl ProbeAnswer {
    /// The first stage that did not go through.
    pub fn failed_stage(&self) -> Option<&ProbeStage> {
        self.stages.iter().find(|s| !s.ok)
    }
}

/// Why a probe was refused before anything was asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProbeRefusal {
    #[error("say which container to probe from (or \"host\"), and what to reach")]
    Empty,
    #[error("no container called {0:?}: probe from a container on this engine, or from \"host\"")]
    NoSuchOrigin(String),
    #[error(
        "{0} is not running, so it has no network namespace to ask from: start it first \
         (a stopped container has no IP either)"
    )]
    OriginStopped(String),
    #[error(
        "{0:?} is not a container, alias, link alias or IPv4 address on this engine: \
         bridgescope only probes containers and the host, never outside names"
    )]
    OutsideName(String),
    #[error("{0:?} is not a name Docker accepts")]
    BadName(String),
}

#[cfg(test)]
mod tests;
