//! Translation requests (migration 0034).

use ecities_core::CoreError;
use ecities_core::actor::{Actor, ActorId};
use ecities_core::practice::{LanguageTag, Practice, PracticeId};
use ecities_core::store::{ActorStore, OutgoingActivity, Page, PracticeStore, TranslationStore};
use ecities_core::time::Timestamp;
use ecities_core::translation::{RequestState, TranslationRequest, TranslationRequestId};
use sqlx::any::AnyRow;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::{page_before, page_limit, q, write_outgoing};

const REQUEST_COLUMNS: &str = "id, practice_id, language, requester_id, state, created_at, fulfilled_at";

fn request_from_row(row: &AnyRow) -> R<TranslationRequest> {
    let language = get_str(row, "language")?;
    let state = get_str(row, "state")?;
    Ok(TranslationRequest {
        id: TranslationRequestId(get_i64(row, "id")?),
        practice: PracticeId(get_i64(row, "practice_id")?),
        language: LanguageTag::parse(&language)
            .map_err(|_| CoreError::Storage(format!("corrupt request language '{language}'")))?,
        requester: ActorId(get_i64(row, "requester_id")?),
        state: RequestState::parse(&state)
            .ok_or_else(|| CoreError::Storage(format!("corrupt request state '{state}'")))?,
        created_at: get_ts(row, "created_at")?,
        fulfilled_at: get_opt_ts(row, "fulfilled_at")?,
    })
}

#[async_trait::async_trait]
impl TranslationStore for SqlStore {
    #[tracing::instrument(name = "store.add_translation_request", level = "debug", skip_all)]
    async fn add_translation_request(
        &self,
        practice: PracticeId,
        language: &LanguageTag,
        requester: ActorId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> R<(TranslationRequest, bool)> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("INSERT INTO translation_requests (practice_id, language, requester_id, state, created_at) \
                      VALUES ($1, $2, $3, 'open', $4) ON CONFLICT (practice_id, language, requester_id) DO NOTHING")
        .bind(practice.0)
        .bind(language.to_string())
        .bind(requester.0)
        .bind(at.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        let inserted = done.rows_affected() > 0;
        if inserted {
            write_outgoing(&mut tx, outgoing, at).await?;
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM translation_requests \
             WHERE practice_id = $1 AND language = $2 AND requester_id = $3"
        )))
        .bind(practice.0)
        .bind(language.to_string())
        .bind(requester.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
        let request = request_from_row(&row)?;
        self.commit_queued(tx, inserted && !outgoing.is_empty()).await?;
        Ok((request, inserted))
    }

    async fn translation_requests(
        &self,
        author: Option<ActorId>,
        made_by: Option<ActorId>,
        page: Page,
    ) -> R<Vec<(TranslationRequest, Practice, Actor)>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM translation_requests \
             WHERE ($1 = 0 OR practice_id IN (SELECT id FROM practices WHERE author_id = $1)) \
               AND ($2 = 0 OR requester_id = $2) AND id < $3 ORDER BY id DESC LIMIT $4"
        )))
        .bind(author.map_or(0, |a| a.0))
        .bind(made_by.map_or(0, |a| a.0))
        .bind(page_before(page))
        .bind(page_limit(page))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let request = request_from_row(row)?;
            let practice = self.practice(request.practice).await?;
            let requester = self.actor(request.requester).await?;
            out.push((request, practice, requester));
        }
        Ok(out)
    }

    async fn open_translation_requests(
        &self,
        practice: PracticeId,
        language: &LanguageTag,
    ) -> R<Vec<(TranslationRequest, Actor)>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM translation_requests \
             WHERE practice_id = $1 AND language = $2 AND state = 'open' ORDER BY id"
        )))
        .bind(practice.0)
        .bind(language.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let request = request_from_row(row)?;
            let requester = self.actor(request.requester).await?;
            out.push((request, requester));
        }
        Ok(out)
    }

    async fn fulfil_translation_requests(&self, practice: PracticeId, language: &LanguageTag, at: Timestamp) -> R<u64> {
        let done = q("UPDATE translation_requests SET state = 'fulfilled', fulfilled_at = $3 \
                      WHERE practice_id = $1 AND language = $2 AND state = 'open'")
        .bind(practice.0)
        .bind(language.to_string())
        .bind(at.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}
