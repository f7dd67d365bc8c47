//! Following and being followed, in both directions.

use std::future::Future;

use url::Url;

use super::Ports;
use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::error::{CoreError, CoreResult};
use crate::follow::{Follow, FollowApproval, FollowId, FollowState};
use crate::outbox::Intent;
use crate::store::Page;

/// A local actor follows another actor, or (`relay`) subscribes to a
/// Mastodon-style relay. `who` must be an editor of `follower` (or the
/// operator); `target` is resolved (perhaps fetched from its server) only
/// after that check. Remote targets get a `Follow` and the relationship
/// stays `pending` until they answer; local targets accept at once.
/// Following again re-sends the request. A relay subscription is a
/// `Follow` of the Public collection: once accepted, the actor's public
/// activities are also sent to the relay, which forwards them to its
/// subscribers. Returns the follow and the target.
#[tracing::instrument(name = "usecase.follow", skip_all, fields(follower = %follower.url))]
pub async fn follow(
    ports: Ports<'_>,
    who: &Principal,
    follower: &Actor,
    target: impl Future<Output = CoreResult<Actor>>,
    relay: bool,
) -> CoreResult<(Follow, Actor)> {
    who.require(Permission::Write(follower.id))?;
    let target = target.await?;
    if !relay {
        return Ok((request_follow(ports, follower, &target, false).await?, target));
    }
    if target.local {
        return Err(CoreError::invalid("target", "a relay is a remote server"));
    }
    let follow = request_follow(ports, follower, &target, true).await?;
    ports.store.mark_relay_subscription(follower.id, target.id).await?;
    Ok((Follow { relay: true, ..follow }, target))
}

async fn request_follow(ports: Ports<'_>, follower: &Actor, target: &Actor, relay: bool) -> CoreResult<Follow> {
    if !follower.local {
        return Err(CoreError::Forbidden("only local actors follow from here".into()));
    }
    if follower.id == target.id {
        return Err(CoreError::invalid("target", "an actor cannot follow itself"));
    }
    if target.local {
        return ports.store.upsert_follow(follower.id, target.id, FollowState::Accepted, None, &[]).await;
    }
    if let Some(existing) = ports.store.follow(follower.id, target.id).await?
        && existing.state == FollowState::Accepted
    {
        return Ok(existing);
    }
    let activity_id = ports.urls.activity(&ports.outbox.new_key());
    let activity = ports.outbox.render(Intent::Follow { follower, target, activity_id: &activity_id, relay })?;
    ports.store.upsert_follow(follower.id, target.id, FollowState::Pending, Some(&activity_id), &[activity]).await
}

/// A local actor stops following; the remote side gets `Undo(Follow)`.
/// `who` must be an editor of `follower` (or the operator); `target` is
/// resolved after that check. Returns the target and whether there was a
/// follow to undo.
pub async fn unfollow(
    ports: Ports<'_>,
    who: &Principal,
    follower: &Actor,
    target: impl Future<Output = CoreResult<Actor>>,
) -> CoreResult<(bool, Actor)> {
    who.require(Permission::Write(follower.id))?;
    let target = target.await?;
    let undone = undo_follow(ports, follower, &target).await?;
    Ok((undone, target))
}

async fn undo_follow(ports: Ports<'_>, follower: &Actor, target: &Actor) -> CoreResult<bool> {
    let Some(existing) = ports.store.follow(follower.id, target.id).await? else {
        return Ok(false);
    };
    let outgoing = match (&existing.activity_id, target.local) {
        (Some(id), false) => {
            vec![ports.outbox.render(Intent::Unfollow { follower, target, follow_activity_id: id })?]
        }
        _ => Vec::new(),
    };
    ports.store.delete_follow(follower.id, target.id, &outgoing).await
}

/// A remote actor asked to follow a local one. With follow approval
/// `auto` (the default) it is accepted: the `Accept` is stored with the
/// follow in one transaction. With `manual` it is stored as a pending
/// follow — a follow request, answered by [`accept_request`] or
/// [`reject_request`] — and nothing is sent; an accepted follower that
/// follows again (servers repeat a `Follow` to repair state) is accepted
/// again at once.
#[tracing::instrument(name = "usecase.receive_follow", skip_all, fields(follower = %follower.url, target = %target.url))]
pub async fn receive_follow(
    ports: Ports<'_>,
    follower: &Actor,
    target: &Actor,
    activity_id: &Url,
) -> CoreResult<Follow> {
    if !target.local {
        return Err(CoreError::NotFound(format!("local actor {}", target.url)));
    }
    if target.follow_approval == FollowApproval::Manual {
        let accepted_before =
            ports.store.follow(follower.id, target.id).await?.is_some_and(|f| f.state == FollowState::Accepted);
        if !accepted_before {
            return ports
                .store
                .upsert_follow(follower.id, target.id, FollowState::Pending, Some(activity_id), &[])
                .await;
        }
    }
    let accept = ports.outbox.render(Intent::AcceptFollow { target, follower, follow_activity_id: activity_id })?;
    ports.store.upsert_follow(follower.id, target.id, FollowState::Accepted, Some(activity_id), &[accept]).await
}

/// Sets how `actor` takes new followers; `who` must be an editor of it (or
/// the operator). Turning approval back to `auto` accepts every pending
/// request, as Mastodon does when an account is unlocked.
#[tracing::instrument(name = "usecase.set_follow_approval", skip_all, fields(actor = %actor.url))]
pub async fn set_follow_approval(
    ports: Ports<'_>,
    who: &Principal,
    actor: &Actor,
    approval: FollowApproval,
) -> CoreResult<()> {
    who.require(Permission::Write(actor.id))?;
    ports.store.set_follow_approval(actor.id, approval).await?;
    if approval == FollowApproval::Auto {
        loop {
            let pending = ports.store.followers(actor.id, Some(FollowState::Pending), Page::first(100)).await?;
            if pending.is_empty() {
                break;
            }
            for (request, follower) in &pending {
                answer_request(ports, actor, request, follower, true).await?;
            }
        }
    }
    Ok(())
}

/// The follow requests `actor` has not answered, newest first; `who` must
/// be allowed to see the actor's lists.
pub async fn requests(
    ports: Ports<'_>,
    who: &Principal,
    actor: &Actor,
    page: Page,
) -> CoreResult<Vec<(Follow, Actor)>> {
    who.require(Permission::View(actor.id))?;
    ports.store.followers(actor.id, Some(FollowState::Pending), page).await
}

/// Accepts the follow request `id` to `actor`: the follower becomes a real
/// one and its server gets `Accept(Follow)`, in one transaction. `who` must
/// be an editor of `actor` (or the operator).
#[tracing::instrument(name = "usecase.accept_follow_request", skip_all, fields(actor = %actor.url, request = id.0))]
pub async fn accept_request(
    ports: Ports<'_>,
    who: &Principal,
    actor: &Actor,
    id: FollowId,
) -> CoreResult<(Follow, Actor)> {
    who.require(Permission::Write(actor.id))?;
    let (request, follower) = pending_request(ports, actor, id).await?;
    let follow = answer_request(ports, actor, &request, &follower, true).await?;
    Ok((follow, follower))
}

/// Rejects the follow request `id` to `actor`: its server gets
/// `Reject(Follow)` and the request is forgotten (the actor may ask
/// again). `who` must be an editor of `actor` (or the operator).
#[tracing::instrument(name = "usecase.reject_follow_request", skip_all, fields(actor = %actor.url, request = id.0))]
pub async fn reject_request(
    ports: Ports<'_>,
    who: &Principal,
    actor: &Actor,
    id: FollowId,
) -> CoreResult<(Follow, Actor)> {
    who.require(Permission::Write(actor.id))?;
    let (request, follower) = pending_request(ports, actor, id).await?;
    let follow = answer_request(ports, actor, &request, &follower, false).await?;
    Ok((follow, follower))
}

/// A pending follow of `actor`, else `NotFound` (another actor's request,
/// an answered one, or none).
async fn pending_request(ports: Ports<'_>, actor: &Actor, id: FollowId) -> CoreResult<(Follow, Actor)> {
    let request = ports
        .store
        .follow_by_id(id)
        .await?
        .filter(|f| f.target == actor.id && f.state == FollowState::Pending)
        .ok_or_else(|| CoreError::NotFound(format!("follow request {}", id.0)))?;
    let follower = ports.store.actor(request.follower).await?;
    Ok((request, follower))
}

/// Accepts (the follow becomes `accepted`, `Accept` sent) or rejects (the
/// follow is removed, `Reject` sent) a pending follow; a local follower is
/// told nothing (it shares the database). Returns the follow as it ends.
async fn answer_request(
    ports: Ports<'_>,
    actor: &Actor,
    request: &Follow,
    follower: &Actor,
    accept: bool,
) -> CoreResult<Follow> {
    let outgoing = match (&request.activity_id, follower.local) {
        (Some(follow_activity_id), false) => {
            let intent = if accept {
                Intent::AcceptFollow { target: actor, follower, follow_activity_id }
            } else {
                Intent::RejectFollow { target: actor, follower, follow_activity_id }
            };
            vec![ports.outbox.render(intent)?]
        }
        _ => Vec::new(),
    };
    if accept {
        ports.store.set_follow_state(request.follower, request.target, FollowState::Accepted, &outgoing).await?;
        Ok(Follow { state: FollowState::Accepted, ..request.clone() })
    } else {
        ports.store.delete_follow(request.follower, request.target, &outgoing).await?;
        Ok(Follow { state: FollowState::Rejected, ..request.clone() })
    }
}

/// A remote actor answered our follow request.
pub async fn receive_answer(
    ports: Ports<'_>,
    sender: &Actor,
    follow_activity: Option<&Url>,
    follower: Option<&Actor>,
    accepted: bool,
) -> CoreResult<()> {
    // Match by the Follow's id when we have it; otherwise by the pair.
    let follow = match follow_activity {
        Some(id) => ports.store.follow_by_activity(id).await?,
        None => None,
    };
    let follow = match (follow, follower) {
        (Some(f), _) => Some(f),
        (None, Some(local)) => ports.store.follow(local.id, sender.id).await?,
        (None, None) => None,
    };
    let Some(follow) = follow else {
        return Err(CoreError::NotFound("a follow request matching this answer".into()));
    };
    if follow.target != sender.id {
        return Err(CoreError::Forbidden("only the followed actor can answer a follow request".into()));
    }
    let state = if accepted { FollowState::Accepted } else { FollowState::Rejected };
    ports.store.set_follow_state(follow.follower, follow.target, state, &[]).await
}

/// A remote follower undid its follow.
pub async fn receive_unfollow(ports: Ports<'_>, follower: &Actor, target: &Actor) -> CoreResult<()> {
    ports.store.delete_follow(follower.id, target.id, &[]).await.map(|_| ())
}

/// What a followers synchronisation (FEP-8fcf) changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FollowersSync {
    /// Our follows of the remote actor that it no longer lists: removed
    /// here (and `Undo(Follow)` sent, so both sides agree).
    pub removed: usize,
    /// Our pending follows that it lists: its `Accept` was lost; accepted.
    pub accepted: usize,
    /// Local actors it lists as followers that do not follow it here:
    /// `Undo(Follow)` sent so it drops them.
    pub undone: usize,
}

/// Repairs the follows between this node's actors and `remote` after a
/// digest mismatch (FEP-8fcf): `listed` is `remote`'s partial followers
/// collection for this host, as it served it. Local actors are compared
/// with it both ways; each difference is settled as Mastodon does.
#[tracing::instrument(name = "usecase.synchronize_followers", skip_all, fields(remote = %remote.url))]
pub async fn synchronize_followers(ports: Ports<'_>, remote: &Actor, listed: &[Url]) -> CoreResult<FollowersSync> {
    if remote.local {
        return Err(CoreError::invalid("actor", "followers are synchronised with remote actors only"));
    }
    let mut report = FollowersSync::default();
    let mut ours = Vec::new();
    let mut before = None;
    loop {
        let page = Page { limit: crate::store::MAX_PAGE_SIZE, before };
        let rows = ports.store.followers(remote.id, None, page).await?;
        let done = rows.len() < crate::store::MAX_PAGE_SIZE as usize;
        before = rows.last().map(|(f, _)| f.id.0);
        ours.extend(rows.into_iter().filter(|(_, a)| a.local));
        if done {
            break;
        }
    }
    for (follow, follower) in &ours {
        let is_listed = listed.contains(&follower.url);
        match (follow.state, is_listed) {
            (FollowState::Accepted, false) => {
                report.removed += usize::from(undo_follow(ports, follower, remote).await?);
            }
            (FollowState::Pending, true) => {
                ports.store.set_follow_state(follower.id, remote.id, FollowState::Accepted, &[]).await?;
                report.accepted += 1;
            }
            _ => {}
        }
    }
    for url in listed {
        if !ports.urls.is_local(url) || ours.iter().any(|(_, a)| &a.url == url) {
            continue;
        }
        let Some(follower) = ports.store.actor_by_url(url).await?.filter(|a| a.local) else { continue };
        // We hold no id for a follow we do not know of: the Undo names a
        // fresh one, with the actor and the object that identify it.
        let follow_activity_id = ports.urls.activity(&ports.outbox.new_key());
        let undo = ports.outbox.render(Intent::Unfollow {
            follower: &follower,
            target: remote,
            follow_activity_id: &follow_activity_id,
        })?;
        ports.store.enqueue(&undo).await?;
        report.undone += 1;
    }
    Ok(report)
}
