//! Node-wide rules for remote domains (block, allow).

use crate::error::CoreResult;
use crate::hub::{DomainRule, DomainRuleKind};

/// Domain rules (SQL: `ecities_store/src/sql/domains.rs`).
#[async_trait::async_trait]
pub trait DomainStore: Send + Sync + 'static {
    async fn domain_rules(&self) -> CoreResult<Vec<DomainRule>>;
    /// The rules of these exact domain names.
    async fn rules_for(&self, domains: &[String]) -> CoreResult<Vec<DomainRuleKind>>;
    async fn set_domain_rule(&self, domain: &str, rule: DomainRuleKind, note: Option<&str>) -> CoreResult<DomainRule>;
    async fn delete_domain_rule(&self, domain: &str) -> CoreResult<bool>;
}
