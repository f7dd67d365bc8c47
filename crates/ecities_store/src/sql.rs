//! The `Store` implementation. One body of SQL for both backends; see the
//! crate documentation for the portability rules.

use ecities_core::CoreError;
use ecities_core::access::Principal;
use ecities_core::actor::{Actor, ActorId, ActorName, KeyPair, NewLocalActor, RemoteActor};
use ecities_core::follow::{Follow, FollowState};
use ecities_core::hub::{
    DomainRule, DomainRuleKind, Moderation, ModerationDecision, Relay, Submission, SubmissionId, SubmissionState,
    normalize_domain,
};
use ecities_core::import::{FeedMapping, FeedSource, FeedSourceId, PollRecord};
use ecities_core::practice::{NewPractice, Practice, PracticeId};
use ecities_core::store::{
    AdminUser, Audience, ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, DeliveryState, DeliveryStats,
    HostHealth, HostPolicy, IncomingClaim, LocalActorLocation, NodeCounts, OutgoingActivity, Page, PracticeQuery,
    Readiness, SearchResults, Store, Topic,
};
use ecities_core::time::Timestamp;
use ecities_core::token::{ApiToken, TokenHash, TokenScope};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe};
use url::Url;

use crate::rows::*;
use crate::search_index::Want;
use crate::{Dialect, SqlStore, map_err};

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
    for activity in outgoing {
        let row = q("INSERT INTO outgoing_activities (ap_id, actor_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(activity.ap_id.as_str().to_owned())
            .bind(activity.actor.0)
            .bind(activity.kind.clone())
            .bind(activity.body.clone())
            .bind(now.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(map_err)?;
        let activity_id = get_i64(&row, "id")?;
        for audience in &activity.audience {
            match audience {
                Audience::FollowersOf(actor) => {
                    q("INSERT INTO deliveries (activity_id, inbox, host, state, attempts, next_attempt_at, created_at, updated_at) \
                       SELECT DISTINCT $1, COALESCE(a.shared_inbox, a.inbox), a.host, 'queued', 0, $2, $2, $2 \
                       FROM follows f JOIN actors a ON a.id = f.follower_id \
                       WHERE f.target_id = $3 AND f.state = 'accepted' AND a.local = 0 \
                       UNION \
                       SELECT $1, COALESCE(a.shared_inbox, a.inbox), a.host, 'queued', 0, $2, $2, $2 \
                       FROM follows f JOIN actors a ON a.id = f.target_id \
                       WHERE f.follower_id = $3 AND f.relay = 1 AND f.state = 'accepted' AND a.local = 0 \
                       ON CONFLICT (activity_id, inbox) DO NOTHING")
                    .bind(activity_id)
                    .bind(now.0)
                    .bind(actor.0)
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

/// Inserts a local actor on `conn` (inside the caller's transaction, if any).
async fn insert_local_actor(
    conn: &mut AnyConnection,
    new: &NewLocalActor,
    at: &LocalActorLocation,
    keys: &KeyPair,
) -> R<ActorId> {
    let now = Timestamp::now();
    let row = q("INSERT INTO actors (url, name, host, kind, local, display_name, summary, country, profile_url, icon_url, \
                 inbox, shared_inbox, outbox, followers_url, following_url, public_key_pem, private_key_pem, \
                 created_at, updated_at, last_refreshed_at, portal_url) \
                 VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, NULL, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16, $17) RETURNING id")
        .bind(at.url.as_str().to_owned())
        .bind(new.name.as_str().to_owned())
        .bind(at.host.clone())
        .bind(new.kind.as_str().to_owned())
        .bind(new.display_name.clone())
        .bind(new.summary.clone())
        .bind(new.country.as_ref().map(|c| c.code().to_owned()))
        .bind(at.profile_url.as_str().to_owned())
        .bind(at.endpoints.inbox.as_str().to_owned())
        .bind(at.endpoints.shared_inbox.as_ref().map(|u| u.as_str().to_owned()))
        .bind(at.endpoints.outbox.as_ref().map(|u| u.as_str().to_owned()))
        .bind(at.endpoints.followers.as_ref().map(|u| u.as_str().to_owned()))
        .bind(at.endpoints.following.as_ref().map(|u| u.as_str().to_owned()))
        .bind(keys.public_pem.clone())
        .bind(keys.private_pem.clone())
        .bind(now.0)
        .bind(new.portal_url.as_ref().map(|u| u.as_str().to_owned()))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| match map_err(e) {
            CoreError::Conflict(_) => CoreError::Conflict(format!("an actor named '{}' already exists", new.name)),
            other => other,
        })?;
    Ok(ActorId(get_i64(&row, "id")?))
}

fn topic_from_row(row: &AnyRow) -> R<Topic> {
    Ok(Topic {
        actor: ActorId(get_i64(row, "actor_id")?),
        owner: ActorId(get_i64(row, "owner_id")?),
        query: get_str(row, "query")?,
        cursor: get_i64(row, "cursor")?,
        created_at: get_ts(row, "created_at")?,
    })
}

fn status_i64(s: Option<u16>) -> Option<i64> {
    s.map(i64::from)
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

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn create_local_actor(&self, new: &NewLocalActor, at: &LocalActorLocation, keys: &KeyPair) -> R<Actor> {
        let mut conn = self.pool.acquire().await.map_err(map_err)?;
        let id = insert_local_actor(&mut conn, new, at, keys).await?;
        drop(conn);
        self.actor(id).await
    }

    async fn actor(&self, id: ActorId) -> R<Actor> {
        let sql = AssertSqlSafe(format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.id = $1"));
        let row = sqlx::query(sql).bind(id.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()?.ok_or_else(|| CoreError::NotFound(format!("actor {}", id.0)))
    }

    async fn local_actor_by_name(&self, name: &ActorName) -> R<Option<Actor>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.name = $1 AND a.local = 1 AND a.deleted_at IS NULL"
        ));
        let row = sqlx::query(sql).bind(name.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()
    }

    async fn actor_by_url(&self, url: &Url) -> R<Option<Actor>> {
        let sql =
            AssertSqlSafe(format!("SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.url = $1 AND a.deleted_at IS NULL"));
        let row = sqlx::query(sql).bind(url.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()
    }

    async fn deleted_local_actor(&self, name: &ActorName) -> R<Option<Actor>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.name = $1 AND a.local = 1 AND a.deleted_at IS NOT NULL"
        ));
        let row = sqlx::query(sql).bind(name.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(actor_from_row).transpose()
    }

    async fn local_actors(&self) -> R<Vec<Actor>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {ACTOR_COLUMNS} FROM actors a WHERE a.local = 1 AND a.deleted_at IS NULL ORDER BY a.name"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter().map(actor_from_row).collect()
    }

    async fn upsert_remote_actor(&self, a: &RemoteActor) -> R<Actor> {
        let now = Timestamp::now();
        let row = q("INSERT INTO actors (url, name, host, kind, local, display_name, summary, country, profile_url, icon_url, \
                     inbox, shared_inbox, outbox, followers_url, following_url, public_key_pem, private_key_pem, \
                     created_at, updated_at, last_refreshed_at) \
                     VALUES ($1, $2, $3, $4, 0, $5, $6, $16, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $15, $15) \
                     ON CONFLICT (url) DO UPDATE SET name = excluded.name, host = excluded.host, kind = excluded.kind, \
                     display_name = excluded.display_name, summary = excluded.summary, country = excluded.country, \
                     profile_url = excluded.profile_url, \
                     icon_url = excluded.icon_url, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, \
                     outbox = excluded.outbox, followers_url = excluded.followers_url, following_url = excluded.following_url, \
                     public_key_pem = excluded.public_key_pem, updated_at = excluded.updated_at, \
                     last_refreshed_at = excluded.last_refreshed_at \
                     WHERE actors.local = 0 \
                     RETURNING id")
            .bind(a.url.as_str().to_owned())
            .bind(a.name.clone())
            .bind(a.host.clone())
            .bind(a.kind.as_str().to_owned())
            .bind(a.display_name.clone())
            .bind(a.summary.clone())
            .bind(a.profile_url.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.icon_url.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.inbox.as_str().to_owned())
            .bind(a.endpoints.shared_inbox.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.outbox.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.followers.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.endpoints.following.as_ref().map(|u| u.as_str().to_owned()))
            .bind(a.public_key_pem.clone())
            .bind(now.0)
            .bind(a.country.as_ref().map(|c| c.code().to_owned()))
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        // No row comes back when the URL belongs to a local actor: a remote
        // document must never overwrite one of ours.
        let row = row.ok_or_else(|| CoreError::Conflict(format!("{} is a local actor", a.url)))?;
        self.actor(ActorId(get_i64(&row, "id")?)).await
    }

    async fn private_key(&self, id: ActorId) -> R<String> {
        let row = q("SELECT private_key_pem FROM actors WHERE id = $1 AND local = 1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref()
            .map(|r| get_opt_str(r, "private_key_pem"))
            .transpose()?
            .flatten()
            .ok_or_else(|| CoreError::NotFound(format!("private key of actor {}", id.0)))
    }

    async fn create_token(
        &self,
        holder: &Principal,
        hash: &TokenHash,
        label: Option<&str>,
        scope: TokenScope,
    ) -> R<ApiToken> {
        let now = Timestamp::now();
        let row = q("INSERT INTO api_tokens (actor_id, role, token_hash, label, created_at, scope) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(holder.actor().map(|a| a.0))
        .bind(holder.role_name().to_owned())
        .bind(hash.as_str().to_owned())
        .bind(label.map(str::to_owned))
        .bind(now.0)
        .bind(scope.as_str().to_owned())
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(ApiToken {
            id: get_i64(&row, "id")?,
            holder: *holder,
            scope,
            label: label.map(str::to_owned),
            created_at: now,
            last_used_at: None,
        })
    }

    async fn token_holder(&self, hash: &TokenHash) -> R<Option<(Principal, TokenScope)>> {
        let row = q("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 RETURNING actor_id, role, scope")
            .bind(Timestamp::now().0)
            .bind(hash.as_str().to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(|r| Ok((holder_from_row(r)?, TokenScope::parse(&get_str(r, "scope")?)?))).transpose()
    }

    async fn tokens(&self, actor: Option<ActorId>) -> R<Vec<ApiToken>> {
        let query = match actor {
            Some(a) => q("SELECT id, actor_id, role, label, scope, created_at, last_used_at FROM api_tokens \
                          WHERE actor_id = $1 ORDER BY id")
            .bind(a.0),
            None => q("SELECT id, actor_id, role, label, scope, created_at, last_used_at FROM api_tokens \
                       WHERE actor_id IS NULL ORDER BY id"),
        };
        let rows = query.fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: get_i64(r, "id")?,
                    holder: holder_from_row(r)?,
                    scope: TokenScope::parse(&get_str(r, "scope")?)?,
                    label: get_opt_str(r, "label")?,
                    created_at: get_ts(r, "created_at")?,
                    last_used_at: get_opt_ts(r, "last_used_at")?,
                })
            })
            .collect()
    }

    #[tracing::instrument(name = "store.insert_practice", level = "debug", skip_all, fields(outgoing = outgoing.len()))]
    async fn insert_practice(&self, p: &NewPractice, outgoing: &[OutgoingActivity]) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let query = q(
            "INSERT INTO practices (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
                       translations, details, updated_at, key, ap_id, url, author_id, local, published_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
        );
        let row = bind_practice(query, p)
            .bind(p.key.clone())
            .bind(p.ap_id.as_str().to_owned())
            .bind(p.url.as_str().to_owned())
            .bind(p.author.0)
            .bind(bool_int(p.local))
            .bind(p.published_at.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
        let id = PracticeId(get_i64(&row, "id")?);
        index_text(&mut tx, self.dialect, id, p).await?;
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.update_practice", level = "debug", skip_all, fields(practice = id.0, outgoing = outgoing.len()))]
    async fn update_practice(&self, id: PracticeId, p: &NewPractice, outgoing: &[OutgoingActivity]) -> R<Practice> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let query = q(
            "UPDATE practices SET title = $1, summary = $2, content_markdown = $3, content_html = $4, language = $5, \
                       kind = $6, sdgs = $7, country = $8, translations = $9, details = $10, updated_at = $11 \
                       WHERE id = $12 AND deleted_at IS NULL",
        );
        let done = bind_practice(query, p).bind(id.0).execute(&mut *tx).await.map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound(format!("practice {}", id.0)));
        }
        index_text(&mut tx, self.dialect, id, p).await?;
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.upsert_remote_practice", level = "debug", skip_all)]
    async fn upsert_remote_practice(&self, p: &NewPractice) -> R<Practice> {
        let query = q(
            "INSERT INTO practices (title, summary, content_markdown, content_html, language, kind, sdgs, country, \
                       translations, details, updated_at, key, ap_id, url, author_id, local, published_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16) \
                       ON CONFLICT (ap_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, \
                       content_markdown = excluded.content_markdown, content_html = excluded.content_html, \
                       language = excluded.language, kind = excluded.kind, sdgs = excluded.sdgs, country = excluded.country, \
                       translations = excluded.translations, details = excluded.details, updated_at = excluded.updated_at, \
                       url = excluded.url, deleted_at = NULL \
                       WHERE practices.local = 0 AND practices.author_id = excluded.author_id AND practices.deleted_at IS NULL \
                       RETURNING id",
        );
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let row = bind_practice(query, p)
            .bind(p.key.clone())
            .bind(p.ap_id.as_str().to_owned())
            .bind(p.url.as_str().to_owned())
            .bind(p.author.0)
            .bind(p.published_at.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_err)?;
        // No row: the id belongs to a local practice, to another author, or
        // to a practice already deleted (a late Update must not resurrect it).
        let row = row.ok_or_else(|| CoreError::Conflict(format!("{} cannot be replaced", p.ap_id)))?;
        let id = PracticeId(get_i64(&row, "id")?);
        index_text(&mut tx, self.dialect, id, p).await?;
        tx.commit().await.map_err(map_err)?;
        self.practice(id).await
    }

    #[tracing::instrument(name = "store.delete_practice", level = "debug", skip_all, fields(practice = id.0, outgoing = outgoing.len()))]
    async fn delete_practice(&self, id: PracticeId, at: Timestamp, outgoing: &[OutgoingActivity]) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("UPDATE practices SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
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

    #[tracing::instrument(name = "store.search", level = "debug", skip_all, fields(limit = page.limit, with_facets))]
    async fn search(&self, query: &PracticeQuery, page: Page, with_facets: bool) -> R<SearchResults> {
        let want = Want { facets: with_facets, months: false };
        let found = self.index.run(&self.pool, self.dialect, query, page, want).await?;
        let practices = self.practices_by_ids(&found.ids).await?;
        Ok(SearchResults { practices, total: found.total, exact: found.exact, facets: found.facets })
    }

    async fn max_practice_id(&self) -> R<i64> {
        let row = q("SELECT MAX(id) AS n FROM practices").fetch_one(&self.pool).await.map_err(map_err)?;
        Ok(get_opt_i64(&row, "n")?.unwrap_or(0))
    }

    async fn counts_by_month(&self, query: &PracticeQuery) -> R<Vec<(String, i64)>> {
        let want = Want { facets: false, months: true };
        let found = self.index.run(&self.pool, self.dialect, query, Page::first(1), want).await?;
        Ok(found.months.unwrap_or_default())
    }

    #[tracing::instrument(name = "store.upsert_follow", level = "debug", skip_all)]
    async fn upsert_follow(
        &self,
        follower: ActorId,
        target: ActorId,
        state: FollowState,
        activity_id: Option<&Url>,
        outgoing: &[OutgoingActivity],
    ) -> R<Follow> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        q("INSERT INTO follows (follower_id, target_id, state, activity_id, created_at, updated_at) \
           VALUES ($1, $2, $3, $4, $5, $5) \
           ON CONFLICT (follower_id, target_id) DO UPDATE SET state = excluded.state, \
           activity_id = excluded.activity_id, updated_at = excluded.updated_at")
        .bind(follower.0)
        .bind(target.0)
        .bind(state.as_str().to_owned())
        .bind(activity_id.map(|u| u.as_str().to_owned()))
        .bind(now.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await?;
        self.follow(follower, target).await?.ok_or_else(|| CoreError::Internal("follow vanished after insert".into()))
    }

    async fn follow(&self, follower: ActorId, target: ActorId) -> R<Option<Follow>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.follower_id = $1 AND f.target_id = $2"
        ));
        let row = sqlx::query(sql).bind(follower.0).bind(target.0).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(follow_from_row).transpose()
    }

    async fn mark_relay_subscription(&self, follower: ActorId, target: ActorId) -> R<()> {
        let done = q("UPDATE follows SET relay = 1 WHERE follower_id = $1 AND target_id = $2")
            .bind(follower.0)
            .bind(target.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound("follow".into()));
        }
        Ok(())
    }

    async fn follow_by_activity(&self, activity_id: &Url) -> R<Option<Follow>> {
        let sql = AssertSqlSafe(format!("SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.activity_id = $1"));
        let row =
            sqlx::query(sql).bind(activity_id.as_str().to_owned()).fetch_optional(&self.pool).await.map_err(map_err)?;
        row.as_ref().map(follow_from_row).transpose()
    }

    async fn set_follow_state(
        &self,
        follower: ActorId,
        target: ActorId,
        state: FollowState,
        outgoing: &[OutgoingActivity],
    ) -> R<()> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("UPDATE follows SET state = $1, updated_at = $2 WHERE follower_id = $3 AND target_id = $4")
            .bind(state.as_str().to_owned())
            .bind(now.0)
            .bind(follower.0)
            .bind(target.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(CoreError::NotFound("follow".into()));
        }
        write_outgoing(&mut tx, outgoing, now).await?;
        self.commit_outgoing(tx, outgoing).await
    }

    async fn delete_follow(&self, follower: ActorId, target: ActorId, outgoing: &[OutgoingActivity]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = q("DELETE FROM follows WHERE follower_id = $1 AND target_id = $2")
            .bind(follower.0)
            .bind(target.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        write_outgoing(&mut tx, outgoing, Timestamp::now()).await?;
        self.commit_outgoing(tx, outgoing).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn followers(&self, target: ActorId, state: Option<FollowState>, page: Page) -> R<Vec<(Follow, Actor)>> {
        self.follow_list("f.target_id", "f.follower_id", target, state, page).await
    }

    async fn following(&self, follower: ActorId, state: Option<FollowState>, page: Page) -> R<Vec<(Follow, Actor)>> {
        self.follow_list("f.follower_id", "f.target_id", follower, state, page).await
    }

    async fn count_followers(&self, target: ActorId) -> R<i64> {
        let row = q("SELECT COUNT(*) AS n FROM follows WHERE target_id = $1 AND state = 'accepted'")
            .bind(target.0)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        get_i64(&row, "n")
    }

    async fn count_following(&self, follower: ActorId) -> R<i64> {
        let row = q("SELECT COUNT(*) AS n FROM follows WHERE follower_id = $1 AND state = 'accepted'")
            .bind(follower.0)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        get_i64(&row, "n")
    }

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

    async fn enqueue(&self, outgoing: &OutgoingActivity) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        write_outgoing(&mut tx, std::slice::from_ref(outgoing), Timestamp::now()).await?;
        self.commit_outgoing(tx, std::slice::from_ref(outgoing)).await
    }

    #[tracing::instrument(name = "store.claim_deliveries", level = "debug", skip_all)]
    async fn claim_deliveries(
        &self,
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
            "UPDATE deliveries SET lease_until = $1, updated_at = $2 WHERE id IN ( \
             SELECT id FROM deliveries{index} WHERE state IN ('queued', 'retrying') AND next_attempt_at <= $2 \
             AND (lease_until IS NULL OR lease_until <= $2) AND host NOT IN ({excluded}) \
             AND NOT EXISTS (SELECT 1 FROM remote_hosts h WHERE h.host = deliveries.host AND h.state = 'unreachable' AND h.next_probe_at > $2) \
             ORDER BY next_attempt_at, id LIMIT $3{lock}) \
             RETURNING id, inbox, host, attempts, \
             (SELECT o.ap_id FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS ap_id, \
             (SELECT o.actor_id FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS actor_id, \
             (SELECT o.body FROM outgoing_activities o WHERE o.id = deliveries.activity_id) AS body, \
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
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let mut claimed = rows.iter().map(delivery_from_row).collect::<R<Vec<_>>>()?;
        claimed.sort_by_key(|c| c.id);
        Ok(claimed)
    }

    async fn release_deliveries(&self, ids: &[DeliveryId]) -> R<()> {
        for id in ids {
            q("UPDATE deliveries SET lease_until = NULL WHERE id = $1")
                .bind(id.0)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
        }
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

    async fn remove_follows_of(&self, actor: ActorId) -> R<u64> {
        let done = q("DELETE FROM follows WHERE (follower_id = $1 OR target_id = $1) \
                      AND $1 IN (SELECT id FROM actors WHERE local = 0)")
        .bind(actor.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn remove_followers_by_inbox(&self, inbox: &Url) -> R<u64> {
        let done = q("DELETE FROM follows WHERE follower_id IN \
                      (SELECT id FROM actors WHERE local = 0 AND (inbox = $1 OR shared_inbox = $1))")
        .bind(inbox.as_str().to_owned())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected())
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
        let insert =
            q("INSERT INTO practice_relays (practice_id, actor_id, approved, relayed_at) VALUES ($1, $2, $3, $4) \
                        ON CONFLICT (practice_id, actor_id) DO NOTHING")
            .bind(practice.0)
            .bind(actor.0)
            .bind(bool_int(approved))
            .bind(at.0);
        self.insert_once_with(insert, outgoing).await
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
        let added = q(
            "INSERT INTO submissions (association_id, practice_id, state, received_at) VALUES ($1, $2, 'pending', $3) \
           ON CONFLICT (association_id, practice_id) DO NOTHING",
        )
        .bind(association.0)
        .bind(practice.0)
        .bind(at.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if added.rows_affected() > 0 {
            let pending =
                ModerationDecision { practice, association, state: SubmissionState::Pending, reason: None, at };
            write_moderation(&mut tx, &pending).await?;
        }
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
        let insert = q("INSERT INTO curated (curator_id, practice_id, added_at) VALUES ($1, $2, $3) \
                        ON CONFLICT (curator_id, practice_id) DO NOTHING")
        .bind(curator.0)
        .bind(practice.0)
        .bind(at.0);
        self.insert_once_with(insert, outgoing).await
    }

    async fn curated(&self, curator: ActorId, page: Page) -> R<Vec<Practice>> {
        let sql = AssertSqlSafe(format!(
            "SELECT {PRACTICE_COLUMNS} FROM curated c JOIN practices p ON p.id = c.practice_id \
             WHERE c.curator_id = $1 AND p.deleted_at IS NULL AND c.id < $2 ORDER BY c.id DESC LIMIT $3"
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

    async fn create_topic(
        &self,
        actor: &NewLocalActor,
        location: &LocalActorLocation,
        keys: &KeyPair,
        owner: ActorId,
        query: &str,
        cursor: i64,
    ) -> R<(Actor, Topic)> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let id = insert_local_actor(&mut tx, actor, location, keys).await?;
        q("INSERT INTO topics (actor_id, owner_id, query, cursor, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id.0)
            .bind(owner.0)
            .bind(query.to_owned())
            .bind(cursor)
            .bind(Timestamp::now().0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        let topic = self.topic(id).await?.ok_or_else(|| CoreError::NotFound(format!("topic {}", id.0)))?;
        Ok((self.actor(id).await?, topic))
    }

    async fn topics(&self) -> R<Vec<Topic>> {
        let rows = q("SELECT actor_id, owner_id, query, cursor, created_at FROM topics ORDER BY actor_id")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(topic_from_row).collect()
    }

    async fn topic(&self, actor: ActorId) -> R<Option<Topic>> {
        let row = q("SELECT actor_id, owner_id, query, cursor, created_at FROM topics WHERE actor_id = $1")
            .bind(actor.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(topic_from_row).transpose()
    }

    async fn delete_topic(&self, actor: ActorId, at: Timestamp, outgoing: &[OutgoingActivity]) -> R<bool> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        // Marking it deleted first makes two concurrent deletions one: the
        // second finds nothing to mark and queues nothing.
        let marked = q("UPDATE actors SET deleted_at = $2, updated_at = $2 \
                        WHERE id = $1 AND kind = 'topic' AND local = 1 AND deleted_at IS NULL")
        .bind(actor.0)
        .bind(at.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if marked.rows_affected() == 0 {
            return Ok(false);
        }
        // Its announces not sent yet are not sent after its Delete.
        q("DELETE FROM deliveries WHERE state IN ('queued', 'retrying') \
           AND activity_id IN (SELECT id FROM outgoing_activities WHERE actor_id = $1)")
        .bind(actor.0)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        // The Delete goes to the followers as they are now; then they go.
        write_outgoing(&mut tx, outgoing, at).await?;
        for sql in [
            "DELETE FROM follows WHERE follower_id = $1 OR target_id = $1",
            "DELETE FROM topic_announces WHERE topic_id = $1",
            "DELETE FROM topics WHERE actor_id = $1",
        ] {
            q(sql).bind(actor.0).execute(&mut *tx).await.map_err(map_err)?;
        }
        self.commit_outgoing(tx, outgoing).await?;
        Ok(true)
    }

    async fn record_topic_announce(
        &self,
        topic: ActorId,
        practice: PracticeId,
        at: Timestamp,
        outgoing: &[OutgoingActivity],
    ) -> R<bool> {
        // Only for a topic that still exists (it may be deleted meanwhile).
        let insert = q("INSERT INTO topic_announces (topic_id, practice_id, announced_at) \
                        SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM topics WHERE actor_id = $1) \
                        ON CONFLICT (topic_id, practice_id) DO NOTHING")
        .bind(topic.0)
        .bind(practice.0)
        .bind(at.0);
        self.insert_once_with(insert, outgoing).await
    }

    async fn set_topic_cursor(&self, topic: ActorId, cursor: i64) -> R<()> {
        q("UPDATE topics SET cursor = $1 WHERE actor_id = $2 AND cursor < $1")
            .bind(cursor)
            .bind(topic.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn domain_rules(&self) -> R<Vec<DomainRule>> {
        let rows = q("SELECT domain, rule, note, created_at FROM domain_rules ORDER BY domain")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(domain_rule_from_row).collect()
    }

    async fn rules_for(&self, domains: &[String]) -> R<Vec<DomainRuleKind>> {
        if domains.is_empty() {
            return Ok(Vec::new());
        }
        let pick = |rules: &std::collections::HashMap<String, DomainRuleKind>| {
            domains.iter().filter_map(|d| rules.get(d).copied()).collect::<Vec<_>>()
        };
        let generation = {
            let cache = self.domain_rules.lock().map_err(|_| CoreError::Internal("domain rule cache".into()))?;
            if let Some((loaded, rules)) = &cache.rules
                && loaded.elapsed() < crate::DOMAIN_RULES_TTL
            {
                return Ok(pick(rules));
            }
            cache.generation
        };
        let rows = q("SELECT domain, rule, note, created_at FROM domain_rules")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let rules = rows
            .iter()
            .map(|r| domain_rule_from_row(r).map(|d| (d.domain, d.rule)))
            .collect::<R<std::collections::HashMap<_, _>>>()?;
        let found = pick(&rules);
        if let Ok(mut cache) = self.domain_rules.lock()
            && cache.generation == generation
        {
            cache.rules = Some((std::time::Instant::now(), rules));
        }
        Ok(found)
    }

    async fn set_domain_rule(&self, domain: &str, rule: DomainRuleKind, note: Option<&str>) -> R<DomainRule> {
        let domain = normalize_domain(domain)?;
        q("INSERT INTO domain_rules (domain, rule, note, created_at) VALUES ($1, $2, $3, $4) \
           ON CONFLICT (domain) DO UPDATE SET rule = excluded.rule, note = excluded.note")
        .bind(domain.clone())
        .bind(rule.as_str().to_owned())
        .bind(note.map(str::to_owned))
        .bind(Timestamp::now().0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        self.domain_rules_changed();
        let row = q("SELECT domain, rule, note, created_at FROM domain_rules WHERE domain = $1")
            .bind(domain)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        domain_rule_from_row(&row)
    }

    async fn delete_domain_rule(&self, domain: &str) -> R<bool> {
        let domain = normalize_domain(domain)?;
        let done =
            q("DELETE FROM domain_rules WHERE domain = $1").bind(domain).execute(&self.pool).await.map_err(map_err)?;
        self.domain_rules_changed();
        Ok(done.rows_affected() > 0)
    }

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
        q("INSERT INTO feed_items (source_id, guid, practice_id, content_hash, seen_at) VALUES ($1, $2, $3, $4, $5) \
           ON CONFLICT (source_id, guid) DO UPDATE SET practice_id = excluded.practice_id, \
           content_hash = excluded.content_hash, seen_at = excluded.seen_at")
        .bind(source.0)
        .bind(guid.to_owned())
        .bind(practice.0)
        .bind(hash.to_owned())
        .bind(at.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn feed_items(&self, source: FeedSourceId) -> R<Vec<(String, PracticeId)>> {
        let rows = q("SELECT guid, practice_id FROM feed_items WHERE source_id = $1 ORDER BY id")
            .bind(source.0)
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(|r| Ok((get_str(r, "guid")?, PracticeId(get_i64(r, "practice_id")?)))).collect()
    }

    async fn create_admin_user(&self, holder: &Principal, login: &str, password_hash: &str) -> R<AdminUser> {
        let row = q("INSERT INTO admin_users (actor_id, role, login, password_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(holder.actor().map(|a| a.0))
        .bind(holder.role_name().to_owned())
        .bind(login.to_owned())
        .bind(password_hash.to_owned())
        .bind(Timestamp::now().0)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match map_err(e) {
            CoreError::Conflict(_) => CoreError::Conflict(format!("the login '{login}' is taken")),
            other => other,
        })?;
        Ok(AdminUser { id: get_i64(&row, "id")?, holder: *holder, login: login.to_owned() })
    }

    async fn admin_users(&self) -> R<Vec<AdminUser>> {
        let rows = q("SELECT id, actor_id, role, login, login AS extra FROM admin_users ORDER BY login")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(|r| admin_user_with(r, "extra").map(|(u, _)| u)).collect()
    }

    async fn admin_user_by_login(&self, login: &str) -> R<Option<(AdminUser, String)>> {
        let row = q("SELECT id, actor_id, role, login, password_hash FROM admin_users WHERE login = $1")
            .bind(login.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(|r| admin_user_with(r, "password_hash")).transpose()
    }

    async fn create_session(&self, user: i64, token_hash: &TokenHash, csrf: &str, expires_at: Timestamp) -> R<()> {
        q("INSERT INTO admin_sessions (token_hash, user_id, csrf, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash.as_str().to_owned())
            .bind(user)
            .bind(csrf.to_owned())
            .bind(expires_at.0)
            .bind(Timestamp::now().0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn session(&self, token_hash: &TokenHash, now: Timestamp) -> R<Option<(AdminUser, String)>> {
        let row =
            q("SELECT u.id, u.actor_id, u.role, u.login, s.csrf FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2")
            .bind(token_hash.as_str().to_owned())
            .bind(now.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(|r| admin_user_with(r, "csrf")).transpose()
    }

    async fn delete_session(&self, token_hash: &TokenHash) -> R<()> {
        q("DELETE FROM admin_sessions WHERE token_hash = $1")
            .bind(token_hash.as_str().to_owned())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    // ----------------------------------------------------------- node profile (migration 0021)

    async fn node_profile(&self) -> R<ecities_core::node::NodeProfile> {
        let row = q("SELECT name, description, logo_url FROM node_profile WHERE id = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        let Some(row) = row else { return Ok(Default::default()) };
        Ok(ecities_core::node::NodeProfile {
            name: get_opt_str(&row, "name")?,
            description: get_opt_str(&row, "description")?,
            // Stored only after validation; a row that no longer passes
            // (edited by hand) shows no logo rather than a bad one.
            logo: get_opt_str(&row, "logo_url")?.and_then(|l| ecities_core::node::LogoUrl::parse(&l).ok()),
        })
    }

    async fn set_node_profile(&self, profile: &ecities_core::node::NodeProfile) -> R<()> {
        q("INSERT INTO node_profile (id, name, description, logo_url, updated_at) VALUES (1, $1, $2, $3, $4) \
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
           logo_url = excluded.logo_url, updated_at = excluded.updated_at")
        .bind(profile.name.clone())
        .bind(profile.description.clone())
        .bind(profile.logo.as_ref().map(|l| l.as_str().to_owned()))
        .bind(Timestamp::now().0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

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

impl SqlStore {
    /// Drops the cached domain rules (a change was written through this store).
    fn domain_rules_changed(&self) {
        if let Ok(mut cache) = self.domain_rules.lock() {
            cache.generation += 1;
            cache.rules = None;
        }
    }

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

    /// Commits a transaction that wrote `outgoing` and, if it queued
    /// anything, wakes the delivery worker waiting on
    /// [`SqlStore::deliveries_queued`].
    async fn commit_outgoing(&self, tx: sqlx::Transaction<'_, Any>, outgoing: &[OutgoingActivity]) -> R<()> {
        tx.commit().await.map_err(map_err)?;
        if !outgoing.is_empty() {
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
            .fetch_all(&self.pool)
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

    async fn follow_list(
        &self,
        self_col: &'static str,
        other_col: &'static str,
        actor: ActorId,
        state: Option<FollowState>,
        page: Page,
    ) -> R<Vec<(Follow, Actor)>> {
        let sql = format!(
            "SELECT {FOLLOW_COLUMNS}, {ACTOR_COLUMNS} FROM follows f JOIN actors a ON a.id = {other_col} \
             WHERE {self_col} = $1 AND ($2 = '' OR f.state = $2) AND f.id < $3 ORDER BY f.id DESC LIMIT $4"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(actor.0)
            .bind(state.map(|s| s.as_str()).unwrap_or("").to_owned())
            .bind(page_before(page))
            .bind(page_limit(page))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter().map(|r| Ok((follow_from_row(r)?, actor_from_row(r)?))).collect()
    }
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
    })
}

/// `$start, $start+1, …` for an IN list of `n` values.
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

fn placeholders(start: usize, n: usize) -> String {
    if n == 0 {
        return "NULL".into();
    }
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

const FEED_SOURCE_COLUMNS: &str = "id, actor_id, url, options, delete_missing, etag, last_modified, polls, \
     last_polled_at, last_success_at, last_error, last_error_at, items_imported, archive_next, created_at";

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

/// An admin user and one more text column of the same row (its password
/// hash, or its session's CSRF token).
fn admin_user_with(row: &AnyRow, extra: &str) -> R<(AdminUser, String)> {
    let user = AdminUser { id: get_i64(row, "id")?, holder: holder_from_row(row)?, login: get_str(row, "login")? };
    Ok((user, get_str(row, extra)?))
}

/// The operator, or an editor or moderator of `actor_id` (tokens, users).
fn holder_from_row(row: &AnyRow) -> R<Principal> {
    Principal::from_stored(&get_str(row, "role")?, get_opt_i64(row, "actor_id")?.map(ActorId))
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

fn domain_rule_from_row(row: &AnyRow) -> R<DomainRule> {
    let rule = get_str(row, "rule")?;
    Ok(DomainRule {
        domain: get_str(row, "domain")?,
        rule: rule.parse().map_err(|_| CoreError::Storage(format!("unknown domain rule {rule}")))?,
        note: get_opt_str(row, "note")?,
        created_at: get_ts(row, "created_at")?,
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
