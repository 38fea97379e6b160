//! The real `bridgescope` binary, started on a free loopback port for one test.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

/// How to start the server: extra arguments and environment, the address to bind, a log file.
#[derive(Default)]
pub struct ServerOptions<'a> {
    pub args: &'a [&'a str],
    pub env: &'a [(&'a str, &'a str)],
    pub bind_host: Option<&'a str>,
    pub log: Option<&'a Path>,
}

pub struct ServerProcess {
    /// `None` for a server the test runs itself, in-process ([`ServerProcess::at`]).
    child: Option<Child>,
    base_url: String,
    http: reqwest::Client,
    /// The server's own state folder (the lab's record of what it made), removed on drop:
    /// servers of parallel tests never share one.
    state_dir: std::path::PathBuf,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.state_dir);
    }
}

impl ServerProcess {
    /// Starts `binary --bind 127.0.0.1:<free port>` with the given extra environment and waits
    /// until it answers `/api/topology`.
    pub async fn start(binary: &Path, env: &[(&str, &str)]) -> Self {
        Self::start_with_log(binary, env, None).await
    }

    /// Like [`ServerProcess::start`], with the server's log (standard error) in `log`.
    pub async fn start_with_log(binary: &Path, env: &[(&str, &str)], log: Option<&Path>) -> Self {
        Self::start_with(
            binary,
            &ServerOptions {
                env,
                log,
                ..Default::default()
            },
        )
        .await
    }

    /// Starts the server as `options` say. Requests always go to 127.0.0.1, also when the
    /// server binds another address (0.0.0.0 covers loopback).
    pub async fn start_with(binary: &Path, options: &ServerOptions<'_>) -> Self {
        let port = free_port();
        let state_dir =
            std::env::temp_dir().join(format!("bst-state-{}-{port}", std::process::id()));
        let mut command = Command::new(binary);
        command
            .env("XDG_STATE_HOME", &state_dir)
            .arg("--bind")
            .arg(format!(
                "{}:{port}",
                options.bind_host.unwrap_or("127.0.0.1")
            ))
            .args(options.args)
            .envs(options.env.iter().copied())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        if let Some(path) = options.log {
            match std::fs::File::create(path) {
                Ok(file) => {
                    command.stderr(file);
                }
                Err(error) => panic!("cannot create {}: {error}", path.display()),
            }
        }
        let child = match command.spawn() {
            Ok(child) => child,
            Err(error) => panic!("cannot start {}: {error}", binary.display()),
        };
        let server = Self {
            child: Some(child),
            base_url: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
            state_dir,
        };
        server.wait_until_it_answers().await;
        server
    }

    /// A server the test runs itself (in-process) at `base_url`, keeping its state in
    /// `state_dir` (removed on drop); waits until it answers `/api/topology`.
    pub async fn at(base_url: String, state_dir: std::path::PathBuf) -> Self {
        let server = Self {
            child: None,
            base_url,
            http: reqwest::Client::new(),
            state_dir,
        };
        server.wait_until_it_answers().await;
        server
    }

    async fn wait_until_it_answers(&self) {
        let url = self.url("/api/topology");
        crate::eventually("the server to answer", Duration::from_secs(20), || {
            let request = self.http.get(&url).send();
            async move { request.await.ok().filter(|r| r.status().is_success()) }
        })
        .await;
    }

    /// The folder the server keeps its state in.
    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// `POST path` with a JSON body and extra headers; returns the status and the JSON answer.
    pub async fn post(
        &self,
        path: &str,
        body: &serde_json::Value,
        headers: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let mut request = self.http.post(self.url(path)).json(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let text = match response.text().await {
                    Ok(text) => text,
                    Err(error) => panic!("POST {path} answered {status}, its body unread: {error}"),
                };
                let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
                (status, json)
            }
            Err(error) => panic!("POST {path} failed: {error}"),
        }
    }

    /// `GET path` as text, with its status.
    pub async fn get_text(&self, path: &str) -> (u16, String) {
        match self.http.get(self.url(path)).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                match response.text().await {
                    Ok(text) => (status, text),
                    Err(error) => panic!("GET {path} answered {status}, its body unread: {error}"),
                }
            }
            Err(error) => panic!("GET {path} failed: {error}"),
        }
    }

    /// `GET path` with `Accept-Encoding: accept`: the status, the `Content-Encoding` the
    /// server chose (empty for none) and the body's bytes as sent (not decoded).
    pub async fn get_encoded(&self, path: &str, accept: &str) -> (u16, String, Vec<u8>) {
        let (status, encoding, response) = self.get_accepting(path, accept).await;
        let body = match response.bytes().await {
            Ok(bytes) => bytes.to_vec(),
            Err(error) => panic!("GET {path} answered {status}, its body unread: {error}"),
        };
        (status, encoding, body)
    }

    /// `GET path` with `Accept-Encoding: accept`: the status and the `Content-Encoding` the
    /// server chose, without reading the body (for a stream that does not end).
    pub async fn get_encoded_head(&self, path: &str, accept: &str) -> (u16, String) {
        let (status, encoding, _unread) = self.get_accepting(path, accept).await;
        (status, encoding)
    }

    /// `GET path` with `Accept-Encoding: accept`: status, `Content-Encoding` (empty for none),
    /// and the response with its body still unread.
    async fn get_accepting(&self, path: &str, accept: &str) -> (u16, String, reqwest::Response) {
        let request = self
            .http
            .get(self.url(path))
            .header(reqwest::header::ACCEPT_ENCODING, accept);
        match request.send().await {
            Ok(response) => {
                // No header means no encoding: "". A header that is not text is a failure.
                let encoding = match response.headers().get(reqwest::header::CONTENT_ENCODING) {
                    None => String::new(),
                    Some(value) => match value.to_str() {
                        Ok(text) => text.to_string(),
                        Err(error) => panic!("GET {path}: Content-Encoding {value:?}: {error}"),
                    },
                };
                (response.status().as_u16(), encoding, response)
            }
            Err(error) => panic!("GET {path} failed: {error}"),
        }
    }

    /// `GET /api/topology` as JSON.
    pub async fn topology(&self) -> serde_json::Value {
        let (status, body) = self.get_text("/api/topology").await;
        assert_eq!(status, 200, "GET /api/topology answered {status}: {body}");
        match serde_json::from_str(&body) {
            Ok(json) => json,
            Err(error) => panic!("/api/topology is not JSON ({error}): {body}"),
        }
    }

    /// Polls `/api/topology` until `check` accepts it.
    pub async fn wait_for_topology<F>(&self, what: &str, check: F) -> serde_json::Value
    where
        F: Fn(&serde_json::Value) -> bool,
    {
        crate::eventually(what, Duration::from_secs(15), || async {
            let topology = self.topology().await;
            check(&topology).then_some(topology)
        })
        .await
    }

    /// A server ready to run the demo: Redis from the locally built test image, the web app
    /// published on a free loopback port, the web app binary from the musl build; connected to
    /// Docker. The guard resets the lab (removes what the demo made) when dropped.
    pub async fn start_for_demo(binary: &Path) -> (Self, crate::ResetLabOnDrop) {
        let port = free_port().to_string();
        let webapp = crate::webapp_binary().to_string_lossy().to_string();
        let args = [
            "--redis-image",
            crate::REDIS_IMAGE,
            "--demo-port",
            &port,
            "--webapp-binary",
            &webapp,
        ];
        let server = Self::start_with(
            binary,
            &ServerOptions {
                args: &args,
                ..Default::default()
            },
        )
        .await;
        let reset = crate::ResetLabOnDrop(server.url("/api/lab/reset"));
        server
            .wait_for_topology("connected", |t| t["engine"]["state"] == "connected")
            .await;
        (server, reset)
    }

    /// The process id, for reading its memory and CPU from /proc.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref()?.id()
    }

    /// Whether the process still runs and answers.
    pub async fn is_running_now(&self) -> bool {
        self.http
            .get(self.url("/api/topology"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    }

    /// Whether the process is still running (a panic would have ended it).
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_none_or(|child| matches!(child.try_wait(), Ok(None)))
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(error) => panic!("no free loopback port: {error}"),
    }
}
