//! API tokens, users, and the node-wide settings of the operator: the
//! node's name, description and logo, and the domain rules.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use ecities_core::access::{Need, Principal};
use ecities_core::usecases::{access, node};
use fluent_bundle::FluentArgs;
use minijinja::context;
use serde::Deserialize;

use super::{Flash, Section, View, page, redirect_with, show, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;
use crate::i18n;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(settings))
        .route("/admin/users", get(users))
        .route("/admin/tokens", get(tokens).post(add_token))
        .route("/admin/node", post(save_node))
        .route("/admin/domains", post(add_domain))
        .route("/admin/domains/remove", post(remove_domain))
}

async fn settings(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Settings).await
}

async fn users(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Users).await
}

async fn tokens(State(state): State<AppState>, editor: Editor, headers: HeaderMap) -> ApiResult<Response> {
    show(&state, &editor, &headers, Section::Tokens).await
}

/// The node's profile and its domain rules (operator only).
pub(super) async fn page_of(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let who = editor.who();
    let rules = node::domain_rules(state.store.as_ref(), who).await?;
    let domains: Vec<_> =
        rules.iter().map(|r| context! { domain => r.domain, rule => r.rule.as_str(), note => r.note }).collect();
    let p = crate::site::stored(state).await?;
    Ok(page(
        status,
        "admin/settings.html",
        editor,
        Section::Settings,
        view,
        context! {
            domains => domains,
            node => context! { name => p.name, description => p.description, logo_url => p.logo.map(|l| l.as_str().to_owned()) },
        },
    ))
}

/// The node's users and their roles (operator only).
pub(super) async fn users_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let users = access::users(state.store.as_ref(), editor.who()).await?;
    let mut rows = Vec::with_capacity(users.len());
    for u in users {
        let actor = match u.holder.actor() {
            Some(id) => Some(state.store.actor(id).await?.handle()),
            None => None,
        };
        rows.push(context! { login => u.login, role => u.holder.role_name(), actor => actor });
    }
    Ok(page(status, "admin/users.html", editor, Section::Users, view, context! { users => rows }))
}

/// The API tokens of the actor the user acts for.
pub(super) async fn tokens_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let me = editor.acting(Need::Write)?;
    let tokens: Vec<_> = access::tokens(state.store.as_ref(), editor.who(), Some(me.id))
        .await?
        .iter()
        .map(|t| context! { label => t.label, role => t.holder.role_name(), scope => t.scope.as_str(), created => t.created_at.to_rfc3339(), used => t.last_used_at.map(|u| u.to_rfc3339()) })
        .collect();
    Ok(page(status, "admin/tokens.html", editor, Section::Tokens, view, context! { tokens => tokens }))
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
    let result = result.map(|_| redirect_with(&state, &Flash::NodeSaved, Section::Settings));
    shown(&state, &editor, Section::Settings, result).await
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
        Ok(redirect_with(&state, &Flash::DomainSaved, Section::Settings))
    }
    .await;
    shown(&state, &editor, Section::Settings, result).await
}

async fn remove_domain(
    State(state): State<AppState>,
    editor: Editor,
    Form(form): Form<SettingForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = node::remove_domain_rule(state.store.as_ref(), editor.who(), &form.value).await;
    let result = result.map(|_| redirect_with(&state, &Flash::DomainRemoved, Section::Settings)).map_err(Into::into);
    shown(&state, &editor, Section::Settings, result).await
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
        tokens_page(&state, &editor, StatusCode::OK, v).await
    }
    .await;
    shown(&state, &editor, Section::Tokens, result).await
}
