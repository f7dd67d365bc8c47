//! The admin interface over real HTTP: sign-in with an Argon2-hashed
//! password, CSRF on every form, writing a practice with a translation,
//! seeing it public in both languages and in the delivery view.

use crate::support;

use std::io::Write;
use std::process::Stdio;

use support::{Api, Backend, Node, NodeEnv, pending_submission};

fn hidden_csrf(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a csrf field") + r#"name="csrf" value=""#.len();
    html[start..].split('"').next().expect("value").to_owned()
}

fn set_cookie(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_owned()))
}

fn create_user(env: &NodeEnv, password: &str) -> std::process::Output {
    create_user_as(env, password, &["--actor", "seoul", "--login", "editor"])
}

fn create_user_as(env: &NodeEnv, password: &str, args: &[&str]) -> std::process::Output {
    let mut full = vec!["user", "create"];
    full.extend_from_slice(args);
    let mut child =
        env.command(&full).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("write");
    child.wait_with_output().expect("wait")
}

/// The page a form action redirects to (the task's page of the admin), with
/// the one-time message it left: the redirect sets the flash cookie, the
/// next `GET` of that page shows the message and clears the cookie.
async fn shown_after(http: &reqwest::Client, node: &Node, session: &str, resp: reqwest::Response) -> String {
    assert_eq!(resp.status(), 303, "a form action redirects");
    let location = header(&resp, "location").expect("a location").to_owned();
    assert!(location.starts_with("/admin"), "back to a page of the admin: {location}");
    let set = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ecities_flash="));
    let set = set.expect("a flash cookie").to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/admin"), "{set}");
    let flash = set_cookie(&resp, "ecities_flash").expect("a flash cookie");
    let page = http
        .get(node.url(&location))
        .header("Cookie", format!("{session}; ecities_flash={flash}"))
        .send()
        .await
        .expect("GET");
    assert_eq!(page.status(), 200);
    assert_eq!(set_cookie(&page, "ecities_flash").as_deref(), Some(""), "the page clears the flash");
    page.text().await.expect("html")
}

/// The dashboard as a reload shows it (the browser dropped the cleared cookie).
async fn reload(http: &reqwest::Client, node: &Node, session: &str) -> String {
    let page = http.get(node.url("/admin")).header("Cookie", session).send().await.expect("GET");
    assert_eq!(page.status(), 200);
    assert!(set_cookie(&page, "ecities_flash").is_none(), "no flash to clear");
    page.text().await.expect("html")
}

/// Signs `login` in; the session cookie and the CSRF token of its forms.
async fn sign_in(http: &reqwest::Client, node: &Node, login: &str, password: &str) -> (String, String) {
    let page = http.get(node.url("/admin/login")).send().await.expect("GET");
    let login_csrf = hidden_csrf(&page.text().await.expect("html"));
    let ok = http
        .post(node.url("/admin/login"))
        .header("Cookie", format!("ecities_login_csrf={login_csrf}"))
        .form(&[("login", login), ("password", password), ("csrf", &login_csrf)])
        .send()
        .await
        .expect("POST");
    assert_eq!(ok.status(), 303, "{login} signs in");
    let session = format!("ecities_session={}", set_cookie(&ok, "ecities_session").expect("session"));
    let html = reload(http, node, &session).await;
    let csrf = hidden_csrf(&html);
    (session, csrf)
}

async fn an_editor_signs_in_and_publishes_with_a_translation(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let short = create_user(&env, "short");
    assert!(!short.status.success(), "short passwords are refused");
    let made = create_user(&env, "a long enough password");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let node = env.start();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");

    let r = http.get(node.url("/admin")).send().await.expect("GET");
    assert_eq!(
        (r.status().as_u16(), r.headers().get("location").and_then(|v| v.to_str().ok())),
        (303, Some("/admin/login"))
    );

    let page = http.get(node.url("/admin/login")).send().await.expect("GET");
    let login_cookie = set_cookie(&page, "ecities_login_csrf").expect("a CSRF cookie");
    let form_csrf = hidden_csrf(&page.text().await.expect("html"));
    assert_eq!(login_cookie, form_csrf);
    let cookie = format!("ecities_login_csrf={login_cookie}");
    let sign_in = |password: &'static str, csrf: Option<String>| {
        let http = http.clone();
        let url = node.url("/admin/login");
        let cookie = cookie.clone();
        async move {
            let mut form = vec![("login", "editor".to_owned()), ("password", password.to_owned())];
            if let Some(c) = csrf {
                form.push(("csrf", c));
            }
            http.post(url).header("Cookie", cookie).form(&form).send().await.expect("POST")
        }
    };
    let wrong = sign_in("a wrong password!!", Some(form_csrf.clone())).await;
    assert_eq!(wrong.status(), 401);
    assert!(set_cookie(&wrong, "ecities_session").is_none());
    let no_csrf = sign_in("a long enough password", None).await;
    assert_eq!(no_csrf.status(), 403, "a sign-in without its CSRF token is refused");
    let ok = sign_in("a long enough password", Some(form_csrf)).await;
    assert_eq!(ok.status(), 303);
    let session = set_cookie(&ok, "ecities_session").expect("session cookie");
    let session_cookie = format!("ecities_session={session}");

    let dash = http.get(node.url("/admin")).header("Cookie", &session_cookie).send().await.expect("GET");
    assert_eq!(dash.status(), 200);
    let html = dash.text().await.expect("html");
    assert!(html.contains("Write a practice"));
    let csrf = hidden_csrf(&html);

    let practice = [
        ("title", "Seoul bus reform"),
        ("summary", "Median bus lanes."),
        ("content", "We **rebuilt** the network."),
        ("kind", "best_practice"),
        ("sdgs", "11, 13"),
        ("language", "en"),
        ("country", "KR"),
        ("tr_language", "ko"),
        ("tr_title", "서울 버스 개편"),
        ("tr_summary", "중앙버스전용차로."),
        ("tr_content", "노선을 개편했습니다."),
    ];
    let missing = http
        .post(node.url("/admin/practices"))
        .header("Cookie", &session_cookie)
        .form(&practice)
        .send()
        .await
        .expect("POST");
    assert_eq!(missing.status(), 403, "a form without the session's CSRF token is refused");
    let mut with_csrf: Vec<(&str, &str)> = practice.to_vec();
    with_csrf.push(("csrf", &csrf));
    let posted = http
        .post(node.url("/admin/practices"))
        .header("Cookie", &session_cookie)
        .form(&with_csrf)
        .send()
        .await
        .expect("POST");
    let html = shown_after(&http, &node, &session_cookie, posted).await;
    assert!(html.contains("Published: Seoul bus reform"), "{html}");
    assert!(html.contains(r#"aria-current="page">Practices</a>"#), "back on the list of practices: {html}");

    // Preview renders the Markdown without publishing.
    let mut preview = with_csrf.clone();
    preview.retain(|(k, _)| *k != "title");
    preview.push(("title", "Only a preview"));
    preview.push(("action", "preview"));
    let shown = http
        .post(node.url("/admin/practices"))
        .header("Cookie", &session_cookie)
        .form(&preview)
        .send()
        .await
        .expect("POST");
    let shown = shown.text().await.expect("html");
    assert!(shown.contains("Preview") && shown.contains("<strong>rebuilt</strong>"), "{shown}");
    let none: serde_json::Value =
        reqwest::get(node.url("/api/v1/practices?q=preview")).await.expect("GET").json().await.expect("json");
    assert_eq!(none["total"], 0, "a preview publishes nothing");

    // The actor's settings: a read token shown once, a portal feed. Domain
    // rules are node-wide: an editor is refused (tests/roles.rs).
    for (path, form, status) in [
        ("/admin/domains", vec![("value", "spam.example"), ("rule", "block"), ("note", "spam")], 403),
        ("/admin/feed-sources", vec![("value", "https://portal.example/feed")], 303),
    ] {
        let mut form = form;
        form.push(("csrf", &csrf));
        let r = http.post(node.url(path)).header("Cookie", &session_cookie).form(&form).send().await.expect("POST");
        assert_eq!(r.status(), status, "{path}");
    }
    let minted = http
        .post(node.url("/admin/tokens"))
        .header("Cookie", &session_cookie)
        .form(&[("csrf", csrf.as_str()), ("note", "portal"), ("rule", "read")])
        .send()
        .await
        .expect("POST");
    let minted = minted.text().await.expect("html");
    assert!(minted.contains("New API token (shown once, copy it now): ect_"), "{minted}");
    assert!(minted.contains(r#"aria-current="page">API tokens</a>"#), "on the tokens page: {minted}");
    let feeds = http.get(node.url("/admin/feeds")).header("Cookie", &session_cookie).send().await.expect("GET");
    let feeds = feeds.text().await.expect("html");
    assert!(feeds.contains("portal.example") && !feeds.contains("spam.example"), "the feed is listed: {feeds}");

    let mut bad = with_csrf.clone();
    bad.retain(|(k, _)| *k != "sdgs");
    bad.push(("sdgs", "42"));
    let refused = http
        .post(node.url("/admin/practices"))
        .header("Cookie", &session_cookie)
        .form(&bad)
        .send()
        .await
        .expect("POST");
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("html").contains("not a Sustainable Development Goal"));

    let found: serde_json::Value =
        reqwest::get(node.url("/api/v1/practices?q=bus")).await.expect("GET").json().await.expect("json");
    let url = found["items"][0]["url"].as_str().expect("url").to_owned();
    let key = found["items"][0]["key"].as_str().expect("key").to_owned();

    // Editing: the form comes back filled in, and saving sends an Update.
    let edit = http
        .get(node.url(&format!("/admin/practices/{key}")))
        .header("Cookie", &session_cookie)
        .send()
        .await
        .expect("GET");
    let edit = edit.text().await.expect("html");
    assert!(edit.contains("Edit the practice") && edit.contains(r#"value="Seoul bus reform""#), "{edit}");
    let mut changed: Vec<(&str, &str)> = with_csrf.iter().filter(|(k, _)| *k != "title").cloned().collect();
    changed.push(("title", "Seoul bus reform (2026)"));
    changed.push(("problem", "Slow buses"));
    let saved = http
        .post(node.url(&format!("/admin/practices/{key}")))
        .header("Cookie", &session_cookie)
        .form(&changed)
        .send()
        .await
        .expect("POST");
    assert!(shown_after(&http, &node, &session_cookie, saved).await.contains("Saved: Seoul bus reform (2026)"));
    let public = reqwest::get(&url).await.expect("GET").text().await.expect("html");
    assert!(
        public.contains("Seoul bus reform (2026)") && public.contains("서울 버스 개편"),
        "both languages are shown: {public}"
    );
    assert!(public.contains("Slow buses"), "structured sections are shown");
    let korean = reqwest::Client::new()
        .get(&url)
        .header("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("GET");
    let korean = korean.text().await.expect("html");
    assert!(
        korean.contains("<h1>서울 버스 개편</h1>") && korean.contains(r#"<article lang="ko" dir="ltr">"#),
        "Accept-Language picks Korean"
    );
    assert!(korean.contains("지속가능한 도시와 공동체"), "the goals are named in Korean too");
    // Lists prefer the reader's language too: the home page and the widget.
    for list in ["/", "/widget"] {
        let korean = reqwest::Client::new()
            .get(node.url(list))
            .header("Accept-Language", "ko-KR,ko;q=0.9")
            .send()
            .await
            .expect("GET");
        let korean = korean.text().await.expect("html");
        assert!(korean.contains(r#"lang="ko">서울 버스 개편</a>"#), "{list} shows the Korean title: {korean}");
        let english = reqwest::get(node.url(list)).await.expect("GET").text().await.expect("html");
        assert!(english.contains("Seoul bus reform (2026)") && !english.contains("서울 버스 개편"), "{english}");
    }
    let english =
        reqwest::Client::new().get(format!("{url}?lang=en")).header("Accept-Language", "ko").send().await.expect("GET");
    assert!(
        english.text().await.expect("html").contains("<h1>Seoul bus reform (2026)</h1>"),
        "the switcher (?lang=) wins"
    );

    let out = http
        .post(node.url("/admin/logout"))
        .header("Cookie", &session_cookie)
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .expect("POST");
    assert_eq!(out.status(), 303);
    let after = http.get(node.url("/admin")).header("Cookie", &session_cookie).send().await.expect("GET");
    assert_eq!(after.status(), 303, "the session ended");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_editor_signs_in_and_publishes_with_a_translation_on_sqlite() {
    an_editor_signs_in_and_publishes_with_a_translation(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_editor_signs_in_and_publishes_with_a_translation_on_postgres() {
    an_editor_signs_in_and_publishes_with_a_translation(Backend::Postgres).await;
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn sign_in_is_throttled_and_pages_carry_security_headers(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let made = create_user(&env, "a long enough password");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let node = env.start();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");

    // Security headers: the admin cannot be framed, the widget can, pages
    // allow no inline code, and every response says nosniff.
    let page = http.get(node.url("/admin/login")).send().await.expect("GET");
    let csp = header(&page, "content-security-policy").expect("a CSP").to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header(&page, "x-frame-options"), Some("DENY"));
    assert_eq!(header(&page, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&page, "referrer-policy"), Some("no-referrer"));
    let widget = http.get(node.url("/widget")).send().await.expect("GET");
    assert_eq!(widget.status(), 200);
    let csp = header(&widget, "content-security-policy").expect("a CSP");
    assert!(!csp.contains("frame-ancestors"), "the widget stays embeddable: {csp}");
    assert_eq!(header(&widget, "x-frame-options"), None);
    let home = http.get(node.url("/")).send().await.expect("GET");
    assert!(header(&home, "content-security-policy").is_some_and(|c| c.contains("frame-ancestors 'self'")));
    assert_eq!(header(&home, "referrer-policy"), Some("strict-origin-when-cross-origin"));
    let css = http.get(node.url("/static/ecities.css")).send().await.expect("GET");
    assert_eq!((css.status().as_u16(), header(&css, "content-type")), (200, Some("text/css; charset=utf-8")));
    let api = http.get(node.url("/api/v1/practices")).send().await.expect("GET");
    assert_eq!(header(&api, "x-content-type-options"), Some("nosniff"));

    let login_cookie = set_cookie(&page, "ecities_login_csrf").expect("a CSRF cookie");
    let csrf = hidden_csrf(&page.text().await.expect("html"));
    let cookie = format!("ecities_login_csrf={login_cookie}");
    let sign_in = |login: &'static str, password: &'static str| {
        let (http, url, cookie, csrf) = (http.clone(), node.url("/admin/login"), cookie.clone(), csrf.clone());
        async move {
            let form = [("login", login), ("password", password), ("csrf", &csrf)];
            http.post(url).header("Cookie", cookie).form(&form).send().await.expect("POST")
        }
    };

    // Five wrong passwords for a login, then even the right one waits.
    for _ in 0..5 {
        assert_eq!(sign_in("editor", "a wrong password!!").await.status(), 401);
    }
    let blocked = sign_in("editor", "a long enough password").await;
    assert_eq!(blocked.status(), 429);
    let wait: u64 = header(&blocked, "retry-after").and_then(|v| v.parse().ok()).expect("Retry-After seconds");
    assert!((60..=900).contains(&wait), "{wait}");
    assert!(header(&blocked, "content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(set_cookie(&blocked, "ecities_session").is_none());
    assert!(blocked.text().await.expect("html").contains("Too many sign-in attempts"));

    // An unknown login is treated exactly alike (no enumeration by throttling).
    for _ in 0..5 {
        assert_eq!(sign_in("nobody", "a wrong password!!").await.status(), 401);
    }
    assert_eq!(sign_in("nobody", "a wrong password!!").await.status(), 429);

    // 12 attempts so far from this address; the 21st within a minute is refused.
    for login in ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"] {
        assert_eq!(sign_in(login, "a wrong password!!").await.status(), 401, "{login}");
    }
    let flooded = sign_in("someone-else", "a wrong password!!").await;
    assert_eq!(flooded.status(), 429);
    assert!(header(&flooded, "retry-after").and_then(|v| v.parse::<u64>().ok()).is_some_and(|s| s <= 60));

    assert!(support::healthz_ok(env.port), "the node keeps serving");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn sign_in_is_throttled_and_pages_carry_security_headers_on_sqlite() {
    sign_in_is_throttled_and_pages_carry_security_headers(Backend::Sqlite).await;
}

#[tokio::test]
async fn sign_in_is_throttled_and_pages_carry_security_headers_on_postgres() {
    sign_in_is_throttled_and_pages_carry_security_headers(Backend::Postgres).await;
}

const STATUS: &str = r#"<div role="status""#;
const ALERT: &str = r#"<div role="alert""#;

async fn form_actions_confirm_once_and_show_mistakes_on_the_page(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "korea", "--country", "KR"]);
    let seoul_token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let korea_token = env.run_ok(&["token", "create", "--actor", "korea"]);
    let korea_mod_token = env.run_ok(&["token", "create", "--actor", "korea", "--role", "moderator"]);
    let password = "a long enough password";
    for args in [
        &["--actor", "seoul", "--login", "editor"][..],
        &["--operator", "--login", "ops"][..],
        &["--actor", "korea", "--role", "moderator", "--login", "mod"][..],
    ] {
        let made = create_user_as(&env, password, args);
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    }
    let node = env.start();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");

    // The operator: a domain rule saved, then removed, each confirmed once.
    let (ops, csrf) = sign_in(&http, &node, "ops", password).await;
    let post = |path: &str, session: &str, form: Vec<(&str, &str)>| {
        http.post(node.url(path)).header("Cookie", session).form(&form).send()
    };
    let added = post("/admin/domains", &ops, vec![("csrf", &csrf), ("value", "spam.example"), ("rule", "block")]);
    let html = shown_after(&http, &node, &ops, added.await.expect("POST")).await;
    assert!(html.contains(STATUS) && html.contains("Domain rule saved") && html.contains("spam.example"), "{html}");
    assert!(!reload(&http, &node, &ops).await.contains("Domain rule saved"), "shown once");
    // A bad rule: the page again, with the mistake as an alert, not JSON.
    let bad = post("/admin/domains", &ops, vec![("csrf", &csrf), ("value", "spam.example"), ("rule", "maybe")]);
    let bad = bad.await.expect("POST");
    assert!(bad.status().is_client_error(), "{}", bad.status());
    assert!(header(&bad, "content-type").is_some_and(|c| c.starts_with("text/html")));
    let html = bad.text().await.expect("html");
    assert!(html.contains(ALERT) && html.contains("Not done:") && html.contains("maybe"), "{html}");
    let removed = post("/admin/domains/remove", &ops, vec![("csrf", &csrf), ("value", "spam.example")]);
    let html = shown_after(&http, &node, &ops, removed.await.expect("POST")).await;
    assert!(html.contains("Domain rule removed"), "{html}");
    // A forged form is still refused with its JSON answer.
    let forged = post("/admin/domains", &ops, vec![("value", "x.example")]).await.expect("POST");
    assert_eq!(forged.status(), 403);

    // The editor: retrying failed deliveries says how many, once; the
    // message follows the interface language.
    let (editor, csrf) = sign_in(&http, &node, "editor", password).await;
    let replay = post("/admin/deliveries/replay", &editor, vec![("csrf", &csrf)]).await.expect("POST");
    let html = shown_after(&http, &node, &editor, replay).await;
    assert!(html.contains(STATUS) && html.contains("No failed deliveries to retry"), "{html}");
    assert!(!reload(&http, &node, &editor).await.contains(STATUS), "shown once");
    let replay = post("/admin/deliveries/replay", &editor, vec![("csrf", &csrf)]).await.expect("POST");
    let flash = set_cookie(&replay, "ecities_flash").expect("flash");
    let korean = http
        .get(node.url("/admin?lang=ko"))
        .header("Cookie", format!("{editor}; ecities_flash={flash}"))
        .send()
        .await
        .expect("GET");
    assert!(korean.text().await.expect("html").contains("다시 시도할 실패한 전송이 없습니다"));
    // A feed added, then polled: it cannot be read, and the alert says so.
    let feed = node.url("/no-such-feed.xml");
    let added = post("/admin/feed-sources", &editor, vec![("csrf", &csrf), ("value", &feed)]).await.expect("POST");
    let html = shown_after(&http, &node, &editor, added).await;
    assert!(html.contains(STATUS) && html.contains("Feed added"), "{html}");
    let poll = html.split(r#"action="/admin/feed-sources/"#).nth(1).and_then(|r| r.split('"').next()).expect("poll");
    let polled = post(&format!("/admin/feed-sources/{poll}"), &editor, vec![("csrf", &csrf)]).await.expect("POST");
    let html = shown_after(&http, &node, &editor, polled).await;
    assert!(html.contains(ALERT) && html.contains("The feed could not be read"), "{html}");
    assert!(!reload(&http, &node, &editor).await.contains(ALERT), "shown once");

    // The moderator: the association follows Seoul and reviews by hand;
    // approving Seoul's practice is confirmed once.
    let (seoul_api, korea_api) = (Api::new(&node, &seoul_token), Api::new(&node, &korea_token));
    let korea_mod = Api::new(&node, &korea_mod_token);
    let pending = pending_submission(&node, &seoul_api, &node.url("/actors/seoul"), &korea_api, &korea_mod).await;
    let (moderator, csrf) = sign_in(&http, &node, "mod", password).await;
    let approve_path = format!("/admin/submissions/{pending}/approve");
    let approved = post(&approve_path, &moderator, vec![("csrf", &csrf)]).await.expect("POST");
    let html = shown_after(&http, &node, &moderator, approved).await;
    assert!(html.contains(STATUS) && html.contains("Practice approved"), "{html}");
    assert!(!reload(&http, &node, &moderator).await.contains("Practice approved"), "shown once");
    // Approving it again: the page says why it was not done.
    let again = post(&approve_path, &moderator, vec![("csrf", &csrf)]).await.expect("POST");
    assert!(again.status().is_client_error(), "{}", again.status());
    let html = again.text().await.expect("html");
    assert!(html.contains(ALERT) && html.contains("Not done:"), "{html}");

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn form_actions_confirm_once_and_show_mistakes_on_the_page_on_sqlite() {
    form_actions_confirm_once_and_show_mistakes_on_the_page(Backend::Sqlite).await;
}

#[tokio::test]
async fn form_actions_confirm_once_and_show_mistakes_on_the_page_on_postgres() {
    form_actions_confirm_once_and_show_mistakes_on_the_page(Backend::Postgres).await;
}

// ------------------------------------------- memberships, places and MDGs

/// POSTs a form of the admin with the session; the answer as it came.
async fn post_admin(
    http: &reqwest::Client,
    node: &Node,
    session: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    http.post(node.url(path)).header("Cookie", session).form(form).send().await.expect("POST")
}

async fn admin_page(http: &reqwest::Client, node: &Node, session: &str, path: &str) -> String {
    let page = http.get(node.url(path)).header("Cookie", session).send().await.expect("GET");
    assert_eq!(page.status(), 200, "{path}");
    page.text().await.expect("html").replace("&#x2f;", "/")
}

/// The table row of the admin page that mentions `text`.
fn row_with<'a>(html: &'a str, text: &str) -> Option<&'a str> {
    html.split("<tr>").find(|row| row.contains(text)).map(|row| row.split("</tr>").next().unwrap_or(row))
}

async fn an_editor_names_the_associations_of_the_city_and_sees_what_each_check_found(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    // The node asks each association again every second.
    let env = env.with_config("[identity]\nmembership_check_interval_seconds = 1\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    for (name, display) in [("korea", "Korean cities"), ("asia", "Asian capitals")] {
        env.run_ok(&["actor", "create", "--kind", "association", "--name", name, "--display-name", display]);
    }
    let korea_token = env.run_ok(&["token", "create", "--actor", "korea"]);
    let seoul_token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    assert!(create_user(&env, "a long enough password").status.success());
    let node = env.start();
    let (korea, asia, seoul) = (node.url("/actors/korea"), node.url("/actors/asia"), node.url("/actors/seoul"));
    // Korean cities admits Seoul (it follows the city); Asian capitals never does.
    let korea_api = Api::new(&node, &korea_token);
    let (status, body) =
        korea_api.send(reqwest::Method::POST, "/api/v1/follows", serde_json::json!({ "target": seoul })).await;
    assert!(status == 202 || status == 200, "{body}");
    support::eventually("Korean cities follows Seoul", std::time::Duration::from_secs(30), &[&node], || async {
        let (_, f) = korea_api.get("/api/v1/follows").await;
        f["items"].as_array()?.iter().find(|i| i["actor"] == seoul.as_str() && i["state"] == "accepted").map(|_| ())
    })
    .await;

    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let (session, csrf) = sign_in(&http, &node, "editor", "a long enough password").await;
    let html = admin_page(&http, &node, &session, "/admin/follows").await;
    assert!(html.contains(r#"<h2 id="memberships">Associations we belong to</h2>"#), "{html}");
    assert!(html.contains("No association named yet."), "{html}");
    assert!(
        html.contains(r#"<label for="member_of">Association actor URLs</label>"#)
            && html.contains(r#"aria-describedby="member_of_hint""#),
        "a labelled field with its hint: {html}"
    );

    let both = format!("{korea}\n{asia}");
    let no_csrf = post_admin(&http, &node, &session, "/admin/follows/memberships", &[("member_of", &both)]).await;
    assert_eq!(no_csrf.status(), 403, "a form without the session's CSRF token is refused");
    // A mistake comes back on the page, as typed, the field naming its error.
    let typed = format!("{korea}\nnot an address");
    let refused =
        post_admin(&http, &node, &session, "/admin/follows/memberships", &[("member_of", &typed), ("csrf", &csrf)])
            .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.expect("html").replace("&#x2f;", "/");
    assert!(
        html.contains(r#"aria-describedby="member_of_hint member_of_error" aria-invalid="true""#)
            && html.contains(r#"<span id="member_of_error" class="field-error" role="alert">"#),
        "{html}"
    );
    assert!(html.contains(&format!("{korea}\nnot an address</textarea>")), "kept as typed: {html}");
    let (_, me) = Api::new(&node, &seoul_token).get("/api/v1/actor").await;
    assert_eq!(me["member_of"], serde_json::json!([]), "nothing saved: {me}");

    let saved =
        post_admin(&http, &node, &session, "/admin/follows/memberships", &[("member_of", &both), ("csrf", &csrf)])
            .await;
    let html = shown_after(&http, &node, &session, saved).await;
    assert!(html.contains("Associations saved"), "{html}");
    let (_, me) = Api::new(&node, &seoul_token).get("/api/v1/actor").await;
    let named: Vec<&str> =
        me["member_of"].as_array().expect("claims").iter().filter_map(|c| c["association"].as_str()).collect();
    assert_eq!(named, vec![korea.as_str(), asia.as_str()], "the form wrote the claims, in order: {me}");

    // Each claim with what its last check found: confirmed by Korean cities,
    // not listed by Asian capitals.
    let html = support::eventually("both claims are checked", std::time::Duration::from_secs(40), &[&node], || async {
        let html = admin_page(&http, &node, &session, "/admin/follows").await;
        let (k, a) = (row_with(&html, "Korean cities")?, row_with(&html, "Asian capitals")?);
        (k.contains("Confirmed: member since") && a.contains("Not confirmed: the association does not list us"))
            .then_some(html)
    })
    .await;
    assert!(html.contains(&format!("{korea}\n{asia}</textarea>")), "the form shows the list to edit: {html}");
    assert!(!html.contains("Not checked yet"), "{html}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_editor_names_the_associations_of_the_city_and_sees_what_each_check_found_on_sqlite() {
    an_editor_names_the_associations_of_the_city_and_sees_what_each_check_found(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_editor_names_the_associations_of_the_city_and_sees_what_each_check_found_on_postgres() {
    an_editor_names_the_associations_of_the_city_and_sees_what_each_check_found(Backend::Postgres).await;
}

async fn an_editor_places_a_practice_in_a_un_region_with_mdgs_and_moves_it_to_a_country(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    assert!(create_user(&env, "a long enough password").status.success());
    let node = env.start();
    let api = Api::new(&node, &token);
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let (session, csrf) = sign_in(&http, &node, "editor", "a long enough password").await;

    let html = admin_page(&http, &node, &session, "/admin/practices/new").await;
    assert!(html.contains("<legend>Place</legend>") && html.contains(r#"<label for="region">"#), "{html}");
    assert!(html.contains(r#"<option value="001">World (001)</option>"#), "{html}");
    assert!(html.contains(r#"<option value="142">Asia (142)</option>"#), "{html}");
    assert!(
        html.contains(r#"<label for="mdgs">"#) && html.contains("7. Ensure environmental sustainability"),
        "{html}"
    );

    let practice = |country: &'static str, region: &'static str, mdgs: &'static str| {
        vec![
            ("title", "Digital government in 2010"),
            ("summary", "What e-government looked like."),
            ("content", "A survey of **every** ministry."),
            ("kind", "publication"),
            ("sdgs", ""),
            ("mdgs", mdgs),
            ("language", "en"),
            ("country", country),
            ("region", region),
        ]
    };
    // A country and a region at once: refused, the region naming why.
    let mut both = practice("KR", "142", "8");
    both.push(("csrf", &csrf));
    let refused = post_admin(&http, &node, &session, "/admin/practices", &both).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains(r#"<select id="region" name="region" aria-invalid="true" aria-describedby="region_error">"#)
            && html.contains(r#"<span id="region_error" class="field-error">give a country or a region, not both"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="142" selected>"#), "kept as chosen: {html}");

    // The world, with MDGs 1 and 7 (no SDG: material from before them).
    let mut world = practice("", "001", "7, 1");
    world.push(("csrf", &csrf));
    let published = post_admin(&http, &node, &session, "/admin/practices", &world).await;
    let html = shown_after(&http, &node, &session, published).await;
    assert!(html.contains("Published: Digital government in 2010"), "{html}");
    let (_, list) = api.get("/api/v1/practices?source=local").await;
    let p = &list["items"][0];
    let key = p["key"].as_str().expect("key").to_owned();
    assert_eq!((p["country"].clone(), p["region"]["code"].as_str()), (serde_json::Value::Null, Some("001")), "{p}");
    assert_eq!(p["mdgs"], serde_json::json!([1, 7]));

    // Editing shows the region and the MDGs (not the city's own country).
    let html = admin_page(&http, &node, &session, &format!("/admin/practices/{key}")).await;
    assert!(html.contains(r#"<option value="001" selected>World (001)</option>"#), "{html}");
    assert!(html.contains(r#"name="mdgs" value="1, 7""#), "{html}");
    assert!(html.contains(r#"<input id="country" name="country" size="3" value="""#), "{html}");
    // An MDG that does not exist is refused on its field.
    let mut bad = practice("", "001", "9");
    bad.push(("csrf", &csrf));
    let refused = post_admin(&http, &node, &session, &format!("/admin/practices/{key}"), &bad).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains(r#"aria-describedby="mdgs_hint mdgs_error" aria-invalid="true""#)
            && html.contains(r#"id="mdgs_error""#),
        "{html}"
    );
    // Moved to a country, MDGs taken away (an SDG instead).
    let mut moved = practice("JP", "", "");
    moved[4] = ("sdgs", "16");
    moved.push(("csrf", &csrf));
    let saved = post_admin(&http, &node, &session, &format!("/admin/practices/{key}"), &moved).await;
    assert_eq!(saved.status(), 303);
    let (_, p) = api.get(&format!("/api/v1/practices/{key}")).await;
    assert_eq!((p["country"].as_str(), p["region"]["code"].as_str()), (Some("JP"), Some("142")), "Japan, in Asia: {p}");
    assert_eq!((p["mdgs"].clone(), p["sdgs"].clone()), (serde_json::json!([]), serde_json::json!([16])));
    // Blank place: refused, not kept from before.
    let mut nowhere = practice("", "", "");
    nowhere[4] = ("sdgs", "16");
    nowhere.push(("csrf", &csrf));
    let refused = post_admin(&http, &node, &session, &format!("/admin/practices/{key}"), &nowhere).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("html").contains(r#"id="country_error""#));
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn an_editor_places_a_practice_in_a_un_region_with_mdgs_and_moves_it_to_a_country_on_sqlite() {
    an_editor_places_a_practice_in_a_un_region_with_mdgs_and_moves_it_to_a_country(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_editor_places_a_practice_in_a_un_region_with_mdgs_and_moves_it_to_a_country_on_postgres() {
    an_editor_places_a_practice_in_a_un_region_with_mdgs_and_moves_it_to_a_country(Backend::Postgres).await;
}
