//! What the fediverse does with our practices: likes and boosts (counted,
//! one per account, taken back by `Undo`) and adoptions (another city's
//! practice that names one of ours in its `adopted_from`).
//!
//! No principal: these are what other servers send; the inbox has verified
//! the sender's signature, and each use case checks that the sender may do
//! it.

use url::Url;

use super::Ports;
use crate::actor::{Actor, ActorKind};
use crate::error::{CoreError, CoreResult};
use crate::practice::{MAX_ADOPTED_FROM, Practice};
use crate::store::{AdoptionNotice, ReactionKind};
use crate::time::Timestamp;

/// Whose likes and boosts count: ordinary fediverse accounts. An
/// association's or a knowledge space's `Announce` is a relay or a
/// featuring, a topic's an automatic match (and their endorsements are
/// their own kind of thing), so none of them counts as engagement.
pub fn counts_as_engagement(kind: ActorKind) -> bool {
    !matches!(kind, ActorKind::Association | ActorKind::KnowledgeSpace | ActorKind::Topic)
}

/// A remote account liked (`Like`) or boosted (`Announce`) one of our
/// practices: counted once per account and kind. `Ok(false)` when it does
/// not count (not a practice of ours, deleted, an actor whose announces
/// are relays, or counted already).
#[tracing::instrument(name = "usecase.receive_reaction", skip_all, fields(actor = %sender.url, practice = %practice.ap_id, kind = kind.as_str()))]
pub async fn receive_reaction(
    ports: Ports<'_>,
    sender: &Actor,
    practice: &Practice,
    kind: ReactionKind,
    activity: &Url,
) -> CoreResult<bool> {
    if sender.local {
        return Err(CoreError::Forbidden("reactions come from other servers".into()));
    }
    if !practice.local || practice.is_deleted() || !counts_as_engagement(sender.kind) {
        return Ok(false);
    }
    ports.store.add_reaction(practice.id, sender.id, kind, activity, Timestamp::now()).await
}

/// What an `Undo` of a reaction names: the reaction's practice and kind
/// (the `Like` embedded), or only the `Like`'s id.
#[derive(Debug, Clone, Copy)]
pub enum UndoneReaction<'a> {
    Of(&'a Practice, ReactionKind),
    Activity(&'a Url),
}

/// A remote account takes its like or boost back; only its own.
/// `Ok(false)` when there was nothing to take back.
#[tracing::instrument(name = "usecase.receive_undo_reaction", skip_all, fields(actor = %sender.url))]
pub async fn receive_undo_reaction(ports: Ports<'_>, sender: &Actor, undone: UndoneReaction<'_>) -> CoreResult<bool> {
    match undone {
        UndoneReaction::Of(practice, kind) => ports.store.remove_reaction(practice.id, sender.id, kind).await,
        UndoneReaction::Activity(id) => ports.store.remove_reaction_by_activity(sender.id, id).await,
    }
}

/// A remote author's practice that we do not store (nobody here follows
/// its author) names practices of ours in `adopted_from`: kept as an
/// adoption of each (our practice shows "adopted by"). Sources that are
/// not live practices of this node are dropped, so a stranger cannot fill
/// the table. Returns how many were kept. The caller checked that the
/// sender is the author and the practice is on its server.
#[tracing::instrument(name = "usecase.receive_adoption", skip_all, fields(actor = %sender.url, practice = %notice.practice))]
pub async fn receive_adoption(ports: Ports<'_>, sender: &Actor, mut notice: AdoptionNotice) -> CoreResult<usize> {
    if sender.local || notice.adopter != sender.id {
        return Err(CoreError::Forbidden("only its remote author tells of an adoption".into()));
    }
    let mut ours = Vec::new();
    for source in notice.sources.iter().take(MAX_ADOPTED_FROM) {
        if !ports.urls.is_local(source) {
            continue;
        }
        if let Some(p) = ports.store.practice_by_ap_id(source).await?
            && p.local
            && !p.is_deleted()
            && !ours.contains(&p.ap_id)
        {
            ours.push(p.ap_id);
        }
    }
    notice.sources = ours;
    // An update that no longer names any of ours takes the adoption back.
    ports.store.record_adoption_notice(&notice).await?;
    Ok(notice.sources.len())
}

/// The inboxes to tell of an adoption: the authors of the remote practices
/// `adopted_from` names that this node holds a copy of (it follows them,
/// or an association relayed them). A practice this node has never seen
/// is still named in the object, but nobody is told (we do not fetch
/// strangers' URLs while publishing).
pub(crate) async fn origin_inboxes(ports: Ports<'_>, adopted_from: &[Url]) -> CoreResult<Vec<Url>> {
    let mut inboxes = Vec::new();
    for url in adopted_from {
        if ports.urls.is_local(url) {
            continue;
        }
        let Some(source) = ports.store.practice_by_ap_id(url).await? else { continue };
        if source.local || source.is_deleted() {
            continue;
        }
        let author = ports.store.actor(source.author).await?;
        let inbox = author.delivery_inbox().clone();
        if !inboxes.contains(&inbox) {
            inboxes.push(inbox);
        }
    }
    Ok(inboxes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ordinary_accounts_count_as_engagement() {
        assert!(counts_as_engagement(ActorKind::Person));
        assert!(counts_as_engagement(ActorKind::Application));
        assert!(counts_as_engagement(ActorKind::City));
        assert!(!counts_as_engagement(ActorKind::Association));
        assert!(!counts_as_engagement(ActorKind::KnowledgeSpace));
        assert!(!counts_as_engagement(ActorKind::Topic));
    }
}
