//! `POST /api/probe`: can A reach B, and why not? The request is checked against the published
//! topology (the pure `model::reach::plan`), A's `/etc/hosts` and `resolv.conf` are read
//! through `/proc/<pid>/root`, the questions are asked inside A's network namespace
//! (`netlink::probe`), and the pure `model::reach::compose` turns the findings into stages.
//! No Docker call is made: the engine task publishes each container's pid.
//!
//! Every answer goes to every page as a `probe` event, so the room sees what the lecturer
//! asked. Two identical requests while one runs share its answer.

mod files;

use std::collections::{BTreeMap, HashMap};
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::{BoxFuture, FutureExt, Shared};
use tokio::sync::broadcast;

use bridgescope_app::model::reach::{
    compose, mark_link_lines, name_view, parse_hosts, parse_resolv_conf, plan, resolve_locally,
    LocalAnswer, NameView, Origin, ProbeAnswer, ProbePlan, ProbeRefusal, ProbeRequest, Target,
    Tools,
};
use bridgescope_app::model::{validate_name, NameKind, Topology};

use crate::engine_task::Subscription;
use crate::netlink::probe::{ask, Question};

/// How long each question (DNS, ping, each TCP connect) may take.
const STAGE_TIMEOUT: Duration = Duration::from_secs(1);
/// A whole probe ends within this, whatever happens on its thread.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, thiserror::Error)]
pub enum ProbeError {
    #[error(transparent)]
    Refused(#[from] ProbeRefusal),
    #[error(
        "the engine is at {0}: its containers' network namespaces are on another machine, so \
         bridgescope cannot ask from inside them (run bridgescope on that machine)"
    )]
    Remote(String),
    #[error(
        "bridgescope is not running as root, so it cannot enter containers' network namespaces \
         to ask from there: start it as root (scripts/start.sh does)"
    )]
    NotRoot,
    #[error("Docker is not reachable right now, so the containers are not known")]
    Unreachable,
    #[error("the probe did not finish in {} s", PROBE_TIMEOUT.as_secs())]
    TookTooLong,
}

type Running = Shared<BoxFuture<'static, Result<Arc<ProbeAnswer>, ProbeError>>>;

#[derive(Clone)]
pub struct Prober {
    live: Subscription,
    /// The engine's address when it is not on this machine.
    remote: Option<String>,
    answers: broadcast::Sender<Arc<ProbeAnswer>>,
    next_id: Arc<AtomicU64>,
    running: Arc<Mutex<HashMap<ProbeRequest, Running>>>,
}

impl Prober {
    pub fn new(live: Subscription, remote: Option<String>) -> Self {
        Self {
            live,
            remote,
            answers: broadcast::channel(32).0,
            next_id: Arc::new(AtomicU64::new(1)),
            running: Arc::default(),
        }
    }

    /// Every probe's answer, as it is made (for the `probe` events of `/api/events`).
    pub fn answers(&self) -> broadcast::Receiver<Arc<ProbeAnswer>> {
        self.answers.subscribe()
    }

    /// Probes, or joins the probe of the same request that is already running.
    pub async fn probe(&self, request: ProbeRequest) -> Result<Arc<ProbeAnswer>, ProbeError> {
        let running = {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            match running.get(&request) {
                Some(shared) => shared.clone(),
                None => {
                    let this = self.clone();
                    let key = request.clone();
                    let shared = async move {
                        let result = this.probe_now(&key).await;
                        this.running
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .remove(&key);
                        result
                    }
                    .boxed()
                    .shared();
                    running.insert(request, shared.clone());
                    shared
                }
            }
        };
        running.await
    }

    async fn probe_now(&self, request: &ProbeRequest) -> Result<Arc<ProbeAnswer>, ProbeError> {
        let topology = self.topology()?;
        let plan = plan(&topology, request)?;
        let pid = self.pid_of(&plan.origin)?;
        let found = tokio::time::timeout(PROBE_TIMEOUT, self.find(&topology, &plan, pid));
        let (local, findings, tools) = found.await.map_err(|_| ProbeError::TookTooLong)?;
        let mut answer = compose(&topology, &plan, &local, &findings, &tools);
        answer.id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let answer = Arc::new(answer);
        let _ = self.answers.send(answer.clone());
        Ok(answer)
    }

    async fn find(
        &self,
        topology: &Topology,
        plan: &ProbePlan,
        pid: Option<i64>,
    ) -> (
        LocalAnswer,
        bridgescope_app::model::reach::NamespaceFindings,
        Tools,
    ) {
        let mut hosts = parse_hosts(&files::hosts(pid).await.unwrap_or_default());
        if let Origin::Container { id, .. } = &plan.origin {
            if let Some(a) = topology.containers.get(id) {
                mark_link_lines(a, &mut hosts);
            }
        }
        let resolver = parse_resolv_conf(&files::resolv_conf(pid).await.unwrap_or_default());
        let local = resolve_locally(plan, &hosts, &resolver);
        let question = Question {
            pid,
            dns_name: match (&local, &plan.target) {
                (LocalAnswer::AskEmbeddedDns, Target::Name(name)) => Some(name.clone()),
                _ => None,
            },
            known_ip: match &local {
                LocalAnswer::Ip(ip) => Some(*ip),
                LocalAnswer::Hosts(line) => line.ip.parse().ok(),
                _ => None,
            },
            port: plan.port,
            ports_by_ip: published_ports(topology),
            stage_timeout: STAGE_TIMEOUT,
        };
        let asks_anything = question.dns_name.is_some() || question.known_ip.is_some();
        let findings = if asks_anything {
            ask(question).await
        } else {
            Default::default()
        };
        let tools = match pid {
            Some(pid) => files::missing_tools(pid).await,
            None => Tools::default(),
        };
        (local, findings, tools)
    }

    /// The container's nameservers, hosts lines and which names it can resolve.
    pub async fn names(&self, container: &str) -> Result<NameView, ProbeError> {
        validate_name(NameKind::Container, container)
            .map_err(|_| ProbeRefusal::BadName(container.chars().take(40).collect()))?;
        let topology = self.topology()?;
        let a = topology
            .container_by_name(container)
            .ok_or_else(|| ProbeRefusal::NoSuchOrigin(container.to_string()))?;
        if !a.is_running() {
            return Err(ProbeRefusal::OriginStopped(a.name.clone()).into());
        }
        let origin = Origin::Container {
            id: a.id.clone(),
            name: a.name.clone(),
        };
        let pid = self.pid_of(&origin)?;
        let mut hosts = parse_hosts(&files::hosts(pid).await.unwrap_or_default());
        mark_link_lines(a, &mut hosts);
        let resolver = parse_resolv_conf(&files::resolv_conf(pid).await.unwrap_or_default());
        Ok(name_view(&topology, a, &resolver, hosts))
    }

    fn topology(&self) -> Result<Topology, ProbeError> {
        let topology = self.live.snapshots.borrow().topology.clone();
        if !topology.engine.is_connected() {
            return Err(ProbeError::Unreachable);
        }
        Ok(topology)
    }

    /// The process to ask from (none for the host), once we know bridgescope can enter it.
    fn pid_of(&self, origin: &Origin) -> Result<Option<i64>, ProbeError> {
        let Origin::Container { id, .. } = origin else {
            return Ok(None);
        };
        if let Some(remote) = &self.remote {
            return Err(ProbeError::Remote(remote.clone()));
        }
        if !nix::unistd::geteuid().is_root() {
            return Err(ProbeError::NotRoot);
        }
        let pid = self.live.pids.borrow().get(id).copied().unwrap_or(0);
        Ok(Some(pid))
    }
}

/// The published container ports at each container address: what TCP tries when the request
/// names no port.
fn published_ports(topology: &Topology) -> BTreeMap<Ipv4Addr, Vec<u16>> {
    let mut ports = BTreeMap::new();
    for container in topology.containers.values() {
        let mut own: Vec<u16> = container.ports.iter().map(|p| p.container_port).collect();
        own.sort_unstable();
        own.dedup();
        for ip in container.endpoints.values().filter_map(|e| e.ip()) {
            if let Ok(ip) = ip.parse() {
                ports.insert(ip, own.clone());
            }
        }
    }
    ports
}
