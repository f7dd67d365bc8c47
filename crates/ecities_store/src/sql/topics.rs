//! Topics: saved searches published as actors.

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorId, KeyPair, NewLocalActor};
use ecities_core::practice::PracticeId;
use ecities_core::store::{ActorStore, LocalActorLocation, OutgoingActivity, Topic, TopicStore};
use ecities_core::time::Timestamp;
use sqlx::any::AnyRow;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::actors::insert_local_actor;
use super::{q, write_outgoing};

fn topic_from_row(row: &AnyRow) -> R<Topic> {
    Ok(Topic {
        actor: ActorId(get_i64(row, "actor_id")?),
        owner: ActorId(get_i64(row, "owner_id")?),
        query: get_str(row, "query")?,
        cursor: get_i64(row, "cursor")?,
        created_at: get_ts(row, "created_at")?,
    })
}

#[async_trait::async_trait]
impl TopicStore for SqlStore {
    async fn create_topic(
        &self,
        actor: &NewLocalActor,
        location: &LocalActorLocation,
        keys: &KeyPair,
        owner: ActorId,
        query: &str,
        cursor: i64,
    ) -> R<(Actor, Topic)> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = insert_local_actor(&mut tx, actor, location, keys).await?;
        q("INSERT INTO topics (actor_id, owner_id, query, cursor, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id.0)
            .bind(owner.0)
            .bind(query.to_owned())
            .bind(cursor)
            .bind(Timestamp::now().0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        let topic = self.topic(id).await?.ok_or_else(|| CoreError::NotFound(format!("topic {}", id.0)))?;
        Ok((self.actor(id).await?, topic))
    }

    async fn topics(&self) -> R<Vec<Topic>> {
        let rows = q("SELECT actor_id, owner_id, query, cursor, created_at FROM topics ORDER BY actor_id")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(topic_from_row).collect()
    }

    async fn topic(&self, actor: ActorId) -> R<Option<Topic>> {
        let row = q("SELECT actor_id, owner_id, query, cursor, created_at FROM topics WHERE actor_id = $1")
            .bind(actor.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(topic_from_row).transpose()
    }

    async fn delete_topic(&self, actor: ActorId, at: Timestamp, outgoing: &[OutgoingActivity]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        // Marking it deleted first makes two concurrent deletions one: the
        // second finds nothing to mark and queues nothing.
        let marked = q("UPDATE actors SET deleted_at = $2, updated_at = $2 \
                        WHERE id = $1 AND kind = 'topic' AND local = 1 AND deleted_at IS NULL")
        .bind(actor.0)
        .bind(at.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if marked.rows_affected() == 0 {
            return Ok(false);
        }
        // Its announces not sent yet are not sent after its Delete.
        q("DELETE FROM deliveries WHERE state IN ('queued', 'retrying') \
           AND activity_id IN (SELECT id FROM outgoing_activities WHERE actor_id = $1)")
        .bind(actor.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        // The Delete goes to the followers as they are now; then they go.
        write_outgoing(&mut tx, outgoing, at).await?;
        for sql in [
            "DELETE FROM follows WHERE follower_id = $1 OR target_id = $1",
            "DELETE FROM topic_announces WHERE topic_id = $1",
            "DELETE FROM topics WHERE actor_id = $1",
        ] {
            q(sql).bind(actor.0).execute(&mut *tx).await.map_err(map_err)?;
        }
        self.commit_outgoing(tx, outgoing).await?;
        Ok(true)
    }

    async fn record_topic_announce(
        &self,
        topic: ActorId,
        practice: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> R<bool> {
        // Only for a topic that still exists (it may be deleted meanwhile).
        let insert = q("INSERT INTO topic_announces (topic_id, practice_id, announced_at) \
                        SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM topics WHERE actor_id = $1) \
                        ON CONFLICT (topic_id, practice_id) DO NOTHING")
        .bind(topic.0)
        .bind(practice.0)
        .bind(at.0);
        self.insert_once_with(insert, outgoing).await
    }

    async fn set_topic_cursor(&self, topic: ActorId, cursor: i64) -> R<()> {
        q("UPDATE topics SET cursor = $1 WHERE actor_id = $2 AND cursor < $1")
            .bind(cursor)
            .bind(topic.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
