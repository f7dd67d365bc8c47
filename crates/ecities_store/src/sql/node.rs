//! The node's profile: one row (migration 0021); its own secrets (0036).

use ecities_core::node::{LogoUrl, NodeProfile};
use ecities_core::store::NodeStore;
use ecities_core::time::Timestamp;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::q;

#[async_trait::async_trait]
impl NodeStore for SqlStore {
    async fn node_profile(&self) -> R<NodeProfile> {
        let row = q("SELECT name, description, logo_url FROM node_profile WHERE id = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        let Some(row) = row else { return Ok(NodeProfile::default()) };
        Ok(NodeProfile {
            name: get_opt_str(&row, "name")?,
            description: get_opt_str(&row, "description")?,
            // Stored only after validation; a row that no longer passes
            // (edited by hand) shows no logo rather than a bad one.
            logo: get_opt_str(&row, "logo_url")?.and_then(|l| LogoUrl::parse(&l).ok()),
        })
    }

    async fn set_node_profile(&self, profile: &NodeProfile) -> R<()> {
        q("INSERT INTO node_profile (id, name, description, logo_url, updated_at) VALUES (1, $1, $2, $3, $4) \
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
           logo_url = excluded.logo_url, updated_at = excluded.updated_at")
        .bind(profile.name.clone())
        .bind(profile.description.clone())
        .bind(profile.logo.as_ref().map(|l| l.as_str().to_owned()))
        .bind(Timestamp::now().0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn node_secret(&self, purpose: &str, candidate: &str) -> R<String> {
        // Read first: every page with the question form asks, and a write
        // per page view would queue behind SQLite's one writer.
        let kept = q("SELECT secret FROM node_secrets WHERE name = $1")
            .bind(purpose.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        if let Some(row) = kept {
            return get_str(&row, "secret");
        }
        // First writer wins; everyone reads what was kept.
        q("INSERT INTO node_secrets (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
            .bind(purpose.to_owned())
            .bind(candidate.to_owned())
            .bind(Timestamp::now().0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        let row = q("SELECT secret FROM node_secrets WHERE name = $1")
            .bind(purpose.to_owned())
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        get_str(&row, "secret")
    }
}
