//! The admin interface over real HTTP: sign-in with an Argon2-hashed
//! password, CSRF on every form, writing a practice with a translation,
//! seeing it public in both languages and in the delivery view.

mod support;

use std::io::Write;
use std::process::Stdio;

use support::{Backend, NodeEnv};

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
    let mut child = env
        .command(&["user", "create", "--actor", "seoul", "--login", "editor"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("write");
    child.wait_with_output().expect("wait")
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
    assert_eq!(posted.status(), 200);
    let html = posted.text().await.expect("html");
    assert!(html.contains("Published: Seoul bus reform"), "{html}");
    assert!(html.contains(r#"<h2 id="deliveries">Deliveries</h2>"#));

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
    assert!(minted.contains("portal.example") && !minted.contains("spam.example"), "settings are listed");

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
    assert!(saved.text().await.expect("html").contains("Saved: Seoul bus reform (2026)"));
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
        korean.contains("<h1>서울 버스 개편</h1>") && korean.contains(r#"<article lang="ko">"#),
        "Accept-Language picks Korean"
    );
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
