//! An association's review queue and moderation mode, for whoever acts:
//! only a moderator of the association (or the operator) decides. The
//! relaying itself is `hub`.

use super::Ports;
use super::hub;
use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::CoreResult;
use crate::hub::{Moderation, Submission, SubmissionId, SubmissionState};
use crate::store::Page;

/// The association's queue (any member of it may look).
pub async fn submissions(
    ports: Ports<'_>,
    who: &Principal,
    association: &Actor,
    state: Option<SubmissionState>,
    page: Page,
) -> CoreResult<Vec<Submission>> {
    who.require(Permission::View(association.id))?;
    ports.store.submissions(association.id, state, page).await
}

pub async fn set_moderation(
    ports: Ports<'_>,
    who: &Principal,
    association: &Actor,
    policy: Moderation,
) -> CoreResult<()> {
    who.require(Permission::Review(association.id))?;
    hub::set_moderation(ports, association, policy).await
}

pub async fn approve(
    ports: Ports<'_>,
    who: &Principal,
    association: &Actor,
    id: SubmissionId,
) -> CoreResult<Submission> {
    who.require(Permission::Review(association.id))?;
    hub::approve(ports, association, id).await
}

pub async fn reject(
    ports: Ports<'_>,
    who: &Principal,
    association: &Actor,
    id: SubmissionId,
    reason: Option<&str>,
) -> CoreResult<Submission> {
    who.require(Permission::Review(association.id))?;
    hub::reject(ports, association, id, reason).await
}
