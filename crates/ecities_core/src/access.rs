//! Who is acting, and what they may do: the one permission rule.
//!
//! Every API token and every admin user holds one [`Principal`]: the node
//! operator (node-wide settings: domain rules, allowlist mode, node name,
//! users), or an editor or moderator of one local actor. Use cases take the
//! principal and check it once with [`Principal::require`].

use std::fmt;

use crate::actor::ActorId;
use crate::error::{CoreError, CoreResult};

/// What a person does for one local actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// Writes: publishes, edits and deletes practices, manages feed sources,
    /// follows, topics, curation and the actor's API tokens.
    #[default]
    Editor,
    /// Reviews: an association's review queue (approve, reject) and its
    /// moderation mode. Does not publish.
    Moderator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Editor => "editor",
            Self::Moderator => "moderator",
        }
    }

    pub fn parse(s: &str) -> CoreResult<Self> {
        match s.trim() {
            "editor" => Ok(Self::Editor),
            "moderator" => Ok(Self::Moderator),
            other => Err(CoreError::invalid("role", format!("'{other}' is not a role (expected editor or moderator)"))),
        }
    }
}

/// Who acts: the holder of a token, a signed-in admin user, or the command
/// line (which acts as the operator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Principal {
    /// The node operator: node-wide settings, and anything on behalf of any
    /// local actor (the command line is the operator).
    Operator,
    /// An editor or moderator of one local actor.
    Member { actor: ActorId, role: Role },
}

/// What an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Node-wide settings: domain rules, allowlist mode, node name, users.
    NodeSettings,
    /// See an actor's own lists (deliveries, follows, tokens, review queue).
    View(ActorId),
    /// Change what an actor publishes or follows, and its tokens.
    Write(ActorId),
    /// Decide on an association's review queue and its moderation mode.
    Review(ActorId),
}

/// What an action needs of the actor a principal acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    View,
    Write,
    Review,
}

impl Need {
    pub fn on(self, actor: ActorId) -> Permission {
        match self {
            Self::View => Permission::View(actor),
            Self::Write => Permission::Write(actor),
            Self::Review => Permission::Review(actor),
        }
    }
}

/// `actor` (the one `who` acts for, loaded by the caller) when `who` may do
/// `need` for it; `Forbidden` otherwise, also for the operator, who acts for
/// no actor through a token or a sign-in.
pub fn acting<'a>(
    who: &Principal,
    actor: Option<&'a crate::actor::Actor>,
    need: Need,
) -> CoreResult<&'a crate::actor::Actor> {
    let actor = actor.ok_or_else(|| {
        CoreError::Forbidden(
            "the node operator acts for no actor; use a token or a sign-in of the actor (an editor or moderator)"
                .into(),
        )
    })?;
    who.require(need.on(actor.id))?;
    Ok(actor)
}

impl Principal {
    pub fn editor(actor: ActorId) -> Self {
        Self::Member { actor, role: Role::Editor }
    }

    pub fn moderator(actor: ActorId) -> Self {
        Self::Member { actor, role: Role::Moderator }
    }

    /// The actor this principal acts for (`None` for the operator).
    pub fn actor(&self) -> Option<ActorId> {
        match self {
            Self::Operator => None,
            Self::Member { actor, .. } => Some(*actor),
        }
    }

    /// `operator`, `editor` or `moderator`, as stored and shown.
    pub fn role_name(&self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::Member { role, .. } => role.as_str(),
        }
    }

    /// Rebuilds a principal from its stored role name and actor.
    pub fn from_stored(role: &str, actor: Option<ActorId>) -> CoreResult<Self> {
        match (role, actor) {
            ("operator", None) => Ok(Self::Operator),
            (r, Some(actor)) if r != "operator" => Ok(Self::Member { actor, role: Role::parse(r)? }),
            _ => Err(CoreError::Internal(format!("stored role '{role}' does not match its actor {actor:?}"))),
        }
    }

    /// The rule: the operator may do everything; an editor writes for and
    /// sees its actor; a moderator reviews for and sees its actor.
    pub fn allows(&self, need: Permission) -> bool {
        match (self, need) {
            (Self::Operator, _) => true,
            (Self::Member { .. }, Permission::NodeSettings) => false,
            (Self::Member { actor, .. }, Permission::View(of)) => *actor == of,
            (Self::Member { actor, role }, Permission::Write(of)) => *actor == of && *role == Role::Editor,
            (Self::Member { actor, role }, Permission::Review(of)) => *actor == of && *role == Role::Moderator,
        }
    }

    /// [`Self::allows`], or `Forbidden` saying who may.
    pub fn require(&self, need: Permission) -> CoreResult<()> {
        if self.allows(need) {
            return Ok(());
        }
        Err(CoreError::Forbidden(match need {
            Permission::NodeSettings => "only the node operator may change node-wide settings".into(),
            Permission::View(_) => "you may only see the actor you act for".into(),
            Permission::Write(_) => format!("this needs an editor of the actor; you are {}", self.described()),
            Permission::Review(_) => {
                format!("this needs a moderator of the association; you are {}", self.described())
            }
        }))
    }

    /// Whether this principal may hand `other` out (a token or a user): the
    /// operator anything, an editor only editors of its own actor.
    pub fn may_grant(&self, other: &Principal) -> bool {
        match (self, other) {
            (Self::Operator, _) => true,
            (Self::Member { actor, role: Role::Editor }, Self::Member { actor: of, role: Role::Editor }) => actor == of,
            _ => false,
        }
    }

    fn described(&self) -> String {
        match self {
            Self::Operator => "the node operator, who acts for no actor here".into(),
            Self::Member { role, .. } => format!("{} of another actor or in another role", role.as_str()),
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Operator => f.write_str("operator"),
            Self::Member { actor, role } => write!(f, "{} of actor {}", role.as_str(), actor.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CITY: ActorId = ActorId(1);
    const OTHER: ActorId = ActorId(2);

    #[test]
    fn only_the_operator_changes_node_wide_settings() {
        assert!(Principal::Operator.allows(Permission::NodeSettings));
        assert!(!Principal::editor(CITY).allows(Permission::NodeSettings));
        assert!(!Principal::moderator(CITY).allows(Permission::NodeSettings));
        let refused = Principal::editor(CITY).require(Permission::NodeSettings);
        assert!(matches!(refused, Err(CoreError::Forbidden(m)) if m.contains("operator")));
    }

    #[test]
    fn editors_write_and_moderators_review_only_their_actor() {
        let (editor, moderator) = (Principal::editor(CITY), Principal::moderator(CITY));
        assert!(editor.allows(Permission::Write(CITY)));
        assert!(!editor.allows(Permission::Review(CITY)), "an editor cannot review");
        assert!(moderator.allows(Permission::Review(CITY)));
        assert!(!moderator.allows(Permission::Write(CITY)), "a moderator cannot publish");
        for p in [editor, moderator] {
            assert!(p.allows(Permission::View(CITY)));
            for need in [Permission::View(OTHER), Permission::Write(OTHER), Permission::Review(OTHER)] {
                assert!(!p.allows(need), "{p} must not {need:?}");
                assert!(matches!(p.require(need), Err(CoreError::Forbidden(_))));
            }
        }
        for need in [Permission::View(CITY), Permission::Write(OTHER), Permission::Review(OTHER)] {
            assert!(Principal::Operator.allows(need));
        }
    }

    #[test]
    fn editors_grant_only_editors_of_their_own_actor() {
        let editor = Principal::editor(CITY);
        assert!(editor.may_grant(&Principal::editor(CITY)));
        assert!(!editor.may_grant(&Principal::moderator(CITY)));
        assert!(!editor.may_grant(&Principal::editor(OTHER)));
        assert!(!editor.may_grant(&Principal::Operator));
        assert!(!Principal::moderator(CITY).may_grant(&Principal::moderator(CITY)));
        assert!(Principal::Operator.may_grant(&Principal::Operator));
        assert!(Principal::Operator.may_grant(&Principal::moderator(OTHER)));
    }

    #[test]
    fn roles_round_trip_through_their_stored_form() {
        for p in [Principal::Operator, Principal::editor(CITY), Principal::moderator(OTHER)] {
            assert_eq!(Principal::from_stored(p.role_name(), p.actor()).expect("parse"), p);
        }
        assert!(Principal::from_stored("operator", Some(CITY)).is_err());
        assert!(Principal::from_stored("editor", None).is_err());
        assert!(Role::parse("admin").is_err());
        assert_eq!(Role::parse(" moderator ").expect("role"), Role::Moderator);
    }
}
