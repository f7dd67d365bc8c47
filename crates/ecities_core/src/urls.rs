//! Where local things live, derived from the node's public base URL. Peers
//! discover these through WebFinger and actor documents; nothing outside
//! this module should build a local URL by hand.

use url::Url;

use crate::actor::{ActorEndpoints, ActorName};
use crate::error::{CoreError, CoreResult};
use crate::store::LocalActorLocation;

/// An `http`/`https` URL with a host — the only kind ecities links to,
/// fetches or federates with — or `None`.
pub fn web_url(text: &str) -> Option<Url> {
    Url::parse(text.trim()).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// [`web_url`], or an invalid-input error naming `field`.
pub fn require_web_url(field: &str, text: &str) -> CoreResult<Url> {
    web_url(text).ok_or_else(|| CoreError::invalid(field, format!("'{text}' is not an http or https URL")))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeUrls {
    base: Url,
    host: String,
}

impl NodeUrls {
    /// `base` must be an http(s) URL with a host name and no path, query or
    /// fragment (for example `https://city.example` or `http://localhost:8081`).
    pub fn new(base: &Url) -> CoreResult<Self> {
        let bad = |why: &str| {
            CoreError::invalid(
                "public_url",
                format!("'{base}' {why} (expected for example https://city.example or http://localhost:8081)"),
            )
        };
        if !matches!(base.scheme(), "http" | "https") {
            return Err(bad("is not an http or https URL"));
        }
        let host = base.host_str().ok_or_else(|| bad("has no host"))?;
        if base.path() != "/" || base.query().is_some() || base.fragment().is_some() {
            return Err(bad("must not have a path, query or fragment"));
        }
        let host = match base.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        Ok(Self { base: base.clone(), host })
    }

    /// The host as it appears in handles and ids: `city.example` or `localhost:8081`.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    fn join(&self, path: &str) -> Url {
        let mut u = self.base.clone();
        u.set_path(path);
        u
    }

    pub fn actor(&self, name: &ActorName) -> Url {
        self.join(&format!("/actors/{name}"))
    }

    pub fn shared_inbox(&self) -> Url {
        self.join("/inbox")
    }

    pub fn practice(&self, key: &str) -> Url {
        self.join(&format!("/practices/{key}"))
    }

    /// A file held by this node, by checksum (content-addressed: the same
    /// URL always means the same bytes).
    pub fn media(&self, hash: &crate::media::ContentHash, media_type: crate::media::MediaType) -> Url {
        self.join(&format!("/media/{}.{}", hash.hex(), media_type.extension()))
    }

    /// A local reply (a city's answer), a `Note`.
    pub fn reply(&self, key: &str) -> Url {
        self.join(&format!("/replies/{key}"))
    }

    /// The `replies` collection of a local practice.
    pub fn practice_replies(&self, key: &str) -> Url {
        self.join(&format!("/practices/{key}/replies"))
    }

    pub fn activity(&self, key: &str) -> Url {
        self.join(&format!("/activities/{key}"))
    }

    pub fn location(&self, name: &ActorName) -> LocalActorLocation {
        let url = self.actor(name);
        let sub = |s: &str| self.join(&format!("/actors/{name}/{s}"));
        LocalActorLocation {
            host: self.host.clone(),
            profile_url: url.clone(),
            endpoints: ActorEndpoints {
                inbox: sub("inbox"),
                shared_inbox: Some(self.shared_inbox()),
                outbox: Some(sub("outbox")),
                followers: Some(sub("followers")),
                following: Some(sub("following")),
            },
            url,
        }
    }

    /// Whether a URL is on this node.
    pub fn is_local(&self, url: &Url) -> bool {
        url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_urls_hang_off_the_public_url() {
        let urls = NodeUrls::new(&Url::parse("http://localhost:8081").expect("url")).expect("valid");
        let name = ActorName::parse("seoul").expect("name");
        assert_eq!(urls.host(), "localhost:8081");
        assert_eq!(urls.actor(&name).as_str(), "http://localhost:8081/actors/seoul");
        assert_eq!(urls.location(&name).endpoints.inbox.as_str(), "http://localhost:8081/actors/seoul/inbox");
        assert!(urls.is_local(&urls.practice("abc")));
        assert!(!urls.is_local(&Url::parse("http://localhost:8082/x").expect("url")));
    }

    #[test]
    fn public_urls_with_paths_or_other_schemes_are_refused() {
        for bad in ["ftp://city.example", "https://city.example/ecities", "https://city.example/?x=1"] {
            assert!(NodeUrls::new(&Url::parse(bad).expect("url")).is_err(), "{bad}");
        }
    }
}
