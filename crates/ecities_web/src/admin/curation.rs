//! A knowledge space's curation: search what the node holds, feature a
//! practice (it joins the curated collection and is announced to the
//! followers) or unfeature it (the announce is undone), and the featured
//! list itself.

use std::collections::HashSet;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::access::Need;
use ecities_core::practice::Practice;
use ecities_core::store::{Page, PracticeQuery};
use ecities_core::usecases::{hub, practices};
use minijinja::context;
use serde::Deserialize;

use super::{Flash, Section, View, page, redirect_with, show, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;

/// How many search results the page shows.
const RESULTS_PAGE: u32 = 25;

/// How many featured practices the page lists.
const FEATURED_PAGE: u32 = 100;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/curation", get(curation))
        .route("/admin/curation/feature", post(feature))
        .route("/admin/curation/unfeature", post(unfeature))
}

/// What the curator searched for (nothing: no results shown).
#[derive(Deserialize, Default)]
pub(super) struct Search {
    q: Option<String>,
}

impl Search {
    fn text(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
}

async fn curation(
    State(state): State<AppState>,
    editor: Editor,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> ApiResult<Response> {
    if search.text().is_none() || !Section::Curation.open_to(&editor) {
        return show(&state, &editor, &headers, Section::Curation).await;
    }
    page_of(&state, &editor, StatusCode::OK, View::default(), &search).await
}

async fn rows(state: &AppState, practices: Vec<Practice>, featured: &HashSet<i64>) -> ApiResult<Vec<minijinja::Value>> {
    let mut out = Vec::with_capacity(practices.len());
    for (p, author) in crate::feeds::with_authors(state, practices).await? {
        out.push(context! {
            key => p.key,
            url => p.url.as_str(),
            title => p.title,
            author => author.display_name.clone().unwrap_or_else(|| author.name.to_string()),
            handle => author.handle(),
            country => p.country.as_ref().map(|c| c.code()),
            published => p.published_at.to_rfc3339(),
            featured => featured.contains(&p.id.0),
        });
    }
    Ok(out)
}

pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    search: &Search,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let curated = state.store.curated(me.id, Page::first(FEATURED_PAGE)).await?;
    let ids: HashSet<i64> = curated.iter().map(|p| p.id.0).collect();
    let results = match search.text() {
        Some(q) => {
            let query = PracticeQuery { text: Some(q.to_owned()), ..Default::default() };
            let found = state.store.search_practices(&query, Page::first(RESULTS_PAGE)).await?;
            Some(rows(state, found, &ids).await?)
        }
        None => None,
    };
    let featured = rows(state, curated, &ids).await?;
    Ok(page(
        status,
        "admin/curation.html",
        editor,
        Section::Curation,
        view,
        context! { q => search.text(), results => results, featured => featured },
    ))
}

#[derive(Deserialize)]
struct PracticeForm {
    csrf: Option<String>,
    /// The practice's local key.
    practice: Option<String>,
}

async fn feature(State(state): State<AppState>, editor: Editor, Form(form): Form<PracticeForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result: ApiResult<Response> = async {
        let practice = practices::find(state.ports(), form.practice.as_deref().unwrap_or("")).await?;
        hub::curate(state.ports(), editor.who(), me, &practice).await?;
        Ok(redirect_with(&state, &Flash::Featured(practice.key), Section::Curation))
    }
    .await;
    shown(&state, &editor, Section::Curation, result).await
}

async fn unfeature(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let result: ApiResult<Response> = async {
        let practice = practices::find(state.ports(), form.practice.as_deref().unwrap_or("")).await?;
        if !hub::uncurate(state.ports(), editor.who(), me, &practice).await? {
            return Err(crate::error::ApiError::not_found(format!("'{}' is not featured", practice.title)));
        }
        Ok(redirect_with(&state, &Flash::Unfeatured(practice.key), Section::Curation))
    }
    .await;
    shown(&state, &editor, Section::Curation, result).await
}
