//! Replies to practices, replies policies and blocked authors
//! (migration 0027); questions from the practice page's form and the
//! actors that show it (migration 0036).

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorId};
use ecities_core::content::SafeHtml;
use ecities_core::practice::PracticeId;
use ecities_core::reply::{Citizen, NewReply, RepliesPolicy, Reply, ReplyId, ReplyState};
use ecities_core::store::{OutgoingActivity, Page, ReplyStore};
use ecities_core::time::Timestamp;
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use url::Url;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::{bool_int, page_before, page_limit, q, write_outgoing};

const REPLY_COLUMNS: &str = "r.id AS reply_id, r.ap_id AS reply_ap_id, r.practice_id, r.author_id AS reply_author_id, \
     r.in_reply_to, r.content_html, r.state AS reply_state, r.local AS reply_local, r.published_at AS reply_published_at, \
     r.received_at, r.decided_at AS reply_decided_at, r.via_form AS reply_via_form, r.asker_name AS reply_asker_name";

fn reply_from_row(row: &AnyRow) -> R<Reply> {
    let state = get_str(row, "reply_state")?;
    Ok(Reply {
        id: ReplyId(get_i64(row, "reply_id")?),
        ap_id: get_url(row, "reply_ap_id")?,
        practice: PracticeId(get_i64(row, "practice_id")?),
        author: ActorId(get_i64(row, "reply_author_id")?),
        in_reply_to: get_url(row, "in_reply_to")?,
        content_html: SafeHtml::from_trusted_storage(get_str(row, "content_html")?),
        state: state.parse().map_err(|_| CoreError::Storage(format!("corrupt reply state '{state}'")))?,
        local: get_i64(row, "reply_local")? != 0,
        published_at: get_ts(row, "reply_published_at")?,
        received_at: get_ts(row, "received_at")?,
        decided_at: get_opt_ts(row, "reply_decided_at")?,
        via_form: (get_i64(row, "reply_via_form")? != 0)
            .then(|| get_opt_str(row, "reply_asker_name"))
            .transpose()?
            .map(|name| Citizen { name }),
    })
}

impl SqlStore {
    async fn reply_where(
        &self,
        condition: &'static str,
        bind: impl FnOnce(super::Q<'_>) -> super::Q<'_>,
    ) -> R<Option<Reply>> {
        let sql = format!("SELECT {REPLY_COLUMNS} FROM replies r WHERE {condition}");
        let row = bind(sqlx::query(AssertSqlSafe(sql))).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(reply_from_row).transpose()
    }

    async fn reply_list(
        &self,
        condition: &'static str,
        owner: i64,
        state: Option<ReplyState>,
        page: Page,
    ) -> R<Vec<(Reply, Actor)>> {
        let sql = format!(
            "SELECT {REPLY_COLUMNS}, {ACTOR_COLUMNS} FROM replies r JOIN actors a ON a.id = r.author_id \
             WHERE {condition} AND ($2 = '' OR r.state = $2) AND r.id < $3 ORDER BY r.id DESC LIMIT $4"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(owner)
            .bind(state.map(|s| s.as_str()).unwrap_or("").to_owned())
            .bind(page_before(page))
            .bind(page_limit(page))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(|r| Ok((reply_from_row(r)?, actor_from_row(r)?))).collect()
    }
}

#[async_trait::async_trait]
impl ReplyStore for SqlStore {
    #[tracing::instrument(name = "store.insert_reply", level = "debug", skip_all)]
    async fn insert_reply(&self, reply: &NewReply, outgoing: &[OutgoingActivity]) -> R<(Reply, bool)> {
        let now = Timestamp::now();
        let decided = (reply.state != ReplyState::Pending).then_some(now.0);
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("INSERT INTO replies (ap_id, practice_id, author_id, in_reply_to, content_html, state, local, \
                      published_at, received_at, decided_at, via_form, asker_name) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                      ON CONFLICT (ap_id) DO NOTHING")
        .bind(reply.ap_id.as_str().to_owned())
        .bind(reply.practice.0)
        .bind(reply.author.0)
        .bind(reply.in_reply_to.as_str().to_owned())
        .bind(reply.content_html.as_str().to_owned())
        .bind(reply.state.as_str().to_owned())
        .bind(bool_int(reply.local))
        .bind(reply.published_at.0)
        .bind(now.0)
        .bind(decided)
        .bind(bool_int(reply.via_form.is_some()))
        .bind(reply.via_form.as_ref().and_then(|c| c.name.clone()))
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        let inserted = done.rows_affected() > 0;
        if inserted {
            write_outgoing(&mut tx, outgoing, now).await?;
        }
        let sql = format!("SELECT {REPLY_COLUMNS} FROM replies r WHERE r.ap_id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(reply.ap_id.as_str().to_owned())
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
        let stored = reply_from_row(&row)?;
        if inserted {
            self.commit_outgoing(tx, outgoing).await?;
        } else {
            tx.commit().await.map_err(map_err)?;
        }
        Ok((stored, inserted))
    }

    async fn reply(&self, id: ReplyId) -> R<Option<Reply>> {
        self.reply_where("r.id = $1", |query| query.bind(id.0)).await
    }

    async fn reply_by_ap_id(&self, ap_id: &Url) -> R<Option<Reply>> {
        let ap_id = ap_id.as_str().to_owned();
        self.reply_where("r.ap_id = $1", |query| query.bind(ap_id)).await
    }

    async fn practice_replies(
        &self,
        practice: PracticeId,
        state: Option<ReplyState>,
        page: Page,
    ) -> R<Vec<(Reply, Actor)>> {
        self.reply_list("r.practice_id = $1", practice.0, state, page).await
    }

    async fn count_approved_replies(&self, practice: PracticeId) -> R<u64> {
        let row = q("SELECT COUNT(*) AS n FROM replies WHERE practice_id = $1 AND state = 'approved'")
            .bind(practice.0)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(u64::try_from(get_i64(&row, "n")?).unwrap_or(0))
    }

    async fn replies_to_actor(&self, actor: ActorId, state: Option<ReplyState>, page: Page) -> R<Vec<(Reply, Actor)>> {
        self.reply_list(
            "r.practice_id IN (SELECT id FROM practices WHERE author_id = $1 AND local = 1)",
            actor.0,
            state,
            page,
        )
        .await
    }

    #[tracing::instrument(name = "store.decide_reply", level = "debug", skip_all)]
    async fn decide_reply(&self, id: ReplyId, state: ReplyState, outgoing: &[OutgoingActivity]) -> R<()> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("UPDATE replies SET state = $1, decided_at = $2 WHERE id = $3")
            .bind(state.as_str().to_owned())
            .bind(now.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("reply {}", id.0)));
        }
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await
    }

    #[tracing::instrument(name = "store.edit_reply", level = "debug", skip_all)]
    async fn edit_reply(
        &self,
        id: ReplyId,
        content: &SafeHtml,
        state: ReplyState,
        outgoing: &[OutgoingActivity],
    ) -> R<()> {
        let now = Timestamp::now();
        let decided = (state != ReplyState::Pending).then_some(now.0);
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("UPDATE replies SET content_html = $1, state = $2, decided_at = $3 WHERE id = $4")
            .bind(content.as_str().to_owned())
            .bind(state.as_str().to_owned())
            .bind(decided)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("reply {}", id.0)));
        }
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await
    }

    #[tracing::instrument(name = "store.delete_reply", level = "debug", skip_all)]
    async fn delete_reply(&self, id: ReplyId, outgoing: &[OutgoingActivity]) -> R<bool> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("DELETE FROM replies WHERE id = $1").bind(id.0).execute(&mut *tx).await.map_err(map_err)?;
        if done.rows_affected() == 0 {
            tx.commit().await.map_err(map_err)?;
            return Ok(false);
        }
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await?;
        Ok(true)
    }

    async fn replies_policy(&self, actor: ActorId) -> R<RepliesPolicy> {
        let row = q("SELECT policy FROM reply_policies WHERE actor_id = $1")
            .bind(actor.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        match row {
            Some(r) => {
                let p = get_str(&r, "policy")?;
                p.parse().map_err(|_| CoreError::Storage(format!("corrupt replies policy '{p}'")))
            }
            None => Ok(RepliesPolicy::default()),
        }
    }

    async fn set_replies_policy(&self, actor: ActorId, policy: RepliesPolicy) -> R<()> {
        q("INSERT INTO reply_policies (actor_id, policy) VALUES ($1, $2) \
           ON CONFLICT (actor_id) DO UPDATE SET policy = excluded.policy")
        .bind(actor.0)
        .bind(policy.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn block_reply_author(&self, actor: ActorId, author: ActorId) -> R<()> {
        q("INSERT INTO reply_blocks (actor_id, author_id, blocked_at) VALUES ($1, $2, $3) \
           ON CONFLICT (actor_id, author_id) DO NOTHING")
        .bind(actor.0)
        .bind(author.0)
        .bind(Timestamp::now().0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn reply_author_blocked(&self, actor: ActorId, author: ActorId) -> R<bool> {
        let row = q("SELECT 1 AS hit FROM reply_blocks WHERE actor_id = $1 AND author_id = $2")
            .bind(actor.0)
            .bind(author.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(row.is_some())
    }

    async fn question_form(&self, actor: ActorId) -> R<bool> {
        let row = q("SELECT 1 AS hit FROM question_forms WHERE actor_id = $1")
            .bind(actor.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(row.is_some())
    }

    async fn set_question_form(&self, actor: ActorId, on: bool) -> R<()> {
        let query = if on {
            q("INSERT INTO question_forms (actor_id, enabled_at) VALUES ($1, $2) ON CONFLICT (actor_id) DO NOTHING")
                .bind(actor.0)
                .bind(Timestamp::now().0)
        } else {
            q("DELETE FROM question_forms WHERE actor_id = $1").bind(actor.0)
        };
        query.execute(&self.pool).await.map_err(map_err)?;
        Ok(())
    }
}
