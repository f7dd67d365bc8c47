//! The federation port: what the web layer (REST API, admin) asks of the
//! federation crate. `ecities_federation` implements it, the binary wires
//! it into the web state; so the web crate never depends on the federation
//! crate, and the two are peers (docs/ARCHITECTURE.md).
//!
//! The other port federation implements is [`crate::outbox::Outbox`]
//! (rendering the activities use cases store with their change).

use std::fmt;

use crate::actor::{Actor, KeyPair};
use crate::error::{CoreError, CoreResult};
use crate::import::{FeedSource, PollReport};

#[async_trait::async_trait]
pub trait Federation: Send + Sync {
    /// Finds an actor by `name@host` (WebFinger) or by URL, fetching and
    /// storing a remote one; local actors are found without any request.
    async fn resolve_actor(&self, target: &str) -> CoreResult<Actor>;

    /// Polls a portal feed now, importing its items as `author`'s
    /// practices. Failures are recorded on the source and in the report.
    async fn poll_feed(&self, source: &FeedSource, author: &Actor) -> PollReport;

    /// A fresh key pair for a new local actor (the key type every fediverse
    /// server verifies). CPU-bound: implementations run it off the async
    /// threads.
    async fn generate_keypair(&self) -> CoreResult<KeyPair>;

    /// The remote-follow template (`http://ostatus.org/schema/1.0/subscribe`,
    /// e.g. `https://mastodon.example/authorize_interaction?uri={uri}`) of a
    /// fediverse account, read from its server's WebFinger answer under the
    /// node's outgoing-request and domain policy. `None` when the server
    /// answers without one; an error when it cannot be asked or does not
    /// know the account.
    async fn subscribe_template(&self, account: &AccountAddress) -> CoreResult<Option<String>>;
}

/// Longest account address accepted (`name@host`), in characters.
pub const MAX_ACCOUNT_CHARS: usize = 320;

/// A fediverse account's address, `name@host` (`@name@host` and
/// `acct:name@host` are read too): someone's own account, typed to follow
/// an actor of this node from their server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAddress {
    pub name: String,
    /// The host, with its port if it has one (`localhost:8080`).
    pub host: String,
}

impl AccountAddress {
    pub fn parse(input: &str) -> CoreResult<Self> {
        let invalid = || {
            CoreError::invalid(
                "account",
                format!("'{}' is not a fediverse address like alice@mastodon.example", input.trim()),
            )
        };
        let text = input.trim();
        let text = text.strip_prefix("acct:").unwrap_or(text);
        let text = text.strip_prefix('@').unwrap_or(text);
        if text.is_empty() || text.chars().count() > MAX_ACCOUNT_CHARS {
            return Err(invalid());
        }
        let (name, host) = text.split_once('@').ok_or_else(invalid)?;
        let name_ok =
            !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+'));
        let (domain, port) = match host.rsplit_once(':') {
            Some((d, p)) => (d, Some(p)),
            None => (host, None),
        };
        let domain_ok = !domain.is_empty()
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && domain.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
        let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
        if name_ok && domain_ok && port_ok {
            Ok(Self { name: name.to_owned(), host: host.to_ascii_lowercase() })
        } else {
            Err(invalid())
        }
    }
}

impl fmt::Display for AccountAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.name, self.host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_address_is_read_in_the_forms_people_paste() {
        for input in ["alice@mastodon.example", "@alice@mastodon.example", " acct:alice@Mastodon.Example "] {
            let a = AccountAddress::parse(input).expect(input);
            assert_eq!(a.to_string(), "alice@mastodon.example", "{input}");
        }
        assert_eq!(AccountAddress::parse("bob@localhost:8080").expect("port").host, "localhost:8080");
        for bad in ["", "alice", "@mastodon.example", "alice@", "alice@bad host", "a@b/c", "a@b:x", "a@-b", "a@b@c"] {
            assert!(AccountAddress::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
