//! The federation port: what the web layer (REST API, admin) asks of the
//! federation crate. `ecities_federation` implements it, the binary wires
//! it into the web state; so the web crate never depends on the federation
//! crate, and the two are peers (docs/ARCHITECTURE.md).
//!
//! The other port federation implements is [`crate::outbox::Outbox`]
//! (rendering the activities use cases store with their change).

use crate::actor::{Actor, KeyPair};
use crate::error::CoreResult;
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
}
