//! The invariants of ARCHITECTURE.md that a reading of the source can check, checked: each test
//! reads the tree and fails naming the file and line that breaks its rule. Comments are not
//! code: a line whose text starts with `//` is skipped.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file below `dir` (relative to the workspace), with its path from the workspace.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut pending = vec![workspace().join(dir)];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
                let shown = path
                    .strip_prefix(workspace())
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                found.push((shown, text));
            }
        }
    }
    assert!(!found.is_empty(), "no Rust files under {dir}");
    found
}

/// `file:line: text` for every code line of the files under `dir` (except those under one of
/// `allowed`) that contains one of `words`.
fn offending_lines(dir: &str, allowed: &[&str], words: &[&str]) -> Vec<String> {
    let mut offending = Vec::new();
    for (path, text) in rust_files(dir) {
        if allowed.iter().any(|a| path.starts_with(a)) {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if words.iter().any(|w| code.contains(w)) {
                offending.push(format!("{path}:{}: {}", number + 1, code));
            }
        }
    }
    offending
}

#[test]
fn only_the_docker_adapter_knows_bollard() {
    let offending = offending_lines("server/src", &["server/src/docker/"], &["bollard"]);
    assert!(
        offending.is_empty(),
        "bollard outside server/src/docker:\n{}",
        offending.join("\n")
    );
}

#[test]
fn only_the_netlink_module_touches_netlink_and_namespaces() {
    let offending = offending_lines(
        "server/src",
        &["server/src/netlink/"],
        &["rtnetlink", "netlink_packet", "setns", "nix::sched"],
    );
    assert!(
        offending.is_empty(),
        "netlink outside server/src/netlink:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_model_and_the_layout_do_no_io() {
    let io = [
        "tokio",
        "std::fs",
        "std::net::Tcp",
        "std::net::Udp",
        "TcpStream",
        "UdpSocket",
        "std::process",
        "std::thread",
        "web_sys",
        "gloo",
        "reqwest",
        "leptos",
        "axum",
    ];
    for dir in ["app/src/model", "app/src/layout"] {
        let offending = offending_lines(dir, &[], &io);
        assert!(
            offending.is_empty(),
            "I/O in {dir}:\n{}",
            offending.join("\n")
        );
    }
}

#[test]
fn unwrap_and_expect_are_denied_outside_tests_in_the_server_and_the_app() {
    let deny = "#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]";
    for root in ["server/src/lib.rs", "server/src/main.rs", "app/src/lib.rs"] {
        let path = workspace().join(root);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        assert!(
            text.contains(deny),
            "{root} does not deny unwrap and expect: add {deny}"
        );
    }
}

#[test]
fn every_lab_change_names_its_object_by_id() {
    // The adapter's changing calls take ContainerId / NetworkId; none takes a name as &str.
    let (_, lab) = rust_files("server/src/docker")
        .into_iter()
        .find(|(path, _)| path.ends_with("docker/lab.rs"))
        .expect("server/src/docker/lab.rs");
    for call in [
        "fn lifecycle(",
        "fn remove_network(",
        "fn connect_container(",
        "fn disconnect_container(",
    ] {
        let signature: String = lab
            .split(call)
            .nth(1)
            .unwrap_or_else(|| panic!("no {call} in docker/lab.rs"))
            .split('{')
            .next()
            .unwrap_or("")
            .to_string();
        assert!(
            signature.contains("Id") && !signature.contains("name: &str"),
            "{call} must take ContainerId/NetworkId: {signature}"
        );
    }
}

/// Whether `comment` states a timing such as "12 ms" (a digit, a space, "ms").
fn states_a_timing(comment: &str) -> bool {
    let bytes = comment.as_bytes();
    comment.match_indices(" ms").any(|(at, _)| {
        let digit_before = at > 0 && bytes[at - 1].is_ascii_digit();
        let word_ends = bytes.get(at + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        digit_before && word_ends
    })
}

#[test]
fn measured_figures_live_in_the_benchmarks_not_in_comments() {
    let mut offending = Vec::new();
    for dir in ["app/src", "server/src", "frontend/src"] {
        for (path, text) in rust_files(dir) {
            for (number, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") && states_a_timing(code) {
                    offending.push(format!("{path}:{}: {code}", number + 1));
                }
            }
        }
    }
    assert!(
        offending.is_empty(),
        "a timing in a comment (say the mechanism, put the figure in docs/BENCHMARKS.md under \
         a heading the comment names):\n{}",
        offending.join("\n")
    );
    assert!(states_a_timing("// about 7 ms at 100") && !states_a_timing("// 5 msgs"));
}
