use std::sync::Arc;

use ecities_core::federation::Federation;
use ecities_core::outbox::Outbox;
use ecities_core::store::Store;
use ecities_core::urls::NodeUrls;
use ecities_core::usecases::Ports;

/// What every handler can reach. Federation is reached only through the
/// core's ports (`Outbox`, `Federation`), which the binary wires.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub urls: NodeUrls,
    pub outbox: Arc<dyn Outbox>,
    /// Resolving remote actors, polling feeds now, new key pairs.
    pub federation: Arc<dyn Federation>,
    /// Plain http and loopback peers allowed (tests and local networks).
    pub dev_mode: bool,
    /// The node's name, description and logo as pages show them (cached).
    pub site: Arc<crate::site::Site>,
    /// The configuration's domain policy (`[federation]`), which the
    /// operator's settings page shows: it changes only in the file.
    pub configured_domains: ConfiguredDomains,
    /// The bytes of attachments (local disk unless configured otherwise).
    pub blobs: Arc<dyn ecities_core::media::BlobStore>,
    /// What an upload may be (`[media]`).
    pub media: ecities_core::media::MediaLimits,
    /// The machine-translation hook (`[translation] machine_url`), if the
    /// operator configured one.
    pub machine: Option<Arc<dyn ecities_core::translation::MachineTranslator>>,
}

/// Domain rules and the allowlist mode as the configuration file sets them.
#[derive(Clone, Debug, Default)]
pub struct ConfiguredDomains {
    pub blocked: Vec<String>,
    pub allowed: Vec<String>,
    /// A closed network: only allowed domains are talked to.
    pub allowlist_only: bool,
}

impl AppState {
    pub fn ports(&self) -> Ports<'_> {
        Ports { store: self.store.as_ref(), outbox: self.outbox.as_ref(), urls: &self.urls, blobs: self.blobs.as_ref() }
    }
}
