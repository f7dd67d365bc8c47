//! Creating local actors (their tokens and users: `access`).

use crate::access::{Permission, Principal};
use crate::actor::{Actor, ActorName, KeyPair, NewLocalActor};
use crate::error::{CoreError, CoreResult};
use crate::store::Store;
use crate::urls::NodeUrls;

/// Creates a local actor with the given fresh key pair: a node-wide
/// setting, the operator's. Nothing is written when the name is taken.
pub async fn create_actor(
    store: &dyn Store,
    who: &Principal,
    urls: &NodeUrls,
    new: &NewLocalActor,
    keys: &KeyPair,
) -> CoreResult<Actor> {
    who.require(Permission::NodeSettings)?;
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

/// The local actor named `name` (checked as an actor name), or NotFound.
pub async fn find_local(store: &dyn Store, name: &str) -> CoreResult<Actor> {
    let name = ActorName::parse(name)?;
    store.local_actor_by_name(&name).await?.ok_or_else(|| CoreError::NotFound(format!("local actor '{name}'")))
}
