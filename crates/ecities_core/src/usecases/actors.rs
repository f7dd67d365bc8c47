//! Creating local actors and their API tokens.

use crate::actor::{Actor, ActorName, KeyPair, NewLocalActor};
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::token::{TokenHash, token_from_bytes};
use crate::urls::NodeUrls;

/// Creates a local actor with the given fresh key pair. Nothing is written
/// when the name is taken.
pub async fn create_actor(
    store: &dyn Store,
    urls: &NodeUrls,
    new: &NewLocalActor,
    keys: &KeyPair,
) -> CoreResult<Actor> {
    if store.local_actor_by_name(&new.name).await?.is_some() {
        return Err(CoreError::Conflict(format!(
            "an actor named '{}' already exists",
            new.name
        )));
    }
    store.create_local_actor(new, &urls.location(&new.name), keys).await
}

/// Issues a new API token for a local actor. Returns the token, which is
/// shown once; only its hash is stored.
pub async fn create_token(
    store: &dyn Store,
    actor: &str,
    label: Option<&str>,
    random: &[u8; 32],
) -> CoreResult<(Actor, String)> {
    let name = ActorName::parse(actor)?;
    let actor = store
        .local_actor_by_name(&name)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("local actor '{name}'")))?;
    let token = token_from_bytes(random);
    store.create_token(actor.id, &TokenHash::of(&token), label).await?;
    Ok((actor, token))
}

/// The local actor a bearer token belongs to.
pub async fn authenticate(store: &dyn Store, token: &str) -> CoreResult<Actor> {
    let id = store
        .actor_for_token(&TokenHash::of(token))
        .await?
        .ok_or_else(|| CoreError::Unauthorized("the API token is not valid".into()))?;
    store.actor(id).await
}
