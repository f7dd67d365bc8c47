//! Each admin role's job walked through in a real browser (headless
//! Chromium), through the interface only: an editor writes, previews,
//! publishes, edits, translates and deletes a practice and maps a portal
//! feed; the operator names the node, blocks a domain, adds and removes a
//! user and revokes a token. axe-core checks every page they use, in
//! English and Arabic. Both databases.
//!
//! Skipped (and says so) without chromium and chromedriver, unless
//! ECITIES_REQUIRE_BROWSER=1; see tests/support/browser.rs.

use crate::support;

use std::io::Write;
use std::process::Stdio;

use fantoccini::{Client, Locator};
use support::browser::{assert_accessible, axe_source, click, expect_status, fill, status_text, text_of};
use support::{Backend, Node, NodeEnv};

const PASSWORD: &str = "a long enough password";

fn create_user(env: &NodeEnv, args: &[&str]) {
    let mut full = vec!["user", "create"];
    full.extend_from_slice(args);
    let mut child = env.command(&full).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

async fn sign_in(b: &Client, node: &Node, login: &str) {
    b.goto(&node.url("/admin/login")).await.expect("goto");
    fill(b, "login", login).await;
    fill(b, "password", PASSWORD).await;
    click(b, "button[type=submit]").await;
    b.wait().for_element(Locator::Css("nav.admin-nav a[aria-current='page']")).await.expect("the dashboard");
}

async fn an_editor_looks_after_a_practice_from_draft_to_deletion(backend: Backend) {
    let Some(browser) = support::browser::start().await else { return };
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    create_user(&env, &["--actor", "seoul", "--login", "editor"]);
    let node = env.start();
    let b = browser.client.clone();
    sign_in(&b, &node, "editor").await;

    // Write, then preview: the page as it will be published, nothing public yet.
    click(&b, "nav.admin-nav a[href='/admin/practices/new']").await;
    for (id, text) in [
        ("title", "Night buses"),
        ("summary", "Eleven night lines from midnight to 5 am."),
        ("content", "Routes follow **late-night trips**."),
        ("sdgs", "11, 8"),
        ("problem", "Shift workers had no way home."),
        ("license", "CC-BY-4.0"),
    ] {
        fill(&b, id, text).await;
    }
    click(&b, "button[value=preview]").await;
    let preview = text_of(&b, "section.preview").await;
    for shown in ["Night buses", "late-night trips", "Problem", "Shift workers had no way home.", "SDG 11", "CC-BY-4.0"]
    {
        assert!(preview.contains(shown), "the preview shows {shown}: {preview}");
    }
    let found: serde_json::Value =
        reqwest::get(node.url("/api/v1/practices?q=night")).await.expect("GET").json().await.expect("json");
    assert_eq!(found["total"], 0, "a preview publishes nothing");

    // Publish: back on the list, which shows it as published.
    click(&b, "button[value=publish]").await;
    expect_status(&b, "Published: Night buses").await;
    let url = b
        .find(Locator::Css("table.practices td a"))
        .await
        .expect("the practice")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    let key = url.rsplit('/').next().expect("key").to_owned();
    assert!(text_of(&b, "table.practices").await.contains("Published"), "its status");

    // The list's search finds it; a kind it does not have does not.
    fill(&b, "q", "night").await;
    click(&b, "form.filters button[type=submit]").await;
    assert!(text_of(&b, "table.practices").await.contains("Night buses"));
    b.goto(&node.url("/admin/practices?kind=event")).await.expect("goto");
    assert!(b.find(Locator::Css("table.practices")).await.is_err(), "no event matches");

    // Edit through the preview page's link.
    b.goto(&node.url(&format!("/admin/practices/{key}/preview"))).await.expect("goto");
    assert_eq!(text_of(&b, "section.preview article h1").await, "Night buses");
    click(&b, &format!("main a[href='/admin/practices/{key}']")).await;
    fill(&b, "title", "Night buses (2026)").await;
    click(&b, "button[value=publish]").await;
    expect_status(&b, "Saved: Night buses (2026)").await;

    // Translate it into French from the list.
    click(&b, &format!("a[href='/admin/practices/{key}/translations']")).await;
    fill(&b, "tr_language", "fr").await;
    fill(&b, "tr_title", "Bus de nuit").await;
    fill(&b, "tr_summary", "Onze lignes de nuit, de minuit à 5 h.").await;
    click(&b, &format!("form[action='/admin/practices/{key}/translations'] button[type=submit]")).await;
    expect_status(&b, "Translation saved: Night buses (2026)").await;
    assert!(text_of(&b, "main table").await.contains("Bus de nuit"), "the languages are listed");
    b.goto(&node.url(&format!("/admin/practices/{key}/preview"))).await.expect("goto");
    assert_eq!(text_of(&b, "article[lang='fr'] h1").await, "Bus de nuit", "the preview shows every language");
    let french = reqwest::get(format!("{url}?lang=fr")).await.expect("GET").text().await.expect("html");
    assert!(french.contains("<h1>Bus de nuit</h1>"), "published in French too");

    // A portal feed, its category mapping edited.
    click(&b, "nav.admin-nav a[href='/admin/feeds']").await;
    fill(&b, "feed_url", &node.url("/feeds/none.xml")).await;
    click(&b, "form[action='/admin/feed-sources'] button[type=submit]").await;
    expect_status(&b, "Feed added").await;
    let mapping = b
        .find(Locator::Css("main a[href^='/admin/feeds/']"))
        .await
        .expect("the mapping link")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    click(&b, &format!("main a[href='{mapping}']")).await;
    b.find(Locator::Css("input[name=category_0]"))
        .await
        .expect("a rule row")
        .send_keys("Mobility")
        .await
        .expect("type");
    b.find(Locator::Css("input[name=sdgs_0]")).await.expect("a rule row").send_keys("11, 9").await.expect("type");
    click(&b, &format!("form[action='{mapping}'] button[type=submit]")).await;
    expect_status(&b, "Feed mapping saved").await;
    assert!(text_of(&b, "section.feed table").await.contains("Mobility"), "the mapping is shown");

    // axe-core: every page the editor uses, in English and Arabic.
    if let Some(axe) = axe_source() {
        for path in [
            "/admin".to_owned(),
            "/admin/practices".to_owned(),
            "/admin/practices?q=night".to_owned(),
            "/admin/practices/new".to_owned(),
            format!("/admin/practices/{key}"),
            format!("/admin/practices/{key}/preview"),
            format!("/admin/practices/{key}/translations"),
            format!("/admin/practices/{key}/translations/fr"),
            format!("/admin/practices/{key}/delete"),
            "/admin/deliveries".to_owned(),
            "/admin/follows".to_owned(),
            "/admin/feeds".to_owned(),
            mapping.clone(),
            format!("{mapping}/remove"),
            "/admin/tokens".to_owned(),
            "/admin/replies".to_owned(),
        ] {
            assert_accessible(&b, &axe, &node.url(&path), &["en", "ar"]).await;
        }
        b.goto(&node.url("/admin?lang=en")).await.expect("back to English");
    }

    // Remove the feed after its confirmation.
    b.goto(&node.url(&format!("{mapping}/remove"))).await.expect("goto");
    click(&b, "button.danger").await;
    expect_status(&b, "Feed removed").await;

    // Remove the translation, then delete the practice after its confirmation.
    b.goto(&node.url(&format!("/admin/practices/{key}/translations"))).await.expect("goto");
    click(&b, &format!("form[action='/admin/practices/{key}/translations/fr/remove'] button")).await;
    expect_status(&b, "Translation removed: Night buses (2026)").await;
    b.goto(&node.url("/admin/practices")).await.expect("goto");
    click(&b, &format!("a[href='/admin/practices/{key}/delete']")).await;
    assert!(text_of(&b, "main h1").await.contains("Night buses (2026)"), "the confirmation names it");
    click(&b, "button.danger").await;
    expect_status(&b, "Deleted: Night buses (2026)").await;
    assert_eq!(reqwest::get(&url).await.expect("GET").status(), 410, "its page says it is gone");
    assert!(b.find(Locator::Css("table.practices")).await.is_err(), "no longer listed");
    // The page a deleted practice leaves behind is accessible too.
    if let Some(axe) = axe_source() {
        assert_accessible(&b, &axe, &url, &["en", "ar"]).await;
    }

    b.close().await.expect("close");
    drop(node);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_looks_after_a_practice_from_draft_to_deletion_on_sqlite() {
    an_editor_looks_after_a_practice_from_draft_to_deletion(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_looks_after_a_practice_from_draft_to_deletion_on_postgres() {
    an_editor_looks_after_a_practice_from_draft_to_deletion(Backend::Postgres).await;
}

async fn the_operator_names_the_node_blocks_a_domain_and_revokes_a_token(backend: Backend) {
    let Some(browser) = support::browser::start().await else { return };
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    create_user(&env, &["--operator", "--login", "ops"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul", "--label", "old portal"]);
    let node = env.start();
    let api = |token: String| {
        let url = node.url("/api/v1/follows");
        async move { reqwest::Client::new().get(url).bearer_auth(token).send().await.expect("GET").status() }
    };
    assert_eq!(api(token.clone()).await, 200, "the token works");
    let b = browser.client.clone();
    if let Some(axe) = axe_source() {
        assert_accessible(&b, &axe, &node.url("/admin/login"), &["en", "ar"]).await;
        b.goto(&node.url("/admin/login?lang=en")).await.expect("back to English");
    }
    sign_in(&b, &node, "ops").await;

    // Name the node: every page header shows it.
    click(&b, "nav.admin-nav a[href='/admin/settings']").await;
    fill(&b, "node_name", "Busan e-Cities").await;
    click(&b, "form[action='/admin/node'] button[type=submit]").await;
    expect_status(&b, "Node profile saved").await;
    assert_eq!(text_of(&b, "header .site-name").await, "Busan e-Cities");
    assert!(text_of(&b, "main").await.contains("Allowlist mode is off"), "the allowlist mode is shown");

    // Block a domain.
    fill(&b, "domain", "spam.example").await;
    fill(&b, "domain_note", "spam").await;
    click(&b, "form[action='/admin/domains'] button[type=submit]").await;
    expect_status(&b, "Domain rule saved").await;
    let rules = text_of(&b, "main table").await;
    assert!(rules.contains("spam.example") && rules.contains("block"), "{rules}");

    // Revoke the old portal's token: the API refuses it from then on.
    click(&b, "nav.admin-nav a[href='/admin/tokens']").await;
    let row = text_of(&b, "main table tbody tr").await;
    assert!(row.contains("old portal") && row.contains("editor of @seoul@"), "{row}");
    // Times are written in UTC and shown in the browser's own zone and the
    // page's language once the script ran (the UTC text stays as the title).
    let created = b.find(Locator::Css("main table tbody tr time[data-localised]")).await.expect("a localised time");
    let utc = created.attr("title").await.expect("title").expect("the UTC text");
    assert!(utc.ends_with("UTC"), "{utc}");
    let shown = created.text().await.expect("text");
    assert!(shown.contains(&chrono::Utc::now().format("%Y").to_string()), "{shown}");
    click(&b, "main table tbody tr form button").await;
    expect_status(&b, "Token revoked: it no longer works").await;
    assert_eq!(api(token).await, 401, "a revoked token is refused");

    // An operator token, made here.
    fill(&b, "token_label", "ops script").await;
    click(&b, "form[action='/admin/tokens'] button[type=submit]").await;
    let mut shown = String::new();
    for _ in 0..50 {
        shown = status_text(&b).await;
        if shown.contains("ect_") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(shown.contains("ect_"), "the new token is shown once: {shown}");
    assert!(text_of(&b, "main table").await.contains("ops script"), "and listed");

    // A user added, then removed.
    click(&b, "nav.admin-nav a[href='/admin/users']").await;
    fill(&b, "user_login", "newcomer").await;
    fill(&b, "user_password", PASSWORD).await;
    b.find(Locator::Css("#user_holder option[value^='editor:']"))
        .await
        .expect("an editor role")
        .click()
        .await
        .expect("pick");
    click(&b, "form[action='/admin/users'] button[type=submit]").await;
    expect_status(&b, "User created").await;
    assert!(text_of(&b, "main table").await.contains("newcomer"));

    if let Some(axe) = axe_source() {
        for path in ["/admin", "/admin/settings", "/admin/tokens", "/admin/users"] {
            assert_accessible(&b, &axe, &node.url(path), &["en", "ar"]).await;
        }
        b.goto(&node.url("/admin/users?lang=en")).await.expect("back to English");
    }

    let remove = b.find(Locator::XPath("//tr[td[1]='newcomer']//button")).await.expect("the newcomer's remove button");
    remove.click().await.expect("click");
    expect_status(&b, "User removed").await;
    assert!(!text_of(&b, "main table").await.contains("newcomer"));

    b.close().await.expect("close");
    drop(node);
    env.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_names_the_node_blocks_a_domain_and_revokes_a_token_on_sqlite() {
    the_operator_names_the_node_blocks_a_domain_and_revokes_a_token(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_names_the_node_blocks_a_domain_and_revokes_a_token_on_postgres() {
    the_operator_names_the_node_blocks_a_domain_and_revokes_a_token(Backend::Postgres).await;
}
