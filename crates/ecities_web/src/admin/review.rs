//! An association's review queue: approve, or reject with a reason the city
//! sees; the decisions taken lately; and the moderation mode (relay members'
//! practices at once, or hold them for review).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use ecities_core::access::Need;
use ecities_core::hub::{Moderation, Submission, SubmissionId, SubmissionState};
use ecities_core::store::Page;
use ecities_core::usecases::review;
use minijinja::context;
use serde::Deserialize;

use super::{CsrfForm, Flash, Section, View, finish, page, page_route, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

/// How many submissions the page shows, waiting and decided.
const QUEUE_PAGE: u32 = 100;

/// How many of the latest decisions the page lists.
const RECENT_DECISIONS: usize = 20;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/review", page_route(Section::Review))
        .route("/admin/moderation", post(set_moderation))
        .route("/admin/submissions/{id}/approve", post(approve))
        .route("/admin/submissions/{id}/reject", post(reject))
}

/// A submission as a row: the practice, its city, and the decision if any.
async fn row(state: &AppState, s: &Submission) -> ApiResult<minijinja::Value> {
    let p = state.store.practice(s.practice).await?;
    let author = state.store.actor(p.author).await?;
    Ok(context! {
        id => s.id.0,
        url => p.url.as_str(),
        title => p.title,
        city => author.display_name.clone().unwrap_or_else(|| author.name.to_string()),
        handle => author.handle(),
        country => p.country.as_ref().or(author.country.as_ref()).map(|c| c.code()),
        published => p.published_at.to_rfc3339(),
        received => s.received_at.to_rfc3339(),
        state => s.state.as_str(),
        reason => s.reason,
        decided => s.decided_at.map(|d| d.to_rfc3339()),
    })
}

/// The submissions waiting for a decision, the latest decisions and the
/// moderation mode.
pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Review)?;
    let who = editor.who();
    let pending =
        review::submissions(state.ports(), who, me, Some(SubmissionState::Pending), Page::first(QUEUE_PAGE)).await?;
    let mut items = Vec::with_capacity(pending.len());
    for s in &pending {
        items.push(row(state, s).await?);
    }
    let mut decided: Vec<Submission> = review::submissions(state.ports(), who, me, None, Page::first(QUEUE_PAGE))
        .await?
        .into_iter()
        .filter(|s| s.state != SubmissionState::Pending)
        .collect();
    decided.sort_by_key(|s| std::cmp::Reverse(s.decided_at));
    let mut decisions = Vec::with_capacity(RECENT_DECISIONS);
    for s in decided.iter().take(RECENT_DECISIONS) {
        decisions.push(row(state, s).await?);
    }
    Ok(page(
        status,
        "admin/review.html",
        editor,
        Section::Review,
        view,
        context! {
            submissions => items,
            decisions => decisions,
            manual => me.moderation == Moderation::Manual,
            reason_max => ecities_core::hub::MAX_REASON_CHARS,
        },
    ))
}

#[derive(Deserialize)]
struct ModerationForm {
    csrf: Option<String>,
    mode: Option<String>,
}

/// Switches between relaying members' practices at once (`auto`) and
/// holding them for review (`manual`).
async fn set_moderation(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<ModerationForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let policy = match form.mode.as_deref().unwrap_or("").parse::<Moderation>() {
        Ok(policy) => policy,
        Err(e) => return shown(&state, &editor, Section::Review, Err(e.into())).await,
    };
    let result = review::set_moderation(state.ports(), editor.who(), me, policy).await;
    finish(&state, &editor, Section::Review, result, Flash::ModerationSet(policy == Moderation::Manual)).await
}

async fn approve(
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
        Section::Review,
        review::approve(state.ports(), editor.who(), me, SubmissionId(id)).await,
        Flash::Approved,
    )
    .await
}

async fn reject(
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
        Section::Review,
        review::reject(state.ports(), editor.who(), me, SubmissionId(id), form.reason.as_deref()).await,
        Flash::Rejected,
    )
    .await
}
