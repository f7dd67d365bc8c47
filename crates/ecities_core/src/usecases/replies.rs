//! The conversation under a practice (issue 22): replies from any
//! fediverse account, moderated per actor, and the answers of the city.
//!
//! On the practice's own node a reply follows its author's
//! [`RepliesPolicy`]: `moderated` (the default) keeps it pending until an
//! editor or moderator of the actor approves it, `open` approves it at once,
//! `closed` stores nothing. An approved reply is passed on to the author's
//! followers (`Announce` of the `Note`) and the city's answers are sent to
//! them too (`Create(Note)`), so a node that holds a copy of the practice —
//! an association, a knowledge space — stores the same conversation; there
//! only what the practice's author wrote or forwarded is taken in.
//!
//! Citizens without a fediverse account ask through a form on the practice
//! page when the actor turned it on ([`set_question_form`], off by
//! default): [`ask`] keeps the question as a reply in the actor's name,
//! marked as coming from the form, and always pending whatever the
//! policy. Approving it publishes it (`Create(Note)` by the actor, saying
//! it is a citizen's question) like an answer; there is no fediverse
//! author to block.

use url::Url;

use super::Ports;
use crate::access::{Permission, Principal};
use crate::actor::Actor;
use crate::content::SafeHtml;
use crate::error::{CoreError, CoreResult};
use crate::outbox::Intent;
use crate::practice::Practice;
use crate::question::{self, Question};
use crate::reply::{Citizen, IncomingReply, MAX_ANSWER_CHARS, NewReply, RepliesPolicy, Reply, ReplyId, ReplyState};
use crate::store::Page;
use crate::time::Timestamp;

/// Who moderates an actor's conversations: its editors and its moderators
/// (and the operator). One check, for approve, reject and the queue.
fn require_moderation(who: &Principal, actor: &Actor) -> CoreResult<()> {
    if who.allows(Permission::Review(actor.id)) {
        return Ok(());
    }
    who.require(Permission::Write(actor.id))
}

/// How `actor` takes replies (moderated when never set).
pub async fn policy(ports: Ports<'_>, actor: &Actor) -> CoreResult<RepliesPolicy> {
    ports.store.replies_policy(actor.id).await
}

/// Sets how `actor` takes replies; `who` must be an editor of it (or the
/// operator). Replies already stored keep their state.
#[tracing::instrument(name = "usecase.set_replies_policy", skip_all, fields(actor = %actor.url))]
pub async fn set_policy(ports: Ports<'_>, who: &Principal, actor: &Actor, policy: RepliesPolicy) -> CoreResult<()> {
    who.require(Permission::Write(actor.id))?;
    if !actor.local {
        return Err(CoreError::NotFound(format!("local actor {}", actor.url)));
    }
    ports.store.set_replies_policy(actor.id, policy).await
}

/// What became of a reply that arrived from another server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    Stored(Box<Reply>),
    /// Not stored, and why (closed, blocked, not about anything here, …).
    Dropped(String),
}

/// A public `Note` from `sender` answering `in_reply_to` (a practice held
/// here, or a reply to one); `context`, when given, names the practice (a
/// reply may arrive before the one it answers). On the practice's own node
/// the author's policy decides; on a node holding a copy only the author's
/// own notes are taken in (the origin moderates and forwards the rest).
#[tracing::instrument(name = "usecase.receive_reply", skip_all, fields(reply = %incoming.ap_id, sender = %sender.url))]
pub async fn receive(ports: Ports<'_>, sender: &Actor, incoming: &IncomingReply) -> CoreResult<Receipt> {
    if let Some(existing) = ports.store.reply_by_ap_id(&incoming.ap_id).await? {
        return Ok(Receipt::Stored(Box::new(existing)));
    }
    let Some(practice) = conversation_of(ports, &incoming.in_reply_to, incoming.context.as_ref()).await? else {
        return Ok(Receipt::Dropped(format!("{} is not a practice or a reply held here", incoming.in_reply_to)));
    };
    if incoming.content.plain_text().trim().is_empty() {
        return Ok(Receipt::Dropped("the reply has no text".into()));
    }
    let author = ports.store.actor(practice.author).await?;
    let state = if practice.local {
        if ports.store.reply_author_blocked(author.id, sender.id).await? {
            return Ok(Receipt::Dropped(format!("{} is blocked from {}'s conversations", sender.url, author.url)));
        }
        match ports.store.replies_policy(author.id).await? {
            RepliesPolicy::Closed => {
                return Ok(Receipt::Dropped(format!("{} does not take replies", author.url)));
            }
            RepliesPolicy::Moderated => ReplyState::Pending,
            RepliesPolicy::Open => ReplyState::Approved,
        }
    } else if sender.id == author.id {
        ReplyState::Approved
    } else {
        return Ok(Receipt::Dropped(format!(
            "the conversation of {} is moderated at its origin; its approved replies come from there",
            practice.ap_id
        )));
    };
    let new = NewReply {
        ap_id: incoming.ap_id.clone(),
        practice: practice.id,
        author: sender.id,
        in_reply_to: incoming.in_reply_to.clone(),
        content_html: incoming.content.clone(),
        state,
        local: false,
        published_at: incoming.published,
        via_form: None,
    };
    let stored = store_received(ports, &author, &practice, &new, sender).await?;
    Ok(Receipt::Stored(Box::new(stored)))
}

/// The author of a practice held here as a copy passed an approved reply
/// on (`Announce`): stored as approved. Anyone else's forward is dropped.
#[tracing::instrument(name = "usecase.receive_forwarded_reply", skip_all, fields(reply = %incoming.ap_id, announcer = %announcer.url))]
pub async fn receive_forwarded(
    ports: Ports<'_>,
    announcer: &Actor,
    replier: &Actor,
    incoming: &IncomingReply,
) -> CoreResult<Receipt> {
    let existing = ports.store.reply_by_ap_id(&incoming.ap_id).await?;
    let Some(practice) = conversation_of(ports, &incoming.in_reply_to, incoming.context.as_ref()).await? else {
        return Ok(Receipt::Dropped(format!("{} is not a practice or a reply held here", incoming.in_reply_to)));
    };
    if practice.local || practice.author != announcer.id {
        return Ok(Receipt::Dropped(format!(
            "{} does not speak for the conversation of {}",
            announcer.url, practice.ap_id
        )));
    }
    if let Some(existing) = existing {
        // Forwarded again: the text as its server serves it now (an edit
        // in an open conversation, or one approved again after an edit).
        if existing.practice != practice.id || existing.author != replier.id {
            return Ok(Receipt::Dropped(format!("{} is held here in another conversation", existing.ap_id)));
        }
        if existing.content_html != incoming.content || existing.state != ReplyState::Approved {
            ports.store.edit_reply(existing.id, &incoming.content, ReplyState::Approved, &[]).await?;
        }
        let current = Reply { content_html: incoming.content.clone(), state: ReplyState::Approved, ..existing };
        return Ok(Receipt::Stored(Box::new(current)));
    }
    let new = NewReply {
        ap_id: incoming.ap_id.clone(),
        practice: practice.id,
        author: replier.id,
        in_reply_to: incoming.in_reply_to.clone(),
        content_html: incoming.content.clone(),
        state: ReplyState::Approved,
        local: false,
        published_at: incoming.published,
        via_form: None,
    };
    let (stored, _) = ports.store.insert_reply(&new, &[]).await?;
    Ok(Receipt::Stored(Box::new(stored)))
}

/// Stores a received reply; one approved at once (an open conversation)
/// is forwarded to the author's followers in the same transaction.
async fn store_received(
    ports: Ports<'_>,
    author: &Actor,
    practice: &Practice,
    new: &NewReply,
    sender: &Actor,
) -> CoreResult<Reply> {
    let outgoing = if practice.local && new.state == ReplyState::Approved {
        vec![ports.outbox.render(Intent::ReplyForwarded {
            author,
            reply: &new.ap_id,
            in_reply_to: &new.in_reply_to,
            asker: sender,
        })?]
    } else {
        Vec::new()
    };
    let (stored, _) = ports.store.insert_reply(new, &outgoing).await?;
    Ok(stored)
}

/// The practice whose conversation `in_reply_to` (or else `context`)
/// belongs to, if this node holds it and it is not deleted.
async fn conversation_of(ports: Ports<'_>, in_reply_to: &Url, context: Option<&Url>) -> CoreResult<Option<Practice>> {
    for candidate in std::iter::once(in_reply_to).chain(context) {
        if let Some(p) = ports.store.practice_by_ap_id(candidate).await? {
            return Ok(Some(p).filter(|p| !p.is_deleted()));
        }
        if let Some(r) = ports.store.reply_by_ap_id(candidate).await? {
            return Ok(Some(ports.store.practice(r.practice).await?).filter(|p| !p.is_deleted()));
        }
    }
    Ok(None)
}

/// The approved conversation of a practice, newest first (public).
pub async fn approved(ports: Ports<'_>, practice: &Practice, page: Page) -> CoreResult<Vec<(Reply, Actor)>> {
    ports.store.practice_replies(practice.id, Some(ReplyState::Approved), page).await
}

/// The replies to `actor`'s practices in `state`, newest first: the
/// moderation queue with `Pending`. `who` must moderate the actor.
pub async fn queue(
    ports: Ports<'_>,
    who: &Principal,
    actor: &Actor,
    state: Option<ReplyState>,
    page: Page,
) -> CoreResult<Vec<(Reply, Actor)>> {
    require_moderation(who, actor)?;
    ports.store.replies_to_actor(actor.id, state, page).await
}

/// A pending reply to one of `actor`'s practices, else `NotFound`.
async fn pending_reply(ports: Ports<'_>, actor: &Actor, id: ReplyId) -> CoreResult<(Reply, Practice)> {
    let not_found = || CoreError::NotFound(format!("pending reply {}", id.0));
    let reply = ports.store.reply(id).await?.filter(|r| r.state == ReplyState::Pending).ok_or_else(not_found)?;
    let practice = ports.store.practice(reply.practice).await?;
    if practice.author != actor.id || !practice.local {
        return Err(not_found());
    }
    Ok((reply, practice))
}

/// Approves a pending reply to one of `actor`'s practices: it is shown
/// and passed on to the actor's followers (`Announce`), in one
/// transaction. `who` must moderate the actor.
#[tracing::instrument(name = "usecase.approve_reply", skip_all, fields(actor = %actor.url, reply = id.0))]
pub async fn approve(ports: Ports<'_>, who: &Principal, actor: &Actor, id: ReplyId) -> CoreResult<(Reply, Actor)> {
    require_moderation(who, actor)?;
    let (reply, _) = pending_reply(ports, actor, id).await?;
    let asker = ports.store.actor(reply.author).await?;
    let approved = Reply { state: ReplyState::Approved, decided_at: Some(Timestamp::now()), ..reply };
    let outgoing = if let Some(citizen) = &approved.via_form {
        // A citizen's question: published now by the actor, in whose name
        // it is kept, saying whose question it is.
        let practice = ports.store.practice(approved.practice).await?;
        let note = NewReply {
            ap_id: approved.ap_id.clone(),
            practice: approved.practice,
            author: actor.id,
            in_reply_to: approved.in_reply_to.clone(),
            content_html: question::note_html(citizen.name.as_deref(), &approved.content_html),
            state: ReplyState::Approved,
            local: true,
            published_at: approved.published_at,
            via_form: Some(citizen.clone()),
        };
        vec![ports.outbox.render(Intent::ReplyPublished {
            author: actor,
            practice: &practice,
            reply: &note,
            asker: None,
        })?]
    } else if asker.local {
        Vec::new()
    } else {
        vec![ports.outbox.render(Intent::ReplyForwarded {
            author: actor,
            reply: &approved.ap_id,
            in_reply_to: &approved.in_reply_to,
            asker: &asker,
        })?]
    };
    ports.store.decide_reply(approved.id, ReplyState::Approved, &outgoing).await?;
    Ok((approved, asker))
}

/// Rejects a pending reply to one of `actor`'s practices (never shown,
/// nothing sent); with `block_author`, that author's later replies to the
/// actor's practices are dropped on receipt (refused for a question from
/// the form, which has no such author). `who` must moderate the actor.
#[tracing::instrument(name = "usecase.reject_reply", skip_all, fields(actor = %actor.url, reply = id.0))]
pub async fn reject(
    ports: Ports<'_>,
    who: &Principal,
    actor: &Actor,
    id: ReplyId,
    block_author: bool,
) -> CoreResult<(Reply, Actor)> {
    require_moderation(who, actor)?;
    let (reply, _) = pending_reply(ports, actor, id).await?;
    if block_author && reply.via_form.is_some() {
        return Err(CoreError::invalid(
            "block_author",
            "a question from the practice page's form has no fediverse author to block; reject it without blocking",
        ));
    }
    ports.store.decide_reply(reply.id, ReplyState::Rejected, &[]).await?;
    if block_author {
        ports.store.block_reply_author(actor.id, reply.author).await?;
    }
    let author = ports.store.actor(reply.author).await?;
    Ok((Reply { state: ReplyState::Rejected, decided_at: Some(Timestamp::now()), ..reply }, author))
}

/// The author of a local practice answers in its conversation — the
/// practice itself, or the approved reply `to` — with `markdown`. The
/// answer is shown at once and sent (`Create(Note)`) to the author's
/// followers and to the asker, in one transaction. `who` must be an editor
/// of the practice's author (or the operator).
#[tracing::instrument(name = "usecase.answer", skip_all, fields(practice = %practice.ap_id))]
pub async fn answer(
    ports: Ports<'_>,
    who: &Principal,
    practice: &Practice,
    to: Option<ReplyId>,
    markdown: &str,
) -> CoreResult<Reply> {
    who.require(Permission::Write(practice.author))?;
    if !practice.local || practice.is_deleted() {
        return Err(CoreError::NotFound(format!("local practice '{}'", practice.key)));
    }
    let markdown = markdown.trim();
    if markdown.is_empty() {
        return Err(CoreError::invalid("content", "an answer needs some text"));
    }
    if markdown.chars().count() > MAX_ANSWER_CHARS {
        return Err(CoreError::invalid("content", format!("an answer is at most {MAX_ANSWER_CHARS} characters")));
    }
    let (in_reply_to, asker) = match to {
        Some(id) => {
            let reply = ports
                .store
                .reply(id)
                .await?
                .filter(|r| r.practice == practice.id && r.state == ReplyState::Approved)
                .ok_or_else(|| CoreError::invalid("in_reply_to", format!("{} is not an approved reply here", id.0)))?;
            let asker = ports.store.actor(reply.author).await?;
            (reply.ap_id, Some(asker))
        }
        None => (practice.ap_id.clone(), None),
    };
    let author = ports.store.actor(practice.author).await?;
    let new = NewReply {
        ap_id: ports.urls.reply(&ports.outbox.new_key()),
        practice: practice.id,
        author: author.id,
        in_reply_to,
        content_html: SafeHtml::from_markdown(markdown),
        state: ReplyState::Approved,
        local: true,
        published_at: Timestamp::now(),
        via_form: None,
    };
    let asker = asker.filter(|a| a.id != author.id);
    let create = ports.outbox.render(Intent::ReplyPublished {
        author: &author,
        practice,
        reply: &new,
        asker: asker.as_ref(),
    })?;
    let (stored, _) = ports.store.insert_reply(&new, &[create]).await?;
    Ok(stored)
}

/// The author of a reply edited it (`Update` of the `Note`, from `sender`).
/// Only the reply's own author edits it; a reply not held yet is taken as
/// new. On the practice's own node an edited reply is moderated again
/// unless the conversation is open: an approved one goes back to pending
/// and its forward is taken back (`Undo` of the `Announce`) until an
/// editor approves the new text; in an open conversation it is forwarded
/// again, and the nodes holding the practice fetch the new text. On a node
/// holding a copy only the practice's author edits (the origin forwards
/// the rest).
#[tracing::instrument(name = "usecase.receive_reply_edit", skip_all, fields(reply = %incoming.ap_id, sender = %sender.url))]
pub async fn receive_edit(ports: Ports<'_>, sender: &Actor, incoming: &IncomingReply) -> CoreResult<Receipt> {
    let Some(existing) = ports.store.reply_by_ap_id(&incoming.ap_id).await? else {
        return receive(ports, sender, incoming).await;
    };
    if existing.author != sender.id {
        return Ok(Receipt::Dropped(format!("only the author of {} edits it", existing.ap_id)));
    }
    if incoming.content.plain_text().trim().is_empty() {
        return Ok(Receipt::Dropped("the edited reply has no text".into()));
    }
    let practice = ports.store.practice(existing.practice).await?;
    let author = ports.store.actor(practice.author).await?;
    let (state, outgoing) = if practice.local {
        let open = ports.store.replies_policy(author.id).await? == RepliesPolicy::Open;
        match existing.state {
            ReplyState::Approved if open => (
                ReplyState::Approved,
                vec![ports.outbox.render(Intent::ReplyForwarded {
                    author: &author,
                    reply: &existing.ap_id,
                    in_reply_to: &existing.in_reply_to,
                    asker: sender,
                })?],
            ),
            ReplyState::Approved => (
                ReplyState::Pending,
                vec![ports.outbox.render(Intent::ReplyWithdrawn { author: &author, reply: &existing.ap_id })?],
            ),
            other => (other, Vec::new()),
        }
    } else if sender.id == author.id {
        (existing.state, Vec::new())
    } else {
        return Ok(Receipt::Dropped(format!(
            "the conversation of {} is moderated at its origin; edits come from there",
            practice.ap_id
        )));
    };
    ports.store.edit_reply(existing.id, &incoming.content, state, &outgoing).await?;
    let edited = Reply { content_html: incoming.content.clone(), state, ..existing };
    Ok(Receipt::Stored(Box::new(edited)))
}

/// The author of a reply deleted it (`Delete` from `sender`): removed,
/// only when `sender` wrote it. On the practice's own node an approved
/// reply's forward is taken back (`Undo` of the `Announce`), so the nodes
/// holding the practice remove it too. `false` when `sender` is not its
/// author.
#[tracing::instrument(name = "usecase.receive_reply_delete", skip_all, fields(reply = %reply.ap_id, sender = %sender.url))]
pub async fn receive_delete(ports: Ports<'_>, sender: &Actor, reply: &Reply) -> CoreResult<bool> {
    if reply.author != sender.id {
        return Ok(false);
    }
    let practice = ports.store.practice(reply.practice).await?;
    let outgoing = if practice.local && !reply.local && reply.state == ReplyState::Approved {
        let author = ports.store.actor(practice.author).await?;
        vec![ports.outbox.render(Intent::ReplyWithdrawn { author: &author, reply: &reply.ap_id })?]
    } else {
        Vec::new()
    };
    ports.store.delete_reply(reply.id, &outgoing).await
}

/// The author of a practice held here as a copy took its forward of a
/// reply back (`Undo` of the `Announce`): the reply is removed. Anyone
/// else's `Undo` changes nothing (`false`).
#[tracing::instrument(name = "usecase.receive_reply_withdrawn", skip_all, fields(reply = %reply.ap_id, announcer = %announcer.url))]
pub async fn receive_withdrawn(ports: Ports<'_>, announcer: &Actor, reply: &Reply) -> CoreResult<bool> {
    let practice = ports.store.practice(reply.practice).await?;
    if practice.local || practice.author != announcer.id || reply.author == announcer.id {
        return Ok(false);
    }
    ports.store.delete_reply(reply.id, &[]).await
}

/// The author of a practice deletes one of its own answers: removed from
/// the page and the `replies` collection, and a `Delete` goes to its
/// followers and to the asker, in one transaction. `who` must be an editor
/// of the practice's author (or the operator).
#[tracing::instrument(name = "usecase.delete_answer", skip_all, fields(reply = id.0))]
pub async fn delete_answer(ports: Ports<'_>, who: &Principal, id: ReplyId) -> CoreResult<Reply> {
    let not_found = || CoreError::NotFound(format!("answer {}", id.0));
    let reply = ports.store.reply(id).await?.filter(|r| r.local).ok_or_else(not_found)?;
    let practice = ports.store.practice(reply.practice).await?;
    who.require(Permission::Write(practice.author))?;
    if reply.author != practice.author || !practice.local {
        return Err(not_found());
    }
    let author = ports.store.actor(practice.author).await?;
    let asker = match ports.store.reply_by_ap_id(&reply.in_reply_to).await? {
        Some(answered) if answered.author != author.id => Some(ports.store.actor(answered.author).await?),
        _ => None,
    };
    let delete =
        ports.outbox.render(Intent::ReplyDeleted { author: &author, reply: &reply.ap_id, asker: asker.as_ref() })?;
    if !ports.store.delete_reply(reply.id, &[delete]).await? {
        return Err(not_found());
    }
    Ok(reply)
}

/// Whether `actor`'s practice pages show the citizen question form.
pub async fn question_form(ports: Ports<'_>, actor: &Actor) -> CoreResult<bool> {
    ports.store.question_form(actor.id).await
}

/// Turns the question form on `actor`'s practice pages on or off; `who`
/// must be an editor of it (or the operator).
#[tracing::instrument(name = "usecase.set_question_form", skip_all, fields(actor = %actor.url, on))]
pub async fn set_question_form(ports: Ports<'_>, who: &Principal, actor: &Actor, on: bool) -> CoreResult<()> {
    who.require(Permission::Write(actor.id))?;
    if !actor.local {
        return Err(CoreError::NotFound(format!("local actor {}", actor.url)));
    }
    ports.store.set_question_form(actor.id, on).await
}

/// The HMAC key of the form's time tokens: made on first use from two
/// fresh unguessable keys (244 random bits) and kept in the database.
async fn form_secret(ports: Ports<'_>) -> CoreResult<String> {
    let candidate = format!("{}{}", ports.outbox.new_key(), ports.outbox.new_key());
    ports.store.node_secret(question::TOKEN_SECRET, &candidate).await
}

/// Whether `practice`'s page takes questions: a public local practice whose
/// author turned the form on.
async fn takes_questions(ports: Ports<'_>, practice: &Practice) -> CoreResult<bool> {
    Ok(practice.local
        && practice.is_public()
        && !practice.is_deleted()
        && ports.store.question_form(practice.author).await?)
}

/// The time token for a question form on `practice`'s page rendered now,
/// or `None` when the page shows no form.
pub async fn question_token(ports: Ports<'_>, practice: &Practice) -> CoreResult<Option<String>> {
    if !takes_questions(ports, practice).await? {
        return Ok(None);
    }
    let secret = form_secret(ports).await?;
    Ok(Some(question::issue_token(&secret, practice.id, Timestamp::now())))
}

/// What the question form sent: the question, the name given, the time
/// token and the honeypot field (which people leave empty: it is hidden
/// and labelled as such).
#[derive(Debug, Clone, Default)]
pub struct QuestionForm<'a> {
    pub question: &'a str,
    pub name: Option<&'a str>,
    pub token: &'a str,
    pub honeypot: &'a str,
}

/// A citizen asks about `practice` through its page's form (anyone: the
/// web layer limits how often one address may). Refused when the form is
/// off (`NotFound`), the honeypot is filled or the token is forged, too
/// fresh or too old (`Invalid`). The question is stored as plain text
/// made into escaped HTML, in the practice author's name, marked as from
/// the form, and always pending: nothing is shown or sent before an editor
/// or moderator of the actor approves it.
#[tracing::instrument(name = "usecase.ask_question", skip_all, fields(practice = %practice.ap_id))]
pub async fn ask(ports: Ports<'_>, practice: &Practice, form: &QuestionForm<'_>) -> CoreResult<Reply> {
    if !takes_questions(ports, practice).await? {
        return Err(CoreError::NotFound(format!("a question form on practice '{}'", practice.key)));
    }
    if !form.honeypot.trim().is_empty() {
        return Err(CoreError::invalid("website", "this field is for robots only and must stay empty"));
    }
    let secret = form_secret(ports).await?;
    question::verify_token(&secret, practice.id, form.token, Timestamp::now()).map_err(|p| p.into_error())?;
    let q = Question::parse(form.question, form.name)?;
    let new = NewReply {
        ap_id: ports.urls.reply(&ports.outbox.new_key()),
        practice: practice.id,
        author: practice.author,
        in_reply_to: practice.ap_id.clone(),
        content_html: q.html(),
        state: ReplyState::Pending,
        local: true,
        published_at: Timestamp::now(),
        via_form: Some(Citizen { name: q.name }),
    };
    let (stored, _) = ports.store.insert_reply(&new, &[]).await?;
    Ok(stored)
}
