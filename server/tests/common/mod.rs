//! The server in-process, as tokio's mini-redis tests run theirs: bound to port 0 (no port can
//! be taken by another test first), stopped when the test's handle is dropped. What the binary
//! reads from its command line (read-only, token, allowed hosts, web app binary, demo port) a
//! test gives through [`InProcess::with`]. Tests of the binary itself (its command line, its
//! signals, the token it prints) start the real binary instead.

#![allow(dead_code)] // every test file includes this module and uses a part of it

use std::net::{IpAddr, Ipv4Addr};
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use bridgescope_server::{Access, Config, Endpoint, HostPolicy, LabConfig, Limits};
use bridgescope_testkit::{free_port, webapp_binary, ResetLabOnDrop, ServerProcess, REDIS_IMAGE};

/// The engine every test uses unless it names another: `DOCKER_HOST`, else Docker's socket.
pub fn default_engine() -> String {
    Endpoint::from_env().to_string()
}

/// A running in-process server; stops when dropped.
pub struct InProcess {
    server: ServerProcess,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

/// How to run an in-process server: what the binary reads from its command line (`--bind`,
/// `--read-only`, `--allow-host`, `--webapp-binary`, `--demo-port`) and the presenter token
/// it makes for a bind beyond loopback, given to [`bridgescope_server::run`] as its `Config`.
/// Start from [`InProcess::with`]; the defaults are the binary's (loopback, actions open).
pub struct Options {
    engine: String,
    bind: IpAddr,
    access: Access,
    webapp_binary: Option<PathBuf>,
    demo_port: u16,
    limits: Limits,
}

impl Options {
    /// Binds `ip` (port 0) instead of 127.0.0.1; requests still go to 127.0.0.1.
    pub fn bind(mut self, ip: IpAddr) -> Self {
        self.bind = ip;
        self
    }

    /// `--read-only`: every action off.
    pub fn read_only(mut self) -> Self {
        self.access.read_only = true;
        self
    }

    /// Actions need this presenter token, as when the binary binds beyond loopback.
    pub fn token(mut self, token: &str) -> Self {
        self.access.token = Some(token.to_string());
        self
    }

    /// Answers IP addresses, `localhost` and `names` in the Host header (`--allow-host`), as
    /// beyond loopback, instead of loopback names only.
    pub fn allow_hosts(mut self, names: &[&str]) -> Self {
        self.access.hosts = HostPolicy::Named(names.iter().map(|n| n.to_string()).collect());
        self
    }

    /// `--webapp-binary`: the demo's web app from the musl build.
    pub fn webapp_binary(mut self, path: PathBuf) -> Self {
        self.webapp_binary = Some(path);
        self
    }

    /// `--demo-port`: where the demo publishes its web app on 127.0.0.1 (a free port unless
    /// given).
    pub fn demo_port(mut self, port: u16) -> Self {
        self.demo_port = port;
        self
    }

    /// Other connection and stream limits than the binary's.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Serves on a fresh port of the bind address, and waits until it answers.
    pub async fn start(self) -> InProcess {
        let listener = match tokio::net::TcpListener::bind((self.bind, 0)).await {
            Ok(listener) => listener,
            Err(error) => panic!("cannot bind a port on {}: {error}", self.bind),
        };
        let port = match listener.local_addr() {
            Ok(addr) => addr.port(),
            Err(error) => panic!("no local address: {error}"),
        };
        let state_dir =
            std::env::temp_dir().join(format!("bst-state-{}-inproc-{port}", std::process::id()));
        let config = Config {
            access: self.access,
            lab: LabConfig {
                redis_image: REDIS_IMAGE.into(),
                webapp_binary: self.webapp_binary,
                demo_port: self.demo_port,
                state_dir: state_dir.clone(),
            },
            limits: self.limits,
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(bridgescope_server::run(
            listener,
            Endpoint::new(&self.engine),
            config,
            async {
                let _ = stopped.await;
            },
        ));
        let server = ServerProcess::at(format!("http://127.0.0.1:{port}"), state_dir).await;
        InProcess {
            server,
            stop: Some(stop),
            task,
        }
    }
}

impl InProcess {
    /// Serves on a fresh loopback port, watching the engine at `engine`, as the binary does
    /// with its defaults (loopback, actions open).
    pub async fn start(engine: &str) -> Self {
        Self::with(engine).start().await
    }

    /// The options of a server watching `engine`, to change before [`Options::start`].
    pub fn with(engine: &str) -> Options {
        Options {
            engine: engine.to_string(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            access: Access {
                read_only: false,
                token: None,
                hosts: HostPolicy::Loopback,
            },
            webapp_binary: None,
            demo_port: free_port(),
            limits: Limits::default(),
        }
    }

    /// A server ready to run the demo, watching the default engine: Redis from the locally
    /// built test image, the web app from the musl build on a free port; connected to Docker.
    /// The guard resets the lab (removes what the demo made) when dropped.
    pub async fn start_for_demo() -> (Self, ResetLabOnDrop) {
        let server = Self::with(&default_engine())
            .webapp_binary(webapp_binary())
            .start()
            .await;
        let reset = ResetLabOnDrop(server.url("/api/lab/reset"));
        server.wait_until_connected().await;
        (server, reset)
    }

    /// Waits until the server reports the engine connected.
    pub async fn wait_until_connected(&self) {
        self.wait_for_topology("connected", |t| t["engine"]["state"] == "connected")
            .await;
    }

    /// Whether the server still serves (its task has not ended) and answers.
    pub async fn is_serving(&self) -> bool {
        !self.task.is_finished() && self.server.is_running_now().await
    }
}

impl Deref for InProcess {
    type Target = ServerProcess;
    fn deref(&self) -> &ServerProcess {
        &self.server
    }
}

impl DerefMut for InProcess {
    fn deref_mut(&mut self) -> &mut ServerProcess {
        &mut self.server
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}
