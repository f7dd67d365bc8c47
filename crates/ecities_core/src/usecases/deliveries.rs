//! An actor's outgoing deliveries: what its editors (and the operator) may
//! do with them.

use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::CoreResult;
use crate::store::Store;
use crate::time::Timestamp;

/// Queues `actor`'s failed deliveries again, due now. Deliveries belong to
/// the actor whose activities they carry, so this is the actor's, not
/// node-wide: `who` must be an editor of `actor` (or the operator, who
/// names the actor on the command line). Returns how many were queued.
pub async fn replay_failed(store: &dyn Store, who: &Principal, actor: &Actor) -> CoreResult<u64> {
    who.require(Permission::Write(actor.id))?;
    store.replay_failed(actor.id, Timestamp::now()).await
}
