//! The server in-process, as tokio's mini-redis tests run theirs: bound to port 0 (no port can
//! be taken by another test first), stopped when the test's handle is dropped. Tests of the
//! binary itself (its command line, signals) start the real binary instead.

use std::ops::{Deref, DerefMut};

use bridgescope_server::{Access, Config, Endpoint, HostPolicy, LabConfig, Limits};
use bridgescope_testkit::{free_port, ServerProcess, REDIS_IMAGE};

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

impl InProcess {
    /// Serves on a fresh loopback port, watching the engine at `engine`, as the binary does
    /// with its defaults (loopback, actions open).
    pub async fn start(engine: &str) -> Self {
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(listener) => listener,
            Err(error) => panic!("cannot bind a loopback port: {error}"),
        };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(error) => panic!("no local address: {error}"),
        };
        let state_dir = std::env::temp_dir().join(format!(
            "bst-state-{}-inproc-{}",
            std::process::id(),
            addr.port()
        ));
        let config = Config {
            access: Access {
                read_only: false,
                token: None,
                hosts: HostPolicy::Loopback,
            },
            lab: LabConfig {
                redis_image: REDIS_IMAGE.into(),
                webapp_binary: None,
                demo_port: free_port(),
                state_dir: state_dir.clone(),
            },
            limits: Limits::default(),
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(bridgescope_server::run(
            listener,
            Endpoint::new(engine),
            config,
            async {
                let _ = stopped.await;
            },
        ));
        let server = ServerProcess::at(format!("http://{addr}"), state_dir).await;
        Self {
            server,
            stop: Some(stop),
            task,
        }
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
