//! The hub: relays, review queues with their decisions, curated collections.

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorId};
use ecities_core::hub::{
    Membership, Moderation, ModerationDecision, Relay, Shared, Submission, SubmissionId, SubmissionState,
};
use ecities_core::practice::{Practice, PracticeId};
use ecities_core::store::{HubStore, OutgoingActivity, Page, RelayStep, WITHDRAWN_REASON};
use ecities_core::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::{Q, bool_int, json_array, json_ids, page_before, page_limit, q, write_outgoing};

/// Writes (or replaces) an association's decision about a practice on
/// `conn` (inside the caller's transaction).
async fn write_moderation(conn: &mut AnyConnection, d: &ModerationDecision) -> R<()> {
    q("INSERT INTO moderation_decisions (practice_id, association_id, state, reason, decided_at) \
       VALUES ($1, $2, $3, $4, $5) \
       ON CONFLICT (practice_id, association_id) DO UPDATE \
       SET state = excluded.state, reason = excluded.reason, decided_at = excluded.decided_at")
    .bind(d.practice.0)
    .bind(d.association.0)
    .bind(d.state.as_str().to_owned())
    .bind(d.reason.clone())
    .bind(d.at.0)
    .execute(&mut *conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

const SUBMISSION_COLUMNS: &str = "id, association_id, practice_id, state, reason, received_at, decided_at";

/// A submission read on `conn` (inside the caller's transaction).
async fn submission_in(conn: &mut AnyConnection, id: SubmissionId) -> R<Submission> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1")))
        .bind(id.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(map_err)?;
    submission_from_row(&row)
}

fn submission_from_row(row: &AnyRow) -> R<Submission> {
    let state = get_str(row, "state")?;
    Ok(Submission {
        id: SubmissionId(get_i64(row, "id")?),
        association: ActorId(get_i64(row, "association_id")?),
        practice: PracticeId(get_i64(row, "practice_id")?),
        state: state.parse().map_err(|_| CoreError::Storage(format!("unknown submission state {state}")))?,
        reason: get_opt_str(row, "reason")?,
        received_at: get_ts(row, "received_at")?,
        decided_at: get_opt_ts(row, "decided_at")?,
    })
}

/// The insert of a relay record: nothing when `actor` relayed `practice`
/// before (an object is announced at most once per actor).
pub(super) fn relay_insert(practice: PracticeId, actor: ActorId, approved: bool, at: Timestamp) -> Q<'static> {
    q("INSERT INTO practice_relays (practice_id, actor_id, approved, relayed_at) VALUES ($1, $2, $3, $4) \
       ON CONFLICT (practice_id, actor_id) DO NOTHING")
    .bind(practice.0)
    .bind(actor.0)
    .bind(bool_int(approved))
    .bind(at.0)
}

/// Puts `practice` in `association`'s review queue (pending, with a
/// pending decision) unless it is there, on `conn` (inside the caller's
/// transaction).
async fn submit_in(conn: &mut AnyConnection, association: ActorId, practice: PracticeId, at: Timestamp) -> R<()> {
    let added =
        q("INSERT INTO submissions (association_id, practice_id, state, received_at) VALUES ($1, $2, 'pending', $3) \
                   ON CONFLICT (association_id, practice_id) DO NOTHING")
        .bind(association.0)
        .bind(practice.0)
        .bind(at.0)
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    if added.rows_affected() > 0 {
        let pending = ModerationDecision { practice, association, state: SubmissionState::Pending, reason: None, at };
        write_moderation(conn, &pending).await?;
    }
    Ok(())
}

/// Writes what a change to `practice` owes its author's associations
/// ([`RelayStep`]), on `conn` inside the change's transaction. Returns
/// whether an activity was queued (to wake the delivery worker).
pub(super) async fn write_relaying(
    conn: &mut AnyConnection,
    practice: PracticeId,
    steps: &[RelayStep],
    at: Timestamp,
) -> R<bool> {
    let mut queued = false;
    for step in steps {
        match step {
            RelayStep::Submit(association) => submit_in(conn, *association, practice, at).await?,
            RelayStep::Relay(association, announce) => {
                let added =
                    relay_insert(practice, *association, false, at).execute(&mut *conn).await.map_err(map_err)?;
                if added.rows_affected() > 0 {
                    write_outgoing(conn, std::slice::from_ref(announce), at).await?;
                    queued = true;
                }
            }
            RelayStep::Withdraw(association) => {
                let done = q("UPDATE submissions SET state = 'rejected', reason = $1, decided_at = $2 \
                              WHERE association_id = $3 AND practice_id = $4 AND state = 'pending'")
                .bind(WITHDRAWN_REASON.to_owned())
                .bind(at.0)
                .bind(association.0)
                .bind(practice.0)
                .execute(&mut *conn)
                .await
                .map_err(map_err)?;
                if done.rows_affected() > 0 {
                    let rejected = ModerationDecision {
                        practice,
                        association: *association,
                        state: SubmissionState::Rejected,
                        reason: Some(WITHDRAWN_REASON.to_owned()),
                        at,
                    };
                    write_moderation(conn, &rejected).await?;
                }
            }
        }
    }
    Ok(queued)
}

#[async_trait::async_trait]
impl HubStore for SqlStore {
    async fn set_moderation(&self, actor: ActorId, policy: Moderation) -> R<()> {
        let done = q("UPDATE actors SET moderation = $1, updated_at = $2 WHERE id = $3 AND local = 1")
            .bind(policy.as_str().to_owned())
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

    #[tracing::instrument(name = "store.record_relay", level = "debug", skip_all)]
    async fn record_relay(
        &self,
        practice: PracticeId,
        actor: ActorId,
        approved: bool,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> R<bool> {
        let insert = relay_insert(practice, actor, approved, at);
        self.insert_once_with(insert, outgoing).await
    }

    async fn remove_relay(&self, practice: PracticeId, actor: ActorId) -> R<bool> {
        let done = q("DELETE FROM practice_relays WHERE practice_id = $1 AND actor_id = $2")
            .bind(practice.0)
            .bind(actor.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn has_relayed(&self, practice: PracticeId, actor: ActorId) -> R<bool> {
        let row = q("SELECT COUNT(*) AS n FROM practice_relays WHERE practice_id = $1 AND actor_id = $2")
            .bind(practice.0)
            .bind(actor.0)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(get_i64(&row, "n")? > 0)
    }

    async fn relays_of(
        &self,
        practices: &[PracticeId],
    ) -> R<std::collections::HashMap<PracticeId, Vec<(Relay, Actor)>>> {
        let mut out: std::collections::HashMap<PracticeId, Vec<(Relay, Actor)>> = std::collections::HashMap::new();
        if practices.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT r.practice_id, r.actor_id, r.approved, r.relayed_at, {ACTOR_COLUMNS} FROM practice_relays r \
             JOIN actors a ON a.id = r.actor_id WHERE r.practice_id IN ({}) ORDER BY r.relayed_at, r.id",
            json_ids(self.dialect, 1)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(json_array(practices.iter().map(|p| p.0)))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        for r in &rows {
            let relay = Relay {
                practice: PracticeId(get_i64(r, "practice_id")?),
                actor: ActorId(get_i64(r, "actor_id")?),
                approved: get_i64(r, "approved")? != 0,
                relayed_at: get_ts(r, "relayed_at")?,
            };
            out.entry(relay.practice).or_default().push((relay, actor_from_row(r)?));
        }
        Ok(out)
    }

    async fn submit(&self, association: ActorId, practice: PracticeId, at: Timestamp) -> R<Submission> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        submit_in(&mut tx, association, practice, at).await?;
        tx.commit().await.map_err(map_err)?;
        self.submission_for(association, practice)
            .await?
            .ok_or_else(|| CoreError::Internal("submission vanished after insert".into()))
    }

    async fn submission(&self, id: SubmissionId) -> R<Submission> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref()
            .map(submission_from_row)
            .transpose()?
            .ok_or_else(|| CoreError::NotFound(format!("submission {}", id.0)))
    }

    async fn submission_for(&self, association: ActorId, practice: PracticeId) -> R<Option<Submission>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE association_id = $1 AND practice_id = $2"
        )))
        .bind(association.0)
        .bind(practice.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err)?;
        row.as_ref().map(submission_from_row).transpose()
    }

    async fn submissions(
        &self,
        association: ActorId,
        state: Option<SubmissionState>,
        page: Page,
    ) -> R<Vec<Submission>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions \
             WHERE association_id = $1 AND ($2 = '' OR state = $2) AND id < $3 ORDER BY id DESC LIMIT $4"
        )))
        .bind(association.0)
        .bind(state.map(|s| s.as_str()).unwrap_or("").to_owned())
        .bind(page_before(page))
        .bind(page_limit(page))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.iter().map(submission_from_row).collect()
    }

    async fn decide_submission(
        &self,
        id: SubmissionId,
        state: SubmissionState,
        reason: Option<&str>,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> R<Submission> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done =
            q("UPDATE submissions SET state = $1, reason = $2, decided_at = $3 WHERE id = $4 AND state = 'pending'")
                .bind(state.as_str().to_owned())
                .bind(reason.map(str::to_owned))
                .bind(at.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::Conflict(format!("submission {} is not pending", id.0)));
        }
        let decided = submission_in(&mut tx, id).await?;
        let decision = ModerationDecision {
            practice: decided.practice,
            association: decided.association,
            state,
            reason: reason.map(str::to_owned),
            at,
        };
        write_moderation(&mut tx, &decision).await?;
        if state == SubmissionState::Approved {
            q("INSERT INTO practice_relays (practice_id, actor_id, approved, relayed_at) \
               SELECT practice_id, association_id, 1, $2 FROM submissions WHERE id = $1 \
               ON CONFLICT (practice_id, actor_id) DO NOTHING")
            .bind(id.0)
            .bind(at.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.submission(id).await
    }

    async fn record_moderation(&self, decision: &ModerationDecision) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        write_moderation(&mut tx, decision).await?;
        tx.commit().await.map_err(map_err)
    }

    async fn record_approved_relay(&self, decision: &ModerationDecision) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let relayed = relay_insert(decision.practice, decision.association, true, decision.at)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        write_moderation(&mut tx, decision).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(relayed.rows_affected() > 0)
    }

    async fn moderation_of(&self, practice: PracticeId) -> R<Vec<(ModerationDecision, Actor)>> {
        let sql = format!(
            "SELECT m.practice_id, m.association_id, m.state, m.reason, m.decided_at, {ACTOR_COLUMNS} \
             FROM moderation_decisions m JOIN actors a ON a.id = m.association_id \
             WHERE m.practice_id = $1 ORDER BY m.decided_at, m.id"
        );
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(practice.0).fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter()
            .map(|r| {
                let decision = ModerationDecision {
                    practice: PracticeId(get_i64(r, "practice_id")?),
                    association: ActorId(get_i64(r, "association_id")?),
                    state: get_str(r, "state")?.parse()?,
                    reason: get_opt_str(r, "reason")?,
                    at: get_ts(r, "decided_at")?,
                };
                Ok((decision, actor_from_row(r)?))
            })
            .collect()
    }

    async fn add_curated(
        &self,
        curator: ActorId,
        practice: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> R<bool> {
        let insert = q("INSERT INTO curated (curator_id, practice_id, added_at, announce_id) VALUES ($1, $2, $3, $4) \
                        ON CONFLICT (curator_id, practice_id) DO NOTHING")
        .bind(curator.0)
        .bind(practice.0)
        .bind(at.0)
        .bind(outgoing.first().map(|a| a.ap_id.as_str().to_owned()));
        self.insert_once_with(insert, outgoing).await
    }

    async fn curated(&self, curator: ActorId, page: Page) -> R<Vec<Practice>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {PRACTICE_COLUMNS} FROM curated c JOIN practices p ON p.id = c.practice_id \
             WHERE c.curator_id = $1 AND p.deleted_at IS NULL AND p.audience_public = 1 AND p.embargo_until IS NULL AND c.id < $2 ORDER BY c.id DESC LIMIT $3"
        ));
        let rows = sqlx::query(sql)
            .bind(curator.0)
            .bind(page_before(page))
            .bind(page_limit(page))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(practice_from_row).collect()
    }

    async fn associations(&self, limit: usize) -> R<Vec<Actor>> {
        let sql = format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.kind = 'association' AND a.deleted_at IS NULL \
             ORDER BY a.local DESC, a.host, a.name, a.id LIMIT $1"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(actor_from_row).collect()
    }

    async fn memberships(&self, associations: &[ActorId], limit: usize) -> R<Vec<Membership>> {
        if associations.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT f.follower_id AS association_id, f.updated_at AS member_since, {ACTOR_COLUMNS} \
             FROM follows f JOIN actors a ON a.id = f.target_id \
             WHERE f.follower_id IN ({}) AND f.state = 'accepted' AND a.kind = 'city' AND a.deleted_at IS NULL \
             ORDER BY f.updated_at, f.id LIMIT $2",
            json_ids(self.dialect, 1)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(json_array(associations.iter().map(|a| a.0)))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter()
            .map(|r| {
                Ok(Membership {
                    association: ActorId(get_i64(r, "association_id")?),
                    since: get_ts(r, "member_since")?,
                    member: actor_from_row(r)?,
                })
            })
            .collect()
    }

    async fn shared_counts(&self, actors: &[ActorId]) -> R<std::collections::HashMap<ActorId, Shared>> {
        let mut out: std::collections::HashMap<ActorId, Shared> = std::collections::HashMap::new();
        if actors.is_empty() {
            return Ok(out);
        }
        let ids = json_array(actors.iter().map(|a| a.0));
        let published = format!(
            "SELECT author_id AS actor_id, COUNT(*) AS n FROM practices \
             WHERE author_id IN ({}) AND deleted_at IS NULL GROUP BY author_id",
            json_ids(self.dialect, 1)
        );
        for r in sqlx::query(AssertSqlSafe(published)).bind(ids.clone()).fetch_all(&self.pool).await.map_err(map_err)? {
            out.entry(ActorId(get_i64(&r, "actor_id")?)).or_default().published = get_i64(&r, "n")?;
        }
        let relayed = format!(
            "SELECT r.actor_id, COUNT(*) AS n FROM practice_relays r JOIN practices p ON p.id = r.practice_id \
             WHERE r.actor_id IN ({}) AND p.deleted_at IS NULL GROUP BY r.actor_id",
            json_ids(self.dialect, 1)
        );
        for r in sqlx::query(AssertSqlSafe(relayed)).bind(ids).fetch_all(&self.pool).await.map_err(map_err)? {
            out.entry(ActorId(get_i64(&r, "actor_id")?)).or_default().relayed = get_i64(&r, "n")?;
        }
        Ok(out)
    }

    async fn curated_announce(&self, curator: ActorId, practice: PracticeId) -> R<Option<Option<url::Url>>> {
        let row = q("SELECT announce_id FROM curated WHERE curator_id = $1 AND practice_id = $2")
            .bind(curator.0)
            .bind(practice.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(get_opt_url(&row, "announce_id")?))
    }

    async fn remove_curated(&self, curator: ActorId, practice: PracticeId, outgoing: &[OutgoingActivity]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("DELETE FROM curated WHERE curator_id = $1 AND practice_id = $2")
            .bind(curator.0)
            .bind(practice.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        Ok(true)
    }
}
