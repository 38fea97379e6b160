//! A container's own files, read through `/proc/<pid>/root` (the container's root as its
//! processes see it), with no tool inside the image: the hosts file, resolv.conf, and whether
//! the tools of the hand commands exist there. The host's files when there is no pid.

use std::path::PathBuf;

use bridgescope_app::model::reach::Tools;

fn root_of(pid: Option<i64>) -> PathBuf {
    match pid {
        Some(pid) => PathBuf::from(format!("/proc/{pid}/root")),
        None => PathBuf::from("/"),
    }
}

async fn read(pid: Option<i64>, path: &str) -> Option<String> {
    tokio::fs::read_to_string(root_of(pid).join(path))
        .await
        .ok()
}

pub async fn hosts(pid: Option<i64>) -> Option<String> {
    read(pid, "etc/hosts").await
}

pub async fn resolv_conf(pid: Option<i64>) -> Option<String> {
    read(pid, "etc/resolv.conf").await
}

/// The hand commands' tools that none of the usual folders of the container has.
pub async fn missing_tools(pid: i64) -> Tools {
    let root = root_of(Some(pid));
    let mut missing = Vec::new();
    for tool in ["ping", "nslookup", "nc"] {
        let mut found = false;
        for dir in ["bin", "usr/bin", "sbin", "usr/sbin"] {
            if tokio::fs::symlink_metadata(root.join(dir).join(tool))
                .await
                .is_ok()
            {
                found = true;
                break;
            }
        }
        if !found {
            missing.push(tool.to_string());
        }
    }
    Tools { missing }
}
