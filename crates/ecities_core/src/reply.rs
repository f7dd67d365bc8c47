//! The conversation under a practice: replies from fediverse accounts and
//! the answers of the practice's author (issue 22).
//!
//! A reply is kept as sanitised HTML, never as the sender's markup; whether
//! it is shown depends on its [`ReplyState`], which on the practice's own
//! node follows the author's [`RepliesPolicy`].

use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::actor::ActorId;
use crate::content::SafeHtml;
use crate::error::CoreError;
use crate::practice::PracticeId;
use crate::time::Timestamp;

/// Longest answer a city may write, in characters of Markdown: a reply is
/// a few paragraphs, not a second practice.
pub const MAX_ANSWER_CHARS: usize = 5_000;
/// Longest remote reply kept, in characters of HTML; longer ones are
/// dropped on receipt (Mastodon's own limit is 500 characters of text).
pub const MAX_REPLY_HTML_CHARS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyId(pub i64);

/// Where a reply stands. Only `Approved` replies are ever shown or listed
/// publicly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyState {
    Pending,
    Approved,
    Rejected,
}

impl ReplyState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

impl FromStr for ReplyState {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, CoreError> {
        match s.trim() {
            "pending" => Ok(Self::Pending),
            "approved" => Ok(Self::Approved),
            "rejected" => Ok(Self::Rejected),
            other => Err(CoreError::invalid(
                "state",
                format!("'{other}' is not a reply state (expected pending, approved or rejected)"),
            )),
        }
    }
}

impl fmt::Display for ReplyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a local actor takes replies to its practices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RepliesPolicy {
    /// Shown at once (still sanitised, rate-limited, subject to the
    /// domain rules and the actor's blocks).
    Open,
    /// The default: a reply waits until an editor or moderator of the
    /// actor approves it, so nothing appears on a city's pages unread.
    #[default]
    Moderated,
    /// Replies are not stored at all.
    Closed,
}

impl RepliesPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Moderated => "moderated",
            Self::Closed => "closed",
        }
    }
}

impl FromStr for RepliesPolicy {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, CoreError> {
        match s.trim() {
            "open" => Ok(Self::Open),
            "moderated" => Ok(Self::Moderated),
            "closed" => Ok(Self::Closed),
            other => Err(CoreError::invalid(
                "replies",
                format!("'{other}' is not a replies policy (expected open, moderated or closed)"),
            )),
        }
    }
}

impl fmt::Display for RepliesPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored reply (or a local answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub id: ReplyId,
    /// The ActivityPub id of the `Note`.
    pub ap_id: Url,
    /// The practice whose conversation it belongs to.
    pub practice: PracticeId,
    pub author: ActorId,
    /// What it answers: the practice or another reply.
    pub in_reply_to: Url,
    pub content_html: SafeHtml,
    pub state: ReplyState,
    /// Written on this node (a city's answer).
    pub local: bool,
    pub published_at: Timestamp,
    pub received_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    /// Sent through the practice page's question form by someone without
    /// a fediverse account; `author` is then the practice's author, in
    /// whose name it is kept and shown.
    pub via_form: Option<Citizen>,
}

/// A reply to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReply {
    pub ap_id: Url,
    pub practice: PracticeId,
    pub author: ActorId,
    pub in_reply_to: Url,
    pub content_html: SafeHtml,
    pub state: ReplyState,
    pub local: bool,
    pub published_at: Timestamp,
    /// A question from the practice page's form (see [`Reply::via_form`]).
    pub via_form: Option<Citizen>,
}

/// Who asked a question through the form: only the name they chose to
/// give, if any. Nothing else about them (no e-mail, no address) is kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citizen {
    pub name: Option<String>,
}

/// A reply as another server sent it: its `Note`'s id, what it answers,
/// its `context` (the practice, when the sender names it), its text
/// (already sanitised) and when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingReply {
    pub ap_id: Url,
    pub in_reply_to: Url,
    pub context: Option<Url>,
    pub content: SafeHtml,
    pub published: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_moderated_unless_an_editor_says_otherwise() {
        assert_eq!(RepliesPolicy::default(), RepliesPolicy::Moderated);
        for p in [RepliesPolicy::Open, RepliesPolicy::Moderated, RepliesPolicy::Closed] {
            assert_eq!(p.as_str().parse::<RepliesPolicy>().expect("round trip"), p);
        }
        assert!(matches!("sometimes".parse::<RepliesPolicy>(), Err(CoreError::Invalid(_))));
        for s in [ReplyState::Pending, ReplyState::Approved, ReplyState::Rejected] {
            assert_eq!(s.as_str().parse::<ReplyState>().expect("round trip"), s);
        }
    }
}
