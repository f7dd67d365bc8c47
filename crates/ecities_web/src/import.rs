//! `POST /api/v1/feed-sources`, `GET /api/v1/feed-sources`,
//! `POST /api/v1/feed-sources/{id}/poll`, `DELETE /api/v1/feed-sources/{id}`:
//! a city's portal feeds.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use ecities_core::import::{FeedMapping, FeedSource, FeedSourceId};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Author};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/feed-sources", get(list).post(create))
        .route("/api/v1/feed-sources/{id}", delete(remove))
        .route("/api/v1/feed-sources/{id}/poll", post(poll_now))
}

fn source_value(s: &FeedSource) -> Value {
    json!({
        "id": s.id.0,
        "url": s.url,
        "state": s.state(),
        "mapping": s.mapping,
        "delete_missing": s.delete_missing,
        "polls": s.polls,
        "items_imported": s.items_imported,
        "last_polled": s.last_polled_at.map(|t| t.to_rfc3339()),
        "last_success": s.last_success_at.map(|t| t.to_rfc3339()),
        "last_error": s.last_error,
        "last_error_at": s.last_error_at.map(|t| t.to_rfc3339()),
        "created": s.created_at.to_rfc3339(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSource {
    url: String,
    #[serde(default)]
    mapping: FeedMapping,
    #[serde(default)]
    delete_missing: bool,
}

async fn create(
    State(state): State<AppState>,
    Author(me): Author,
    ApiJson(body): ApiJson<NewSource>,
) -> ApiResult<Response> {
    let source = ecities_core::usecases::import::add_source(
        state.store.as_ref(),
        &me,
        &body.url,
        &body.mapping,
        body.delete_missing,
        ecities_core::net::EgressRules::new(state.dev_mode),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(source_value(&source))).into_response())
}

async fn list(State(state): State<AppState>, Author(me): Author) -> ApiResult<Response> {
    let sources = state.store.feed_sources(Some(me.id)).await?;
    Ok(axum::Json(json!({ "items": sources.iter().map(source_value).collect::<Vec<_>>() })).into_response())
}

async fn own_source(state: &AppState, me: &ecities_core::actor::Actor, id: i64) -> ApiResult<FeedSource> {
    let source = state.store.feed_source(FeedSourceId(id)).await?;
    if source.actor != me.id {
        return Err(ApiError::not_found(format!("feed source {id}")));
    }
    Ok(source)
}

async fn poll_now(State(state): State<AppState>, Author(me): Author, Path(id): Path<i64>) -> ApiResult<Response> {
    let source = own_source(&state, &me, id).await?;
    let report = state.federation.poll_feed(&source, &me).await;
    let source = state.store.feed_source(source.id).await?;
    Ok(axum::Json(json!({ "report": report, "source": source_value(&source) })).into_response())
}

async fn remove(State(state): State<AppState>, Author(me): Author, Path(id): Path<i64>) -> ApiResult<Response> {
    let source = own_source(&state, &me, id).await?;
    state.store.delete_feed_source(source.id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
