//! Actors: the local city, association and knowledge-space actors this node
//! hosts, and the remote actors (of any fediverse software) it knows.

use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::error::{CoreError, CoreResult};
use crate::taxonomy::Country;
use crate::time::Timestamp;

/// Database key of an actor row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorId(pub i64);

/// What an actor is. Local actors are one of the first three; remote actors
/// may be anything the fediverse sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A municipality; ActivityStreams `Organization`.
    City,
    /// An association of cities, the hub; ActivityStreams `Group`.
    Association,
    /// The UN-PAKS knowledge space; ActivityStreams `Service`.
    KnowledgeSpace,
    /// A saved search published as an actor that announces new matches;
    /// ActivityStreams `Service` (a bot to Mastodon).
    Topic,
    /// A remote person (Mastodon user and the like).
    Person,
    /// A remote application or instance actor.
    Application,
}

impl ActorKind {
    pub const LOCAL: [ActorKind; 3] = [Self::City, Self::Association, Self::KnowledgeSpace];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Association => "association",
            Self::KnowledgeSpace => "knowledge-space",
            Self::Topic => "topic",
            Self::Person => "person",
            Self::Application => "application",
        }
    }

    /// The ActivityStreams actor type this kind is published as.
    pub fn as_type(self) -> &'static str {
        match self {
            Self::City => "Organization",
            Self::Association => "Group",
            Self::KnowledgeSpace | Self::Topic => "Service",
            Self::Person => "Person",
            Self::Application => "Application",
        }
    }

    /// Maps a remote actor's ActivityStreams type to a kind.
    pub fn from_type(t: &str) -> Self {
        match t {
            "Organization" => Self::City,
            "Group" => Self::Association,
            "Service" => Self::KnowledgeSpace,
            "Application" => Self::Application,
            _ => Self::Person,
        }
    }

    /// Parses a kind a local actor may have (what `--kind` accepts).
    pub fn parse_local(input: &str) -> CoreResult<Self> {
        match input.trim() {
            "city" => Ok(Self::City),
            "association" => Ok(Self::Association),
            "knowledge-space" | "knowledge_space" => Ok(Self::KnowledgeSpace),
            other => Err(CoreError::invalid(
                "kind",
                format!("'{other}' is not an actor kind (expected city, association or knowledge-space)"),
            )),
        }
    }
}

impl FromStr for ActorKind {
    type Err = CoreError;
    fn from_str(s: &str) -> CoreResult<Self> {
        match s {
            "person" => Ok(Self::Person),
            "application" => Ok(Self::Application),
            "topic" => Ok(Self::Topic),
            other => Self::parse_local(other),
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest local actor name, in characters. Mastodon allows 30 for
/// usernames; city names such as `sao-jose-dos-campos` need a little more.
pub const MAX_ACTOR_NAME_CHARS: usize = 64;

/// The name of a local actor, the `NAME` of `acct:NAME@HOST`: lower-case
/// ASCII letters, digits, `_`, `-` and `.`, starting with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorName(String);

impl ActorName {
    pub fn parse(input: &str) -> CoreResult<Self> {
        let name = input.trim();
        let first_ok = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let rest_ok =
            name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'));
        if first_ok && rest_ok && name.len() <= MAX_ACTOR_NAME_CHARS && !name.ends_with('.') {
            Ok(Self(name.to_owned()))
        } else {
            Err(CoreError::invalid(
                "name",
                format!(
                    "'{input}' is not a valid actor name (lower-case letters, digits, '-', '_' or '.', starting with a letter or digit, at most {MAX_ACTOR_NAME_CHARS} characters)"
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ActorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 200;

/// Where a local actor's documents live, all derived from its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEndpoints {
    pub inbox: Url,
    pub shared_inbox: Option<Url>,
    pub outbox: Option<Url>,
    pub followers: Option<Url>,
    pub following: Option<Url>,
}

/// An actor as stored: local or remote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: ActorId,
    pub url: Url,
    /// Preferred username (local part of the handle).
    pub name: String,
    /// Host (with port) the actor lives on.
    pub host: String,
    pub kind: ActorKind,
    pub local: bool,
    pub display_name: Option<String>,
    pub summary: Option<String>,
    pub country: Option<Country>,
    /// HTML profile page.
    pub profile_url: Option<Url>,
    pub icon_url: Option<Url>,
    /// The organisation's own web portal (local actors).
    pub portal_url: Option<Url>,
    /// When the node last checked that the portal links back (local actors;
    /// `crate::identity`).
    pub portal_checked_at: Option<Timestamp>,
    /// Since when the portal has been verified: it links back with
    /// `rel="me"`, or the node is served from the portal's own domain.
    pub portal_verified_at: Option<Timestamp>,
    pub endpoints: ActorEndpoints,
    pub public_key_pem: String,
    /// How an association moderates its members (auto for everyone else).
    pub moderation: crate::hub::Moderation,
    /// Whether new followers wait for an editor's approval (local actors).
    pub follow_approval: crate::follow::FollowApproval,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When a remote actor's document was last fetched.
    pub last_refreshed_at: Timestamp,
}

impl Actor {
    /// `name@host`, the handle users type.
    pub fn handle(&self) -> String {
        format!("{}@{}", self.name, self.host)
    }

    /// The verified portal and since when, if it is verified.
    pub fn verified_portal(&self) -> Option<(&Url, Timestamp)> {
        Some((self.portal_url.as_ref()?, self.portal_verified_at?))
    }

    /// The inbox to deliver to: the shared inbox when the actor offers one.
    pub fn delivery_inbox(&self) -> &Url {
        self.endpoints.shared_inbox.as_ref().unwrap_or(&self.endpoints.inbox)
    }
}

/// A new local actor, parsed from user input.
#[derive(Debug, Clone)]
pub struct NewLocalActor {
    pub name: ActorName,
    pub kind: ActorKind,
    pub display_name: Option<String>,
    pub summary: Option<String>,
    pub country: Option<Country>,
    /// The organisation's own web portal.
    pub portal_url: Option<Url>,
}

impl NewLocalActor {
    /// The organisation's portal, parsed (http or https).
    pub fn with_portal(mut self, portal: Option<&str>) -> CoreResult<Self> {
        if let Some(p) = portal.map(str::trim).filter(|p| !p.is_empty()) {
            self.portal_url = Some(crate::urls::require_web_url("portal", p)?);
        }
        Ok(self)
    }

    /// Parses what `ecities actor create` or the admin form received,
    /// collecting every invalid field at once.
    pub fn parse(name: &str, kind: &str, display_name: Option<&str>, country: Option<&str>) -> CoreResult<Self> {
        let mut errors = Vec::new();
        let name = ActorName::parse(name).map_err(|e| collect(&mut errors, e)).ok();
        let kind = ActorKind::parse_local(kind).map_err(|e| collect(&mut errors, e)).ok();
        let country = match country {
            Some(c) => Country::parse(c).map_err(|e| collect(&mut errors, e)).ok(),
            None => None,
        };
        let display_name = display_name.map(str::trim).filter(|d| !d.is_empty());
        if display_name.is_some_and(|d| d.chars().count() > MAX_DISPLAY_NAME_CHARS) {
            errors.push(crate::FieldError::new(
                "display_name",
                format!("is longer than {MAX_DISPLAY_NAME_CHARS} characters"),
            ));
        }
        match (name, kind, errors.is_empty()) {
            (Some(name), Some(kind), true) => Ok(Self {
                name,
                kind,
                display_name: display_name.map(str::to_owned),
                summary: None,
                country,
                portal_url: None,
            }),
            _ => Err(CoreError::Invalid(errors)),
        }
    }
}

/// Moves the field errors of `e` into `errors`.
pub(crate) fn collect(errors: &mut Vec<crate::FieldError>, e: CoreError) {
    match e {
        CoreError::Invalid(mut fields) => errors.append(&mut fields),
        other => errors.push(crate::FieldError::new("input", other.to_string())),
    }
}

/// A local actor's key pair (PEM). The private half never leaves the
/// database except to sign.
#[derive(Clone)]
pub struct KeyPair {
    pub public_pem: String,
    pub private_pem: String,
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair").field("public_pem", &self.public_pem).field("private_pem", &"<redacted>").finish()
    }
}

/// A remote actor as learnt from its document, ready to upsert.
#[derive(Debug, Clone)]
pub struct RemoteActor {
    pub url: Url,
    pub name: String,
    pub host: String,
    pub kind: ActorKind,
    pub display_name: Option<String>,
    pub summary: Option<String>,
    pub profile_url: Option<Url>,
    pub icon_url: Option<Url>,
    pub endpoints: ActorEndpoints,
    pub public_key_pem: String,
    /// The country an ecities actor states (shown in membership registries).
    pub country: Option<crate::taxonomy::Country>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_names_are_lower_case_handles() {
        assert!(ActorName::parse("seoul").is_ok());
        assert!(ActorName::parse("sao-jose_2").is_ok());
        assert!(ActorName::parse("Seoul").is_err());
        assert!(ActorName::parse("-seoul").is_err());
        assert!(ActorName::parse("seoul city").is_err());
        assert!(ActorName::parse("").is_err());
        assert!(ActorName::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn unknown_kinds_name_the_accepted_ones() {
        let err = ActorKind::parse_local("town").expect_err("town is not a kind");
        assert!(err.to_string().contains("city, association or knowledge-space"));
    }

    #[test]
    fn a_new_actor_with_several_bad_fields_reports_them_all() {
        let err = NewLocalActor::parse("Bad Name", "town", None, Some("XX")).expect_err("invalid");
        match err {
            CoreError::Invalid(fields) => {
                let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["name", "kind", "country"]);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn local_kinds_publish_as_the_design_types() {
        assert_eq!(ActorKind::City.as_type(), "Organization");
        assert_eq!(ActorKind::Association.as_type(), "Group");
        assert_eq!(ActorKind::KnowledgeSpace.as_type(), "Service");
    }

    #[test]
    fn key_pairs_never_print_their_private_half() {
        let k = KeyPair { public_pem: "pub".into(), private_pem: "SECRET".into() };
        assert!(!format!("{k:?}").contains("SECRET"));
    }
}
