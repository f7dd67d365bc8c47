//! Who acts: API tokens, admin users and their sign-in sessions, each
//! holding a [`Principal`].

use crate::access::Principal;
use crate::actor::ActorId;
use crate::error::CoreResult;
use crate::time::Timestamp;
use crate::token::{ApiToken, TokenHash, TokenScope};

/// A person who signs in to `/admin`: the node operator, or an editor or
/// moderator of one local actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUser {
    pub id: i64,
    pub holder: Principal,
    pub login: String,
}

/// Tokens, admin users and sessions (SQL: `ecities_store/src/sql/access.rs`).
#[async_trait::async_trait]
pub trait AccessStore: Send + Sync + 'static {
    async fn create_token(
        &self,
        holder: &Principal,
        hash: &TokenHash,
        label: Option<&str>,
        scope: TokenScope,
    ) -> CoreResult<ApiToken>;
    /// Who holds a token and its scope, if the token is known; records its
    /// use.
    async fn token_holder(&self, hash: &TokenHash) -> CoreResult<Option<(Principal, TokenScope)>>;
    /// The tokens of one actor (any role), or the operator's (`None`).
    async fn tokens(&self, actor: Option<ActorId>) -> CoreResult<Vec<ApiToken>>;
    /// One token by its id (never its secret), if it exists.
    async fn token(&self, id: i64) -> CoreResult<Option<ApiToken>>;
    /// Revokes a token: it no longer authenticates. `false` when it was gone.
    async fn delete_token(&self, id: i64) -> CoreResult<bool>;

    /// Fails with `Conflict` when the login is taken.
    async fn create_admin_user(&self, holder: &Principal, login: &str, password_hash: &str) -> CoreResult<AdminUser>;
    /// Every admin user, by login.
    async fn admin_users(&self) -> CoreResult<Vec<AdminUser>>;
    /// Removes a user and ends its sessions. `false` when it was gone.
    async fn delete_admin_user(&self, id: i64) -> CoreResult<bool>;
    /// The user and its password hash.
    async fn admin_user_by_login(&self, login: &str) -> CoreResult<Option<(AdminUser, String)>>;
    async fn create_session(
        &self,
        user: i64,
        token_hash: &TokenHash,
        csrf: &str,
        expires_at: Timestamp,
    ) -> CoreResult<()>;
    /// The user and CSRF token of a live session.
    async fn session(&self, token_hash: &TokenHash, now: Timestamp) -> CoreResult<Option<(AdminUser, String)>>;
    async fn delete_session(&self, token_hash: &TokenHash) -> CoreResult<()>;
}
