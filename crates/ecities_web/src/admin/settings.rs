//! API tokens, users, and the node-wide settings of the operator: the
//! node's name, description and logo, the domain rules and the allowlist
//! mode (the last one from the configuration file, shown read-only).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use ecities_core::access::{Need, Principal, Role};
use ecities_core::actor::ActorId;
use ecities_core::usecases::{access, node};
use fluent_bundle::FluentArgs;
use minijinja::context;
use serde::Deserialize;

use super::{Flash, Section, View, finish, page, page_route, redirect_with, shown};
use crate::AppState;
use crate::auth::Editor;
use crate::error::ApiResult;
use crate::i18n;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", page_route(Section::Settings))
        .route("/admin/users", page_route(Section::Users).post(add_user))
        .route("/admin/users/{id}/remove", post(remove_user))
        .route("/admin/tokens", page_route(Section::Tokens).post(add_token))
        .route("/admin/tokens/{id}/revoke", post(revoke_token))
        .route("/admin/node", post(save_node))
        .route("/admin/domains", post(add_domain))
        .route("/admin/domains/remove", post(remove_domain))
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
            configured => context! {
                blocked => state.configured_domains.blocked,
                allowed => state.configured_domains.allowed,
                allowlist_only => state.configured_domains.allowlist_only,
            },
        },
    ))
}

/// The node's users and their roles (operator only), and the form to add one.
pub(super) async fn users_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let users = access::users(state.store.as_ref(), editor.who()).await?;
    let mut rows = Vec::with_capacity(users.len());
    for u in users {
        rows.push(context! {
            id => u.id,
            login => u.login,
            role => u.holder.role_name(),
            actor => holder_actor(state, &u.holder).await?,
            me => u.id == editor.user.id,
        });
    }
    let ctx = context! { users => rows, holders => holders(state).await? };
    Ok(page(status, "admin/users.html", editor, Section::Users, view, ctx))
}

/// The handle of the actor a principal acts for.
async fn holder_actor(state: &AppState, holder: &Principal) -> ApiResult<Option<String>> {
    Ok(match holder.actor() {
        Some(id) => Some(state.store.actor(id).await?.handle()),
        None => None,
    })
}

/// Who a token or a user may act as, for the operator's forms: the
/// operator, then an editor and a moderator of each local actor.
async fn holders(state: &AppState) -> ApiResult<Vec<minijinja::Value>> {
    let lang = i18n::current();
    let mut out = Vec::new();
    out.push(context! { value => "operator", label => i18n::text(lang, "admin-role-operator") });
    for a in state.store.local_actors().await? {
        for role in [Role::Editor, Role::Moderator] {
            let mut args = FluentArgs::new();
            args.set("handle", a.handle());
            let key = if role == Role::Editor { "admin-role-editor-of" } else { "admin-role-moderator-of" };
            out.push(context! { value => format!("{}:{}", role.as_str(), a.id.0), label => i18n::text_with(lang, key, Some(&args)) });
        }
    }
    Ok(out)
}

/// `operator`, or `editor:ID` / `moderator:ID` (the holder forms' values).
fn parse_holder(value: &str) -> Result<Principal, ecities_core::CoreError> {
    let bad = || ecities_core::CoreError::invalid("holder", format!("'{value}' is not a role of this node"));
    match value.trim() {
        "operator" => Ok(Principal::Operator),
        other => {
            let (role, id) = other.split_once(':').ok_or_else(bad)?;
            let id: i64 = id.parse().map_err(|_| bad())?;
            Ok(Principal::Member { actor: ActorId(id), role: Role::parse(role)? })
        }
    }
}

/// The API tokens the user sees: the operator every token of the node,
/// an editor those of its actor.
pub(super) async fn tokens_page(
    state: &AppState,
    editor: &Editor,
    status: StatusCode,
    view: View<'_>,
) -> ApiResult<Response> {
    let who = editor.who();
    let operator = editor.actor.is_none() && who.allows(ecities_core::access::Permission::NodeSettings);
    let tokens = if operator {
        access::all_tokens(state.store.as_ref(), who).await?
    } else {
        let me = editor.acting(Need::Write)?;
        access::tokens(state.store.as_ref(), who, Some(me.id)).await?
    };
    let mut rows = Vec::with_capacity(tokens.len());
    for t in &tokens {
        rows.push(context! {
            id => t.id,
            label => t.label,
            role => t.holder.role_name(),
            actor => holder_actor(state, &t.holder).await?,
            scope => t.scope.as_str(),
            created => t.created_at.to_rfc3339(),
            used => t.last_used_at.map(|u| u.to_rfc3339()),
        });
    }
    let holders = if operator { holders(state).await? } else { Vec::new() };
    Ok(page(
        status,
        "admin/tokens.html",
        editor,
        Section::Tokens,
        view,
        context! { tokens => rows, holders => holders },
    ))
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
    /// Whom a token is for (the operator's form): see [`parse_holder`].
    #[serde(default)]
    holder: String,
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
    finish(&state, &editor, Section::Settings, result, Flash::NodeSaved).await
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
    finish(
        &state,
        &editor,
        Section::Settings,
        node::remove_domain_rule(state.store.as_ref(), editor.who(), &form.value).await,
        Flash::DomainRemoved,
    )
    .await
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
        let holder = if form.holder.trim().is_empty() {
            Principal::editor(editor.acting(Need::View)?.id)
        } else {
            parse_holder(&form.holder)?
        };
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

async fn revoke_token(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<super::CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    finish(
        &state,
        &editor,
        Section::Tokens,
        access::revoke_token(state.store.as_ref(), editor.who(), id).await,
        Flash::TokenRevoked,
    )
    .await
}

#[derive(Deserialize)]
struct UserForm {
    csrf: Option<String>,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    holder: String,
}

/// The operator adds a user (`usecases::access::create_user`); the
/// password is hashed (Argon2id) away from the async workers.
async fn add_user(State(state): State<AppState>, editor: Editor, Form(form): Form<UserForm>) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    let result = async {
        editor.who().require(ecities_core::access::Permission::NodeSettings)?;
        let holder = parse_holder(&form.holder)?;
        let login = access::parse_login(&form.login)?;
        let password = form.password;
        let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
            .await
            .map_err(|e| ecities_core::CoreError::Internal(format!("password hashing stopped: {e}")))??;
        access::create_user(state.store.as_ref(), editor.who(), &holder, &login, &hash).await?;
        Ok(redirect_with(&state, &Flash::UserCreated, Section::Users))
    }
    .await;
    shown(&state, &editor, Section::Users, result).await
}

async fn remove_user(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<i64>,
    Form(form): Form<super::CsrfForm>,
) -> ApiResult<Response> {
    editor.check_csrf(form.csrf.as_deref())?;
    finish(
        &state,
        &editor,
        Section::Users,
        access::remove_user(state.store.as_ref(), editor.who(), id).await,
        Flash::UserRemoved,
    )
    .await
}
