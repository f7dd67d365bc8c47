//! Follows between actors.

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorId};
use ecities_core::follow::{Follow, FollowId, FollowState};
use ecities_core::store::{FollowStore, OutgoingActivity, Page};
use ecities_core::time::Timestamp;
use sqlx::AssertSqlSafe;
use url::Url;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::{page_before, page_limit, q, write_outgoing};

impl SqlStore {
    async fn follow_list(
        &self,
        self_col: &'static str,
        other_col: &'static str,
        actor: ActorId,
        state: Option<FollowState>,
        page: Page,
    ) -> R<Vec<(Follow, Actor)>> {
        let sql = format!(
            "SELECT {FOLLOW_COLUMNS}, {ACTOR_COLUMNS} FROM follows f JOIN actors a ON a.id = {other_col} \
             WHERE {self_col} = $1 AND ($2 = '' OR f.state = $2) AND f.id < $3 ORDER BY f.id DESC LIMIT $4"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(actor.0)
            .bind(state.map(|s| s.as_str()).unwrap_or("").to_owned())
            .bind(page_before(page))
            .bind(page_limit(page))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(|r| Ok((follow_from_row(r)?, actor_from_row(r)?))).collect()
    }
}

#[async_trait::async_trait]
impl FollowStore for SqlStore {
    #[tracing::instrument(name = "store.upsert_follow", level = "debug", skip_all)]
    async fn upsert_follow(
        &self,
        follower: ActorId,
        target: ActorId,
        state: FollowState,
        activity_id: Option<&Url>,
        outgoing: &[OutgoingActivity],
    ) -> R<Follow> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        q("INSERT INTO follows (follower_id, target_id, state, activity_id, created_at, updated_at) \
           VALUES ($1, $2, $3, $4, $5, $5) \
           ON CONFLICT (follower_id, target_id) DO UPDATE SET state = excluded.state, \
           activity_id = excluded.activity_id, updated_at = excluded.updated_at")
        .bind(follower.0)
        .bind(target.0)
        .bind(state.as_str().to_owned())
        .bind(activity_id.map(|u| u.as_str().to_owned()))
        .bind(now.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.follow(follower, target).await?.ok_or_else(|| CoreError::Internal("follow vanished after insert".into()))
    }

    async fn follow(&self, follower: ActorId, target: ActorId) -> R<Option<Follow>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.follower_id = $1 AND f.target_id = $2"
        ));
        let row = sqlx::query(sql).bind(follower.0).bind(target.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(follow_from_row).transpose()
    }

    async fn mark_relay_subscription(&self, follower: ActorId, target: ActorId) -> R<()> {
        let done = q("UPDATE follows SET relay = 1 WHERE follower_id = $1 AND target_id = $2")
            .bind(follower.0)
            .bind(target.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound("follow".into()));
        }
        Ok(())
    }

    async fn follower_urls_on_host(&self, target: ActorId, host: &str) -> R<Vec<Url>> {
        let rows = q("SELECT a.url FROM follows f JOIN actors a ON a.id = f.follower_id \
                      WHERE f.target_id = $1 AND f.state = 'accepted' AND a.host = $2 ORDER BY a.url")
        .bind(target.0)
        .bind(host.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.iter()
            .map(|row| {
                let url = get_str(row, "url")?;
                Url::parse(&url).map_err(|e| CoreError::Internal(format!("stored actor url {url}: {e}")))
            })
            .collect()
    }

    async fn follower_urls_on_host_page(
        &self,
        target: ActorId,
        host: &str,
        after: Option<&Url>,
        limit: u32,
    ) -> R<Vec<Url>> {
        let rows = q("SELECT a.url FROM follows f JOIN actors a ON a.id = f.follower_id \
                      WHERE f.target_id = $1 AND f.state = 'accepted' AND a.host = $2 AND a.url > $3 \
                      ORDER BY a.url LIMIT $4")
        .bind(target.0)
        .bind(host.to_owned())
        .bind(after.map(|u| u.as_str().to_owned()).unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.iter()
            .map(|row| {
                let url = get_str(row, "url")?;
                Url::parse(&url).map_err(|e| CoreError::Internal(format!("stored actor url {url}: {e}")))
            })
            .collect()
    }

    async fn follow_by_id(&self, id: FollowId) -> R<Option<Follow>> {
        let sql = AssertSqlSafe(format!("SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.id = $1"));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(follow_from_row).transpose()
    }

    async fn follow_by_activity(&self, activity_id: &Url) -> R<Option<Follow>> {
        let sql = AssertSqlSafe(format!("SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.activity_id = $1"));
        let row =
            sqlx::query(sql).bind(activity_id.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(follow_from_row).transpose()
    }

    async fn set_follow_state(
        &self,
        follower: ActorId,
        target: ActorId,
        state: FollowState,
        outgoing: &[OutgoingActivity],
    ) -> R<()> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("UPDATE follows SET state = $1, updated_at = $2 WHERE follower_id = $3 AND target_id = $4")
            .bind(state.as_str().to_owned())
            .bind(now.0)
            .bind(follower.0)
            .bind(target.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound("follow".into()));
        }
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await
    }

    async fn delete_follow(&self, follower: ActorId, target: ActorId, outgoing: &[OutgoingActivity]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("DELETE FROM follows WHERE follower_id = $1 AND target_id = $2")
            .bind(follower.0)
            .bind(target.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn followers(&self, target: ActorId, state: Option<FollowState>, page: Page) -> R<Vec<(Follow, Actor)>> {
        self.follow_list("f.target_id", "f.follower_id", target, state, page).await
    }

    async fn following(&self, follower: ActorId, state: Option<FollowState>, page: Page) -> R<Vec<(Follow, Actor)>> {
        self.follow_list("f.follower_id", "f.target_id", follower, state, page).await
    }

    async fn count_followers(&self, target: ActorId) -> R<i64> {
        let row = q("SELECT COUNT(*) AS n FROM follows WHERE target_id = $1 AND state = 'accepted'")
            .bind(target.0)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        get_i64(&row, "n")
    }

    async fn count_following(&self, follower: ActorId) -> R<i64> {
        let row = q("SELECT COUNT(*) AS n FROM follows WHERE follower_id = $1 AND state = 'accepted'")
            .bind(follower.0)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        get_i64(&row, "n")
    }

    async fn remove_follows_of(&self, actor: ActorId) -> R<u64> {
        let done = q("DELETE FROM follows WHERE (follower_id = $1 OR target_id = $1) \
                      AND $1 IN (SELECT id FROM actors WHERE local = 0)")
        .bind(actor.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn remove_followers_by_inbox(&self, inbox: &Url) -> R<u64> {
        let done = q("DELETE FROM follows WHERE follower_id IN \
                      (SELECT id FROM actors WHERE local = 0 AND (inbox = $1 OR shared_inbox = $1))")
        .bind(inbox.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}
