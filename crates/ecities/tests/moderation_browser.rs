//! An association and a knowledge space at work in a real browser (headless
//! Chromium), through the admin's pages only: the association's editor
//! invites member cities (one on another server) and removes one after a
//! confirmation; its
//! moderator switches to manual review, rejects a city's practice with a
//! reason the city sees and approves another; a curator features a
//! practice, unfeatures it, and publishes a topic. axe-core checks each of
//! these pages in English and Arabic.

use crate::support;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, Locator};
use reqwest::Method;
use serde_json::json;
use support::browser::{assert_accessible, axe_source, sign_in};
use support::fake_remote::FakeRemote;
use support::{Api, Backend, NodeEnv, eventually};

const PASSWORD: &str = "a long enough password";

fn create_user(env: &NodeEnv, args: &[&str]) {
    let mut full = vec!["user", "create"];
    full.extend_from_slice(args);
    let mut child = env.command(&full).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "user create {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The text of the page's one-time confirmation.
async fn confirmation(b: &Client) -> String {
    b.wait().for_element(Locator::Css("[role=status]")).await.expect("a confirmation").text().await.expect("text")
}

/// Clicks `element` and waits until the browser left the page (a link or a
/// form's button), so that nothing of the old page is read afterwards.
async fn follow(b: &Client, element: fantoccini::elements::Element) {
    let old = b.find(Locator::Css("html")).await.expect("the page");
    element.click().await.expect("click");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while old.tag_name().await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "the click did not lead to another page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the link or button `css` and waits for the next page.
async fn click(b: &Client, css: &str) {
    follow(b, b.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"))).await;
}

async fn type_into(b: &Client, id: &str, text: &str) {
    b.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("{id}: {e}")).send_keys(text).await.expect("type");
}

/// The text of the table row that mentions `text`, if the page shows one.
async fn row_with(b: &Client, text: &str) -> Option<String> {
    let xpath = format!("//tr[contains(., '{text}')]");
    b.find(Locator::XPath(&xpath)).await.ok()?.text().await.ok()
}

/// The status of a form post made from the current page with its session
/// and CSRF token: what a forged or hand-made request gets.
async fn post_from_page(b: &Client, path: &str, form: &str) -> serde_json::Value {
    let script = format!(
        "const csrf = document.querySelector('input[name=csrf]').value;
         return fetch('{path}', {{method: 'POST', headers: {{'Content-Type': 'application/x-www-form-urlencoded'}},
                                   body: 'csrf=' + encodeURIComponent(csrf) + '&{form}', redirect: 'manual'}}).then(r => r.status);"
    );
    b.execute(&script, vec![]).await.expect("script")
}

async fn status_of(b: &Client, path: &str) -> serde_json::Value {
    b.execute(&format!("return fetch('{path}').then(r => r.status);"), vec![]).await.expect("script")
}

async fn moderators_and_curators_do_their_jobs_in_a_browser(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    for args in [
        &["--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"][..],
        &["--kind", "city", "--name", "busan", "--display-name", "Busan", "--country", "KR"][..],
        &["--kind", "association", "--name", "korea", "--display-name", "Korean Cities", "--country", "KR"][..],
        &["--kind", "knowledge_space", "--name", "unpaks", "--display-name", "UN-PAKS"][..],
    ] {
        let mut full = vec!["actor", "create"];
        full.extend_from_slice(args);
        env.run_ok(&full);
    }
    let seoul_token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    create_user(&env, &["--actor", "seoul", "--login", "seoul-editor"]);
    create_user(&env, &["--actor", "korea", "--login", "korea-editor"]);
    create_user(&env, &["--actor", "korea", "--role", "moderator", "--login", "korea-mod"]);
    create_user(&env, &["--actor", "unpaks", "--login", "curator"]);
    let node = env.start();
    let Some(browser) = support::browser::start().await else { return };
    let b = &browser.client;
    let axe = axe_source();
    let login = node.url("/admin/login");
    let host = node.base.trim_start_matches("http://").to_owned();

    // The association's editor invites Seoul and Busan by their handles.
    sign_in(b, &login, "korea-editor", PASSWORD).await;
    click(b, "nav.admin-nav a[href='/admin/members']").await;
    for city in ["seoul", "busan"] {
        type_into(b, "handle", &format!("@{city}@{host}")).await;
        click(b, "form[action='/admin/members'] button[type=submit]").await;
        assert_eq!(confirmation(b).await, "Invitation sent");
    }
    let row = row_with(b, "Seoul").await.expect("Seoul is listed");
    assert!(row.contains("Member") && row.contains("KR"), "{row}");
    // A city on another server is invited too, and is a member once it accepts.
    let gwangju = FakeRemote::start_as("gwangju", "Organization").await;
    type_into(b, "handle", gwangju.actor.as_str()).await;
    click(b, "form[action='/admin/members'] button[type=submit]").await;
    assert_eq!(confirmation(b).await, "Invitation sent");
    let row = row_with(b, "GWANGJU").await.expect("Gwangju is listed");
    assert!(row.contains("Invited, waiting for an answer"), "{row}");
    eventually("Gwangju receives the Follow", Duration::from_secs(30), &[&node], || async {
        gwangju.received().into_iter().find(|a| a["type"] == "Follow" && a["actor"] == node.url("/actors/korea"))
    })
    .await;
    // Only cities are members: the knowledge space is refused, on the page.
    type_into(b, "handle", &format!("@unpaks@{host}")).await;
    click(b, "form[action='/admin/members'] button[type=submit]").await;
    let alert = b.find(Locator::Css("[role=alert]")).await.expect("the mistake").text().await.expect("text");
    assert!(alert.starts_with("Not done:") && alert.contains("is not a city"), "{alert}");
    // Removing Busan asks first; cancelling keeps it, confirming removes it.
    click(b, "a[href*='busan'][href^='/admin/members/remove']").await;
    let heading = b.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(heading, "Remove Busan from the members?");
    let confirm_url = b.current_url().await.expect("url").to_string();
    click(b, "a[href='/admin/members']").await;
    assert!(row_with(b, "Busan").await.is_some(), "cancelling keeps the member");
    b.goto(&confirm_url).await.expect("goto");
    click(b, "#confirm-remove").await;
    assert_eq!(confirmation(b).await, "Member removed");
    assert!(row_with(b, "Busan").await.is_none(), "Busan is no longer a member");
    if let Some(axe) = &axe {
        assert_accessible(b, axe, &node.url("/admin/members"), &["ar", "en"]).await;
        assert_accessible(b, axe, &confirm_url.replace("busan", "seoul"), &["ar", "en"]).await;
    }

    // Its moderator holds members' practices for review from now on.
    sign_in(b, &login, "korea-mod", PASSWORD).await;
    let nav = b.find(Locator::Css("nav.admin-nav")).await.expect("nav").text().await.expect("text");
    assert!(nav.contains("Review queue") && !nav.contains("Curation"), "{nav}");
    // A moderator sees the members but does not invite: the form is not
    // there, and a hand-made request is refused.
    click(b, "nav.admin-nav a[href='/admin/members']").await;
    assert!(row_with(b, "Seoul").await.is_some(), "the moderator sees the members");
    assert!(b.find(Locator::Id("handle")).await.is_err(), "no invitation form for a moderator");
    assert_eq!(post_from_page(b, "/admin/members", &format!("handle=busan@{host}")).await, json!(403));
    click(b, "nav.admin-nav a[href='/admin/review']").await;
    b.find(Locator::Id("mode-manual")).await.expect("manual").click().await.expect("choose");
    click(b, "#save-moderation").await;
    assert_eq!(confirmation(b).await, "Moderation is now manual: members' practices wait for review.");

    // Seoul publishes two practices; both wait for the moderator.
    let seoul = Api::new(&node, &seoul_token);
    let mut keys = Vec::new();
    for title in ["Night buses for shift workers", "Rooftop gardens on public housing"] {
        let practice = json!({ "title": title, "summary": "S.", "content": "Text.", "language": "en",
                               "kind": "best_practice", "sdgs": [11], "country": "KR" });
        let (status, body) = seoul.send(Method::POST, "/api/v1/practices", practice).await;
        assert_eq!(status, 201, "{body}");
        keys.push(body["key"].as_str().expect("key").to_owned());
    }
    let review = node.url("/admin/review");
    eventually("both practices wait for review", Duration::from_secs(30), &[&node], || async {
        b.goto(&review).await.ok()?;
        let rows = b.find_all(Locator::Css("table.review-queue tbody tr")).await.ok()?;
        (rows.len() == 2).then_some(())
    })
    .await;
    let row = row_with(b, "Night buses").await.expect("a row");
    assert!(row.contains("Seoul") && row.contains("KR"), "{row}");
    if let Some(axe) = &axe {
        assert_accessible(b, axe, &review, &["ar", "en"]).await;
    }
    b.goto(&review).await.expect("goto");

    // One rejected with a reason, the other approved.
    let reject_row = "//tr[contains(., 'Night buses')]";
    let reason = "Please add the ridership figures of the first year.";
    let row = b.find(Locator::XPath(reject_row)).await.expect("row");
    row.find(Locator::Css("textarea")).await.expect("reason").send_keys(reason).await.expect("type");
    follow(b, row.find(Locator::Css("form[action$='/reject'] button")).await.expect("reject")).await;
    assert_eq!(confirmation(b).await, "Practice rejected");
    let row = b.find(Locator::XPath("//tr[contains(., 'Rooftop gardens')]")).await.expect("row");
    follow(b, row.find(Locator::Css("form[action$='/approve'] button")).await.expect("approve")).await;
    assert_eq!(confirmation(b).await, "Practice approved");
    let decided = b.find(Locator::Css("table.review-decisions")).await.expect("decisions").text().await.expect("text");
    assert!(decided.contains(reason) && decided.contains("Rejected") && decided.contains("Approved"), "{decided}");
    if let Some(axe) = &axe {
        assert_accessible(b, axe, &review, &["ar", "en"]).await;
    }

    // The members page counts what each member shared: Seoul's approved one.
    click(b, "nav.admin-nav a[href='/admin/members']").await;
    let shared = b.find(Locator::XPath("//tr[contains(., 'Seoul')]/td[5]")).await.expect("shared");
    assert_eq!(shared.text().await.expect("text"), "1");

    // The city sees why, and that the other one was approved.
    let decision = |key: String| {
        let seoul = seoul.clone();
        async move {
            let (status, p) = seoul.get(&format!("/api/v1/practices/{key}")).await;
            assert_eq!(status, 200, "{p}");
            p["moderation"].as_array().and_then(|m| m.first()).cloned().expect("a decision")
        }
    };
    let rejected = decision(keys[0].clone()).await;
    assert_eq!((rejected["state"].as_str(), rejected["reason"].as_str()), (Some("rejected"), Some(reason)));
    assert_eq!(rejected["association"], node.url("/actors/korea"));
    assert_eq!(decision(keys[1].clone()).await["state"], "approved");
    // And so does the city's own admin: its practice list names the
    // association, the decision and the reason.
    sign_in(b, &login, "seoul-editor", PASSWORD).await;
    click(b, "nav.admin-nav a[href='/admin/practices']").await;
    let list = b.find(Locator::Css("main table")).await.expect("the practice list").text().await.expect("text");
    assert!(list.contains("Rejected by Korean Cities") && list.contains(reason), "{list}");
    assert!(list.contains("Approved by Korean Cities"), "{list}");

    // The curator finds the approved practice and features it.
    sign_in(b, &login, "curator", PASSWORD).await;
    let nav = b.find(Locator::Css("nav.admin-nav")).await.expect("nav").text().await.expect("text");
    assert!(nav.contains("Curation") && nav.contains("Topics") && !nav.contains("Members"), "{nav}");
    assert_eq!(status_of(b, "/admin/review").await, json!(403), "a curator has no review queue");
    assert_eq!(status_of(b, "/admin/members").await, json!(403), "nor members");
    click(b, "nav.admin-nav a[href='/admin/curation']").await;
    type_into(b, "q", "rooftop").await;
    click(b, "form[action='/admin/curation'] button[type=submit]").await;
    let found = b.wait().for_element(Locator::Css("table.curation-results")).await.expect("results");
    assert!(found.text().await.expect("text").contains("Rooftop gardens on public housing"));
    if let Some(axe) = &axe {
        assert_accessible(b, axe, b.current_url().await.expect("url").as_ref(), &["ar", "en"]).await;
        b.goto(&node.url("/admin/curation?q=rooftop")).await.expect("goto");
    }
    click(b, "table.curation-results form[action='/admin/curation/feature'] button").await;
    assert_eq!(confirmation(b).await, "Featured: Rooftop gardens on public housing");
    let featured = b.find(Locator::Css("table.curation-featured")).await.expect("featured").text().await.expect("text");
    assert!(featured.contains("Rooftop gardens on public housing") && featured.contains("Seoul"), "{featured}");
    let curated: serde_json::Value =
        reqwest::get(node.url("/api/v1/actors/unpaks/curated")).await.expect("GET").json().await.expect("json");
    assert_eq!(curated["items"][0]["title"], "Rooftop gardens on public housing");
    if let Some(axe) = &axe {
        assert_accessible(b, axe, &node.url("/admin/curation"), &["ar", "en"]).await;
        b.goto(&node.url("/admin/curation")).await.expect("goto");
    }
    // Unfeatured: it leaves the collection.
    click(b, "table.curation-featured form[action='/admin/curation/unfeature'] button").await;
    assert_eq!(confirmation(b).await, "No longer featured: Rooftop gardens on public housing");
    assert!(b.find(Locator::Css("table.curation-featured")).await.is_err(), "nothing featured any more");
    let curated: serde_json::Value =
        reqwest::get(node.url("/api/v1/actors/unpaks/curated")).await.expect("GET").json().await.expect("json");
    assert_eq!(curated["items"], json!([]));

    // The curator publishes a topic; a bad search is refused on the page.
    click(b, "nav.admin-nav a[href='/admin/topics']").await;
    type_into(b, "topic-name", "sdg11-korea").await;
    type_into(b, "topic-title", "SDG 11 in Korea").await;
    type_into(b, "topic-query", "sdg=99").await;
    click(b, "form[action='/admin/topics'] button[type=submit]").await;
    let alert = b.wait().for_element(Locator::Css("[role=alert]")).await.expect("the mistake");
    assert!(alert.text().await.expect("text").starts_with("Not done:"));
    let kept = b.find(Locator::Id("topic-name")).await.expect("name").prop("value").await.expect("value");
    assert_eq!(kept.as_deref(), Some("sdg11-korea"), "the form keeps what was typed");
    b.find(Locator::Id("topic-query")).await.expect("query").clear().await.expect("clear");
    type_into(b, "topic-query", "sdg=11&country=KR").await;
    click(b, "form[action='/admin/topics'] button[type=submit]").await;
    assert_eq!(confirmation(b).await, "Topic created");
    let row = row_with(b, "SDG 11 in Korea").await.expect("the topic is listed");
    assert!(row.contains(&format!("@sdg11-korea@{host}")) && row.contains("sdg=11&country=KR"), "{row}");
    let topics: serde_json::Value =
        reqwest::get(node.url("/api/v1/topics")).await.expect("GET").json().await.expect("json");
    assert_eq!(topics["items"][0]["name"], "sdg11-korea");
    if let Some(axe) = &axe {
        assert_accessible(b, axe, &node.url("/admin/topics"), &["ar", "en"]).await;
        assert_accessible(b, axe, &node.url("/admin/topics/delete?name=sdg11-korea"), &["ar", "en"]).await;
        b.goto(&node.url("/admin/topics")).await.expect("goto");
    }
    // Deleting it asks first.
    click(b, "a[href='/admin/topics/delete?name=sdg11-korea']").await;
    let heading = b.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(heading, "Delete the topic SDG 11 in Korea?");
    click(b, "#confirm-delete").await;
    assert_eq!(confirmation(b).await, "Topic deleted");
    assert!(row_with(b, "SDG 11 in Korea").await.is_none(), "the topic is gone");

    browser.client.clone().close().await.expect("close");
    drop(node);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderators_and_curators_do_their_jobs_in_a_browser_on_sqlite() {
    moderators_and_curators_do_their_jobs_in_a_browser(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderators_and_curators_do_their_jobs_in_a_browser_on_postgres() {
    moderators_and_curators_do_their_jobs_in_a_browser(Backend::Postgres).await;
}
