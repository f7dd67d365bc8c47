//! Defederation: per-domain block and allow rules (from the configuration
//! and from the database), honoured when receiving, fetching and
//! delivering.

use std::sync::Arc;

use ecities_core::CoreError;
use ecities_core::hub::{DomainRuleKind, domain_and_parents, domain_permitted, normalize_domain};
use ecities_core::store::Store;
use url::Url;

pub struct DomainPolicy {
    store: Arc<dyn Store>,
    configured: Vec<(String, DomainRuleKind)>,
    allowlist_only: bool,
    local_host: Option<String>,
}

impl DomainPolicy {
    /// `blocked` and `allowed` come from the configuration file; rules in
    /// the database (API, CLI) apply as well.
    pub fn new(
        store: Arc<dyn Store>,
        local: &Url,
        blocked: &[String],
        allowed: &[String],
        allowlist_only: bool,
    ) -> Result<Self, CoreError> {
        let mut configured = Vec::new();
        for d in blocked {
            configured.push((normalize_domain(d)?, DomainRuleKind::Block));
        }
        for d in allowed {
            configured.push((normalize_domain(d)?, DomainRuleKind::Allow));
        }
        Ok(Self { store, configured, allowlist_only, local_host: local.host_str().map(str::to_owned) })
    }

    /// Whether this node may exchange anything with the host of `url`.
    pub async fn permits(&self, url: &Url) -> Result<bool, CoreError> {
        let Some(host) = url.host_str() else { return Ok(false) };
        if self.local_host.as_deref() == Some(host) {
            return Ok(true);
        }
        let names = domain_and_parents(host);
        let mut rules: Vec<DomainRuleKind> =
            self.configured.iter().filter(|(d, _)| names.contains(d)).map(|(_, r)| *r).collect();
        rules.extend(self.store.rules_for(&names).await?);
        Ok(domain_permitted(&rules, self.allowlist_only))
    }
}
