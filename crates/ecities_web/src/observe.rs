//! Metrics and request tracing.
//!
//! Counters and histograms go through the `metrics` facade to the
//! process-wide Prometheus recorder that `ecities serve` installs once
//! ([`install_recorder`]); `GET /metrics` renders it beside the gauges read
//! from the store at scrape time. Without an installed recorder (tests that
//! build the router in-process) the facade records nothing and `/metrics`
//! still answers with the store gauges.
//!
//! Labels are bounded: a route is axum's matched path template (never the
//! raw path), an outcome or an answer class is one of a fixed list.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use ecities_core::observe::{DELIVERIES, DELIVERY_DURATION, INBOX_ACTIVITIES, OTLP_SPANS};
use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

/// Requests answered, by method, route template and status code.
pub const HTTP_REQUESTS: &str = "ecities_http_requests_total";
/// Time to answer a request (until the response head), by method and route.
pub const HTTP_DURATION: &str = "ecities_http_request_duration_seconds";
/// Store searches (full-text and facets) by the surface that asked.
pub const SEARCH_DURATION: &str = "ecities_search_duration_seconds";
/// The last `/readyz` answer: 1 ready, 0 not.
pub const READY: &str = "ecities_ready";
/// `/readyz` checks that failed, by check.
pub const READINESS_FAILURES: &str = "ecities_readiness_failures_total";

/// Request latencies: a page or an API call takes milliseconds, an inbox
/// POST with a key fetch up to the 10 s fetch timeout.
const HTTP_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
/// Searches answer from the in-memory facet index and a full-text lookup:
/// fine buckets under 100 ms.
const SEARCH_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];
/// One delivery: a remote server answers within the 10 s client timeout.
const DELIVERY_BUCKETS: &[f64] = &[0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide Prometheus recorder (once; a second call
/// returns the handle of the first) and describes every series.
pub fn install_recorder() -> Result<PrometheusHandle, BuildError> {
    if let Some(handle) = RECORDER.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets(HTTP_BUCKETS)?
        .set_buckets_for_metric(Matcher::Full(SEARCH_DURATION.into()), SEARCH_BUCKETS)?
        .set_buckets_for_metric(Matcher::Full(DELIVERY_DURATION.into()), DELIVERY_BUCKETS)?
        .install_recorder()?;
    describe();
    Ok(RECORDER.get_or_init(|| handle).clone())
}

/// The installed recorder's text, if one is installed.
pub(crate) fn render_recorded() -> Option<String> {
    RECORDER.get().map(PrometheusHandle::render)
}

/// Drains buffered histogram samples now and then, so they do not pile up
/// between scrapes (or when nobody scrapes). Runs until the process ends.
pub async fn run_upkeep() {
    let Some(handle) = RECORDER.get().cloned() else { return };
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        handle.run_upkeep();
    }
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(HTTP_REQUESTS, "HTTP requests answered, by method, route template and status code.");
    describe_histogram!(HTTP_DURATION, Unit::Seconds, "Time to answer an HTTP request, by method and route template.");
    describe_gauge!(READY, "1 when the last GET /readyz found the node ready, 0 when not (set on each /readyz).");
    describe_counter!(
        READINESS_FAILURES,
        "GET /readyz checks that failed, by check (database_readable, database_writable, delivery_queue_draining, disk_space)."
    );
    describe_counter!(
        INBOX_ACTIVITIES,
        "Inbox POSTs by outcome: processed, duplicate, ignored, or the refusal code (signature_invalid, bad_activity, forbidden, rate_limited, payload_too_large, in_progress, internal_error)."
    );
    describe_histogram!(
        SEARCH_DURATION,
        Unit::Seconds,
        "Store searches (full text, filters, facets) by surface: api, html, page."
    );
    describe_counter!(
        DELIVERIES,
        "Delivery attempts by outcome (delivered, retry, deferred, failed) and answer class (2xx, 3xx, 4xx, 5xx, network, refused)."
    );
    describe_histogram!(DELIVERY_DURATION, Unit::Seconds, "Time of one delivery's HTTP request, by answer class.");
    describe_counter!(
        ecities_core::observe::FEED_ENCLOSURES,
        "Feed enclosures by outcome: attached, or failed (not fetched, too large, a type not accepted; the item is imported all the same)."
    );
    describe_counter!(
        OTLP_SPANS,
        "Spans of the OTLP trace export by outcome: exported, failed (the collector did not take them), dropped (the export queue was full)."
    );
}

/// The route label of a request: its matched template, or `unmatched`.
fn route_of(req: &Request) -> String {
    req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned())
}

/// The method label: the standard methods, any other is `other` (a client
/// can send any token as a method).
fn method_of(req: &Request) -> &'static str {
    use axum::http::Method;
    match *req.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// One middleware for every request: a `http` span (method, route, status)
/// around the handler, the request counter and the latency histogram.
/// Neither the query string nor any header is recorded (tokens and
/// signatures stay out of logs). A request dropped before it was answered
/// (the client went away, or the request timeout answered 408 outside the
/// router) counts with `status="cancelled"`.
pub async fn track(req: Request, next: Next) -> Response {
    let method = method_of(&req);
    let route = route_of(&req);
    // `otel.*` only name the span for an OTLP collector ("POST /api/v1/practices",
    // a server span, an error when answered 5xx); logs show them too.
    let span = tracing::info_span!(
        "http",
        method = %method,
        route = %route,
        status = tracing::field::Empty,
        otel.name = %format_args!("{method} {route}"),
        otel.kind = "server",
        otel.status_code = tracing::field::Empty,
    );
    let mut request = Measured { method, route, started: Instant::now(), status: None, span: span.clone() };
    let response = next.run(req).instrument(span).await;
    request.status = Some(response.status().as_u16());
    response
}

/// Records a request when it ends, answered or dropped.
struct Measured {
    method: &'static str,
    route: String,
    started: Instant,
    status: Option<u16>,
    span: tracing::Span,
}

impl Drop for Measured {
    fn drop(&mut self) {
        let elapsed = self.started.elapsed();
        let status = self.status.map_or_else(|| "cancelled".to_owned(), |s| s.to_string());
        match self.status {
            Some(code) => self.span.record("status", i64::from(code)),
            None => self.span.record("status", "cancelled"),
        };
        if self.status.is_some_and(|code| code >= 500) {
            self.span.record("otel.status_code", "error");
        }
        self.span.in_scope(|| tracing::debug!(%status, elapsed_ms = elapsed.as_secs_f64() * 1000.0, "answered"));
        let route = std::mem::take(&mut self.route);
        metrics::counter!(HTTP_REQUESTS, "method" => self.method, "route" => route.clone(), "status" => status)
            .increment(1);
        metrics::histogram!(HTTP_DURATION, "method" => self.method, "route" => route).record(elapsed.as_secs_f64());
    }
}

/// Records a `/readyz` answer: its failed checks (`{"check", "message"}`).
pub(crate) fn readiness(problems: &[serde_json::Value]) {
    metrics::gauge!(READY).set(if problems.is_empty() { 1.0 } else { 0.0 });
    for p in problems {
        const CHECKS: [&str; 4] = ["database_readable", "database_writable", "delivery_queue_draining", "disk_space"];
        let check = CHECKS.into_iter().find(|c| p["check"].as_str() == Some(*c)).unwrap_or("other");
        metrics::counter!(READINESS_FAILURES, "check" => check).increment(1);
    }
}

/// Times a store search asked for by `surface` (`api`, `html`, `page`).
pub(crate) async fn timed_search<T>(surface: &'static str, search: impl Future<Output = T>) -> T {
    let started = Instant::now();
    let out = search.instrument(tracing::debug_span!("search", surface)).await;
    metrics::histogram!(SEARCH_DURATION, "surface" => surface).record(started.elapsed().as_secs_f64());
    out
}
