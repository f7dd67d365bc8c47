//! The node's HTTP application: the web crate's routes and federation's,
//! merged here — the two crates are peers and neither knows the other — with
//! content negotiation in one place.
//!
//! An actor and a practice have one URL each (`/actors/{name}`,
//! `/practices/{key}`, listed in `ecities_federation::http::NEGOTIATED_PATHS`)
//! that serves a page to browsers and an ActivityPub document to servers.
//! Both crates route it; [`negotiate`] runs after routing and sends a
//! request that asks for ActivityStreams JSON (`Accept:
//! application/activity+json` or `application/ld+json; profile=…`, see
//! docs/FEDERATION.md) to federation's document, and every other request —
//! a browser, a feed reader, an unknown `Accept` — to the web page. Every
//! answer of such a URL carries `Vary: Accept`, so a cache never gives a
//! browser the JSON or a server the page.

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ecities_federation::http::{NEGOTIATED_PATHS, wants_activity_json};
use tower::ServiceExt;

/// Merges `web` (with its fallback, the house 404) and `federation` (the
/// URLs only federation serves), negotiates the shared URLs with
/// `documents`, and wraps the whole in the web crate's middleware (request
/// metrics, security headers, body limit, language).
pub fn app(web: Router, federation: Router, documents: Router) -> Router {
    let merged = web.merge(federation).layer(axum::middleware::from_fn_with_state(documents, negotiate));
    ecities_web::middleware(merged)
}

/// Content negotiation on the URLs served both as HTML and as ActivityPub
/// JSON (see the module documentation). Runs after routing, so the request
/// metrics name the route template either way.
async fn negotiate(State(documents): State<Router>, req: Request, next: Next) -> Response {
    let shared = req.extensions().get::<MatchedPath>().is_some_and(|p| NEGOTIATED_PATHS.contains(&p.as_str()));
    if !shared {
        return next.run(req).await;
    }
    let mut response = if wants_activity_json(req.headers()) {
        // A fresh request: the outer router's path parameters (request
        // extensions) would be doubled by the inner router's.
        let (parts, _body) = req.into_parts();
        let mut inner = Request::new(Body::empty());
        *inner.method_mut() = parts.method;
        *inner.uri_mut() = parts.uri;
        *inner.version_mut() = parts.version;
        *inner.headers_mut() = parts.headers;
        documents.oneshot(inner).await.into_response()
    } else {
        next.run(req).await
    };
    let vary = match response.headers().get(header::VARY).and_then(|v| v.to_str().ok()) {
        Some(other) if !other.split(',').any(|v| v.trim().eq_ignore_ascii_case("accept")) => {
            HeaderValue::from_str(&format!("Accept, {other}")).unwrap_or(HeaderValue::from_static("Accept"))
        }
        Some(_) => return response,
        None => HeaderValue::from_static("Accept"),
    };
    response.headers_mut().insert(header::VARY, vary);
    response
}
