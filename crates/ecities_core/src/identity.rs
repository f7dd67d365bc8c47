//! Verified institutional identity: a local actor names its organisation's
//! official portal, and the node shows it as verified when the portal
//! vouches for the actor the way the fediverse already understands — the
//! portal page links back to the actor with `rel="me"` (checked by the
//! federation crate's `identity` module) — or when the node itself is served
//! from the portal's own domain.

use url::Url;

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
