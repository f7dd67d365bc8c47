//! Trace export over OTLP/HTTP (`[observability] otlp_endpoint`): a real
//! collector endpoint on loopback receives the node's protobuf exports,
//! decoded with the OpenTelemetry protocol's own message types.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use reqwest::Method;
use serde_json::{Value, json};
use support::{Api, Backend, NodeEnv, eventually, free_port};

/// What the collector received: each export's service name and spans.
type Received = Arc<Mutex<Vec<(String, Span)>>>;

/// An OTLP/HTTP collector on loopback: `POST /v1/traces` with a protobuf
/// `ExportTraceServiceRequest`, answered with an empty (protobuf) response.
/// The same server has a follower's inbox, `/users/reader/inbox`, which
/// takes every delivery with 202.
async fn collector() -> (String, Received) {
    async fn traces(State(received): State<Received>, headers: HeaderMap, body: Bytes) -> StatusCode {
        if headers.get("content-type").and_then(|v| v.to_str().ok()) != Some("application/x-protobuf") {
            return StatusCode::UNSUPPORTED_MEDIA_TYPE;
        }
        let Ok(request) = ExportTraceServiceRequest::decode(body) else { return StatusCode::BAD_REQUEST };
        let mut received = received.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for resource_spans in request.resource_spans {
            let service = resource_spans
                .resource
                .iter()
                .flat_map(|r| &r.attributes)
                .find(|a| a.key == "service.name")
                .and_then(text)
                .unwrap_or_default();
            for scope in resource_spans.scope_spans {
                received.extend(scope.spans.into_iter().map(|s| (service.clone(), s)));
            }
        }
        StatusCode::OK
    }
    let received = Received::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let app = Router::new()
        .route("/v1/traces", post(traces))
        .route("/users/reader/inbox", post(|| async { StatusCode::ACCEPTED }))
        .with_state(received.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://localhost:{port}"), received)
}

fn text(attribute: &KeyValue) -> Option<String> {
    match attribute.value.as_ref()?.value.as_ref()? {
        any_value::Value::StringValue(s) => Some(s.clone()),
        _ => None,
    }
}

fn attribute<'a>(span: &'a Span, key: &str) -> Option<&'a any_value::Value> {
    span.attributes
        .iter()
        .find(|a| a.key == key)
        .and_then(|a| a.value.as_ref())
        .and_then(|v: &AnyValue| v.value.as_ref())
}

fn practice() -> Value {
    json!({
        "title": "Night buses on demand",
        "summary": "Buses that come when called, after midnight, on every trunk line.",
        "content": "Riders book a stop from their phone; the bus routes itself.",
        "language": "en",
        "kind": "best_practice",
        "sdgs": [11],
        "country": "KR",
    })
}

/// The node, with one follower at the collector's inbox, configured to
/// send its traces to `endpoint`, with the batch
/// sent every 100 ms (`OTEL_BSP_SCHEDULE_DELAY`) instead of every 5 s.
async fn node_exporting_to(backend: Backend, endpoint: &str) -> Option<(NodeEnv, support::Node, Api)> {
    let env = NodeEnv::new(backend).await?.with_config(&format!(
        "[observability]\notlp_endpoint = \"{endpoint}\"\nservice_name = \"seoul-node\"\nsampling_ratio = 1.0\n"
    ));
    env.run_ok(&["actor", "create", "--kind", "city", "--name", "seoul", "--display-name", "Seoul", "--country", "KR"]);
    let token = env.run_ok(&["token", "create", "--actor", "seoul"]);
    let reader = format!("{endpoint}/users/reader");
    support::add_followers(&env, "seoul", &[support::remote_actor(&reader, &format!("{reader}/inbox"), None)]).await;
    let node = env.start_with_env(&[("OTEL_BSP_SCHEDULE_DELAY", "100")]);
    let api = Api::new(&node, &token);
    Some((env, node, api))
}

async fn publishing_a_practice_sends_one_trace_from_request_through_use_case_to_store(backend: Backend) {
    let (endpoint, received) = collector().await;
    let Some((env, node, api)) = node_exporting_to(backend, &endpoint).await else { return };

    let (status, body) = api.send(Method::POST, "/api/v1/practices", practice()).await;
    assert_eq!(status, 201, "{body}");

    let wanted = ["POST /api/v1/practices", "usecase.publish", "store.insert_practice", "delivery"];
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let spans = loop {
        let spans = received.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        if wanted.iter().all(|w| spans.iter().any(|(_, s)| s.name == *w)) {
            break spans;
        }
        let names: Vec<&str> = spans.iter().map(|(_, s)| s.name.as_str()).collect();
        assert!(
            std::time::Instant::now() < deadline,
            "the collector has not received {wanted:?}, only {names:?}; log:\n{}",
            node.log_text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    let (service, request) = spans.iter().find(|(_, s)| s.name == "POST /api/v1/practices").expect("request span");
    assert_eq!(service, "seoul-node", "the service name comes from [observability]");
    assert_eq!(
        attribute(request, "route"),
        Some(&any_value::Value::StringValue("/api/v1/practices".into())),
        "the request span names the route template: {request:?}"
    );
    assert_eq!(attribute(request, "method"), Some(&any_value::Value::StringValue("POST".into())), "{request:?}");
    assert_eq!(attribute(request, "status"), Some(&any_value::Value::IntValue(201)), "{request:?}");
    assert_eq!(request.kind, 2, "a server span: {request:?}");
    assert!(request.parent_span_id.is_empty(), "the request span is the trace's root: {request:?}");

    // The use case and the store write hang under the request, in its trace.
    let trace: Vec<&Span> = spans.iter().map(|(_, s)| s).filter(|s| s.trace_id == request.trace_id).collect();
    let parent_of = |span: &Span| trace.iter().copied().find(|p| p.span_id == span.parent_span_id);
    let usecase = trace.iter().copied().find(|s| s.name == "usecase.publish").expect("the use case span, same trace");
    assert_eq!(usecase.parent_span_id, request.span_id, "the use case runs inside the request");
    let store = trace.iter().copied().find(|s| s.name == "store.insert_practice").expect("the store span, same trace");
    let mut ancestor = parent_of(store).expect("the store span's parent is in the trace");
    while ancestor.span_id != usecase.span_id {
        ancestor =
            parent_of(ancestor).unwrap_or_else(|| panic!("the store span is not under the use case: {trace:#?}"));
    }
    assert!(
        spans.iter().all(|(_, s)| s.name != "GET /healthz" || s.trace_id != request.trace_id),
        "another request is another trace"
    );

    // The delivery to the follower, made later by a worker, continues the
    // trace: its parent is the span that queued the activity.
    let delivery = trace.iter().copied().find(|s| s.name == "delivery").unwrap_or_else(|| {
        panic!(
            "the delivery is not in the publication's trace: {:#?}",
            spans.iter().filter(|(_, s)| s.name == "delivery").collect::<Vec<_>>()
        )
    });
    assert!(parent_of(delivery).is_some(), "the delivery's parent is in the trace: {delivery:?}");
    assert_eq!(delivery.kind, 3, "a client span: {delivery:?}");

    assert!(!node.log_text().contains("OpenTelemetry"), "no export error in the log:\n{}", node.log_text());
    drop(node);
    env.cleanup().await;
}

#[tokio::test]
async fn publishing_a_practice_sends_one_trace_from_request_through_use_case_to_store_on_sqlite() {
    publishing_a_practice_sends_one_trace_from_request_through_use_case_to_store(Backend::Sqlite).await;
}

#[tokio::test]
async fn publishing_a_practice_sends_one_trace_from_request_through_use_case_to_store_on_postgres() {
    publishing_a_practice_sends_one_trace_from_request_through_use_case_to_store(Backend::Postgres).await;
}

/// Nothing listens at the endpoint: the node serves as usual, and the lost
/// spans are counted in `/metrics`.
#[tokio::test]
async fn with_the_collector_down_the_node_still_serves_and_counts_the_lost_spans() {
    let endpoint = format!("http://localhost:{}", free_port());
    let Some((env, node, api)) = node_exporting_to(Backend::Sqlite, &endpoint).await else { return };
    for i in 0..5 {
        let mut body = practice();
        body["title"] = json!(format!("Night buses, line {i}"));
        let (status, body) = api.send(Method::POST, "/api/v1/practices", body).await;
        assert_eq!(status, 201, "{body}");
        let (status, _) = api.get("/api/v1/practices?q=buses").await;
        assert_eq!(status, 200);
    }
    let http = reqwest::Client::new();
    let text = eventually("failed exports counted", Duration::from_secs(30), &[&node], || {
        let http = http.clone();
        let url = node.url("/metrics");
        async move {
            let text = http.get(url).send().await.ok()?.text().await.ok()?;
            text.lines()
                .any(|l| l.starts_with("ecities_otlp_spans_total{outcome=\"failed\"}") && !l.ends_with(" 0"))
                .then_some(text)
        }
    })
    .await;
    assert!(!text.contains("ecities_otlp_spans_total{outcome=\"exported\"}"), "{text}");
    let (status, _) = api.get("/api/v1/practices?q=buses").await;
    assert_eq!(status, 200, "still serving after the failed exports");
    assert!(support::healthz_ok(node.port()));
    let status = node.stop();
    assert!(status.success(), "a clean stop with the collector down: {status}");
    env.cleanup().await;
}
