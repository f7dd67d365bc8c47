//! The hub: how associations moderate and relay their members' practices,
//! the provenance those relays leave, and which remote domains a node
//! talks to.

use std::fmt;
use std::str::FromStr;

use crate::actor::ActorId;
use crate::error::{CoreError, CoreResult};
use crate::practice::PracticeId;
use crate::time::Timestamp;

/// How an association treats its members' posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Moderation {
    /// Relayed at once.
    #[default]
    Auto,
    /// Held for a moderator to approve or reject.
    Manual,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Manual => "manual",
        }
    }
}

impl FromStr for Moderation {
    type Err = CoreError;
    fn from_str(s: &str) -> CoreResult<Self> {
        match s.trim() {
            "auto" => Ok(Self::Auto),
            "manual" => Ok(Self::Manual),
            other => {
                Err(CoreError::invalid("moderation", format!("'{other}' is not a policy (expected auto or manual)")))
            }
        }
    }
}

impl fmt::Display for Moderation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubmissionId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionState {
    Pending,
    Approved,
    Rejected,
}

impl SubmissionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

impl FromStr for SubmissionState {
    type Err = CoreError;
    fn from_str(s: &str) -> CoreResult<Self> {
        match s.trim() {
            "pending" => Ok(Self::Pending),
            "approved" => Ok(Self::Approved),
            "rejected" => Ok(Self::Rejected),
            other => Err(CoreError::invalid(
                "state",
                format!("'{other}' is not a state (expected pending, approved or rejected)"),
            )),
        }
    }
}

/// A member's practice in an association's review queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: SubmissionId,
    pub association: ActorId,
    pub practice: PracticeId,
    pub state: SubmissionState,
    pub reason: Option<String>,
    pub received_at: Timestamp,
    pub decided_at: Option<Timestamp>,
}

/// What an association decided about a practice, as this node knows it:
/// the association's node writes it with the decision, the city's node
/// when the association's `Reject` (or approved `Announce`) arrives. The
/// city's API shows these as `moderation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationDecision {
    pub practice: PracticeId,
    pub association: ActorId,
    pub state: SubmissionState,
    pub reason: Option<String>,
    pub at: Timestamp,
}

/// Longest moderation reason kept, in characters (longer ones received from
/// other servers are cut; a local moderator gets a validation error).
pub const MAX_REASON_CHARS: usize = 2_000;

/// One step of a practice's provenance: `actor` relayed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    pub practice: PracticeId,
    pub actor: ActorId,
    /// Relayed after an explicit moderator approval (manual policy).
    pub approved: bool,
    pub relayed_at: Timestamp,
}

/// What an approved relay says about a practice, by who relayed it: an
/// association approved it (a moderator's decision), a knowledge space
/// featured it. Together with the author, the chain every copy shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endorsement {
    Approved,
    Featured,
}

impl Endorsement {
    /// The endorsement of `relay` by `by`, if it is one (an unmoderated
    /// relay or a boost by anyone else is not).
    pub fn of(relay: &Relay, by: &crate::actor::Actor) -> Option<Self> {
        use crate::actor::ActorKind;
        match (relay.approved, by.kind) {
            (true, ActorKind::Association) => Some(Self::Approved),
            (true, ActorKind::KnowledgeSpace) => Some(Self::Featured),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Featured => "featured",
        }
    }
}

/// A node-wide rule for a remote domain and its subdomains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainRuleKind {
    Block,
    Allow,
}

impl DomainRuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Block => "block",
            Self::Allow => "allow",
        }
    }
}

impl FromStr for DomainRuleKind {
    type Err = CoreError;
    fn from_str(s: &str) -> CoreResult<Self> {
        match s.trim() {
            "block" | "deny" => Ok(Self::Block),
            "allow" => Ok(Self::Allow),
            other => Err(CoreError::invalid("rule", format!("'{other}' is not a rule (expected block or allow)"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainRule {
    pub domain: String,
    pub rule: DomainRuleKind,
    pub note: Option<String>,
    pub created_at: Timestamp,
}

/// A domain as rules store it: lower case, no port, no trailing dot.
pub fn normalize_domain(input: &str) -> CoreResult<String> {
    let d = input.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = d.split(':').next().unwrap_or("");
    let valid = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty() && label.len() <= 63 && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if valid {
        Ok(host.to_owned())
    } else {
        Err(CoreError::invalid("domain", format!("'{input}' is not a domain name (for example social.example.org)")))
    }
}

/// `a.b.example.org` → `[a.b.example.org, b.example.org, example.org, org]`:
/// the names whose rules apply to a host.
pub fn domain_and_parents(host: &str) -> Vec<String> {
    let host = host.split(':').next().unwrap_or(host).trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    (0..labels.len()).map(|i| labels[i..].join(".")).collect()
}

/// Whether a node may talk to `host`, given the rules that match it (most
/// specific first) and the allowlist-only setting: a block always wins;
/// in allowlist-only mode a host needs a matching allow.
pub fn domain_permitted(matching: &[DomainRuleKind], allowlist_only: bool) -> bool {
    if matching.contains(&DomainRuleKind::Block) {
        return false;
    }
    !allowlist_only || matching.contains(&DomainRuleKind::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_a_domain_cover_its_subdomains() {
        assert_eq!(domain_and_parents("a.evil.example:8443"), ["a.evil.example", "evil.example", "example"]);
        assert_eq!(normalize_domain(" Evil.Example. ").expect("valid"), "evil.example");
        assert!(normalize_domain("not a domain").is_err());
    }

    #[test]
    fn blocks_win_and_allowlist_mode_needs_an_allow() {
        assert!(domain_permitted(&[], false));
        assert!(!domain_permitted(&[DomainRuleKind::Block], false));
        assert!(!domain_permitted(&[], true));
        assert!(domain_permitted(&[DomainRuleKind::Allow], true));
        assert!(!domain_permitted(&[DomainRuleKind::Allow, DomainRuleKind::Block], true));
    }
}

/// A city's membership of an association, as this node knows it: the
/// association follows the city and the city accepted (the membership
/// registry, `GET /api/v1/actors/{name}/members`). Either side may be
/// remote; `since` is when the follow was last accepted.
#[derive(Debug, Clone)]
pub struct Membership {
    pub association: ActorId,
    pub member: crate::actor::Actor,
    pub since: Timestamp,
}

/// How much an actor shared, counted over the live practices this node
/// holds: those it wrote and those it relayed (announced).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shared {
    pub published: i64,
    pub relayed: i64,
}
