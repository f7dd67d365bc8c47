//! Every search is a feed, every actor has one, the search page and the
//! widget show the same items — and our Atom, RSS and JSON Feed parse with
//! a well-kept feed parser (feed-rs) and carry the right items.

use crate::support;

use reqwest::Method;
use serde_json::json;
use support::{Api, Backend, NodeEnv};

fn practice(title: &str, sdg: i64, country: &str) -> serde_json::Value {
    json!({ "title": title, "summary": format!("About {title}"), "content": "Text & <b>markup</b>",
            "language": "en", "kind": "case_study", "sdgs": [sdg], "country": country })
}

async fn get(url: &str) -> (u16, String, String) {
    let r = reqwest::get(url).await.expect("GET");
    let status = r.status().as_u16();
    let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, ct, r.text().await.expect("body"))
}

async fn feeds_pages_and_widget_carry_the_right_items(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
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
        "https://www.seoul.example/",
    ]);
    let bad = env.run(&["actor", "create", "--kind", "city", "--name", "busan", "--portal", "javascript:alert(1)"]);
    assert!(!bad.status.success());
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    for (title, sdg, country) in
        [("Smart bus stops", 11, "KR"), ("Clean water pilots", 6, "KR"), ("Bus data portal", 11, "KR")]
    {
        let (status, body) = api.send(Method::POST, "/api/v1/practices", practice(title, sdg, country)).await;
        assert_eq!(status, 201, "{body}");
    }

    for (ext, mime) in
        [("atom", "application/atom+xml"), ("rss", "application/rss+xml"), ("json", "application/feed+json")]
    {
        let (status, ct, body) = get(&node.url(&format!("/feeds/practices.{ext}?sdg=11&country=KR"))).await;
        assert_eq!(status, 200, "{body}");
        assert!(ct.starts_with(mime), "{ext}: {ct}");
        let feed = feed_rs::parser::parse(body.as_bytes())
            .unwrap_or_else(|e| panic!("{ext} feed does not parse: {e}\n{body}"));
        let titles: Vec<String> =
            feed.entries.iter().filter_map(|e| e.title.as_ref().map(|t| t.content.clone())).collect();
        assert_eq!(titles, ["Bus data portal", "Smart bus stops"], "{ext}");
        assert!(feed.entries.iter().all(|e| !e.links.is_empty()), "{ext}: every entry links its page");
    }

    let (status, _, body) = get(&node.url("/actors/seoul/feed.atom")).await;
    assert_eq!(status, 200);
    let feed = feed_rs::parser::parse(body.as_bytes()).expect("actor feed parses");
    assert_eq!(feed.entries.len(), 3);
    assert_eq!(get(&node.url("/actors/seoul/feed.xml")).await.0, 404);
    assert_eq!(get(&node.url("/feeds/practices.atom?sdg=99")).await.0, 400);

    // The search API counts each facet over the matching practices.
    let (_, found) = api.get("/api/v1/practices?country=KR&q=bus").await;
    assert_eq!(found["total"], 2);
    let facets = &found["facets"];
    assert_eq!(facets["sdg"], json!([{ "value": 11, "label": "Sustainable Cities and Communities", "count": 2 }]));
    assert_eq!(facets["region"][0]["value"], "142");
    assert_eq!(facets["region"][0]["count"], 2);
    assert_eq!(facets["kind"][0]["value"], "case_study");
    assert_eq!(facets["actor"][0]["count"], 2);
    let (_, asia) = api.get("/api/v1/practices?region=Asia").await;
    assert_eq!(asia["total"], 3);
    // Bad search parameters are 400s with the JSON error body, naming the
    // parameter, on every surface of the search language.
    for path in ["/api/v1/practices?sdg=6&sdg=66", "/search?limit=many", "/api/v1/analytics?country=Narnia"] {
        let (status, ct, body) = get(&node.url(path)).await;
        assert_eq!((status, ct.as_str()), (400, "application/json"), "{path}: {body}");
        let error: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(error["error"], "invalid_parameter", "{path}: {body}");
        let param = path.split(['?', '=']).nth(1).expect("param");
        assert!(error["message"].as_str().is_some_and(|m| m.starts_with(param)), "{path}: {body}");
    }

    let (status, _, page) = get(&node.url("/search?sdg=6")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Clean water pilots") && !page.contains("Smart bus stops"), "{page}");
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml""#), "the page links its feed");
    assert!(page.contains("Clean Water and Sanitation") && page.contains("(1)"), "facet counts are shown");
    assert!(!page.contains(r#"value="None""#), "empty fields stay empty");
    let (_, _, actor_page) = get(&node.url("/actors/seoul")).await;
    assert!(actor_page.contains(r#"type="application/atom+xml""#) && actor_page.contains("feed.atom"));
    assert!(
        actor_page.contains("Official portal") && actor_page.contains("www.seoul.example"),
        "the city's portal is linked"
    );

    let korean = reqwest::Client::new()
        .get(node.url("/"))
        .header("Accept-Language", "ko-KR,ko;q=0.9")
        .send()
        .await
        .expect("GET");
    let korean = korean.text().await.expect("html");
    assert!(
        korean.contains(r#"<html lang="ko" dir="ltr">"#) && korean.contains("UN-PAKS 소식"),
        "the interface speaks Korean: {korean}"
    );
    let (_, _, english) = get(&node.url("/")).await;
    assert!(english.contains(r#"<html lang="en" dir="ltr">"#) && english.contains("From UN-PAKS"));

    // Analytics: JSON, CSV and a page of SVG charts for the same filters.
    let (_, stats) = api.get("/api/v1/analytics?country=KR").await;
    assert_eq!(stats["total"], 3);
    assert_eq!(stats["sdg"].as_array().map(|a| a.len()), Some(2));
    assert_eq!(stats["month"][0]["count"], 3);
    let (status, ct, csv) = get(&node.url("/api/v1/analytics.csv?country=KR")).await;
    assert_eq!((status, ct.starts_with("text/csv")), (200, true));
    assert!(
        csv.starts_with("dimension,value,label,count\n") && csv.contains("sdg,11,Sustainable Cities and Communities,2"),
        "{csv}"
    );
    let (status, _, charts) = get(&node.url("/analytics?country=KR")).await;
    assert_eq!(status, 200);
    assert!(charts.matches("<svg").count() >= 4, "charts are drawn: {charts}");

    let (status, _, widget) = get(&node.url("/widget?country=KR&limit=2")).await;
    assert_eq!(status, 200);
    assert!(
        widget.contains("Bus data portal")
            && widget.contains("Clean water pilots")
            && !widget.contains("Smart bus stops"),
        "{widget}"
    );
    assert!(!widget.contains("<script"), "the widget needs no JavaScript");

    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn feeds_pages_and_widget_carry_the_right_items_on_sqlite() {
    feeds_pages_and_widget_carry_the_right_items(Backend::Sqlite).await;
}

#[tokio::test]
async fn feeds_pages_and_widget_carry_the_right_items_on_postgres() {
    feeds_pages_and_widget_carry_the_right_items(Backend::Postgres).await;
}

/// Every operation the OpenAPI document lists exists on a real node: it
/// answers with something other than 404 "no such endpoint" or 405.
#[tokio::test]
async fn the_openapi_document_lists_only_operations_the_node_serves() {
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");
    env.run_ok(&["actor", "create", "--kind", "association", "--name", "hub", "--country", "KR"]);
    let node = env.start();
    let doc: serde_json::Value =
        reqwest::get(node.url("/api/v1/openapi.json")).await.expect("GET").json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for required in [
        "/api/v1/practices",
        "/api/v1/follows",
        "/api/v1/followers",
        "/api/v1/deliveries",
        "/api/v1/feed-sources",
        "/api/v1/feed-sources/{id}/poll",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(required), "{required} missing");
    }
    let http = reqwest::Client::new();
    for (path, ops) in paths {
        let concrete = path.replace("{id}", "1").replace("{name}", "hub").replace("{domain}", "example.org");
        for method in ops.as_object().expect("ops").keys() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let r = http
                .request(m, node.url(&concrete))
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            assert_ne!(status, 405, "{method} {path}");
            assert!(!(status == 404 && body["message"] == "no such page or endpoint"), "{method} {path} is not routed");
        }
    }
}

/// What in `value` the JSON Schema `schema` (the subset the OpenAPI
/// document uses: `type`, `enum`, `required`, `properties`, `items`,
/// `oneOf`, `minimum`/`maximum`, local `$ref`) refuses, one line each.
fn schema_violations(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Vec<String> {
    use serde_json::Value;
    if let Some(reference) = schema["$ref"].as_str() {
        let target = doc.pointer(reference.trim_start_matches('#')).unwrap_or_else(|| panic!("{reference} resolves"));
        return schema_violations(doc, target, value, at);
    }
    if let Some(alternatives) = schema["oneOf"].as_array() {
        let fitting = alternatives.iter().filter(|a| schema_violations(doc, a, value, at).is_empty()).count();
        return if fitting == 1 { vec![] } else { vec![format!("{at}: {value} fits {fitting} of oneOf")] };
    }
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let allowed: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let fits = allowed.is_empty() || allowed.contains(&kind) || (kind == "integer" && allowed.contains(&"number"));
    if !fits {
        return vec![format!("{at}: {value} is {kind}, the schema wants {allowed:?}")];
    }
    let mut wrong = Vec::new();
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        wrong.push(format!("{at}: {value} is not one of {options:?}"));
    }
    if let (Some(n), Some(min)) = (value.as_f64(), schema["minimum"].as_f64())
        && n < min
    {
        wrong.push(format!("{at}: {n} < {min}"));
    }
    if let (Some(n), Some(max)) = (value.as_f64(), schema["maximum"].as_f64())
        && n > max
    {
        wrong.push(format!("{at}: {n} > {max}"));
    }
    if let Value::Object(fields) = value {
        for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                wrong.push(format!("{at}.{name} is required"));
            }
        }
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(v) = fields.get(name) {
                wrong.extend(schema_violations(doc, property, v, &format!("{at}.{name}")));
            }
        }
    }
    if let (Value::Array(items), Some(item)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            wrong.extend(schema_violations(doc, item, v, &format!("{at}[{i}]")));
        }
    }
    wrong
}

/// A practice placed in a UN region instead of a country, with MDGs and a
/// period, is what the OpenAPI document's `Practice` says a practice is —
/// as is one with a country — and the schema is strict enough to refuse a
/// practice that breaks it.
async fn practices_with_a_region_or_a_country_match_the_openapi_practice_schema(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    env.run_ok(&["actor", "create", "--kind", "knowledge-space", "--name", "unpaks"]);
    let token = env.run_ok(&["token", "create", "--actor", "unpaks"]);
    let node = env.start();
    let api = Api::new(&node, &token);
    let doc: serde_json::Value =
        reqwest::get(node.url("/api/v1/openapi.json")).await.expect("GET").json().await.expect("json");
    let schema = &doc["components"]["schemas"]["Practice"];
    for property in ["country", "region", "mdgs", "period_start", "period_end"] {
        assert!(schema["properties"].get(property).is_some(), "Practice lists {property}: {schema}");
    }

    let mut world = json!({ "title": "Digital government survey", "summary": "Every country compared.",
        "content": "Findings.", "language": "en", "kind": "publication", "sdgs": [16], "mdgs": [8],
        "region": "001", "period_start": "2014-01-01", "period_end": "2015-12-31" });
    let (status, created) = api.send(Method::POST, "/api/v1/practices", world.take()).await;
    assert_eq!(status, 201, "{created}");
    let (_, in_the_world) = api.get(&format!("/api/v1/practices/{}", created["key"].as_str().expect("key"))).await;
    assert_eq!((in_the_world["country"].clone(), in_the_world["region"]["code"].as_str()), (json!(null), Some("001")));
    let (status, created) = api.send(Method::POST, "/api/v1/practices", practice("Bus lanes", 11, "KR")).await;
    assert_eq!(status, 201, "{created}");
    let (_, in_korea) = api.get(&format!("/api/v1/practices/{}", created["key"].as_str().expect("key"))).await;
    let (_, listed) = api.get("/api/v1/practices?source=local").await;
    for (what, p) in [("a region", &in_the_world), ("a country", &in_korea), ("listed", &listed["items"][0])] {
        assert_eq!(schema_violations(&doc, schema, p, "practice"), Vec::<String>::new(), "{what}: {p}");
    }
    // Not a rubber stamp.
    let mut broken = in_the_world.clone();
    broken["country"] = json!(410);
    broken["mdgs"] = json!([9]);
    broken.as_object_mut().expect("object").remove("region");
    assert_eq!(schema_violations(&doc, schema, &broken, "practice").len(), 3, "{broken}");
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn practices_with_a_region_or_a_country_match_the_openapi_practice_schema_on_sqlite() {
    practices_with_a_region_or_a_country_match_the_openapi_practice_schema(Backend::Sqlite).await;
}

#[tokio::test]
async fn practices_with_a_region_or_a_country_match_the_openapi_practice_schema_on_postgres() {
    practices_with_a_region_or_a_country_match_the_openapi_practice_schema(Backend::Postgres).await;
}

#[tokio::test]
async fn a_read_token_may_look_but_not_publish() {
    let env = NodeEnv::new(Backend::Sqlite).await.expect("sqlite");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--country", "KR"]);
    let read = env.run_ok(&["token", "create", "--actor", "seoul", "--scope", "read", "--label", "portal"]);
    let bad = env.run(&["token", "create", "--actor", "seoul", "--scope", "admin"]);
    assert!(!bad.status.success());
    let node = env.start();
    let api = Api::new(&node, &read);
    assert_eq!(api.get("/api/v1/follows").await.0, 200);
    let (status, body) = api.send(Method::POST, "/api/v1/practices", practice("Not allowed", 11, "KR")).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("read_only_token")), "{body}");
}
