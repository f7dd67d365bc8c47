//! `GET /healthz` and `GET /metrics` (Prometheus text format).

use std::fmt::Write;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use ecities_core::time::Timestamp;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics))
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

async fn metrics(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let c = state.store.counts().await.map_err(ApiError::from)?;
    let d = state.store.delivery_stats(Timestamp::now()).await.map_err(ApiError::from)?;
    let mut out = String::new();
    let mut gauge = |name: &str, help: &str, samples: &[(String, i64)]| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for (labels, v) in samples {
            let _ = writeln!(out, "{name}{labels} {v}");
        }
    };
    let one = |v: i64| vec![(String::new(), v)];
    let label = |k: &str, v: &str| format!("{{{k}=\"{}\"}}", v.replace(['"', '\\', '\n'], "_"));
    gauge("ecities_up", "1 when the node and its database answer.", &one(1));
    gauge("ecities_local_actors", "Local actors hosted by this node.", &one(c.local_actors));
    gauge(
        "ecities_practices",
        "Practices known to this node (not deleted), by origin.",
        &[(label("origin", "local"), c.local_practices), (label("origin", "remote"), c.remote_practices)],
    );
    gauge("ecities_delivery_queue_depth", "Deliveries queued or waiting for a retry.", &one(c.deliveries_pending));
    gauge(
        "ecities_deliveries",
        "Deliveries by state: delivered and failed are outcomes, queued and retrying are pending.",
        &[
            (label("state", "queued"), d.queued),
            (label("state", "retrying"), d.retrying),
            (label("state", "delivered"), d.delivered),
            (label("state", "failed"), d.failed),
        ],
    );
    gauge(
        "ecities_delivery_oldest_pending_seconds",
        "Age of the oldest delivery still queued or retrying (0 when none).",
        &one(d.oldest_pending_ms.unwrap_or(0) / 1000),
    );
    gauge(
        "ecities_unreachable_hosts",
        "Remote servers marked unreachable (only probed now and then).",
        &one(i64::try_from(d.unreachable_hosts.len()).unwrap_or(i64::MAX)),
    );
    let per_host: Vec<(String, i64)> =
        d.unreachable_hosts.iter().map(|h| (label("host", &h.host), h.failures)).collect();
    gauge("ecities_unreachable_host_failures", "Failed attempts of each unreachable remote server.", &per_host);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out))
}
