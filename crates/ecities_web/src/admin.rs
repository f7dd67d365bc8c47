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
use crate::pages::render;
use crate::throttle::ClientAddr;

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
    let View { notice, errors, editing, preview } = view;
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
                notice => notice, domains => domains, users => users,
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
            notice => notice,
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

async fn dashboard(State(state): State<AppState>, editor: Editor) -> ApiResult<Response> {
    dashboard_page(&state, &editor, StatusCode::OK, View::default(), &PracticeForm::default()).await
}

async fn create_practice(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    save_practice(state, editor, form, None).await
}

async fn update_practice(
    State(state): State<AppState>,
    editor: Editor,
    Path(key): Path<String>,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    save_practice(state, editor, form, Some(key)).await
}

/// Publishes (`key` None), saves an edit, or shows a preview.
async fn save_practice(
    state: AppState,
    editor: Editor,
    form: PracticeForm,
    key: Option<String>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    if form.action == "preview" {
        let preview = Some(ecities_core::content::SafeHtml::from_markdown(&form.content).into_string());
        let v = View { editing: key.as_deref(), preview, ..View::default() };
        return dashboard_page(&state, &editor, StatusCode::OK, v, &form).await;
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
        Ok(p) => {
            let notice = if key.is_some() { format!("Saved: {}", p.title) } else { format!("Published: {}", p.title) };
            dashboard_page(
                &state,
                &editor,
                StatusCode::OK,
                View { notice: Some(&notice), ..View::default() },
                &PracticeForm::default(),
            )
            .await
        }
        Err(CoreError::Invalid(fields)) => {
            let errors: Vec<String> = fields.iter().map(ToString::to_string).collect();
            let v = View { errors: &errors, editing: key.as_deref(), ..View::default() };
            dashboard_page(&state, &editor, StatusCode::UNPROCESSABLE_ENTITY, v, &form).await
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
    crate::site::save_from_form(&state, editor.who(), &change).await?;
    Ok(redirect("/admin"))
}

async fn add_domain(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let rule: ecities_core::hub::DomainRuleKind = if form.rule.is_empty() { "block" } else { &form.rule }.parse()?;
    node::set_domain_rule(state.store.as_ref(), editor.who(), &form.value, rule, Some(&form.note)).await?;
    Ok(redirect("/admin"))
}

async fn remove_domain(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    node::remove_domain_rule(state.store.as_ref(), editor.who(), &form.value).await?;
    Ok(redirect("/admin"))
}

async fn add_token(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let scope = ecities_core::token::TokenScope::parse(if form.rule.is_empty() { "write" } else { &form.rule })?;
    let random: [u8; 32] = rand::random();
    let label = (!form.note.trim().is_empty()).then_some(form.note.trim());
    let me = editor.acting(Need::View)?;
    let holder = Principal::editor(me.id);
    let (_, token) = access::create_token(state.store.as_ref(), editor.who(), &holder, label, scope, &random).await?;
    let notice = format!("New API token (shown once, copy it now): {token}");
    dashboard_page(
        &state,
        &editor,
        StatusCode::OK,
        View { notice: Some(&notice), ..View::default() },
        &PracticeForm::default(),
    )
    .await
}

async fn add_source(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
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
    Ok(redirect("/admin"))
}

async fn poll_source(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let (source, author) = ecities_core::usecases::import::source_to_poll(
        state.store.as_ref(),
        editor.who(),
        ecities_core::import::FeedSourceId(id),
    )
    .await?;
    state.federation.poll_feed(&source, &author).await;
    Ok(redirect("/admin"))
}

async fn approve(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    review::approve(state.ports(), editor.who(), me, SubmissionId(id)).await?;
    Ok(redirect("/admin"))
}

async fn reject(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    review::reject(state.ports(), editor.who(), me, SubmissionId(id), form.reason.as_deref()).await?;
    Ok(redirect("/admin"))
}

async fn replay(State(state): State<AppState>, editor: Editor, Form(form): Form<CsrfForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let me = editor.acting(Need::View)?;
    ecities_core::usecases::deliveries::replay_failed(state.store.as_ref(), editor.who(), me).await?;
    Ok(redirect("/admin"))
}
