//! The hub's API: the token actor's settings (moderation policy), the
//! review queue, the membership registry and the node's domain rules.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use ecities_core::actor::{Actor, ActorKind};
use ecities_core::follow::{FollowApproval, FollowState};
use ecities_core::hub::{DomainRuleKind, Moderation, Submission, SubmissionId, SubmissionState};
use ecities_core::identity::MembershipClaim;
use ecities_core::reply::RepliesPolicy;
use ecities_core::store::Page;
use ecities_core::usecases::{follows, hub, identity, node, replies, review};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Author, Caller, Member};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/actor", get(show_actor).patch(update_actor))
        .route("/api/v1/submissions", get(list_submissions))
        .route("/api/v1/submissions/{id}/approve", post(approve))
        .route("/api/v1/submissions/{id}/reject", post(reject))
        .route("/api/v1/actors/{name}", get(show_public_actor))
        .route("/api/v1/actors/{name}/members", get(members))
        .route("/api/v1/actors/{name}/curated", get(curated))
        .route("/api/v1/curated", post(curate))
        .route("/api/v1/curated/{id}", delete(uncurate))
        .route("/api/v1/domains", get(list_domains).post(add_domain))
        .route("/api/v1/domains/{domain}", delete(remove_domain))
}

fn actor_value(a: &Actor) -> Value {
    json!({
        "id": a.url,
        "handle": a.handle(),
        "kind": a.kind.as_str(),
        "name": a.display_name.as_deref().unwrap_or(&a.name),
        "country": a.country.as_ref().map(|c| c.code()),
        "moderation": (a.kind == ActorKind::Association).then(|| a.moderation.as_str()),
        "follow_approval": a.follow_approval.as_str(),
        "portal": a.portal_url,
        // Since when the portal has linked back with rel="me" (or the node
        // is on the portal's domain); null when not verified.
        "verified_at": a.verified_portal().map(|(_, at)| at.to_rfc3339()),
        "portal_checked_at": a.portal_checked_at.map(|at| at.to_rfc3339()),
    })
}

fn claim_value(c: &MembershipClaim) -> Value {
    json!({
        "association": c.association,
        "name": c.association_name,
        "since": c.confirmed_since().map(|t| t.to_rfc3339()),
        "checked_at": c.checked_at.map(|t| t.to_rfc3339()),
    })
}

/// Adds the memberships the associations confirm (`memberships`: what
/// anyone sees) and, for the actor's own editors, every association it
/// names with what the last check found (`member_of`).
async fn with_memberships(state: &AppState, actor: &Actor, mut v: Value, own: bool) -> ApiResult<Value> {
    let claims = identity::membership_claims(state.store.as_ref(), actor).await?;
    v["memberships"] =
        claims.iter().filter(|c| c.confirmed_since().is_some()).map(claim_value).collect::<Vec<_>>().into();
    if own {
        v["member_of"] = claims.iter().map(claim_value).collect::<Vec<_>>().into();
    }
    Ok(v)
}

/// The token's actor, with its replies policy (`open`, `moderated` or
/// `closed`) and whether its practice pages show the question form.
async fn show_actor(State(state): State<AppState>, Author(me): Author) -> ApiResult<Response> {
    let mut v = actor_value(&me);
    v["replies"] = json!(replies::policy(state.ports(), &me).await?.as_str());
    v["question_form"] = json!(replies::question_form(state.ports(), &me).await?);
    let v = with_memberships(&state, &me, v, true).await?;
    Ok(axum::Json(v).into_response())
}

/// Anyone's view of a local actor (`GET /api/v1/actors/{name}`).
async fn show_public_actor(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Response> {
    let actor = local_actor(&state, &name).await?;
    let v = with_memberships(&state, &actor, actor_value(&actor), false).await?;
    Ok(axum::Json(v).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorPatch {
    moderation: Option<String>,
    /// `auto` or `manual` (an editor's; see `follows::set_follow_approval`).
    follow_approval: Option<String>,
    /// `open`, `moderated` or `closed` (an editor's; see
    /// `replies::set_policy`).
    replies: Option<String>,
    /// Whether the actor's practice pages show the question form for
    /// citizens without a fediverse account (an editor's; see
    /// `replies::set_question_form`).
    question_form: Option<bool>,
    /// The associations the actor says it belongs to (their actor URLs),
    /// replacing the list; shown once each association confirms it (an
    /// editor's; see `identity::claim_memberships`).
    member_of: Option<Vec<String>>,
}

async fn update_actor(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    ApiJson(patch): ApiJson<ActorPatch>,
) -> ApiResult<Response> {
    if let Some(m) = patch.moderation {
        let policy: Moderation = m.parse()?;
        review::set_moderation(state.ports(), &who, &me, policy).await?;
    }
    if let Some(a) = patch.follow_approval {
        let approval: FollowApproval = a.parse()?;
        follows::set_follow_approval(state.ports(), &who, &me, approval).await?;
    }
    if let Some(r) = patch.replies {
        let policy: RepliesPolicy = r.parse()?;
        replies::set_policy(state.ports(), &who, &me, policy).await?;
    }
    if let Some(on) = patch.question_form {
        replies::set_question_form(state.ports(), &who, &me, on).await?;
    }
    if let Some(urls) = patch.member_of {
        identity::claim_memberships(state.store.as_ref(), &who, &me, &urls).await?;
    }
    let me = state.store.actor(me.id).await?;
    let mut v = actor_value(&me);
    v["replies"] = json!(replies::policy(state.ports(), &me).await?.as_str());
    v["question_form"] = json!(replies::question_form(state.ports(), &me).await?);
    let v = with_memberships(&state, &me, v, true).await?;
    Ok(axum::Json(v).into_response())
}

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    limit: Option<u32>,
    before: Option<i64>,
}

async fn submission_value(state: &AppState, s: &Submission) -> ApiResult<Value> {
    let p = state.store.practice(s.practice).await?;
    let author = state.store.actor(p.author).await?;
    Ok(json!({
        "id": s.id.0,
        "state": s.state.as_str(),
        "reason": s.reason,
        "received": s.received_at.to_rfc3339(),
        "decided": s.decided_at.map(|d| d.to_rfc3339()),
        "practice": crate::practices::practice_value(&p, &author, &[]),
    }))
}

async fn list_submissions(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<SubmissionState>()?),
        None => None,
    };
    let page = Page { limit: q.limit.unwrap_or(50).clamp(1, ecities_core::store::MAX_PAGE_SIZE), before: q.before };
    let rows = review::submissions(state.ports(), &who, &me, filter, page).await?;
    let mut items = Vec::with_capacity(rows.len());
    for s in &rows {
        items.push(submission_value(&state, s).await?);
    }
    Ok(axum::Json(json!({ "items": items })).into_response())
}

async fn approve(State(state): State<AppState>, m: Member, Path(id): Path<i64>) -> ApiResult<Response> {
    let s = review::approve(state.ports(), &m.who, &m.actor, SubmissionId(id)).await?;
    Ok(axum::Json(submission_value(&state, &s).await?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RejectBody {
    reason: Option<String>,
    /// Accepted for older clients and ignored: the city is always told.
    #[serde(default, rename = "notify")]
    _notify: Option<bool>,
}

/// The body is optional: `{"reason": "…"}`. The city hears of it (a
/// `Reject` with the reason when it is hosted elsewhere).
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
    let s = review::reject(state.ports(), &who, &me, SubmissionId(id), body.reason.as_deref()).await?;
    Ok(axum::Json(submission_value(&state, &s).await?).into_response())
}

/// The membership registry of an association: the cities it follows, with
/// since when and their country. Public.
/// A local actor by the name in the path; 404 for anything else.
async fn local_actor(state: &AppState, name: &str) -> ApiResult<Actor> {
    let parsed = ecities_core::actor::ActorName::parse(name).map_err(|_| ApiError::not_found("actor"))?;
    state
        .store
        .local_actor_by_name(&parsed)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("actor '{name}' not found")))
}

async fn members(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Response> {
    let name = ecities_core::actor::ActorName::parse(&name).map_err(|_| ApiError::not_found("actor"))?;
    let association = state
        .store
        .local_actor_by_name(&name)
        .await?
        .filter(|a| a.kind == ActorKind::Association)
        .ok_or_else(|| ApiError::not_found(format!("association '{name}' not found")))?;
    let rows = state
        .store
        .following(association.id, Some(FollowState::Accepted), Page::first(ecities_core::store::MAX_PAGE_SIZE))
        .await?;
    let items: Vec<Value> = rows
        .iter()
        .filter(|(_, a)| a.kind == ActorKind::City)
        .map(|(f, a)| {
            let mut v = actor_value(a);
            v["since"] = json!(f.updated_at.to_rfc3339());
            v
        })
        .collect();
    Ok(axum::Json(json!({ "association": association.url, "items": items })).into_response())
}

/// Node-wide: the operator's token only.
async fn list_domains(State(state): State<AppState>, Caller(who): Caller) -> ApiResult<Response> {
    let rules = node::domain_rules(state.store.as_ref(), &who).await?;
    let items: Vec<Value> = rules
        .iter()
        .map(|r| json!({ "domain": r.domain, "rule": r.rule.as_str(), "note": r.note, "created": r.created_at.to_rfc3339() }))
        .collect();
    Ok(axum::Json(json!({ "items": items })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainBody {
    domain: String,
    rule: Option<String>,
    note: Option<String>,
}

async fn add_domain(
    State(state): State<AppState>,
    Caller(who): Caller,
    ApiJson(body): ApiJson<DomainBody>,
) -> ApiResult<Response> {
    let rule: DomainRuleKind = body.rule.as_deref().unwrap_or("block").parse()?;
    let r = node::set_domain_rule(state.store.as_ref(), &who, &body.domain, rule, body.note.as_deref()).await?;
    Ok((StatusCode::CREATED, axum::Json(json!({ "domain": r.domain, "rule": r.rule.as_str(), "note": r.note })))
        .into_response())
}

async fn remove_domain(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(domain): Path<String>,
) -> ApiResult<Response> {
    node::remove_domain_rule(state.store.as_ref(), &who, &domain).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurateBody {
    /// The practice's id, URL or local key.
    practice: String,
}

/// A knowledge space features a practice (announced to its followers).
async fn curate(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    ApiJson(body): ApiJson<CurateBody>,
) -> ApiResult<Response> {
    let practice = ecities_core::usecases::practices::find(state.ports(), &body.practice).await?;
    let added = hub::curate(state.ports(), &who, &me, &practice).await?;
    let status = if added { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, axum::Json(json!({ "practice": practice.ap_id, "added": added }))).into_response())
}

/// A knowledge space unfeatures a practice (by id, URL or local key): its
/// followers receive `Undo` of the `Announce` that featured it.
async fn uncurate(
    State(state): State<AppState>,
    Member { who, actor: me }: Member,
    Path(reference): Path<String>,
) -> ApiResult<Response> {
    let practice = ecities_core::usecases::practices::find(state.ports(), &reference).await?;
    if hub::uncurate(state.ports(), &who, &me, &practice).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("'{reference}' is not in the curated collection")))
    }
}

/// A knowledge space's curated collection. Public.
async fn curated(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult<Response> {
    let name = ecities_core::actor::ActorName::parse(&name).map_err(|_| ApiError::not_found("actor"))?;
    let curator = state
        .store
        .local_actor_by_name(&name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("actor '{name}' not found")))?;
    let rows = state.store.curated(curator.id, Page::first(ecities_core::store::MAX_PAGE_SIZE)).await?;
    let ids: Vec<_> = rows.iter().map(|p| p.id).collect();
    let mut relays = state.store.relays_of(&ids).await?;
    let mut items = Vec::with_capacity(rows.len());
    for (p, a) in crate::feeds::with_authors(&state, rows).await? {
        items.push(crate::practices::practice_value(&p, &a, &relays.remove(&p.id).unwrap_or_default()));
    }
    Ok(axum::Json(json!({ "curator": curator.url, "items": items })).into_response())
}
