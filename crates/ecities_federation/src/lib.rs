//! ActivityPub for ecities: wire types, the `Apub*` wrappers that implement
//! activitypub_federation's traits, activities, and the delivery worker.
//!
//! We use activitypub_federation for HTTP signatures, verification, fetching
//! and its traits — and own the delivery queue (its built-in queue is
//! in-memory only; see docs/FEDERATION.md).

pub mod keys;
