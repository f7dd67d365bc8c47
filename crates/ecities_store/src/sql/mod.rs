//! The `Store` implementation, one module per area of the port (the
//! traits in `ecities_core::store`). One body of SQL for both backends;
//! see the crate documentation for the portability rules. What several
//! areas share — paging, the outgoing activities written inside a
//! change's transaction, JSON id lists — is here.

use ecities_core::practice::Practice;
use ecities_core::store::{Audience, OutgoingActivity, Page};
use ecities_core::time::Timestamp;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe};

use crate::rows::*;
use crate::{Dialect, SqlStore, map_err};

mod access;
mod actors;
mod delivery;
mod domains;
mod engagement;
mod follows;
mod health;
mod hub;
mod import;
mod inbox;
mod node;
mod practices;
pub(crate) use practices::reindex_if_stale;
mod replies;
mod search;
mod topics;
mod translations;

type Q<'q> = Query<'q, Any, AnyArguments>;

fn q(sql: &'static str) -> Q<'static> {
    sqlx::query(sql)
}

fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

fn page_limit(page: Page) -> i64 {
    i64::from(page.limit.clamp(1, ecities_core::store::MAX_PAGE_SIZE))
}

fn page_before(page: Page) -> i64 {
    page.before.unwrap_or(i64::MAX)
}

/// Writes outgoing activities and their deliveries on `conn` (inside the
/// caller's transaction).
async fn write_outgoing(conn: &mut AnyConnection, outgoing: &[OutgoingActivity], now: Timestamp) -> R<()> {
    // The trace this write is part of (only when traces are exported):
    // each delivery of these activities continues it.
    let traceparent = ecities_core::observe::current_traceparent();
    for activity in outgoing {
        let row = q("INSERT INTO outgoing_activities (ap_id, actor_id, kind, body, created_at, traceparent) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(activity.ap_id.as_str().to_owned())
            .bind(activity.actor.0)
            .bind(activity.kind.clone())
            .bind(activity.body.clone())
            .bind(now.0)
            .bind(traceparent.clone())
            .fetch_one(&mut *conn)
            .await
            .map_err(map_err)?;
        let activity_id = get_i64(&row, "id")?;
        for audience in &activity.audience {
            match audience {
                // The actor's followers, the relays it subscribed to, and
                // the relays the node subscribed to (by its instance actor,
                // as Mastodon does): those carry every local actor's public
                // activities.
                Audience::FollowersOf(actor) => {
                    q("INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, created_at, updated_at) \
                       SELECT DISTINCT $1, COALESCE(a.shared_inbox, a.inbox), a.host, 'queued', 0, $2, $2, $2 \
                       FROM follows f JOIN actors a ON a.id = f.follower_id \
                       WHERE f.target_id = $3 AND f.state = 'accepted' AND a.local = 0 \
                       UNION \
                       SELECT $1, COALESCE(a.shared_inbox, a.inbox), a.host, 'queued', 0, $2, $2, $2 \
                       FROM follows f JOIN actors a ON a.id = f.target_id \
                       WHERE f.relay = 1 AND f.state = 'accepted' AND a.local = 0 \
                       AND (f.follower_id = $3 OR f.follower_id IN \
                            (SELECT i.id FROM actors i WHERE i.local = 1 AND i.kind = 'application')) \
                       ON CONFLICT (activity_id, inbox) DO NOTHING")
                    .bind(activity_id)
                    .bind(now.0)
                    .bind(actor.0)
                    .execute(&mut *conn)
                    .await
                    .map_err(map_err)?;
                }
                Audience::FollowersOnly(actor) => {
                    q("INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, created_at, updated_at) \
                       SELECT DISTINCT $1, COALESCE(a.shared_inbox, a.inbox), a.host, 'queued', 0, $2, $2, $2 \
                       FROM follows f JOIN actors a ON a.id = f.follower_id \
                       WHERE f.target_id = $3 AND f.state = 'accepted' AND a.local = 0 \
                       ON CONFLICT (activity_id, inbox) DO NOTHING")
                    .bind(activity_id)
                    .bind(now.0)
                    .bind(actor.0)
                    .execute(&mut *conn)
                    .await
                    .map_err(map_err)?;
                }
                Audience::Archive { of, pace_ms } => {
                    // Each inbox's delivery is due `pace_ms` after the latest
                    // one still pending for it (or now): an archive queued
                    // item by item trickles out at that pace, and the pace
                    // survives restarts (it is in the rows).
                    q("INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, created_at, updated_at) \
                       SELECT $1, t.inbox, t.host, 'queued', 0, \
                              CASE WHEN t.last IS NULL OR t.last + $4 < $2 THEN $2 ELSE t.last + $4 END, $2, $2 \
                       FROM (SELECT DISTINCT COALESCE(a.shared_inbox, a.inbox) AS inbox, a.host AS host, \
                                    (SELECT MAX(d.next_attempt_at) FROM deliveries d \
                                     WHERE d.inbox = COALESCE(a.shared_inbox, a.inbox) AND d.state IN ('queued', 'retrying')) AS last \
                             FROM follows f JOIN actors a ON a.id = f.follower_id \
                             WHERE f.target_id = $3 AND f.state = 'accepted' AND a.local = 0 \
                               AND a.kind IN ('association', 'knowledge-space')) t \
                       WHERE 1 = 1 \
                       ON CONFLICT (activity_id, inbox) DO NOTHING")
                    .bind(activity_id)
                    .bind(now.0)
                    .bind(of.0)
                    .bind(*pace_ms)
                    .execute(&mut *conn)
                    .await
                    .map_err(map_err)?;
                }
                Audience::Inboxes(inboxes) => {
                    for inbox in inboxes {
                        q("INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, created_at, updated_at) \
                           VALUES ($1, $2, $3, 'queued', 0, $4, $4, $4) ON CONFLICT (activity_id, inbox) DO NOTHING")
                        .bind(activity_id)
                        .bind(inbox.as_str().to_owned())
                        .bind(host_of(inbox))
                        .bind(now.0)
                        .execute(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// A subquery yielding the integers of the JSON array bound at `$n`: one
/// SQL text for any number of ids, so the statement is prepared once.
fn json_ids(dialect: Dialect, n: usize) -> String {
    match dialect {
        Dialect::Sqlite => format!("SELECT value FROM json_each(${n})"),
        Dialect::Postgres => format!("SELECT jsonb_array_elements_text(${n}::jsonb)::bigint"),
    }
}

/// A subquery yielding the strings of the JSON array bound at `$n`.
fn json_strings(dialect: Dialect, n: usize) -> String {
    match dialect {
        Dialect::Sqlite => format!("SELECT value FROM json_each(${n})"),
        Dialect::Postgres => format!("SELECT jsonb_array_elements_text(${n}::jsonb)"),
    }
}

fn json_array(ids: impl IntoIterator<Item = i64>) -> String {
    let list: Vec<String> = ids.into_iter().map(|i| i.to_string()).collect();
    format!("[{}]", list.join(","))
}

/// `$start, $start+1, …` for an IN list of `n` values.
fn placeholders(start: usize, n: usize) -> String {
    if n == 0 {
        return "NULL".into();
    }
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl SqlStore {
    /// Commits a transaction that wrote `outgoing` and, if it queued
    /// anything, wakes the delivery worker waiting on
    /// [`SqlStore::deliveries_queued`].
    async fn commit_outgoing(&self, tx: sqlx::Transaction<'_, Any>, outgoing: &[OutgoingActivity]) -> R<()> {
        self.commit_queued(tx, !outgoing.is_empty()).await
    }

    /// Commits `tx`, then wakes the delivery worker when it `queued` an
    /// activity.
    async fn commit_queued(&self, tx: sqlx::Transaction<'_, Any>, queued: bool) -> R<()> {
        tx.commit().await.map_err(map_err)?;
        if queued {
            self.queued.notify_one();
        }
        Ok(())
    }

    /// Practices by id, in the order of `ids` (ids with no row are skipped).
    async fn practices_by_ids(&self, ids: &[i64]) -> R<Vec<Practice>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.id IN ({})", json_ids(self.dialect, 1));
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(json_array(ids.iter().copied()))
            .fetch_all(&self.read_pool)
            .await
            .map_err(map_err)?;
        let mut by_id = std::collections::HashMap::with_capacity(rows.len());
        for r in &rows {
            let p = practice_from_row(r)?;
            by_id.insert(p.id.0, p);
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Runs an `INSERT … ON CONFLICT DO NOTHING` and, only when it inserted,
    /// writes `outgoing` — in one transaction. Returns whether it inserted:
    /// what makes an announce happen at most once.
    async fn insert_once_with(&self, insert: Q<'_>, outgoing: &[OutgoingActivity]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = insert.execute(&mut *tx).await.map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        Ok(true)
    }
}
