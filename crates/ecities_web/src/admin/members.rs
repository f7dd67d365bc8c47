//! An association's members: the cities it follows (that is what membership
//! means: their practices are relayed), with their state, country, since
//! when and how many of their practices it shared. An editor invites a city
//! by its handle (the association follows it) and removes one after a
//! confirmation (the association unfollows it).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use ecities_core::CoreError;
use ecities_core::access::Need;
use ecities_core::actor::ActorKind;
use ecities_core::follow::FollowState;
use ecities_core::store::{Page, PracticeQuery};
use ecities_core::usecases::follows;
use minijinja::context;
use serde::Deserialize;
use url::Url;

use super::{Flash, Section, View, finish, page, page_route, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::{ApiError, ApiResult};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/members", page_route(Section::Members).post(invite))
        .route("/admin/members/remove", get(confirm_removal).post(remove))
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let rows = state.store.following(me.id, None, Page::first(ecities_core::store::MAX_PAGE_SIZE)).await?;
    let mut members = Vec::with_capacity(rows.len());
    for (f, a) in rows.iter().filter(|(_, a)| a.kind == ActorKind::City) {
        let shared = state
            .store
            .count_practices(&PracticeQuery { author: Some(a.id), relayed_by: Some(me.id), ..Default::default() })
            .await?;
        members.push(context! {
            name => a.display_name.clone().unwrap_or_else(|| a.name.to_string()),
            handle => a.handle(),
            url => a.url.as_str(),
            state => f.state.as_str(),
            country => a.country.as_ref().map(|c| c.code()),
            // An accepted membership dates from its acceptance, a request from when it was sent.
            since => if f.state == FollowState::Accepted { f.updated_at } else { f.created_at }.to_rfc3339(),
            shared => shared,
        });
    }
    Ok(page(
        status,
        "admin/members.html",
        editor,
        Section::Members,
        view,
        context! { members => members, can_write => editor.who().allows(Need::Write.on(me.id)) },
    ))
}

#[derive(Deserialize)]
struct InviteForm {
    csrf: Option<String>,
    handle: Option<String>,
}

/// Invites a city: the association follows it (a city elsewhere answers;
/// until then it is `pending`). Only cities are members.
async fn invite(State(state): State<AppState>, editor: Editor, Form(form): Form<InviteForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let handle = form.handle.unwrap_or_default();
    let handle = handle.trim();
    let result = if handle.is_empty() {
        Err(CoreError::invalid("handle", "a city's handle (@name@host) is required"))
    } else {
        // Resolved (perhaps fetched) only once the use case checked the role.
        let target = async {
            let actor = state.federation.resolve_actor(handle).await?;
            if actor.kind != ActorKind::City {
                return Err(CoreError::invalid("handle", format!("@{} is not a city", actor.handle())));
            }
            Ok(actor)
        };
        follows::follow(state.ports(), editor.who(), me, target, false).await.map(|_| ())
    };
    finish(&state, &editor, Section::Members, result, Flash::MemberInvited).await
}

#[derive(Deserialize)]
struct MemberQuery {
    member: Option<String>,
}

/// The member a removal names (by its actor URL), if the association
/// follows it.
async fn member_of(state: &AppState, editor: &Editor, member: Option<&str>) -> ApiResult<ecities_core::actor::Actor> {
    let me = editor.acting(Need::View)?;
    let not_member = || ApiError::not_found("this city is not a member");
    let url = member.and_then(|m| Url::parse(m.trim()).ok()).ok_or_else(not_member)?;
    let actor = state.store.actor_by_url(&url).await?.ok_or_else(not_member)?;
    state.store.follow(me.id, actor.id).await?.ok_or_else(not_member)?;
    Ok(actor)
}

/// Asks before removing: a page naming the city, with the button that
/// removes it and a way back.
async fn confirm_removal(
    State(state): State<AppState>,
    editor: Editor,
    Query(q): Query<MemberQuery>,
) -> ApiResult<Response> {
    if !Section::Members.open_to(&editor) {
        return super::section_page(&state, &editor, Section::Members, StatusCode::FORBIDDEN, View::default()).await;
    }
    let result = member_of(&state, &editor, q.member.as_deref()).await.map(|actor| {
        page(
            StatusCode::OK,
            "admin/member_remove.html",
            &editor,
            Section::Members,
            View::default(),
            context! {
                name => actor.display_name.clone().unwrap_or_else(|| actor.name.to_string()),
                handle => actor.handle(),
                url => actor.url.as_str(),
            },
        )
    });
    shown(&state, &editor, Section::Members, result).await
}

#[derive(Deserialize)]
struct RemoveForm {
    csrf: Option<String>,
    member: Option<String>,
}

/// Removes a member: the association unfollows the city (a city elsewhere
/// receives `Undo(Follow)`); its practices are no longer relayed.
async fn remove(State(state): State<AppState>, editor: Editor, Form(form): Form<RemoveForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result = match member_of(&state, &editor, form.member.as_deref()).await {
        Ok(actor) => follows::unfollow(state.ports(), editor.who(), me, async { Ok(actor) }).await.map_err(Into::into),
        Err(e) => Err(e),
    };
    finish(&state, &editor, Section::Members, result, Flash::MemberRemoved).await
}
