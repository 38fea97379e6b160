//! The host's kernel view of networking, read with netlink: the only module that touches it.
//! It lists interfaces (bridges, veths) on the host and inside containers' network namespaces,
//! and returns them as plain [`ObservedLink`]s for the pure wiring functions of the model; and it
//! asks the reachability probe's questions from inside a container's namespace (`probe`).

mod dump;
mod namespace;
pub mod probe;

use bridgescope_app::model::ObservedLink;

pub use namespace::namespace_links;

#[derive(Debug, thiserror::Error)]
pub enum NetlinkError {
    #[error("cannot open a netlink socket: {0}")]
    Socket(std::io::Error),
    #[error("netlink dump failed: {0}")]
    Dump(String),
}

/// Runs `work` on a new thread called `name` (which may `setns` without moving a tokio worker
/// into a container), and answers its result, or why the thread failed.
async fn on_own_thread<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let _ = sender.send(work());
        })
        .map_err(|error| format!("cannot start the {name} thread: {error}"))?;
    receiver
        .await
        .map_err(|_| format!("the {name} thread stopped unexpectedly"))
}

/// Every link of the host's own network namespace, with IPv4 addresses and counters.
pub async fn host_links() -> Result<Vec<ObservedLink>, NetlinkError> {
    dump::all_links().await
}
