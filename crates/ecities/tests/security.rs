//! Safe on the open internet (issue 13): a node in production posture
//! (dev mode off) refuses to be turned against its own network, one client
//! cannot knock it over, and it accepts no signature it cannot prove.
//!
//! Every "refused" below is checked from the outside: a listener on each
//! forbidden address counts connections and must see none.

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually, healthz_ok};

const WAIT: Duration = Duration::from_secs(30);

/// A listener on every local address (`[::]`, which on Linux takes IPv4
/// too) that counts the connections it gets.
async fn counting_listener() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("[::]:0").await.expect("bind [::]");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, seen)
}

/// Internal addresses in the notations attackers use, on `port`.
fn internal_urls(port: u16) -> Vec<String> {
    [
        "127.0.0.1",
        "0",
        "0.0.0.0",
        "127.1",
        "2130706433",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "[::1]",
        "[::ffff:7f00:1]",
        "[::ffff:127.0.0.1]",
        "localhost",
        "10.0.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "[fd00::1]",
        "[fe80::1]",
    ]
    .iter()
    .map(|h| format!("http://{h}:{port}/feed.xml"))
    .collect()
}

async fn feed_sources_on_internal_addresses_are_refused_and_never_fetched(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.production();
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (port, seen) = counting_listener().await;

    // The CLI refuses them too, with a message and a non-zero exit.
    let out = env.run(&["feed", "add", "--actor", "seoul", "--url", &format!("http://127.1:{port}/feed.xml")]);
    assert!(!out.status.success(), "the CLI must refuse an internal feed address");
    assert!(support::stderr(&out).contains("not a public internet address"), "{}", support::stderr(&out));

    let node = env.start();
    let api = Api::new(&node, &token);
    for url in internal_urls(port) {
        let (status, body) = api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": url })).await;
        assert_eq!(status, 422, "{url} must be refused: {body}");
        assert_eq!(body["error"], "invalid_input", "{url}: {body}");
    }
    let (_, sources) = api.get("/api/v1/feed-sources").await;
    assert_eq!(sources["items"].as_array().map(Vec::len), Some(0), "nothing stored: {sources}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(seen.load(Ordering::SeqCst), 0, "no request reached an internal address");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn feed_sources_on_internal_addresses_are_refused_and_never_fetched_sqlite() {
    feed_sources_on_internal_addresses_are_refused_and_never_fetched(Backend::Sqlite).await;
}

#[tokio::test]
async fn feed_sources_on_internal_addresses_are_refused_and_never_fetched_postgres() {
    feed_sources_on_internal_addresses_are_refused_and_never_fetched(Backend::Postgres).await;
}

async fn deliveries_to_internal_inboxes_are_refused_and_never_sent(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.production();
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (port, seen) = counting_listener().await;
    // Hostile actor documents, as they would be stored: the worker must
    // refuse what they name.
    let followers: Vec<_> = [
        ("eve", "https://eve.example/users/eve/inbox".to_owned(), Some(format!("https://127.0.0.1:{port}/inbox"))),
        ("mal", format!("https://[::ffff:7f00:1]:{port}/inbox"), None),
        ("oscar", format!("https://2130706433:{port}/users/oscar/inbox"), None),
        ("trent", format!("https://localhost:{port}/inbox"), None),
        ("peggy", "https://169.254.169.254/inbox".to_owned(), None),
    ]
    .iter()
    .map(|(name, inbox, shared)| {
        support::remote_actor(&format!("https://{name}.example/users/{name}"), inbox, shared.as_deref())
    })
    .collect();
    support::add_followers(&env, "seoul", &followers).await;
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, body) = api
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Bus lanes", "summary": "Faster buses.", "content": "Text.", "language": "en",
                    "kind": "best_practice", "sdgs": [11], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let failed = eventually("every delivery is refused", WAIT, &[&node], || async {
        let (_, d) = api.get("/api/v1/deliveries").await;
        let items = d["items"].as_array().cloned().unwrap_or_default();
        (items.len() == 5 && items.iter().all(|i| i["state"] == "failed")).then_some(items)
    })
    .await;
    for d in &failed {
        let reason = d["last_error"].as_str().unwrap_or("");
        assert!(reason.contains("refusing to deliver"), "{d}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(seen.load(Ordering::SeqCst), 0, "no delivery reached an internal address");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn deliveries_to_internal_inboxes_are_refused_and_never_sent_sqlite() {
    deliveries_to_internal_inboxes_are_refused_and_never_sent(Backend::Sqlite).await;
}

#[tokio::test]
async fn deliveries_to_internal_inboxes_are_refused_and_never_sent_postgres() {
    deliveries_to_internal_inboxes_are_refused_and_never_sent(Backend::Postgres).await;
}

/// Resident memory high-water mark of a process, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

async fn a_huge_answer_to_a_delivery_does_not_grow_the_nodes_memory(backend: Backend) {
    const HUNDRED_MB: usize = 100 * 1024 * 1024;
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let node = env.start();
    let remote = FakeRemote::start_with_huge_answers("bigmouth", HUNDRED_MB).await;
    let before = peak_rss_kib(node.child.id());
    // A Follow: the node answers with an Accept, delivered to the remote
    // inbox, which answers 400 and 100 MB.
    let follow = json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": remote.id("/follows/1"),
                         "type": "Follow", "actor": remote.actor, "object": node.url("/actors/seoul") })
    .to_string();
    let (status, body) = remote.post_signed(&node.url("/inbox"), &follow, None).await;
    assert_eq!(status, 202, "{body}");
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let api = Api::new(&node, &token);
    let failed = eventually("the Accept delivery ends", WAIT, &[&node], || async {
        let (_, d) = api.get("/api/v1/deliveries").await;
        d["items"].as_array().and_then(|i| i.iter().find(|d| d["state"] == "failed").cloned())
    })
    .await;
    assert_eq!(failed["last_status"], 400, "{failed}");
    let reason = failed["last_error"].as_str().unwrap_or("");
    assert!(reason.len() < 1_000, "only the start of the answer is kept ({} bytes)", reason.len());
    let after = peak_rss_kib(node.child.id());
    let growth_mib = after.saturating_sub(before) / 1024;
    assert!(
        growth_mib < 20,
        "peak memory grew by {growth_mib} MiB for one delivery (before {before} KiB, after {after} KiB)"
    );
    assert!(healthz_ok(node.port()));
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_huge_answer_to_a_delivery_does_not_grow_the_nodes_memory_sqlite() {
    a_huge_answer_to_a_delivery_does_not_grow_the_nodes_memory(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_huge_answer_to_a_delivery_does_not_grow_the_nodes_memory_postgres() {
    a_huge_answer_to_a_delivery_does_not_grow_the_nodes_memory(Backend::Postgres).await;
}

/// Opens a connection from `source` and sends half a request head.
async fn slow_connection(source: std::net::IpAddr, port: u16) -> Option<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.bind(std::net::SocketAddr::new(source, 0)).ok()?;
    let mut stream = socket.connect(std::net::SocketAddr::from(([127, 0, 0, 1], port))).await.ok()?;
    stream.write_all(format!("GET /healthz HTTP/1.1\r\nHost: localhost:{port}\r\n").as_bytes()).await.ok()?;
    Some(stream)
}

/// 2,000 slowloris connections (from eight addresses, each under the
/// per-address cap) do not keep `/healthz` from answering; and one address
/// cannot hold more than its share.
#[tokio::test]
async fn two_thousand_slow_connections_do_not_keep_health_checks_from_answering() {
    // This test process needs the descriptors too.
    rlimit::increase_nofile_limit(8_192).expect("raise the test's file limit");
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    let node = env.start();
    let mut held = Vec::new();
    for i in 0..2_000u32 {
        let source = std::net::IpAddr::from([127, 0, 0, 2 + (i % 8) as u8]);
        if let Some(stream) = slow_connection(source, node.port()).await {
            held.push(stream);
        }
    }
    assert_eq!(held.len(), 2_000, "the node accepted every connection under the caps");
    for _ in 0..10 {
        let started = std::time::Instant::now();
        assert!(healthz_ok(node.port()), "healthz answers with 2,000 slow connections open");
        assert!(started.elapsed() < Duration::from_secs(2), "and answers quickly ({:?})", started.elapsed());
    }

    // One address past its cap (256 by default): the excess is closed at once.
    let flood = std::net::IpAddr::from([127, 0, 0, 42]);
    let mut closed = 0;
    let mut flooding = Vec::new();
    for _ in 0..300 {
        if let Some(stream) = slow_connection(flood, node.port()).await {
            flooding.push(stream);
        }
    }
    for stream in &mut flooding {
        use tokio::io::AsyncReadExt;
        let mut buf = [0u8; 16];
        if let Ok(Ok(0) | Err(_)) = tokio::time::timeout(Duration::from_millis(20), stream.read(&mut buf)).await {
            closed += 1;
        }
    }
    assert!(closed >= 44, "connections past the per-address cap are closed ({closed} of 300)");
    assert!(healthz_ok(node.port()));
    drop(held);
    drop(flooding);
}

/// Signs exactly `covered` (name, value) lines with `key`, as a sloppy or
/// hostile sender might, and POSTs `body` to `inbox`.
async fn post_signed_covering(
    inbox: &str,
    key: &ecities_federation::signatures::SigningKey,
    covered: &[(&str, String)],
    body: &str,
) -> (u16, Value) {
    let string = covered.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().join("\n");
    let sig = base64::engine::general_purpose::STANDARD.encode(key.sign_bytes(string.as_bytes()).expect("sign"));
    let names = covered.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" ");
    let created = covered.iter().find(|(n, _)| *n == "(created)").map(|(_, v)| format!(",created={v}"));
    let mut req = reqwest::Client::new()
        .post(inbox)
        .header("content-type", "application/activity+json")
        .header("digest", ecities_federation::signatures::digest_header(body.as_bytes()))
        .header(
            "signature",
            format!(
                "keyId=\"{}\",algorithm=\"hs2019\",headers=\"{names}\",signature=\"{sig}\"{}",
                key.key_id(),
                created.unwrap_or_default()
            ),
        )
        .body(body.to_owned());
    for (n, v) in covered {
        if !n.starts_with('(') && *n != "digest" {
            req = req.header(*n, v);
        }
    }
    let r = req.send().await.expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// In dev mode on purpose: there the node *could* fetch the sender's key
/// from the loopback test server, so "no fetch happened" means the checks
/// refused the request first (signatures are checked in either mode).
async fn replayed_partial_and_misdirected_signatures_are_refused_without_fetching(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let node = env.start();
    let mallory = FakeRemote::start("mallory").await;
    let inbox = node.url("/inbox");
    let host = format!("localhost:{}", node.port());
    let follow = |n: u32| {
        json!({ "@context": "https://www.w3.org/ns/activitystreams", "id": mallory.id(&format!("/follows/{n}")),
                "type": "Follow", "actor": mallory.actor, "object": node.url("/actors/seoul") })
        .to_string()
    };
    let now = SystemTime::now();
    let date = httpdate::fmt_http_date(now);
    let body = follow(1);
    let digest = ecities_federation::signatures::digest_header(body.as_bytes());
    let target = ("(request-target)", "post /inbox".to_owned());

    // Only `date digest`: no method, path or host.
    let (status, answer) =
        post_signed_covering(&inbox, &mallory.key, &[("date", date.clone()), ("digest", digest.clone())], &body).await;
    assert_eq!(status, 401, "{answer}");
    // `(created)` ten years ahead (it would never expire).
    let ten_years = now.duration_since(SystemTime::UNIX_EPOCH).expect("epoch").as_secs() + 10 * 365 * 24 * 60 * 60;
    let (status, answer) = post_signed_covering(
        &inbox,
        &mallory.key,
        &[target.clone(), ("host", host.clone()), ("(created)", ten_years.to_string()), ("digest", digest.clone())],
        &body,
    )
    .await;
    assert_eq!(status, 401, "{answer}");
    // Made for another server.
    let (status, answer) = post_signed_covering(
        &inbox,
        &mallory.key,
        &[target.clone(), ("host", "elsewhere.example".into()), ("date", date.clone()), ("digest", digest.clone())],
        &body,
    )
    .await;
    assert_eq!(status, 401, "{answer}");
    assert_eq!(mallory.requests(), 0, "refused signatures caused no fetch");

    // The complete form is accepted.
    let (status, answer) = post_signed_covering(
        &inbox,
        &mallory.key,
        &[target.clone(), ("host", host.clone()), ("date", date.clone()), ("digest", digest.clone())],
        &body,
    )
    .await;
    assert_eq!(status, 202, "{answer}");
    let fetched = mallory.fetches();
    assert_eq!(fetched, 1, "the new sender's key was fetched once");

    // Forged signatures naming a known sender: refused, and no fetch at all
    // (its key was fetched moments ago).
    let other_keys = ecities_federation::keys::generate_keypair().expect("keys");
    let forged =
        ecities_federation::signatures::SigningKey::from_pem(&mallory.actor, &other_keys.private_pem).expect("key");
    for n in 2..12 {
        let (status, answer) = mallory.post_signed(&inbox, &follow(n), Some(&forged)).await;
        assert_eq!(status, 401, "{answer}");
    }
    assert_eq!(mallory.fetches(), fetched, "forged signatures made the node fetch nothing");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn replayed_partial_and_misdirected_signatures_are_refused_without_fetching_sqlite() {
    replayed_partial_and_misdirected_signatures_are_refused_without_fetching(Backend::Sqlite).await;
}

#[tokio::test]
async fn replayed_partial_and_misdirected_signatures_are_refused_without_fetching_postgres() {
    replayed_partial_and_misdirected_signatures_are_refused_without_fetching(Backend::Postgres).await;
}
