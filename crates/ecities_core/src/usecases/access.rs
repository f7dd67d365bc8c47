//! Tokens and admin users: who may act, created and checked here for the
//! REST API, the admin UI and the command line alike.

use crate::access::{Need, Permission, Principal};
use crate::actor::{Actor, ActorId};
use crate::error::{CoreError, CoreResult};
use crate::store::{AdminUser, Store};
use crate::token::{ApiToken, TokenHash, TokenScope, token_from_bytes};

/// The local actor `holder` names must exist (an operator names none).
async fn ensure_local_actor(store: &dyn Store, holder: &Principal) -> CoreResult<()> {
    if let Some(id) = holder.actor() {
        let actor = store.actor(id).await?;
        if !actor.local {
            return Err(CoreError::invalid("actor", "tokens and users belong to local actors only"));
        }
    }
    Ok(())
}

/// Issues a new API token for `holder`: the operator may issue any, an
/// editor only editor tokens of its own actor. Returns the token, shown
/// once; only its hash is stored.
pub async fn create_token(
    store: &dyn Store,
    who: &Principal,
    holder: &Principal,
    label: Option<&str>,
    scope: TokenScope,
    random: &[u8; 32],
) -> CoreResult<(ApiToken, String)> {
    if !who.may_grant(holder) {
        return Err(CoreError::Forbidden(format!(
            "you may not create a token for the {}; an editor creates editor tokens of its own actor, the operator any",
            holder.role_name()
        )));
    }
    ensure_local_actor(store, holder).await?;
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    if label.is_some_and(|l| l.chars().count() > 200) {
        return Err(CoreError::invalid("label", "is longer than 200 characters"));
    }
    let token = token_from_bytes(random);
    let stored = store.create_token(holder, &TokenHash::of(&token), label, scope).await?;
    Ok((stored, token))
}

/// The tokens of an actor (seen by its members) or of the operator.
pub async fn tokens(store: &dyn Store, who: &Principal, of: Option<ActorId>) -> CoreResult<Vec<ApiToken>> {
    who.require(of.map_or(Permission::NodeSettings, Permission::View))?;
    store.tokens(of).await
}

/// Every token of the node, the operator's first, then each local actor's
/// (the operator only).
pub async fn all_tokens(store: &dyn Store, who: &Principal) -> CoreResult<Vec<ApiToken>> {
    who.require(Permission::NodeSettings)?;
    let mut all = store.tokens(None).await?;
    for actor in store.local_actors().await? {
        all.extend(store.tokens(Some(actor.id)).await?);
    }
    Ok(all)
}

/// Revokes token `id`: the operator any, an editor those of its own actor
/// (whatever their role). Returns the token as it was.
pub async fn revoke_token(store: &dyn Store, who: &Principal, id: i64) -> CoreResult<ApiToken> {
    let token = store.token(id).await?.ok_or_else(|| CoreError::NotFound(format!("token {id}")))?;
    who.require(token.holder.actor().map_or(Permission::NodeSettings, Permission::Write))?;
    if !store.delete_token(id).await? {
        return Err(CoreError::NotFound(format!("token {id}")));
    }
    Ok(token)
}

/// Removes admin user `id` and ends its sessions (the operator only). The
/// node keeps at least one operator, or nobody could sign in to change
/// node-wide settings.
pub async fn remove_user(store: &dyn Store, who: &Principal, id: i64) -> CoreResult<AdminUser> {
    who.require(Permission::NodeSettings)?;
    let users = store.admin_users().await?;
    let user = users.iter().find(|u| u.id == id).cloned().ok_or_else(|| CoreError::NotFound(format!("user {id}")))?;
    let operators = users.iter().filter(|u| u.holder == Principal::Operator).count();
    if user.holder == Principal::Operator && operators <= 1 {
        return Err(CoreError::Conflict("the node keeps at least one operator; add another one first".into()));
    }
    if !store.delete_admin_user(id).await? {
        return Err(CoreError::NotFound(format!("user {id}")));
    }
    Ok(user)
}

/// Who holds a bearer token, and what the token may do.
pub async fn authenticate(store: &dyn Store, token: &str) -> CoreResult<(Principal, TokenScope)> {
    store
        .token_holder(&TokenHash::of(token))
        .await?
        .ok_or_else(|| CoreError::Unauthorized("the API token is not valid".into()))
}

/// The local actor `who` acts for, when it may do `need` for it.
pub async fn actor_for(store: &dyn Store, who: &Principal, need: Need) -> CoreResult<Actor> {
    let actor = match who.actor() {
        Some(id) => Some(store.actor(id).await?),
        None => None,
    };
    crate::access::acting(who, actor.as_ref(), need).cloned()
}

/// A login as users type it: no spaces, 1–100 characters.
pub fn parse_login(login: &str) -> CoreResult<String> {
    let login = login.trim();
    if login.is_empty() || login.chars().count() > 100 || login.chars().any(char::is_whitespace) {
        return Err(CoreError::invalid("login", "give a login without spaces, at most 100 characters"));
    }
    Ok(login.to_owned())
}

/// Creates an admin user (a node-wide setting: the operator only). The
/// password is hashed by the caller (Argon2 lives outside the core).
pub async fn create_user(
    store: &dyn Store,
    who: &Principal,
    holder: &Principal,
    login: &str,
    password_hash: &str,
) -> CoreResult<AdminUser> {
    who.require(Permission::NodeSettings)?;
    let login = parse_login(login)?;
    ensure_local_actor(store, holder).await?;
    store.create_admin_user(holder, &login, password_hash).await
}

/// Every admin user (the operator only).
pub async fn users(store: &dyn Store, who: &Principal) -> CoreResult<Vec<AdminUser>> {
    who.require(Permission::NodeSettings)?;
    store.admin_users().await
}
