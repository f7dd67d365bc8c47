//! Practices in the admin: the list (search, filters, status and what
//! associations decided), writing, editing, a preview as published, the
//! translations of a practice, and deleting with a confirmation.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::CoreError;
use ecities_core::access::Need;
use ecities_core::actor::Actor;
use ecities_core::practice::{AudienceInput, Practice, PracticeInput, PracticeKind, TranslationInput};
use ecities_core::store::{Page, PracticeQuery};
use ecities_core::usecases::practices;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{CsrfForm, Flash, Flashed, Section, View, page, page_route, redirect_to_with, redirect_with, show, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::{ApiError, ApiResult};
use crate::pages::{practice_context, practice_languages, render_part};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/practices", get(list).post(create_practice))
        .route("/admin/practices/new", page_route(Section::Write))
        .route("/admin/practices/{key}", get(edit_practice).post(update_practice))
        .route("/admin/practices/{key}/preview", get(preview_practice))
        .route("/admin/practices/{key}/delete", get(confirm_delete).post(delete_practice))
        .route("/admin/practices/{key}/translations", get(translations).post(save_translation))
        .route("/admin/practices/{key}/translations/{lang}", get(edit_translation))
        .route("/admin/practices/{key}/translations/{lang}/remove", post(remove_translation))
        // The upload's size is checked while it is read (`media.max_bytes`).
        .route(
            "/admin/practices/{key}/attachments",
            post(add_attachment).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/admin/practices/{key}/attachments/{aid}/remove", post(remove_attachment))
}

/// The list's search box and filters (a `GET` form).
#[derive(Deserialize, Serialize, Default)]
pub(crate) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    language: String,
}

impl ListQuery {
    fn is_empty(&self) -> bool {
        self.q.trim().is_empty() && self.kind.is_empty() && self.language.trim().is_empty()
    }
}

async fn list(
    State(state): State<AppState>,
    editor: Editor,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> ApiResult<Response> {
    if query.is_empty() {
        return show(&state, &editor, &headers, Section::Practices).await;
    }
    let result = list_filtered(&state, &editor, StatusCode::OK, View::default(), &query).await;
    shown(&state, &editor, Section::Practices, result).await
}

/// The practices of the actor the user acts for, newest first.
pub(super) async fn list_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    list_filtered(state, editor, status, view, &ListQuery::default()).await
}

/// Most practices the list shows at once (the search narrows it).
const LIST_LIMIT: u32 = 100;

async fn list_filtered(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    query: &ListQuery,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let kind = some(&query.kind).map(|k| PracticeKind::parse(&k)).transpose()?;
    let search = PracticeQuery {
        author: Some(me.id),
        text: some(&query.q),
        kinds: kind.into_iter().collect(),
        languages: some(&query.language).into_iter().collect(),
        // Its editors see the followers-only, named and embargoed ones too.
        include_hidden: true,
        ..Default::default()
    };
    let found = state.store.search_practices(&search, Page::first(LIST_LIMIT)).await?;
    let ids: Vec<_> = found.iter().map(|p| p.id).collect();
    let reactions: std::collections::HashMap<_, _> = state.store.reactions(&ids).await?.into_iter().collect();
    let mut rows = Vec::with_capacity(found.len());
    for p in &found {
        let r = reactions.get(&p.id).copied().unwrap_or_default();
        rows.push(context! {
            url => p.url.as_str(),
            key => p.key,
            title => p.title,
            kind => crate::pages::kind_label(p.kind),
            language => p.language.as_ref().map(|l| l.to_string()),
            translations => p.translations.keys().map(|l| l.to_string()).collect::<Vec<_>>(),
            published => p.published_at.to_rfc3339(),
            updated => p.updated_at.map(|u| u.to_rfc3339()),
            decisions => decisions(state, p).await?,
            likes => r.likes,
            boosts => r.boosts,
            // Markers of what the public does not see: an embargo and
            // an audience narrower than everyone.
            scheduled => p.embargoed.then(|| p.details.publish_at.map(|t| t.to_rfc3339())).flatten(),
            audience => match &p.details.audience {
                ecities_core::practice::PracticeAudience::Public => None,
                ecities_core::practice::PracticeAudience::Followers => Some("followers"),
                ecities_core::practice::PracticeAudience::Named(_) => Some("named"),
            },
        });
    }
    // The languages of the interface, named in themselves.
    let languages: Vec<_> = crate::i18n::languages()
        .map(|l| context! { value => l, label => crate::i18n::text(l, "language-name") })
        .collect();
    Ok(page(
        status,
        "admin/practices.html",
        editor,
        Section::Practices,
        view,
        context! {
            practices => rows,
            can_write => Section::Write.open_to(editor),
            query => minijinja::Value::from_serialize(query),
            filtered => !query.is_empty(),
            kinds => kinds(),
            languages => languages,
        },
    ))
}

/// The kinds of practice, each with its name in the reader's language.
fn kinds() -> Vec<minijinja::Value> {
    PracticeKind::ALL
        .iter()
        .map(|k| context! { value => k.as_str(), label => crate::pages::kind_label(Some(*k)) })
        .collect()
}

/// What associations decided about a practice (the city's side of
/// moderation): approved or rejected, by whom, why, when.
async fn decisions(state: &AppState, p: &Practice) -> ApiResult<Vec<minijinja::Value>> {
    Ok(state
        .store
        .moderation_of(p.id)
        .await?
        .iter()
        .map(|(d, a)| {
            context! {
                state => d.state.as_str(),
                association => a.display_name.clone().unwrap_or_else(|| a.name.clone()),
                url => a.profile_url.as_ref().unwrap_or(&a.url).as_str(),
                reason => d.reason,
                at => d.at.to_rfc3339(),
            }
        })
        .collect())
}

/// What the writing form shows besides the fields.
#[derive(Default)]
pub(crate) struct FormView<'a> {
    /// The fields as typed (empty for a new practice).
    pub(crate) form: PracticeForm,
    /// Why the practice was not saved.
    pub(crate) errors: &'a [String],
    /// The same, by field (`region` → message): the field names its error
    /// (`aria-describedby`) and is marked invalid.
    pub(crate) field_errors: BTreeMap<String, String>,
    /// The key of the practice being edited (the form posts there).
    pub(crate) editing: Option<&'a str>,
    /// A preview: the practice as it would be published, each language.
    pub(crate) preview: Option<Vec<minijinja::Value>>,
}

/// The form to write a practice (or to edit one: `fv.editing`).
pub(super) async fn write_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    fv: &FormView<'_>,
) -> ApiResult<Response> {
    editor.acting(Need::Write)?;
    let section = if fv.editing.is_some() { Section::Practices } else { Section::Write };
    let attachments = match fv.editing {
        Some(key) => state.store.practice_by_key(key).await?.map(|p| attachment_rows(&p)).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(page(
        status,
        "admin/write.html",
        editor,
        section,
        view,
        context! {
            errors => fv.errors,
            field_errors => fv.field_errors,
            editing => fv.editing,
            preview => fv.preview,
            form => minijinja::Value::from_serialize(&fv.form),
            kinds => kinds(),
            regions => ecities_core::taxonomy::Region::all().into_iter().map(|r| context! { code => r.code, name => r.name }).collect::<Vec<_>>(),
            mdgs => ecities_core::taxonomy::Mdg::all().map(|m| context! { number => m.number(), name => m.short_name() }).collect::<Vec<_>>(),
            attachments => attachments,
            accept => ecities_core::media::MediaType::ALL.iter().map(|m| format!(".{}", m.extension())).collect::<Vec<_>>().join(","),
        },
    ))
}

/// A practice's attachments as the edit page lists them.
fn attachment_rows(p: &Practice) -> Vec<minijinja::Value> {
    p.details
        .attachments
        .iter()
        .map(|a| {
            context! {
                id => a.id(),
                url => a.url.as_str(),
                format => a.media_type.extension().to_ascii_uppercase(),
                label => a.alt.as_deref().or(a.caption.as_deref()).unwrap_or(""),
                size => a.size,
            }
        })
        .collect()
}

/// Adds the uploaded file (multipart: csrf, file, alt, caption) to the
/// practice; a refused file shows the edit page again with why.
async fn add_attachment(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
    multipart: axum::extract::Multipart,
) -> ApiResult<Response> {
    let form = crate::media::UploadForm::read(multipart, state.media.max_bytes).await;
    let csrf = form.as_ref().ok().and_then(|f| f.other.iter().find(|(n, _)| n == "csrf")).map(|(_, v)| v.as_str());
    editor.check_csrf(csrf)?;
    let me = editor.acting(Need::View)?;
    let p = owned_practice(&state, me, &key).await?;
    let added = match &form {
        Ok(form) => match form.upload() {
            Ok(upload) => {
                ecities_core::usecases::attachments::add(state.ports(), editor.who(), &p, &upload, &state.media)
                    .await
                    .map(|_| ())
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(CoreError::invalid("file", e.message.clone())),
    };
    let status = match added {
        Ok(()) => {
            return Ok(redirect_to_with(&state, &Flash::Saved(p.key.clone()), &format!("/admin/practices/{key}")));
        }
        Err(e @ (CoreError::Storage(_) | CoreError::Internal(_) | CoreError::Forbidden(_))) => return Err(e.into()),
        Err(e) => ApiError::from(e),
    };
    attachment_refused(&state, &editor, &p, status).await
}

/// Takes an attachment off the practice.
async fn remove_attachment(
    State(state): State<AppState>,
    editor: Editor,
    Path((key, aid)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let p = owned_practice(&state, me, &key).await?;
    match ecities_core::usecases::attachments::remove(state.ports(), editor.who(), &p, &aid).await {
        Ok(p) => Ok(redirect_to_with(&state, &Flash::Saved(p.key.clone()), &format!("/admin/practices/{key}"))),
        Err(e @ CoreError::NotFound(_)) => attachment_refused(&state, &editor, &p, ApiError::from(e)).await,
        Err(e) => Err(e.into()),
    }
}

/// The edit page again, with the refusal (its status and an alert).
async fn attachment_refused(state: &AppState, editor: &Editor, p: &Practice, e: ApiError) -> ApiResult<Response> {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("reason", e.message);
    let message = crate::i18n::text_with(crate::i18n::current(), "flash-error", Some(&args));
    let view = View { error: Some(&message), ..View::default() };
    let fv = FormView { editing: Some(&p.key), form: PracticeForm::from_practice(p), ..FormView::default() };
    write_page(state, editor, e.status, view, &fv).await
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
    /// Instead of a country: a UN M49 region code (`001`: the world).
    #[serde(default)]
    region: String,
    /// Millennium Development Goals, numbers comma separated.
    #[serde(default)]
    mdgs: String,
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
    /// The practices it adapted, one URL per line.
    #[serde(default)]
    adopted_from: String,
    /// `public` (default), `followers` or `named` (then `audience_actors`).
    #[serde(default)]
    audience: String,
    /// The actors of a named audience, one URL per line.
    #[serde(default)]
    audience_actors: String,
    /// RFC 3339, or a `datetime-local` value read as UTC; empty: now.
    #[serde(default)]
    publish_at: String,
    /// `preview` shows the rendered text without publishing.
    #[serde(default)]
    action: String,
}

/// A `datetime-local` value (`2030-01-31T09:00`, no zone) read as UTC;
/// anything else as typed (RFC 3339, or empty).
fn form_time(text: &str) -> String {
    let t = text.trim();
    if chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").is_ok() { format!("{t}:00Z") } else { t.to_owned() }
}

impl PracticeForm {
    fn to_input(&self) -> Result<PracticeInput, CoreError> {
        let goals = |text: &str, field: &str| -> Result<Vec<i64>, CoreError> {
            text.split([',', ' '])
                .filter(|p| !p.trim().is_empty())
                .map(|part| {
                    part.trim()
                        .parse::<i64>()
                        .map_err(|_| CoreError::invalid(field, format!("'{part}' is not a goal number")))
                })
                .collect()
        };
        let sdgs = goals(&self.sdgs, "sdgs")?;
        let mdgs = goals(&self.mdgs, "mdgs")?;
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
        // The place is a country or a region. With no region the country is
        // sent even empty, so that an edit cannot keep an old place by
        // leaving both blank (the use case says a place is required).
        let region = some(&self.region);
        let country = if region.is_some() { some(&self.country) } else { Some(self.country.trim().to_owned()) };
        let translations = some(&self.tr_language).map(|lang| {
            BTreeMap::from([(
                lang,
                TranslationInput {
                    title: some(&self.tr_title),
                    summary: some(&self.tr_summary),
                    content: some(&self.tr_content),
                    ..TranslationInput::default()
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
            country,
            region,
            // Always sent: emptying the field takes the MDGs away.
            mdgs: Some(mdgs),
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
            // Kept by a save; added and removed on their own forms.
            attachments: None,
            adopted_from: list(&self.adopted_from, &['\n', ' ']),
            audience: Some(match self.audience.trim() {
                "named" => AudienceInput::Actors(list(&self.audience_actors, &['\n', ' ']).unwrap_or_default()),
                "" => AudienceInput::Word("public".into()),
                other => AudienceInput::Word(other.to_owned()),
            }),
            publish_at: Some(form_time(&self.publish_at)),
        })
    }

    /// The form showing an existing practice, for editing.
    /// Its translations are edited on their own page and kept by a save.
    fn from_practice(p: &ecities_core::practice::Practice) -> Self {
        let i = p.to_input();
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
            region: i.region.unwrap_or_default(),
            mdgs: i.mdgs.unwrap_or_default().iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "),
            tr_language: String::new(),
            tr_title: String::new(),
            tr_summary: String::new(),
            tr_content: String::new(),
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
            adopted_from: join(&i.adopted_from, "\n"),
            audience: match &p.details.audience {
                ecities_core::practice::PracticeAudience::Public => "public".into(),
                ecities_core::practice::PracticeAudience::Followers => "followers".into(),
                ecities_core::practice::PracticeAudience::Named(_) => "named".into(),
            },
            audience_actors: match &p.details.audience {
                ecities_core::practice::PracticeAudience::Named(list) => {
                    list.iter().map(|u| u.as_str()).collect::<Vec<_>>().join("\n")
                }
                _ => String::new(),
            },
            // A `datetime-local` field shows minutes, in UTC.
            publish_at: p
                .details
                .publish_at
                .map(|t| t.to_datetime().format("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default(),
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
    let me = editor.acting(Need::View)?;
    let existing = match &key {
        Some(k) => Some(owned_practice(state, me, k).await?),
        None => None,
    };
    let result = match form.to_input() {
        Ok(input) if form.action == "preview" => {
            match practices::preview(state.ports(), editor.who(), me, &input, existing.as_ref()) {
                Ok(p) => {
                    let preview = Some(articles(state, &p, me).await?);
                    let fv = FormView { editing: key.as_deref(), preview, form, ..FormView::default() };
                    return write_page(state, editor, StatusCode::OK, View::default(), &fv).await;
                }
                Err(e) => Err(e),
            }
        }
        Ok(input) => match &existing {
            None => practices::publish(state.ports(), editor.who(), me, &input).await,
            Some(p) => practices::edit(state.ports(), editor.who(), p, &input).await,
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
            let field_errors = fields.iter().map(|f| (f.field.clone(), f.message.clone())).collect();
            let fv = FormView { errors: &errors, field_errors, editing: key.as_deref(), form, ..FormView::default() };
            write_page(state, editor, StatusCode::UNPROCESSABLE_ENTITY, View::default(), &fv).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Practice `key`, when it is one of `me`'s and not deleted (404 otherwise:
/// another actor's practices are not this admin's business).
async fn owned_practice(state: &AppState, me: &Actor, key: &str) -> ApiResult<Practice> {
    state
        .store
        .practice_by_key(key)
        .await?
        .filter(|p| p.author == me.id && p.local && !p.is_deleted())
        .ok_or_else(|| ApiError::not_found(format!("practice '{key}'")))
}

/// A practice as its public page shows it, once per language: the
/// original first, then each translation (the public page's own template).
async fn articles(state: &AppState, p: &Practice, author: &Actor) -> ApiResult<Vec<minijinja::Value>> {
    let relays = if p.id.0 == 0 { Vec::new() } else { state.store.relays(p.id).await? };
    practice_languages(p)
        .iter()
        .enumerate()
        .map(|(i, lang)| {
            let html = render_part("practice_article.html", practice_context(state, p, author, &relays, i))?;
            // Its own direction: an English practice stays left to right
            // in the Arabic admin.
            let dir = crate::i18n::text_direction(lang);
            Ok(context! { lang => lang, dir => dir, original => i == 0, html => html })
        })
        .collect()
}

async fn edit_practice(
    State(state): State<AppState>,
    editor: Editor,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let p = owned_practice(&state, me, &key).await?;
    // An attachment added or removed comes back here with its flash.
    let flashed = Flashed::take(&state, &headers).await?;
    let fv = FormView { editing: Some(&key), form: PracticeForm::from_practice(&p), ..FormView::default() };
    let resp = write_page(&state, &editor, StatusCode::OK, flashed.view(), &fv).await?;
    Ok(flashed.clear(&state, resp))
}

/// The practice exactly as published, in every language, with what
/// associations decided about it.
async fn preview_practice(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let p = owned_practice(&state, me, &key).await?;
    let ctx = context! {
        key => p.key,
        title => p.title,
        url => p.url.as_str(),
        articles => articles(&state, &p, me).await?,
        decisions => decisions(&state, &p).await?,
        can_write => Section::Write.open_to(&editor),
    };
    Ok(page(StatusCode::OK, "admin/preview.html", &editor, Section::Practices, View::default(), ctx))
}

/// What deleting will do, and the button that does it.
async fn confirm_delete(State(state): State<AppState>, editor: Editor, Path(key): Path<String>) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let p = owned_practice(&state, me, &key).await?;
    let ctx = context! {
        key => p.key,
        title => p.title,
        url => p.url.as_str(),
        published => p.published_at.to_rfc3339(),
        translations => p.translations.len(),
        relayed => state.store.relays(p.id).await?.len(),
    };
    Ok(page(StatusCode::OK, "admin/delete.html", &editor, Section::Practices, View::default(), ctx))
}

/// Deletes the practice (`usecases::practices::retract`: a Tombstone here,
/// a `Delete` to followers and associations).
async fn delete_practice(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = async {
        let me = editor.acting(Need::View)?;
        let p = owned_practice(&state, me, &key).await?;
        practices::retract(state.ports(), editor.who(), &p).await?;
        Ok(redirect_with(&state, &Flash::Deleted(p.key), Section::Practices))
    }
    .await;
    shown(&state, &editor, Section::Practices, result).await
}

// ------------------------------------------------------------ translations

/// The form of one translation.
#[derive(Deserialize, Serialize, Default)]
pub(crate) struct TranslationForm {
    csrf: Option<String>,
    #[serde(default)]
    language: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    content: String,
}

async fn translations(
    State(state): State<AppState>,
    editor: Editor,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> ApiResult<Response> {
    let flashed = Flashed::take(&state, &headers).await?;
    let resp = translations_page(
        &state,
        &editor,
        &key,
        StatusCode::OK,
        flashed.view(),
        &TranslationForm::default(),
        &[],
        false,
    )
    .await?;
    Ok(flashed.clear(&state, resp))
}

async fn edit_translation(
    State(state): State<AppState>,
    editor: Editor,
    Path((key, lang)): Path<(String, String)>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let p = owned_practice(&state, me, &key).await?;
    let (l, t) = p
        .translations
        .iter()
        .find(|(l, _)| l.to_string() == lang)
        .ok_or_else(|| ApiError::not_found(format!("a translation in '{lang}'")))?;
    let form = TranslationForm {
        csrf: None,
        language: l.to_string(),
        title: t.title.clone(),
        summary: t.summary.clone(),
        content: t.content_markdown.clone().unwrap_or_default(),
    };
    translations_page(&state, &editor, &key, StatusCode::OK, View::default(), &form, &[], true).await
}

/// The languages of a practice, each with its title, and the form to add
/// one (or to edit one: `editing`).
#[allow(clippy::too_many_arguments)]
async fn translations_page(
    state: &AppState,
    editor: &Editor,
    key: &str,
    status: StatusCode,
    view: View<'_>,
    form: &TranslationForm,
    errors: &[String],
    editing: bool,
) -> ApiResult<Response> {
    let me = editor.acting(Need::View)?;
    let p = owned_practice(state, me, key).await?;
    let rows: Vec<_> = p
        .translations
        .iter()
        .map(|(l, t)| context! { lang => l.to_string(), title => t.title, summary => t.summary, status => t.status.as_str(), engine => t.engine, translator => t.translator })
        .collect();
    // What associations and knowledge spaces asked for (open first).
    let asked = ecities_core::usecases::translations::list(
        state.store.as_ref(),
        editor.who(),
        me,
        false,
        ecities_core::store::Page::first(ecities_core::store::MAX_PAGE_SIZE),
    )
    .await?;
    let requests: Vec<_> = asked
        .iter()
        .filter(|(_, practice, _)| practice.id == p.id)
        .map(|(r, _, a)| context! { lang => r.language.to_string(), requester => a.handle(), url => a.url.as_str(), state => r.state.as_str(), at => r.created_at.to_rfc3339() })
        .collect();
    let ctx = context! {
        requests => requests,
        key => p.key,
        title => p.title,
        original => p.language.as_ref().map(|l| l.to_string()),
        translations => rows,
        form => minijinja::Value::from_serialize(form),
        errors => errors,
        editing => editing,
        can_write => Section::Write.open_to(editor),
    };
    Ok(page(status, "admin/translations.html", editor, Section::Practices, view, ctx))
}

async fn save_translation(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
    Form(form): Form<TranslationForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let p = owned_practice(&state, me, &key).await?;
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
    let input = TranslationInput {
        title: some(&form.title),
        summary: some(&form.summary),
        content: some(&form.content),
        // A person writing in the admin: a human translation (the
        // status of one filled by a machine is set through the API).
        ..TranslationInput::default()
    };
    match practices::set_translation(state.ports(), editor.who(), &p, &form.language, &input).await {
        Ok(p) => Ok(redirect_to_with(&state, &Flash::TranslationSaved(p.key.clone()), &translations_path(&p.key))),
        Err(CoreError::Invalid(fields)) => {
            let errors: Vec<String> = fields.iter().map(ToString::to_string).collect();
            let editing = p.translations.keys().any(|l| l.to_string() == form.language.trim());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            translations_page(&state, &editor, &key, status, View::default(), &form, &errors, editing).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn remove_translation(
    State(state): State<AppState>,
    editor: Editor,
    Path((key, lang)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let p = owned_practice(&state, me, &key).await?;
    match practices::remove_translation(state.ports(), editor.who(), &p, &lang).await {
        Ok(p) => Ok(redirect_to_with(&state, &Flash::TranslationRemoved(p.key.clone()), &translations_path(&p.key))),
        Err(e @ CoreError::NotFound(_)) => {
            let e = ApiError::from(e);
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("reason", e.message);
            let message = crate::i18n::text_with(crate::i18n::current(), "flash-error", Some(&args));
            let view = View { error: Some(&message), ..View::default() };
            let form = TranslationForm::default();
            translations_page(&state, &editor, &key, StatusCode::NOT_FOUND, view, &form, &[], false).await
        }
        Err(e) => Err(e.into()),
    }
}

fn translations_path(key: &str) -> String {
    format!("/admin/practices/{key}/translations")
}
