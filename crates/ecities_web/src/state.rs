use std::sync::Arc;

use activitypub_federation::config::{Data, FederationConfig};
use ecities_core::store::Store;
use ecities_core::urls::NodeUrls;
use ecities_core::usecases::Ports;
use ecities_federation::apub::FedData;
use ecities_federation::render::ApubOutbox;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub urls: NodeUrls,
    pub outbox: Arc<ApubOutbox>,
    pub federation: FederationConfig<FedData>,
    /// The outgoing HTTP client (feed polling).
    pub http: ecities_federation::egress::Egress,
    /// Plain http and loopback peers allowed (tests and local networks).
    pub dev_mode: bool,
    /// The node's name, description and logo as pages show them (cached).
    pub site: Arc<crate::site::Site>,
}

impl AppState {
    pub fn ports(&self) -> Ports<'_> {
        Ports { store: self.store.as_ref(), outbox: self.outbox.as_ref(), urls: &self.urls }
    }

    /// Per-request federation data (fetch counter starts at zero).
    pub fn fed(&self) -> Data<FedData> {
        self.federation.to_request_data()
    }
}
