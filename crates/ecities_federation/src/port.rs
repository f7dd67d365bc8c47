//! The federation port of the core ([`ecities_core::federation::Federation`]),
//! implemented over activitypub_federation's configuration and the node's
//! outgoing HTTP client. The binary hands it to the web crate, which calls
//! federation only through it.

use activitypub_federation::config::FederationConfig;
use ecities_core::CoreError;
use ecities_core::actor::{Actor, KeyPair};
use ecities_core::federation::{AccountAddress, Federation};
use ecities_core::import::{FeedSource, PollReport};

use crate::apub::FedData;
use crate::egress::Egress;

/// What the web layer may ask of federation.
#[derive(Clone)]
pub struct FederationPort {
    config: FederationConfig<FedData>,
    egress: Egress,
}

impl FederationPort {
    pub fn new(config: FederationConfig<FedData>, egress: Egress) -> Self {
        Self { config, egress }
    }
}

#[async_trait::async_trait]
impl Federation for FederationPort {
    async fn resolve_actor(&self, target: &str) -> Result<Actor, CoreError> {
        crate::apub::resolve_actor(&self.config.to_request_data(), target).await
    }

    async fn poll_feed(&self, source: &FeedSource, author: &Actor) -> PollReport {
        crate::poller::poll(&self.config.to_request_data(), &self.egress, source, author).await
    }

    async fn generate_keypair(&self) -> Result<KeyPair, CoreError> {
        tokio::task::spawn_blocking(crate::keys::generate_keypair)
            .await
            .map_err(|e| CoreError::Internal(format!("key generation failed: {e}")))?
    }

    async fn subscribe_template(&self, account: &AccountAddress) -> Result<Option<String>, CoreError> {
        let data = self.config.to_request_data();
        crate::interaction::subscribe_template(data.app_data(), &self.egress, account).await
    }
}
