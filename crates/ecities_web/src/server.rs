//! The HTTP server: hyper's HTTP/1.1 connection handling under limits that
//! keep one client from knocking the node over.
//!
//! - **Connections**: at most `max_connections` at once (the accept loop
//!   waits for a free slot; the kernel's backlog holds the rest), and at most
//!   `max_connections_per_ip` from one client address (more are closed at
//!   once). A slowloris client from one address cannot take the node's
//!   connections; many addresses together meet the global cap and the
//!   timeouts below.
//! - **Header-read timeout**: a client that does not send a complete
//!   request head in time (the first request or the next one on a
//!   kept-alive connection) is disconnected (hyper's `header_read_timeout`).
//! - **Request timeout**: a request (reading its body and answering) that
//!   takes longer is answered 408 (tower-http's timeouts).
//!
//! Each request carries the client's socket address as axum's
//! `ConnectInfo<SocketAddr>` (sign-in throttling uses it).

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Limits of the HTTP server (`[server]` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    pub header_read_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_ip: DEFAULT_MAX_CONNECTIONS_PER_IP,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }
}

/// Open connections at once: far above what a city, an association or
/// UN-PAKS sees (fediverse servers keep a few connections each), well below
/// the file limit the binary raises itself to.
pub const DEFAULT_MAX_CONNECTIONS: usize = 8_192;
/// Connections from one address. A busy remote server uses a few dozen;
/// behind a reverse proxy every connection comes from the proxy, so raise
/// it there (or set it to the global cap).
pub const DEFAULT_MAX_CONNECTIONS_PER_IP: usize = 256;
/// Time to send a request head; nginx's default is 60 s, but a request
/// head is a few hundred bytes: 15 s is generous for any real client.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// Time to read a request body and answer. The slowest legitimate request
/// is "poll this feed now" (a feed and a few archive pages, each under a
/// 10 s fetch timeout, and up to 200 imports).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// After shutdown is asked for, how long requests in flight may finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// After a failed accept (out of file descriptors), wait before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Connections per client address, released when a connection ends.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

struct AddressSlot {
    table: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    fn take(self: &Arc<Self>, ip: IpAddr, limit: usize) -> Option<AddressSlot> {
        let mut map = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = map.entry(ip).or_insert(0);
        if *n >= limit {
            return None;
        }
        *n += 1;
        Some(AddressSlot { table: self.clone(), ip })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut map = self.table.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = map.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// Wraps the router in the request timeouts.
pub fn with_timeouts(app: Router, limits: &ServerLimits) -> Router {
    app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.request_timeout)).layer(
        tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ),
    )
}

/// Serves `app` on `listener` until `shutdown` completes, then lets
/// requests in flight finish (up to a grace period).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let app = with_timeouts(app, &limits);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(address_slot) = per_address.take(peer.ip(), limits.max_connections_per_ip.max(1)) else {
            tracing::debug!(client = %peer.ip(), "too many connections from one address; closed");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(client = %peer, error = %e, "connection ended with an error");
            }
            drop(address_slot);
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still running after {} s were cut off", SHUTDOWN_GRACE.as_secs());
    }
    Ok(())
}

/// Raises this process's open-file limit to its hard limit, so the
/// connection cap, not the default 1,024 descriptors, decides how many
/// clients are served. Returns the limit now in force.
pub fn raise_file_limit() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "could not raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map(|(soft, _)| soft).unwrap_or(1024)
        }
    }
}

/// Connections the file limit leaves room for (the database, outgoing
/// requests and log files need descriptors too).
pub fn connections_for_file_limit(limit: u64, wanted: usize) -> usize {
    const RESERVED_FDS: u64 = 256;
    let room = usize::try_from(limit.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX).max(16);
    wanted.min(room)
}
