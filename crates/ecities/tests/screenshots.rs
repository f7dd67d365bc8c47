//! The screenshots in docs/screenshots/: a node seeded with a city, an
//! association with its member cities, a knowledge space, practices (one
//! translated and revised), a follower and a user of each admin role; each
//! role signs in and every public and admin page is saved as a PNG, in
//! English, and the main ones in Arabic and Chinese.
//!
//! Not part of the normal suite (`#[ignore]`); `scripts/screenshots.sh`
//! runs it:
//!   cargo test -p ecities --test e2e screenshots:: -- --ignored
//! The pictures go to docs/screenshots/, or to ECITIES_SCREENSHOTS_DIR.
//! A page that does not answer 200 fails the run, after every picture was
//! taken, naming the page.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, Locator};
use reqwest::Method;
use serde_json::json;
use support::browser::sign_in;
use support::{Api, Backend, Node, NodeEnv, add_followers, remote_actor};

const PASSWORD: &str = "a long enough password";
const WIDTH: u32 = 1100;
const HEIGHT: u32 = 1400;

fn create_user(env: &NodeEnv, args: &[&str]) {
    let mut full = vec!["user", "create"];
    full.extend_from_slice(args);
    let mut child = env.command(&full).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "user create {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Where the pictures go.
fn output_dir() -> PathBuf {
    std::env::var_os("ECITIES_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"))
}

/// Takes the pictures and remembers the pages that did not answer 200.
struct Camera<'a> {
    b: &'a Client,
    node: &'a Node,
    dir: PathBuf,
    taken: Vec<String>,
    failed: Vec<String>,
}

impl Camera<'_> {
    /// Opens `path` on the node in English and saves it as `name`.png.
    async fn shoot(&mut self, name: &str, path: &str) {
        self.shoot_lang(name, path, "en").await;
    }

    /// Opens `path` in `lang` (which the node remembers for the next
    /// pages, hence always said) and saves it as `name`.png.
    async fn shoot_lang(&mut self, name: &str, path: &str, lang: &str) {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = self.node.url(&format!("{path}{sep}lang={lang}"));
        self.b.goto(&url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        self.save(name).await;
    }

    /// `path` in English, then in each of `languages` as `name`-LANG.png.
    async fn shoot_in(&mut self, name: &str, path: &str, languages: &[&str]) {
        self.shoot(name, path).await;
        for lang in languages {
            self.shoot_lang(&format!("{name}-{lang}"), path, lang).await;
        }
    }

    /// Saves the page the browser shows now.
    async fn save(&mut self, name: &str) {
        // The status of the page as the signed-in browser sees it.
        let status = self
            .b
            .execute("return fetch(location.href, {redirect: 'manual'}).then(r => r.status);", vec![])
            .await
            .expect("status");
        let url = self.b.current_url().await.expect("url").to_string();
        if status != json!(200) {
            self.failed.push(format!("{name} ({url}): {status}"));
        }
        // No scroll bar in the picture; fonts and the map settle.
        self.b
            .execute("document.documentElement.style.scrollbarWidth = 'none';", vec![])
            .await
            .expect("hide the scroll bar");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.b.screenshot().await.expect("screenshot");
        std::fs::write(self.dir.join(format!("{name}.png")), png).expect("write the picture");
        self.taken.push(name.to_owned());
    }
}

/// Clicks the link or button `css` and waits until the next page is there.
async fn click(b: &Client, css: &str) {
    let old = b.find(Locator::Css("html")).await.expect("the page");
    b.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("click");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while old.tag_name().await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "the click on {css} did not lead to another page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots/; run by scripts/screenshots.sh"]
async fn every_page_is_photographed_for_the_documentation() {
    let dir = output_dir();
    std::fs::create_dir_all(&dir).expect("the screenshots directory");
    let dir = dir.canonicalize().expect("the screenshots directory");
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };

    // The actors: a city, an association with member cities, a knowledge space.
    env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "seoul",
        "--display-name",
        "Seoul Metropolitan Government",
        "--country",
        "KR",
        "--portal",
        "https://www.seoul.go.kr/",
    ]);
    env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "association",
        "--name",
        "korea",
        "--display-name",
        "Korean Association of Cities",
        "--country",
        "KR",
    ]);
    env.run_ok(&["actor", "create", "--kind", "knowledge_space", "--name", "unpaks", "--display-name", "UN-PAKS"]);
    let members = [
        ("busan", "Busan", "KR"),
        ("daejeon", "Daejeon", "KR"),
        ("kitakyushu", "Kitakyushu", "JP"),
        ("cebu", "Cebu City", "PH"),
        ("lyon", "Lyon", "FR"),
        ("nairobi", "Nairobi", "KE"),
        ("curitiba", "Curitiba", "BR"),
    ];
    for (name, display, country) in members {
        env.run_ok(&[
            "actor",
            "create",
            "--kind",
            "city",
            "--name",
            name,
            "--display-name",
            display,
            "--country",
            country,
        ]);
    }
    let seoul_token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let korea_token = env.run_ok(&["token", "create", "--actor", "korea"]);
    let unpaks_token = env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let operator_token = env.run_ok(&["token", "create", "--operator"]);
    // One admin of each role.
    create_user(&env, &["--actor", "seoul", "--login", "seoul-editor"]);
    create_user(&env, &["--actor", "korea", "--role", "moderator", "--login", "korea-mod"]);
    create_user(&env, &["--actor", "unpaks", "--login", "curator"]);
    create_user(&env, &["--operator", "--login", "ops"]);
    // A follower of Seoul on another server (which does not answer: the
    // deliveries page shows its retries).
    add_followers(
        &env,
        "seoul",
        &[remote_actor("http://localhost:9/users/city-watch", "http://localhost:9/users/city-watch/inbox", None)],
    )
    .await;
    let node = env.start();

    // The node's name and description, as its operator set them.
    let (status, body) = Api::new(&node, &operator_token)
        .send(
            Method::PATCH,
            "/api/v1/node",
            json!({ "name": "e-Cities Korea", "description": "Good practices of Korean cities and their partners, shared with the e-Cities Network." }),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // Practices: one translated and revised, a lesson learned.
    let seoul = Api::new(&node, &seoul_token);
    let (status, first) = seoul
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({
                "title": "Median bus lanes on twelve corridors",
                "summary": "Seoul reorganised its buses around trunk lines and median bus lanes, cutting commute times by a third.",
                "content": "## What we did\n\nMedian **bus lanes** on 12 corridors, a single fare system and real-time arrival data.\n\n## Why it worked\n\nOne agency planned routes, lanes and fares together.",
                "language": "en", "kind": "best_practice", "sdgs": [11, 13], "country": "KR", "themes": ["e-government"],
                "problem": "Congested roads and slow, unreliable buses.",
                "solution": "Trunk-and-feeder network with median lanes.",
                "results": "Average bus speed up 28 %; ridership up 11 %.",
                "lessons": "Lanes without enforcement cameras fill with cars.",
                "license": "CC-BY-4.0",
                "translations": {
                    "ko": { "title": "12개 축 중앙버스전용차로", "summary": "간선·지선 체계와 중앙버스전용차로로 버스를 개편했습니다." },
                    "ar": { "title": "مسارات حافلات وسطية على اثني عشر محورًا", "summary": "أعادت سيول تنظيم حافلاتها حول خطوط رئيسية ومسارات وسطية، فقصّرت زمن التنقل بمقدار الثلث." },
                    "zh": { "title": "十二条走廊的中央公交专用道", "summary": "首尔围绕干线和中央公交专用道重组公交网络，通勤时间缩短了三分之一。" }
                }
            }),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    let key = first["key"].as_str().expect("key").to_owned();
    let practice = first["url"].as_str().expect("url").trim_start_matches(&node.base).to_owned();
    let (status, body) = seoul
        .send(
            Method::PATCH,
            &format!("/api/v1/practices/{key}"),
            json!({ "results": "Average bus speed up 28 %; ridership up 11 %; complaints down by half." }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = seoul
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Smart water meters: what we learned", "summary": "Leak detection worked; customer communication did not.",
                    "content": "Lessons from 40,000 meters.", "language": "en", "kind": "lesson_learned", "sdgs": [6], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    // The association's members, for the members page and the network map.
    let korea = Api::new(&node, &korea_token);
    for member in std::iter::once("seoul").chain(members.iter().map(|m| m.0)) {
        let (status, body) = korea
            .send(Method::POST, "/api/v1/follows", json!({ "target": node.url(&format!("/actors/{member}")) }))
            .await;
        assert!(status < 300, "{member}: {status} {body}");
    }
    // A topic of the knowledge space.
    let (status, body) = Api::new(&node, &unpaks_token)
        .send(
            Method::POST,
            "/api/v1/topics",
            json!({ "name": "sdg11-korea", "title": "SDG 11 in the Republic of Korea", "query": "sdg=11&country=KR" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let Some(browser) = support::browser::start().await else { return };
    let b = &browser.client;
    // The page itself (not the window around it) WIDTH × HEIGHT.
    b.set_window_rect(0, 0, WIDTH, HEIGHT).await.expect("window size");
    b.goto(&node.url("/")).await.expect("goto");
    let inner = b.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.expect("viewport");
    let (w, h) = (inner[0].as_u64().unwrap_or(u64::from(WIDTH)), inner[1].as_u64().unwrap_or(u64::from(HEIGHT)));
    let grow = |want: u32, have: u64| want + (u64::from(want).saturating_sub(have)) as u32;
    b.set_window_rect(0, 0, grow(WIDTH, w), grow(HEIGHT, h)).await.expect("window size");
    let login = node.url("/admin/login");
    let main = ["ar", "zh"];
    let mut cam = Camera { b, node: &node, dir, taken: Vec::new(), failed: Vec::new() };

    // The city's editor.
    sign_in(b, &login, "seoul-editor", PASSWORD).await;
    cam.shoot_in("admin-dashboard", "/admin", &main).await;
    cam.shoot_in("admin-practices", "/admin/practices", &main).await;
    cam.shoot("admin-write", "/admin/practices/new").await;
    cam.shoot("admin-edit", &format!("/admin/practices/{key}")).await;
    cam.shoot("admin-preview", &format!("/admin/practices/{key}/preview")).await;
    cam.shoot("admin-translations", &format!("/admin/practices/{key}/translations")).await;
    cam.shoot("admin-feeds", "/admin/feeds").await;
    cam.shoot("admin-deliveries", "/admin/deliveries").await;
    cam.shoot("admin-follows", "/admin/follows").await;
    cam.shoot("admin-tokens", "/admin/tokens").await;

    // The association's moderator: manual review, one practice waiting.
    sign_in(b, &login, "korea-mod", PASSWORD).await;
    cam.shoot("admin-members", "/admin/members").await;
    b.goto(&node.url("/admin/review?lang=en")).await.expect("goto");
    b.find(Locator::Id("mode-manual")).await.expect("manual").click().await.expect("choose");
    click(b, "#save-moderation").await;
    let (status, body) = seoul
        .send(
            Method::POST,
            "/api/v1/practices",
            json!({ "title": "Night buses for shift workers", "summary": "Eleven night lines from midnight to 5 am.",
                    "content": "Routes follow late-night trips.", "language": "en", "kind": "best_practice",
                    "sdgs": [11, 8], "country": "KR" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    for _ in 0..100 {
        b.goto(&node.url("/admin/review?lang=en")).await.expect("goto");
        if b.find(Locator::Css("table.review-queue tbody tr")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    cam.save("admin-review").await;

    // The knowledge space's curator features a practice.
    sign_in(b, &login, "curator", PASSWORD).await;
    b.goto(&node.url("/admin/curation?q=bus")).await.expect("goto");
    if b.find(Locator::Css("table.curation-results form[action='/admin/curation/feature'] button")).await.is_ok() {
        click(b, "table.curation-results form[action='/admin/curation/feature'] button").await;
    }
    cam.shoot("admin-curation", "/admin/curation?q=water").await;
    cam.shoot("admin-topics", "/admin/topics").await;

    // The operator.
    sign_in(b, &login, "ops", PASSWORD).await;
    cam.shoot("admin-users", "/admin/users").await;
    cam.shoot("admin-settings", "/admin/settings").await;
    cam.shoot("admin-node-tokens", "/admin/tokens").await;

    // The public pages, signed out, once the curator featured a practice.
    b.delete_all_cookies().await.expect("sign out");
    cam.shoot_in("home", "/", &main).await;
    cam.shoot_in("search", "/search?country=KR&sdg=11", &main).await;
    cam.shoot_in("practice", &practice, &main).await;
    cam.shoot("practice-history", &format!("{practice}/history")).await;
    cam.shoot("actor", "/actors/seoul").await;
    cam.shoot("association", "/actors/korea").await;
    cam.shoot("knowledge-space", "/actors/unpaks").await;
    cam.shoot_in("network", "/network", &main).await;
    cam.shoot("topics", "/topics").await;
    cam.shoot("analytics", "/analytics").await;
    cam.shoot("about", "/about").await;
    cam.shoot("widget", "/widget?country=KR").await;
    cam.shoot("admin-sign-in", "/admin/login").await;

    eprintln!("{} screenshots written to {}: {}", cam.taken.len(), cam.dir.display(), cam.taken.join(", "));
    let failed = std::mem::take(&mut cam.failed);
    browser.client.clone().close().await.expect("close");
    drop(node);
    env.cleanup().await;
    assert!(failed.is_empty(), "pages that did not answer 200: {failed:#?}");
}
