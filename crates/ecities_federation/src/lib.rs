//! ActivityPub for ecities: wire types, the `Apub*` wrappers that implement
//! activitypub_federation's traits, activities, the delivery worker, its
//! own HTTP routes (`http`: inbox, actor and object documents, WebFinger,
//! NodeInfo, collections) and the core's federation port (`port`).
//!
//! We use activitypub_federation for fetching (with its SSRF checks),
//! WebFinger and its traits; we sign, verify and queue ourselves (its queue
//! is in-memory only and counts 4xx answers as delivered; its inbox fetches
//! the sender before checking the signature). See docs/FEDERATION.md.

pub mod apub;
pub mod backfill;
pub mod domains;
pub mod egress;
pub mod embargo;
pub mod followers_sync;
pub mod http;
pub mod identity;
pub mod inbox;
pub mod interaction;
pub mod keys;
pub mod machine;
pub mod media;
pub mod objects;
pub mod poller;
pub mod port;
pub mod ratelimit;
pub mod render;
pub mod replies;
pub mod rfc9421;
pub mod sections;
pub mod secure;
pub mod signatures;
pub mod window;
pub mod wire;
pub mod worker;
