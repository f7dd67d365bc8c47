//! Feed import: sources, polls and the items imported from them.

use ecities_core::CoreError;
use ecities_core::actor::ActorId;
use ecities_core::import::{FeedMapping, FeedSource, FeedSourceId, PollRecord};
use ecities_core::practice::PracticeId;
use ecities_core::practice::{NewPractice, Practice};
use ecities_core::store::{ImportStore, ImportedItem, OutgoingActivity, PracticeStore, RelayStep};
use ecities_core::time::Timestamp;
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use url::Url;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::{bool_int, q, write_outgoing};

const FEED_SOURCE_COLUMNS: &str = "id, actor_id, url, options, delete_missing, etag, last_modified, polls, \
     last_polled_at, last_success_at, last_error, last_error_at, items_imported, archive_next, created_at";

/// Records that `guid` of `source` was imported as `practice` with this
/// content hash (replacing an earlier record).
fn feed_item_upsert(
    source: FeedSourceId,
    guid: &str,
    practice: PracticeId,
    hash: &str,
    at: Timestamp,
) -> super::Q<'static> {
    q("INSERT INTO feed_items (source_id, guid, practice_id, content_hash, seen_at) VALUES ($1, $2, $3, $4, $5) \
       ON CONFLICT (source_id, guid) DO UPDATE SET practice_id = excluded.practice_id, \
       content_hash = excluded.content_hash, seen_at = excluded.seen_at")
    .bind(source.0)
    .bind(guid.to_owned())
    .bind(practice.0)
    .bind(hash.to_owned())
    .bind(at.0)
}

fn feed_source_from_row(row: &AnyRow) -> R<FeedSource> {
    let options = get_str(row, "options")?;
    Ok(FeedSource {
        id: FeedSourceId(get_i64(row, "id")?),
        actor: ActorId(get_i64(row, "actor_id")?),
        url: get_url(row, "url")?,
        mapping: serde_json::from_str(&options)
            .map_err(|_| CoreError::Storage(format!("feed source options '{options}' cannot be read")))?,
        delete_missing: get_i64(row, "delete_missing")? != 0,
        etag: get_opt_str(row, "etag")?,
        last_modified: get_opt_str(row, "last_modified")?,
        polls: get_i64(row, "polls")?,
        last_polled_at: get_opt_ts(row, "last_polled_at")?,
        last_success_at: get_opt_ts(row, "last_success_at")?,
        last_error: get_opt_str(row, "last_error")?,
        last_error_at: get_opt_ts(row, "last_error_at")?,
        items_imported: get_i64(row, "items_imported")?,
        archive_next: get_opt_url(row, "archive_next")?,
        created_at: get_ts(row, "created_at")?,
    })
}

#[async_trait::async_trait]
impl ImportStore for SqlStore {
    async fn create_feed_source(
        &self,
        actor: ActorId,
        url: &Url,
        mapping: &FeedMapping,
        delete_missing: bool,
    ) -> R<FeedSource> {
        let options = serde_json::to_string(mapping).map_err(|e| CoreError::Internal(e.to_string()))?;
        let row = q("INSERT INTO feed_sources (actor_id, url, options, delete_missing, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(actor.0)
            .bind(url.as_str().to_owned())
            .bind(options)
            .bind(bool_int(delete_missing))
            .bind(Timestamp::now().0)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| match map_err(e) {
                CoreError::Conflict(_) => CoreError::Conflict(format!("{url} is already a feed source of this actor")),
                other => other,
            })?;
        self.feed_source(FeedSourceId(get_i64(&row, "id")?)).await
    }

    async fn feed_source(&self, id: FeedSourceId) -> R<FeedSource> {
        let sql = AssertSqlSafe(format!("SELECT {FEED_SOURCE_COLUMNS} FROM feed_sources WHERE id = $1"));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref()
            .map(feed_source_from_row)
            .transpose()?
            .ok_or_else(|| CoreError::NotFound(format!("feed source {}", id.0)))
    }

    async fn feed_sources(&self, actor: Option<ActorId>) -> R<Vec<FeedSource>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {FEED_SOURCE_COLUMNS} FROM feed_sources WHERE ($1 = 0 OR actor_id = $2) ORDER BY id"
        ));
        let rows = sqlx::query(sql)
            .bind(bool_int(actor.is_some()))
            .bind(actor.map(|a| a.0).unwrap_or(0))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(feed_source_from_row).collect()
    }

    async fn due_feed_sources(&self, before: Timestamp) -> R<Vec<FeedSource>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {FEED_SOURCE_COLUMNS} FROM feed_sources WHERE last_polled_at IS NULL OR last_polled_at < $1 ORDER BY id"
        ));
        let rows = sqlx::query(sql).bind(before.0).fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter().map(feed_source_from_row).collect()
    }

    async fn delete_feed_source(&self, id: FeedSourceId) -> R<bool> {
        let done = q("DELETE FROM feed_sources WHERE id = $1").bind(id.0).execute(&self.pool).await.map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_feed_mapping(&self, id: FeedSourceId, mapping: &FeedMapping) -> R<()> {
        let options = serde_json::to_string(mapping).map_err(|e| CoreError::Internal(e.to_string()))?;
        let done = q("UPDATE feed_sources SET options = $1 WHERE id = $2")
            .bind(options)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("feed source {}", id.0)));
        }
        Ok(())
    }

    async fn record_poll(&self, id: FeedSourceId, at: Timestamp, record: &PollRecord) -> R<()> {
        let query = match record {
            PollRecord::Success { etag, last_modified, imported } => q(
                "UPDATE feed_sources SET polls = polls + 1, last_polled_at = $1, last_success_at = $1, \
                 etag = $2, last_modified = $3, items_imported = items_imported + $4 WHERE id = $5",
            )
            .bind(at.0)
            .bind(etag.clone())
            .bind(last_modified.clone())
            .bind(*imported)
            .bind(id.0),
            PollRecord::NotModified => {
                q("UPDATE feed_sources SET polls = polls + 1, last_polled_at = $1, last_success_at = $1 WHERE id = $2")
                    .bind(at.0)
                    .bind(id.0)
            }
            PollRecord::Failed { error } => q(
                "UPDATE feed_sources SET polls = polls + 1, last_polled_at = $1, last_error_at = $1, last_error = $2 WHERE id = $3",
            )
            .bind(at.0)
            .bind(error.clone())
            .bind(id.0),
        };
        query.execute(&self.pool).await.map_err(map_err)?;
        Ok(())
    }

    async fn set_archive_cursor(&self, id: FeedSourceId, next: Option<&Url>) -> R<()> {
        q("UPDATE feed_sources SET archive_next = $1 WHERE id = $2")
            .bind(next.map(|u| u.as_str().to_owned()))
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn feed_item(&self, source: FeedSourceId, guid: &str) -> R<Option<(PracticeId, String)>> {
        let row = q("SELECT practice_id, content_hash FROM feed_items WHERE source_id = $1 AND guid = $2")
            .bind(source.0)
            .bind(guid.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(|r| Ok((PracticeId(get_i64(r, "practice_id")?), get_str(r, "content_hash")?))).transpose()
    }

    async fn record_feed_item(
        &self,
        source: FeedSourceId,
        guid: &str,
        practice: PracticeId,
        hash: &str,
        at: Timestamp,
    ) -> R<()> {
        feed_item_upsert(source, guid, practice, hash, at).execute(&self.pool).await.map_err(map_err)?;
        Ok(())
    }

    async fn insert_imported_practice(
        &self,
        p: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
        item: &ImportedItem<'_>,
    ) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = super::practices::insert_in(&mut tx, self.dialect, p).await?;
        feed_item_upsert(item.source, item.guid, id, item.hash, item.at).execute(&mut *tx).await.map_err(map_err)?;
        let now = Timestamp::now();
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = super::hub::write_relaying(&mut tx, id, relaying, now).await?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await?;
        self.practice(id).await
    }

    async fn feed_items(&self, source: FeedSourceId) -> R<Vec<(String, PracticeId)>> {
        let rows = q("SELECT guid, practice_id FROM feed_items WHERE source_id = $1 ORDER BY id")
            .bind(source.0)
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(|r| Ok((get_str(r, "guid")?, PracticeId(get_i64(r, "practice_id")?)))).collect()
    }
}
