//! Actors: local actors with their keys, remote actors keyed by URL.

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorId, ActorName, KeyPair, NewLocalActor, RemoteActor};
use ecities_core::follow::FollowApproval;
use ecities_core::identity::MembershipClaim;
use ecities_core::store::{ActorStore, LocalActorLocation};
use ecities_core::time::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe};
use url::Url;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::q;

/// Inserts a local actor on `conn` (inside the caller's transaction, if any).
pub(super) async fn insert_local_actor(
    conn: &mut AnyConnection,
    new: &NewLocalActor,
    at: &LocalActorLocation,
    keys: &KeyPair,
) -> R<ActorId> {
    let now = Timestamp::now();
    let row = q("INSERT INTO actors (url, name, host, kind, local, display_name, summary, country, profile_url, icon_url, \
                 inbox, shared_inbox, outbox, followers_url, following_url, public_key_pem, private_key_pem, \
                 created_at, updated_at, last_refreshed_at, portal_url) \
                 VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, NULL, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16, $17) RETURNING id")
        .bind(at.url.as_str().to_owned())
        .bind(new.name.as_str().to_owned())
        .bind(at.host.clone())
        .bind(new.kind.as_str().to_owned())
        .bind(new.display_name.clone())
        .bind(new.summary.clone())
        .bind(new.country.as_ref().map(|c| c.code().to_owned()))
        .bind(at.profile_url.as_str().to_owned())
        .bind(at.endpoints.inbox.as_str().to_owned())
        .bind(at.endpoints.shared_inbox.as_ref().map(|u| u.as_str().to_owned()))
        .bind(at.endpoints.outbox.as_ref().map(|u| u.as_str().to_owned()))
        .bind(at.endpoints.followers.as_ref().map(|u| u.as_str().to_owned()))
        .bind(at.endpoints.following.as_ref().map(|u| u.as_str().to_owned()))
        .bind(keys.public_pem.clone())
        .bind(keys.private_pem.clone())
        .bind(now.0)
        .bind(new.portal_url.as_ref().map(|u| u.as_str().to_owned()))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| match map_err(e) {
            CoreError::Conflict(_) => CoreError::Conflict(format!("an actor named '{}' already exists", new.name)),
            other => other,
        })?;
    Ok(ActorId(get_i64(&row, "id")?))
}

#[async_trait::async_trait]
impl ActorStore for SqlStore {
    async fn create_local_actor(&self, new: &NewLocalActor, at: &LocalActorLocation, keys: &KeyPair) -> R<Actor> {
        let mut conn = self.pool.acquire().await.map_err(map_err)?;
        let id = insert_local_actor(&mut conn, new, at, keys).await?;
        drop(conn);
        self.actor(id).await
    }

    async fn actor(&self, id: ActorId) -> R<Actor> {
        let sql = AssertSqlSafe(format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.id = $1"));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()?.ok_or_else(|| CoreError::NotFound(format!("actor {}", id.0)))
    }

    async fn local_actor_by_name(&self, name: &ActorName) -> R<Option<Actor>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.name = $1 AND a.local = 1 AND a.deleted_at IS NULL"
        ));
        let row = sqlx::query(sql).bind(name.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()
    }

    async fn actor_by_url(&self, url: &Url) -> R<Option<Actor>> {
        let sql =
            AssertSqlSafe(format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.url = $1 AND a.deleted_at IS NULL"));
        let row = sqlx::query(sql).bind(url.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()
    }

    async fn deleted_local_actor(&self, name: &ActorName) -> R<Option<Actor>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.name = $1 AND a.local = 1 AND a.deleted_at IS NOT NULL"
        ));
        let row = sqlx::query(sql).bind(name.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()
    }

    async fn local_actors(&self) -> R<Vec<Actor>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.local = 1 AND a.deleted_at IS NULL ORDER BY a.name"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter().map(actor_from_row).collect()
    }

    async fn upsert_remote_actor(&self, a: &RemoteActor) -> R<Actor> {
        let now = Timestamp::now();
        let row = q("INSERT INTO actors (url, name, host, kind, local, display_name, summary, country, profile_url, icon_url, \
                     inbox, shared_inbox, outbox, followers_url, following_url, public_key_pem, private_key_pem, \
                     created_at, updated_at, last_refreshed_at) \
                     VALUES ($1, $2, $3, $4, 0, $5, $6, $16, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $15, $15) \
                     ON CONFLICT (url) DO UPDATE SET name = excluded.name, host = excluded.host, kind = excluded.kind, \
                     display_name = excluded.display_name, summary = excluded.summary, country = excluded.country, \
                     profile_url = excluded.profile_url, \
                     icon_url = excluded.icon_url, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, \
                     outbox = excluded.outbox, followers_url = excluded.followers_url, following_url = excluded.following_url, \
                     public_key_pem = excluded.public_key_pem, updated_at = excluded.updated_at, \
                     last_refreshed_at = excluded.last_refreshed_at \
                     WHERE actors.local = 0 \
                     RETURNING id")
            .bind(a.url.as_str().to_owned())
            .bind(a.name.clone())
            .bind(a.host.clone())
            .bind(a.kind.as_str().to_owned())
            .bind(a.display_name.clone())
            .bind(a.summary.clone())
            .bind(a.profile_url.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.icon_url.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.inbox.as_str().to_owned())
            .bind(a.endpoints.shared_inbox.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.outbox.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.followers.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.following.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.public_key_pem.clone())
            .bind(now.0)
            .bind(a.country.as_ref().map(|c| c.code().to_owned()))
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        // No row comes back when the URL belongs to a local actor: a remote
        // document must never overwrite one of ours.
        let row = row.ok_or_else(|| CoreError::Conflict(format!("{} is a local actor", a.url)))?;
        self.actor(ActorId(get_i64(&row, "id")?)).await
    }

    async fn set_follow_approval(&self, actor: ActorId, approval: FollowApproval) -> R<()> {
        let done = q("UPDATE actors SET follow_approval = $1, updated_at = $2 WHERE id = $3 AND local = 1")
            .bind(approval.as_str().to_owned())
            .bind(Timestamp::now().0)
            .bind(actor.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("local actor {}", actor.0)));
        }
        Ok(())
    }

    async fn record_portal_check(&self, actor: ActorId, verified: bool, at: Timestamp) -> R<Actor> {
        // Verified again keeps the first time (verified since); a failed
        // check clears it.
        let done = q("UPDATE actors SET portal_checked_at = $1, \
                      portal_verified_at = CASE WHEN $2 = 1 THEN COALESCE(portal_verified_at, $1) ELSE NULL END \
                      WHERE id = $3 AND local = 1")
        .bind(at.0)
        .bind(i64::from(verified))
        .bind(actor.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("local actor {}", actor.0)));
        }
        self.actor(actor).await
    }

    async fn membership_claims(&self, actor: ActorId) -> R<Vec<MembershipClaim>> {
        let rows = q("SELECT association_url, association_name, member_since, checked_at FROM membership_claims \
                      WHERE actor_id = $1 ORDER BY position, association_url")
        .bind(actor.0)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.iter()
            .map(|r| {
                Ok(MembershipClaim {
                    association: get_url(r, "association_url")?,
                    association_name: get_opt_str(r, "association_name")?,
                    member_since: get_opt_ts(r, "member_since")?,
                    checked_at: get_opt_ts(r, "checked_at")?,
                })
            })
            .collect()
    }

    async fn set_membership_claims(&self, actor: ActorId, associations: &[Url]) -> R<Vec<MembershipClaim>> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let known = q("SELECT association_url FROM membership_claims WHERE actor_id = $1")
            .bind(actor.0)
            .fetch_all(&mut *tx)
            .await
            .map_err(map_err)?;
        for row in &known {
            let url = get_str(row, "association_url")?;
            if !associations.iter().any(|a| a.as_str() == url) {
                q("DELETE FROM membership_claims WHERE actor_id = $1 AND association_url = $2")
                    .bind(actor.0)
                    .bind(url)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
            }
        }
        for (position, association) in associations.iter().enumerate() {
            q("INSERT INTO membership_claims (actor_id, association_url, position) VALUES ($1, $2, $3) \
               ON CONFLICT (actor_id, association_url) DO UPDATE SET position = excluded.position")
            .bind(actor.0)
            .bind(association.as_str().to_owned())
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)?;
        self.membership_claims(actor).await
    }

    async fn record_membership_check(
        &self,
        actor: ActorId,
        association: &Url,
        association_name: Option<&str>,
        since: Option<Timestamp>,
        at: Timestamp,
    ) -> R<()> {
        q("UPDATE membership_claims SET checked_at = $1, member_since = $2, \
           association_name = COALESCE($3, association_name) \
           WHERE actor_id = $4 AND association_url = $5")
        .bind(at.0)
        .bind(since.map(|s| s.0))
        .bind(association_name.map(str::to_owned))
        .bind(actor.0)
        .bind(association.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn private_key(&self, id: ActorId) -> R<String> {
        let row = q("SELECT private_key_pem FROM actors WHERE id = $1 AND local = 1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref()
            .map(|r| get_opt_str(r, "private_key_pem"))
            .transpose()?
            .flatten()
            .ok_or_else(|| CoreError::NotFound(format!("private key of actor {}", id.0)))
    }
}
