//! Liveness, readiness (a small real write) and counts.

use ecities_core::CoreError;
use ecities_core::store::{HealthStore, NodeCounts, Readiness};
use ecities_core::time::Timestamp;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::q;

impl SqlStore {
    /// A small real write, committed: row 1 of `node_health` is updated
    /// (the commit fails on a read-only database or a full disk) and row 2
    /// is inserted with a 16 KiB probe and deleted again (a database at its
    /// size limit has no room for it, as it would have none for a practice).
    async fn probe_write(&self, now: Timestamp) -> R<()> {
        const PROBE_BYTES: usize = 16 * 1024;
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        q("INSERT INTO node_health (id, checked_at) VALUES (1, $1) \
           ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at")
        .bind(now.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        let probe = "x".repeat(PROBE_BYTES);
        q("INSERT INTO node_health (id, checked_at, probe) VALUES (2, $1, $2)")
            .bind(now.0)
            .bind(probe)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        q("DELETE FROM node_health WHERE id = 2").execute(&mut *tx).await.map_err(map_err)?;
        tx.commit().await.map_err(map_err)
    }

    /// Free bytes on the file system holding the SQLite database.
    #[cfg(unix)]
    fn free_disk_bytes(&self) -> Option<u64> {
        let file = self.sqlite_file.as_ref()?;
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        let stat = rustix::fs::statvfs(dir).ok()?;
        Some(stat.f_bavail.saturating_mul(stat.f_frsize))
    }

    #[cfg(not(unix))]
    fn free_disk_bytes(&self) -> Option<u64> {
        None
    }
}

#[async_trait::async_trait]
impl HealthStore for SqlStore {
    async fn ping(&self) -> R<()> {
        q("SELECT 1 AS one").fetch_one(&self.pool).await.map_err(map_err)?;
        Ok(())
    }

    #[tracing::instrument(name = "store.readiness", level = "debug", skip_all)]
    async fn readiness(&self, now: Timestamp) -> R<Readiness> {
        let writable = self.probe_write(now).await.map_err(|e| match e {
            CoreError::Storage(m) => m,
            other => other.to_string(),
        });
        let row = q("SELECT MIN(next_attempt_at) AS due FROM deliveries WHERE state IN ('queued', 'retrying') \
                     AND next_attempt_at <= $1 AND NOT EXISTS (SELECT 1 FROM remote_hosts h \
                     WHERE h.host = deliveries.host AND h.state = 'unreachable' AND h.next_probe_at > $1)")
        .bind(now.0)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        let oldest_due_delivery = get_opt_i64(&row, "due")?.map(Timestamp);
        Ok(Readiness { writable, oldest_due_delivery, free_disk_bytes: self.free_disk_bytes() })
    }

    async fn counts(&self) -> R<NodeCounts> {
        let row = q("SELECT \
                     (SELECT COUNT(*) FROM actors WHERE local = 1 AND kind <> 'application' AND deleted_at IS NULL) AS local_actors, \
                     (SELECT COUNT(*) FROM practices WHERE local = 1 AND deleted_at IS NULL) AS local_practices, \
                     (SELECT COUNT(*) FROM practices WHERE local = 0 AND deleted_at IS NULL) AS remote_practices, \
                     (SELECT COUNT(*) FROM deliveries WHERE state IN ('queued', 'retrying')) AS deliveries_pending")
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(NodeCounts {
            local_actors: get_i64(&row, "local_actors")?,
            local_practices: get_i64(&row, "local_practices")?,
            remote_practices: get_i64(&row, "remote_practices")?,
            deliveries_pending: get_i64(&row, "deliveries_pending")?,
        })
    }
}
