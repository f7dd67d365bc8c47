//! Secure mode (`federation.secure_mode`, `ECITIES_SECURE_MODE=1`; what
//! Mastodon calls "authorized fetch"): the ActivityPub documents of this
//! node — actors, practices, outboxes, followers and following collections —
//! are served only to a GET signed by a server that is not blocked. So a
//! blocked server cannot read them, even by asking for them anonymously.
//!
//! What stays open: the instance actor (other servers fetch its key to
//! check *our* signed requests, and ours to check theirs), WebFinger,
//! NodeInfo and host-meta, and the HTML pages: a public practice is
//! public on the web; secure mode decides who reads the federation's
//! machine-readable copies, not who may read a city's page.
//!
//! A GET is checked as an inbox POST is ([`crate::signatures`], either
//! form, without a body digest): the cheap checks first, the domain policy
//! on the key's host before any fetch, then the signature with the signer's
//! key (cached, or fetched once under the per-host fetch budget).

use std::collections::BTreeMap;
use std::time::SystemTime;

use activitypub_federation::config::Data;
use axum::http::{HeaderMap, StatusCode};
use ecities_core::actor::Actor;

use crate::apub::FedData;
use crate::http::HttpError;
use crate::inbox::{InboxError, REPLAYED, verified_sender};
use crate::signatures::precheck_request;

/// Checks a GET of an ActivityPub document in secure mode: `Ok` with the
/// signer when it is signed, the signature verifies and its server is not
/// blocked; 401 (`signature_required`, `signature_invalid`) or 403
/// (`forbidden`) otherwise. Also what FEP-8fcf's partial followers
/// collection needs in any mode: who asks.
pub async fn authorize_fetch(
    data: &Data<FedData>,
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
) -> Result<Actor, HttpError> {
    let headers: BTreeMap<String, String> = headers
        .iter()
        .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_ascii_lowercase(), v.to_owned())))
        .collect();
    if !["signature", "signature-input", "authorization"].iter().any(|h| headers.contains_key(*h)) {
        return Err(HttpError::new(
            StatusCode::UNAUTHORIZED,
            "signature_required",
            "this server serves ActivityPub documents only to signed requests (secure mode): sign the GET with your server's key",
        ));
    }
    let unauthorized = |m: String| HttpError::new(StatusCode::UNAUTHORIZED, "signature_invalid", m);
    let now = SystemTime::now();
    let pre =
        precheck_request(method, data.urls.base().scheme(), path_and_query, &headers, None, data.urls.host(), now)
            .map_err(|e| unauthorized(e.to_string()))?;
    if data.replays.seen(&pre) {
        return Err(unauthorized(REPLAYED.into()));
    }
    let key_url = pre.key_url().map_err(|e| unauthorized(e.to_string()))?;
    let host = crate::signatures::host_header(&key_url);
    if host.is_empty() {
        return Err(unauthorized(format!("key id {} has no host", pre.key_id())));
    }
    match data.domains.permits(&key_url).await {
        Ok(true) => {}
        Ok(false) => {
            return Err(HttpError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("{} is blocked on this server", key_url.host_str().unwrap_or("")),
            ));
        }
        Err(e) => {
            tracing::error!(error = %e, "the domain policy cannot be read");
            return Err(HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the request cannot be checked right now; try again later",
            ));
        }
    }
    let budget = format!("key fetches from {host}");
    let signer = verified_sender(data, &pre, &key_url, &budget).await.map_err(from_inbox)?;
    if !data.replays.remember(&pre, now) {
        return Err(unauthorized(REPLAYED.into()));
    }
    tracing::debug!(signer = %signer.url, path = %path_and_query, "signed fetch allowed");
    Ok(signer)
}

fn from_inbox(e: InboxError) -> HttpError {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNAUTHORIZED);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "checking a signed fetch failed");
        return HttpError::new(status, e.code(), "the request could not be checked; try again later");
    }
    HttpError::new(status, e.code(), e.to_string())
}
