//! `/admin`: sign-in for municipal editors and association moderators,
//! writing practices with a translation, the review queue, and the delivery
//! view with a retry button. Every form carries the session's CSRF token.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Form;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::CoreError;
use ecities_core::access::{Need, Permission, Principal};
use ecities_core::actor::ActorKind;
use ecities_core::hub::{SubmissionId, SubmissionState};
use ecities_core::practice::{PracticeInput, TranslationInput};
use ecities_core::store::{Page, PracticeQuery};
use ecities_core::time::Timestamp;
use ecities_core::token::TokenHash;
use ecities_core::usecases::{access, node, practices, review};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{self, Editor, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SESSION_MS, SignInGuard};
use crate::error::ApiResult;
use crate::i18n;
use crate::pages::render;
use crate::throttle::ClientAddr;
use fluent_bundle::FluentArgs;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/login", get(login_page).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/practices", post(create_practice))
        .route("/admin/practices/{key}", get(edit_practice).post(update_practice))
        .route("/admin/node", post(save_node))
        .route("/admin/domains", post(add_domain))
        .route("/admin/domains/remove", post(remove_domain))
        .route("/admin/tokens", post(add_token))
        .route("/admin/feed-sources", post(add_source))
        .route("/admin/feed-sources/{id}/poll", post(poll_source))
        .route("/admin/submissions/{id}/approve", post(approve))
        .route("/admin/submissions/{id}/reject", post(reject))
        .route("/admin/deliveries/replay", post(replay))
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// The cookie that carries a [`Flash`] from a form action to the next
/// `GET /admin`, which shows it once and clears it.
const FLASH_COOKIE: &str = "ecities_flash";

/// A flash only has to survive the redirect that follows its form: one
/// minute, in seconds, is plenty and keeps a stale one from turning up later.
const FLASH_MAX_AGE_SECS: i64 = 60;

/// What a form action did, shown once on the page it redirects to.
///
/// The cookie holds only a code, a few counts, or a practice key the node
/// made itself (never text someone typed); the next page turns it into a
/// sentence in the reader's language. Changing the cookie by hand shows its
/// owner another of these fixed sentences, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Flash {
    Published(String),
    Saved(String),
    Approved,
    Rejected,
    Replayed(u64),
    SourceAdded,
    Polled { created: u64, updated: u64, deleted: u64 },
    PollFailed,
    DomainSaved,
    DomainRemoved,
    NodeSaved,
}

impl Flash {
    fn encode(&self) -> String {
        match self {
            Self::Published(key) => format!("published.{key}"),
            Self::Saved(key) => format!("saved.{key}"),
            Self::Approved => "approved".into(),
            Self::Rejected => "rejected".into(),
            Self::Replayed(n) => format!("replayed.{n}"),
            Self::SourceAdded => "source-added".into(),
            Self::Polled { created, updated, deleted } => format!("polled.{created}.{updated}.{deleted}"),
            Self::PollFailed => "poll-failed".into(),
            Self::DomainSaved => "domain-saved".into(),
            Self::DomainRemoved => "domain-removed".into(),
            Self::NodeSaved => "node-saved".into(),
        }
    }

    fn decode(value: &str) -> Option<Self> {
        let mut parts = value.split('.');
        let code = parts.next()?;
        let rest: Vec<&str> = parts.collect();
        let key = |rest: &[&str]| match rest {
            [k] if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
                Some((*k).to_owned())
            }
            _ => None,
        };
        let counts = |rest: &[&str]| rest.iter().map(|n| n.parse::<u64>().ok()).collect::<Option<Vec<u64>>>();
        Some(match (code, rest.as_slice()) {
            ("published", r) => Self::Published(key(r)?),
            ("saved", r) => Self::Saved(key(r)?),
            ("approved", []) => Self::Approved,
            ("rejected", []) => Self::Rejected,
            ("replayed", r) => match counts(r)?.as_slice() {
                [n] => Self::Replayed(*n),
                _ => return None,
            },
            ("source-added", []) => Self::SourceAdded,
            ("polled", r) => match counts(r)?.as_slice() {
                [created, updated, deleted] => Self::Polled { created: *created, updated: *updated, deleted: *deleted },
                _ => return None,
            },
            ("poll-failed", []) => Self::PollFailed,
            ("domain-saved", []) => Self::DomainSaved,
            ("domain-removed", []) => Self::DomainRemoved,
            ("node-saved", []) => Self::NodeSaved,
            _ => return None,
        })
    }

    /// Failures are announced as alerts, the rest as status messages.
    fn is_error(&self) -> bool {
        matches!(self, Self::PollFailed)
    }

    /// The sentence in the reader's language (`None` when the practice it
    /// names is gone).
    async fn message(&self, state: &AppState) -> ApiResult<Option<String>> {
        let lang = i18n::current();
        let mut args = FluentArgs::new();
        let key = match self {
            Self::Published(k) | Self::Saved(k) => {
                let Some(p) = state.store.practice_by_key(k).await? else { return Ok(None) };
                args.set("title", p.title);
                if matches!(self, Self::Published(_)) { "flash-published" } else { "flash-saved" }
            }
            Self::Approved => "flash-approved",
            Self::Rejected => "flash-rejected",
            Self::Replayed(n) => {
                args.set("count", *n);
                "flash-replayed"
            }
            Self::SourceAdded => "flash-source-added",
            Self::Polled { created, updated, deleted } => {
                args.set("created", *created);
                args.set("updated", *updated);
                args.set("deleted", *deleted);
                "flash-polled"
            }
            Self::PollFailed => "flash-poll-failed",
            Self::DomainSaved => "flash-domain-saved",
            Self::DomainRemoved => "flash-domain-removed",
            Self::NodeSaved => "flash-node-saved",
        };
        Ok(Some(i18n::text_with(lang, key, Some(&args))))
    }
}

/// Back to the dashboard, which shows `flash` once.
fn redirect_with(state: &AppState, flash: &Flash) -> Response {
    let mut resp = redirect("/admin");
    if let Ok(v) = auth::set_cookie(state, FLASH_COOKIE, &flash.encode(), FLASH_MAX_AGE_SECS).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// A form's mistake (bad input, something gone or in the way) is shown on
/// the dashboard as an alert with the error's status; refusals (CSRF, roles)
/// and failures keep their JSON answer.
async fn shown(state: &AppState, editor: &Editor, result: ApiResult<Response>) -> ApiResult<Response> {
    match result {
        Err(e) if matches!(e.status.as_u16(), 400 | 404 | 409 | 422) => {
            let mut reason = e.message.clone();
            for f in &e.fields {
                reason.push_str(&format!("; {f}"));
            }
            let mut args = FluentArgs::new();
            args.set("reason", reason);
            let message = i18n::text_with(i18n::current(), "flash-error", Some(&args));
            let v = View { error: Some(&message), ..View::default() };
            dashboard_page(state, editor, e.status, v, &PracticeForm::default()).await
        }
        other => other,
    }
}

async fn login_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    login_form(&state, &headers, StatusCode::OK, None, "")
}

fn login_form(state: &AppState, headers: &HeaderMap, status: StatusCode, error: Option<&str>, login: &str) -> Response {
    let csrf = auth::cookie(headers, LOGIN_CSRF_COOKIE).filter(|c| c.len() == 64).unwrap_or_else(auth::random_token);
    let mut resp = render(
        status,
        "admin_login.html",
        context! { host => state.urls.host(), csrf => csrf, error => error, login => login },
    );
    if let Ok(v) = auth::set_cookie(state, LOGIN_CSRF_COOKIE, &csrf, 3600).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    csrf: Option<String>,
}

/// The sign-in page again with a 429 or 503 and `Retry-After`.
fn try_later(state: &AppState, headers: &HeaderMap, status: StatusCode, wait: Duration, login: &str) -> Response {
    let secs = wait.as_secs().max(1);
    let when = if secs < 90 { format!("{secs} seconds") } else { format!("{} minutes", secs.div_ceil(60)) };
    let message = if status == StatusCode::TOO_MANY_REQUESTS {
        format!("Too many sign-in attempts. Please wait {when} and try again.")
    } else {
        format!("The server is busy. Please try again in {when}.")
    };
    let mut resp = login_form(state, headers, status, Some(&message), login);
    resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

async fn login(
    State(state): State<AppState>,
    Extension(guard): Extension<Arc<SignInGuard>>,
    ClientAddr(ip): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> ApiResult<Response> {
    // Throttled before anything costs: per address (every attempt) and
    // per login (failures), the same for logins that do not exist.
    if let Err(refusal) = guard.throttle.attempt(ip, &form.login) {
        tracing::info!(ip = ?ip, ?refusal, "sign-in throttled");
        return Ok(try_later(&state, &headers, StatusCode::TOO_MANY_REQUESTS, refusal.retry_after(), &form.login));
    }
    let cookie = auth::cookie(&headers, LOGIN_CSRF_COOKIE);
    let csrf_ok =
        matches!((&cookie, &form.csrf), (Some(c), Some(f)) if auth::constant_time_eq(c.as_bytes(), f.as_bytes()));
    if !csrf_ok {
        return Ok(login_form(
            &state,
            &headers,
            StatusCode::FORBIDDEN,
            Some("The form has expired; please sign in again."),
            &form.login,
        ));
    }
    let user = state.store.admin_user_by_login(form.login.trim()).await?;
    // The same work and the same answer for an unknown login and a wrong
    // password: an unknown login is checked against a dummy hash.
    let (user, hash) = match user {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let Ok(ok) = guard.checker.verify(form.password.clone(), hash).await else {
        return Ok(try_later(&state, &headers, StatusCode::SERVICE_UNAVAILABLE, auth::HASH_WAIT, &form.login));
    };
    let Some(user) = user.filter(|_| ok) else {
        guard.throttle.failed(&form.login);
        return Ok(login_form(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            Some("Wrong login or password."),
            &form.login,
        ));
    };
    guard.throttle.succeeded(&form.login);
    let token = auth::random_token();
    state
        .store
        .create_session(
            user.id,
            &TokenHash::of(&token),
            &auth::random_token(),
            Timestamp::now().plus_millis(SESSION_MS),
        )
        .await?;
    let mut resp = redirect("/admin");
    if let Ok(v) = auth::set_cookie(&state, SESSION_COOKIE, &token, SESSION_MS / 1000).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
    reason: Option<String>,
}

async fn logout(State(state): State<AppState>, editor: Editor, Form(form): Form<CsrfForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    state.store.delete_session(&editor.session).await?;
    let mut resp = redirect("/admin/login");
    if let Ok(v) = auth::set_cookie(&state, SESSION_COOKIE, "", 0).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// The practice form, kept as typed when it has to be shown again.
#[derive(Deserialize, Serialize, Default)]
struct PracticeForm {
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

/// What the dashboard shows besides its lists.
#[derive(Default)]
struct View<'a> {
    notice: Option<&'a str>,
    /// A failed action, announced as an alert.
    error: Option<&'a str>,
    errors: &'a [String],
    /// The key of the practice being edited (the form posts there).
    editing: Option<&'a str>,
    /// Rendered Markdown of a preview.
    preview: Option<String>,
}

async fn dashboard_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
    form: &PracticeForm,
) -> ApiResult<Response> {
    let View { notice, error, errors, editing, preview } = view;
    let who = editor.who();
    let is_operator = who.allows(Permission::NodeSettings);
    let domains: Option<Vec<_>> = if is_operator {
        let rules = node::domain_rules(state.store.as_ref(), who).await?;
        Some(rules.iter().map(|r| context! { domain => r.domain, rule => r.rule.as_str(), note => r.note }).collect())
    } else {
        None
    };
    let users: Option<Vec<_>> = if is_operator {
        let users = access::users(state.store.as_ref(), who).await?;
        let mut rows = Vec::with_capacity(users.len());
        for u in users {
            let actor = match u.holder.actor() {
                Some(id) => Some(state.store.actor(id).await?.handle()),
                None => None,
            };
            rows.push(context! { login => u.login, role => u.holder.role_name(), actor => actor });
        }
        Some(rows)
    } else {
        None
    };
    let node_profile = if is_operator { Some(crate::site::stored(state).await?) } else { None };
    let Some(a) = editor.actor.as_ref() else {
        // The node operator acts for no actor: only node-wide settings.
        return Ok(render(
            status,
            "admin.html",
            context! {
                host => state.urls.host(), login => editor.user.login, role => who.role_name(), csrf => editor.csrf,
                flash => notice, flash_error => error, domains => domains, users => users,
                node => node_profile.map(|p| context! {
                    name => p.name, description => p.description, logo_url => p.logo.map(|l| l.as_str().to_owned()),
                }),
            },
        ));
    };
    let can_write = who.allows(Permission::Write(a.id));
    let can_review = who.allows(Permission::Review(a.id));
    let practices = state
        .store
        .search_practices(&PracticeQuery { author: Some(a.id), ..Default::default() }, Page::first(50))
        .await?;
    let practices: Vec<_> = practices
        .iter()
        .map(|p| context! { url => p.url.as_str(), key => p.key, title => p.title, published => p.published_at.to_rfc3339() })
        .collect();
    let submissions = if a.kind == ActorKind::Association && can_review {
        let rows = review::submissions(state.ports(), who, a, Some(SubmissionState::Pending), Page::first(50)).await?;
        let mut items = Vec::with_capacity(rows.len());
        for s in rows {
            let p = state.store.practice(s.practice).await?;
            let author = state.store.actor(p.author).await?;
            items.push(context! { id => s.id.0, url => p.url.as_str(), title => p.title, author => author.handle() });
        }
        Some(items)
    } else {
        None
    };
    let deliveries: Vec<_> = state
        .store
        .deliveries(Some(a.id), None, Page::first(100))
        .await?
        .iter()
        .map(|d| {
            context! {
                kind => d.activity_kind, inbox => d.inbox.as_str(), state => d.state.as_str(), attempts => d.attempts,
                next => d.next_attempt_at.map(|t| t.to_rfc3339()), error => d.last_error,
            }
        })
        .collect();
    let people = |rows: Vec<(ecities_core::follow::Follow, ecities_core::actor::Actor)>| -> Vec<minijinja::Value> {
        rows.iter()
            .map(|(f, a)| context! { handle => a.handle(), url => a.url.as_str(), state => f.state.as_str() })
            .collect()
    };
    let followers = people(state.store.followers(a.id, None, Page::first(100)).await?);
    let following = people(state.store.following(a.id, None, Page::first(100)).await?);
    let tokens: Vec<_> = access::tokens(state.store.as_ref(), who, Some(a.id))
        .await?
        .iter()
        .map(|t| context! { label => t.label, role => t.holder.role_name(), scope => t.scope.as_str(), created => t.created_at.to_rfc3339(), used => t.last_used_at.map(|u| u.to_rfc3339()) })
        .collect();
    let sources: Vec<_> = state
        .store
        .feed_sources(Some(a.id))
        .await?
        .iter()
        .map(|s| context! { id => s.id.0, url => s.url.as_str(), state => s.state(), imported => s.items_imported, error => s.last_error })
        .collect();
    Ok(render(
        status,
        "admin.html",
        context! {
            host => state.urls.host(),
            login => editor.user.login,
            role => who.role_name(),
            can_write => can_write,
            csrf => editor.csrf,
            actor => context! { name => a.display_name.clone().unwrap_or_else(|| a.name.clone()), kind => a.kind.as_str(), handle => a.handle(), url => a.url.as_str(), country => a.country.as_ref().map(|c| c.code()) },
            flash => notice,
            flash_error => error,
            errors => errors,
            editing => editing,
            preview => preview,
            form => minijinja::Value::from_serialize(form),
            kinds => ecities_core::practice::PracticeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            practices => practices,
            submissions => submissions,
            deliveries => deliveries,
            followers => followers,
            following => following,
            domains => domains,
            users => users,
            tokens => tokens,
            sources => sources,
        },
    ))
}

/// The dashboard, with the flash a form action left (then cleared).
async fn dashboard(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    let cookie = auth::cookie(&headers, FLASH_COOKIE).filter(|c| !c.is_empty());
    let flash = cookie.as_deref().and_then(Flash::decode);
    let message = match &flash {
        Some(f) => f.message(&state).await?,
        None => None,
    };
    let failed = flash.as_ref().is_some_and(Flash::is_error);
    let view = View {
        notice: message.as_deref().filter(|_| !failed),
        error: message.as_deref().filter(|_| failed),
        ..View::default()
    };
    let mut resp = dashboard_page(&state, &editor, StatusCode::OK, view, &PracticeForm::default()).await?;
    if cookie.is_some()
        && let Ok(v) = auth::set_cookie(&state, FLASH_COOKIE, "", 0).parse()
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

async fn create_practice(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    let result = save_practice(&state, &editor, form, None).await;
    shown(&state, &editor, result).await
}

async fn update_practice(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    let result = save_practice(&state, &editor, form, Some(key)).await;
    shown(&state, &editor, result).await
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
        let v = View { editing: key.as_deref(), preview, ..View::default() };
        return dashboard_page(state, editor, StatusCode::OK, v, &form).await;
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
        Ok(p) => Ok(redirect_with(state, &if key.is_some() { Flash::Saved(p.key) } else { Flash::Published(p.key) })),
        Err(CoreError::Invalid(fields)) => {
            let errors: Vec<String> = fields.iter().map(ToString::to_string).collect();
            let v = View { errors: &errors, editing: key.as_deref(), ..View::default() };
            dashboard_page(state, editor, StatusCode::UNPROCESSABLE_ENTITY, v, &form).await
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
        .ok_or_else(|| crate::error::ApiError::not_found(format!("practice '{key}'")))?;
    dashboard_page(
        &state,
        &editor,
        StatusCode::OK,
        View { editing: Some(&key), ..View::default() },
        &PracticeForm::from_practice(&p),
    )
    .await
}

#[derive(Deserialize)]
struct SettingForm {
    csrf: Option<String>,
    #[serde(default)]
    value: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
struct NodeForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    logo_url: String,
}

/// The operator names and describes the node (`usecases::node::set_profile`).
async fn save_node(State(state): State<AppState>, editor: Editor, Form(form): Form<NodeForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let change = ecities_core::node::NodeProfileChange {
        name: Some(form.name),
        description: Some(form.description),
        logo_url: Some(form.logo_url),
    };
    let result = crate::site::save_from_form(&state, editor.who(), &change).await;
    let result = result.map(|_| redirect_with(&state, &Flash::NodeSaved));
    shown(&state, &editor, result).await
}

async fn add_domain(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = async {
        let rule: ecities_core::hub::DomainRuleKind =
            if form.rule.is_empty() { "block" } else { &form.rule }.parse()?;
        node::set_domain_rule(state.store.as_ref(), editor.who(), &form.value, rule, Some(&form.note)).await?;
        Ok(redirect_with(&state, &Flash::DomainSaved))
    }
    .await;
    shown(&state, &editor, result).await
}

async fn remove_domain(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = node::remove_domain_rule(state.store.as_ref(), editor.who(), &form.value).await;
    let result = result.map(|_| redirect_with(&state, &Flash::DomainRemoved)).map_err(Into::into);
    shown(&state, &editor, result).await
}

async fn add_token(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    // The token is shown on this very page, never carried in a cookie: it
    // exists nowhere else in clear.
    let result = async {
        let scope = ecities_core::token::TokenScope::parse(if form.rule.is_empty() { "write" } else { &form.rule })?;
        let random: [u8; 32] = rand::random();
        let label = (!form.note.trim().is_empty()).then_some(form.note.trim());
        let me = editor.acting(Need::View)?;
        let holder = Principal::editor(me.id);
        let (_, token) =
            access::create_token(state.store.as_ref(), editor.who(), &holder, label, scope, &random).await?;
        let mut args = FluentArgs::new();
        args.set("token", token.to_string());
        let notice = i18n::text_with(i18n::current(), "flash-token-created", Some(&args));
        let v = View { notice: Some(&notice), ..View::default() };
        dashboard_page(&state, &editor, StatusCode::OK, v, &PracticeForm::default()).await
    }
    .await;
    shown(&state, &editor, result).await
}

async fn add_source(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
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
        Ok(redirect_with(&state, &Flash::SourceAdded))
    }
    .await;
    shown(&state, &editor, result).await
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
        Err(e) => return shown(&state, &editor, Err(e.into())).await,
    };
    let report = state.federation.poll_feed(&source, &author).await;
    // The reason of a failure is recorded on the source and listed with it.
    let flash = if report.error.is_some() {
        Flash::PollFailed
    } else {
        Flash::Polled { created: count(report.created), updated: count(report.updated), deleted: count(report.deleted) }
    };
    Ok(redirect_with(&state, &flash))
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
    let result = result.map(|_| redirect_with(&state, &Flash::Approved)).map_err(Into::into);
    shown(&state, &editor, result).await
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
    let result = result.map(|_| redirect_with(&state, &Flash::Rejected)).map_err(Into::into);
    shown(&state, &editor, result).await
}

async fn replay(State(state): State<AppState>, editor: Editor, Form(form): Form<CsrfForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    let replayed = ecities_core::usecases::deliveries::replay_failed(state.store.as_ref(), editor.who(), me).await?;
    Ok(redirect_with(&state, &Flash::Replayed(replayed)))
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::Flash;

    #[test]
    fn a_flash_survives_its_cookie_and_anything_else_is_ignored() {
        for f in [
            Flash::Published("a1b2-c3".into()),
            Flash::Approved,
            Flash::Replayed(3),
            Flash::Polled { created: 3, updated: 1, deleted: 0 },
            Flash::PollFailed,
            Flash::NodeSaved,
        ] {
            assert_eq!(Flash::decode(&f.encode()), Some(f));
        }
        for junk in ["", "hello", "published.", "published.<script>", "polled.1.2", "replayed.x", "approved.1"] {
            assert_eq!(Flash::decode(junk), None, "{junk}");
        }
    }
}
