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
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Limits of the HTTP server (`[server]` in the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    pub header_read_timeout: Duration,
    pub request_timeout: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the real client
    /// (`server.trusted_proxies`). Their own connections count only
    /// against the global cap (every client's requests come through them).
    pub trusted_proxies: Vec<IpRange>,
}

/// An address or a CIDR range (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for IpRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| format!("'{s}' is not an IP address or CIDR range"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("'{s}': bad prefix length"))?,
            None => max,
        };
        Ok(Self { network, prefix })
    }
}

impl IpRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn trusted(proxies: &[IpRange], ip: IpAddr) -> bool {
    proxies.iter().any(|r| r.contains(ip))
}

/// The client behind a trusted proxy: the right-most `X-Forwarded-For`
/// address that is not itself a trusted proxy (entries further left were
/// written by the client and prove nothing).
fn forwarded_client(proxies: &[IpRange], headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let mut hops: Vec<IpAddr> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let text = value.to_str().ok()?;
        for part in text.split(',') {
            hops.push(part.trim().parse().ok()?);
        }
    }
    hops.into_iter().rev().find(|ip| !trusted(proxies, *ip))
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_ip: DEFAULT_MAX_CONNECTIONS_PER_IP,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            trusted_proxies: Vec::new(),
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
    let proxies: Arc<[IpRange]> = limits.trusted_proxies.clone().into();
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
        let from_proxy = trusted(&proxies, peer.ip());
        let address_slot = if from_proxy {
            None
        } else {
            match per_address.take(peer.ip(), limits.max_connections_per_ip.max(1)) {
                Some(slot) => Some(slot),
                None => {
                    tracing::debug!(client = %peer.ip(), "too many connections from one address; closed");
                    drop(stream);
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let proxies = proxies.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            let client = match from_proxy.then(|| forwarded_client(&proxies, req.headers())).flatten() {
                Some(ip) => SocketAddr::new(ip, peer.port()),
                None => peer,
            };
            req.extensions_mut().insert(ConnectInfo(client));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_match_addresses_in_them() {
        let r: IpRange = "10.0.0.0/8".parse().expect("range");
        assert!(r.contains("10.1.2.3".parse().expect("ip")));
        assert!(!r.contains("11.0.0.1".parse().expect("ip")));
        let one: IpRange = "127.0.0.1".parse().expect("ip");
        assert!(one.contains("::ffff:127.0.0.1".parse().expect("mapped")));
        let v6: IpRange = "fd00::/8".parse().expect("range");
        assert!(v6.contains("fd12::1".parse().expect("ip")));
        assert!("10.0.0.0/33".parse::<IpRange>().is_err());
        assert!("nonsense".parse::<IpRange>().is_err());
    }

    #[test]
    fn the_client_is_the_rightmost_address_a_trusted_proxy_did_not_write() {
        let proxies: Vec<IpRange> = vec!["127.0.0.1".parse().expect("ip"), "10.0.0.0/8".parse().expect("range")];
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.2".parse().expect("value"));
        assert_eq!(forwarded_client(&proxies, &headers), Some("203.0.113.9".parse().expect("ip")));
        let empty = axum::http::HeaderMap::new();
        assert_eq!(forwarded_client(&proxies, &empty), None);
    }
}
