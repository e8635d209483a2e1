//! Accepting connections so that no client can stop the server or hold it:
//!
//! - a request's headers must arrive within [`Limits::header_timeout`] (this
//!   also closes keep-alive connections left idle between requests);
//! - a request (its body, its store work) must be answered within
//!   [`Limits::request_timeout`], else it is dropped, its store query
//!   cancelled, and the answer is 503;
//! - a connection that moves no byte for [`Limits::idle_timeout`] while no
//!   request is in flight is closed (a client that stopped reading);
//! - at most [`Limits::max_connections`] are open: a new one closes the
//!   connection idle longest (one that never sent a request first), so idle
//!   clients can never crowd out a new one;
//! - a failed accept (no file descriptor left) closes an idle connection and
//!   tries again; it never ends the server.

use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower_service::Service;

/// How long clients may take, and how many may be connected.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub request_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 4096,
        }
    }
}

/// One open connection, as the accept loop sees it.
struct Conn {
    /// Requests in flight.
    busy: AtomicUsize,
    /// Requests answered.
    served: AtomicU64,
    /// When a byte last moved or a request started or ended, in milliseconds
    /// since the server started.
    active_ms: AtomicU64,
    close: Notify,
}

/// Every open connection.
struct Registry {
    started: Instant,
    next: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn add(&self) -> (u64, Arc<Conn>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            served: AtomicU64::new(0),
            active_ms: AtomicU64::new(self.now_ms()),
            close: Notify::new(),
        });
        self.lock().insert(id, conn.clone());
        (id, conn)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    /// Closes the connection idle longest, preferring one that never sent a
    /// request; false when every connection has a request in flight.
    fn close_one_idle(&self) -> bool {
        let open = self.lock();
        let victim = open
            .iter()
            .filter(|(_, c)| c.busy.load(Ordering::Relaxed) == 0)
            .min_by_key(|(id, c)| {
                (
                    c.served.load(Ordering::Relaxed) > 0,
                    c.active_ms.load(Ordering::Relaxed),
                    **id,
                )
            })
            .map(|(id, c)| (*id, c.clone()));
        drop(open);
        match victim {
            Some((id, c)) => {
                // Gone from the table at once, so the next accept picks another.
                self.lock().remove(&id);
                c.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A stream that notes when bytes move, for the idle timeout.
struct Watched {
    inner: TcpStream,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Watched {
    fn moved(&self) {
        self.conn
            .active_ms
            .store(self.registry.now_ms(), Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.moved();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Marks a request in flight on its connection until dropped.
struct InFlight {
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl InFlight {
    fn start(conn: &Arc<Conn>, registry: &Arc<Registry>) -> InFlight {
        conn.busy.fetch_add(1, Ordering::Relaxed);
        conn.active_ms.store(registry.now_ms(), Ordering::Relaxed);
        InFlight {
            conn: conn.clone(),
            registry: registry.clone(),
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.conn.served.fetch_add(1, Ordering::Relaxed);
        self.conn
            .active_ms
            .store(self.registry.now_ms(), Ordering::Relaxed);
        self.conn.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How many connections the process can hold: its file descriptor limit (raised
/// to the hard limit where the system allows), less room for the store's files.
pub fn connection_budget(wanted: usize) -> usize {
    let limit = raise_fd_limit();
    // The store's connections (each a file, its WAL and shared memory), standard
    // streams, the listener, and some slack.
    const RESERVED: u64 = 64;
    match limit {
        Some(n) => wanted.min(n.saturating_sub(RESERVED).max(1) as usize),
        None => wanted,
    }
}

/// Raises the soft limit on open files to the hard one; the limit now in force.
#[cfg(unix)]
fn raise_fd_limit() -> Option<u64> {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        let mut lim = std::mem::zeroed::<libc::rlimit>();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim = raised;
            }
        }
        Some(lim.rlim_cur as u64)
    }
}

#[cfg(not(unix))]
fn raise_fd_limit() -> Option<u64> {
    None
}

/// The answer to a request that ran past its deadline.
fn too_slow(limit: Duration) -> Response<Body> {
    let body = serde_json::json!({
        "error": format!("the request took longer than {} s", limit.as_secs_f64()),
        "status": 503,
    });
    (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
}

/// Listens on `addr` with a long queue of connections waiting to be accepted
/// (the system may cap it): a burst of clients waits there instead of having
/// their connection attempts dropped and retried a second later.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// Serves `app` on `listener` until the process ends.
pub async fn run(listener: TcpListener, app: Router, limits: Limits) {
    let registry = Arc::new(Registry {
        started: Instant::now(),
        next: AtomicU64::new(0),
        open: Mutex::new(HashMap::new()),
    });
    let max = limits.max_connections.max(1);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors (EMFILE, ENFILE), or the peer gone
                // before we took it (ECONNABORTED): free one and go on.
                tracing::warn!("accepting a connection failed: {e}");
                registry.close_one_idle();
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if registry.len() >= max && !registry.close_one_idle() {
            // Every connection is answering a request: refuse this one.
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        let (id, conn) = registry.add();
        let registry = registry.clone();
        let app = app.clone();
        tokio::spawn(async move {
            serve_connection(stream, app, limits, conn, registry.clone()).await;
            registry.lock().remove(&id);
        });
    }
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
) {
    let io = TokioIo::new(Watched {
        inner: stream,
        conn: conn.clone(),
        registry: registry.clone(),
    });
    let service = {
        let conn = conn.clone();
        let registry = registry.clone();
        hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
            let in_flight = InFlight::start(&conn, &registry);
            let mut app = app.clone();
            async move {
                let _in_flight = in_flight;
                let call = app.call(req.map(Body::new));
                // Past the deadline the handler is dropped, and with it its
                // store call, whose query is then cancelled.
                let response = match tokio::time::timeout(limits.request_timeout, call).await {
                    Ok(Ok(r)) => r,
                    Ok(Err(never)) => match never {},
                    Err(_) => too_slow(limits.request_timeout),
                };
                Ok::<_, Infallible>(response)
            }
        })
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let connection = http.serve_connection(io, service);
    tokio::pin!(connection);
    loop {
        let idle_for = registry
            .now_ms()
            .saturating_sub(conn.active_ms.load(Ordering::Relaxed));
        let idle_left = limits
            .idle_timeout
            .saturating_sub(Duration::from_millis(idle_for));
        // Busy past the idle time: the request's own deadline ends it; look again later.
        let wait = idle_left.max(Duration::from_millis(500));
        tokio::select! {
            _ = connection.as_mut() => return,
            // Closed to make room for another: dropping the connection closes it.
            _ = conn.close.notified() => return,
            _ = tokio::time::sleep(wait) => {
                let idle = registry.now_ms().saturating_sub(conn.active_ms.load(Ordering::Relaxed));
                if conn.busy.load(Ordering::Relaxed) == 0
                    && idle >= limits.idle_timeout.as_millis() as u64
                {
                    return;
                }
            }
        }
    }
}
