//! What follows a change to a practice. One step, whoever made the change
//! and however it reached this node: a local author's publish, edit or
//! deletion (API, admin, feed import) and a remote author's own `Create`,
//! `Update` or `Delete` received in the inbox all end here.
//!
//! Who must hear of the change:
//! - the author's **remote followers**: the author's own activity was
//!   queued for their inboxes with the change itself (one transaction), by
//!   the use case that made it — or, for a remote author, by its server;
//! - the author's **local followers** share this node's store, so they
//!   already see the practice, stored once: a local knowledge space finds
//!   it in its search and can curate it, a topic announces it on its next
//!   look if it matches;
//! - **local associations** that follow the author (its memberships)
//!   relay it — moderated or not, as an `Announce` to their followers,
//!   with the relay recorded as provenance — exactly as they relay a remote
//!   member ([`super::hub::relay_member_change`]).
//!
//! Relayed copies (`Announce`s received) never come here: only an author's
//! own change is relayed, so hubs following hubs (or a knowledge space)
//! cannot loop, and each association announces a practice once.

use super::Ports;
use super::hub;
use crate::actor::Actor;
use crate::error::CoreResult;
use crate::practice::Practice;

/// What happened to a practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Deleted,
}

/// Runs once after `change` to `practice` by its `author` was stored. For a
/// deletion, `practice` is the practice as it was before.
#[tracing::instrument(name = "usecase.after_change", skip_all, fields(practice = practice.id.0, change = ?change))]
pub async fn after_change(ports: Ports<'_>, author: &Actor, practice: &Practice, change: Change) -> CoreResult<()> {
    if change == Change::Deleted {
        // The deletion is committed: its files go (those no other practice
        // still shows).
        super::attachments::forget_unused(ports, &practice.details.attachments).await;
    }
    hub::relay_member_change(ports, author, practice, change).await
}
