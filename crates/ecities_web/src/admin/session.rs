//! Signing in and out of the admin.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Extension, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::time::Timestamp;
use ecities_core::token::TokenHash;
use minijinja::context;
use serde::Deserialize;

use super::{CsrfForm, redirect};
use crate::AppState;
use crate::auth::{self, Editor, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SESSION_MS, SignInGuard};
use crate::error::ApiResult;
use crate::i18n;
use crate::pages::render;
use crate::throttle::ClientAddr;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/admin/login", get(login_page).post(login)).route("/admin/logout", post(logout))
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
    let (count, key) = match (status == StatusCode::TOO_MANY_REQUESTS, secs < 90) {
        (true, true) => (secs, "admin-signin-throttled-seconds"),
        (true, false) => (secs.div_ceil(60), "admin-signin-throttled-minutes"),
        (false, true) => (secs, "admin-signin-busy-seconds"),
        (false, false) => (secs.div_ceil(60), "admin-signin-busy-minutes"),
    };
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("count", count);
    let message = i18n::text_with(i18n::current(), key, Some(&args));
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
            Some(&i18n::text(i18n::current(), "admin-signin-expired")),
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
            Some(&i18n::text(i18n::current(), "admin-signin-wrong")),
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

async fn logout(State(state): State<AppState>, editor: Editor, Form(form): Form<CsrfForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    state.store.delete_session(&editor.session).await?;
    let mut resp = redirect("/admin/login");
    if let Ok(v) = auth::set_cookie(&state, SESSION_COOKIE, "", 0).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}
