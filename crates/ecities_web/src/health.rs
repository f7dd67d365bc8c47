//! `GET /healthz` (liveness), `GET /readyz` (readiness) and `GET /metrics`
//! (Prometheus text format).

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use ecities_core::time::Timestamp;
use metrics::{describe_gauge, gauge};
use metrics_exporter_prometheus::PrometheusBuilder;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}

/// A due delivery waiting longer than this means the queue is not draining
/// (no worker running, or the workers cannot record their outcomes).
pub const QUEUE_STALLED_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// Less free space than this on the SQLite database's file system.
pub const MIN_FREE_DISK_BYTES: u64 = 64 * 1024 * 1024;

/// 200 `{"status":"ready"}` when the node can take writes and deliver them;
/// 503 `{"status":"unready","problems":[{"check","message"}…]}` otherwise.
/// Every call makes a small real write, so a full disk, a database at its
/// size limit or a read-only database shows here, and so does its end.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let now = Timestamp::now();
    let mut problems = Vec::new();
    let mut problem = |check: &str, message: String| {
        problems.push(serde_json::json!({"check": check, "message": message}));
    };
    match state.store.readiness(now).await {
        Err(e) => problem("database_readable", format!("the database cannot be read: {e}")),
        Ok(r) => {
            if let Err(message) = r.writable {
                problem("database_writable", format!("the database does not take writes: {message}"));
            }
            let stalled_ms = i64::try_from(QUEUE_STALLED_AFTER.as_millis()).unwrap_or(i64::MAX);
            if let Some(due) = r.oldest_due_delivery.filter(|due| now.0 - due.0 > stalled_ms) {
                problem(
                    "delivery_queue_draining",
                    format!(
                        "the delivery queue is not draining: a delivery has been due for {} seconds",
                        (now.0 - due.0) / 1000
                    ),
                );
            }
            if let Some(free) = r.free_disk_bytes.filter(|free| *free < MIN_FREE_DISK_BYTES) {
                problem(
                    "disk_space",
                    format!(
                        "only {} MiB free beside the database (at least {} MiB wanted)",
                        free / (1024 * 1024),
                        MIN_FREE_DISK_BYTES / (1024 * 1024)
                    ),
                );
            }
        }
    }
    crate::observe::readiness(&problems);
    if problems.is_empty() {
        (StatusCode::OK, axum::Json(serde_json::json!({"status": "ready"})))
    } else {
        tracing::warn!(?problems, "not ready");
        (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "unready", "problems": problems})))
    }
}

/// 200 when the database answers, 503 otherwise (so a load balancer takes
/// the node out of rotation rather than sending it traffic it cannot serve).
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(serde_json::json!({"status": "ok"}))),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable", "error": "database_unavailable"})),
            )
        }
    }
}

/// The store's gauges, read at scrape time, then the installed recorder's
/// series (request counts and latencies, inbox and delivery outcomes,
/// search latency). The gauges go through a recorder of their own, built
/// for this scrape: a label set that no longer exists (a host that became
/// reachable again) disappears instead of keeping its last value.
async fn metrics(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let c = state.store.counts().await.map_err(ApiError::from)?;
    let d = state.store.delivery_stats(Timestamp::now()).await.map_err(ApiError::from)?;
    let scrape = PrometheusBuilder::new().build_recorder();
    metrics::with_local_recorder(&scrape, || {
        let set = |name: &'static str, help: &'static str, value: i64| {
            describe_gauge!(name, help);
            gauge!(name).set(value as f64);
        };
        set("ecities_up", "1 when the node and its database answer.", 1);
        set("ecities_local_actors", "Local actors hosted by this node.", c.local_actors);
        describe_gauge!("ecities_practices", "Practices known to this node (not deleted), by origin.");
        gauge!("ecities_practices", "origin" => "local").set(c.local_practices as f64);
        gauge!("ecities_practices", "origin" => "remote").set(c.remote_practices as f64);
        set("ecities_delivery_queue_depth", "Deliveries queued or waiting for a retry.", c.deliveries_pending);
        describe_gauge!(
            "ecities_deliveries",
            "Deliveries by state: delivered and failed are outcomes, queued and retrying are pending."
        );
        for (s, v) in [("queued", d.queued), ("retrying", d.retrying), ("delivered", d.delivered), ("failed", d.failed)]
        {
            gauge!("ecities_deliveries", "state" => s).set(v as f64);
        }
        set(
            "ecities_delivery_oldest_pending_seconds",
            "Age of the oldest delivery still queued or retrying (0 when none).",
            d.oldest_pending_ms.unwrap_or(0) / 1000,
        );
        set(
            "ecities_unreachable_hosts",
            "Remote servers marked unreachable (only probed now and then).",
            i64::try_from(d.unreachable_hosts.len()).unwrap_or(i64::MAX),
        );
        describe_gauge!("ecities_unreachable_host_failures", "Failed attempts of each unreachable remote server.");
        for h in &d.unreachable_hosts {
            gauge!("ecities_unreachable_host_failures", "host" => h.host.clone()).set(h.failures as f64);
        }
    });
    let mut out = scrape.handle().render();
    if let Some(recorded) = crate::observe::render_recorded() {
        out.push_str(&recorded);
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out))
}
