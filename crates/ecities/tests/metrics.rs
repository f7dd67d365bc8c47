//! `GET /metrics` as Prometheus scrapes it, after a few requests to a real
//! node, and the JSON log format.

use crate::support;

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use support::{Api, Backend, Node, NodeEnv, eventually};

/// One sample line: `name{k="v",…} value` or `name value`. Returns the
/// name and the labels; panics (with the line) if the line is not one.
fn sample(line: &str) -> (String, Vec<(String, String)>) {
    let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
    assert!(
        value.parse::<f64>().is_ok() || ["+Inf", "-Inf", "NaN"].contains(&value),
        "not a number: {value} in {line}"
    );
    let (name, labels) = match series.split_once('{') {
        Some((name, rest)) => (name, rest.strip_suffix('}').unwrap_or_else(|| panic!("unclosed labels: {line}"))),
        None => (series, ""),
    };
    assert!(
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            && !name.starts_with(|c: char| c.is_ascii_digit()),
        "bad metric name in {line}"
    );
    let mut out = Vec::new();
    let mut rest = labels;
    while !rest.is_empty() {
        let (key, after) = rest.split_once("=\"").unwrap_or_else(|| panic!("bad label in {line}"));
        assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "bad label name {key} in {line}");
        // The value ends at the first quote not escaped by a backslash.
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => {
                    let (_, c) = chars.next().unwrap_or_else(|| panic!("dangling escape in {line}"));
                    value.push(c);
                }
                Some((i, '"')) => break i,
                Some((_, c)) => value.push(c),
                None => panic!("unterminated label value in {line}"),
            }
        };
        out.push((key.to_owned(), value));
        rest = after[end + 1..].strip_prefix(',').unwrap_or(&after[end + 1..]);
    }
    (name.to_owned(), out)
}

/// Every sample of the text, checking the whole text parses.
fn parse(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| {
            if let Some(comment) = l.strip_prefix('#') {
                let kind = comment.split_whitespace().next().unwrap_or("");
                assert!(["HELP", "TYPE"].contains(&kind), "unknown comment: {l}");
                false
            } else {
                true
            }
        })
        .map(sample)
        .collect()
}

/// The series named in docs/OPERATIONS.md's table (`` `ecities_…` ``).
fn documented() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/OPERATIONS.md");
    let text = std::fs::read_to_string(path).expect("docs/OPERATIONS.md");
    text.lines()
        .filter_map(|l| l.strip_prefix("| `ecities_"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| format!("ecities_{name}")))
        .collect()
}

/// A sample's series: `x` for `x_bucket`, `x_sum`, `x_count` of a histogram.
fn series_of<'a>(name: &'a str, documented: &[String]) -> &'a str {
    for suffix in ["_bucket", "_sum", "_count"] {
        if let Some(base) = name.strip_suffix(suffix)
            && documented.iter().any(|d| d == base)
        {
            return base;
        }
    }
    name
}

fn assert_documented(samples: &[(String, Vec<(String, String)>)]) {
    let documented = documented();
    for (name, _) in samples {
        let series = series_of(name, &documented);
        assert!(documented.iter().any(|d| d == series), "{series} is not in docs/OPERATIONS.md's table");
    }
}

#[test]
fn the_dashboard_uses_documented_series_only() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/grafana/ecities-dashboard.json");
    let dashboard: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("dashboard")).expect("the dashboard is JSON");
    let documented = documented();
    assert!(documented.len() >= 15, "{documented:?}");
    let mut used = Vec::new();
    for panel in dashboard["panels"].as_array().expect("panels") {
        for target in panel["targets"].as_array().into_iter().flatten() {
            let expr = target["expr"].as_str().expect("expr");
            for (i, _) in expr.match_indices("ecities_") {
                let name: String = expr[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                used.push(series_of(&name, &documented).to_owned());
            }
        }
    }
    for series in &used {
        assert!(documented.contains(series), "the dashboard uses {series}, not in docs/OPERATIONS.md");
    }
    for needed in [
        "ecities_http_requests_total",
        "ecities_http_request_duration_seconds",
        "ecities_inbox_activities_total",
        "ecities_deliveries_total",
        "ecities_delivery_queue_depth",
        "ecities_delivery_oldest_pending_seconds",
        "ecities_search_duration_seconds",
        "ecities_ready",
    ] {
        assert!(used.iter().any(|u| u == needed), "the dashboard shows no {needed}");
    }
}

fn has(samples: &[(String, Vec<(String, String)>)], name: &str, labels: &[(&str, &str)]) -> bool {
    samples.iter().any(|(n, l)| n == name && labels.iter().all(|(k, v)| l.iter().any(|(lk, lv)| lk == k && lv == v)))
}

async fn metrics_name_routes_outcomes_and_keep_the_store_gauges(backend: Backend) {
    let Some(env) = NodeEnv::new(backend).await else { return };
    let env = env.with_config("[server]\nlog_format = \"json\"\n");
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let node = env.start();
    let http = reqwest::Client::new();

    assert_eq!(http.get(node.url("/")).send().await.expect("home").status(), 200);
    assert_eq!(http.get(node.url("/actors/seoul")).send().await.expect("actor").status(), 200);
    let api = http.get(node.url("/api/v1/practices?q=water&sdg=11")).send().await.expect("api search");
    assert_eq!(api.status(), 200);
    assert_eq!(http.get(node.url("/search?q=water")).send().await.expect("html search").status(), 200);
    let inbox = http
        .post(node.url("/inbox"))
        .header("content-type", "application/activity+json")
        .body(r#"{"type":"Follow","id":"https://x.example/1","actor":"https://x.example/a"}"#)
        .send()
        .await
        .expect("inbox");
    assert_eq!(inbox.status(), 401, "an unsigned inbox POST is refused");
    assert_eq!(http.get(node.url("/readyz")).send().await.expect("readyz").status(), 200);
    assert_eq!(http.get(node.url("/no/such/page/4242")).send().await.expect("404").status(), 404);

    let text = http.get(node.url("/metrics")).send().await.expect("metrics").text().await.expect("body");
    let samples = parse(&text);
    assert_documented(&samples);

    // The gauges read from the store, under their old names.
    for gauge in [
        "ecities_up",
        "ecities_local_actors",
        "ecities_practices",
        "ecities_delivery_queue_depth",
        "ecities_deliveries",
        "ecities_delivery_oldest_pending_seconds",
        "ecities_unreachable_hosts",
    ] {
        assert!(has(&samples, gauge, &[]), "{gauge} missing:\n{text}");
    }
    assert!(text.contains("ecities_local_actors 1"), "{text}");

    // Requests by route template (never the raw path).
    let requests = "ecities_http_requests_total";
    assert!(has(&samples, requests, &[("method", "GET"), ("route", "/"), ("status", "200")]), "{text}");
    assert!(has(&samples, requests, &[("route", "/actors/{name}"), ("status", "200")]), "{text}");
    assert!(has(&samples, requests, &[("route", "/api/v1/practices"), ("status", "200")]), "{text}");
    assert!(has(&samples, requests, &[("method", "POST"), ("route", "/inbox"), ("status", "401")]), "{text}");
    assert!(has(&samples, requests, &[("route", "unmatched"), ("status", "404")]), "{text}");
    assert!(!text.contains("/actors/seoul") && !text.contains("4242"), "raw paths are no labels:\n{text}");
    let latency = "ecities_http_request_duration_seconds_bucket";
    assert!(has(&samples, latency, &[("method", "GET"), ("route", "/api/v1/practices"), ("le", "0.1")]), "{text}");
    assert!(has(&samples, "ecities_http_request_duration_seconds_count", &[("route", "/search")]), "{text}");

    // Inbox outcome, search latency by surface.
    assert!(has(&samples, "ecities_inbox_activities_total", &[("outcome", "signature_invalid")]), "{text}");
    for surface in ["api", "html", "page"] {
        assert!(
            has(&samples, "ecities_search_duration_seconds_bucket", &[("surface", surface), ("le", "+Inf")]),
            "search latency of {surface}:\n{text}"
        );
    }
    assert!(text.contains("\necities_ready 1\n"), "{text}");
    assert!(text.contains("# TYPE ecities_http_requests_total counter"), "{text}");
    assert!(text.contains("# TYPE ecities_search_duration_seconds histogram"), "{text}");

    // JSON log lines, with the request's span.
    drop(node);
    let log = std::fs::read_to_string(
        std::fs::read_dir(env.dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("serve-")))
            .expect("log file"),
    )
    .expect("log");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    assert!(
        lines.iter().any(|l| l["spans"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["name"] == "http" && s["route"] == "/api/v1/practices"))),
        "a request's log line names its route span:\n{log}"
    );
    assert!(!log.to_lowercase().contains("bearer"), "no token in the log:\n{log}");
    env.cleanup().await;
}

#[tokio::test]
async fn metrics_name_routes_outcomes_and_keep_the_store_gauges_on_sqlite() {
    metrics_name_routes_outcomes_and_keep_the_store_gauges(Backend::Sqlite).await;
}

#[tokio::test]
async fn metrics_name_routes_outcomes_and_keep_the_store_gauges_on_postgres() {
    metrics_name_routes_outcomes_and_keep_the_store_gauges(Backend::Postgres).await;
}

async fn samples_of(node: &Node) -> (String, Vec<(String, Vec<(String, String)>)>) {
    let text = reqwest::get(node.url("/metrics")).await.expect("metrics").text().await.expect("body");
    let samples = parse(&text);
    assert_documented(&samples);
    (text, samples)
}

/// B follows A: B's delivery of the Follow and A's of the Accept are
/// counted by outcome and answer class, A's inbox counts a processed
/// activity.
async fn deliveries_and_processed_activities_are_counted(backend: Backend) {
    let (Some(a_env), Some(b_env)) = (NodeEnv::new(backend).await, NodeEnv::new(backend).await) else {
        return;
    };
    a_env.run_ok(&[
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
    ]);
    b_env.run_ok(&[
        "actor",
        "create",
        "--kind",
        "city",
        "--name",
        "busan",
        "--display-name",
        "Busan",
        "--country",
        "KR",
    ]);
    let b_token = b_env.run_ok(&["token", "create", "--actor", "busan"]);
    let (a, b) = (a_env.start(), b_env.start());
    let b_api = Api::new(&b, &b_token);
    let handle = format!("seoul@localhost:{}", a_env.port);
    let (status, body) = b_api.send(Method::POST, "/api/v1/follows", json!({ "target": handle })).await;
    assert_eq!(status, 202, "{body}");

    let wait = Duration::from_secs(30);
    let delivered = [("outcome", "delivered"), ("host_class", "2xx")];
    eventually("both deliveries are counted", wait, &[&a, &b], || async {
        let (_, a_samples) = samples_of(&a).await;
        let (_, b_samples) = samples_of(&b).await;
        (has(&a_samples, "ecities_deliveries_total", &delivered)
            && has(&b_samples, "ecities_deliveries_total", &delivered))
        .then_some(())
    })
    .await;
    let (text, b_samples) = samples_of(&b).await;
    assert!(
        has(&b_samples, "ecities_delivery_duration_seconds_bucket", &[("host_class", "2xx"), ("le", "+Inf")]),
        "{text}"
    );
    assert!(
        has(&b_samples, "ecities_http_requests_total", &[("method", "POST"), ("route", "/api/v1/follows")]),
        "{text}"
    );
    let (text, a_samples) = samples_of(&a).await;
    assert!(has(&a_samples, "ecities_inbox_activities_total", &[("outcome", "processed")]), "{text}");
    assert!(
        has(&a_samples, "ecities_http_requests_total", &[("route", "/actors/{name}/inbox"), ("status", "202")])
            || has(&a_samples, "ecities_http_requests_total", &[("route", "/inbox"), ("status", "202")]),
        "{text}"
    );
    drop((a, b));
    a_env.cleanup().await;
    b_env.cleanup().await;
}

#[tokio::test]
async fn deliveries_and_processed_activities_are_counted_on_sqlite() {
    deliveries_and_processed_activities_are_counted(Backend::Sqlite).await;
}

#[tokio::test]
async fn deliveries_and_processed_activities_are_counted_on_postgres() {
    deliveries_and_processed_activities_are_counted(Backend::Postgres).await;
}
