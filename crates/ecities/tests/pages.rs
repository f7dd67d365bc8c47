//! The public pages as a reader sees them: the interface in the reader's
//! language (Accept-Language, the switcher and its cookie, Arabic right to
//! left), dates as people read them, the node's name in every header.

use crate::support;

use support::{Api, Backend, NodeEnv};

/// GET a page with optional `Accept-Language` and `Cookie` headers.
async fn page(url: &str, accept_language: Option<&str>, cookie: Option<&str>) -> (reqwest::header::HeaderMap, String) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(l) = accept_language {
        req = req.header("Accept-Language", l);
    }
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    let resp = req.send().await.expect("GET");
    assert_eq!(resp.status(), 200, "{url}");
    let headers = resp.headers().clone();
    // The templates escape `/` and `&` in attributes; compare what a browser reads.
    (headers, resp.text().await.expect("html").replace("&#x2f;", "/").replace("&amp;", "&"))
}

/// The text of the first `<time datetime=…>` element: (attribute, text).
fn first_time(html: &str) -> (String, String) {
    let start = html.find("<time datetime=\"").expect("a <time> element") + "<time datetime=\"".len();
    let rest = &html[start..];
    let attr = rest.split('"').next().expect("attribute").to_owned();
    let text = rest.split('>').nth(1).and_then(|t| t.split('<').next()).expect("text").to_owned();
    (attr, text)
}

async fn a_city_with_one_practice(backend: Backend) -> Option<(NodeEnv, support::Node, Api)> {
    let env = NodeEnv::new(backend).await?;
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let (status, body) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/practices",
            serde_json::json!({
                "title": "Seoul bus reform", "summary": "Faster buses", "content": "Bus lanes.",
                "language": "en", "kind": "best_practice", "sdgs": [11], "country": "KR",
                "translations": {"fr": {"title": "Réforme des bus de Séoul", "summary": "Des bus plus rapides", "content": "Des voies réservées."}},
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    Some((env, node, api))
}

#[tokio::test]
async fn readers_get_the_interface_in_their_language_and_can_switch_it() {
    let Some((env, node, api)) = a_city_with_one_practice(Backend::Sqlite).await else { return };
    let home = node.url("/");

    let (_, arabic) = page(&home, Some("ar-EG,ar;q=0.9,en;q=0.5"), None).await;
    assert!(arabic.contains(r#"<html lang="ar" dir="rtl">"#), "Arabic is laid out right to left: {arabic}");
    assert!(arabic.contains("البحث في جميع الممارسات"), "the interface speaks Arabic");

    let (_, english) = page(&home, None, None).await;
    assert!(english.contains(r#"<html lang="en" dir="ltr">"#) && english.contains("Search all practices"));
    for (lang, name) in [("ar", "العربية"), ("zh", "中文"), ("fr", "Français"), ("ru", "Русский"), ("es", "Español")]
    {
        assert!(
            english.contains(&format!(r#"<a href="/?lang={lang}" hreflang="{lang}" lang="{lang}">{name}</a>"#)),
            "the switcher offers {name}: {english}"
        );
    }

    // The switcher wins over the browser, and is remembered in a cookie.
    let (headers, french) = page(&format!("{home}?lang=fr"), Some("ko"), None).await;
    assert!(french.contains(r#"<html lang="fr" dir="ltr">"#) && french.contains("Rechercher toutes les pratiques"));
    let cookie = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ecities_lang=fr"))
        .expect("the choice is remembered")
        .split(';')
        .next()
        .expect("name=value")
        .to_owned();
    let (_, later) = page(&node.url("/search?q=bus"), Some("ko"), Some(&cookie)).await;
    assert!(later.contains("Rechercher des pratiques") && later.contains("1 résultat"), "{later}");
    assert!(later.contains(r#"href="/search?q=bus&lang=zh""#), "switching keeps the search: {later}");

    // A practice: a translation in the chosen language is preferred, and its
    // date reads as people write dates, with the ISO date kept for machines.
    let (_, found) = api.get("/api/v1/practices?q=bus").await;
    let url = found["items"][0]["url"].as_str().expect("url").to_owned();
    let (_, practice) = page(&url, None, Some(&cookie)).await;
    assert!(practice.contains("<h1>Réforme des bus de Séoul</h1>"), "{practice}");
    assert!(practice.contains("Bonne pratique"), "the kind is in French");
    let (_, practice) = page(&url, None, None).await;
    let (iso, shown) = first_time(&practice);
    let at = chrono::DateTime::parse_from_rfc3339(&iso).expect("the datetime attribute is RFC 3339");
    assert_eq!(shown, at.format("%-d %B %Y").to_string(), "dates read as people write them");
    let (_, chinese) = page(&url, Some("zh-CN"), None).await;
    assert_eq!(first_time(&chinese).1, at.format("%Y年%-m月%-d日").to_string());

    drop(node);
    env.cleanup().await;
}

/// The `<title>` of a page.
fn title(html: &str) -> &str {
    html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).expect("a title")
}

async fn the_operator_names_and_describes_the_node(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[node]\nname = \"Configured name\"\n");
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "kaa", "--display-name", "Korean Association"]);
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let editor = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let operator = env.run_ok(&["token", "create", "--operator"]);
    let node = env.start();

    let (_, home) = page(&node.url("/"), None, None).await;
    assert_eq!(title(&home), "Configured name", "the configured name stands in for the host");
    assert!(home.contains(r#"<a href="/actors/kaa#members">Members</a>"#), "the registry is linked: {home}");
    assert!(home.contains(r#"<a href="/about">About</a>"#) && !home.contains("Curated"), "only pages that exist");

    let change = serde_json::json!({
        "name": "Ville de Lyon",
        "description": "Les pratiques de Lyon.\n\nUn second paragraphe.",
        "logo_url": "https://lyon.example/logo.svg",
    });
    let (status, body) = Api::new(&node, &editor).send(reqwest::Method::PATCH, "/api/v1/node", change.clone()).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("forbidden")), "an editor may not rename the node");
    let anonymous = reqwest::Client::new().patch(node.url("/api/v1/node")).json(&change).send().await.expect("PATCH");
    assert_eq!(anonymous.status(), 401);
    let ops = Api::new(&node, &operator);
    let (status, body) =
        ops.send(reqwest::Method::PATCH, "/api/v1/node", serde_json::json!({"logo_url": "javascript:alert(1)"})).await;
    assert_eq!((status, body["error"].as_str()), (422, Some("invalid_input")), "{body}");
    let (status, body) = ops.send(reqwest::Method::PATCH, "/api/v1/node", change).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "Ville de Lyon");

    let (status, shown) = Api::new(&node, "").get("/api/v1/node").await;
    assert_eq!((status, shown["logo_url"].as_str()), (200, Some("https://lyon.example/logo.svg")), "{shown}");
    let (_, home) = page(&node.url("/"), None, None).await;
    assert_eq!(title(&home), "Ville de Lyon");
    assert!(
        home.contains(r#"<img src="https://lyon.example/logo.svg" alt="" height="32">Ville de Lyon</a>"#),
        "{home}"
    );
    let (_, search) = page(&node.url("/search"), Some("fr"), None).await;
    assert_eq!(title(&search), "Rechercher des pratiques — Ville de Lyon");
    let (_, about) = page(&node.url("/about"), None, None).await;
    assert!(
        about.contains("<p>Les pratiques de Lyon.</p>") && about.contains("<p>Un second paragraphe.</p>"),
        "{about}"
    );

    // null clears a field; the configured name comes back.
    let (status, _) = ops.send(reqwest::Method::PATCH, "/api/v1/node", serde_json::json!({"name": null})).await;
    assert_eq!(status, 200);
    let (_, home) = page(&node.url("/"), None, None).await;
    assert_eq!(title(&home), "Configured name");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn the_operator_names_and_describes_the_node_on_sqlite() {
    the_operator_names_and_describes_the_node(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_operator_names_and_describes_the_node_on_postgres() {
    the_operator_names_and_describes_the_node(Backend::Postgres).await;
}

/// The value of a `Set-Cookie` named `name`.
fn set_cookie(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_owned()))
}

fn hidden_csrf(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a csrf field") + r#"name="csrf" value=""#.len();
    html[start..].split('"').next().expect("value").to_owned()
}

#[tokio::test]
async fn the_operator_names_the_node_in_the_admin() {
    use std::io::Write;
    let Some(env) = NodeEnv::new(Backend::Sqlite).await else { return };
    let mut child = env
        .command(&["user", "create", "--operator", "--login", "ops"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"a long enough password\n").expect("write");
    assert!(child.wait().expect("wait").success());
    let node = env.start();
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");

    let login = http.get(node.url("/admin/login")).send().await.expect("GET");
    let login_cookie = format!("ecities_login_csrf={}", set_cookie(&login, "ecities_login_csrf").expect("cookie"));
    let form_csrf = hidden_csrf(&login.text().await.expect("html"));
    let form = [("login", "ops"), ("password", "a long enough password"), ("csrf", form_csrf.as_str())];
    let signed_in =
        http.post(node.url("/admin/login")).header("Cookie", &login_cookie).form(&form).send().await.expect("POST");
    assert_eq!(signed_in.status(), 303);
    let session = format!("ecities_session={}", set_cookie(&signed_in, "ecities_session").expect("session"));
    let admin = http.get(node.url("/admin/settings")).header("Cookie", &session).send().await.expect("GET");
    let admin = admin.text().await.expect("html");
    assert!(admin.contains(r#"<h2 id="node">"#), "the operator's page has the node form: {admin}");
    let csrf = hidden_csrf(&admin);

    let form = [
        ("csrf", csrf.as_str()),
        ("name", "Busan Metropolitan City"),
        ("description", "Practices from Busan."),
        ("logo_url", ""),
    ];
    let saved = http.post(node.url("/admin/node")).header("Cookie", &session).form(&form).send().await.expect("POST");
    assert_eq!(saved.status(), 303);
    let (_, home) = page(&node.url("/"), None, None).await;
    assert_eq!(title(&home), "Busan Metropolitan City");
    let (_, about) = page(&node.url("/about"), Some("ko"), None).await;
    assert!(about.contains("이 노드 소개") && about.contains("<p>Practices from Busan.</p>"), "{about}");
    let admin = http.get(node.url("/admin/settings")).header("Cookie", &session).send().await.expect("GET");
    assert!(admin.text().await.expect("html").contains(r#"value="Busan Metropolitan City""#), "the form shows it");
    drop(node);
    env.cleanup().await;
}
