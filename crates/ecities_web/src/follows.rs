//! `POST /api/v1/follows`, `GET /api/v1/follows`, `GET /api/v1/followers`,
//! `DELETE /api/v1/follows` (unfollow); follow requests of an actor that
//! approves its followers: `GET /api/v1/follow-requests`,
//! `POST /api/v1/follow-requests/{id}/accept|reject`.

use axum::Router;
use axum::extract::Path;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::actor::Actor;
use ecities_core::follow::{Follow, FollowId, FollowState};
use ecities_core::store::Page;
use ecities_core::usecases::follows;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Author, Member};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/follows", get(list_following).post(create_follow).delete(delete_follow))
        .route("/api/v1/followers", get(list_followers))
        .route("/api/v1/follow-requests", get(list_follow_requests))
        .route("/api/v1/follow-requests/{id}/accept", post(accept_follow_request))
        .route("/api/v1/follow-requests/{id}/reject", post(reject_follow_request))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowRequest {
    target: String,
    /// Subscribe to a Mastodon-style relay instead of following an actor.
    #[serde(default)]
    relay: bool,
}

fn follow_value(f: &Follow, other: &Actor) -> Value {
    json!({
        "actor": other.url,
        "handle": other.handle(),
        "kind": other.kind.as_str(),
        "name": other.display_name.as_deref().unwrap_or(&other.name),
        "state": f.state.as_str(),
        "relay": f.relay,
        "since": f.created_at.to_rfc3339(),
        "updated": f.updated_at.to_rfc3339(),
    })
}

async fn create_follow(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    ApiJson(req): ApiJson<FollowRequest>,
) -> ApiResult<Response> {
    if req.target.trim().is_empty() {
        return Err(ApiError::from(ecities_core::CoreError::invalid(
            "target",
            "name@host or an actor URL is required",
        )));
    }
    let target = state.federation.resolve_actor(&req.target);
    let (follow, target) = follows::follow(state.ports(), &who, &me, target, req.relay).await?;
    let status = if follow.state == FollowState::Accepted { StatusCode::OK } else { StatusCode::ACCEPTED };
    Ok((status, axum::Json(follow_value(&follow, &target))).into_response())
}

async fn delete_follow(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    ApiJson(req): ApiJson<FollowRequest>,
) -> ApiResult<Response> {
    let target = state.federation.resolve_actor(&req.target);
    let (undone, target) = follows::unfollow(state.ports(), &who, &me, target).await?;
    if undone {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("{} does not follow {}", me.handle(), target.handle())))
    }
}

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    limit: Option<u32>,
    before: Option<i64>,
}

impl ListQuery {
    fn parse(&self) -> ApiResult<(Option<FollowState>, Page)> {
        let st = match self.state.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(s.parse::<FollowState>().map_err(|_| {
                ApiError::bad_request("invalid_parameter", "state: expected pending, accepted or rejected")
            })?),
            None => None,
        };
        Ok((
            st,
            Page { limit: self.limit.unwrap_or(50).clamp(1, ecities_core::store::MAX_PAGE_SIZE), before: self.before },
        ))
    }
}

async fn list_following(
    State(state): State<AppState>,
    Author(me): Author,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let (st, page) = q.parse()?;
    let rows = state.store.following(me.id, st, page).await?;
    Ok(axum::Json(json!({ "items": rows.iter().map(|(f, a)| follow_value(f, a)).collect::<Vec<_>>() })).into_response())
}

async fn list_followers(
    State(state): State<AppState>,
    Author(me): Author,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let (st, page) = q.parse()?;
    let rows = state.store.followers(me.id, st, page).await?;
    Ok(axum::Json(json!({ "items": rows.iter().map(|(f, a)| follow_value(f, a)).collect::<Vec<_>>() })).into_response())
}

/// A follow request: the follow, with its `id` to accept or reject it by.
fn request_value(f: &Follow, follower: &Actor) -> Value {
    let mut v = follow_value(f, follower);
    v["id"] = json!(f.id.0);
    v
}

#[derive(Deserialize)]
struct PageQuery {
    limit: Option<u32>,
    before: Option<i64>,
}

/// The token's actor's follow requests, newest first; `before` (an `id`)
/// pages on.
async fn list_follow_requests(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Query(q): Query<PageQuery>,
) -> ApiResult<Response> {
    let page = Page { limit: q.limit.unwrap_or(50).clamp(1, ecities_core::store::MAX_PAGE_SIZE), before: q.before };
    let rows = follows::requests(state.ports(), &who, &me, page).await?;
    Ok(axum::Json(json!({ "items": rows.iter().map(|(f, a)| request_value(f, a)).collect::<Vec<_>>() }))
        .into_response())
}

async fn accept_follow_request(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let (follow, follower) = follows::accept_request(state.ports(), &who, &me, FollowId(id)).await?;
    Ok(axum::Json(request_value(&follow, &follower)).into_response())
}

async fn reject_follow_request(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let (follow, follower) = follows::reject_request(state.ports(), &who, &me, FollowId(id)).await?;
    Ok(axum::Json(request_value(&follow, &follower)).into_response())
}
