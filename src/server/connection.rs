//! Accepting connections: at most [`MAX_CONNECTIONS`] at once, each cut
//! when no byte has moved in either direction for [`IDLE_TIMEOUT`] (a
//! silent TCP connection, an HTTP/2 preface followed by nothing, a
//! keep-alive that is never reused), and drained on SIGTERM.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use super::{HEADER_READ_TIMEOUT, SHUTDOWN_GRACE};

/// A connection on which nothing moves for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(8);
/// Connections beyond this are closed at once, so file descriptors cannot
/// run out whatever clients do.
pub const MAX_CONNECTIONS: usize = 1024;

/// The listen backlog: a burst of connections (400 opened at once) must
/// wait in the kernel's queue, not have their SYNs dropped; a dropped SYN
/// costs the client a one-second retransmit, health checks included.
/// (tokio's `TcpListener::bind` asks for 128.)
pub const LISTEN_BACKLOG: u32 = 4096;

/// Binds `addr` (the first address it resolves to) with [`LISTEN_BACKLOG`].
pub async fn listen(addr: &str) -> io::Result<TcpListener> {
    let mut last = io::Error::new(
        io::ErrorKind::InvalidInput,
        "the address resolves to nothing",
    );
    for resolved in tokio::net::lookup_host(addr).await? {
        let socket = if resolved.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(resolved) {
            Ok(()) => return socket.listen(LISTEN_BACKLOG),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
/// Connections go through hyper-util so a header-read timeout can cut off
/// clients that never finish their headers (`axum::serve` sets none).
pub async fn serve(listener: TcpListener, app: Router) -> io::Result<()> {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut shutdown = std::pin::pin!(shutdown_signal());
    tokio::spawn(super::memory::trim_after_work());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    // Too many open files and the like: wait a moment, keep serving.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Over the cap: close at once (dropping the stream) rather
                // than queue work the server cannot do.
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    continue;
                };
                let (stream, activity) = Tracked::new(stream);
                let in_flight = activity.in_flight.clone();
                let app = app.clone();
                // A request being handled keeps its connection alive (it is
                // bounded by the request timeout instead).
                let service = tower::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let guard = InFlight::enter(&in_flight);
                    let app = app.clone();
                    async move {
                        let response = tower::ServiceExt::oneshot(app, request).await;
                        drop(guard);
                        response
                    }
                });
                let service = TowerToHyperService::new(service);
                let mut builder = auto::Builder::new(TokioExecutor::new());
                builder
                    .http1()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT);
                builder.http2().timer(TokioTimer::new());
                let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                let connection = graceful.watch(connection.into_owned());
                tokio::spawn(async move {
                    tokio::select! {
                        _ = connection => {}
                        _ = activity.idle() => {}
                    }
                    drop(slot);
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// When a connection last moved a byte, and how many of its requests are
/// being handled, shared with its watchdog.
#[derive(Clone)]
struct Activity {
    start: Instant,
    last_ms: Arc<AtomicU64>,
    in_flight: Arc<AtomicUsize>,
}

/// Counts a request as in flight until dropped.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn enter(count: &Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::Relaxed);
        InFlight(count.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Activity {
    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// Resolves once nothing has moved for [`IDLE_TIMEOUT`] and no request
    /// is being handled.
    async fn idle(self) {
        loop {
            if self.in_flight.load(Ordering::Relaxed) > 0 {
                self.touch();
            }
            let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            let quiet = self.start.elapsed().saturating_sub(last);
            if quiet >= IDLE_TIMEOUT {
                return;
            }
            tokio::time::sleep(IDLE_TIMEOUT - quiet).await;
        }
    }
}

/// A TCP stream that records every read and write in its [`Activity`].
struct Tracked {
    inner: TcpStream,
    activity: Activity,
}

impl Tracked {
    fn new(inner: TcpStream) -> (Tracked, Activity) {
        let activity = Activity {
            start: Instant::now(),
            last_ms: Arc::new(AtomicU64::new(0)),
            in_flight: Arc::new(AtomicUsize::new(0)),
        };
        (
            Tracked {
                inner,
                activity: activity.clone(),
            },
            activity,
        )
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
