//! The translation workflow's API: `POST /api/v1/practices/{id}/translation-requests`
//! (an association or knowledge space asks for a language) and
//! `GET /api/v1/translation-requests` (what the token's actor is asked
//! for, or with `?made=true` what it asked for).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::actor::Actor;
use ecities_core::practice::Practice;
use ecities_core::store::Page;
use ecities_core::translation::TranslationRequest;
use ecities_core::usecases::{practices, translations};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::{ApiJson, Caller, Member};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/practices/{id}/translation-requests", post(request_translation))
        .route("/api/v1/translation-requests", get(list_requests))
        .route("/api/v1/practices/{id}/translations/{lang}/machine-draft", post(machine_draft))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestBody {
    language: String,
}

#[derive(Deserialize)]
struct ListQuery {
    made: Option<bool>,
    limit: Option<u32>,
    before: Option<i64>,
}

pub(crate) fn request_value(r: &TranslationRequest, p: &Practice, requester: &Actor) -> Value {
    json!({
        "id": r.id.0,
        "practice": p.ap_id,
        "title": p.title,
        "language": r.language.to_string(),
        "requester": requester.url,
        "requester_handle": requester.handle(),
        "state": r.state.as_str(),
        "created": r.created_at.to_rfc3339(),
        "fulfilled": r.fulfilled_at.map(|t| t.to_rfc3339()),
    })
}

async fn request_translation(
    State(state): State<AppState>,
    Member { who, actor }: Member,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RequestBody>,
) -> ApiResult<Response> {
    let p = practices::find(state.ports(), &id).await?;
    let (request, new) = translations::request(state.ports(), &who, &actor, &p, &body.language).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, axum::Json(request_value(&request, &p, &actor))).into_response())
}

async fn list_requests(
    State(state): State<AppState>,
    Member { who, actor }: Member,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let page = Page { limit: q.limit.unwrap_or(50).clamp(1, ecities_core::store::MAX_PAGE_SIZE), before: q.before };
    let rows = translations::list(state.store.as_ref(), &who, &actor, q.made.unwrap_or(false), page).await?;
    let items: Vec<Value> = rows.iter().map(|(r, p, a)| request_value(r, p, a)).collect();
    Ok(axum::Json(json!({ "items": items })).into_response())
}

/// A machine-translated draft (nothing stored): the editor corrects it and
/// approves it by adding it as a translation (`PATCH` with `translations`).
async fn machine_draft(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path((id, lang)): Path<(String, String)>,
) -> ApiResult<Response> {
    let Some(machine) = state.machine.clone() else {
        return Err(ApiError::not_found("a machine translation service (set translation.machine_url)"));
    };
    let p = practices::find(state.ports(), &id).await?;
    let draft = translations::machine_draft(machine.as_ref(), &who, &p, &lang).await?;
    Ok(axum::Json(json!({
        "title": draft.title, "summary": draft.summary, "content": draft.content,
        "status": draft.status, "engine": draft.engine, "translator": draft.translator,
    }))
    .into_response())
}
