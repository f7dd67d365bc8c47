//! `/admin`: sign-in for municipal editors and association moderators,
//! writing practices with a translation, the review queue, and the delivery
//! view with a retry button. Every form carries the session's CSRF token.

use std::collections::BTreeMap;

use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ecities_core::CoreError;
use ecities_core::actor::ActorKind;
use ecities_core::hub::{SubmissionId, SubmissionState};
use ecities_core::practice::{PracticeInput, TranslationInput};
use ecities_core::store::{Page, PracticeQuery};
use ecities_core::time::Timestamp;
use ecities_core::token::TokenHash;
use ecities_core::usecases::{hub, practices};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{self, Editor, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SESSION_MS};
use crate::error::ApiResult;
use crate::pages::render;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/login", get(login_page).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/practices", post(create_practice))
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

async fn login(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<LoginForm>) -> ApiResult<Response> {
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
    // The same answer for an unknown login and a wrong password.
    let Some((user, _)) = user.filter(|(_, hash)| auth::verify_password(&form.password, hash)) else {
        return Ok(login_form(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            Some("Wrong login or password."),
            &form.login,
        ));
    };
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
        Ok(PracticeInput {
            title: some(&self.title),
            summary: some(&self.summary),
            content: some(&self.content),
            kind: some(&self.kind),
            sdgs: Some(sdgs),
            language: some(&self.language),
            country: some(&self.country),
            translations,
            ..Default::default()
        })
    }
}

async fn dashboard_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    notice: Option<&str>,
    errors: &[String],
    form: &PracticeForm,
) -> ApiResult<Response> {
    let a = &editor.actor;
    let practices = state
        .store
        .search_practices(&PracticeQuery { author: Some(a.id), ..Default::default() }, Page::first(50))
        .await?;
    let practices: Vec<_> = practices
        .iter()
        .map(|p| context! { url => p.url.as_str(), title => p.title, published => p.published_at.to_rfc3339() })
        .collect();
    let submissions = if a.kind == ActorKind::Association {
        let rows = state.store.submissions(a.id, Some(SubmissionState::Pending), Page::first(50)).await?;
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
    let deliveries = state.store.deliveries(Some(a.id), None, Page::first(100)).await?;
    let deliveries: Vec<_> = deliveries
        .iter()
        .map(|d| {
            context! {
                kind => d.activity_kind, inbox => d.inbox.as_str(), state => d.state.as_str(), attempts => d.attempts,
                next => d.next_attempt_at.map(|t| t.to_rfc3339()), error => d.last_error,
            }
        })
        .collect();
    Ok(render(
        status,
        "admin.html",
        context! {
            host => state.urls.host(),
            login => editor.user.login,
            csrf => editor.csrf,
            actor => context! { name => a.display_name.clone().unwrap_or_else(|| a.name.clone()), kind => a.kind.as_str(), handle => a.handle(), url => a.url.as_str(), country => a.country.as_ref().map(|c| c.code()) },
            notice => notice,
            errors => errors,
            form => minijinja::Value::from_serialize(form),
            kinds => ecities_core::practice::PracticeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            practices => practices,
            submissions => submissions,
            deliveries => deliveries,
        },
    ))
}

async fn dashboard(State(state): State<AppState>, editor: Editor) -> ApiResult<Response> {
    dashboard_page(&state, &editor, StatusCode::OK, None, &[], &PracticeForm::default()).await
}

async fn create_practice(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<PracticeForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = match form.to_input() {
        Ok(input) => practices::publish(state.ports(), &editor.actor, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => {
            dashboard_page(
                &state,
                &editor,
                StatusCode::OK,
                Some(&format!("Published: {}", p.title)),
                &[],
                &PracticeForm::default(),
            )
            .await
        }
        Err(CoreError::Invalid(fields)) => {
            let errors: Vec<String> = fields.iter().map(ToString::to_string).collect();
            dashboard_page(&state, &editor, StatusCode::UNPROCESSABLE_ENTITY, None, &errors, &form).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn approve(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    hub::approve(state.ports(), &editor.actor, SubmissionId(id)).await?;
    Ok(redirect("/admin"))
}

async fn reject(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    hub::reject(state.ports(), &editor.actor, SubmissionId(id), form.reason.as_deref(), true).await?;
    Ok(redirect("/admin"))
}

async fn replay(State(state): State<AppState>, editor: Editor, Form(form): Form<CsrfForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    state.store.replay_failed(editor.actor.id, Timestamp::now()).await?;
    Ok(redirect("/admin"))
}
