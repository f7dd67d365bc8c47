//! The delivery queue: claims with leases, outcomes, host health, the
//! outbox listing.

use ecities_core::CoreError;
use ecities_core::actor::ActorId;
use ecities_core::store::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, DeliveryState, DeliveryStats, DeliveryStore,
    HostHealth, HostPolicy, OutgoingActivity, Page,
};
use ecities_core::time::Timestamp;
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

use crate::rows::*;
use crate::{Dialect, SqlStore, map_err};

use super::{bool_int, json_array, json_ids, json_strings, page_before, page_limit, placeholders, q, write_outgoing};

fn status_i64(s: Option<u16>) -> Option<i64> {
    s.map(i64::from)
}

fn delivery_from_row(row: &AnyRow) -> R<ClaimedDelivery> {
    Ok(ClaimedDelivery {
        id: DeliveryId(get_i64(row, "id")?),
        activity_ap_id: get_url(row, "ap_id")?,
        actor: ActorId(get_i64(row, "actor_id")?),
        inbox: get_url(row, "inbox")?,
        host: get_str(row, "host")?,
        body: get_str(row, "body")?,
        attempts: get_i64(row, "attempts")?,
        host_unreachable: get_i64(row, "unreachable")? != 0,
        host_failing: get_i64(row, "failing")? != 0,
        traceparent: get_opt_str(row, "traceparent")?,
    })
}

fn host_from_row(row: &AnyRow) -> R<HostHealth> {
    Ok(HostHealth {
        host: get_str(row, "host")?,
        unreachable: get_str(row, "state")? == "unreachable",
        failures: get_i64(row, "failures")?,
        first_failure_at: get_opt_ts(row, "first_failure_at")?,
        next_probe_at: get_opt_ts(row, "next_probe_at")?,
        last_error: get_opt_str(row, "last_error")?,
    })
}

fn delivery_record_from_row(row: &AnyRow) -> R<DeliveryRecord> {
    let state = get_str(row, "state")?;
    let state =
        DeliveryState::parse(&state).ok_or_else(|| CoreError::Storage(format!("unknown delivery state {state}")))?;
    Ok(DeliveryRecord {
        id: DeliveryId(get_i64(row, "id")?),
        activity_ap_id: get_url(row, "ap_id")?,
        activity_kind: get_str(row, "kind")?,
        actor: ActorId(get_i64(row, "actor_id")?),
        inbox: get_url(row, "inbox")?,
        next_attempt_at: matches!(state, DeliveryState::Queued | DeliveryState::Retrying)
            .then(|| get_ts(row, "next_attempt_at"))
            .transpose()?,
        state,
        attempts: get_i64(row, "attempts")?,
        last_status: get_opt_i64(row, "last_status")?.and_then(|s| u16::try_from(s).ok()),
        last_error: get_opt_str(row, "last_error")?,
        created_at: get_ts(row, "created_at")?,
        updated_at: get_ts(row, "updated_at")?,
    })
}

#[async_trait::async_trait]
impl DeliveryStore for SqlStore {
    async fn enqueue(&self, outgoing: &OutgoingActivity) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        write_outgoing(&mut tx, std::slice::from_ref(outgoing), Timestamp::now()).await?;
        self.commit_outgoing(tx, std::slice::from_ref(outgoing)).await
    }

    #[tracing::instrument(name = "store.claim_deliveries", level = "debug", skip_all)]
    async fn claim_deliveries_for(
        &self,
        owner: Option<&str>,
        now: Timestamp,
        lease_ms: i64,
        limit: u32,
        exclude_hosts: &[String],
    ) -> R<Vec<ClaimedDelivery>> {
        // PostgreSQL: concurrent workers skip rows another transaction has
        // locked, so no job is claimed twice. SQLite has one writer at a time,
        // which serialises claims by itself.
        let lock = match self.dialect {
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
            Dialect::Sqlite => "",
        };
        // Pending deliveries in claim order (migration 0014): the first few
        // are read, none sorted. SQLite without statistics would pick the
        // (state, next_attempt_at) index and sort every pending row.
        let index = match self.dialect {
            Dialect::Postgres => "",
            Dialect::Sqlite => " INDEXED BY deliveries_pending",
        };
        // One statement (atomic by itself, one round trip): the claim and
        // everything the worker needs to send, the same text whatever the
        // batch size or the excluded hosts (prepared once).
        let sql = format!(
            "UPDATE deliveries SET lease_until = $1, lease_owner = $5, updated_at = $2 WHERE id IN ( \
             SELECT id FROM deliveries{index} WHERE state IN ('queued', 'retrying') AND next_attempt_at <= $2 \
             AND (lease_until IS NULL OR lease_until <= $2) AND host NOT IN ({excluded}) \
             AND NOT EXISTS (SELECT 1 FROM remote_hosts h WHERE h.host = deliveries.host AND h.state = 'unreachable' AND h.next_probe_at > $2) \
             ORDER BY next_attempt_at, id LIMIT $3{lock}) \
             RETURNING id, inbox, host, attempts, \
             (SELECT o.ap_id FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS ap_id, \
             (SELECT o.actor_id FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS actor_id, \
             (SELECT o.body FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS body, \
             (SELECT o.traceparent FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS traceparent, \
             COALESCE((SELECT CASE WHEN h.state = 'unreachable' THEN 1 ELSE 0 END FROM remote_hosts h \
               WHERE h.host = deliveries.host), 0) AS unreachable, \
             COALESCE((SELECT CASE WHEN h.failures > 0 THEN 1 ELSE 0 END FROM remote_hosts h \
               WHERE h.host = deliveries.host), 0) AS failing",
            excluded = json_strings(self.dialect, 4),
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.0 + lease_ms)
            .bind(now.0)
            .bind(i64::from(limit))
            .bind(serde_json::to_string(exclude_hosts).map_err(|e| CoreError::Internal(e.to_string()))?)
            .bind(owner.map(str::to_owned))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let mut claimed = rows.iter().map(delivery_from_row).collect::<R<Vec<_>>>()?;
        claimed.sort_by_key(|c| c.id);
        Ok(claimed)
    }

    #[tracing::instrument(name = "store.renew_deliveries", level = "debug", skip_all, fields(leases = ids.len()))]
    async fn renew_deliveries(&self, owner: &str, ids: &[DeliveryId], until: Timestamp) -> R<u64> {
        if ids.is_empty() || owner.is_empty() {
            return Ok(0);
        }
        // Only leases still held: by this owner (nobody took the delivery
        // over since its lease ran out), not ended by an outcome or a
        // release (lease_until NULL).
        let sql = format!(
            "UPDATE deliveries SET lease_until = $1 WHERE id IN ({}) AND lease_owner = $2 \
             AND lease_until IS NOT NULL AND state IN ('queued', 'retrying')",
            json_ids(self.dialect, 3)
        );
        let done = sqlx::query(AssertSqlSafe(sql))
            .bind(until.0)
            .bind(owner.to_owned())
            .bind(json_array(ids.iter().map(|id| id.0)))
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn release_deliveries(&self, ids: &[DeliveryId]) -> R<()> {
        if ids.is_empty() {
            return Ok(());
        }
        // One statement for all of them: a worker gives back what it
        // claimed beyond a host's window, often dozens at once.
        let sql = format!("UPDATE deliveries SET lease_until = NULL WHERE id IN ({})", json_ids(self.dialect, 1));
        sqlx::query(AssertSqlSafe(sql))
            .bind(json_array(ids.iter().map(|id| id.0)))
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn record_host_failure(&self, host: &str, now: Timestamp, error: &str, policy: HostPolicy) -> R<HostHealth> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        q("INSERT INTO remote_hosts (host, state, failures, first_failure_at, last_failure_at, last_error) \
           VALUES ($1, 'ok', 1, $2, $2, $3) \
           ON CONFLICT (host) DO UPDATE SET failures = remote_hosts.failures + 1, \
           first_failure_at = COALESCE(remote_hosts.first_failure_at, excluded.first_failure_at), \
           last_failure_at = excluded.last_failure_at, last_error = excluded.last_error")
        .bind(host.to_owned())
        .bind(now.0)
        .bind(error.to_owned())
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        // Failing for long enough (or failing a probe) means: wait before
        // the next try, and try only one delivery then.
        q("UPDATE remote_hosts SET state = 'unreachable', next_probe_at = $2 \
           WHERE host = $1 AND (state = 'unreachable' OR first_failure_at <= $3)")
        .bind(host.to_owned())
        .bind(now.0 + policy.probe_interval_ms)
        .bind(now.0 - policy.unreachable_after_ms)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        let row = q("SELECT host, state, failures, first_failure_at, next_probe_at, last_error FROM remote_hosts WHERE host = $1")
            .bind(host.to_owned())
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        host_from_row(&row)
    }

    async fn record_host_success(&self, host: &str, now: Timestamp) -> R<bool> {
        let row = q("SELECT state, failures FROM remote_hosts WHERE host = $1")
            .bind(host.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        let Some(row) = row else { return Ok(false) };
        let was_unreachable = get_str(&row, "state")? == "unreachable";
        if !was_unreachable && get_i64(&row, "failures")? == 0 {
            return Ok(false);
        }
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        q("UPDATE remote_hosts SET state = 'ok', failures = 0, first_failure_at = NULL, next_probe_at = NULL, \
           last_success_at = $2 WHERE host = $1")
        .bind(host.to_owned())
        .bind(now.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if was_unreachable {
            q("UPDATE deliveries SET next_attempt_at = $2, updated_at = $2 WHERE host = $1 AND state = 'retrying'")
                .bind(host.to_owned())
                .bind(now.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)?;
        Ok(was_unreachable)
    }

    async fn delivery_stats(&self, now: Timestamp) -> R<DeliveryStats> {
        let rows = q("SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries GROUP BY state")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let mut stats = DeliveryStats::default();
        for r in &rows {
            let n = get_i64(r, "n")?;
            let oldest = get_opt_i64(r, "oldest")?;
            match get_str(r, "state")?.as_str() {
                "queued" => stats.queued = n,
                "retrying" => stats.retrying = n,
                "delivered" => stats.delivered = n,
                "failed" => stats.failed = n,
                _ => {}
            }
            if matches!(get_str(r, "state")?.as_str(), "queued" | "retrying")
                && let Some(o) = oldest
            {
                let age = now.0 - o;
                stats.oldest_pending_ms = Some(stats.oldest_pending_ms.map_or(age, |a| a.max(age)));
            }
        }
        let hosts = q("SELECT host, state, failures, first_failure_at, next_probe_at, last_error FROM remote_hosts WHERE state = 'unreachable' ORDER BY host")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        stats.unreachable_hosts = hosts.iter().map(host_from_row).collect::<R<_>>()?;
        Ok(stats)
    }

    async fn finish_delivery(&self, id: DeliveryId, outcome: &DeliveryOutcome, now: Timestamp) -> R<()> {
        self.finish_deliveries(&[(id, outcome.clone(), now)]).await
    }

    #[tracing::instrument(name = "store.finish_deliveries", level = "debug", skip_all, fields(outcomes = outcomes.len()))]
    async fn finish_deliveries(&self, outcomes: &[(DeliveryId, DeliveryOutcome, Timestamp)]) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        // Successes (nearly all of them) in one statement per status code;
        // the time recorded is the batch's latest.
        let mut delivered: std::collections::BTreeMap<u16, (Vec<i64>, i64)> = std::collections::BTreeMap::new();
        for (id, outcome, now) in outcomes {
            if let DeliveryOutcome::Delivered { status } = outcome {
                let entry = delivered.entry(*status).or_insert_with(|| (Vec::new(), now.0));
                entry.0.push(id.0);
                entry.1 = entry.1.max(now.0);
            }
        }
        for (status, (ids, now)) in delivered {
            let sql = format!(
                "UPDATE deliveries SET state = 'delivered', next_attempt_at = $1, last_status = $2, last_error = NULL, \
                 attempts = attempts + 1, lease_until = NULL, updated_at = $1 WHERE id IN ({})",
                json_ids(self.dialect, 3)
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(now)
                .bind(i64::from(status))
                .bind(json_array(ids))
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        for (id, outcome, now) in outcomes {
            let (state, next, status, error, counted) = match outcome {
                DeliveryOutcome::Delivered { .. } => continue,
                DeliveryOutcome::Retry { at, status, error } => {
                    (DeliveryState::Retrying, *at, *status, Some(error.clone()), 1)
                }
                DeliveryOutcome::Deferred { at, status, error } => {
                    (DeliveryState::Retrying, *at, Some(*status), Some(error.clone()), 0)
                }
                DeliveryOutcome::Failed { status, error } => {
                    (DeliveryState::Failed, *now, *status, Some(error.clone()), 1)
                }
            };
            q("UPDATE deliveries SET state = $1, next_attempt_at = $2, last_status = $3, last_error = $4, \
               attempts = attempts + $7, lease_until = NULL, updated_at = $5 WHERE id = $6")
            .bind(state.as_str().to_owned())
            .bind(next.0)
            .bind(status_i64(status))
            .bind(error)
            .bind(now.0)
            .bind(id.0)
            .bind(counted)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)
    }

    async fn deliveries(
        &self,
        actor: Option<ActorId>,
        state: Option<DeliveryState>,
        page: Page,
    ) -> R<Vec<DeliveryRecord>> {
        let rows = q("SELECT d.id, d.inbox, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, \
                      d.created_at, d.updated_at, o.ap_id, o.kind, o.actor_id \
                      FROM deliveries d JOIN outgoing_activities o ON o.id = d.activity_id \
                      WHERE ($1 = 0 OR o.actor_id = $2) AND ($3 = '' OR d.state = $3) AND d.id < $4 \
                      ORDER BY d.id DESC LIMIT $5")
        .bind(bool_int(actor.is_some()))
        .bind(actor.map(|a| a.0).unwrap_or(0))
        .bind(state.map(|s| s.as_str()).unwrap_or("").to_owned())
        .bind(page_before(page))
        .bind(page_limit(page))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.iter().map(delivery_record_from_row).collect()
    }

    async fn replay_failed(&self, actor: ActorId, now: Timestamp) -> R<u64> {
        let done = q("UPDATE deliveries SET state = 'queued', next_attempt_at = $1, lease_until = NULL, updated_at = $1 \
                      WHERE state = 'failed' AND activity_id IN (SELECT id FROM outgoing_activities WHERE actor_id = $2)")
            .bind(now.0)
            .bind(actor.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn outgoing_activities(&self, actor: ActorId, kinds: &[&str], page: Page) -> R<Vec<(i64, String)>> {
        let list = placeholders(4, kinds.len());
        let sql = format!(
            "SELECT id, body FROM outgoing_activities WHERE actor_id = $1 AND id < $2 AND kind IN ({list}) ORDER BY id DESC LIMIT $3"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(actor.0).bind(page_before(page)).bind(page_limit(page));
        for k in kinds {
            query = query.bind((*k).to_owned());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter().map(|r| Ok((get_i64(r, "id")?, get_str(r, "body")?))).collect()
    }

    async fn outgoing_bodies(&self, actor: ActorId, ap_ids: &[url::Url]) -> R<Vec<(url::Url, String)>> {
        if ap_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(2, ap_ids.len());
        let sql = format!("SELECT ap_id, body FROM outgoing_activities WHERE actor_id = $1 AND ap_id IN ({list})");
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(actor.0);
        for id in ap_ids {
            query = query.bind(id.as_str().to_owned());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter().map(|r| Ok((get_url(r, "ap_id")?, get_str(r, "body")?))).collect()
    }

    async fn count_outgoing_activities(&self, actor: ActorId, kinds: &[&str]) -> R<i64> {
        let list = placeholders(2, kinds.len());
        let sql = format!("SELECT COUNT(*) AS n FROM outgoing_activities WHERE actor_id = $1 AND kind IN ({list})");
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(actor.0);
        for k in kinds {
            query = query.bind((*k).to_owned());
        }
        let row = query.fetch_one(&self.pool).await.map_err(map_err)?;
        get_i64(&row, "n")
    }
}
