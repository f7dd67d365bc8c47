//! Portal feed import against a local web server serving feeds shaped like
//! real WordPress, Drupal and Joomla output.

use crate::support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

fn asset(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assets/feeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A portal: serves feeds by name with an ETag per version, answers 304 to
/// a matching If-None-Match, and records the conditional headers it saw.
#[derive(Clone, Default)]
struct Portal {
    feeds: Arc<Mutex<HashMap<String, (String, String)>>>,
    if_none_match: Arc<Mutex<Vec<String>>>,
}

impl Portal {
    fn set(&self, name: &str, body: String, etag: &str) {
        self.feeds.lock().map(|mut f| f.insert(name.to_owned(), (body, etag.to_owned()))).ok();
    }
}

async fn serve_feed(State(p): State<Portal>, Path(name): Path<String>, headers: HeaderMap) -> axum::response::Response {
    let inm = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some(v) = &inm {
        p.if_none_match.lock().map(|mut l| l.push(v.clone())).ok();
    }
    let Some((body, etag)) = p.feeds.lock().ok().and_then(|f| f.get(&name).cloned()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if inm.as_deref() == Some(etag.as_str()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let ct = if name.ends_with(".atom") { "application/atom+xml" } else { "application/rss+xml; charset=UTF-8" };
    ([(header::CONTENT_TYPE, ct), (header::ETAG, etag.as_str())], body).into_response()
}

/// Serves the fixtures at `{base}/feeds/{name}`.
async fn start_portal() -> (Portal, String) {
    let portal = Portal::default();
    portal.set("wordpress.rss", asset("wordpress.rss"), "\"v1\"");
    portal.set("drupal.rss", asset("drupal.rss"), "\"d1\"");
    portal.set("joomla.atom", asset("joomla.atom"), "\"j1\"");
    portal.set("broken.rss", asset("malformed.rss"), "\"b1\"");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://localhost:{}", listener.local_addr().expect("addr").port());
    let app = Router::new().route("/feeds/{name}", get(serve_feed)).with_state(portal.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (portal, base)
}

async fn find(api: &Api, q: &str) -> Vec<Value> {
    let (_, r) = api.get(&format!("/api/v1/practices?limit=100&{q}")).await;
    r["items"].as_array().cloned().unwrap_or_default()
}

async fn portal_feeds_become_federated_practices(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else { return };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "springfield", "--country", "US"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR"]);
    let (a_tok, b_tok) = (
        a_env.run_ok(&["token", "create", "--actor", "springfield"]),
        b_env.run_ok(&["token", "create", "--actor", "busan"]),
    );
    let (a, b) = (a_env.start(), b_env.start());
    let (a_api, b_api) = (Api::new(&a, &a_tok), Api::new(&b, &b_tok));
    let springfield = a.url("/actors/springfield");
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": springfield })).await;
    assert_eq!(status, 202, "{body}");

    let (portal, base) = start_portal().await;

    // WordPress: the archive is imported (history, not pushed).
    let (status, source) = a_api
        .send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feeds/wordpress.rss"), "mapping": { "rules": { "Mobility": { "themes": ["e-government"] } } } }))
        .await;
    assert_eq!((status, source["state"].as_str()), (201, Some("new")), "{source}");
    let id = source["id"].as_i64().expect("id");
    let (status, polled) = a_api.send(Method::POST, &format!("/api/v1/feed-sources/{id}/poll"), json!({})).await;
    assert_eq!(status, 200, "{polled}");
    assert_eq!(
        (polled["report"]["created"].as_i64(), polled["source"]["state"].as_str()),
        (Some(3), Some("ok")),
        "{polled}"
    );
    let imported = find(&a_api, "q=bike").await;
    assert_eq!(imported.len(), 1);
    let bikes = &imported[0];
    assert_eq!(bikes["title"], "Protected bike lanes on Main Street");
    assert_eq!(
        (bikes["kind"].as_str(), bikes["sdgs"].clone(), bikes["country"].as_str()),
        (Some("best_practice"), json!([11]), Some("US"))
    );
    assert_eq!(bikes["themes"], json!(["e-government"]));
    assert!(
        bikes["source_url"].as_str().is_some_and(|u| u.starts_with("https://portal.springfield.example/")),
        "{bikes}"
    );
    assert!(!bikes["content"].as_str().unwrap_or("").contains("<script"));
    let (_, queued) = a_api.get("/api/v1/deliveries").await;
    assert!(
        !queued["items"].as_array().expect("items").iter().any(|d| d["type"] == "Create"),
        "the imported archive is history: nothing is pushed to followers: {queued}"
    );
    let water = find(&a_api, "q=water").await;
    assert_eq!((water[0]["kind"].as_str(), water[0]["sdgs"].clone()), (Some("lesson_learned"), json!([6])));

    // Second poll: a conditional request, answered 304.
    let (_, polled) = a_api.send(Method::POST, &format!("/api/v1/feed-sources/{id}/poll"), json!({})).await;
    assert_eq!(polled["report"]["status"], "not_modified", "{polled}");
    assert!(
        portal.if_none_match.lock().map(|l| l.contains(&"\"v1\"".to_owned())).unwrap_or(false),
        "the portal saw If-None-Match"
    );

    // An edit at the portal becomes an Update at the follower; a new post is pushed.
    eventually("Busan's follow is accepted", WAIT, &[&a, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        (f["items"][0]["state"] == "accepted").then_some(())
    })
    .await;
    let edited = asset("wordpress-edited.rss");
    let new_item = "<item><title>Car-free Sundays</title><link>https://portal.springfield.example/2026/11/car-free-sundays/</link>\
        <guid isPermaLink=\"false\">https://portal.springfield.example/?p=104</guid><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate>\
        <category><![CDATA[SDG 11]]></category><description><![CDATA[Streets for people on Sundays.]]></description>\
        <content:encoded><![CDATA[<p>Every Sunday, Main Street is closed to cars.</p>]]></content:encoded></item>";
    portal.set("wordpress.rss", edited.replacen("<item>", &format!("{new_item}\n<item>"), 1), "\"v2\"");
    let (_, polled) = a_api.send(Method::POST, &format!("/api/v1/feed-sources/{id}/poll"), json!({})).await;
    assert_eq!(
        (polled["report"]["created"].as_i64(), polled["report"]["updated"].as_i64()),
        (Some(1), Some(1)),
        "{polled}"
    );
    eventually("the follower receives the new post", WAIT, &[&a, &b], || async {
        find(&b_api, "q=car-free").await.into_iter().next()
    })
    .await;
    let updated = eventually("the follower receives the edit", WAIT, &[&a, &b], || async {
        find(&b_api, "q=bike").await.into_iter().find(|p| p["title"] == "Protected bike lanes on Main Street (updated)")
    })
    .await;
    assert_eq!(updated["author"], springfield);

    // Drupal (German, escaped HTML) and Joomla (Atom, Portuguese).
    for (name, expect_lang, expect_sdg) in [("drupal.rss", "de", 13), ("joomla.atom", "pt-BR", 2)] {
        let (status, s) =
            a_api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feeds/{name}") })).await;
        assert_eq!(status, 201, "{s}");
        let (_, polled) = a_api.send(Method::POST, &format!("/api/v1/feed-sources/{}/poll", s["id"]), json!({})).await;
        assert_eq!(polled["report"]["created"].as_i64(), Some(2), "{name}: {polled}");
        let found = find(&a_api, &format!("language={expect_lang}")).await;
        assert_eq!(found.len(), 2, "{name}");
        assert!(
            found.iter().any(|p| p["sdgs"].as_array().is_some_and(|g| g.contains(&json!(expect_sdg)))),
            "{name}: {found:?}"
        );
        assert!(
            found.iter().all(|p| !p["content"].as_str().unwrap_or("").contains("&lt;p&gt;")),
            "{name}: escaped HTML is decoded once"
        );
    }

    // A malformed feed and a missing one are reported; nothing imported before is touched.
    let before = find(&a_api, "").await.len();
    for (name, expect) in [("broken.rss", "cannot be read"), ("missing.rss", "HTTP 404")] {
        let (_, s) =
            a_api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feeds/{name}") })).await;
        let (status, polled) =
            a_api.send(Method::POST, &format!("/api/v1/feed-sources/{}/poll", s["id"]), json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(polled["source"]["state"], "error", "{name}: {polled}");
        assert!(polled["source"]["last_error"].as_str().is_some_and(|e| e.contains(expect)), "{name}: {polled}");
    }
    assert_eq!(find(&a_api, "").await.len(), before);
    let (_, sources) = a_api.get("/api/v1/feed-sources").await;
    let states: Vec<&str> =
        sources["items"].as_array().expect("items").iter().filter_map(|s| s["state"].as_str()).collect();
    assert_eq!(states, ["ok", "ok", "ok", "error", "error"]);

    // Bad input: a duplicate source, a non-URL, an unknown kind in the mapping.
    let (status, _) =
        a_api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feeds/wordpress.rss") })).await;
    assert_eq!(status, 409);
    let (status, _) = a_api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": "ftp://x" })).await;
    assert_eq!(status, 422);
    let (status, _) = a_api
        .send(
            Method::POST,
            "/api/v1/feed-sources",
            json!({ "url": format!("{base}/x"), "mapping": { "kind": "blog" } }),
        )
        .await;
    assert_eq!(status, 422);

    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portal_feeds_become_federated_practices_on_sqlite() {
    portal_feeds_become_federated_practices(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portal_feeds_become_federated_practices_on_postgres() {
    portal_feeds_become_federated_practices(Backend::Postgres).await;
}

/// Sources can also be managed from the command line and the
/// configuration file, as a municipal IT admin would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_sources_come_from_the_command_line_and_the_configuration() {
    let (portal, base) = start_portal().await;
    portal.set("vanish.rss", asset("wordpress.rss"), "\"w1\"");
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite").with_config(&format!(
        "[[import.sources]]\nactor = \"rivertown\"\nurl = \"{base}/feeds/joomla.atom\"\nlanguage = \"pt\"\nsdgs = [2]\n"
    ));
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "rivertown", "--country", "DE"]);
    let id = env.run_ok(&[
        "feed",
        "add",
        "--actor",
        "rivertown",
        "--url",
        &format!("{base}/feeds/drupal.rss"),
        "--sdgs",
        "13",
        "--kind",
        "policy",
    ]);
    let polled = env.run(&["feed", "poll", "--id", &id]);
    assert!(polled.status.success(), "{}", support::stderr(&polled));
    assert!(
        String::from_utf8_lossy(&polled.stdout).contains("ok: 2 created"),
        "{}",
        String::from_utf8_lossy(&polled.stdout)
    );
    // Opt-in: an item that vanishes from a single-page feed is deleted.
    let vanish = env.run_ok(&[
        "feed",
        "add",
        "--actor",
        "rivertown",
        "--url",
        &format!("{base}/feeds/vanish.rss"),
        "--delete-missing",
    ]);
    let polled = env.run_ok(&["feed", "poll", "--id", &vanish]);
    assert!(polled.contains("3 created"), "{polled}");
    let full = asset("wordpress.rss");
    let cut = full.rfind("<item>").expect("an item");
    let end = full.rfind("</item>").expect("an item end") + "</item>".len();
    portal.set("vanish.rss", format!("{}{}", &full[..cut], &full[end..]), "\"w2\"");
    let polled = env.run_ok(&["feed", "poll", "--id", &vanish]);
    assert!(polled.contains("1 deleted"), "{polled}");

    let broken = env.run_ok(&["feed", "add", "--actor", "rivertown", "--url", &format!("{base}/feeds/broken.rss")]);
    let failed = env.run(&["feed", "poll", "--id", &broken]);
    assert!(!failed.status.success());
    let bad = env.run(&["feed", "add", "--actor", "rivertown", "--url", "ftp://x"]);
    assert!(!bad.status.success());

    let token = env.run_ok(&["token", "create", "--actor", "rivertown"]);
    let node = env.start();
    let (_, sources) = Api::new(&node, &token).get("/api/v1/feed-sources").await;
    let urls: Vec<&str> =
        sources["items"].as_array().expect("items").iter().filter_map(|s| s["url"].as_str()).collect();
    assert!(urls.contains(&format!("{base}/feeds/joomla.atom").as_str()), "the configured source exists: {urls:?}");
    let list = env.run_ok(&["feed", "list"]);
    assert!(!list.is_empty());
}

fn archive_page(base: &str, n: usize, last: usize) -> String {
    let next = if n < last {
        format!(r#"<link rel="next" href="{base}/feeds/archive-{}.atom"/>"#, n + 1)
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Springfield archive</title><id>{base}/feeds/archive.atom</id><updated>2026-10-0{n}T10:00:00Z</updated>
  <link rel="self" href="{base}/feeds/archive{suffix}.atom"/>{next}
  <entry><title>Archived story number {n}</title><id>{base}/stories/{n}</id><link rel="alternate" href="{base}/stories/{n}"/>
    <updated>2026-0{n}-01T10:00:00Z</updated><summary>Story {n} from the archive.</summary></entry>
</feed>"#,
        suffix = if n == 1 { String::new() } else { format!("-{n}") },
    )
}

/// A portal's whole archive (RFC 5005 paged feed) is imported as history,
/// a few pages per poll with a pause between pages, resuming where it
/// stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paged_archive_is_imported_resumably_a_few_pages_per_poll() {
    let (portal, base) = start_portal().await;
    for n in 1..=5 {
        let name = if n == 1 { "archive.atom".to_owned() } else { format!("archive-{n}.atom") };
        portal.set(&name, archive_page(&base, n, 5), &format!("\"a{n}\""));
    }
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "springfield", "--country", "US"]);
    let token = env.run_ok(&["token", "create", "--actor", "springfield"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let (_, source) =
        api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feeds/archive.atom") })).await;
    let poll = format!("/api/v1/feed-sources/{}/poll", source["id"]);

    let (_, first) = api.send(Method::POST, &poll, json!({})).await;
    assert_eq!(
        (first["report"]["created"].as_i64(), first["report"]["archive_pages"].as_i64()),
        (Some(4), Some(3)),
        "{first}"
    );
    assert_eq!(first["report"]["archive_remaining"], true);
    let (_, second) = api.send(Method::POST, &poll, json!({})).await;
    assert_eq!(second["report"]["status"], "not_modified", "{second}");
    assert_eq!(
        (second["report"]["created"].as_i64(), second["report"]["archive_remaining"].as_bool()),
        (Some(1), Some(false)),
        "{second}"
    );
    assert_eq!(find(&api, "q=archived").await.len(), 5, "the whole archive, once");
    let (_, third) = api.send(Method::POST, &poll, json!({})).await;
    assert_eq!(
        (third["report"]["created"].as_i64(), third["report"]["archive_pages"].as_i64()),
        (Some(0), Some(0)),
        "{third}"
    );
}

/// An RSS feed of `n` items.
fn long_feed(n: usize) -> String {
    let items: String = (0..n)
        .map(|i| {
            format!(
                "<item><title>Practice number {i}</title><link>https://portal.example/p/{i}</link>\
                 <guid>https://portal.example/p/{i}</guid><description>Item {i}.</description>\
                 <pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Long</title><link>https://portal.example/</link>\
         <description>d</description><language>en</language>{items}</channel></rss>"
    )
}

/// A feed of 450 items becomes practices over three polls of at most 200
/// changes each, not 450 writes in one request.
async fn a_huge_feed_is_imported_over_several_polls(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let (portal, base) = start_portal().await;
    portal.set("long.rss", long_feed(450), "\"l1\"");
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, source) =
        api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feeds/long.rss") })).await;
    assert_eq!(status, 201, "{source}");
    let poll = format!("/api/v1/feed-sources/{}/poll", source["id"]);
    // Polls until nothing remains. An item whose write failed (a busy
    // database on a loaded machine) is reported as skipped and taken up by
    // the next poll, so the count of polls may grow, never a poll's size.
    let mut created = Vec::new();
    for _ in 0..10 {
        let (status, report) = api.send(Method::POST, &poll, json!({})).await;
        assert_eq!(status, 200, "{report}");
        let report = &report["report"];
        let changes = report["created"].as_u64().unwrap_or(0) + report["updated"].as_u64().unwrap_or(0);
        assert!(changes <= 200, "at most 200 changes per poll: {report}");
        created.push(report["created"].as_u64().unwrap_or(0));
        let skipped = report["skipped"].as_array().map_or(0, Vec::len);
        if report["remaining"] != true && skipped == 0 {
            break;
        }
    }
    // The node's own scheduler polls a new source within its first minute
    // too: on a slow machine it may take a share of the later polls, so
    // only the first poll's size is certain; each item is still created
    // once, by one poll or the other.
    assert_eq!(created[0], 200, "the first poll is full: {created:?}");
    assert!(created.len() >= 2, "450 items need more than one poll: {created:?}");
    assert!(created.iter().sum::<u64>() <= 450, "never more than the feed holds: {created:?}");
    let (_, found) = api.get("/api/v1/practices?actor=seoul&limit=1").await;
    assert_eq!(found["total"], 450, "each item created once: {found}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn a_huge_feed_is_imported_over_several_polls_on_sqlite() {
    a_huge_feed_is_imported_over_several_polls(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_huge_feed_is_imported_over_several_polls_on_postgres() {
    a_huge_feed_is_imported_over_several_polls(Backend::Postgres).await;
}
