use std::sync::Arc;

use ecities_core::store::Store;
use ecities_core::urls::NodeUrls;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub urls: NodeUrls,
    /// Plain http and loopback peers allowed (tests and local networks).
    pub dev_mode: bool,
}
