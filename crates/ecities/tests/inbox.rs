//! The inbox against hostile and broken input, with a real signing remote
//! server on loopback.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually, healthz_ok};

const WAIT: Duration = Duration::from_secs(30);

async fn inbox_refuses_bad_input_and_stores_only_sanitised_content(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let mallory = FakeRemote::start("mallory").await;
    let inbox = node.url("/inbox");
    let seoul = node.url("/actors/seoul");
    let http = reqwest::Client::new();

    let follow = json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": mallory.id("/follows/1"), "type": "Follow", "actor": mallory.actor, "object": seoul }).to_string();

    // Unsigned: 401, and the node fetched nothing from the sender.
    let r = http
        .post(&inbox)
        .header("Content-Type", "application/activity+json")
        .body(follow.clone())
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.expect("json error body");
    assert_eq!(body["error"], "signature_invalid");
    assert_eq!(mallory.requests(), 0, "an unsigned POST must not trigger a fetch");

    // The same to an actor's own inbox, known or not: refused as unsigned
    // before the actor is looked up.
    for path in ["/actors/seoul/inbox", "/actors/nobody/inbox"] {
        let r = http
            .post(node.url(path))
            .header("Content-Type", "application/activity+json")
            .body(follow.clone())
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 401, "{path}");
        let body: Value = r.json().await.expect("json error body");
        assert_eq!(body["error"], "signature_invalid", "{path}");
    }
    assert_eq!(mallory.requests(), 0, "an unsigned POST must not trigger a fetch");

    // Not JSON (but correctly signed and digested): 400.
    let (status, body) = mallory.post_signed(&inbox, "{not json", None).await;
    assert_eq!(status, 400, "{body}");

    // Too large: 413.
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let r = http.post(&inbox).header("Content-Type", "application/activity+json").body(big).send().await.expect("POST");
    assert_eq!(r.status(), 413);

    // Signed with another key than the actor's: 401.
    let other_keys = ecities_federation::keys::generate_keypair().expect("keys");
    let forged =
        ecities_federation::signatures::SigningKey::from_pem(&mallory.actor, &other_keys.private_pem).expect("key");
    let (status, body) = mallory.post_signed(&inbox, &follow, Some(&forged)).await;
    assert_eq!(status, 401, "{body}");

    // Activity id on another origin than its actor: refused.
    let foreign =
        json!({ "id": "http://localhost:1/follows/x", "type": "Follow", "actor": mallory.actor, "object": seoul })
            .to_string();
    let (status, body) = mallory.post_signed(&inbox, &foreign, None).await;
    assert_eq!(status, 400, "{body}");

    // A valid Follow: accepted, and an Accept reaches the remote inbox.
    let (status, body) = mallory.post_signed(&inbox, &follow, None).await;
    assert_eq!(status, 202, "{body}");
    eventually("the Accept reaches the follower", WAIT, &[&node], || async {
        mallory
            .received()
            .iter()
            .any(|a| a["type"] == "Accept" && a["object"]["id"] == mallory.id("/follows/1"))
            .then_some(())
    })
    .await;

    assert!(mallory.fetches_were_signed(), "fetches are signed by the instance actor");
    let links: Value =
        http.get(node.url("/.well-known/nodeinfo")).send().await.expect("GET").json().await.expect("json");
    let instance = links["links"][1]["href"].as_str().expect("FEP-2677 application actor link").to_owned();
    let doc: Value = http
        .get(&instance)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    assert_eq!(doc["type"], "Application");

    // The same activity again: 202, processed once.
    let (status, body) = mallory.post_signed(&inbox, &follow, None).await;
    assert_eq!(status, 202);
    assert_eq!(body["note"], "already received");
    let (_, deliveries) = api.get("/api/v1/deliveries").await;
    let accepts = deliveries["items"].as_array().expect("items").iter().filter(|d| d["type"] == "Accept").count();
    assert_eq!(accepts, 1, "a replayed Follow is not answered twice");

    // Seoul follows mallory back, so mallory's posts are wanted.
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": mallory.actor })).await;
    assert_eq!(status, 202, "{body}");
    let follow_out = eventually("seoul's Follow reaches mallory", WAIT, &[&node], || async {
        mallory.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    let accept =
        json!({ "id": mallory.id("/accepts/1"), "type": "Accept", "actor": mallory.actor, "object": follow_out })
            .to_string();
    let (status, body) = mallory.post_signed(&inbox, &accept, None).await;
    assert_eq!(status, 202, "{body}");

    // A post full of script: stored, and neutralised.
    let note = json!({
        "id": mallory.id("/activities/create-1"), "type": "Create", "actor": mallory.actor,
        "object": {
            "id": mallory.id("/notes/1"), "type": "Note", "attributedTo": mallory.actor,
            "name": "<b>Hello</b>", "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "content": "<p>Hi <script>alert(1)</script><img src=x onerror=\"alert(2)\"><a href=\"javascript:alert(3)\">x</a></p>"
        }
    })
    .to_string();
    let (status, body) = mallory.post_signed(&inbox, &note, None).await;
    assert_eq!(status, 202, "{body}");
    let (_, found) = api.get("/api/v1/practices").await;
    let stored = &found["items"][0];
    assert_eq!(stored["title"], "Hello");
    let html = stored["content"].as_str().expect("content");
    assert!(!html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"), "{html}");

    // A Delete of someone else's object is refused.
    let steal = json!({ "id": mallory.id("/activities/delete-1"), "type": "Delete", "actor": mallory.actor, "object": node.url("/practices/x") }).to_string();
    let (status, _) = mallory.post_signed(&inbox, &steal, None).await;
    assert_eq!(status, 403);

    // Unknown but well-formed activity types are accepted and ignored.
    let like =
        json!({ "id": mallory.id("/likes/1"), "type": "Like", "actor": mallory.actor, "object": seoul }).to_string();
    let (status, body) = mallory.post_signed(&node.url("/actors/seoul/inbox"), &like, None).await;
    assert_eq!(status, 202, "{body}");

    // Seoul subscribes to a Mastodon-style relay: a Follow of the Public
    // collection, and once accepted its public posts go to the relay too.
    let relay = FakeRemote::start("relay").await;
    let (status, body) =
        api.send(Method::POST, "/api/v1/follows", json!({ "target": relay.actor, "relay": true })).await;
    assert_eq!((status, body["relay"].as_bool()), (202, Some(true)), "{body}");
    let subscribe = eventually("the relay receives the subscription", WAIT, &[&node], || async {
        relay.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    assert_eq!(subscribe["object"], "https://www.w3.org/ns/activitystreams#Public");
    let accept =
        json!({ "id": relay.id("/accepts/1"), "type": "Accept", "actor": relay.actor, "object": subscribe["id"] })
            .to_string();
    assert_eq!(relay.post_signed(&inbox, &accept, None).await.0, 202);
    let post = json!({ "title": "Relayed to the fediverse", "summary": "s", "content": "c", "language": "en", "kind": "event", "sdgs": [17], "country": "KR" });
    let (status, created) = api.send(Method::POST, "/api/v1/practices", post).await;
    assert_eq!(status, 201, "{created}");
    eventually("the relay receives the public Create", WAIT, &[&node], || async {
        relay.received().iter().any(|a| a["type"] == "Create" && a["object"]["id"] == created["id"]).then_some(())
    })
    .await;

    // Mallory deletes its account: its follows go, both ways.
    let followers = |api: &Api| {
        let api = api.clone();
        async move {
            let (_, f) = api.get("/api/v1/followers").await;
            let (_, g) = api.get("/api/v1/follows").await;
            [f, g].iter().flat_map(|l| l["items"].as_array().cloned().unwrap_or_default()).count()
        }
    };
    let before = followers(&api).await;
    let gone = json!({ "id": mallory.id("/actors/mallory#delete"), "type": "Delete", "actor": mallory.actor, "object": mallory.actor }).to_string();
    let (status, body) = mallory.post_signed(&inbox, &gone, None).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(followers(&api).await, before - 2, "mallory follows and is followed no more");

    assert!(healthz_ok(env.port), "the node keeps serving");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn inbox_refuses_bad_input_and_stores_only_sanitised_content_on_sqlite() {
    inbox_refuses_bad_input_and_stores_only_sanitised_content(Backend::Sqlite).await;
}

#[tokio::test]
async fn inbox_refuses_bad_input_and_stores_only_sanitised_content_on_postgres() {
    inbox_refuses_bad_input_and_stores_only_sanitised_content(Backend::Postgres).await;
}

async fn a_host_over_its_inbox_rate_is_told_to_retry_later_and_other_hosts_are_not(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[federation]\ninbox_requests_per_second = 0.1\ninbox_burst = 3\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let node = env.start();
    let inbox = node.url("/inbox");
    let seoul = node.url("/actors/seoul");
    let mallory = FakeRemote::start("mallory").await;
    let alice = FakeRemote::start("alice").await;
    let follow = |remote: &FakeRemote, n: u32| {
        json!({ "id": remote.id(&format!("/follows/{n}")), "type": "Follow", "actor": remote.actor, "object": seoul })
            .to_string()
    };

    // Someone forging mallory's key id gets nowhere, and does not spend
    // mallory's budget (key refetches have their own).
    let forger = ecities_federation::keys::generate_keypair().expect("keys");
    let forged =
        ecities_federation::signatures::SigningKey::from_pem(&mallory.actor, &forger.private_pem).expect("key");
    for n in 100..104 {
        let (status, body) = mallory.post_signed(&inbox, &follow(&mallory, n), Some(&forged)).await;
        assert!(status == 401 || status == 429, "{status} {body}");
    }
    // Mallory's own burst: accepted.
    for n in 0..3 {
        let (status, body) = mallory.post_signed(&inbox, &follow(&mallory, n), None).await;
        assert_eq!(status, 202, "{body}");
    }
    // Over the rate: 429, a JSON error, a Retry-After the sender can honour,
    // and no work for the node (nothing fetched from the sender).
    let fetched = mallory.fetches();
    let (status, headers, body) = mallory.post_signed_with_headers(&inbox, &follow(&mallory, 3), None).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "rate_limited", "{body}");
    let retry_after: u64 = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=10).contains(&retry_after), "about one request per 10 s: {retry_after}");
    assert_eq!(mallory.fetches(), fetched, "a refused POST causes no fetch");
    // Another server is not held back by mallory.
    let (status, body) = alice.post_signed(&inbox, &follow(&alice, 0), None).await;
    assert_eq!(status, 202, "{body}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_host_over_its_inbox_rate_is_told_to_retry_later_and_other_hosts_are_not_on_sqlite() {
    a_host_over_its_inbox_rate_is_told_to_retry_later_and_other_hosts_are_not(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_host_over_its_inbox_rate_is_told_to_retry_later_and_other_hosts_are_not_on_postgres() {
    a_host_over_its_inbox_rate_is_told_to_retry_later_and_other_hosts_are_not(Backend::Postgres).await;
}
