//! Practices: local ones with their activities, copies of remote ones,
//! and the full-text index entry written with each.

use ecities_core::CoreError;
use ecities_core::actor::ActorId;
use ecities_core::practice::{NewPractice, Practice, PracticeId};
use ecities_core::store::{HarvestQuery, HarvestRecord, OutgoingActivity, PracticeStore, PracticeVersion};
use ecities_core::time::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe};
use url::Url;

use crate::rows::*;
use crate::{Dialect, SqlStore, map_err};

use super::hub::relay_insert;
use super::{Q, bool_int, q, write_outgoing};

/// The searchable text of a practice: title, summary and body as plain
/// text, in every language it has.
fn search_text(p: &NewPractice) -> (String, String, String) {
    let mut title = p.title.clone();
    let mut summary = p.summary.clone();
    let mut body = p.content_html.plain_text();
    for t in p.translations.values() {
        title.push(' ');
        title.push_str(&t.title);
        summary.push(' ');
        summary.push_str(&t.summary);
        body.push(' ');
        body.push_str(&t.content_html.plain_text());
    }
    (title, summary, body)
}

/// Writes the full-text index entry of a practice (inside the caller's
/// transaction): an FTS5 row on SQLite, a tsvector on PostgreSQL.
async fn index_text(conn: &mut AnyConnection, dialect: Dialect, id: PracticeId, p: &NewPractice) -> R<()> {
    let (title, summary, body) = search_text(p);
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
            q("UPDATE practices SET search = to_tsvector('simple', $2) WHERE id = $1")
                .bind(id.0)
                .bind(format!("{title} {summary} {body}"))
                .execute(&mut *conn)
                .await
                .map_err(map_err)?;
        }
    }
    Ok(())
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
    let row = bind_practice(query, p)
        .bind(p.key.clone())
        .bind(p.ap_id.as_str().to_owned())
        .bind(p.url.as_str().to_owned())
        .bind(p.author.0)
        .bind(bool_int(p.local))
        .bind(p.published_at.0)
        .bind(now.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(map_err)?;
    let id = PracticeId(get_i64(&row, "id")?);
    index_text(conn, dialect, id, p).await?;
    record_version(conn, id, p, now, false).await?;
    Ok(id)
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
     v.published_at, v.updated_at, NULL AS deleted_at, v.version, v.recorded_at";

fn version_from_row(row: &sqlx::any::AnyRow) -> R<PracticeVersion> {
    Ok(PracticeVersion {
        number: get_i64(row, "version")?,
        recorded_at: get_ts(row, "recorded_at")?,
        practice: practice_from_row(row)?,
    })
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
    // No row: the id belongs to a local practice, to another author, or
    // to a practice already deleted (a late Update must not resurrect it).
    let row = row.ok_or_else(|| CoreError::Conflict(format!("{} cannot be replaced", p.ap_id)))?;
    let id = PracticeId(get_i64(&row, "id")?);
    index_text(conn, dialect, id, p).await?;
    // The versions received: a new one whenever the copy's text changed.
    record_version(conn, id, p, now, true).await?;
    Ok(id)
}

#[async_trait::async_trait]
impl PracticeStore for SqlStore {
    #[tracing::instrument(name = "store.insert_practice", level = "debug", skip_all, fields(outgoing = outgoing.len()))]
    async fn insert_practice(&self, p: &NewPractice, outgoing: &[OutgoingActivity]) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = insert_in(&mut tx, self.dialect, p).await?;
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.update_practice", level = "debug", skip_all, fields(practice = id.0, outgoing = outgoing.len()))]
    async fn update_practice(&self, id: PracticeId, p: &NewPractice, outgoing: &[OutgoingActivity]) -> R<Practice> {
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
        index_text(&mut tx, self.dialect, id, p).await?;
        // The edit and its version commit together: no edit without its
        // history.
        record_version(&mut tx, id, p, now, false).await?;
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.upsert_remote_practice", level = "debug", skip_all)]
    async fn upsert_remote_practice(&self, p: &NewPractice) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = upsert_remote_in(&mut tx, self.dialect, p).await?;
        tx.commit().await.map_err(map_err)?;
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
    async fn delete_practice(&self, id: PracticeId, at: Timestamp, outgoing: &[OutgoingActivity]) -> R<()> {
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
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await
    }

    async fn practice(&self, id: PracticeId) -> R<Practice> {
        let sql = AssertSqlSafe(format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.id = $1"));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref()
            .map(practice_from_row)
            .transpose()?
            .ok_or_else(|| CoreError::NotFound(format!("practice {}", id.0)))
    }

    async fn practice_by_key(&self, key: &str) -> R<Option<Practice>> {
        let sql = AssertSqlSafe(format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.key = $1"));
        let row = sqlx::query(sql).bind(key.to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(practice_from_row).transpose()
    }

    async fn practice_by_ap_id(&self, ap_id: &Url) -> R<Option<Practice>> {
        let sql = AssertSqlSafe(format!("SELECT {PRACTICE_COLUMNS} FROM practices p WHERE p.ap_id = $1"));
        let row = sqlx::query(sql).bind(ap_id.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
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
        let rows = sqlx::query(sql).bind(id.0).fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter().map(version_from_row).collect()
    }

    async fn latest_practice_version(&self, id: PracticeId) -> R<Option<PracticeVersion>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM practice_versions v JOIN practices p ON p.id = v.practice_id \
             WHERE v.practice_id = $1 ORDER BY v.version DESC LIMIT 1"
        ));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn practice_version(&self, id: PracticeId, number: i64) -> R<Option<PracticeVersion>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM practice_versions v JOIN practices p ON p.id = v.practice_id \
             WHERE v.practice_id = $1 AND v.version = $2"
        ));
        let row = sqlx::query(sql).bind(id.0).bind(number).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn harvest_practices(&self, query: &HarvestQuery) -> R<Vec<HarvestRecord>> {
        // Absent filters bind values that match everything, so that one
        // statement serves every harvest.
        let (after_at, after_id) = query.after.map(|(t, id)| (t.0, id.0)).unwrap_or((i64::MIN, i64::MIN));
        let sql = AssertSqlSafe(format!(
            "SELECT {PRACTICE_COLUMNS}, p.changed_at FROM practices p \
             WHERE p.local = 1 AND p.changed_at >= $1 AND p.changed_at <= $2 \
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
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter()
            .map(|r| Ok(HarvestRecord { practice: practice_from_row(r)?, changed_at: get_ts(r, "changed_at")? }))
            .collect()
    }
}
