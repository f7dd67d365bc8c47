//! `GET /healthz` and `GET /metrics` (Prometheus text format).

use std::fmt::Write;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
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
    let mut out = String::new();
    let mut gauge = |name: &str, help: &str, samples: &[(&str, i64)]| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for (labels, v) in samples {
            let _ = writeln!(out, "{name}{labels} {v}");
        }
    };
    gauge("ecities_up", "1 when the node and its database answer.", &[("", 1)]);
    gauge(
        "ecities_local_actors",
        "Local actors hosted by this node.",
        &[("", c.local_actors)],
    );
    gauge(
        "ecities_practices",
        "Practices known to this node (not deleted), by origin.",
        &[
            ("{origin=\"local\"}", c.local_practices),
            ("{origin=\"remote\"}", c.remote_practices),
        ],
    );
    gauge(
        "ecities_delivery_queue_depth",
        "Deliveries queued or waiting for a retry.",
        &[("", c.deliveries_pending)],
    );
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        out,
    ))
}
