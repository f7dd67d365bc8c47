//! The actor's topics: saved searches published as actors people follow
//! (`usecases::topics`). An editor creates one (a name and a search) and
//! deletes it; the page lists them with their handle and their search.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use ecities_core::access::Need;
use ecities_core::usecases::topics::{self, NewTopic};
use minijinja::context;
use serde::Deserialize;

use super::{Flash, Section, View, finish, page, page_route, redirect_with, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/topics", page_route(Section::Topics).post(create))
        .route("/admin/topics/delete", get(confirm_delete).post(delete))
}

/// What the creation form holds.
#[derive(Deserialize, Default)]
pub(super) struct TopicForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    query: String,
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    form: &TopicForm,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let mut items = Vec::new();
    for topic in state.store.topics().await?.into_iter().filter(|t| t.owner == me.id) {
        let actor = state.store.actor(topic.actor).await?;
        items.push(context! {
            name => actor.name.as_str(),
            title => actor.display_name.as_deref().unwrap_or(actor.name.as_str()),
            handle => actor.handle(),
            url => actor.url.as_str(),
            search => format!("/search?{}", topic.query),
            query => topic.query,
            created => topic.created_at.to_rfc3339(),
        });
    }
    Ok(page(
        status,
        "admin/topics.html",
        editor,
        Section::Topics,
        view,
        context! { topics => items, form => context! { name => form.name, title => form.title, query => form.query } },
    ))
}

async fn create(State(state): State<AppState>, editor: Editor, Form(form): Form<TopicForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let new = NewTopic {
        name: form.name.trim(),
        display_name: Some(form.title.trim()).filter(|t| !t.is_empty()),
        summary: None,
        query: form.query.trim().trim_start_matches('?'),
    };
    let created =
        topics::create_topic(state.ports(), editor.who(), me, &new, state.federation.generate_keypair()).await;
    match created {
        Ok(_) => Ok(redirect_with(&state, &Flash::TopicCreated, Section::Topics)),
        Err(e) => {
            let e: crate::error::ApiError = e.into();
            if !matches!(e.status.as_u16(), 400 | 404 | 409 | 422) {
                return Err(e);
            }
            // The form again, as it was filled in, with the mistake.
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("reason", super::reason_of(&e));
            let message = crate::i18n::text_with(crate::i18n::current(), "flash-error", Some(&args));
            let view = View { error: Some(&message), ..View::default() };
            page_of(&state, &editor, e.status, view, &form).await
        }
    }
}

#[derive(Deserialize)]
struct TopicQuery {
    name: Option<String>,
}

/// Asks before deleting: a page naming the topic (its followers lose it),
/// with the button that deletes it and a way back.
async fn confirm_delete(
    State(state): State<AppState>,
    editor: Editor,
    Query(q): Query<TopicQuery>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let result = match topics::find_topic(state.ports(), q.name.as_deref().unwrap_or("")).await {
        Ok((actor, topic)) if topic.owner == me.id => Ok(page(
            StatusCode::OK,
            "admin/topic_delete.html",
            &editor,
            Section::Topics,
            View::default(),
            context! {
                name => actor.name.as_str(),
                title => actor.display_name.as_deref().unwrap_or(actor.name.as_str()),
                handle => actor.handle(),
                url => actor.url.as_str(),
                query => topic.query,
            },
        )),
        Ok(_) => Err(ecities_core::CoreError::NotFound("this topic is not yours".into()).into()),
        Err(e) => Err(e.into()),
    };
    shown(&state, &editor, Section::Topics, result).await
}

#[derive(Deserialize)]
struct DeleteForm {
    csrf: Option<String>,
    name: Option<String>,
}

async fn delete(State(state): State<AppState>, editor: Editor, Form(form): Form<DeleteForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    finish(
        &state,
        &editor,
        Section::Topics,
        topics::delete_topic(state.ports(), editor.who(), form.name.as_deref().unwrap_or("")).await,
        Flash::TopicDeleted,
    )
    .await
}
