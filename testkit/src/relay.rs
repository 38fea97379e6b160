//! A unix-socket relay in front of the Docker socket. Given to the server as `DOCKER_HOST`, it
//! lets a test play an engine that disappears ([`UnixRelay::cut`]) and comes back
//! ([`UnixRelay::restore`]) without touching the real engine.

use std::path::{Path, PathBuf};

use tokio::net::{UnixListener, UnixStream};
use tokio::task::{JoinHandle, JoinSet};

pub struct UnixRelay {
    listen: PathBuf,
    target: PathBuf,
    task: Option<JoinHandle<()>>,
}

impl UnixRelay {
    /// A relay that will listen on `listen` and forward to `target`; not started yet.
    pub fn new(listen: &Path, target: &Path) -> Self {
        Self {
            listen: listen.to_path_buf(),
            target: target.to_path_buf(),
            task: None,
        }
    }

    /// `unix://<listen path>`, for `DOCKER_HOST`.
    pub fn docker_host(&self) -> String {
        format!("unix://{}", self.listen.display())
    }

    /// Starts listening and forwarding.
    pub fn restore(&mut self) {
        self.cut();
        let listener = match UnixListener::bind(&self.listen) {
            Ok(listener) => listener,
            Err(error) => panic!("cannot listen on {}: {error}", self.listen.display()),
        };
        let target = self.target.clone();
        self.task = Some(tokio::spawn(forward_all(listener, target)));
    }

    /// Closes the socket and every relayed connection.
    pub fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        let _ = std::fs::remove_file(&self.listen);
    }
}

impl Drop for UnixRelay {
    fn drop(&mut self) {
        self.cut();
    }
}

async fn forward_all(listener: UnixListener, target: PathBuf) {
    // Connections live in this set, so aborting the task drops (closes) all of them.
    let mut connections = JoinSet::new();
    while let Ok((mut client, _)) = listener.accept().await {
        let target = target.clone();
        connections.spawn(async move {
            if let Ok(mut upstream) = UnixStream::connect(&target).await {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            }
        });
    }
}
