//! Recording what a check of a local actor's portal found (the checks are
//! made by the federation crate's portal checker, on a timer; see
//! [`crate::identity`]). A system task: no principal acts.

use crate::actor::Actor;
use crate::error::CoreResult;
use crate::identity::{PortalEvidence, served_from_portal_domain};
use crate::store::Store;
use crate::time::Timestamp;

/// The evidence that needs no request: the node is served from the
/// portal's own domain. `None` when the portal page must be read (or the
/// actor names no portal).
pub fn evidence_without_fetch(actor: &Actor) -> Option<PortalEvidence> {
    let portal = actor.portal_url.as_ref()?;
    served_from_portal_domain(portal, &actor.url).then_some(PortalEvidence::OwnDomain)
}

/// Whether `actor`'s portal is due for a check at `now`: never checked, or
/// last checked `interval_ms` ago or longer.
pub fn portal_check_due(actor: &Actor, now: Timestamp, interval_ms: i64) -> bool {
    actor.local
        && actor.portal_url.is_some()
        && actor.portal_checked_at.is_none_or(|at| now.0.saturating_sub(at.0) >= interval_ms)
}

/// Records a check made at `at`: verified since the first time it passed,
/// cleared by a check that fails.
pub async fn record_portal_check(
    store: &dyn Store,
    actor: &Actor,
    evidence: &PortalEvidence,
    at: Timestamp,
) -> CoreResult<Actor> {
    store.record_portal_check(actor.id, evidence.verified(), at).await
}
