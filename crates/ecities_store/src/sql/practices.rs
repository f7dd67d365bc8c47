//! Practices: local ones with their activities, copies of remote ones,
//! and the full-text index entry written with each.

use std::collections::BTreeMap;

use ecities_core::CoreError;
use ecities_core::actor::ActorId;
use ecities_core::analysis::{ANALYSIS_VERSION, index_terms};
use ecities_core::content::SafeHtml;
use ecities_core::practice::{LanguageTag, NewPractice, Practice, PracticeId, Translation};
use ecities_core::store::{HarvestQuery, HarvestRecord, OutgoingActivity, PracticeStore, PracticeVersion, RelayStep};
use ecities_core::time::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe};
use url::Url;

use crate::rows::*;
use crate::{Dialect, SqlStore, map_err};

use super::engagement::{clear_adoptions, write_adoptions};
use super::hub::{relay_insert, write_relaying};
use super::{Q, bool_int, q, write_outgoing};

/// The searchable text of a practice: title, summary and body as analysed
/// terms ([`ecities_core::analysis`]), each in its own language, in every
/// language the practice has.
fn search_text(
    title: &str,
    summary: &str,
    content_html: &SafeHtml,
    language: Option<&LanguageTag>,
    translations: &BTreeMap<LanguageTag, Translation>,
) -> (String, String, String) {
    let (mut t, mut s, mut b) = (String::new(), String::new(), String::new());
    let variants = std::iter::once((language.map(LanguageTag::as_str), title, summary, content_html))
        .chain(translations.iter().map(|(l, tr)| (Some(l.as_str()), &*tr.title, &*tr.summary, &tr.content_html)));
    for (lang, title, summary, html) in variants {
        index_terms(title, lang, &mut t);
        index_terms(summary, lang, &mut s);
        index_terms(&html.plain_text(), lang, &mut b);
    }
    (t, s, b)
}

/// Writes the full-text index entry of a practice (inside the caller's
/// transaction): an FTS5 row on SQLite, a tsvector on PostgreSQL, both of
/// the analysed terms (the databases only split them on spaces). On
/// PostgreSQL the title's terms carry weight A and the summary's B, for
/// ranking.
async fn index_text(
    conn: &mut AnyConnection,
    dialect: Dialect,
    id: PracticeId,
    text: (String, String, String),
) -> R<()> {
    let (title, summary, body) = text;
    match dialect {
        Dialect::Sqlite => {
            q("DELETE FROM practices_fts WHERE rowid = $1").bind(id.0).execute(&mut *conn).await.map_err(map_err)?;
            q("INSERT INTO practices_fts (rowid, title, summary, body) VALUES ($1, $2, $3, $4)")
                .bind(id.0)
                .bind(title)
                .bind(summary)
                .bind(body)
                .execute(&mut *conn)
                .await
                .map_err(map_err)?;
        }
        Dialect::Postgres => {
            q("UPDATE practices SET search = setweight(to_tsvector('simple', $2), 'A') \
               || setweight(to_tsvector('simple', $3), 'B') || to_tsvector('simple', $4) WHERE id = $1")
            .bind(id.0)
            .bind(title)
            .bind(summary)
            .bind(body)
            .execute(&mut *conn)
            .await
            .map_err(map_err)?;
        }
    }
    Ok(())
}

fn new_practice_text(p: &NewPractice) -> (String, String, String) {
    search_text(&p.title, &p.summary, &p.content_html, p.language.as_ref(), &p.translations)
}

/// Practices re-indexed per transaction when the analysis changed.
const REINDEX_BATCH: i64 = 500;

/// Re-indexes the text of every live practice when it was indexed by an
/// older [`ANALYSIS_VERSION`] (or before analysis existed), then records
/// the version: run after the migrations, so an upgrade needs nothing
/// else. In batches, each its own transaction, so a large node neither
/// holds one long transaction nor loses the work done when it stops
/// half-way (the next start goes through it again). Several processes on
/// one PostgreSQL database may do it at once: they write the same terms.
pub(crate) async fn reindex_if_stale(store: &SqlStore) -> R<u64> {
    let version: i64 = sqlx::query_scalar("SELECT version FROM search_analysis WHERE id = 1")
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    if version >= ANALYSIS_VERSION {
        return Ok(0);
    }
    let sql = format!(
        "SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.id > $1 AND p.deleted_at IS NULL ORDER BY p.id LIMIT $2"
    );
    let (mut after, mut done) = (0i64, 0u64);
    loop {
        let rows = sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(after)
            .bind(REINDEX_BATCH)
            .fetch_all(&store.pool)
            .await
            .map_err(map_err)?;
        let Some(last) = rows.last() else { break };
        after = get_i64(last, "id")?;
        let mut tx = store.pool.begin().await.map_err(map_err)?;
        for row in &rows {
            let p = practice_from_row(row)?;
            let text = search_text(&p.title, &p.summary, &p.content_html, p.language.as_ref(), &p.translations);
            index_text(&mut tx, store.dialect, p.id, text).await?;
        }
        tx.commit().await.map_err(map_err)?;
        done += rows.len() as u64;
        tracing::info!(practices = done, "search index: re-indexed with the new text analysis");
    }
    q("UPDATE search_analysis SET version = $1 WHERE id = 1")
        .bind(ANALYSIS_VERSION)
        .execute(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(done)
}

/// Inserts a practice, its text index and its version 1 inside the
/// caller's transaction.
pub(super) async fn insert_in(conn: &mut AnyConnection, dialect: Dialect, p: &NewPractice) -> R<PracticeId> {
    let now = Timestamp::now();
    let query = q(
        "INSERT INTO practices (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
                   translations, details, updated_at, key, ap_id, url, author_id, local, published_at, changed_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    );
    let row = bind_new_practice(query, p, now).fetch_one(&mut *conn).await.map_err(map_err)?;
    let id = PracticeId(get_i64(&row, "id")?);
    write_visibility(conn, id, p, Some(p.embargoed.then_some(p.published_at))).await?;
    index_text(conn, dialect, id, new_practice_text(p)).await?;
    record_version(conn, id, p, now, false).await?;
    write_adoptions(conn, p).await?;
    Ok(id)
}

/// Writes whether public surfaces may show practice `id` (inside the
/// caller's transaction): its audience, and with `embargo` (`Some`) the
/// time it waits for (`Some(None)`: none). Without `embargo` the state is
/// kept — except that an embargo still pending takes the practice's new
/// date ([`NewPractice::published_at`], the edited `publish_at`).
async fn write_visibility(
    conn: &mut AnyConnection,
    id: PracticeId,
    p: &NewPractice,
    embargo: Option<Option<Timestamp>>,
) -> R<()> {
    let public = bool_int(p.details.audience.is_public());
    match embargo {
        Some(until) => q("UPDATE practices SET audience_public = $1, embargo_until = $2 WHERE id = $3")
            .bind(public)
            .bind(until.map(|t| t.0))
            .bind(id.0)
            .execute(&mut *conn)
            .await
            .map_err(map_err)?,
        None => q("UPDATE practices SET audience_public = $1, \
                   published_at = CASE WHEN embargo_until IS NULL THEN published_at ELSE $2 END, \
                   embargo_until = CASE WHEN embargo_until IS NULL THEN NULL ELSE $2 END WHERE id = $3")
        .bind(public)
        .bind(p.published_at.0)
        .bind(id.0)
        .execute(&mut *conn)
        .await
        .map_err(map_err)?,
    };
    Ok(())
}

/// Records the content of `p` as the next version of practice `id` (inside
/// the caller's transaction). With `if_changed`, only when it differs from
/// the latest version: a remote copy fetched again unchanged is no new
/// version.
async fn record_version(
    conn: &mut AnyConnection,
    id: PracticeId,
    p: &NewPractice,
    now: Timestamp,
    if_changed: bool,
) -> R<()> {
    let query = if if_changed {
        q(
            "INSERT INTO practice_versions (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
                   translations, details, updated_at, practice_id, version, published_at, recorded_at) \
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
                  (SELECT COALESCE(MAX(version), 0) + 1 FROM practice_versions WHERE practice_id = $12), $13, $14 \
           WHERE NOT EXISTS (SELECT 1 FROM practice_versions v WHERE v.practice_id = $12 \
                  AND v.version = (SELECT MAX(version) FROM practice_versions WHERE practice_id = $12) \
                  AND v.title = $1 AND v.summary = $2 AND v.content_html = $4 AND v.sdgs = $7 \
                  AND v.translations = $9 AND v.details = $10 AND COALESCE(v.updated_at, -1) = COALESCE($11, -1))",
        )
    } else {
        q(
            "INSERT INTO practice_versions (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
                   translations, details, updated_at, practice_id, version, published_at, recorded_at) \
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
                  (SELECT COALESCE(MAX(version), 0) + 1 FROM practice_versions WHERE practice_id = $12), $13, $14)",
        )
    };
    bind_practice(query, p).bind(id.0).bind(p.published_at.0).bind(now.0).execute(&mut *conn).await.map_err(map_err)?;
    Ok(())
}

/// The columns of a version read as a practice: identity from `p`, content
/// from `v`.
const VERSION_COLUMNS: &str = "p.id, p.key, p.ap_id, p.url, p.author_id, p.local, v.title, v.summary, \
     v.content_markdown, v.content_html, v.language, v.kind, v.sdgs, v.country, v.translations, v.details, \
     v.published_at, v.updated_at, NULL AS deleted_at, p.embargo_until, v.version, v.recorded_at";

fn version_from_row(row: &sqlx::any::AnyRow) -> R<PracticeVersion> {
    Ok(PracticeVersion {
        number: get_i64(row, "version")?,
        recorded_at: get_ts(row, "recorded_at")?,
        practice: practice_from_row(row)?,
    })
}

/// Binds a new practice's columns in the order of the `INSERT`s above:
/// its content ([`bind_practice`]), then key, ActivityPub id, URL, author,
/// local, publication and change times.
fn bind_new_practice<'q>(query: Q<'q>, p: &NewPractice, now: Timestamp) -> Q<'q> {
    bind_practice(query, p)
        .bind(p.key.clone())
        .bind(p.ap_id.as_str().to_owned())
        .bind(p.url.as_str().to_owned())
        .bind(p.author.0)
        .bind(bool_int(p.local))
        .bind(p.published_at.0)
        .bind(now.0)
}

fn bind_practice<'q>(query: Q<'q>, p: &NewPractice) -> Q<'q> {
    query
        .bind(p.title.clone())
        .bind(p.summary.clone())
        .bind(p.content_markdown.clone())
        .bind(p.content_html.as_str().to_owned())
        .bind(p.language.as_ref().map(|l| l.to_string()))
        .bind(p.kind.map(|k| k.as_str().to_owned()))
        .bind(sdgs_to_column(&p.sdgs))
        .bind(p.country.as_ref().map(|c| c.code().to_owned()))
        .bind(translations_to_column(&p.translations))
        .bind(details_to_column(&p.details))
        .bind(p.updated_at.map(|t| t.0))
}

/// Inserts or replaces a remote practice, keyed by its ActivityPub id, with
/// its full-text entry, on `conn` (inside the caller's transaction).
async fn upsert_remote_in(conn: &mut AnyConnection, dialect: Dialect, p: &NewPractice) -> R<PracticeId> {
    let now = Timestamp::now();
    let query = q(
        "INSERT INTO practices (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
                       translations, details, updated_at, key, ap_id, url, author_id, local, published_at, changed_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16, $17) \
                       ON CONFLICT (ap_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, \
                       content_markdown = excluded.content_markdown, content_html = excluded.content_html, \
                       language = excluded.language, kind = excluded.kind, sdgs = excluded.sdgs, country = excluded.country, \
                       translations = excluded.translations, details = excluded.details, updated_at = excluded.updated_at, \
                       url = excluded.url, changed_at = excluded.changed_at, deleted_at = NULL \
                       WHERE practices.local = 0 AND practices.author_id = excluded.author_id AND practices.deleted_at IS NULL \
                       AND COALESCE(practices.updated_at, practices.published_at) <= COALESCE(excluded.updated_at, excluded.published_at) \
                       RETURNING id",
    );
    let row = bind_practice(query, p)
        .bind(p.key.clone())
        .bind(p.ap_id.as_str().to_owned())
        .bind(p.url.as_str().to_owned())
        .bind(p.author.0)
        .bind(p.published_at.0)
        .bind(now.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(map_err)?;
    let row = match row {
        Some(row) => row,
        None => {
            // A version older than the copy's (two Updates delivered out of
            // order): the copy stays as it is, and the caller carries on
            // with it.
            let newer =
                q("SELECT id FROM practices WHERE ap_id = $1 AND local = 0 AND author_id = $2 AND deleted_at IS NULL")
                    .bind(p.ap_id.as_str().to_owned())
                    .bind(p.author.0)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(map_err)?;
            // Otherwise the id belongs to a local practice, to another
            // author, or to a practice already deleted (a late Update must
            // not resurrect it).
            let newer = newer.ok_or_else(|| CoreError::Conflict(format!("{} cannot be replaced", p.ap_id)))?;
            return Ok(PracticeId(get_i64(&newer, "id")?));
        }
    };
    let id = PracticeId(get_i64(&row, "id")?);
    write_visibility(conn, id, p, None).await?;
    index_text(conn, dialect, id, new_practice_text(p)).await?;
    // The versions received: a new one whenever the copy's text changed.
    record_version(conn, id, p, now, true).await?;
    write_adoptions(conn, p).await?;
    Ok(id)
}

#[async_trait::async_trait]
impl PracticeStore for SqlStore {
    #[tracing::instrument(name = "store.insert_practice", level = "debug", skip_all, fields(outgoing = outgoing.len()))]
    async fn insert_practice(
        &self,
        p: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = insert_in(&mut tx, self.dialect, p).await?;
        let now = Timestamp::now();
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = write_relaying(&mut tx, id, relaying, now).await?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.update_practice", level = "debug", skip_all, fields(practice = id.0, outgoing = outgoing.len()))]
    async fn update_practice(
        &self,
        id: PracticeId,
        p: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let now = Timestamp::now();
        let query = q(
            "UPDATE practices SET title = $1, summary = $2, content_markdown = $3, content_html = $4, language = $5, \
                       kind = $6, sdgs = $7, country = $8, translations = $9, details = $10, updated_at = $11, \
                       changed_at = $12 WHERE id = $13 AND deleted_at IS NULL",
        );
        let done = bind_practice(query, p).bind(now.0).bind(id.0).execute(&mut *tx).await.map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("practice {}", id.0)));
        }
        write_visibility(&mut tx, id, p, None).await?;
        index_text(&mut tx, self.dialect, id, new_practice_text(p)).await?;
        // The edit and its version commit together: no edit without its
        // history.
        record_version(&mut tx, id, p, now, false).await?;
        write_adoptions(&mut tx, p).await?;
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = write_relaying(&mut tx, id, relaying, now).await?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.upsert_remote_practice", level = "debug", skip_all)]
    async fn upsert_remote_practice(
        &self,
        p: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = upsert_remote_in(&mut tx, self.dialect, p).await?;
        let now = Timestamp::now();
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = write_relaying(&mut tx, id, relaying, now).await?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.upsert_received_practice", level = "debug", skip_all)]
    async fn upsert_received_practice(
        &self,
        p: &NewPractice,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
        received: &Url,
    ) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = upsert_remote_in(&mut tx, self.dialect, p).await?;
        let now = Timestamp::now();
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = write_relaying(&mut tx, id, relaying, now).await?;
        q("UPDATE incoming_activities SET done = 1 WHERE activity_id = $1")
            .bind(received.as_str().to_owned())
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.upsert_relayed_practice", level = "debug", skip_all, fields(relayer = relayer.0))]
    async fn upsert_relayed_practice(
        &self,
        p: &NewPractice,
        relayer: ActorId,
        approved: bool,
        at: Timestamp,
    ) -> R<(Practice, bool)> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = upsert_remote_in(&mut tx, self.dialect, p).await?;
        let relayed = relay_insert(id, relayer, approved, at).execute(&mut *tx).await.map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        Ok((self.practice(id).await?, relayed.rows_affected() > 0))
    }

    #[tracing::instrument(name = "store.delete_practice", level = "debug", skip_all, fields(practice = id.0, outgoing = outgoing.len()))]
    async fn delete_practice(
        &self,
        id: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
        relaying: &[RelayStep],
    ) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("UPDATE practices SET deleted_at = $1, changed_at = $1 WHERE id = $2 AND deleted_at IS NULL")
            .bind(at.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("practice {}", id.0)));
        }
        if self.dialect == Dialect::Sqlite {
            q("DELETE FROM practices_fts WHERE rowid = $1").bind(id.0).execute(&mut *tx).await.map_err(map_err)?;
        }
        // A deleted practice adopts nothing any more.
        let ap_id = get_str(
            &q("SELECT ap_id FROM practices WHERE id = $1").bind(id.0).fetch_one(&mut *tx).await.map_err(map_err)?,
            "ap_id",
        )?;
        clear_adoptions(&mut tx, &ap_id).await?;
        let now = Timestamp::now();
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = write_relaying(&mut tx, id, relaying, now).await?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await
    }

    async fn practice(&self, id: PracticeId) -> R<Practice> {
        let sql = AssertSqlSafe(format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.id = $1"));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.read_pool).await.map_err(map_err)?;
        row.as_ref()
            .map(practice_from_row)
            .transpose()?
            .ok_or_else(|| CoreError::NotFound(format!("practice {}", id.0)))
    }

    async fn practice_by_key(&self, key: &str) -> R<Option<Practice>> {
        let sql = AssertSqlSafe(format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.key = $1"));
        let row = sqlx::query(sql).bind(key.to_owned()).fetch_optional(&self.read_pool).await.map_err(map_err)?;
        row.as_ref().map(practice_from_row).transpose()
    }

    async fn practice_by_ap_id(&self, ap_id: &Url) -> R<Option<Practice>> {
        let sql = AssertSqlSafe(format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.ap_id = $1"));
        let row =
            sqlx::query(sql).bind(ap_id.as_str().to_owned()).fetch_optional(&self.read_pool).await.map_err(map_err)?;
        row.as_ref().map(practice_from_row).transpose()
    }

    async fn file_in_use(&self, hash: &ecities_core::media::ContentHash) -> R<bool> {
        // The checksum in hex is 64 characters: it cannot match anything
        // else in the details JSON by accident.
        let row = q("SELECT COUNT(*) AS n FROM practices WHERE deleted_at IS NULL AND details LIKE $1")
            .bind(format!("%{}%", hash.hex()))
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(get_i64(&row, "n")? > 0)
    }

    async fn max_practice_id(&self) -> R<i64> {
        let row = q("SELECT MAX(id) AS n FROM practices").fetch_one(&self.pool).await.map_err(map_err)?;
        Ok(get_opt_i64(&row, "n")?.unwrap_or(0))
    }

    async fn practice_versions(&self, id: PracticeId) -> R<Vec<PracticeVersion>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM practice_versions v JOIN practices p ON p.id = v.practice_id \
             WHERE v.practice_id = $1 ORDER BY v.version"
        ));
        let rows = sqlx::query(sql).bind(id.0).fetch_all(&self.read_pool).await.map_err(map_err)?;
        rows.iter().map(version_from_row).collect()
    }

    async fn latest_practice_version(&self, id: PracticeId) -> R<Option<PracticeVersion>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM practice_versions v JOIN practices p ON p.id = v.practice_id \
             WHERE v.practice_id = $1 ORDER BY v.version DESC LIMIT 1"
        ));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.read_pool).await.map_err(map_err)?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn practice_version(&self, id: PracticeId, number: i64) -> R<Option<PracticeVersion>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM practice_versions v JOIN practices p ON p.id = v.practice_id \
             WHERE v.practice_id = $1 AND v.version = $2"
        ));
        let row = sqlx::query(sql).bind(id.0).bind(number).fetch_optional(&self.read_pool).await.map_err(map_err)?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn harvest_practices(&self, query: &HarvestQuery) -> R<Vec<HarvestRecord>> {
        // Absent filters bind values that match everything, so that one
        // statement serves every harvest.
        let (after_at, after_id) = query.after.map(|(t, id)| (t.0, id.0)).unwrap_or((i64::MIN, i64::MIN));
        let sql = AssertSqlSafe(format!(
            "SELECT {PRACTICE_COLUMNS}, p.changed_at FROM practices p \
             WHERE p.local = 1 AND p.audience_public = 1 AND p.embargo_until IS NULL \
             AND p.changed_at >= $1 AND p.changed_at <= $2 \
             AND ($3 = '' OR p.sdgs LIKE $3) AND ($4 = '' OR p.kind = $4) \
             AND (p.changed_at > $5 OR (p.changed_at = $5 AND p.id > $6)) AND ($8 = '' OR p.key = $8) \
             ORDER BY p.changed_at, p.id LIMIT $7"
        ));
        let rows = sqlx::query(sql)
            .bind(query.from.map_or(i64::MIN, |t| t.0))
            .bind(query.until.map_or(i64::MAX, |t| t.0))
            .bind(query.sdg.map_or(String::new(), |g| format!("%,{},%", g.number())))
            .bind(query.kind.map_or(String::new(), |k| k.as_str().to_owned()))
            .bind(after_at)
            .bind(after_id)
            .bind(i64::from(query.limit.clamp(1, ecities_core::store::MAX_PAGE_SIZE)))
            .bind(query.key.clone().unwrap_or_default())
            .fetch_all(&self.read_pool)
            .await
            .map_err(map_err)?;
        rows.iter()
            .map(|r| Ok(HarvestRecord { practice: practice_from_row(r)?, changed_at: get_ts(r, "changed_at")? }))
            .collect()
    }

    async fn due_embargoes(&self, now: Timestamp, limit: u32) -> R<Vec<Practice>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.embargo_until IS NOT NULL AND p.embargo_until <= $1 \
             AND p.local = 1 AND p.deleted_at IS NULL ORDER BY p.embargo_until, p.id LIMIT $2"
        ));
        let rows = sqlx::query(sql)
            .bind(now.0)
            .bind(i64::from(limit.clamp(1, ecities_core::store::MAX_PAGE_SIZE)))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(practice_from_row).collect()
    }

    #[tracing::instrument(name = "store.release_practice", level = "debug", skip_all, fields(practice = id.0))]
    async fn release_practice(&self, id: PracticeId, outgoing: &[OutgoingActivity], relaying: &[RelayStep]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let now = Timestamp::now();
        // The guard: only the transaction that ends the embargo sends.
        let done = q("UPDATE practices SET embargo_until = NULL, changed_at = $1 \
                      WHERE id = $2 AND embargo_until IS NOT NULL AND deleted_at IS NULL")
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        write_outgoing(&mut tx, outgoing, now).await?;
        let relayed = write_relaying(&mut tx, id, relaying, now).await?;
        self.commit_queued(tx, relayed || !outgoing.is_empty()).await?;
        Ok(true)
    }
}

impl SqlStore {
    /// Writes many new local practices at once, for benchmarks that need a
    /// corpus of a million: one multi-row `INSERT` per table for the whole
    /// slice, in one transaction, with the ids given (`first_id` on, in
    /// order). The `practices` row and the full-text entry (FTS5 row or
    /// tsvector) are exactly what [`PracticeStore::insert_practice`] writes,
    /// so search sees the same data; no version, activity or adoption is
    /// recorded. On PostgreSQL the id sequence is moved past the last id.
    #[doc(hidden)]
    pub async fn bulk_insert_practices(&self, first_id: i64, practices: &[NewPractice]) -> R<()> {
        if practices.is_empty() {
            return Ok(());
        }
        if practices.iter().any(|p| p.embargoed || !p.details.audience.is_public()) {
            return Err(CoreError::invalid("practices", "bulk insertion writes public practices only"));
        }
        let now = Timestamp::now();
        let texts: Vec<_> = practices.iter().map(new_practice_text).collect();
        const COLUMNS: usize = 19;
        let postgres = self.dialect == Dialect::Postgres;
        let per_row = if postgres { COLUMNS + 3 } else { COLUMNS };
        let rows: Vec<String> = (0..practices.len())
            .map(|i| {
                let n = |k: usize| format!("${}", i * per_row + k + 1);
                let mut values: Vec<String> = (0..COLUMNS).map(n).collect();
                if postgres {
                    values.push(format!(
                        "setweight(to_tsvector('simple', {}), 'A') || setweight(to_tsvector('simple', {}), 'B') \
                         || to_tsvector('simple', {})",
                        n(COLUMNS),
                        n(COLUMNS + 1),
                        n(COLUMNS + 2)
                    ));
                }
                format!("({})", values.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO practices (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
             translations, details, updated_at, key, ap_id, url, author_id, local, published_at, changed_at, id{}) \
             VALUES {}",
            if postgres { ", search" } else { "" },
            rows.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (i, (p, text)) in practices.iter().zip(&texts).enumerate() {
            query = bind_new_practice(query, p, now).bind(first_id + i as i64);
            if postgres {
                query = query.bind(text.0.clone()).bind(text.1.clone()).bind(text.2.clone());
            }
        }
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        query.execute(&mut *tx).await.map_err(map_err)?;
        if postgres {
            q("SELECT setval(pg_get_serial_sequence('practices', 'id'), (SELECT MAX(id) FROM practices))")
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        } else {
            let rows = vec!["(?, ?, ?, ?)"; practices.len()].join(", ");
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO practices_fts (rowid, title, summary, body) VALUES {rows}"
            )));
            for (i, (t, s, b)) in texts.into_iter().enumerate() {
                query = query.bind(first_id + i as i64).bind(t).bind(s).bind(b);
            }
            query.execute(&mut *tx).await.map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)?;
        Ok(())
    }
}
