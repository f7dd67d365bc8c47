//! Verified institutional identity: a local actor names its organisation's
//! official portal, and the node shows it as verified when the portal
//! vouches for the actor the way the fediverse already understands — the
//! portal page links back to the actor with `rel="me"` (checked by the
//! federation crate's `identity` module) — or when the node itself is served
//! from the portal's own domain.

use url::Url;

use crate::error::{CoreError, CoreResult};
use crate::time::Timestamp;

/// At most this many associations one actor says it belongs to.
pub const MAX_MEMBERSHIP_CLAIMS: usize = 20;

/// A local actor's statement that it is a member of an association (named
/// by the association's actor URL), and what the association's own members
/// collection said at the last check. Only a confirmed claim is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipClaim {
    pub association: Url,
    /// The association's name, as its actor document gave it at the last
    /// check that reached it.
    pub association_name: Option<String>,
    /// When the association admitted the member, as its collection says;
    /// `None` while the collection does not list the member.
    pub member_since: Option<Timestamp>,
    /// When the association was last asked; `None` before the first check.
    pub checked_at: Option<Timestamp>,
}

impl MembershipClaim {
    /// The admission date, when the association's collection confirms it.
    pub fn confirmed_since(&self) -> Option<Timestamp> {
        self.member_since
    }

    /// Whether the claim is due for a check at `now`: never checked, or
    /// last checked `interval_ms` ago or longer.
    pub fn check_due(&self, now: Timestamp, interval_ms: i64) -> bool {
        self.checked_at.is_none_or(|at| now.0.saturating_sub(at.0) >= interval_ms)
    }
}

/// What a check of one claim found at the association's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MembershipEvidence {
    /// The association's members collection lists the member, admitted at
    /// `since`.
    Listed { association_name: Option<String>, since: Timestamp },
    /// The collection was read and does not list the member, or the
    /// association could not be read (the reason, for the log).
    NotListed { association_name: Option<String>, reason: String },
}

/// Parses the association actor URLs an editor names (`member_of`): http(s)
/// URLs, without duplicates (in the order given), at most
/// [`MAX_MEMBERSHIP_CLAIMS`]; an actor cannot name itself.
pub fn parse_membership_claims(urls: &[String], itself: &Url) -> CoreResult<Vec<Url>> {
    if urls.len() > MAX_MEMBERSHIP_CLAIMS {
        return Err(CoreError::invalid(
            "member_of",
            format!("at most {MAX_MEMBERSHIP_CLAIMS} associations (got {})", urls.len()),
        ));
    }
    let mut out: Vec<Url> = Vec::new();
    for text in urls {
        let url = crate::urls::require_web_url("member_of", text.trim())?;
        if &url == itself {
            return Err(CoreError::invalid("member_of", "an actor cannot be a member of itself"));
        }
        if !out.contains(&url) {
            out.push(url);
        }
    }
    Ok(out)
}

/// Finds `member` in the items of an association's members collection (as
/// its JSON values): each item is a `Relationship` whose `subject` is the
/// member's actor URL and whose `published` is the admission date. An item
/// for the member without a readable date does not count.
pub fn admission_in(items: &[serde_json::Value], member: &Url) -> Option<Timestamp> {
    items.iter().find_map(|item| {
        let subject = item.get("subject")?;
        let subject = subject.as_str().or_else(|| subject.get("id").and_then(serde_json::Value::as_str))?;
        if Url::parse(subject).ok().as_ref() != Some(member) {
            return None;
        }
        let published = item.get("published")?.as_str()?;
        let at = chrono::DateTime::parse_from_rfc3339(published).ok()?;
        Some(Timestamp::from_datetime(at.with_timezone(&chrono::Utc)))
    })
}

/// What a portal check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortalEvidence {
    /// The node is served from the portal's own host (same host and port)
    /// or from a subdomain of it: whoever runs the portal's domain runs the
    /// node. No request is made.
    OwnDomain,
    /// The portal page links to the actor with `rel="me"`.
    LinksBack,
    /// The page was read but has no `rel="me"` link to the actor, or it
    /// could not be read (the reason, for the log).
    NotVerified(String),
}

impl PortalEvidence {
    pub fn verified(&self) -> bool {
        matches!(self, Self::OwnDomain | Self::LinksBack)
    }
}

/// Whether a node whose actor lives at `actor_url` is served from the
/// portal's own domain: the same host and port, or a subdomain of a
/// portal host that is itself a domain name with a dot (so a portal at
/// `https://seoul.go.kr` vouches for a node at `https://ecities.seoul.go.kr`,
/// but `https://kr` vouches for nothing). A port other than the scheme's
/// default on the portal is another site and only counts for the same
/// host and port.
pub fn served_from_portal_domain(portal: &Url, actor_url: &Url) -> bool {
    let (Some(portal_host), Some(node_host)) = (portal.host_str(), actor_url.host_str()) else {
        return false;
    };
    let (portal_host, node_host) = (portal_host.to_ascii_lowercase(), node_host.to_ascii_lowercase());
    if portal_host == node_host {
        return portal.port_or_known_default() == actor_url.port_or_known_default();
    }
    portal.port().is_none()
        && portal_host.contains('.')
        && portal_host.parse::<std::net::IpAddr>().is_err()
        && node_host.ends_with(&format!(".{portal_host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_claims_are_web_urls_without_duplicates_and_never_the_actor_itself() {
        let me = url("https://seoul.example/actors/seoul");
        let claims = parse_membership_claims(
            &["https://hub.example/actors/korea".into(), " https://hub.example/actors/korea".into()],
            &me,
        )
        .expect("valid");
        assert_eq!(claims, vec![url("https://hub.example/actors/korea")]);
        assert!(parse_membership_claims(&["ftp://hub.example/a".into()], &me).is_err());
        assert!(parse_membership_claims(&[me.to_string()], &me).is_err());
        let many: Vec<String> = (0..=MAX_MEMBERSHIP_CLAIMS).map(|i| format!("https://h{i}.example/a")).collect();
        assert!(parse_membership_claims(&many, &me).is_err());
    }

    #[test]
    fn the_admission_date_is_read_only_from_the_members_own_item() {
        let seoul = url("https://seoul.example/actors/seoul");
        let items = vec![
            serde_json::json!({"type": "Relationship", "subject": "https://busan.example/actors/busan",
                               "published": "2024-01-01T00:00:00Z"}),
            serde_json::json!({"type": "Relationship", "subject": {"id": "https://seoul.example/actors/seoul"},
                               "published": "2025-03-04T05:06:07Z"}),
        ];
        assert_eq!(admission_in(&items, &seoul).map(Timestamp::to_rfc3339).as_deref(), Some("2025-03-04T05:06:07Z"));
        assert_eq!(admission_in(&items[..1], &seoul), None);
        let undated = vec![serde_json::json!({"subject": "https://seoul.example/actors/seoul"})];
        assert_eq!(admission_in(&undated, &seoul), None);
    }

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    #[test]
    fn a_node_on_the_portals_host_or_a_subdomain_is_served_from_its_domain() {
        let actor = url("https://ecities.seoul.go.kr/actors/seoul");
        assert!(served_from_portal_domain(&url("https://seoul.go.kr/"), &actor));
        assert!(served_from_portal_domain(&url("https://ecities.seoul.go.kr/about"), &actor));
        assert!(served_from_portal_domain(&url("http://localhost:8081/"), &url("http://localhost:8081/actors/seoul")));
    }

    #[test]
    fn another_host_a_lookalike_a_bare_suffix_or_another_port_is_not_the_portals_domain() {
        let actor = url("https://ecities.seoul.go.kr/actors/seoul");
        assert!(!served_from_portal_domain(&url("https://busan.go.kr/"), &actor));
        assert!(!served_from_portal_domain(&url("https://eoul.go.kr/"), &url("https://xseoul.go.kr/actors/a")));
        assert!(!served_from_portal_domain(&url("https://kr/"), &actor));
        assert!(!served_from_portal_domain(&url("https://seoul.go.kr:8443/"), &actor));
        assert!(!served_from_portal_domain(&url("http://localhost:9000/"), &url("http://localhost:8081/actors/seoul")));
    }
}
