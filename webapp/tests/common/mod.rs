//! Shared fixtures: a real `redis-server` on a loopback port, the web app served in-process on
//! another, and a small HTTP helper. Every process started here is killed when its handle is
//! dropped, so a failing (panicking) test leaves nothing running.
//!
//! Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bridgescope_webapp::{app, RedisTarget, Store};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

/// A port nobody listens on right now: bind port 0, note what the kernel picked, let it go.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a free loopback port");
    listener.local_addr().expect("local address").port()
}

/// Waits until something accepts TCP connections on 127.0.0.1:`port`.
pub async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_ok()
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not listen on 127.0.0.1:{port} within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Whether a Redis on 127.0.0.1:`port` answers PING.
async fn answers_ping(port: u16) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut stream) = tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).await else {
        return false;
    };
    let mut reply = [0u8; 7];
    let exchange = async {
        stream.write_all(b"PING\r\n").await?;
        stream.read_exact(&mut reply).await
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(2), exchange).await,
        Ok(Ok(_))
    ) && &reply == b"+PONG\r\n"
}

/// A throwaway `redis-server`: loopback only, no persistence, killed on drop.
pub struct Redis {
    pub port: u16,
    child: Option<Child>,
}

impl Redis {
    /// Starts one on a free port. Another test may take the port between the moment it was
    /// picked and redis-server binding it; then redis-server exits and another port is tried.
    pub async fn start() -> Redis {
        for _ in 0..5 {
            let mut redis = Redis {
                port: free_port(),
                child: None,
            };
            if redis.try_restart().await {
                return redis;
            }
        }
        panic!("redis-server found no free loopback port in 5 tries")
    }

    /// Starts one on `port` (used to bring Redis "back" on the port the app knows).
    pub async fn start_on(port: u16) -> Redis {
        let mut redis = Redis { port, child: None };
        redis.restart().await;
        redis
    }

    /// Starts the server again after [`Redis::stop`], on the same port.
    pub async fn restart(&mut self) {
        assert!(
            self.try_restart().await,
            "redis-server on port {} exited at once; is the port taken?",
            self.port
        );
    }

    /// Starts redis-server on `self.port` and waits until it answers PING there (a bare TCP
    /// connect could reach whichever process holds the port). False if it exited instead.
    async fn try_restart(&mut self) -> bool {
        assert!(self.child.is_none(), "redis-server is already running");
        let spawned = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => panic!(
                "cannot start redis-server ({e}). These tests need a real Redis: \
                 install Debian's package with `apt-get install -y redis-server` \
                 (it provides /usr/bin/redis-server)"
            ),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if child.try_wait().expect("poll redis-server").is_some() {
                return false;
            }
            if answers_ping(self.port).await {
                self.child = Some(child);
                return true;
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer on 127.0.0.1:{} within 10 s",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Kills the server and waits until it is gone, so the port is closed afterwards.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.expect("kill redis-server");
        }
    }
}

/// The web app, served in-process on a free loopback port. The server task is aborted on drop.
pub struct App {
    pub base: String,
    task: JoinHandle<()>,
}

impl App {
    /// Serves the app against Redis at `host:port`.
    pub async fn start(host: &str, port: u16) -> App {
        let store = Store::new(RedisTarget {
            host: host.to_string(),
            port,
        })
        .expect("a valid Redis address");
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("bind the web app to a loopback port");
        let addr: SocketAddr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app(Arc::new(store)))
                .await
                .expect("serve the web app");
        });
        App {
            base: format!("http://{addr}"),
            task,
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An HTTP client for 127.0.0.1 only: no proxy from the environment, bounded waits.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(15))
        .build()
        .expect("build the HTTP client")
}

/// What a GET answered: status, Content-Type, body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

pub async fn get(client: &reqwest::Client, url: &str) -> Answer {
    let response = client
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.text().await.expect("read the body");
    Answer {
        status,
        content_type,
        body,
    }
}

/// Percent-encodes everything but the unreserved characters, as a careful client would.
pub fn enc(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `/redis/set?key=…&value=…` with both parts encoded.
pub fn set_url(base: &str, key: &str, value: &str) -> String {
    format!("{base}/redis/set?key={}&value={}", enc(key), enc(value))
}

/// `/redis/get?key=…` with the key encoded.
pub fn get_url(base: &str, key: &str) -> String {
    format!("{base}/redis/get?key={}", enc(key))
}
