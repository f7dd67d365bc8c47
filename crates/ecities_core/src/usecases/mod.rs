//! Use cases: what users and remote servers can do. The REST API, the admin
//! UI, the CLI, the feed importer and the inbox all call these, so a local
//! action and the same action arriving from another server take one path.

pub mod access;
pub mod actors;
pub mod attachments;
pub mod changes;
pub mod deliveries;
pub mod engagement;
pub mod follows;
pub mod hub;
pub mod identity;
pub mod import;
pub mod network;
pub mod node;
pub mod practices;
pub mod related;
pub mod replies;
pub mod review;
pub mod topics;
pub mod translations;

use crate::outbox::Outbox;
use crate::store::Store;
use crate::urls::NodeUrls;

/// What use cases need from the outside world.
#[derive(Clone, Copy)]
pub struct Ports<'a> {
    pub store: &'a dyn Store,
    pub outbox: &'a dyn Outbox,
    pub urls: &'a NodeUrls,
    /// The bytes of attachments.
    pub blobs: &'a dyn crate::media::BlobStore,
}
