//! `GET /api/v1/deliveries` (the outgoing queue of the token's actor) and
//! `POST /api/v1/deliveries/replay` (queue failed deliveries again).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::store::{DeliveryState, Page};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Author, Member};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/deliveries", get(list)).route("/api/v1/deliveries/replay", post(replay))
}

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    limit: Option<u32>,
    before: Option<i64>,
}

async fn list(State(state): State<AppState>, Author(me): Author, Query(q): Query<ListQuery>) -> ApiResult<Response> {
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(DeliveryState::parse(s).ok_or_else(|| {
            ApiError::bad_request("invalid_parameter", "state: expected queued, delivered, retrying or failed")
        })?),
        None => None,
    };
    let page = Page { limit: q.limit.unwrap_or(50).clamp(1, ecities_core::store::MAX_PAGE_SIZE), before: q.before };
    let rows = state.store.deliveries(Some(me.id), filter, page).await?;
    let items: Vec<_> = rows
        .iter()
        .map(|d| {
            json!({
                "id": d.id.0,
                "activity": d.activity_ap_id,
                "type": d.activity_kind,
                "inbox": d.inbox,
                "state": d.state.as_str(),
                "attempts": d.attempts,
                "next_attempt_at": d.next_attempt_at.map(|t| t.to_rfc3339()),
                "last_status": d.last_status,
                "last_error": d.last_error,
                "created": d.created_at.to_rfc3339(),
                "updated": d.updated_at.to_rfc3339(),
            })
        })
        .collect();
    Ok(axum::Json(json!({ "items": items })).into_response())
}

async fn replay(State(state): State<AppState>, m: Member) -> ApiResult<Response> {
    let n = ecities_core::usecases::deliveries::replay_failed(state.store.as_ref(), &m.who, &m.actor).await?;
    Ok(axum::Json(json!({ "requeued": n })).into_response())
}
