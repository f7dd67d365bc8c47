//! The outbox port: use cases hand it an *intent* ("this practice was
//! published") and get back the activity to store with the change. The
//! federation crate implements it; rendering is pure (no IO), so it can run
//! inside the use case before the single store transaction.

use url::Url;

use crate::actor::Actor;
use crate::error::CoreResult;
use crate::practice::Practice;
use crate::store::OutgoingActivity;

/// Something that happened which other servers must hear about.
#[derive(Debug, Clone, Copy)]
pub enum Intent<'a> {
    PracticePublished {
        author: &'a Actor,
        practice: &'a Practice,
    },
    PracticeEdited {
        author: &'a Actor,
        practice: &'a Practice,
    },
    /// A practice imported from a portal's archive (the first poll of a
    /// feed): a `Create` marked as history, delivered only to the
    /// associations and knowledge spaces that follow the author, paced
    /// ([`crate::store::Audience::Archive`]).
    PracticeArchived {
        author: &'a Actor,
        practice: &'a Practice,
    },
    PracticeRetracted {
        author: &'a Actor,
        practice: &'a Practice,
    },
    /// A local association or knowledge space asks the remote author of a
    /// practice for it in `language` (a `TranslationRequest`).
    TranslationRequested {
        requester: &'a Actor,
        author: &'a Actor,
        practice: &'a Practice,
        language: &'a crate::practice::LanguageTag,
    },
    /// A local actor asks to follow a remote one; `activity_id` is the id
    /// the Follow will carry (stored with the follow so Accept/Undo match).
    Follow {
        follower: &'a Actor,
        target: &'a Actor,
        activity_id: &'a Url,
        /// A relay subscription: the Follow names the Public collection.
        relay: bool,
    },
    /// A local actor undoes its follow.
    Unfollow {
        follower: &'a Actor,
        target: &'a Actor,
        follow_activity_id: &'a Url,
    },
    /// A local actor accepts a remote follower.
    AcceptFollow {
        target: &'a Actor,
        follower: &'a Actor,
        follow_activity_id: &'a Url,
    },
    /// A local actor refuses a remote follower.
    RejectFollow {
        target: &'a Actor,
        follower: &'a Actor,
        follow_activity_id: &'a Url,
    },
    /// A local association relays a member's practice (FEP-1b12 style), or
    /// a later edit or deletion of it, to its followers.
    Announce {
        announcer: &'a Actor,
        author: &'a Actor,
        practice: &'a Practice,
        of: Announced,
        approved: bool,
    },
    // `approved`: relayed after a moderator's explicit approval.
    /// A local actor takes an `Announce` back (a curator unfeatures a
    /// practice): `Undo` of the Announce with id `announce_id`, to the same
    /// audience.
    UndoAnnounce {
        announcer: &'a Actor,
        author: &'a Actor,
        practice: &'a Practice,
        announce_id: &'a Url,
    },
    /// A local actor is gone (a deleted topic): its followers' servers drop
    /// it (`Delete` of the actor, as Mastodon sends for a deleted account).
    ActorDeleted {
        actor: &'a Actor,
    },
    /// A moderator refused a member's practice and tells its author why.
    RejectSubmission {
        association: &'a Actor,
        author: &'a Actor,
        practice: &'a Practice,
        reason: Option<&'a str>,
    },
    /// The author of a practice answers in its conversation: `Create` of
    /// the `Note` to its followers and to `asker` (the author of the reply
    /// it answers, if any).
    ReplyPublished {
        author: &'a Actor,
        practice: &'a Practice,
        reply: &'a crate::reply::NewReply,
        asker: Option<&'a Actor>,
    },
    /// The author of a practice passes an approved reply on to its
    /// followers (`Announce` of the `Note`), so every node holding the
    /// practice sees the same conversation.
    ReplyForwarded {
        author: &'a Actor,
        /// The reply's `Note` and what it answers.
        reply: &'a Url,
        in_reply_to: &'a Url,
        asker: &'a Actor,
    },
    /// The author of a practice takes its forward of a reply back (the
    /// reply's author deleted it, or edited it and it waits for moderation
    /// again): `Undo` of the `Announce`, to its followers, who remove it.
    ReplyWithdrawn {
        author: &'a Actor,
        reply: &'a Url,
    },
    /// The author of a practice deleted its own answer: `Delete` of the
    /// `Note` (as a `Tombstone`) to its followers and to `asker`.
    ReplyDeleted {
        author: &'a Actor,
        reply: &'a Url,
        asker: Option<&'a Actor>,
    },
}

/// What an `Announce` relays.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announced {
    /// The practice itself (a boost in Mastodon).
    Object,
    /// Its author edited it: receivers fetch it again from its origin.
    Update,
    /// Its author deleted it: receivers check its origin and drop it.
    Delete,
    /// The practice itself, from its author's imported archive: marked as
    /// history and sent only to the announcer's followers that are
    /// associations or knowledge spaces, paced
    /// ([`crate::store::Audience::Archive`]).
    Archive,
}

pub trait Outbox: Send + Sync {
    /// A fresh, unguessable key for a new local object or activity.
    fn new_key(&self) -> String;
    /// The activity for an intent, with its audience.
    fn render(&self, intent: Intent<'_>) -> CoreResult<OutgoingActivity>;
}
