//! The conversations under the actor's practices (issue 22): the replies
//! waiting for a decision (approve, reject, reject and block the author),
//! the approved ones with a form to answer each, the actor's own answers
//! (delete), how the actor takes replies (open, moderated, closed) and
//! whether its practice pages show the citizen question form. A question
//! from the form is marked as such; rejecting it never blocks anyone
//! (there is no fediverse author).
//! Editors and moderators of the actor decide; only editors answer and set
//! the policy (the use cases check again).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use ecities_core::access::{Need, Permission};
use ecities_core::actor::Actor;
use ecities_core::reply::{MAX_ANSWER_CHARS, RepliesPolicy, Reply, ReplyId, ReplyState};
use ecities_core::store::Page;
use ecities_core::usecases::replies;
use minijinja::context;
use serde::Deserialize;

use super::{CsrfForm, Flash, Section, View, finish, page, page_route, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

/// How many replies the page lists, waiting and approved.
const QUEUE_PAGE: u32 = 100;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(Section::Replies.path(), page_route(Section::Replies))
        .route("/admin/replies/policy", post(set_policy))
        .route("/admin/replies/question-form", post(set_question_form))
        .route("/admin/replies/{id}/approve", post(approve))
        .route("/admin/replies/{id}/reject", post(reject))
        .route("/admin/replies/{id}/answer", post(answer))
        .route("/admin/replies/{id}/delete", post(delete_answer))
}

/// A reply as a row: who wrote it, about which practice, its text.
async fn row(state: &AppState, r: &Reply, author: &Actor) -> ApiResult<minijinja::Value> {
    let p = state.store.practice(r.practice).await?;
    Ok(context! {
        id => r.id.0,
        practice_url => p.url.as_str(),
        practice_title => p.title,
        // A question from the form is the actor's in storage; its buttons
        // name the citizen.
        author_name => match &r.via_form {
            Some(c) => c.name.clone().unwrap_or_else(|| crate::i18n::text(crate::i18n::current(), "admin-replies-a-citizen")),
            None => author.display_name.clone().unwrap_or_else(|| author.name.clone()),
        },
        author_handle => author.handle(),
        author_url => author.url.as_str(),
        content => r.content_html.as_str(),
        local => r.local && r.via_form.is_none(),
        via_form => r.via_form.is_some(),
        citizen_name => r.via_form.as_ref().and_then(|c| c.name.clone()),
        published => r.published_at.to_rfc3339(),
    })
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let who = editor.who();
    let ports = state.ports();
    let mut pending = Vec::new();
    for (r, a) in replies::queue(ports, who, me, Some(ReplyState::Pending), Page::first(QUEUE_PAGE)).await? {
        pending.push(row(state, &r, &a).await?);
    }
    let (mut approved, mut answers) = (Vec::new(), Vec::new());
    for (r, a) in replies::queue(ports, who, me, Some(ReplyState::Approved), Page::first(QUEUE_PAGE)).await? {
        if r.local && r.via_form.is_none() {
            answers.push(row(state, &r, &a).await?)
        } else {
            approved.push(row(state, &r, &a).await?)
        }
    }
    let policy = replies::policy(ports, me).await?;
    let question_form = replies::question_form(ports, me).await?;
    Ok(page(
        status,
        "admin/replies.html",
        editor,
        Section::Replies,
        view,
        context! {
            pending => pending,
            approved => approved,
            answers => answers,
            policy => policy.as_str(),
            question_form => question_form,
            can_write => who.allows(Permission::Write(me.id)),
            answer_max => MAX_ANSWER_CHARS,
        },
    ))
}

#[derive(Deserialize)]
struct PolicyForm {
    csrf: Option<String>,
    policy: Option<String>,
}

/// How the actor takes replies: open, moderated or closed.
async fn set_policy(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<PolicyForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let policy = match form.policy.as_deref().unwrap_or("").parse::<RepliesPolicy>() {
        Ok(p) => p,
        Err(e) => return shown(&state, &editor, Section::Replies, Err(e.into())).await,
    };
    let result = replies::set_policy(state.ports(), editor.who(), me, policy).await;
    finish(&state, &editor, Section::Replies, result, Flash::RepliesPolicySet).await
}

#[derive(Deserialize)]
struct QuestionFormForm {
    csrf: Option<String>,
    /// `on` shows the form; anything else hides it.
    form: Option<String>,
}

/// Whether the actor's practice pages show the citizen question form.
async fn set_question_form(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<QuestionFormForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let on = form.form.as_deref() == Some("on");
    let result = replies::set_question_form(state.ports(), editor.who(), me, on).await;
    finish(&state, &editor, Section::Replies, result, Flash::QuestionFormSet).await
}

async fn approve(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result = replies::approve(state.ports(), editor.who(), me, ReplyId(id)).await;
    finish(&state, &editor, Section::Replies, result, Flash::ReplyApproved).await
}

#[derive(Deserialize)]
struct RejectForm {
    csrf: Option<String>,
    /// Present (the second button) to block the author as well.
    block: Option<String>,
}

async fn reject(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<RejectForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let block = form.block.as_deref().is_some_and(|b| !b.is_empty());
    let result = replies::reject(state.ports(), editor.who(), me, ReplyId(id), block).await;
    finish(&state, &editor, Section::Replies, result, Flash::ReplyRejected(block)).await
}

#[derive(Deserialize)]
struct AnswerForm {
    csrf: Option<String>,
    content: Option<String>,
}

/// The actor answers an approved reply; the answer federates like the
/// API's (to the asker and the actor's followers).
async fn answer(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result = async {
        let practice = practice_of_own_reply(&state, me.id, id, "reply").await?;
        replies::answer(
            state.ports(),
            editor.who(),
            &practice,
            Some(ReplyId(id)),
            form.content.as_deref().unwrap_or(""),
        )
        .await
    }
    .await;
    finish(&state, &editor, Section::Replies, result, Flash::AnswerPublished).await
}

async fn delete_answer(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result = async {
        practice_of_own_reply(&state, me.id, id, "answer").await?;
        replies::delete_answer(state.ports(), editor.who(), ReplyId(id)).await
    }
    .await;
    finish(&state, &editor, Section::Replies, result, Flash::AnswerDeleted).await
}

/// The practice under reply `id` when it is one of the acting actor's
/// (this page shows only that actor's conversations); not found otherwise,
/// named as `what`.
async fn practice_of_own_reply(
    state: &AppState,
    me: ecities_core::actor::ActorId,
    id: i64,
    what: &str,
) -> Result<ecities_core::practice::Practice, ecities_core::CoreError> {
    let not_found = || ecities_core::CoreError::NotFound(format!("{what} {id}"));
    let reply = state.store.reply(ReplyId(id)).await?.ok_or_else(not_found)?;
    let practice = state.store.practice(reply.practice).await?;
    if practice.author != me {
        return Err(not_found());
    }
    Ok(practice)
}
