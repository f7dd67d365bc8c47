//! Who acts: API tokens, admin users and sessions.

use ecities_core::CoreError;
use ecities_core::access::Principal;
use ecities_core::actor::ActorId;
use ecities_core::store::{AccessStore, AdminUser};
use ecities_core::time::Timestamp;
use ecities_core::token::{ApiToken, TokenHash, TokenScope};
use sqlx::any::AnyRow;

use crate::rows::*;
use crate::{SqlStore, map_err};

use super::q;

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

fn token_from_row(r: &AnyRow) -> R<ApiToken> {
    Ok(ApiToken {
        id: get_i64(r, "id")?,
        holder: holder_from_row(r)?,
        scope: TokenScope::parse(&get_str(r, "scope")?)?,
        label: get_opt_str(r, "label")?,
        created_at: get_ts(r, "created_at")?,
        last_used_at: get_opt_ts(r, "last_used_at")?,
    })
}

#[async_trait::async_trait]
impl AccessStore for SqlStore {
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
        rows.iter().map(token_from_row).collect()
    }

    async fn token(&self, id: i64) -> R<Option<ApiToken>> {
        let row = q("SELECT id, actor_id, role, label, scope, created_at, last_used_at FROM api_tokens WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn delete_token(&self, id: i64) -> R<bool> {
        let done = q("DELETE FROM api_tokens WHERE id = $1").bind(id).execute(&self.pool).await.map_err(map_err)?;
        Ok(done.rows_affected() > 0)
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

    async fn delete_admin_user(&self, id: i64) -> R<bool> {
        // Sessions first: SQLite enforces the cascade only with foreign keys on.
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        q("DELETE FROM admin_sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await.map_err(map_err)?;
        let done = q("DELETE FROM admin_users WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        Ok(done.rows_affected() > 0)
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
}
