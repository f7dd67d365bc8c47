//! Follow relationships between actors, local or remote, in either direction.

use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::actor::ActorId;
use crate::error::CoreError;
use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FollowId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowState {
    /// The `Follow` was sent (or received) and awaits an answer.
    Pending,
    Accepted,
    Rejected,
}

impl FollowState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }
}

impl FromStr for FollowState {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, CoreError> {
        match s {
            "pending" => Ok(Self::Pending),
            "accepted" => Ok(Self::Accepted),
            "rejected" => Ok(Self::Rejected),
            other => Err(CoreError::invalid("state", format!("unknown follow state '{other}'"))),
        }
    }
}

impl fmt::Display for FollowState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a local actor takes new followers (`manuallyApprovesFollowers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FollowApproval {
    /// Every `Follow` is accepted at once.
    #[default]
    Auto,
    /// A `Follow` waits (a pending follow, a *follow request*) until an
    /// editor of the actor accepts or rejects it.
    Manual,
}

impl FollowApproval {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Manual => "manual",
        }
    }
}

impl FromStr for FollowApproval {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, CoreError> {
        match s.trim() {
            "auto" => Ok(Self::Auto),
            "manual" => Ok(Self::Manual),
            other => Err(CoreError::invalid(
                "follow_approval",
                format!("'{other}' is not a follow approval (expected auto or manual)"),
            )),
        }
    }
}

impl fmt::Display for FollowApproval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    pub id: FollowId,
    pub follower: ActorId,
    pub target: ActorId,
    pub state: FollowState,
    /// The id of the `Follow` activity, needed to `Accept`/`Undo` it.
    pub activity_id: Option<Url>,
    /// A subscription to a Mastodon-style relay: the follower also sends
    /// its public activities to the relay.
    pub relay: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
