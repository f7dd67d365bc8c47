//! The admin interface in a real browser (headless Chromium through
//! ChromeDriver): a failed sign-in, a sign-in, a form post without its CSRF
//! token refused, a practice written with a translation, its delivery
//! status, and the public page in both languages.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver;
//! `.ci/run` installs them). Without them the test says it was skipped,
//! unless ECITIES_REQUIRE_BROWSER=1 (CI), where it fails.

use crate::support;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_works_in_a_real_browser() {
    let Some(browser) = support::browser::start().await else { return };
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");
    // Seoul's portal is this node's own host, so its profile and search
    // results carry the verified mark (checked by axe below).
    let portal = env.public_url();
    env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "seoul",
        "--display-name",
        "Seoul",
        "--country",
        "KR",
        "--portal",
        &portal,
    ]);
    let mut child = env
        .command(&["user", "create", "--actor", "seoul", "--login", "editor"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"a long enough password\n").expect("write");
    assert!(child.wait().expect("wait").success());
    // An association with Seoul as member, so the network page has a map.
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let korea_token = env.run_ok(&["token", "create", "--actor", "korea"]);
    // A knowledge space on the node, to feature the practice (its chain).
    env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks", "--display-name", "UN-PAKS"]);
    let unpaks_token = env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let node = env.start();
    let (status, body) = Api::new(&node, &korea_token)
        .send(reqwest::Method::POST, "/api/v1/follows", json!({ "target": node.url("/actors/seoul") }))
        .await;
    assert!(status == 200 || status == 202, "{body}");

    // A follower, so the practice has a delivery to show.
    let fan = FakeRemote::start("fan").await;
    let follow = json!({ "id": fan.id("/follows/1"), "type": "Follow", "actor": fan.actor, "object": node.url("/actors/seoul") }).to_string();
    assert_eq!(fan.post_signed(&node.url("/inbox"), &follow, None).await.0, 202);

    let b = browser.client.clone();

    // /admin asks to sign in; a wrong password is refused.
    b.goto(&node.url("/admin")).await.expect("goto");
    assert!(b.current_url().await.expect("url").as_str().ends_with("/admin/login"));
    b.find(Locator::Id("login")).await.expect("login").send_keys("editor").await.expect("type");
    b.find(Locator::Id("password")).await.expect("password").send_keys("wrong password!!").await.expect("type");
    b.find(Locator::Css("button[type=submit]")).await.expect("button").click().await.expect("click");
    let alert = b.wait().for_element(Locator::Css("[role=alert]")).await.expect("an error message");
    assert_eq!(alert.text().await.expect("text"), "Wrong login or password.");

    // The right password signs in.
    b.find(Locator::Id("password")).await.expect("password").send_keys("a long enough password").await.expect("type");
    b.find(Locator::Css("button[type=submit]")).await.expect("button").click().await.expect("click");
    b.wait().for_element(Locator::Css("nav.admin-nav a[aria-current='page']")).await.expect("the dashboard");
    b.find(Locator::Css("nav.admin-nav a[href='/admin/practices/new']"))
        .await
        .expect("write")
        .click()
        .await
        .expect("click");
    b.wait().for_element(Locator::Css("form[action='/admin/practices']")).await.expect("the writing form");

    // A form post without the session's CSRF token is refused.
    let status = b
        .execute(
            "return fetch('/admin/practices', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'title=Forged'}).then(r => r.status);",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(status, json!(403));

    // Write a practice with a Korean translation.
    for (id, text) in [
        ("title", "Night buses for shift workers"),
        ("summary", "Eleven night lines run from midnight to 5 am."),
        ("content", "Routes follow **mobile phone data** on late-night trips."),
        ("sdgs", "11, 8"),
        ("tr_language", "ko"),
        ("tr_title", "심야 올빼미 버스"),
        ("tr_summary", "자정부터 새벽 5시까지 11개 노선."),
    ] {
        b.find(Locator::Id(id)).await.expect(id).send_keys(text).await.expect("type");
    }
    b.find(Locator::Css("form[action='/admin/practices'] button[value=publish]"))
        .await
        .expect("publish")
        .click()
        .await
        .expect("click");
    let status = b.wait().for_element(Locator::Css("[role=status]")).await.expect("a confirmation");
    assert_eq!(status.text().await.expect("text"), "Published: Night buses for shift workers");

    // Its delivery status: the follower's inbox, delivered.
    let admin_url = node.url("/admin/deliveries");
    eventually("the Create is shown as delivered", Duration::from_secs(30), &[&node], || {
        let b = b.clone();
        let admin_url = admin_url.clone();
        async move {
            b.goto(&admin_url).await.ok()?;
            // Grouped by activity: the Create, titled with the practice, then each recipient.
            let group =
                "//section[starts-with(normalize-space(h2), 'Create: Night buses for shift workers')]//tbody/tr";
            let row = b.find(Locator::XPath(group)).await.ok()?.text().await.ok()?;
            (row.contains("delivered") && row.contains("/inbox")).then_some(())
        }
    })
    .await;

    // The public page, then the Korean variant through the switcher.
    let found: serde_json::Value =
        reqwest::get(node.url("/api/v1/practices?q=night")).await.expect("GET").json().await.expect("json");
    let url = found["items"][0]["url"].as_str().expect("url").to_owned();
    let (status, body) = Api::new(&node, &unpaks_token)
        .send(reqwest::Method::POST, "/api/v1/curated", json!({ "practice": found["items"][0]["id"] }))
        .await;
    assert_eq!(status, 201, "{body}");
    b.goto(&url).await.expect("goto");
    let chain = b.find(Locator::Css("ul.chain")).await.expect("the chain").text().await.expect("text");
    assert!(chain.contains("Written by: Seoul") && chain.contains("Featured by: UN-PAKS"), "{chain}");
    assert_eq!(
        b.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text"),
        "Night buses for shift workers"
    );
    b.find(Locator::Css("nav a[hreflang='ko']")).await.expect("switcher").click().await.expect("click");
    b.wait().for_element(Locator::Css("article[lang='ko']")).await.expect("the Korean variant");
    assert_eq!(b.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text"), "심야 올빼미 버스");

    // The search page without JavaScript: tick a goal beside the results,
    // apply, and the filter shows as a chip that removes it again.
    b.goto(&node.url("/search?q=night&lang=en")).await.expect("goto");
    b.find(Locator::Css(".facets input[name='sdg'][value='8']")).await.expect("SDG 8").click().await.expect("tick");
    b.find(Locator::Css(".facets button[type='submit']")).await.expect("apply").click().await.expect("click");
    // The words are a chip already: wait for the new page, not for a chip.
    assert!(url_becomes(&b, |u| u.contains("sdg=8")).await, "the form was sent with the goal");
    b.wait().for_element(Locator::Css(".chips a")).await.expect("a filter chip");
    let card = b.find(Locator::Css(".card")).await.expect("a result card").text().await.expect("text");
    assert!(
        card.contains("Night buses for shift workers") && card.contains("Decent Work and Economic Growth"),
        "{card}"
    );
    let marked = b.find(Locator::Css(".card mark")).await.expect("the word marked").text().await.expect("text");
    assert_eq!(marked.to_lowercase(), "night");
    b.find(Locator::Css(".chips li:nth-child(2) a")).await.expect("the SDG chip").click().await.expect("click");
    assert!(url_becomes(&b, |u| !u.contains("sdg=8")).await, "the chip removed the goal");
    b.wait().for_element(Locator::Css(".results")).await.expect("results");

    // Accessibility: axe-core finds no violation on the public pages, in
    // English and in Arabic (right to left).
    if let Some(axe) = support::browser::axe_source() {
        let search = node.url("/search?q=night&sdg=8&sdg=11&country=KR");
        for page in [
            node.url("/"),
            search,
            node.url("/search"),
            url.clone(),
            format!("{url}/history"),
            format!("{url}/v/1"),
            node.url("/about"),
            node.url("/topics"),
            node.url("/network"),
            node.url("/actors/seoul"),
            node.url("/actors/korea"),
            node.url("/actors/unpaks"),
            node.url("/analytics"),
            node.url("/widget"),
        ] {
            support::browser::assert_accessible(&b, &axe, &page, &["en", "ar"]).await;
        }
    }
    b.close().await.expect("close");
}

/// Whether the browser's address comes to satisfy `want` within ten
/// seconds (a click's navigation is not awaited by the click).
async fn url_becomes(b: &fantoccini::Client, want: impl Fn(&str) -> bool) -> bool {
    for _ in 0..100 {
        if want(b.current_url().await.expect("url").as_str()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
