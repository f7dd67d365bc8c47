//! Secure mode and RFC 9421 HTTP Message Signatures (issue 20), between
//! real nodes and signing test servers on loopback, on both databases.
//!
//! The RFC 9421 requests the tests send are signed by code written here
//! ([`rfc9421_sign`]: the signature base built by hand, signed with the
//! `rsa` crate), not by the node's signer, so the node's verifier is
//! checked against an independent reading of the RFC (the RFC's own
//! example, appendix B.2.6, is checked in `ecities_federation::rfc9421`).

use crate::support;

use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::Method;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};
use url::Url;

const WAIT: Duration = Duration::from_secs(30);
const AS2: &str = "application/activity+json";

/// `(Signature-Input, Signature)` of an RFC 9421 signature over
/// `components` (name and value, in order) with `created` and `keyid`,
/// RSASSA-PKCS1-v1_5 with SHA-256 — written from RFC 9421 §2.3 and §2.5.
fn rfc9421_sign(private_pem: &str, key_id: &str, components: &[(&str, String)], created: u64) -> (String, String) {
    let names = components.iter().map(|(n, _)| format!("\"{n}\"")).collect::<Vec<_>>().join(" ");
    let params = format!("({names});created={created};keyid=\"{key_id}\"");
    let mut base = String::new();
    for (name, value) in components {
        base.push_str(&format!("\"{name}\": {value}\n"));
    }
    base.push_str(&format!("\"@signature-params\": {params}"));
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(private_pem)
        .or_else(|_| rsa::pkcs1::DecodeRsaPrivateKey::from_pkcs1_pem(private_pem))
        .expect("an RSA private key");
    let signature = key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(base.as_bytes())).expect("sign");
    (format!("sig1={params}"), format!("sig1=:{}:", BASE64.encode(signature)))
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("after 1970").as_secs()
}

fn content_digest(body: &str) -> String {
    format!("sha-256=:{}:", BASE64.encode(Sha256::digest(body.as_bytes())))
}

/// GETs `url` as ActivityStreams with `headers` added.
async fn get_with(url: &str, headers: &[(String, String)]) -> (u16, Value) {
    let mut req = reqwest::Client::new().get(url).header("Accept", AS2);
    for (k, v) in headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let r = req.send().await.expect("GET");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A GET signed the cavage way by `key`.
async fn get_signed(url: &str, key: &ecities_federation::signatures::SigningKey) -> (u16, Value) {
    let headers = key.sign("GET", &Url::parse(url).expect("url"), None, None).expect("sign");
    get_with(url, &headers).await
}

/// The headers of a GET signed the RFC 9421 way by `remote`.
fn rfc9421_get_headers(remote: &FakeRemote, url: &str, created: u64) -> Vec<(String, String)> {
    let (input, signature) = rfc9421_sign(
        &remote.private_pem,
        remote.key.key_id(),
        &[("@method", "GET".into()), ("@target-uri", url.into())],
        created,
    );
    vec![("signature-input".into(), input), ("signature".into(), signature)]
}

/// POSTs `body` to `inbox` with `headers`.
async fn post_with(inbox: &str, body: &str, headers: &[(String, String)]) -> (u16, Value) {
    let mut req = reqwest::Client::new().post(inbox).body(body.to_owned());
    for (k, v) in headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let r = req.send().await.expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The headers of an RFC 9421-signed inbox POST of `signed_body` (the
/// digest and signature are over it; the body sent may differ).
fn rfc9421_post_headers(remote: &FakeRemote, inbox: &str, signed_body: &str, created: u64) -> Vec<(String, String)> {
    let digest = content_digest(signed_body);
    let (input, signature) = rfc9421_sign(
        &remote.private_pem,
        remote.key.key_id(),
        &[
            ("@method", "POST".into()),
            ("@target-uri", inbox.into()),
            ("content-type", AS2.into()),
            ("content-digest", digest.clone()),
        ],
        created,
    );
    vec![
        ("content-type".into(), AS2.into()),
        ("content-digest".into(), digest),
        ("signature-input".into(), input),
        ("signature".into(), signature),
    ]
}

async fn in_secure_mode_documents_need_a_signature_from_a_server_that_is_not_blocked(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[federation]\nsecure_mode = true\nblocked_domains = [\"blocked.localhost\"]\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, created) = api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Bus lanes", "summary": "Faster buses.", "content": "Text.", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let practice = created["id"].as_str().expect("practice id").to_owned();
    let seoul = node.url("/actors/seoul");
    let documents = [
        seoul.clone(),
        node.url("/actors/seoul/outbox"),
        node.url("/actors/seoul/outbox?page=true"),
        node.url("/actors/seoul/followers"),
        node.url("/actors/seoul/following"),
        practice.clone(),
    ];

    // Unsigned: 401 for every ActivityPub document, also when asked for
    // as plain JSON; nothing else in the answer.
    for url in &documents {
        let (status, body) = get_with(url, &[]).await;
        assert_eq!((status, body["error"].as_str()), (401, Some("signature_required")), "{url}: {body}");
        assert!(body.get("id").is_none(), "{url}: {body}");
    }
    let r = reqwest::Client::new().get(&seoul).header("Accept", "application/json").send().await.expect("GET");
    assert_eq!(r.status(), 401);

    // The pages stay public, and so do discovery and the instance actor.
    for url in [&seoul, &practice] {
        let r = reqwest::Client::new().get(url).header("Accept", "text/html").send().await.expect("GET");
        assert_eq!(r.status(), 200, "{url}");
        assert!(r.text().await.expect("html").contains("<html"), "{url}");
    }
    let port = node.port();
    for url in [
        node.url(&format!("/.well-known/webfinger?resource=acct:seoul@localhost:{port}")),
        node.url("/.well-known/nodeinfo"),
        node.url("/nodeinfo/2.1"),
    ] {
        let r = reqwest::Client::new().get(&url).send().await.expect("GET");
        assert_eq!(r.status(), 200, "{url}");
    }
    let (_, links) = get_with(&node.url("/.well-known/nodeinfo"), &[]).await;
    let instance = links["links"][1]["href"].as_str().expect("the instance actor").to_owned();
    let (status, doc) = get_with(&instance, &[]).await;
    assert_eq!(status, 200, "{doc}");
    assert!(doc["publicKey"]["publicKeyPem"].is_string(), "{doc}");

    // Signed by a blocked server: 403, and its key was never fetched.
    let blocked_actor = Url::parse("http://blocked.localhost:1/users/x").expect("url");
    let keys = ecities_federation::keys::generate_keypair().expect("keys");
    let blocked = ecities_federation::signatures::SigningKey::from_pem(&blocked_actor, &keys.private_pem).expect("key");
    for url in &documents {
        let (status, body) = get_signed(url, &blocked).await;
        assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")), "{url}: {body}");
        assert!(body.get("id").is_none(), "{url}: {body}");
    }

    // Signed by a server that is not blocked: served (draft and RFC 9421).
    let mallory = FakeRemote::start("mallory").await;
    let (status, doc) = get_signed(&seoul, &mallory.key).await;
    assert_eq!((status, doc["id"].as_str()), (200, Some(seoul.as_str())), "{doc}");
    let (status, doc) = get_signed(&practice, &mallory.key).await;
    assert_eq!((status, doc["id"].as_str()), (200, Some(practice.as_str())), "{doc}");
    let outbox = node.url("/actors/seoul/outbox?page=true");
    let headers = rfc9421_get_headers(&mallory, &outbox, now_secs());
    let (status, page) = get_with(&outbox, &headers).await;
    assert_eq!(status, 200, "{page}");
    assert!(page["orderedItems"].as_array().is_some_and(|i| !i.is_empty()), "{page}");
    // The same RFC 9421 signature again: a replay, refused.
    let (status, body) = get_with(&outbox, &headers).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("signature_invalid")), "{body}");
    // A signature made for another document does not open this one.
    let followers = node.url("/actors/seoul/followers");
    let (status, _) = get_with(&followers, &rfc9421_get_headers(&mallory, &seoul, now_secs())).await;
    assert_eq!(status, 401);
    // Nor does a key that is not the signer's.
    let other = ecities_federation::keys::generate_keypair().expect("keys");
    let forged = ecities_federation::signatures::SigningKey::from_pem(&mallory.actor, &other.private_pem).expect("key");
    let (status, _) = get_signed(&seoul, &forged).await;
    assert_eq!(status, 401);
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn in_secure_mode_documents_need_a_signature_from_a_server_that_is_not_blocked_sqlite() {
    in_secure_mode_documents_need_a_signature_from_a_server_that_is_not_blocked(Backend::Sqlite).await;
}

#[tokio::test]
async fn in_secure_mode_documents_need_a_signature_from_a_server_that_is_not_blocked_postgres() {
    in_secure_mode_documents_need_a_signature_from_a_server_that_is_not_blocked(Backend::Postgres).await;
}

async fn two_nodes_in_secure_mode_follow_publish_and_fetch_each_other(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else { return };
    let a_env = a_env.with_config("[federation]\nsecure_mode = true\n");
    let b_env = b_env.with_config("[federation]\nsecure_mode = true\n");
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    let a_token = a_env.run_ok(&["token", "create", "--actor", "seoul"]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let (a, b) = (a_env.start(), b_env.start());
    let (a_api, b_api) = (Api::new(&a, &a_token), Api::new(&b, &b_token));
    let seoul = a.url("/actors/seoul");

    // Busan follows Seoul: its node fetches Seoul's actor (a signed GET),
    // Seoul's node checks that signature with the key of Busan's instance
    // actor, which stays open; the Follow and the Accept are delivered.
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": seoul })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually("the follow is accepted", WAIT, &[&a, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;

    // Seoul publishes; Busan's node receives the Create.
    let (status, created) = a_api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Night buses", "summary": "Buses at night.", "content": "Text.", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    eventually("Busan's node holds Seoul's practice", WAIT, &[&a, &b], || async {
        let (_, r) = b_api.get("/api/v1/practices?q=night").await;
        r["items"].as_array()?.iter().any(|p| p["id"] == id.as_str()).then_some(())
    })
    .await;

    // What happened on the wire: Seoul's node served a signed fetch, and
    // both nodes delivered with RFC 9421 signatures the other accepted.
    assert!(a.log_text().contains("signed fetch allowed"), "{}", a.log_text());
    for node in [&a, &b] {
        let log = node.log_text();
        assert!(log.contains("signature style learned") && log.contains("Rfc9421"), "{log}");
        assert!(!log.contains("Cavage"), "no fallback between two ecities nodes: {log}");
    }
    // An unsigned reader still gets nothing from either.
    for url in [seoul.clone(), b.url("/actors/busan"), id.clone()] {
        let (status, _) = get_with(&url, &[]).await;
        assert_eq!(status, 401, "{url}");
    }
    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn two_nodes_in_secure_mode_follow_publish_and_fetch_each_other_sqlite() {
    two_nodes_in_secure_mode_follow_publish_and_fetch_each_other(Backend::Sqlite).await;
}

#[tokio::test]
async fn two_nodes_in_secure_mode_follow_publish_and_fetch_each_other_postgres() {
    two_nodes_in_secure_mode_follow_publish_and_fetch_each_other(Backend::Postgres).await;
}

async fn an_rfc9421_signed_create_is_accepted_and_tampered_or_replayed_copies_are_refused(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let mallory = FakeRemote::start("mallory").await;
    let inbox = node.url("/inbox");

    // Seoul follows Mallory; Mallory accepts (signed the RFC 9421 way).
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": mallory.actor })).await;
    assert_eq!(status, 202, "{body}");
    let follow = eventually("seoul's Follow reaches mallory", WAIT, &[&node], || async {
        mallory.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    let accept = json!({ "id": mallory.id("/accepts/1"), "type": "Accept", "actor": mallory.actor, "object": follow })
        .to_string();
    let (status, body) = post_with(&inbox, &accept, &rfc9421_post_headers(&mallory, &inbox, &accept, now_secs())).await;
    assert_eq!(status, 202, "{body}");

    let create = |n: u32, title: &str| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": mallory.id(&format!("/activities/create-{n}")), "type": "Create", "actor": mallory.actor,
            "object": { "id": mallory.id(&format!("/notes/{n}")), "type": "Note", "attributedTo": mallory.actor,
                        "name": title, "content": "<p>Shared bicycles.</p>",
                        "to": ["https://www.w3.org/ns/activitystreams#Public"] }
        })
        .to_string()
    };

    // Tampered: the body changed after signing (its digest no longer
    // matches), or changed with a fresh digest the signature does not
    // cover, or a covered header changed.
    let signed = create(1, "Bicycles");
    let changed = create(1, "Bicycles for sale");
    let headers = rfc9421_post_headers(&mallory, &inbox, &signed, now_secs());
    let (status, body) = post_with(&inbox, &changed, &headers).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("signature_invalid")), "{body}");
    let redigested: Vec<_> = headers
        .iter()
        .map(
            |(k, v)| if k == "content-digest" { (k.clone(), content_digest(&changed)) } else { (k.clone(), v.clone()) },
        )
        .collect();
    let (status, body) = post_with(&inbox, &changed, &redigested).await;
    assert_eq!(status, 401, "{body}");
    let retyped: Vec<_> = headers
        .iter()
        .map(
            |(k, v)| {
                if k == "content-type" { (k.clone(), "application/ld+json".into()) } else { (k.clone(), v.clone()) }
            },
        )
        .collect();
    let (status, body) = post_with(&inbox, &signed, &retyped).await;
    assert_eq!(status, 401, "{body}");
    // Too old: created two hours ago.
    let stale = rfc9421_post_headers(&mallory, &inbox, &signed, now_secs() - 2 * 60 * 60);
    let (status, body) = post_with(&inbox, &signed, &stale).await;
    assert_eq!(status, 401, "{body}");
    let (_, found) = api.get("/api/v1/practices?q=bicycles").await;
    assert_eq!(found["total"], 0, "nothing refused was stored: {found}");

    // The untouched request is accepted and stored.
    let (status, body) = post_with(&inbox, &signed, &headers).await;
    assert_eq!(status, 202, "{body}");
    assert!(body["note"].as_str().is_some_and(|n| n.contains("stored")), "{body}");
    let (_, found) = api.get("/api/v1/practices?q=bicycles").await;
    assert_eq!(found["items"][0]["title"], "Bicycles", "{found}");

    // The same request again (a replay): refused, before any processing.
    let (status, body) = post_with(&inbox, &signed, &headers).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("signature_invalid")), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("replay")), "{body}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_rfc9421_signed_create_is_accepted_and_tampered_or_replayed_copies_are_refused_sqlite() {
    an_rfc9421_signed_create_is_accepted_and_tampered_or_replayed_copies_are_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_rfc9421_signed_create_is_accepted_and_tampered_or_replayed_copies_are_refused_postgres() {
    an_rfc9421_signed_create_is_accepted_and_tampered_or_replayed_copies_are_refused(Backend::Postgres).await;
}

/// Checks an RFC 9421 signature our node sent, with code of this test:
/// the components named in `Signature-Input` read from the request as the
/// receiver saw it, the base rebuilt, the signature checked with `public_pem`.
fn verify_rfc9421(headers: &reqwest::header::HeaderMap, remote: &FakeRemote, public_pem: &str) {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let target_uri = remote.id(&text("x-recorded-path"));
    let input = text("signature-input");
    let params = input.strip_prefix("sig1=").expect("label sig1");
    let list = &params[1..params.find(')').expect("an inner list")];
    let mut base = String::new();
    for name in list.split(' ').map(|n| n.trim_matches('"')) {
        let value = match name {
            "@method" => "POST".to_owned(),
            "@target-uri" => target_uri.clone(),
            header => text(header),
        };
        base.push_str(&format!("\"{name}\": {value}\n"));
    }
    base.push_str(&format!("\"@signature-params\": {params}"));
    let signature = text("signature");
    let signature = BASE64
        .decode(signature.strip_prefix("sig1=:").and_then(|s| s.strip_suffix(':')).expect("a byte sequence"))
        .expect("base64");
    let key = rsa::RsaPublicKey::from_public_key_pem(public_pem.trim()).expect("public key");
    key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(base.as_bytes()), &signature)
        .expect("our RFC 9421 signature verifies");
    assert!(list.contains("\"content-digest\"") && params.contains(";created="), "{input}");
}

async fn deliveries_use_rfc9421_and_fall_back_to_cavage_where_it_is_refused(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let inbox = node.url("/inbox");
    let seoul = node.url("/actors/seoul");
    let public_pem = support::as2(&seoul).await["publicKey"]["publicKeyPem"].as_str().expect("key").to_owned();
    let modern = FakeRemote::start("modern").await;
    let legacy = FakeRemote::start_refusing_rfc9421("legacy").await;
    for (n, remote) in [&modern, &legacy].into_iter().enumerate() {
        let follow = json!({ "id": remote.id(&format!("/follows/{n}")), "type": "Follow", "actor": remote.actor, "object": seoul }).to_string();
        let (status, body) = remote.post_signed(&inbox, &follow, None).await;
        assert_eq!(status, 202, "{body}");
    }
    let posts_of = |remote: &FakeRemote, kind: &str| {
        remote.received_with_headers().into_iter().filter(|(_, a)| a["type"] == kind).collect::<Vec<_>>()
    };

    // The Accepts: RFC 9421 to the server that takes it; to the one that
    // answers 401, the same Accept again at once, signed the draft's way.
    let accepted = eventually("both Accepts arrive", WAIT, &[&node], || async {
        let (m, l) = (posts_of(&modern, "Accept"), posts_of(&legacy, "Accept"));
        (m.len() == 1 && l.len() == 2).then_some((m, l))
    })
    .await;
    let (modern_accepts, legacy_accepts) = accepted;
    verify_rfc9421(&modern_accepts[0].0, &modern, &public_pem);
    assert!(legacy_accepts[0].0.contains_key("signature-input"), "RFC 9421 first");
    assert!(!legacy_accepts[1].0.contains_key("signature-input"), "then the draft");
    let cavage = legacy_accepts[1].0.get("signature").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(cavage.contains("keyId=") && cavage.contains("headers="), "{cavage}");
    assert_eq!(legacy_accepts[0].1, legacy_accepts[1].1, "the same Accept twice");

    // The next delivery to each host goes straight in the style it took.
    let (status, created) = api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Bus lanes", "summary": "Faster buses.", "content": "Text.", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let (modern_creates, legacy_creates) = eventually("both Creates arrive", WAIT, &[&node], || async {
        let (m, l) = (posts_of(&modern, "Create"), posts_of(&legacy, "Create"));
        (!m.is_empty() && !l.is_empty()).then_some((m, l))
    })
    .await;
    verify_rfc9421(&modern_creates[0].0, &modern, &public_pem);
    assert_eq!(legacy_creates.len(), 1, "no second knock once the host is known");
    assert!(!legacy_creates[0].0.contains_key("signature-input"));
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn deliveries_use_rfc9421_and_fall_back_to_cavage_where_it_is_refused_sqlite() {
    deliveries_use_rfc9421_and_fall_back_to_cavage_where_it_is_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn deliveries_use_rfc9421_and_fall_back_to_cavage_where_it_is_refused_postgres() {
    deliveries_use_rfc9421_and_fall_back_to_cavage_where_it_is_refused(Backend::Postgres).await;
}
