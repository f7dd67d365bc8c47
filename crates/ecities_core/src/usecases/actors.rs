//! Creating local actors and their API tokens.

use crate::actor::{Actor, ActorName, KeyPair, NewLocalActor};
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::token::{TokenHash, TokenScope, token_from_bytes};
use crate::urls::NodeUrls;

/// Creates a local actor with the given fresh key pair. Nothing is written
/// when the name is taken.
pub async fn create_actor(
    store: &dyn Store,
    urls: &NodeUrls,
    new: &NewLocalActor,
    keys: &KeyPair,
) -> CoreResult<Actor> {
    ensure_name_free(store, &new.name).await?;
    store.create_local_actor(new, &urls.location(&new.name), keys).await
}

/// Fails with a conflict naming why when `name` is taken: by a local
/// actor, or by one that was deleted (names are never reused, since other
/// servers remember the old actor by its URL).
pub async fn ensure_name_free(store: &dyn Store, name: &ActorName) -> CoreResult<()> {
    if store.local_actor_by_name(name).await?.is_some() {
        return Err(CoreError::Conflict(format!("an actor named '{name}' already exists")));
    }
    if store.deleted_local_actor(name).await?.is_some() {
        return Err(CoreError::Conflict(format!(
            "the name '{name}' belonged to an actor that was deleted; names are never reused, choose another"
        )));
    }
    Ok(())
}

/// Name of the instance (application) actor that signs our fetches
/// (FEP-2677): servers in "secure mode" answer only signed GETs.
pub const INSTANCE_ACTOR_NAME: &str = "instance.actor";

/// The instance actor, created with a fresh key pair on first start.
pub async fn ensure_instance_actor(
    store: &dyn Store,
    urls: &NodeUrls,
    keygen: impl FnOnce() -> CoreResult<KeyPair>,
) -> CoreResult<Actor> {
    let name = ActorName::parse(INSTANCE_ACTOR_NAME)?;
    if let Some(actor) = store.local_actor_by_name(&name).await? {
        return Ok(actor);
    }
    let new = NewLocalActor {
        name,
        kind: crate::actor::ActorKind::Application,
        display_name: Some(urls.host().to_owned()),
        summary: Some("The server itself: signs requests made on behalf of this ecities node.".into()),
        country: None,
        portal_url: None,
    };
    store.create_local_actor(&new, &urls.location(&new.name), &keygen()?).await
}

/// Issues a new API token for a local actor. Returns the token, which is
/// shown once; only its hash is stored.
/// The local actor named `name` (checked as an actor name), or NotFound.
pub async fn find_local(store: &dyn Store, name: &str) -> CoreResult<Actor> {
    let name = ActorName::parse(name)?;
    store.local_actor_by_name(&name).await?.ok_or_else(|| CoreError::NotFound(format!("local actor '{name}'")))
}

pub async fn create_token(
    store: &dyn Store,
    actor: &str,
    label: Option<&str>,
    scope: TokenScope,
    random: &[u8; 32],
) -> CoreResult<(Actor, String)> {
    let actor = find_local(store, actor).await?;
    let token = token_from_bytes(random);
    store.create_token(actor.id, &TokenHash::of(&token), label, scope).await?;
    Ok((actor, token))
}

/// The local actor a bearer token belongs to, and what the token may do.
pub async fn authenticate(store: &dyn Store, token: &str) -> CoreResult<(Actor, TokenScope)> {
    let (id, scope) = store
        .actor_for_token(&TokenHash::of(token))
        .await?
        .ok_or_else(|| CoreError::Unauthorized("the API token is not valid".into()))?;
    Ok((store.actor(id).await?, scope))
}
