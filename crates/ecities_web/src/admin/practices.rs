//! Practices in the admin: the list, writing, editing and previewing.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use ecities_core::CoreError;
use ecities_core::access::Need;
use ecities_core::practice::{PracticeInput, TranslationInput};
use ecities_core::store::{Page, PracticeQuery};
use ecities_core::usecases::practices;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{Flash, Section, View, page, redirect_with, show, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::{ApiError, ApiResult};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/practices", get(list).post(create_practice))
        .route("/admin/practices/new", get(write))
        .route("/admin/practices/{key}", get(edit_practice).post(update_practice))
}

async fn list(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Practices).await
}

async fn write(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Write).await
}

/// The practices of the actor the user acts for, newest first.
pub(super) async fn list_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let rows = state
        .store
        .search_practices(&PracticeQuery { author: Some(me.id), ..Default::default() }, Page::first(100))
        .await?;
    let rows: Vec<_> = rows
        .iter()
        .map(|p| context! { url => p.url.as_str(), key => p.key, title => p.title, published => p.published_at.to_rfc3339() })
        .collect();
    Ok(page(
        status,
        "admin/practices.html",
        editor,
        Section::Practices,
        view,
        context! { practices => rows, can_write => Section::Write.open_to(editor) },
    ))
}

/// What the writing form shows besides the fields.
#[derive(Default)]
pub(crate) struct FormView<'a> {
    /// The fields as typed (empty for a new practice).
    pub(crate) form: PracticeForm,
    /// Why the practice was not saved.
    pub(crate) errors: &'a [String],
    /// The key of the practice being edited (the form posts there).
    pub(crate) editing: Option<&'a str>,
    /// Rendered Markdown of a preview.
    pub(crate) preview: Option<String>,
}

/// The form to write a practice (or to edit one: `fv.editing`).
pub(super) async fn write_page(
    _state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    fv: &FormView<'_>,
) -> ApiResult<Response> {
    editor.acting(Need::Write)?;
    let section = if fv.editing.is_some() { Section::Practices } else { Section::Write };
    Ok(page(
        status,
        "admin/write.html",
        editor,
        section,
        view,
        context! {
            errors => fv.errors,
            editing => fv.editing,
            preview => fv.preview,
            form => minijinja::Value::from_serialize(&fv.form),
            kinds => ecities_core::practice::PracticeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        },
    ))
}

/// The practice form, kept as typed when it has to be shown again.
#[derive(Deserialize, Serialize, Default, Clone)]
pub(crate) struct PracticeForm {
    csrf: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    sdgs: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    tr_language: String,
    #[serde(default)]
    tr_title: String,
    #[serde(default)]
    tr_summary: String,
    #[serde(default)]
    tr_content: String,
    #[serde(default)]
    problem: String,
    #[serde(default)]
    solution: String,
    #[serde(default)]
    results: String,
    #[serde(default)]
    lessons: String,
    /// Comma separated.
    #[serde(default)]
    themes: String,
    /// One per line.
    #[serde(default)]
    links: String,
    #[serde(default)]
    license: String,
    #[serde(default)]
    period_start: String,
    #[serde(default)]
    period_end: String,
    #[serde(default)]
    source_url: String,
    /// `preview` shows the rendered text without publishing.
    #[serde(default)]
    action: String,
}

impl PracticeForm {
    fn to_input(&self) -> Result<PracticeInput, CoreError> {
        let mut sdgs = Vec::new();
        for part in self.sdgs.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
            sdgs.push(
                part.trim()
                    .parse::<i64>()
                    .map_err(|_| CoreError::invalid("sdgs", format!("'{part}' is not a goal number")))?,
            );
        }
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
        let translations = some(&self.tr_language).map(|lang| {
            BTreeMap::from([(
                lang,
                TranslationInput {
                    title: some(&self.tr_title),
                    summary: some(&self.tr_summary),
                    content: some(&self.tr_content),
                },
            )])
        });
        let list = |s: &str, sep: &[char]| -> Option<Vec<String>> {
            let v: Vec<String> = s.split(sep).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect();
            Some(v)
        };
        Ok(PracticeInput {
            title: some(&self.title),
            summary: some(&self.summary),
            content: some(&self.content),
            kind: some(&self.kind),
            sdgs: Some(sdgs),
            language: some(&self.language),
            country: some(&self.country),
            translations,
            problem: some(&self.problem),
            solution: some(&self.solution),
            results: some(&self.results),
            lessons: some(&self.lessons),
            themes: list(&self.themes, &[',']),
            links: list(&self.links, &['\n', ' ']),
            license: some(&self.license),
            period_start: some(&self.period_start),
            period_end: some(&self.period_end),
            source_url: some(&self.source_url),
        })
    }

    /// The form showing an existing practice, for editing.
    fn from_practice(p: &ecities_core::practice::Practice) -> Self {
        let i = p.to_input();
        let (tr_language, tr) = i
            .translations
            .as_ref()
            .and_then(|t| t.iter().next().map(|(l, t)| (l.clone(), t.clone())))
            .unwrap_or_default();
        let join = |v: &Option<Vec<String>>, sep: &str| v.as_ref().map(|v| v.join(sep)).unwrap_or_default();
        Self {
            csrf: None,
            title: i.title.unwrap_or_default(),
            summary: i.summary.unwrap_or_default(),
            content: i.content.unwrap_or_default(),
            kind: i.kind.unwrap_or_default(),
            sdgs: i.sdgs.unwrap_or_default().iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "),
            language: i.language.unwrap_or_default(),
            country: i.country.unwrap_or_default(),
            tr_language,
            tr_title: tr.title.unwrap_or_default(),
            tr_summary: tr.summary.unwrap_or_default(),
            tr_content: tr.content.unwrap_or_default(),
            problem: i.problem.unwrap_or_default(),
            solution: i.solution.unwrap_or_default(),
            results: i.results.unwrap_or_default(),
            lessons: i.lessons.unwrap_or_default(),
            themes: join(&i.themes, ", "),
            links: join(&i.links, "\n"),
            license: i.license.unwrap_or_default(),
            period_start: i.period_start.unwrap_or_default(),
            period_end: i.period_end.unwrap_or_default(),
            source_url: i.source_url.unwrap_or_default(),
            action: String::new(),
        }
    }
}

async fn create_practice(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    let result = save_practice(&state, &editor, form, None).await;
    shown(&state, &editor, Section::Write, result).await
}

async fn update_practice(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    let result = save_practice(&state, &editor, form, Some(key)).await;
    shown(&state, &editor, Section::Practices, result).await
}

/// Publishes (`key` None), saves an edit, or shows a preview.
async fn save_practice(
    state: &AppState,
    editor: &Editor,
    form: PracticeForm,
    key: Option<String>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    if form.action == "preview" {
        let preview = Some(ecities_core::content::SafeHtml::from_markdown(&form.content).into_string());
        let fv = FormView { editing: key.as_deref(), preview, form, ..FormView::default() };
        return write_page(state, editor, StatusCode::OK, View::default(), &fv).await;
    }
    let me = editor.acting(Need::View)?;
    let result = match form.to_input() {
        Ok(input) => match &key {
            None => practices::publish(state.ports(), editor.who(), me, &input).await,
            Some(k) => match state.store.practice_by_key(k).await? {
                Some(p) => practices::edit(state.ports(), editor.who(), &p, &input).await,
                None => Err(CoreError::NotFound(format!("practice '{k}'"))),
            },
        },
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => Ok(if key.is_some() {
            redirect_with(state, &Flash::Saved(p.key), Section::Practices)
        } else {
            redirect_with(state, &Flash::Published(p.key), Section::Practices)
        }),
        Err(CoreError::Invalid(fields)) => {
            let errors: Vec<String> = fields.iter().map(ToString::to_string).collect();
            let fv = FormView { errors: &errors, editing: key.as_deref(), form, ..FormView::default() };
            write_page(state, editor, StatusCode::UNPROCESSABLE_ENTITY, View::default(), &fv).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_practice(State(state): State<AppState>, editor: Editor, Path(key): Path<String>) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let p = state
        .store
        .practice_by_key(&key)
        .await?
        .filter(|p| p.author == me.id && !p.is_deleted())
        .ok_or_else(|| ApiError::not_found(format!("practice '{key}'")))?;
    let fv = FormView { editing: Some(&key), form: PracticeForm::from_practice(&p), ..FormView::default() };
    write_page(&state, &editor, StatusCode::OK, View::default(), &fv).await
}
