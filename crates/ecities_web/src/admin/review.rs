//! An association's review queue: approve, or reject with a reason the city sees.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::access::Need;
use ecities_core::hub::{SubmissionId, SubmissionState};
use ecities_core::store::Page;
use ecities_core::usecases::review;
use minijinja::context;

use super::{CsrfForm, Flash, Section, View, page, redirect_with, show, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/review", get(queue))
        .route("/admin/submissions/{id}/approve", post(approve))
        .route("/admin/submissions/{id}/reject", post(reject))
}

async fn queue(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Review).await
}

/// The submissions waiting for a decision.
pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Review)?;
    let rows =
        review::submissions(state.ports(), editor.who(), me, Some(SubmissionState::Pending), Page::first(100)).await?;
    let mut items = Vec::with_capacity(rows.len());
    for s in rows {
        let p = state.store.practice(s.practice).await?;
        let author = state.store.actor(p.author).await?;
        items.push(context! { id => s.id.0, url => p.url.as_str(), title => p.title, author => author.handle() });
    }
    Ok(page(status, "admin/review.html", editor, Section::Review, view, context! { submissions => items }))
}

async fn approve(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result = review::approve(state.ports(), editor.who(), me, SubmissionId(id)).await;
    let result = result.map(|_| redirect_with(&state, &Flash::Approved, Section::Review)).map_err(Into::into);
    shown(&state, &editor, Section::Review, result).await
}

async fn reject(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result = review::reject(state.ports(), editor.who(), me, SubmissionId(id), form.reason.as_deref()).await;
    let result = result.map(|_| redirect_with(&state, &Flash::Rejected, Section::Review)).map_err(Into::into);
    shown(&state, &editor, Section::Review, result).await
}
