//! Adoptions and reactions (migration 0028). The adoptions a stored
//! practice names are written by [`write_adoptions`], inside the
//! transaction that stores the practice (`sql/practices.rs`).

use ecities_core::actor::ActorId;
use ecities_core::practice::{NewPractice, PracticeId};
use ecities_core::store::{
    AdoptedPractice, Adoption, AdoptionFlow, AdoptionNotice, AdoptionSummary, EngagedPractice, EngagementStore,
    EngagementSummary, ReactionKind, Reactions,
};
use ecities_core::taxonomy::Country;
use ecities_core::time::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe};
use url::Url;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::{json_array, json_ids, json_strings, q};

/// Replaces the adoptions of practice `p` with those its `adopted_from`
/// names (inside the caller's transaction).
pub(super) async fn write_adoptions(conn: &mut AnyConnection, p: &NewPractice) -> R<()> {
    clear_adoptions(conn, p.ap_id.as_str()).await?;
    for source in &p.details.adopted_from {
        q("INSERT INTO adoptions (adopting_id, source_url, adopter_id, title, country, adopted_at) \
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (adopting_id, source_url) DO NOTHING")
        .bind(p.ap_id.as_str().to_owned())
        .bind(source.as_str().to_owned())
        .bind(p.author.0)
        .bind(p.title.clone())
        .bind(p.country.as_ref().map(|c| c.code().to_owned()))
        .bind(p.published_at.0)
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    }
    Ok(())
}

/// Forgets the adoptions of the practice with id `adopting` (inside the
/// caller's transaction): it was deleted, or is being rewritten.
pub(super) async fn clear_adoptions(conn: &mut AnyConnection, adopting: &str) -> R<()> {
    q("DELETE FROM adoptions WHERE adopting_id = $1")
        .bind(adopting.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// A stored country code, or none when it is no longer a known one.
fn country(row: &sqlx::any::AnyRow, col: &str) -> R<Option<Country>> {
    Ok(get_opt_str(row, col)?.and_then(|c| Country::parse(&c).ok()))
}

#[async_trait::async_trait]
impl EngagementStore for SqlStore {
    async fn add_reaction(
        &self,
        practice: PracticeId,
        actor: ActorId,
        kind: ReactionKind,
        activity: &Url,
        at: Timestamp,
    ) -> R<bool> {
        let done = q("INSERT INTO reactions (practice_id, actor_id, kind, activity_id, created_at) \
                      VALUES ($1, $2, $3, $4, $5) ON CONFLICT (practice_id, actor_id, kind) DO NOTHING")
        .bind(practice.0)
        .bind(actor.0)
        .bind(kind.as_str())
        .bind(activity.as_str().to_owned())
        .bind(at.0)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn remove_reaction(&self, practice: PracticeId, actor: ActorId, kind: ReactionKind) -> R<bool> {
        let done = q("DELETE FROM reactions WHERE practice_id = $1 AND actor_id = $2 AND kind = $3")
            .bind(practice.0)
            .bind(actor.0)
            .bind(kind.as_str())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn remove_reaction_by_activity(&self, actor: ActorId, activity: &Url) -> R<bool> {
        let done = q("DELETE FROM reactions WHERE actor_id = $1 AND activity_id = $2")
            .bind(actor.0)
            .bind(activity.as_str().to_owned())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn reactions(&self, practices: &[PracticeId]) -> R<Vec<(PracticeId, Reactions)>> {
        if practices.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT practice_id, COUNT(CASE WHEN kind = 'like' THEN 1 END) AS likes, \
             COUNT(CASE WHEN kind = 'boost' THEN 1 END) AS boosts \
             FROM reactions WHERE practice_id IN ({}) GROUP BY practice_id",
            json_ids(self.dialect, 1)
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(json_array(practices.iter().map(|p| p.0)))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.iter()
            .map(|r| {
                Ok((
                    PracticeId(get_i64(r, "practice_id")?),
                    Reactions { likes: get_i64(r, "likes")?, boosts: get_i64(r, "boosts")? },
                ))
            })
            .collect()
    }

    async fn engagement_summary(&self, limit: u32) -> R<EngagementSummary> {
        let row = q("SELECT COUNT(CASE WHEN r.kind = 'like' THEN 1 END) AS likes, \
                     COUNT(CASE WHEN r.kind = 'boost' THEN 1 END) AS boosts \
                     FROM reactions r JOIN practices p ON p.id = r.practice_id WHERE p.deleted_at IS NULL")
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        let totals = Reactions { likes: get_i64(&row, "likes")?, boosts: get_i64(&row, "boosts")? };
        let rows = q("SELECT p.ap_id, p.title, COUNT(CASE WHEN r.kind = 'like' THEN 1 END) AS likes, \
                      COUNT(CASE WHEN r.kind = 'boost' THEN 1 END) AS boosts, COUNT(*) AS n \
                      FROM reactions r JOIN practices p ON p.id = r.practice_id WHERE p.deleted_at IS NULL \
                      GROUP BY p.id, p.ap_id, p.title ORDER BY n DESC, p.id DESC LIMIT $1")
        .bind(i64::from(limit.clamp(1, ecities_core::store::MAX_PAGE_SIZE)))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let top = rows
            .iter()
            .map(|r| {
                Ok(EngagedPractice {
                    practice: get_url(r, "ap_id")?,
                    title: get_str(r, "title")?,
                    reactions: Reactions { likes: get_i64(r, "likes")?, boosts: get_i64(r, "boosts")? },
                })
            })
            .collect::<R<_>>()?;
        Ok(EngagementSummary { totals, top })
    }

    async fn record_adoption_notice(&self, notice: &AdoptionNotice) -> R<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        clear_adoptions(&mut tx, notice.practice.as_str()).await?;
        for source in &notice.sources {
            q("INSERT INTO adoptions (adopting_id, source_url, adopter_id, title, country, adopted_at) \
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (adopting_id, source_url) DO NOTHING")
            .bind(notice.practice.as_str().to_owned())
            .bind(source.as_str().to_owned())
            .bind(notice.adopter.0)
            .bind(notice.title.clone())
            .bind(notice.country.as_ref().map(|c| c.code().to_owned()))
            .bind(notice.at.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)
    }

    async fn remove_adoptions(&self, adopting: &Url, adopter: ActorId) -> R<u64> {
        let done = q("DELETE FROM adoptions WHERE adopting_id = $1 AND adopter_id = $2")
            .bind(adopting.as_str().to_owned())
            .bind(adopter.0)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn adopted_by(&self, urls: &[Url]) -> R<Vec<Adoption>> {
        let sql = format!(
            "SELECT DISTINCT d.adopting_id, d.title, COALESCE(d.country, a.country) AS country, d.adopted_at, \
             a.url AS actor_url, COALESCE(a.display_name, a.name) AS actor_name \
             FROM adoptions d JOIN actors a ON a.id = d.adopter_id \
             WHERE d.source_url IN ({}) ORDER BY d.adopted_at, d.adopting_id",
            json_strings(self.dialect, 1)
        );
        let list =
            serde_json::to_string(&urls.iter().map(Url::as_str).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into());
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(list).fetch_all(&self.pool).await.map_err(map_err)?;
        rows.iter()
            .map(|r| {
                Ok(Adoption {
                    practice: get_url(r, "adopting_id")?,
                    actor: get_url(r, "actor_url")?,
                    actor_name: get_str(r, "actor_name")?,
                    title: get_str(r, "title")?,
                    country: country(r, "country")?,
                    at: get_ts(r, "adopted_at")?,
                })
            })
            .collect()
    }

    async fn adoption_summary(&self, limit: u32) -> R<AdoptionSummary> {
        let limit = i64::from(limit.clamp(1, ecities_core::store::MAX_PAGE_SIZE));
        let total =
            get_i64(&q("SELECT COUNT(*) AS n FROM adoptions").fetch_one(&self.pool).await.map_err(map_err)?, "n")?;
        // The adopted practice's country: the copy this node holds (by id
        // or page URL), else its author's.
        const SOURCE: &str = "LEFT JOIN practices s ON s.ap_id = d.source_url OR s.url = d.source_url \
                              LEFT JOIN actors sa ON sa.id = s.author_id";
        let flows_sql = format!(
            "SELECT COALESCE(s.country, sa.country) AS from_country, COALESCE(d.country, a.country) AS to_country, \
             COUNT(*) AS n FROM adoptions d JOIN actors a ON a.id = d.adopter_id {SOURCE} \
             WHERE COALESCE(s.country, sa.country) IS NOT NULL AND COALESCE(d.country, a.country) IS NOT NULL \
             GROUP BY COALESCE(s.country, sa.country), COALESCE(d.country, a.country) \
             ORDER BY n DESC, from_country, to_country LIMIT $1"
        );
        let rows = sqlx::query(AssertSqlSafe(flows_sql)).bind(limit).fetch_all(&self.pool).await.map_err(map_err)?;
        let mut flows = Vec::new();
        for r in &rows {
            if let (Some(from), Some(to)) = (country(r, "from_country")?, country(r, "to_country")?) {
                flows.push(AdoptionFlow { from, to, count: get_i64(r, "n")? });
            }
        }
        let most_sql = format!(
            "SELECT d.source_url, MAX(s.title) AS title, MAX(COALESCE(s.country, sa.country)) AS country, \
             COUNT(DISTINCT d.adopting_id) AS n FROM adoptions d {SOURCE} \
             GROUP BY d.source_url ORDER BY n DESC, d.source_url LIMIT $1"
        );
        let rows = sqlx::query(AssertSqlSafe(most_sql)).bind(limit).fetch_all(&self.pool).await.map_err(map_err)?;
        let most_adopted = rows
            .iter()
            .map(|r| {
                Ok(AdoptedPractice {
                    practice: get_url(r, "source_url")?,
                    title: get_opt_str(r, "title")?,
                    country: country(r, "country")?,
                    count: get_i64(r, "n")?,
                })
            })
            .collect::<R<_>>()?;
        Ok(AdoptionSummary { total, flows, most_adopted })
    }
}
