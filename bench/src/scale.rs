//! Scale: with 10, 100 and 300 running containers, a fresh server's full snapshot build time
//! (its own log line), its resident memory, and its CPU use while idle with nobody watching.

use std::path::Path;
use std::time::Duration;

use bridgescope_testkit::{Lab, Run, ServerProcess};
use futures::future::join_all;

const SIZES: [usize; 3] = [10, 100, 300];
const STARTS_PER_SIZE: usize = 3;
const IDLE: Duration = Duration::from_secs(10);

pub async fn run(binary: &Path) {
    let lab = Lab::new().await;
    let net = lab
        .create_network("scale", Some("10.214.0.0/16"), None)
        .await;
    let run = Run::sleeper(&[&net]);
    let mut made = 0;
    println!("\nscale (fresh server per start, median of {STARTS_PER_SIZE} starts):");
    for size in SIZES {
        while made < size {
            let batch: Vec<String> = (made..size.min(made + 20))
                .map(|i| format!("s{i:03}"))
                .collect();
            join_all(batch.iter().map(|suffix| lab.run(suffix, &run))).await;
            made += batch.len();
        }
        let mut build_ms = Vec::new();
        let mut rss_mb = 0.0;
        let mut idle_cpu = 0.0;
        for start in 0..STARTS_PER_SIZE {
            let log = std::env::temp_dir().join(format!("bst-bench-{size}-{start}.log"));
            let server = ServerProcess::start_with_log(binary, &[], Some(&log)).await;
            let millis = wait_build_millis(&log, size).await;
            build_ms.push(millis);
            if start == 0 {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let pid = server
                    .pid()
                    .unwrap_or_else(|| panic!("the server of {size} containers has exited"));
                rss_mb = rss_kb(pid) as f64 / 1024.0;
                let before = cpu_ticks(pid);
                tokio::time::sleep(IDLE).await;
                let ticks = cpu_ticks(pid).saturating_sub(before);
                idle_cpu = ticks as f64 / 100.0 / IDLE.as_secs_f64() * 100.0;
            }
            let _ = std::fs::remove_file(&log);
        }
        build_ms.sort_by(f64::total_cmp);
        println!(
            "{size:>4} containers: full snapshot {:>7.1} ms (runs: {}), RSS {rss_mb:>5.1} MB, idle CPU {idle_cpu:.2}% over {}s",
            build_ms[build_ms.len() / 2],
            build_ms.iter().map(|m| format!("{m:.1}")).collect::<Vec<_>>().join(", "),
            IDLE.as_secs()
        );
    }
}

/// Reads the server's log until its "full snapshot built" line counts `size` or more of the
/// lab's containers; returns its millis.
async fn wait_build_millis(log: &Path, size: usize) -> f64 {
    for _ in 0..600 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        for line in text.lines().filter(|l| l.contains("full snapshot built")) {
            let containers = field(line, "containers=").unwrap_or(0.0);
            if containers >= size as f64 {
                return field(line, "millis=").unwrap_or(f64::NAN);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no full snapshot of {size} containers in {}", log.display());
}

fn field(line: &str, key: &str) -> Option<f64> {
    let clean: String = strip_ansi(line);
    let start = clean.find(key)? + key.len();
    let value: String = clean[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    value.parse().ok()
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}

fn rss_kb(pid: u32) -> u64 {
    let path = format!("/proc/{pid}/status");
    let status = match std::fs::read_to_string(&path) {
        Ok(status) => status,
        Err(error) => panic!("cannot read {path}: {error}"),
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or_else(|| panic!("no VmRSS in {path}:\n{status}"))
}

/// utime + stime of the process, in clock ticks (100 per second on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let path = format!("/proc/{pid}/stat");
    let stat = match std::fs::read_to_string(&path) {
        Ok(stat) => stat,
        Err(error) => panic!("cannot read {path}: {error}"),
    };
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |at: usize| -> u64 {
        fields
            .get(at)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no clock ticks in field {at} of {path}: {stat}"))
    };
    // utime and stime: fields 14 and 15 of stat, 11 and 12 after the name.
    ticks(11) + ticks(12)
}
