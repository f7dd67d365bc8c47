//! What follows a change to a practice. One step, whoever made the change
//! and however it reached this node: a local author's publish, edit or
//! deletion (API, admin, feed import) and a remote author's own `Create`,
//! `Update` or `Delete` received in the inbox all end here.
//!
//! The plan is made **before** the change is written, and the store writes
//! the change, its activities and the plan in one transaction: an error
//! leaves none of them, a success all of them (a practice is never stored
//! without the relay or review its associations owe it).
//!
//! Who must hear of the change:
//! - the author's **remote followers**: the author's own activity is
//!   queued for their inboxes with the change itself, by the use case that
//!   makes it — or, for a remote author, by its server;
//! - the author's **local followers** share this node's store, so they
//!   already see the practice, stored once: a local knowledge space finds
//!   it in its search and can curate it, a topic announces it on its next
//!   look if it matches;
//! - **local associations** that follow the author (its memberships)
//!   relay it — moderated or not, as an `Announce` to their followers,
//!   with the relay recorded as provenance — exactly as they relay a remote
//!   member ([`super::hub::plan_member_change`]).
//!
//! Relayed copies (`Announce`s received) never come here: only an author's
//! own change is relayed, so hubs following hubs (or a knowledge space)
//! cannot loop, and each association announces a practice once.

use super::Ports;
use super::hub;
use crate::actor::Actor;
use crate::error::CoreResult;
use crate::practice::{Practice, PracticeId};
use crate::store::{OutgoingActivity, RelayStep};

/// What happened to a practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    /// Created as history: an item of a portal's archive (imported here,
    /// or received marked as such). Associations relay it only to their
    /// associations and knowledge spaces, paced.
    Archived,
    Updated,
    Deleted,
}

/// What must be written with `change` to `practice` by its `author`: more
/// activities for the change's `outgoing`, and the [`RelayStep`]s. For a
/// deletion, `practice` is the practice as it was before; `existing` is its
/// id when it is stored already.
#[tracing::instrument(name = "usecase.plan_change", skip_all, fields(change = ?change))]
pub async fn plan(
    ports: Ports<'_>,
    author: &Actor,
    practice: &Practice,
    existing: Option<PracticeId>,
    change: Change,
) -> CoreResult<(Vec<OutgoingActivity>, Vec<RelayStep>)> {
    hub::plan_member_change(ports, author, practice, existing, change).await
}
