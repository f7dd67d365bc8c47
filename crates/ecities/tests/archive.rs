//! A portal's archive reaches the network: three real nodes (a city that
//! imports a 200-item archive, an association that follows it, a
//! knowledge space that follows the association) and a Mastodon-shaped
//! person following both. The association and the knowledge space end
//! with the whole archive; the person is not sent 200 old posts; the city
//! delivers the archive paced.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use reqwest::Method;
use serde_json::{Value, json};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, Node, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(180);
/// Items in the portal's archive (one poll imports at most 200).
const ARCHIVE: usize = 200;
/// `federation.archive_pace_ms` of the nodes: 200 items take 20 s per inbox.
const PACE_MS: u64 = 100;

/// An RSS feed of the archive, plus `extra` newer items.
fn feed(extra: &[&str]) -> String {
    let mut items: String = extra
        .iter()
        .map(|title| {
            format!(
                "<item><title>{title}</title><link>https://portal.example/new/{title}</link>\
                 <guid>https://portal.example/new/{title}</guid><description>{title}.</description>\
                 <category>SDG 11</category></item>"
            )
        })
        .collect();
    for i in 0..ARCHIVE {
        items.push_str(&format!(
            "<item><title>Archived practice {i}</title><link>https://portal.example/p/{i}</link>\
             <guid>https://portal.example/p/{i}</guid><description>Archive item {i}.</description>\
             <category>SDG 11</category><pubDate>Mon, 02 Nov 2020 10:00:00 GMT</pubDate></item>"
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Portal</title><link>https://portal.example/</link>\
         <description>d</description><language>en</language>{items}</channel></rss>"
    )
}

/// A portal serving one feed that the test can change.
async fn start_portal(body: String) -> (Arc<Mutex<String>>, String) {
    let feed = Arc::new(Mutex::new(body));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://localhost:{}/feed.rss", listener.local_addr().expect("addr").port());
    let app = Router::new()
        .route(
            "/feed.rss",
            get(|State(f): State<Arc<Mutex<String>>>| async move {
                let body = f.lock().map(|b| b.clone()).unwrap_or_default();
                ([(header::CONTENT_TYPE, "application/rss+xml")], body).into_response()
            }),
        )
        .with_state(feed.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (feed, url)
}

async fn follow(api: &Api, target: &str, nodes: &[&Node]) {
    let (status, body) = api.send(Method::POST, "/api/v1/follows", json!({ "target": target })).await;
    assert!(status == 202 || status == 200, "{body}");
    eventually(&format!("follow of {target} accepted"), WAIT, nodes, || async {
        let (_, f) = api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == target && i["state"] == "accepted").map(|_| ())
    })
    .await;
}

/// How many practices by `author` the node behind `api` holds.
async fn held(api: &Api, author: &str) -> u64 {
    let enc: String = url::form_urlencoded::byte_serialize(author.as_bytes()).collect();
    let (_, r) = api.get(&format!("/api/v1/practices?limit=1&actor={enc}")).await;
    r["total"].as_u64().unwrap_or(0)
}

/// Posts (Create or Announce) the fake person was sent.
fn posts(fan: &FakeRemote) -> Vec<Value> {
    fan.received().into_iter().filter(|a| a["type"] == "Create" || a["type"] == "Announce").collect()
}

async fn an_imported_archive_reaches_associations_and_knowledge_spaces_but_not_people(backend: Backend) {
    let config = format!("[federation]\narchive_pace_ms = {PACE_MS}\n");
    let (Some(a_env), Some(h_env), Some(k_env)) =
        (NodeEnv::new(backend).await, NodeEnv::new(backend).await, NodeEnv::new(backend).await)
    else {
        return;
    };
    let (a_env, h_env, k_env) = (a_env.with_config(&config), h_env.with_config(&config), k_env.with_config(&config));
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    h_env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    k_env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let (a_tok, h_tok, k_tok) = (
        a_env.run_ok(&["token", "create", "--actor", "seoul"]),
        h_env.run_ok(&["token", "create", "--actor", "korea"]),
        k_env.run_ok(&["token", "create", "--actor", "unpaks"]),
    );
    let (a, h, k) = (a_env.start(), h_env.start(), k_env.start());
    let nodes = [&a, &h, &k];
    let (a_api, h_api, k_api) = (Api::new(&a, &a_tok), Api::new(&h, &h_tok), Api::new(&k, &k_tok));
    let (seoul, korea) = (a.url("/actors/seoul"), h.url("/actors/korea"));

    // The association follows the city, the knowledge space the association.
    follow(&h_api, &seoul, &nodes).await;
    follow(&k_api, &korea, &nodes).await;
    // A person (Mastodon-shaped) follows both.
    let fan = FakeRemote::start("fan").await;
    for (n, (target, inbox)) in
        [(&seoul, a.url("/actors/seoul/inbox")), (&korea, h.url("/actors/korea/inbox"))].into_iter().enumerate()
    {
        let follow =
            json!({ "id": fan.id(&format!("/follows/{n}")), "type": "Follow", "actor": fan.actor, "object": target })
                .to_string();
        assert_eq!(fan.post_signed(&inbox, &follow, None).await.0, 202);
    }
    eventually("the person's follows are accepted", WAIT, &nodes, || async {
        (fan.received().iter().filter(|a| a["type"] == "Accept").count() == 2).then_some(())
    })
    .await;

    // The city adds its portal: the first poll imports the archive.
    let (portal, url) = start_portal(feed(&[])).await;
    let (status, source) = a_api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": url })).await;
    assert_eq!(status, 201, "{source}");
    let poll = format!("/api/v1/feed-sources/{}/poll", source["id"]);
    let started = Instant::now();
    let (status, polled) = a_api.send(Method::POST, &poll, json!({})).await;
    assert_eq!((status, polled["report"]["created"].as_u64()), (200, Some(ARCHIVE as u64)), "{polled}");

    // The whole archive reaches the association, and through it the
    // knowledge space.
    eventually("the association holds the whole archive", WAIT, &nodes, || async {
        (held(&h_api, &seoul).await == ARCHIVE as u64).then_some(())
    })
    .await;
    let at_association = started.elapsed();
    eventually("the knowledge space holds the whole archive", WAIT, &nodes, || async {
        (held(&k_api, &seoul).await == ARCHIVE as u64).then_some(())
    })
    .await;
    let at_knowledge_space = started.elapsed();
    let (_, sample) = k_api.get("/api/v1/practices?q=archived&limit=1").await;
    assert_eq!(sample["items"][0]["relayed_by"], json!([korea]), "{sample}");

    // Paced: the city's 200 deliveries to the association's inbox are
    // spread over at least three quarters of 199 paces (not a burst).
    let (_, queue) = a_api.get("/api/v1/deliveries?limit=200&state=delivered").await;
    let delivered: Vec<i64> = queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|d| d["type"] == "Create")
        .filter_map(|d| chrono::DateTime::parse_from_rfc3339(d["updated"].as_str()?).ok())
        .map(|t| t.timestamp_millis())
        .collect();
    assert_eq!(delivered.len(), ARCHIVE, "one Create per item to the association's node: {queue}");
    let spread = delivered.iter().max().unwrap_or(&0) - delivered.iter().min().unwrap_or(&0);
    let floor = i64::try_from(PACE_MS).unwrap_or(0) * (ARCHIVE as i64 - 1) * 3 / 4;
    assert!(spread >= floor, "archive deliveries spread over {spread} ms, expected at least {floor} ms");
    eprintln!(
        "archive of {ARCHIVE}: association complete after {at_association:?}, knowledge space after \
         {at_knowledge_space:?}; city's deliveries spread over {spread} ms"
    );

    // The person was sent none of it, from the city or the association.
    assert_eq!(posts(&fan), Vec::<Value>::new(), "a person following the city gets no archive");

    // A new post at the portal is news: everyone hears of it.
    *portal.lock().expect("portal") = feed(&["Night buses"]);
    let (status, polled) = a_api.send(Method::POST, &poll, json!({})).await;
    assert_eq!((status, polled["report"]["created"].as_u64()), (200, Some(1)), "{polled}");
    let news = eventually("the person receives the new post and its relay", WAIT, &nodes, || async {
        let p = posts(&fan);
        (p.len() == 2).then_some(p)
    })
    .await;
    assert!(news.iter().any(|a| a["type"] == "Create" && a["actor"] == seoul), "{news:?}");
    assert!(news.iter().any(|a| a["type"] == "Announce" && a["actor"] == korea), "{news:?}");
    eventually("the knowledge space receives the new post", WAIT, &nodes, || async {
        (held(&k_api, &seoul).await == ARCHIVE as u64 + 1).then_some(())
    })
    .await;

    drop((a, h, k));
    a_env.cleanup().await;
    h_env.cleanup().await;
    k_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_archive_reaches_associations_and_knowledge_spaces_but_not_people_on_sqlite() {
    an_imported_archive_reaches_associations_and_knowledge_spaces_but_not_people(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_archive_reaches_associations_and_knowledge_spaces_but_not_people_on_postgres() {
    an_imported_archive_reaches_associations_and_knowledge_spaces_but_not_people(Backend::Postgres).await;
}
