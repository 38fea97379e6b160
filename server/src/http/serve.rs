//! The accept loop, with the limits a server on a classroom network needs. axum's own `serve`
//! holds a connection for as long as the client likes; here:
//! - the request head must arrive within [`Limits::header_read`] of the connection opening (or
//!   of the previous answer, on a kept-alive connection): a client that opens a connection and
//!   sends nothing, or half a header, is closed;
//! - a request body must arrive whole within [`Limits::body_read`] (`read_body_within`);
//! - a connection whose answer cannot be written for [`Limits::write_stall`] is closed: a
//!   client that stopped reading (an event stream nobody reads) frees its memory. An event
//!   stream that is read is never cut (its keep-alive comments keep it writing);
//! - what waits to be written is bounded ([`Limits::send_buffer`], in the kernel and in hyper);
//! - at most [`Limits::per_address`] connections from one address and [`Limits::total`] in
//!   all; beyond, a new connection is closed at once.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::places::{Place, Places};
use super::rejections::refusal;
use tower::ServiceExt;

/// How long a client may take, and how many connections it may hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read: Duration,
    pub body_read: Duration,
    pub write_stall: Duration,
    pub per_address: usize,
    pub total: usize,
    /// What one connection may have waiting to be written: the kernel's send buffer of its
    /// socket and hyper's write buffer each hold at most about this much, so a client that
    /// stops reading costs a bounded amount until the write stall closes it.
    pub send_buffer: usize,
    /// Event streams one address may hold open, and all addresses together.
    pub streams_per_address: usize,
    pub streams_total: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(10),
            write_stall: Duration::from_secs(30),
            per_address: 64,
            total: 1024,
            send_buffer: 64 * 1024,
            streams_per_address: super::places::STREAMS_PER_ADDRESS,
            streams_total: super::places::STREAMS_TOTAL,
        }
    }
}

/// How long open answers (event streams never end) may run on after the shutdown signal.
const DRAIN: Duration = Duration::from_secs(2);

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Places::new(limits.per_address, limits.total);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => match slots.take(peer.ip()) {
                    Ok(slot) => serve_connection(stream, peer, slot, &router, limits, &graceful),
                    Err(full) => tracing::debug!(%peer, "connection refused: too many open ({full:?})"),
                },
                // Out of file descriptors, for instance: wait a little rather than spin.
                Err(error) => {
                    tracing::warn!("cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(DRAIN) => {},
    }
}

fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    slot: Place,
    router: &Router,
    limits: Limits,
    graceful: &GracefulShutdown,
) {
    if let Err(error) = socket2::SockRef::from(&stream).set_send_buffer_size(limits.send_buffer) {
        tracing::debug!(%peer, "cannot bound the send buffer: {error}");
    }
    let io = TokioIo::new(Guarded::new(stream, limits.write_stall, slot));
    let service = router
        .clone()
        .map_request(move |request: Request<hyper::body::Incoming>| {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        // hyper's smallest buffer is 8 KiB.
        .max_buf_size(limits.send_buffer.max(8192))
        .serve_connection(io, TowerToHyperService::new(service));
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::debug!(%peer, "connection ended: {error}");
        }
    });
}

/// Reads the whole request body within `limit`, so a client that sends half a body and stops
/// is answered (408) and its connection closed, instead of holding a handler forever.
pub async fn read_body_within(limit: Duration, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(limit, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {BODY_LIMIT} bytes"),
        ),
        Err(_) => {
            let mut answer = refusal(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} s",
                    limit.as_secs()
                ),
            );
            answer.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
            answer
        }
    }
}

/// The largest request body: lab requests are a few hundred bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A connection that fails its writes once one has waited `write_stall` for the client to
/// take bytes, and that holds its connection's [`Place`] while it lives.
struct Guarded {
    stream: TcpStream,
    write_stall: Duration,
    stalled_since: Option<Pin<Box<tokio::time::Sleep>>>,
    _slot: Place,
}

impl Guarded {
    fn new(stream: TcpStream, write_stall: Duration, slot: Place) -> Self {
        Self {
            stream,
            write_stall,
            stalled_since: None,
            _slot: slot,
        }
    }

    /// Turns a pending write into an error once it has been pending for `write_stall`.
    fn watch_write<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<std::io::Result<T>>,
    ) -> Poll<std::io::Result<T>> {
        if poll.is_ready() {
            self.stalled_since = None;
            return poll;
        }
        let stall = self.write_stall;
        let timer = self
            .stalled_since
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.watch_write(cx, poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_flush(cx);
        self.watch_write(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.watch_write(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A guarded server side and its client, over loopback.
    async fn pair(write_stall: Duration) -> (Guarded, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let client = TcpStream::connect(addr).await.expect("connect");
        let (server, _) = listener.accept().await.expect("accept");
        let slot = Places::new(64, 1024).take(addr.ip()).expect("a slot");
        (Guarded::new(server, write_stall, slot), client)
    }

    #[tokio::test]
    async fn a_client_that_stops_reading_is_cut_and_one_that_reads_is_not() {
        let chunk = vec![b'x'; 64 * 1024];
        let (mut stalled, _never_read) = pair(Duration::from_millis(300)).await;
        let outcome = tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                if let Err(error) = stalled.write_all(&chunk).await {
                    return error.kind();
                }
            }
        })
        .await;
        assert_eq!(outcome.ok(), Some(std::io::ErrorKind::TimedOut));

        let (mut served, mut reader) = pair(Duration::from_millis(300)).await;
        let reading = tokio::spawn(async move {
            let mut buffer = vec![0u8; 64 * 1024];
            let mut total = 0;
            while let Ok(n) = reader.read(&mut buffer).await {
                if n == 0 {
                    break;
                }
                total += n;
                // A slow reader, but a reader: it never waits as long as the stall limit.
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            total
        });
        for _ in 0..200 {
            served
                .write_all(&chunk)
                .await
                .expect("a read stream is never cut");
        }
        drop(served);
        assert_eq!(reading.await.expect("the reader"), 200 * chunk.len());
    }

    #[test]
    fn slots_are_capped_per_address_and_in_all_and_come_back() {
        let slots = Places::new(2, 3);
        let (a, b, c) = (
            IpAddr::from([127, 0, 0, 1]),
            IpAddr::from([127, 0, 0, 2]),
            IpAddr::from([127, 0, 0, 3]),
        );
        let first = slots.take(a);
        let second = slots.take(a);
        assert!(first.is_ok() && second.is_ok());
        assert!(slots.take(a).is_err(), "a third from one address");
        let third = slots.take(b);
        assert!(third.is_ok());
        assert!(slots.take(c).is_err(), "a fourth in all");
        drop(first);
        assert!(slots.take(a).is_ok(), "a slot given back is free again");
    }
}
