//! Node-wide settings: the domain rules (defederation) that apply to every
//! actor on the node, and the node's profile (name, description, logo).
//! Only the node operator changes them; the profile is public.

use crate::access::{Permission, Principal};
use crate::error::{CoreError, CoreResult};
use crate::hub::{DomainRule, DomainRuleKind};
use crate::node::{NodeProfile, NodeProfileChange};
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

/// The node's profile as stored (public: every page shows it).
pub async fn profile(store: &dyn Store) -> CoreResult<NodeProfile> {
    store.node_profile().await
}

/// Changes the node's name, description or logo; the fields the change does
/// not name are kept.
pub async fn set_profile(store: &dyn Store, who: &Principal, change: &NodeProfileChange) -> CoreResult<NodeProfile> {
    who.require(Permission::NodeSettings)?;
    let profile = change.apply(store.node_profile().await?)?;
    store.set_node_profile(&profile).await?;
    Ok(profile)
}
