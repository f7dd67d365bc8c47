//! Verified institutional identity: a city names its official portal; the
//! node reads that page through its outgoing-request policy and shows the
//! city as verified — on its profile, in search results, in the API's actor
//! view — only while the page links back with `rel="me"`. A node served
//! from the portal's own domain is verified by that fact. The actor JSON
//! carries the portal as a Mastodon profile field (`PropertyValue`).

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, as2, eventually};

const WAIT: Duration = Duration::from_secs(30);

/// A city's web portal on loopback: `/` redirects to `/home`, which links
/// back to `seoul` with `rel="me"`; `/busan` links to busan's profile, but
/// not with `rel="me"` (and names another actor with it). Counts requests.
async fn portal(seoul: String, busan: String) -> (u16, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let (h1, h2, h3) = (hits.clone(), hits.clone(), hits.clone());
    let app = Router::new()
        .route(
            "/",
            get(move || async move {
                h1.fetch_add(1, Ordering::SeqCst);
                (StatusCode::FOUND, [(header::LOCATION, "/home")]).into_response()
            }),
        )
        .route(
            "/home",
            get(move || async move {
                h2.fetch_add(1, Ordering::SeqCst);
                Html(format!(
                    "<!doctype html><html><head><title>Seoul</title></head><body><h1>Seoul</h1>\
                     <footer><a rel=\"me\" href=\"{seoul}\">Seoul on the e-Cities network</a></footer></body></html>"
                ))
            }),
        )
        .route(
            "/busan",
            get(move || async move {
                h3.fetch_add(1, Ordering::SeqCst);
                Html(format!(
                    "<!doctype html><html><head><link rel=\"me\" href=\"https://elsewhere.example/@busan\"></head>\
                     <body><a href=\"{busan}\">Busan</a><script>var s='<a rel=\"me\" href=\"{busan}\">';</script></body></html>"
                ))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.ok();
    });
    (port, hits, task)
}

async fn public_actor(base: &str, name: &str) -> Value {
    reqwest::get(format!("{base}/api/v1/actors/{name}")).await.expect("GET").json().await.expect("json")
}

async fn page(url: &str) -> String {
    reqwest::Client::new().get(url).header("Accept", "text/html").send().await.expect("GET").text().await.expect("text")
}

async fn a_city_is_verified_only_while_its_portal_links_back(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let base = env.public_url();
    let (seoul_url, busan_url) = (format!("{base}/actors/seoul"), format!("{base}/actors/busan"));
    let (port, hits, task) = portal(seoul_url.clone(), busan_url.clone()).await;
    let portal_root = format!("http://localhost:{port}/");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR", "--portal", &portal_root]);
    let busan_portal = format!("http://localhost:{port}/busan");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "busan", "--country", "KR", "--portal", &busan_portal]);
    // This node is served from the portal's own host: verified by that fact.
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "gov", "--country", "KR", "--portal", &base]);
    let seoul = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let busan = env.run_ok(&["token", "create", "--actor", "busan"]);
    let node = env.start();
    let (seoul, busan) = (Api::new(&node, &seoul), Api::new(&node, &busan));

    let verified = eventually("seoul's portal is verified", WAIT, &[&node], || async {
        let a = public_actor(&base, "seoul").await;
        a["verified_at"].is_string().then_some(a)
    })
    .await;
    assert_eq!(verified["portal"], portal_root);
    let busan_view = eventually("busan's portal has been checked", WAIT, &[&node], || async {
        let a = public_actor(&base, "busan").await;
        a["portal_checked_at"].is_string().then_some(a)
    })
    .await;
    assert_eq!(busan_view["verified_at"], Value::Null, "a link without rel=\"me\" (or one in a script) is no proof");
    let gov = eventually("the node on the portal's own host is verified", WAIT, &[&node], || async {
        let a = public_actor(&base, "gov").await;
        a["verified_at"].is_string().then_some(a)
    })
    .await;
    assert!(gov["portal_checked_at"].is_string());
    assert_eq!(hits.load(Ordering::SeqCst), 3, "seoul's redirect and page and busan's page; nothing for gov");

    // The actor document carries the portal as Mastodon reads a profile field.
    let doc = as2(&seoul_url).await;
    let field = &doc["attachment"][0];
    assert_eq!((field["type"].as_str(), field["name"].as_str()), (Some("PropertyValue"), Some("Portal")), "{doc}");
    let value = field["value"].as_str().expect("value");
    assert!(value.contains(&format!("href=\"{portal_root}\"")) && value.contains("rel=\"me"), "{value}");

    // The profile shows the mark (and links the portal with rel="me" too).
    let seoul_page = page(&seoul_url).await;
    assert!(seoul_page.contains("class=\"verified\""), "{seoul_page}");
    assert!(seoul_page.contains("verified since"), "{seoul_page}");
    assert!(seoul_page.contains("rel=\"me noopener\">Official portal</a>"), "{seoul_page}");
    let busan_page = page(&busan_url).await;
    assert!(busan_page.contains("Official portal</a>") && !busan_page.contains("class=\"verified\""), "{busan_page}");

    // Search results mark the verified author only.
    for (api, title) in [(&seoul, "Seoul bus reform"), (&busan, "Busan port cleanup")] {
        let practice = json!({ "title": title, "summary": "S.", "content": "Text.", "language": "en",
                               "kind": "best_practice", "sdgs": [11], "country": "KR" });
        let (status, body) = api.send(Method::POST, "/api/v1/practices", practice).await;
        assert_eq!(status, 201, "{body}");
    }
    let results = page(&node.url("/search?country=KR")).await;
    let cards: Vec<&str> = results.split("<li class=\"card\"").skip(1).collect();
    assert_eq!(cards.len(), 2, "{results}");
    for card in cards {
        let marked = card.contains("class=\"verified\"");
        if card.contains("Seoul bus reform") {
            assert!(marked, "{card}");
        } else {
            assert!(!marked, "{card}");
        }
    }

    task.abort();
    drop(node);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_is_verified_only_while_its_portal_links_back_on_sqlite() {
    a_city_is_verified_only_while_its_portal_links_back(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_is_verified_only_while_its_portal_links_back_on_postgres() {
    a_city_is_verified_only_while_its_portal_links_back(Backend::Postgres).await;
}
