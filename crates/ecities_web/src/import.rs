//! `POST /api/v1/feed-sources`, `GET /api/v1/feed-sources`,
//! `POST /api/v1/feed-sources/{id}/poll`, `DELETE /api/v1/feed-sources/{id}`:
//! a city's portal feeds.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use ecities_core::import::{FeedMapping, FeedSource, FeedSourceId};
use ecities_core::usecases::import;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, Author, Caller, Member};

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
    Member { who, actor: me }: Member,
    ApiJson(body): ApiJson<NewSource>,
) -> ApiResult<Response> {
    let source = ecities_core::usecases::import::add_source(
        state.store.as_ref(),
        &who,
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

async fn poll_now(State(state): State<AppState>, Caller(who): Caller, Path(id): Path<i64>) -> ApiResult<Response> {
    let (source, author) = import::source_to_poll(state.store.as_ref(), &who, FeedSourceId(id)).await?;
    let report = state.federation.poll_feed(&source, &author).await;
    let source = state.store.feed_source(source.id).await?;
    Ok(axum::Json(json!({ "report": report, "source": source_value(&source) })).into_response())
}

async fn remove(State(state): State<AppState>, Caller(who): Caller, Path(id): Path<i64>) -> ApiResult<Response> {
    import::remove_source(state.store.as_ref(), &who, FeedSourceId(id)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
