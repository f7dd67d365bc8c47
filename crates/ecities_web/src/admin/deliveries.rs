//! What the actor sent and to whom (with a retry), who follows it, the
//! follow requests waiting for an editor when the actor approves followers,
//! and the associations the actor says it belongs to (`member_of`) with
//! what the last check of each found.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use ecities_core::access::Need;
use ecities_core::follow::{FollowApproval, FollowId};
use ecities_core::store::{DeliveryState, Page};
use ecities_core::usecases::{follows, identity};
use minijinja::context;
use serde::Deserialize;

use super::{CsrfForm, Flash, Section, View, finish, page, page_route, redirect_with, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/deliveries", page_route(Section::Deliveries))
        .route("/admin/deliveries/replay", post(replay))
        .route("/admin/follows", page_route(Section::Follows))
        .route("/admin/follows/approval", post(set_approval))
        .route("/admin/follows/memberships", post(set_memberships))
        .route("/admin/follow-requests/{id}/accept", post(accept_request))
        .route("/admin/follow-requests/{id}/reject", post(reject_request))
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let groups =
        ecities_core::usecases::deliveries::by_activity(state.store.as_ref(), editor.who(), me, None, Page::first(200))
            .await?;
    let activities: Vec<_> = groups
        .iter()
        .map(|g| {
            let failed = g.deliveries.iter().filter(|d| d.state == DeliveryState::Failed).count();
            let delivered = g.deliveries.iter().filter(|d| d.state == DeliveryState::Delivered).count();
            context! {
                kind => g.kind,
                id => g.activity.as_str(),
                title => g.practice.as_ref().map(|p| p.title.clone()),
                practice_url => g.practice.as_ref().filter(|p| !p.is_deleted()).map(|p| p.url.as_str().to_owned()),
                object => g.object.as_ref().map(|o| o.as_str().to_owned()),
                created => g.deliveries.iter().map(|d| d.created_at).min().map(|t| t.to_rfc3339()),
                total => g.deliveries.len(),
                delivered => delivered,
                failed => failed,
                recipients => g.deliveries.iter().map(|d| context! {
                    inbox => d.inbox.as_str(),
                    host => d.inbox.host_str(),
                    state => d.state.as_str(),
                    attempts => d.attempts,
                    next => d.next_attempt_at.filter(|_| matches!(d.state, DeliveryState::Queued | DeliveryState::Retrying)).map(|t| t.to_rfc3339()),
                    status => d.last_status,
                    error => d.last_error,
                    updated => d.updated_at.to_rfc3339(),
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let failed = groups.iter().flat_map(|g| &g.deliveries).filter(|d| d.state == DeliveryState::Failed).count();
    Ok(page(
        status,
        "admin/deliveries.html",
        editor,
        Section::Deliveries,
        view,
        context! { activities => activities, failed => failed, can_write => Section::Write.open_to(editor) },
    ))
}

pub(super) async fn follows_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    follows_page_with(state, editor, status, view, None).await
}

/// The memberships field as typed and why it was refused, when a save
/// failed (the page shows both, the field naming its error).
struct MembershipsRefused<'a> {
    typed: &'a str,
    error: String,
}

async fn follows_page_with(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    refused: Option<MembershipsRefused<'_>>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let claims = identity::membership_claims(state.store.as_ref(), me).await?;
    let typed = match &refused {
        Some(r) => r.typed.to_owned(),
        None => claims.iter().map(|c| c.association.as_str()).collect::<Vec<_>>().join("\n"),
    };
    let claims: Vec<_> = claims
        .iter()
        .map(|c| {
            context! {
                association => c.association.as_str(),
                name => c.association_name,
                since => c.confirmed_since().map(|t| t.to_rfc3339()),
                checked => c.checked_at.map(|t| t.to_rfc3339()),
            }
        })
        .collect();
    let people = |rows: Vec<(ecities_core::follow::Follow, ecities_core::actor::Actor)>| -> Vec<minijinja::Value> {
        rows.iter()
            .map(|(f, a)| context! { handle => a.handle(), url => a.url.as_str(), state => f.state.as_str() })
            .collect()
    };
    let followers = people(state.store.followers(me.id, None, Page::first(100)).await?);
    let following = people(state.store.following(me.id, None, Page::first(100)).await?);
    // Follow requests wait here when the actor approves its followers.
    let requests: Vec<_> = follows::requests(state.ports(), editor.who(), me, Page::first(100))
        .await?
        .iter()
        .map(|(f, a)| context! { id => f.id.0, handle => a.handle(), url => a.url.as_str(), since => f.created_at.to_rfc3339() })
        .collect();
    Ok(page(
        status,
        "admin/follows.html",
        editor,
        Section::Follows,
        view,
        context! {
            followers => followers,
            following => following,
            requests => requests,
            manual => me.follow_approval == FollowApproval::Manual,
            can_write => Section::Write.open_to(editor),
            claims => claims,
            member_of => typed,
            member_of_error => refused.map(|r| r.error),
        },
    ))
}

#[derive(Deserialize)]
struct ApprovalForm {
    csrf: Option<String>,
    #[serde(default)]
    approval: String,
}

/// An editor chooses whether new followers wait for approval
/// (`follows::set_follow_approval`; back to auto accepts those waiting).
async fn set_approval(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<ApprovalForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = async {
        let approval: FollowApproval = form.approval.parse()?;
        let me = editor.acting(Need::View)?;
        follows::set_follow_approval(state.ports(), editor.who(), me, approval).await?;
        let flash = Flash::FollowApprovalSet(approval == FollowApproval::Manual);
        Ok(redirect_with(&state, &flash, Section::Follows))
    }
    .await;
    shown(&state, &editor, Section::Follows, result).await
}

#[derive(Deserialize)]
struct MembershipsForm {
    csrf: Option<String>,
    /// Association actor URLs, one per line (or separated by spaces).
    #[serde(default)]
    member_of: String,
}

/// An editor names the associations the actor belongs to
/// (`identity::claim_memberships`, as `PATCH /api/v1/actor` with
/// `member_of`): each is shown publicly once its members collection
/// confirms it. A refused list comes back as typed, with why.
async fn set_memberships(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<MembershipsForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let urls: Vec<String> = form.member_of.split_whitespace().map(str::to_owned).collect();
    match identity::claim_memberships(state.store.as_ref(), editor.who(), me, &urls).await {
        Ok(_) => Ok(redirect_with(&state, &Flash::MembershipsSaved, Section::Follows)),
        Err(ecities_core::CoreError::Invalid(fields)) => {
            let error = fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ");
            let refused = MembershipsRefused { typed: &form.member_of, error };
            follows_page_with(&state, &editor, StatusCode::UNPROCESSABLE_ENTITY, View::default(), Some(refused)).await
        }
        Err(e) => shown(&state, &editor, Section::Follows, Err(e.into())).await,
    }
}

async fn accept_request(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    finish(
        &state,
        &editor,
        Section::Follows,
        follows::accept_request(state.ports(), editor.who(), me, FollowId(id)).await,
        Flash::FollowAccepted,
    )
    .await
}

async fn reject_request(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    finish(
        &state,
        &editor,
        Section::Follows,
        follows::reject_request(state.ports(), editor.who(), me, FollowId(id)).await,
        Flash::FollowRejected,
    )
    .await
}

async fn replay(State(state): State<AppState>, editor: Editor, Form(form): Form<CsrfForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let replayed = ecities_core::usecases::deliveries::replay_failed(state.store.as_ref(), editor.who(), me).await?;
    Ok(redirect_with(&state, &Flash::Replayed(replayed), Section::Deliveries))
}
