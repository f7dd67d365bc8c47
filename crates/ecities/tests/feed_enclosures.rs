//! Files in portal feeds (issue 19): an RSS `<enclosure>` picture and a
//! Media RSS `<media:content>` PDF, served by a real local portal, become
//! checked attachments of the imported practice (fetched through the
//! outgoing-request policy, judged by content, SHA-256 recorded) and
//! federate to a follower, which checks them in turn. An enclosure that
//! cannot be fetched, or is not what it claims, does not keep its item out.

use crate::support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually};

const WAIT: Duration = Duration::from_secs(30);

/// A file the portal serves: its bytes and its `Content-Type`.
type File = (Vec<u8>, &'static str);

/// A portal: one feed (with an ETag per version) and files by name.
#[derive(Clone, Default)]
struct Portal {
    feed: Arc<Mutex<(String, String)>>,
    files: Arc<Mutex<HashMap<String, File>>>,
}

async fn serve_feed(State(p): State<Portal>) -> axum::response::Response {
    let (body, etag) = p.feed.lock().map(|f| f.clone()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/rss+xml; charset=UTF-8"), (header::ETAG, etag.as_str())], body)
        .into_response()
}

async fn serve_file(State(p): State<Portal>, Path(name): Path<String>) -> axum::response::Response {
    match p.files.lock().ok().and_then(|f| f.get(&name).cloned()) {
        Some((bytes, content_type)) => ([(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn start_portal() -> (Portal, String) {
    let portal = Portal::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://localhost:{}", listener.local_addr().expect("addr").port());
    let app = Router::new()
        .route("/feed.rss", get(serve_feed))
        .route("/files/{name}", get(serve_file))
        .with_state(portal.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (portal, base)
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([200, (x % 256) as u8, (y % 256) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encode png");
    out.into_inner()
}

fn pdf() -> Vec<u8> {
    let mut text = String::from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    text.push_str("2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n");
    text.push_str(&"% cost of the bridge repaint, by year\n".repeat(40));
    text.push_str("trailer << /Root 1 0 R >>\n%%EOF\n");
    text.into_bytes()
}

fn sha256_hex(bytes: &[u8]) -> String {
    ecities_core::media::ContentHash::of(bytes).hex()
}

fn feed(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Springfield news</title><link>https://portal.springfield.example/</link><description>News</description>
{items}
</channel></rss>"#
    )
}

async fn find(api: &Api, q: &str) -> Option<Value> {
    let (_, r) = api.get(&format!("/api/v1/practices?limit=50&{q}")).await;
    r["items"].as_array()?.first().cloned()
}

fn by_type<'a>(practice: &'a Value, media_type: &str) -> &'a Value {
    practice["attachments"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["media_type"] == media_type))
        .unwrap_or_else(|| panic!("no {media_type} attachment: {practice}"))
}

async fn feed_enclosures_become_checked_attachments_that_federate(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else { return };
    a_env.run_ok(&["actor", "create", "--kind", "city", "--name", "springfield", "--country", "US"]);
    b_env.run_ok(&["actor", "create", "--kind", "city", "--name", "shelbyville", "--country", "US"]);
    let a_tok = a_env.run_ok(&["token", "create", "--actor", "springfield"]);
    let b_tok = b_env.run_ok(&["token", "create", "--actor", "shelbyville"]);
    let (a, b) = (a_env.start(), b_env.start());
    let (a_api, b_api) = (Api::new(&a, &a_tok), Api::new(&b, &b_tok));
    let springfield = a.url("/actors/springfield");
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": springfield })).await;
    assert_eq!(status, 202, "{body}");
    eventually("the follow is accepted", WAIT, &[&a, &b], || async {
        let (_, f) = b_api.get("/api/v1/follows").await;
        (f["items"][0]["state"] == "accepted").then_some(())
    })
    .await;

    let (portal, base) = start_portal().await;
    let (photo, report) = (png(800, 450), pdf());
    if let Ok(mut files) = portal.files.lock() {
        files.insert("bridge.png".into(), (photo.clone(), "image/png"));
        files.insert("repaint-budget.pdf".into(), (report.clone(), "application/pdf"));
        // HTML announced as a picture: refused by its content.
        files.insert("fake.png".into(), (b"<!doctype html><script>alert(1)</script>".to_vec(), "image/png"));
    }
    // The first poll imports the (empty) archive; what follows is news,
    // pushed to followers.
    if let Ok(mut f) = portal.feed.lock() {
        *f = (feed(""), "\"e0\"".into());
    }
    let (status, source) =
        a_api.send(Method::POST, "/api/v1/feed-sources", json!({ "url": format!("{base}/feed.rss") })).await;
    assert_eq!(status, 201, "{source}");
    let id = source["id"].as_i64().expect("id");
    let (_, polled) = a_api.send(Method::POST, &format!("/api/v1/feed-sources/{id}/poll"), json!({})).await;
    assert_eq!(polled["source"]["state"], "ok", "{polled}");

    let items = format!(
        r#"<item><title>Bridge repaint</title><link>https://portal.springfield.example/bridge</link>
<guid isPermaLink="false">springfield-bridge</guid><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate>
<category>SDG 11</category><description>The old bridge gets a new coat of paint.</description>
<enclosure url="{base}/files/bridge.png" length="{}" type="image/png"/>
<enclosure url="{base}/files/fake.png" length="40" type="image/png"/>
<media:group><media:content url="{base}/files/repaint-budget.pdf" type="application/pdf" fileSize="{}"/>
<media:description>Budget of the repaint, 2026 to 2028</media:description></media:group>
</item>
<item><title>Harbour ferry</title><link>https://portal.springfield.example/ferry</link>
<guid isPermaLink="false">springfield-ferry</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>
<category>SDG 11</category><description>A ferry across the harbour.</description>
<enclosure url="{base}/files/missing.jpg" length="1000" type="image/jpeg"/>
</item>"#,
        photo.len(),
        report.len()
    );
    if let Ok(mut f) = portal.feed.lock() {
        *f = (feed(&items), "\"e1\"".into());
    }
    let (status, polled) = a_api.send(Method::POST, &format!("/api/v1/feed-sources/{id}/poll"), json!({})).await;
    assert_eq!(status, 200, "{polled}");
    let r = &polled["report"];
    assert_eq!(
        (r["created"].as_i64(), r["enclosures_attached"].as_i64(), r["enclosures_failed"].as_i64()),
        (Some(2), Some(2), Some(2)),
        "two files attached; the fake picture and the missing one counted as failed: {polled}"
    );

    // The practice carries both files, with their checksums and text.
    let bridge = find(&a_api, "q=bridge").await.expect("the bridge practice");
    assert_eq!(bridge["attachments"].as_array().map(Vec::len), Some(2), "{bridge}");
    let image = by_type(&bridge, "image/png");
    assert_eq!(image["sha256"], sha256_hex(&photo));
    assert_eq!(image["size"], photo.len());
    assert_eq!(image["alt"], "Bridge repaint", "an image without a description takes the item's title: {image}");
    let document = by_type(&bridge, "application/pdf");
    assert_eq!(document["sha256"], sha256_hex(&report));
    assert_eq!(document["alt"], "Budget of the repaint, 2026 to 2028", "{document}");
    // Served from this node, with the recorded checksum.
    for (attachment, bytes) in [(image, &photo), (document, &report)] {
        let got = reqwest::get(attachment["url"].as_str().expect("url")).await.expect("GET");
        assert_eq!(got.status(), 200);
        assert!(attachment["url"].as_str().is_some_and(|u| u.starts_with(&a.url("/media/"))), "{attachment}");
        assert_eq!(sha256_hex(&got.bytes().await.expect("bytes")), sha256_hex(bytes));
    }
    // The item whose file is missing is imported all the same.
    let ferry = find(&a_api, "q=ferry").await.expect("the ferry practice");
    assert_eq!(ferry["attachments"], json!([]), "{ferry}");

    // The follower receives the practice and checks both files.
    let copy = eventually("the follower holds both files, checked", WAIT, &[&a, &b], || async {
        let p = find(&b_api, "q=bridge").await?;
        let list = p["attachments"].as_array()?;
        (list.len() == 2 && list.iter().all(|a| a["verified"] == true)).then_some(p)
    })
    .await;
    assert_eq!(by_type(&copy, "image/png")["sha256"], sha256_hex(&photo));
    assert_eq!(by_type(&copy, "application/pdf")["sha256"], sha256_hex(&report));
    let held = b.url(&format!("/media/{}.pdf", sha256_hex(&report)));
    let got = reqwest::get(&held).await.expect("GET");
    assert_eq!(got.status(), 200, "the follower serves its checked copy");
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), report.as_slice());

    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_enclosures_become_checked_attachments_that_federate_on_sqlite() {
    feed_enclosures_become_checked_attachments_that_federate(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_enclosures_become_checked_attachments_that_federate_on_postgres() {
    feed_enclosures_become_checked_attachments_that_federate(Backend::Postgres).await;
}
