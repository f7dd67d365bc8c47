//! Recording what a check of a local actor's portal found (the checks are
//! made by the federation crate's portal checker, on a timer; see
//! [`crate::identity`]). A system task: no principal acts. Likewise the
//! associations a local actor says it belongs to: an editor names them
//! ([`claim_memberships`]), the checker asks each association's members
//! collection and records what it found ([`record_membership_check`]).

use url::Url;

use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::{CoreError, CoreResult};
use crate::identity::{
    MembershipClaim, MembershipEvidence, PortalEvidence, parse_membership_claims, served_from_portal_domain,
};
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

/// Sets the associations `actor` says it belongs to (their actor URLs);
/// `who` must be an editor of it (or the operator). Nothing is shown until
/// each association's own members collection confirms it (the checker in
/// the federation crate asks, on a timer).
pub async fn claim_memberships(
    store: &dyn Store,
    who: &Principal,
    actor: &Actor,
    associations: &[String],
) -> CoreResult<Vec<MembershipClaim>> {
    who.require(Permission::Write(actor.id))?;
    if !actor.local {
        return Err(CoreError::NotFound(format!("local actor {}", actor.name)));
    }
    let urls = parse_membership_claims(associations, &actor.url)?;
    store.set_membership_claims(actor.id, &urls).await
}

/// The memberships of `actor` that its associations confirm, in the order
/// its editor named them: what a profile shows.
pub async fn confirmed_memberships(store: &dyn Store, actor: &Actor) -> CoreResult<Vec<MembershipClaim>> {
    Ok(store.membership_claims(actor.id).await?.into_iter().filter(|c| c.confirmed_since().is_some()).collect())
}

/// Records what a check of one of `actor`'s claims found at `at`.
pub async fn record_membership_check(
    store: &dyn Store,
    actor: &Actor,
    association: &Url,
    evidence: &MembershipEvidence,
    at: Timestamp,
) -> CoreResult<()> {
    let (name, since) = match evidence {
        MembershipEvidence::Listed { association_name, since } => (association_name.as_deref(), Some(*since)),
        MembershipEvidence::NotListed { association_name, .. } => (association_name.as_deref(), None),
    };
    store.record_membership_check(actor.id, association, name, since, at).await
}

/// Every association `actor` names, with what the last check of each found
/// (confirmed or not): what its editors see.
pub async fn membership_claims(store: &dyn Store, actor: &Actor) -> CoreResult<Vec<MembershipClaim>> {
    store.membership_claims(actor.id).await
}
