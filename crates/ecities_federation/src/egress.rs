//! The one door for outgoing HTTP: every request the node makes goes
//! through an [`Egress`] (or, for activitypub_federation's fetches and
//! WebFinger, through the client it builds and the URL verifier in
//! [`crate::apub`], which apply the same rules).
//!
//! What it guarantees, outside dev mode (rules in [`ecities_core::net`]):
//! - the URL is checked before anything is sent: scheme, port, and a host
//!   written as an IP address in any notation;
//! - every address a host name resolves to is checked by the client's
//!   resolver, and the connection goes only to an address that passed — so
//!   a name that resolves (or re-resolves, DNS rebinding) to an internal
//!   address is never connected to;
//! - redirects are not followed (a redirect could lead anywhere);
//! - every request has a total timeout, and response bodies are read only
//!   up to a cap ([`read_capped`], [`read_prefix`]).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ecities_core::CoreError;
pub use ecities_core::net::{EgressRules, Purpose, Refused};
use url::Url;

/// Total time of every outgoing request, from connecting to the last byte
/// of the body: a peer that answers slowly cannot hold a worker.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Time to establish a connection (TCP and TLS).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The node's HTTP client together with the rules it sends under.
#[derive(Clone, Debug)]
pub struct Egress {
    client: reqwest::Client,
    rules: EgressRules,
}

impl Egress {
    /// `dev_mode` allows loopback and private peers and plain http.
    pub fn new(dev_mode: bool) -> Result<Self, CoreError> {
        let rules = EgressRules::new(dev_mode);
        Ok(Self { client: build_client(rules)?, rules })
    }

    pub fn rules(&self) -> EgressRules {
        self.rules
    }

    /// The underlying client, for activitypub_federation (whose fetches
    /// are checked by our URL verifier and this client's resolver).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Checks `url` and starts a GET.
    pub fn get(&self, url: &Url, purpose: Purpose) -> Result<reqwest::RequestBuilder, Refused> {
        self.rules.check_url(url, purpose)?;
        Ok(self.client.get(url.clone()))
    }

    /// Checks `url` and starts a POST.
    pub fn post(&self, url: &Url, purpose: Purpose) -> Result<reqwest::RequestBuilder, Refused> {
        self.rules.check_url(url, purpose)?;
        Ok(self.client.post(url.clone()))
    }
}

fn build_client(rules: EgressRules) -> Result<reqwest::Client, CoreError> {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("ecities/", env!("CARGO_PKG_VERSION"), " (+https://github.com/e-cities/ecities)"))
        .dns_resolver(Arc::new(CheckedResolver { rules }))
        .build()
        .map_err(|e| CoreError::Internal(format!("HTTP client: {e}")))
}

/// Resolves host names and keeps only the addresses the rules allow; the
/// client connects to nothing else. (IP-literal hosts never reach a
/// resolver: [`Egress::get`]/[`Egress::post`] and the URL verifier check
/// them before the request is made.)
struct CheckedResolver {
    rules: EgressRules,
}

#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to addresses this node does not connect to ({addresses})")]
struct OnlyRefusedAddresses {
    host: String,
    addresses: String,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let rules = self.rules;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.iter().copied().filter(|a| rules.check_ip(a.ip()).is_ok()).collect();
            if allowed.is_empty() {
                let addresses = found.iter().map(|a| a.ip().to_string()).collect::<Vec<_>>().join(", ");
                tracing::info!(%host, %addresses, "refused to connect: not a public address");
                return Err(
                    Box::new(OnlyRefusedAddresses { host, addresses }) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A response body larger than the caller accepts.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the response is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the response could not be read: {0}")]
    Read(String),
}

/// Reads a response body of at most `cap` bytes; a larger one is refused
/// as soon as it passes the cap (never held whole in memory).
pub async fn read_capped(mut resp: reqwest::Response, cap: usize) -> Result<Vec<u8>, BodyError> {
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(BodyError::TooLarge(cap));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| BodyError::Read(e.to_string()))? {
        if bytes.len() + chunk.len() > cap {
            return Err(BodyError::TooLarge(cap));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The first `n` bytes of a body, as text (for an error reason); the rest
/// is not read: the connection is dropped with the response.
pub async fn read_prefix(mut resp: reqwest::Response, n: usize) -> String {
    let mut bytes = Vec::with_capacity(n.min(4096));
    while bytes.len() < n {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let take = chunk.len().min(n - bytes.len());
                bytes.extend_from_slice(&chunk[..take]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_not_connected_to() {
        let egress = Egress::new(false).expect("client");
        // Straight to the client, past the URL check (which refuses the
        // name `localhost` by itself): the resolver refuses its addresses.
        let url = Url::parse("https://localhost:8443/").expect("url");
        let result = egress.client().get(url).send().await;
        let err = result.expect_err("must not connect");
        let mut text = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            text.push_str(&format!(": {s}"));
            source = s.source();
        }
        assert!(text.contains("resolves only to addresses this node does not connect to"), "{text}");
    }

    #[test]
    fn literal_internal_addresses_are_refused_before_sending() {
        let egress = Egress::new(false).expect("client");
        for u in ["https://127.0.0.1/inbox", "https://[::ffff:7f00:1]/inbox", "https://169.254.169.254/"] {
            let url = Url::parse(u).expect("url");
            assert!(egress.post(&url, Purpose::Federation).is_err(), "{u}");
        }
    }
}
