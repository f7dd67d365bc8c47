//! Received activity ids: each incoming activity is processed once.

use ecities_core::store::{InboxStore, IncomingClaim};
use ecities_core::time::Timestamp;
use url::Url;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::q;

#[async_trait::async_trait]
impl InboxStore for SqlStore {
    #[tracing::instrument(name = "store.claim_incoming", level = "debug", skip_all)]
    async fn claim_incoming(&self, activity_id: &Url, at: Timestamp, stale_before: Timestamp) -> R<IncomingClaim> {
        let id = activity_id.as_str().to_owned();
        let inserted = q("INSERT INTO incoming_activities (activity_id, received_at, done) VALUES ($1, $2, 0) \
                          ON CONFLICT (activity_id) DO NOTHING")
        .bind(id.clone())
        .bind(at.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        if inserted.rows_affected() == 1 {
            return Ok(IncomingClaim::New);
        }
        // Claimed long ago and never finished: its process died mid-way.
        let taken = q("UPDATE incoming_activities SET received_at = $2 \
                       WHERE activity_id = $1 AND done = 0 AND received_at < $3")
        .bind(id.clone())
        .bind(at.0)
        .bind(stale_before.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        if taken.rows_affected() == 1 {
            return Ok(IncomingClaim::New);
        }
        let row = q("SELECT done FROM incoming_activities WHERE activity_id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(match row {
            Some(r) if get_i64(&r, "done")? != 0 => IncomingClaim::Duplicate,
            // In progress, or forgotten by a failed attempt a moment ago:
            // either way the sender's next try decides.
            _ => IncomingClaim::InProgress,
        })
    }

    #[tracing::instrument(name = "store.finish_incoming", level = "debug", skip_all)]
    async fn finish_incoming(&self, activity_id: &Url) -> R<()> {
        q("UPDATE incoming_activities SET done = 1 WHERE activity_id = $1")
            .bind(activity_id.as_str().to_owned())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn forget_incoming(&self, activity_id: &Url) -> R<()> {
        q("DELETE FROM incoming_activities WHERE activity_id = $1")
            .bind(activity_id.as_str().to_owned())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn prune_incoming(&self, before: Timestamp) -> R<u64> {
        let done = q("DELETE FROM incoming_activities WHERE done = 1 AND received_at < $1")
            .bind(before.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}
