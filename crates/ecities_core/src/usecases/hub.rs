//! Associations relaying their members' practices, with moderation.

use super::Ports;
use crate::actor::{Actor, ActorKind};
use crate::error::{CoreError, CoreResult};
use crate::follow::FollowState;
use crate::hub::{MAX_REASON_CHARS, Moderation, ModerationDecision, Submission, SubmissionId, SubmissionState};
use crate::outbox::{Announced, Intent};
use crate::practice::{Practice, PracticeId};
use crate::store::{OutgoingActivity, Page, RelayStep};
use crate::time::Timestamp;

pub use super::changes::Change;

/// Most associations on one node that can follow one author (a page).
const MAX_RELAYING_ASSOCIATIONS: u32 = 200;

/// The local associations that relay `author`: those following it. This
/// is what membership means — a post by anyone else is never relayed.
async fn relaying_associations(ports: Ports<'_>, author: &Actor) -> CoreResult<Vec<Actor>> {
    let followers =
        ports.store.followers(author.id, Some(FollowState::Accepted), Page::first(MAX_RELAYING_ASSOCIATIONS)).await?;
    Ok(followers
        .into_iter()
        .map(|(_, a)| a)
        .filter(|a| a.local && a.kind == ActorKind::Association && a.id != author.id)
        .collect())
}

/// What local associations that follow `author` owe a change to
/// `practice` (hosted here or elsewhere): the `Announce`s of an update or
/// deletion they relayed before (to add to the change's `outgoing`) and the
/// [`RelayStep`]s the store writes with the change, in its transaction.
/// Called only by [`super::changes::plan`], before the change is stored;
/// `existing` is the practice's id when it is stored already (an update, a
/// deletion, a `Create` received again). Relayed copies are never relayed
/// again, so nothing loops between hubs.
pub(super) async fn plan_member_change(
    ports: Ports<'_>,
    author: &Actor,
    practice: &Practice,
    existing: Option<PracticeId>,
    change: Change,
) -> CoreResult<(Vec<OutgoingActivity>, Vec<RelayStep>)> {
    let (mut outgoing, mut steps) = (Vec::new(), Vec::new());
    for association in relaying_associations(ports, author).await? {
        let relayed = match existing {
            Some(id) => ports.store.has_relayed(id, association.id).await?,
            None => false,
        };
        let announce = |of| {
            ports.outbox.render(Intent::Announce { announcer: &association, author, practice, of, approved: false })
        };
        match change {
            Change::Created | Change::Archived if relayed => {}
            Change::Created => match association.moderation {
                Moderation::Manual => steps.push(RelayStep::Submit(association.id)),
                Moderation::Auto => steps.push(RelayStep::Relay(association.id, announce(Announced::Object)?)),
            },
            // History: relayed to the association's associations and
            // knowledge spaces only, paced; a moderated association reviews
            // it like any member practice.
            Change::Archived => match association.moderation {
                Moderation::Manual => steps.push(RelayStep::Submit(association.id)),
                Moderation::Auto => steps.push(RelayStep::Relay(association.id, announce(Announced::Archive)?)),
            },
            Change::Updated if relayed => outgoing.push(announce(Announced::Update)?),
            Change::Deleted if relayed => outgoing.push(announce(Announced::Delete)?),
            // Withdrawn while waiting for review: nothing left to decide.
            Change::Deleted => steps.push(RelayStep::Withdraw(association.id)),
            Change::Updated => {}
        }
    }
    Ok((outgoing, steps))
}

fn ensure_association(actor: &Actor) -> CoreResult<()> {
    if actor.local && actor.kind == ActorKind::Association {
        Ok(())
    } else {
        Err(CoreError::Forbidden("only an association moderates and relays".into()))
    }
}

pub async fn set_moderation(ports: Ports<'_>, actor: &Actor, policy: Moderation) -> CoreResult<()> {
    ensure_association(actor)?;
    ports.store.set_moderation(actor.id, policy).await
}

async fn pending_submission(
    ports: Ports<'_>,
    moderator: &Actor,
    id: SubmissionId,
) -> CoreResult<(Submission, Practice, Actor)> {
    ensure_association(moderator)?;
    let submission = ports.store.submission(id).await?;
    if submission.association != moderator.id {
        return Err(CoreError::NotFound(format!("submission {}", id.0)));
    }
    if submission.state != SubmissionState::Pending {
        return Err(CoreError::Conflict(format!("submission {} was already {}", id.0, submission.state.as_str())));
    }
    let practice = ports.store.practice(submission.practice).await?;
    if practice.is_deleted() {
        return Err(CoreError::Conflict("the practice was deleted by its author".into()));
    }
    let author = ports.store.actor(practice.author).await?;
    Ok((submission, practice, author))
}

/// A moderator approves a pending member practice: it is announced now.
#[tracing::instrument(name = "usecase.approve", skip_all, fields(moderator = %moderator.name, submission = id.0))]
pub async fn approve(ports: Ports<'_>, moderator: &Actor, id: SubmissionId) -> CoreResult<Submission> {
    let (submission, practice, author) = pending_submission(ports, moderator, id).await?;
    let announce = ports.outbox.render(Intent::Announce {
        announcer: moderator,
        author: &author,
        practice: &practice,
        of: Announced::Object,
        approved: true,
    })?;
    ports.store.decide_submission(submission.id, SubmissionState::Approved, None, Timestamp::now(), &[announce]).await
}

/// A moderator rejects a pending member practice, and its author hears
/// why. The decision (with the reason) is written with the submission, in
/// one transaction: for a city hosted here that is what its API shows; a
/// city elsewhere also receives a `Reject` saying why, which its node
/// records through [`receive_decision`].
pub async fn reject(
    ports: Ports<'_>,
    moderator: &Actor,
    id: SubmissionId,
    reason: Option<&str>,
) -> CoreResult<Submission> {
    let (submission, practice, author) = pending_submission(ports, moderator, id).await?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(CoreError::invalid("reason", format!("is longer than {MAX_REASON_CHARS} characters")));
    }
    let outgoing = if author.local {
        Vec::new()
    } else {
        vec![ports.outbox.render(Intent::RejectSubmission {
            association: moderator,
            author: &author,
            practice: &practice,
            reason,
        })?]
    };
    ports.store.decide_submission(submission.id, SubmissionState::Rejected, reason, Timestamp::now(), &outgoing).await
}

/// An association on another server decided about one of this node's
/// practices: its `Reject` (with the reason) or its approved `Announce`
/// arrived. Kept only from an association that has the practice's author
/// as a member (follows it); the city's API shows it as `moderation`.
pub async fn receive_decision(
    ports: Ports<'_>,
    association: &Actor,
    practice: &Practice,
    state: SubmissionState,
    reason: Option<&str>,
) -> CoreResult<()> {
    let decision = received_decision(ports, association, practice, state, reason).await?;
    ports.store.record_moderation(&decision).await
}

/// An association on another server approved our member's practice and
/// relayed it (an `Announce` marked `moderated`): the relay and the approval
/// are recorded together, under the same rules as [`receive_decision`].
pub async fn receive_approved_relay(ports: Ports<'_>, association: &Actor, practice: &Practice) -> CoreResult<bool> {
    let decision = received_decision(ports, association, practice, SubmissionState::Approved, None).await?;
    ports.store.record_approved_relay(&decision).await
}

/// A knowledge space on another server featured one of our practices (its
/// `Announce` with `"endorsement": "featuring"`, signed by it): recorded in
/// the practice's provenance as an approved relay, so the city's API and
/// page show who featured it and when. The claim is the knowledge space's
/// own, so it needs no membership; `Undo` of that `Announce` removes it.
pub async fn receive_featuring(ports: Ports<'_>, curator: &Actor, practice: &Practice) -> CoreResult<bool> {
    if curator.local || curator.kind != ActorKind::KnowledgeSpace {
        return Err(CoreError::Forbidden("only a knowledge space on another server features a practice".into()));
    }
    if !practice.local || practice.is_deleted() {
        return Err(CoreError::Forbidden("a featuring is kept only for this node's own practices".into()));
    }
    ports.store.record_relay(practice.id, curator.id, true, Timestamp::now(), &[]).await
}

/// A decision received from another server's association about one of our
/// practices, checked: the association must be remote and the author one
/// of its members.
async fn received_decision(
    ports: Ports<'_>,
    association: &Actor,
    practice: &Practice,
    state: SubmissionState,
    reason: Option<&str>,
) -> CoreResult<ModerationDecision> {
    if association.local || association.kind != ActorKind::Association {
        return Err(CoreError::Forbidden("only an association on another server sends moderation decisions".into()));
    }
    if !practice.local {
        return Err(CoreError::Forbidden("a moderation decision is kept only for this node's own practices".into()));
    }
    let member = ports.store.follow(association.id, practice.author).await?;
    if member.is_none_or(|f| f.state != FollowState::Accepted) {
        return Err(CoreError::Forbidden("the author of this practice is not a member of that association".into()));
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(|r| r.chars().take(MAX_REASON_CHARS).collect());
    Ok(ModerationDecision { practice: practice.id, association: association.id, state, reason, at: Timestamp::now() })
}

/// A knowledge-space curator features a practice: it joins the curated
/// collection and is announced to the curator's followers (once). `who`
/// must be an editor of `curator` (or the operator).
pub async fn curate(
    ports: Ports<'_>,
    who: &crate::access::Principal,
    curator: &Actor,
    practice: &Practice,
) -> CoreResult<bool> {
    who.require(crate::access::Permission::Write(curator.id))?;
    if !(curator.local && curator.kind == ActorKind::KnowledgeSpace) {
        return Err(CoreError::Forbidden("only a knowledge space curates".into()));
    }
    if practice.is_deleted() {
        return Err(CoreError::Conflict("the practice was deleted".into()));
    }
    let author = ports.store.actor(practice.author).await?;
    let announce = ports.outbox.render(Intent::Announce {
        announcer: curator,
        author: &author,
        practice,
        of: Announced::Object,
        approved: true,
    })?;
    let added = ports.store.add_curated(curator.id, practice.id, Timestamp::now(), &[announce]).await?;
    if added {
        // The chain on this node's copy (written, approved, featured): the
        // same record a remote origin keeps of the featuring Announce.
        ports.store.record_relay(practice.id, curator.id, true, Timestamp::now(), &[]).await?;
    }
    Ok(added)
}

/// A knowledge-space curator takes a practice out of its curated collection
/// (unfeatures it): its followers receive `Undo` of the `Announce` that
/// featured it, stored with the removal in one transaction. `who` must be
/// an editor of `curator` (or the operator). `false` when the practice was
/// not featured.
pub async fn uncurate(
    ports: Ports<'_>,
    who: &crate::access::Principal,
    curator: &Actor,
    practice: &Practice,
) -> CoreResult<bool> {
    who.require(crate::access::Permission::Write(curator.id))?;
    if !(curator.local && curator.kind == ActorKind::KnowledgeSpace) {
        return Err(CoreError::Forbidden("only a knowledge space curates".into()));
    }
    let Some(announce_id) = ports.store.curated_announce(curator.id, practice.id).await? else {
        return Ok(false);
    };
    let author = ports.store.actor(practice.author).await?;
    // Featured before announce ids were kept: nothing a receiver could match.
    let undo = match &announce_id {
        Some(id) => vec![ports.outbox.render(Intent::UndoAnnounce {
            announcer: curator,
            author: &author,
            practice,
            announce_id: id,
        })?],
        None => Vec::new(),
    };
    let removed = ports.store.remove_curated(curator.id, practice.id, &undo).await?;
    if removed {
        ports.store.remove_relay(practice.id, curator.id).await?;
    }
    Ok(removed)
}
