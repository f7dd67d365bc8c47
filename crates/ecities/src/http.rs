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

/// The merged application driven in-process (`oneshot`), on both databases:
/// what reaches federation and what reaches the web crate. Federation's own
/// behaviour is covered by the multi-node tests in `tests/`.
#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::http::{Method, StatusCode};
    use ecities_core::access::Principal;
    use ecities_core::actor::{Actor, NewLocalActor};
    use ecities_core::practice::{Practice, PracticeInput};
    use ecities_core::usecases;
    use ecities_store::testing::{TestDatabase, postgres_test_url};
    use serde_json::Value;

    use super::*;
    use crate::config::Settings;

    const AS2: &str = "application/activity+json";
    const LD_AS2: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    struct Node {
        app: Router,
        state: ecities_web::AppState,
        city: Actor,
        _dir: tempfile::TempDir,
    }

    /// One node on `database` (a fresh SQLite file when `None`), with the
    /// city `kisumu`, wired exactly as `serve` wires it.
    async fn node(database: Option<&str>) -> Node {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = database.map_or_else(|| format!("sqlite://{}/ecities.db", dir.path().display()), str::to_owned);
        let config = dir.path().join("ecities.toml");
        std::fs::write(
            &config,
            format!("[server]\npublic_url = \"http://localhost:8080\"\ndev_mode = true\n[database]\nurl = \"{url}\"\n"),
        )
        .expect("configuration written");
        let settings = Settings::load(Some(&config)).expect("settings");
        let store = Arc::new(crate::cli::open(&settings).await.expect("database"));
        let fed = crate::serve::federation(&settings, store.clone()).await.expect("federation");
        let state = crate::serve::web_state(&settings, store.clone(), &fed.config, &fed.client, fed.outbox.clone());
        let keys = state.federation.generate_keypair().await.expect("keys");
        let new = NewLocalActor::parse("kisumu", "city", Some("Kisumu"), Some("KE")).expect("actor");
        let city = usecases::actors::create_actor(store.as_ref(), &Principal::Operator, &settings.urls, &new, &keys)
            .await
            .expect("city");
        let app = crate::serve::app(state.clone(), &fed.config);
        Node { app, state, city, _dir: dir }
    }

    /// Runs `scenario` on SQLite, then on PostgreSQL when
    /// `ECITIES_TEST_POSTGRES_URL` is set.
    async fn on_both_databases<F: Future<Output = ()>>(scenario: impl Fn(Node) -> F) {
        scenario(node(None).await).await;
        let Some(admin) = postgres_test_url() else {
            eprintln!("skipped: ECITIES_TEST_POSTGRES_URL is not set, PostgreSQL half not run");
            return;
        };
        let db = TestDatabase::create_postgres(&admin).await.expect("PostgreSQL test database");
        scenario(node(Some(&db.url)).await).await;
        db.drop_database().await;
    }

    async fn get(app: &Router, path: &str, accept: Option<&str>) -> (StatusCode, Response) {
        let mut req = Request::builder().method(Method::GET).uri(path);
        if let Some(accept) = accept {
            req = req.header(header::ACCEPT, accept);
        }
        let response = app.clone().oneshot(req.body(Body::empty()).expect("request")).await.expect("infallible");
        (response.status(), response)
    }

    fn header_of(response: &Response, name: header::HeaderName) -> &str {
        response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    async fn body_text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024).await.expect("body");
        String::from_utf8_lossy(&bytes).into_owned()
    }

    async fn json(response: Response) -> Value {
        serde_json::from_str(&body_text(response).await).expect("a JSON body")
    }

    async fn publish(node: &Node) -> Practice {
        let input: PracticeInput = serde_json::from_value(serde_json::json!({
            "title": "Median bus lanes on twelve corridors",
            "summary": "Kisumu reorganised its buses around trunk lines and median bus lanes.",
            "content": "Median **bus lanes** on 12 corridors.",
            "language": "en",
            "kind": "best_practice",
            "sdgs": [11],
            "country": "KE"
        }))
        .expect("practice input");
        usecases::practices::publish(node.state.ports(), &Principal::Operator, &node.city, &input)
            .await
            .expect("published")
    }

    #[tokio::test]
    async fn an_actor_url_gives_servers_activity_json_and_everyone_else_the_page() {
        on_both_databases(|node| async move {
            // As Mastodon: plain `application/json`, or JSON preferred to
            // HTML, is a program asking for the document.
            for accept in [AS2, LD_AS2, "application/json", "application/json, text/html;q=0.9"] {
                let (status, response) = get(&node.app, "/actors/kisumu", Some(accept)).await;
                assert_eq!(status, StatusCode::OK, "{accept}");
                assert_eq!(header_of(&response, header::CONTENT_TYPE), AS2, "{accept}");
                assert_eq!(header_of(&response, header::VARY), "Accept", "{accept}");
                let doc = json(response).await;
                assert_eq!(doc["id"], node.city.url.as_str(), "{accept}");
                assert!(doc["publicKey"]["publicKeyPem"].is_string(), "the document carries the key: {doc}");
            }
            // A browser, a client that says nothing, and one that wants
            // something else entirely all get the page.
            for accept in [Some(BROWSER), None, Some("image/png"), Some("text/html, application/json"), Some("*/*")] {
                let (status, response) = get(&node.app, "/actors/kisumu", accept).await;
                assert_eq!(status, StatusCode::OK, "{accept:?}");
                assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/html"), "{accept:?}");
                assert_eq!(header_of(&response, header::VARY), "Accept", "{accept:?}");
                assert!(body_text(response).await.contains("Kisumu"), "{accept:?}");
            }
            // An actor that does not exist: the house error body both ways.
            for accept in [Some(AS2), Some(BROWSER)] {
                let (status, response) = get(&node.app, "/actors/nairobi", accept).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{accept:?}");
                assert_eq!(json(response).await["error"], "not_found", "{accept:?}");
            }
        })
        .await;
    }

    #[tokio::test]
    async fn a_practice_url_gives_servers_the_article_and_browsers_the_page_until_it_is_gone() {
        on_both_databases(|node| async move {
            let practice = publish(&node).await;
            let path = format!("/practices/{}", practice.key);

            let (status, response) = get(&node.app, &path, Some("application/json")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(header_of(&response, header::CONTENT_TYPE), AS2);
            assert_eq!(header_of(&response, header::VARY), "Accept");
            assert_eq!(json(response).await["type"], "Article", "application/json gets the Article");

            let (status, response) = get(&node.app, &path, Some(AS2)).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(header_of(&response, header::VARY), "Accept");
            let article = json(response).await;
            assert_eq!(article["type"], "Article");
            assert_eq!(article["id"], practice.ap_id.as_str());
            assert_eq!(article["attributedTo"], node.city.url.as_str());

            let (status, response) = get(&node.app, &path, Some(BROWSER)).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(header_of(&response, header::VARY), "Accept, Accept-Language");
            assert!(body_text(response).await.contains("Median bus lanes on twelve corridors"));

            usecases::practices::retract(node.state.ports(), &Principal::Operator, &practice).await.expect("retracted");
            let (status, response) = get(&node.app, &path, Some(LD_AS2)).await;
            assert_eq!(status, StatusCode::GONE);
            assert_eq!(json(response).await["type"], "Tombstone");
            let (status, response) = get(&node.app, &path, Some(BROWSER)).await;
            assert_eq!(status, StatusCode::GONE);
            assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/html"));
        })
        .await;
    }

    #[tokio::test]
    async fn federation_urls_and_web_urls_are_both_served_by_the_merged_application() {
        on_both_databases(|node| async move {
            let (status, response) =
                get(&node.app, "/.well-known/webfinger?resource=acct:kisumu@localhost:8080", None).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(json(response).await["links"][0]["href"], node.city.url.as_str());

            let (status, response) = get(&node.app, "/actors/kisumu/outbox", Some(BROWSER)).await;
            assert_eq!(status, StatusCode::OK, "collections are JSON whatever the Accept");
            assert_eq!(header_of(&response, header::CONTENT_TYPE), AS2);

            let unsigned = Request::builder()
                .method(Method::POST)
                .uri("/inbox")
                .header(header::CONTENT_TYPE, AS2)
                .body(Body::from("{}"))
                .expect("request");
            let response = node.app.clone().oneshot(unsigned).await.expect("infallible");
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(json(response).await["error"], "signature_invalid");

            // The web crate's pages and API, whatever the Accept.
            let (status, _) = get(&node.app, "/search", Some(AS2)).await;
            assert_eq!(status, StatusCode::OK);
            let (status, response) = get(&node.app, "/api/v1/follows", Some(AS2)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(json(response).await["error"], "unauthorized");
            // Security headers apply to federation's answers as to the web's.
            let (_, response) = get(&node.app, "/nodeinfo/2.1", None).await;
            assert_eq!(header_of(&response, header::X_CONTENT_TYPE_OPTIONS), "nosniff");

            let (status, response) = get(&node.app, "/no/such/page", Some(AS2)).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert_eq!(json(response).await["error"], "not_found");
        })
        .await;
    }
}
