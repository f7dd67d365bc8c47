//! The conversation API (issue 22): a practice's approved replies, the
//! moderation queue of the token's actor, approve and reject, and the
//! city's answers. Every decision is a use case in
//! `ecities_core::usecases::replies`, which checks the caller's role.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use ecities_core::actor::Actor;
use ecities_core::reply::{Reply, ReplyId, ReplyState};
use ecities_core::store::{MAX_PAGE_SIZE, Page};
use ecities_core::usecases::{practices, replies};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Caller, Member};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/practices/{id}/replies", get(list_practice_replies).post(answer))
        .route("/api/v1/replies", get(list_queue))
        .route("/api/v1/replies/{id}", delete(delete_answer))
        .route("/api/v1/replies/{id}/approve", post(approve))
        .route("/api/v1/replies/{id}/reject", post(reject))
}

/// A reply as the API shows it. A question from the practice page's form
/// has `via: "form"` (`node`: an answer written here; `fediverse`: from
/// another server) and the name its citizen gave (`citizen_name`, maybe
/// null); its `author` is the practice's author, in whose name it is kept.
pub(crate) fn reply_value(r: &Reply, author: &Actor) -> Value {
    json!({
        "via": if r.via_form.is_some() { "form" } else if r.local { "node" } else { "fediverse" },
        "citizen_name": r.via_form.as_ref().and_then(|c| c.name.as_deref()),
        "id": r.id.0,
        "ap_id": r.ap_id,
        "author": author.url,
        "author_handle": author.handle(),
        "author_name": author.display_name.as_deref().unwrap_or(&author.name),
        "in_reply_to": r.in_reply_to,
        "content": r.content_html.as_str(),
        "state": r.state.as_str(),
        "local": r.local,
        "published": r.published_at.to_rfc3339(),
        "received": r.received_at.to_rfc3339(),
        "decided": r.decided_at.map(|d| d.to_rfc3339()),
    })
}

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    limit: Option<u32>,
    before: Option<i64>,
}

impl ListQuery {
    fn page(&self) -> Page {
        Page { limit: self.limit.unwrap_or(50).clamp(1, MAX_PAGE_SIZE), before: self.before }
    }
}

/// Public: the approved conversation of any practice this node holds,
/// newest first; `before` (an `id`) pages on.
async fn list_practice_replies(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let p = practices::find(state.ports(), &id).await?;
    if p.is_deleted() {
        return Err(ApiError::new(StatusCode::GONE, "gone", "this practice was deleted"));
    }
    let rows = replies::approved(state.ports(), &p, q.page()).await?;
    let items: Vec<Value> = rows.iter().map(|(r, a)| reply_value(r, a)).collect();
    Ok(axum::Json(json!({ "practice": p.ap_id, "items": items })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerBody {
    content: String,
    /// The `id` (or `ap_id`) of the approved reply answered; without it the
    /// answer is about the practice itself.
    in_reply_to: Option<Value>,
}

/// The author's answer in a practice's conversation: `201` with the reply.
async fn answer(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Response> {
    let p = practices::find(state.ports(), &id).await?;
    let to = match &body.in_reply_to {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_i64().map(ReplyId),
        Some(Value::String(s)) => match s.parse::<i64>() {
            Ok(n) => Some(ReplyId(n)),
            Err(_) => {
                let url = url::Url::parse(s).map_err(|_| {
                    ApiError::from(ecities_core::CoreError::invalid("in_reply_to", "a reply id or its URL"))
                })?;
                let reply = state.store.reply_by_ap_id(&url).await?.ok_or_else(|| {
                    ApiError::from(ecities_core::CoreError::invalid("in_reply_to", format!("{s} is not a reply here")))
                })?;
                Some(reply.id)
            }
        },
        Some(_) => {
            return Err(ecities_core::CoreError::invalid("in_reply_to", "a reply id or its URL").into());
        }
    };
    let reply = replies::answer(state.ports(), &who, &p, to, &body.content).await?;
    let author = state.store.actor(reply.author).await?;
    Ok((StatusCode::CREATED, axum::Json(reply_value(&reply, &author))).into_response())
}

/// The replies to the token's actor's practices, newest first; the
/// moderation queue with `?state=pending`. Each carries its practice.
async fn list_queue(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<ReplyState>()?),
        None => None,
    };
    let rows = replies::queue(state.ports(), &who, &me, filter, q.page()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for (r, a) in &rows {
        let p = state.store.practice(r.practice).await?;
        let mut v = reply_value(r, a);
        v["practice"] = json!({ "id": p.ap_id, "url": p.url, "title": p.title });
        items.push(v);
    }
    Ok(axum::Json(json!({ "items": items })).into_response())
}

async fn approve(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let (reply, author) = replies::approve(state.ports(), &who, &me, ReplyId(id)).await?;
    Ok(axum::Json(reply_value(&reply, &author)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RejectBody {
    /// Also drop this author's later replies to the actor's practices.
    #[serde(default)]
    block_author: bool,
}

/// The body is optional: `{"block_author": true}` also blocks the author.
async fn reject(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Path(id): Path<i64>,
    raw: axum::body::Bytes,
) -> ApiResult<Response> {
    let body: RejectBody = if raw.iter().all(u8::is_ascii_whitespace) {
        RejectBody::default()
    } else {
        serde_json::from_slice(&raw)
            .map_err(|e| ApiError::bad_request("invalid_json", format!("the body is not valid JSON: {e}")))?
    };
    let (reply, author) = replies::reject(state.ports(), &who, &me, ReplyId(id), body.block_author).await?;
    Ok(axum::Json(reply_value(&reply, &author)).into_response())
}

/// The city deletes one of its own answers: `204`; the `Delete` reaches its
/// followers and the asker.
async fn delete_answer(State(state): State<AppState>, Caller(who): Caller, Path(id): Path<i64>) -> ApiResult<Response> {
    replies::delete_answer(state.ports(), &who, ReplyId(id)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
