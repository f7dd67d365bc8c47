//! A city's portal feeds: add one, poll it now, see the last poll's result.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::access::Need;
use minijinja::context;

use super::{CsrfForm, Flash, Section, View, count, page, redirect_with, show, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/feeds", get(list))
        .route("/admin/feed-sources", post(add_source))
        .route("/admin/feed-sources/{id}/poll", post(poll_source))
}

async fn list(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Feeds).await
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let sources: Vec<_> = state
        .store
        .feed_sources(Some(me.id))
        .await?
        .iter()
        .map(|s| context! { id => s.id.0, url => s.url.as_str(), state => s.state(), imported => s.items_imported, error => s.last_error })
        .collect();
    Ok(page(status, "admin/feeds.html", editor, Section::Feeds, view, context! { sources => sources }))
}

/// The form of a single value (a feed URL).
#[derive(serde::Deserialize)]
struct ValueForm {
    csrf: Option<String>,
    #[serde(default)]
    value: String,
}

async fn add_source(State(state): State<AppState>, editor: Editor, Form(form): Form<ValueForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = async {
        ecities_core::usecases::import::add_source(
            state.store.as_ref(),
            editor.who(),
            editor.acting(Need::View)?,
            &form.value,
            &ecities_core::import::FeedMapping::default(),
            false,
            ecities_core::net::EgressRules::new(state.dev_mode),
        )
        .await?;
        Ok(redirect_with(&state, &Flash::SourceAdded, Section::Feeds))
    }
    .await;
    shown(&state, &editor, Section::Feeds, result).await
}

async fn poll_source(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let found = ecities_core::usecases::import::source_to_poll(
        state.store.as_ref(),
        editor.who(),
        ecities_core::import::FeedSourceId(id),
    )
    .await;
    let (source, author) = match found {
        Ok(found) => found,
        Err(e) => return shown(&state, &editor, Section::Feeds, Err(e.into())).await,
    };
    let report = state.federation.poll_feed(&source, &author).await;
    // The reason of a failure is recorded on the source and listed with it.
    let flash = if report.error.is_some() {
        Flash::PollFailed
    } else {
        Flash::Polled { created: count(report.created), updated: count(report.updated), deleted: count(report.deleted) }
    };
    Ok(redirect_with(&state, &flash, Section::Feeds))
}
