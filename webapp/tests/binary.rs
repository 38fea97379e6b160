//! The built `webapp` binary itself: the `probe` subcommand, serving configured through the
//! environment (as in a container), and a clean stop on SIGTERM (as `docker stop` sends).

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::{client, free_port, get, get_url, set_url, wait_for_port, Redis};
use tokio::process::{Child, Command};

const WEBAPP: &str = env!("CARGO_BIN_EXE_webapp");

/// Runs `webapp probe TARGET`: (exit code, stdout).
async fn probe(target: &str) -> (Option<i32>, String) {
    let output = tokio::time::timeout(
        Duration::from_secs(15),
        Command::new(WEBAPP)
            .args(["probe", target])
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("probe finished within 15 s")
    .expect("run webapp probe");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code(), stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_reports_ok_against_redis() {
    let redis = Redis::start().await;
    let (code, stdout) = probe(&format!("127.0.0.1:{}", redis.port)).await;
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0], "resolve 127.0.0.1: 127.0.0.1");
    let connect = format!("connect 127.0.0.1:{}: ok (", redis.port);
    assert!(lines[1].starts_with(&connect), "{stdout}");
    assert!(lines[1].ends_with(" ms)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_reports_failure_against_a_closed_port() {
    let port = free_port();
    let (code, stdout) = probe(&format!("127.0.0.1:{port}")).await;
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("resolve 127.0.0.1: 127.0.0.1"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "connect 127.0.0.1:{port}: failed: connection refused"
        )),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_rejects_a_target_without_port() {
    let (code, _) = probe("redis").await;
    assert_eq!(
        code,
        Some(2),
        "a usage error exits 2, like every clap program"
    );
}

/// Starts the binary with `args` and `PORT`/`REDIS_*` in its environment.
fn spawn_webapp(args: &[&str], port: u16, redis_port: u16) -> Child {
    Command::new(WEBAPP)
        .args(args)
        .env("PORT", port.to_string())
        .env("REDIS_HOST", "127.0.0.1")
        .env("REDIS_PORT", redis_port.to_string())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the webapp binary")
}

/// Sends SIGTERM (what `docker stop` sends) and expects a clean exit within 5 s.
async fn terminate(child: &mut Child) {
    let pid = child.id().expect("the web app is still running");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -TERM {pid} failed");
    let exit = tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .expect("the web app stops within 5 s of SIGTERM")
        .expect("wait for the web app");
    assert!(exit.success(), "exit after SIGTERM: {exit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_from_environment_and_stops_on_sigterm() {
    let redis = Redis::start().await;
    let port = free_port();
    // No subcommand: serving is the default. It binds 0.0.0.0; we talk to it on 127.0.0.1.
    let mut webapp = spawn_webapp(&[], port, redis.port);
    wait_for_port(port, "the webapp binary").await;
    let base = format!("http://127.0.0.1:{port}");
    let http = client();

    let set = get(&http, &set_url(&base, "from env", "yes & more")).await;
    assert_eq!((set.status, set.body.as_str()), (200, "success"));
    assert_eq!(
        get(&http, &get_url(&base, "from env")).await.body,
        "yes & more"
    );
    let page = get(&http, &format!("{base}/")).await;
    assert!(page.body.contains(&format!("127.0.0.1:{}", redis.port)));

    terminate(&mut webapp).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_subcommand_flags_override_the_environment() {
    let redis = Redis::start().await;
    let port = free_port();
    let env_port = free_port();
    let mut webapp = spawn_webapp(
        &["serve", "--bind", "127.0.0.1", "--port", &port.to_string()],
        env_port,
        redis.port,
    );
    wait_for_port(port, "the webapp binary").await;
    let http = client();
    let set = get(
        &http,
        &set_url(&format!("http://127.0.0.1:{port}"), "k", "v"),
    )
    .await;
    assert_eq!((set.status, set.body.as_str()), (200, "success"));

    terminate(&mut webapp).await;
}
