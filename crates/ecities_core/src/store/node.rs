//! The node's own profile: its name, description and logo (migration 0021),
//! a node-wide setting the operator changes.

use crate::error::CoreResult;
use crate::node::NodeProfile;

#[async_trait::async_trait]
pub trait NodeStore: Send + Sync + 'static {
    /// The stored profile (every field unset on a new node).
    async fn node_profile(&self) -> CoreResult<NodeProfile>;
    /// Replaces the stored profile.
    async fn set_node_profile(&self, profile: &NodeProfile) -> CoreResult<()>;
    /// The node's secret for `purpose` (migration 0036): `candidate` is
    /// stored when there is none yet, and the stored one is returned, so
    /// every process on the database agrees and a restart keeps it.
    async fn node_secret(&self, purpose: &str, candidate: &str) -> CoreResult<String>;
}
