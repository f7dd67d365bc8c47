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
