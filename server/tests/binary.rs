//! The real `bridgescope` binary: its command line and its signals. Everything else is tested
//! in-process (`tests/common`) or, where a test compares builds, against the binary.

use std::path::Path;
use std::time::Duration;

use bridgescope_testkit::ServerProcess;

const BINARY: &str = env!("CARGO_BIN_EXE_bridgescope");

#[test]
fn help_names_every_option_and_the_environment() {
    let output = std::process::Command::new(BINARY)
        .arg("--help")
        .output()
        .expect("run bridgescope --help");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--bind",
        "--read-only",
        "--redis-image",
        "--demo-port",
        "--webapp-binary",
        "--state-dir",
        "--allow-host",
        "DOCKER_HOST",
        "RUST_LOG",
    ] {
        assert!(
            text.contains(option),
            "--help does not mention {option}:\n{text}"
        );
    }
}

#[test]
fn a_bad_argument_is_refused_with_a_message() {
    let output = std::process::Command::new(BINARY)
        .args(["--bind", "not-an-address"])
        .output()
        .expect("run bridgescope");
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("--bind"), "{text}");
}

#[tokio::test]
async fn sigterm_ends_the_server_cleanly() {
    let mut server = ServerProcess::start(Path::new(BINARY), &[]).await;
    let pid = server.pid().expect("the server's pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let exit = bridgescope_testkit::eventually(
        "the server to end after SIGTERM",
        Duration::from_secs(10),
        || {
            let ended = !server.is_running();
            async move { ended.then_some(()) }
        },
    )
    .await;
    let () = exit;
    assert!(!server.is_running_now().await);
}
