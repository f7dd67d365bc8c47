//! Node-wide settings: the domain rules (defederation) that apply to every
//! actor on the node. Only the node operator changes or lists them.

use crate::access::{Permission, Principal};
use crate::error::{CoreError, CoreResult};
use crate::hub::{DomainRule, DomainRuleKind};
use crate::store::Store;

/// Longest note kept with a rule.
const MAX_NOTE_CHARS: usize = 500;

pub async fn domain_rules(store: &dyn Store, who: &Principal) -> CoreResult<Vec<DomainRule>> {
    who.require(Permission::NodeSettings)?;
    store.domain_rules().await
}

/// Blocks or allows a domain (and its subdomains), replacing its rule.
pub async fn set_domain_rule(
    store: &dyn Store,
    who: &Principal,
    domain: &str,
    rule: DomainRuleKind,
    note: Option<&str>,
) -> CoreResult<DomainRule> {
    who.require(Permission::NodeSettings)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(CoreError::invalid("note", format!("is longer than {MAX_NOTE_CHARS} characters")));
    }
    store.set_domain_rule(domain, rule, note).await
}

/// Removes a domain's rule; NotFound when it had none.
pub async fn remove_domain_rule(store: &dyn Store, who: &Principal, domain: &str) -> CoreResult<()> {
    who.require(Permission::NodeSettings)?;
    if store.delete_domain_rule(domain).await? {
        Ok(())
    } else {
        Err(CoreError::NotFound(format!("a rule for {}", domain.trim())))
    }
}
