//! Reading links inside containers' network namespaces. A thread can enter another network
//! namespace (`setns`), and a netlink socket opened there lists that namespace's links. This
//! runs on a thread of its own, never on a tokio worker: a worker left in a container's
//! namespace would do every later network call from inside the container.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::ErrorKind;

use nix::sched::{setns, CloneFlags};

use bridgescope_app::model::NamespaceLinks;

/// The links in each container's namespace, by container id; `pids` are `(container id, pid)`
/// of running containers. A container whose namespace cannot be read gets the reason.
pub async fn namespace_links(pids: Vec<(String, i64)>) -> BTreeMap<String, NamespaceLinks> {
    if pids.is_empty() {
        return BTreeMap::new();
    }
    let ids: Vec<String> = pids.iter().map(|(id, _)| id.clone()).collect();
    match super::on_own_thread("netns-reader", move || read_all(pids)).await {
        Ok(result) => result,
        Err(failure) => ids
            .into_iter()
            .map(|id| (id, Err(failure.clone())))
            .collect(),
    }
}

fn read_all(pids: Vec<(String, i64)>) -> BTreeMap<String, NamespaceLinks> {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let reason = format!("cannot start the namespace reader: {error}");
            return pids
                .into_iter()
                .map(|(id, _)| (id, Err(reason.clone())))
                .collect();
        }
    };
    pids.into_iter()
        .map(|(id, pid)| {
            let links = enter(pid).and_then(|()| {
                runtime
                    .block_on(super::dump::all_links())
                    .map_err(|e| e.to_string())
            });
            (id, links)
        })
        .collect()
}

/// Moves this thread into the network namespace of process `pid`.
pub(super) fn enter(pid: i64) -> Result<(), String> {
    if pid <= 0 {
        return Err("the container has no process".into());
    }
    let path = format!("/proc/{pid}/ns/net");
    let namespace = File::open(&path).map_err(|error| match error.kind() {
        ErrorKind::NotFound => format!(
            "process {pid} is not visible from here: the engine runs in a VM or on another host"
        ),
        ErrorKind::PermissionDenied => not_root(),
        _ => format!("cannot open {path}: {error}"),
    })?;
    setns(&namespace, CloneFlags::CLONE_NEWNET).map_err(|errno| match errno {
        nix::errno::Errno::EPERM => not_root(),
        other => format!("cannot enter {path}: {other}"),
    })
}

fn not_root() -> String {
    "bridgescope is not root, so it cannot enter container network namespaces: \
     run it as root to see veth pairs"
        .into()
}
