//! Following by handle (`relay@host`) reads the WebFinger answer
//! leniently: a legacy link that is not a URL, as relay servers publish,
//! does not stop the follow.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually};

/// A relay-like server on loopback: WebFinger with a link that is not a
/// URL, an `Application` actor, and an inbox that records what it gets.
#[derive(Clone)]
struct Relay {
    base: String,
    public_pem: String,
    received: Arc<Mutex<Vec<Value>>>,
}

async fn webfinger(
    State(r): State<Relay>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> impl IntoResponse {
    let host = r.base.trim_start_matches("http://");
    if q.get("resource").is_some_and(|res| res.starts_with("acct:nobody@")) {
        // Known, but only by a legacy link: no actor to follow.
        let doc = json!({ "subject": format!("acct:nobody@{host}"),
            "links": [{ "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "nobody" }] });
        return ([(header::CONTENT_TYPE, "application/jrd+json")], doc.to_string());
    }
    let doc = json!({
        "subject": format!("acct:relay@{host}"),
        "aliases": [format!("{}/actor", r.base)],
        "links": [
            { "rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "relay" },
            { "rel": "self", "type": "application/activity+json", "href": format!("{}/actor", r.base) }
        ]
    });
    ([(header::CONTENT_TYPE, "application/jrd+json")], doc.to_string())
}

async fn actor(State(r): State<Relay>) -> impl IntoResponse {
    let id = format!("{}/actor", r.base);
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id, "type": "Application", "preferredUsername": "relay",
        "inbox": format!("{}/inbox", r.base),
        "endpoints": { "sharedInbox": format!("{}/inbox", r.base) },
        "publicKey": { "id": format!("{id}#main-key"), "owner": id, "publicKeyPem": r.public_pem },
    });
    ([(header::CONTENT_TYPE, "application/activity+json")], doc.to_string())
}

async fn inbox(State(r): State<Relay>, body: String) -> StatusCode {
    if let (Ok(v), Ok(mut got)) = (serde_json::from_str::<Value>(&body), r.received.lock()) {
        got.push(v);
    }
    StatusCode::ACCEPTED
}

async fn start_relay() -> Relay {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://localhost:{}", listener.local_addr().expect("addr").port());
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let relay = Relay { base, public_pem: keys.public_pem, received: Arc::default() };
    let app = Router::new()
        .route("/.well-known/webfinger", get(webfinger))
        .route("/actor", get(actor))
        .route("/inbox", post(inbox))
        .with_state(relay.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    relay
}

async fn a_relay_is_followed_by_its_handle_despite_a_legacy_webfinger_link(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "uclg", "--country", "ES"]);
    let token = env.run_ok(&["token", "create", "--actor", "uclg"]);
    let relay = start_relay().await;
    let node = env.start();
    let api = Api::new(&node, &token);
    let handle = format!("relay@{}", relay.base.trim_start_matches("http://"));
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": handle })).await;
    assert_eq!(status, 202, "{body}");
    let relay_actor = format!("{}/actor", relay.base);
    eventually("the relay receives the Follow", Duration::from_secs(30), &[&node], || async {
        let got = relay.received.lock().map(|g| g.clone()).unwrap_or_default();
        got.iter().any(|a| a["type"] == "Follow" && a["object"] == relay_actor.as_str()).then_some(())
    })
    .await;

    // A handle whose server names no ActivityPub actor: a short 422.
    let bad = format!("nobody@{}", relay.base.trim_start_matches("http://"));
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": bad })).await;
    assert!(status == 422 || status == 400, "{status} {body}");
    assert!(body["message"].as_str().is_some_and(|m| m.len() < 300), "{body}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_relay_is_followed_by_its_handle_despite_a_legacy_webfinger_link_on_sqlite() {
    a_relay_is_followed_by_its_handle_despite_a_legacy_webfinger_link(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_relay_is_followed_by_its_handle_despite_a_legacy_webfinger_link_on_postgres() {
    a_relay_is_followed_by_its_handle_despite_a_legacy_webfinger_link(Backend::Postgres).await;
}
