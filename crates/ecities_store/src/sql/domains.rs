//! Node-wide domain rules, cached in memory (see `DomainRuleCache`).

use ecities_core::CoreError;
use ecities_core::hub::{DomainRule, DomainRuleKind, normalize_domain};
use ecities_core::store::DomainStore;
use ecities_core::time::Timestamp;
use sqlx::any::AnyRow;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::q;

fn domain_rule_from_row(row: &AnyRow) -> R<DomainRule> {
    let rule = get_str(row, "rule")?;
    Ok(DomainRule {
        domain: get_str(row, "domain")?,
        rule: rule.parse().map_err(|_| CoreError::Storage(format!("unknown domain rule {rule}")))?,
        note: get_opt_str(row, "note")?,
        created_at: get_ts(row, "created_at")?,
    })
}

impl SqlStore {
    /// Drops the cached domain rules (a change was written through this store).
    fn domain_rules_changed(&self) {
        if let Ok(mut cache) = self.domain_rules.lock() {
            cache.generation += 1;
            cache.rules = None;
        }
    }
}

#[async_trait::async_trait]
impl DomainStore for SqlStore {
    async fn domain_rules(&self) -> R<Vec<DomainRule>> {
        let rows = q("SELECT domain, rule, note, created_at FROM domain_rules ORDER BY domain")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(domain_rule_from_row).collect()
    }

    async fn rules_for(&self, domains: &[String]) -> R<Vec<DomainRuleKind>> {
        if domains.is_empty() {
            return Ok(Vec::new());
        }
        let pick = |rules: &std::collections::HashMap<String, DomainRuleKind>| {
            domains.iter().filter_map(|d| rules.get(d).copied()).collect::<Vec<_>>()
        };
        let generation = {
            let cache = self.domain_rules.lock().map_err(|_| CoreError::Internal("domain rule cache".into()))?;
            if let Some((loaded, rules)) = &cache.rules
                && loaded.elapsed() < crate::DOMAIN_RULES_TTL
            {
                return Ok(pick(rules));
            }
            cache.generation
        };
        let rows = q("SELECT domain, rule, note, created_at FROM domain_rules")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let rules = rows
            .iter()
            .map(|r| domain_rule_from_row(r).map(|d| (d.domain, d.rule)))
            .collect::<R<std::collections::HashMap<_, _>>>()?;
        let found = pick(&rules);
        if let Ok(mut cache) = self.domain_rules.lock()
            && cache.generation == generation
        {
            cache.rules = Some((std::time::Instant::now(), rules));
        }
        Ok(found)
    }

    async fn set_domain_rule(&self, domain: &str, rule: DomainRuleKind, note: Option<&str>) -> R<DomainRule> {
        let domain = normalize_domain(domain)?;
        q("INSERT INTO domain_rules (domain, rule, note, created_at) VALUES ($1, $2, $3, $4) \
           ON CONFLICT (domain) DO UPDATE SET rule = excluded.rule, note = excluded.note")
        .bind(domain.clone())
        .bind(rule.as_str().to_owned())
        .bind(note.map(str::to_owned))
        .bind(Timestamp::now().0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        self.domain_rules_changed();
        let row = q("SELECT domain, rule, note, created_at FROM domain_rules WHERE domain = $1")
            .bind(domain)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        domain_rule_from_row(&row)
    }

    async fn delete_domain_rule(&self, domain: &str) -> R<bool> {
        let domain = normalize_domain(domain)?;
        let done =
            q("DELETE FROM domain_rules WHERE domain = $1").bind(domain).execute(&self.pool).await.map_err(map_err)?;
        self.domain_rules_changed();
        Ok(done.rows_affected() > 0)
    }
}
