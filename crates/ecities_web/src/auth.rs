//! Admin sign-in: Argon2id password hashes, session cookies (random
//! tokens stored hashed), and CSRF tokens bound to the session (forms) or
//! to a cookie (the sign-in form itself, before any session exists).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use ecities_core::CoreError;
use ecities_core::access::{Need, Principal};
use ecities_core::actor::Actor;
use ecities_core::store::AdminUser;
use ecities_core::time::Timestamp;
use ecities_core::token::TokenHash;

use crate::AppState;
use crate::error::ApiError;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// How long a session lasts without signing in again (12 hours: a
/// working day, not a week on a shared town-hall computer).
pub const SESSION_MS: i64 = 12 * 3_600_000;
pub const SESSION_COOKIE: &str = "ecities_session";
pub const LOGIN_CSRF_COOKIE: &str = "ecities_login_csrf";

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, CoreError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(CoreError::invalid("password", format!("must be at least {MIN_PASSWORD_CHARS} characters")));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Internal(format!("password hashing failed: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Password hashes checked at the same time, at most (each takes ~20 ms
/// of one core and 19 MiB): sign-ins queue rather than starve the server.
pub const CONCURRENT_HASHES: usize = 2;
/// How long a sign-in waits for a hashing slot before it is told to retry.
pub const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// An Argon2id hash of a random, forgotten password, with the parameters
/// real hashes get (`Argon2::default()`: m=19456 KiB, t=2, p=1): an unknown
/// login is checked against it, so it costs what a known one costs. A
/// constant, not computed at start: hashing once would cost 19 MiB of
/// memory the allocator keeps (a test keeps the parameters in step).
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$FaOANWTELNw+KSL5nvMV9Q$ohNWo1tz4TrNTlkR7SxakURlmcsi562h2Ae1vhg9SwM";

fn dummy_hash() -> &'static str {
    DUMMY_HASH
}

/// The same work whether the login exists or not: `None` verifies against
/// the dummy hash and always fails.
pub fn verify_login(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(h) => verify_password(password, h),
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    }
}

/// Runs Argon2 away from the async workers, at most
/// [`CONCURRENT_HASHES`] at a time.
pub struct PasswordChecker {
    slots: tokio::sync::Semaphore,
}

impl Default for PasswordChecker {
    fn default() -> Self {
        Self { slots: tokio::sync::Semaphore::new(CONCURRENT_HASHES) }
    }
}

/// No hashing slot came free within [`HASH_WAIT`].
#[derive(Debug)]
pub struct Busy;

impl PasswordChecker {
    /// [`verify_login`] on a blocking thread.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, Busy> {
        let _permit =
            tokio::time::timeout(HASH_WAIT, self.slots.acquire()).await.map_err(|_| Busy)?.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(move || verify_login(&password, hash.as_deref())).await.map_err(|_| Busy)
    }
}

/// What guards the sign-in form: the throttle and the hashing slots.
#[derive(Default)]
pub struct SignInGuard {
    pub throttle: crate::throttle::LoginThrottle,
    pub checker: PasswordChecker,
}

impl SignInGuard {
    pub fn new() -> Self {
        Self::default()
    }
}

/// 32 random bytes as hex.
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// A cookie's value from the request headers.
pub fn cookie(parts: &axum::http::HeaderMap, name: &str) -> Option<String> {
    parts
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// `Set-Cookie` for our cookies: HttpOnly, SameSite=Strict, Secure on https.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age_secs: i64) -> String {
    let secure = if state.urls.base().scheme() == "https" { "; Secure" } else { "" };
    format!("{name}={value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}")
}

/// A signed-in admin user: the user (its role is `user.holder`), the actor
/// it acts for (none for the node operator), and the CSRF token every form
/// of this session must carry.
pub struct Editor {
    pub user: AdminUser,
    pub actor: Option<Actor>,
    pub csrf: String,
    pub session: TokenHash,
}

impl Editor {
    pub fn who(&self) -> &Principal {
        &self.user.holder
    }

    /// The actor this user acts for when its role allows `need` there;
    /// 403 `forbidden` otherwise (the rule is `ecities_core::access`).
    pub fn acting(&self, need: Need) -> Result<&Actor, CoreError> {
        ecities_core::access::acting(self.who(), self.actor.as_ref(), need)
    }

    /// Refuses a form whose CSRF token is missing or wrong.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), ApiError> {
        match sent {
            Some(t) if constant_time_eq(t.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "csrf_failed",
                "the form has expired or did not come from this site; reload the page and try again",
            )),
        }
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Rejection for pages that need a session: a redirect to the sign-in page.
pub struct SignInFirst;

impl axum::response::IntoResponse for SignInFirst {
    fn into_response(self) -> axum::response::Response {
        (StatusCode::SEE_OTHER, [(header::LOCATION, "/admin/login")]).into_response()
    }
}

impl FromRequestParts<AppState> for Editor {
    type Rejection = SignInFirst;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, SignInFirst> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(SignInFirst)?;
        let hash = TokenHash::of(&token);
        let (user, csrf) = state.store.session(&hash, Timestamp::now()).await.ok().flatten().ok_or(SignInFirst)?;
        let actor = match user.holder.actor() {
            Some(id) => Some(state.store.actor(id).await.map_err(|_| SignInFirst)?),
            None => None,
        };
        Ok(Self { user, actor, csrf, session: hash })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_costs_what_a_real_hash_costs() {
        let real = hash_password("a long enough password").expect("hash");
        let params = |phc: &str| {
            let h = PasswordHash::new(phc).expect("PHC string");
            (h.algorithm.to_string(), h.version, h.params.to_string())
        };
        assert_eq!(params(DUMMY_HASH), params(&real));
        assert!(!verify_login("anything", None));
    }

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn unknown_logins_cost_what_known_ones_cost() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(!verify_login("correct horse battery", None));
        assert!(verify_login("correct horse battery", Some(&h)));
        // Interleaved, and the fastest of each kept: other work on the
        // machine slows both alike and cannot make one look cheap.
        let time = |hash: Option<&str>| {
            let start = std::time::Instant::now();
            verify_login("wrong horse battery", hash);
            start.elapsed().as_micros()
        };
        let (mut known, mut unknown) = (u128::MAX, u128::MAX);
        for _ in 0..9 {
            known = known.min(time(Some(&h)));
            unknown = unknown.min(time(None));
        }
        eprintln!("wrong password: known login {known} µs, unknown login {unknown} µs");
        assert!(unknown * 2 > known && known * 2 > unknown, "known {known} µs, unknown {unknown} µs");
    }

    #[tokio::test]
    async fn the_checker_runs_off_the_async_workers() {
        let checker = PasswordChecker::default();
        let h = hash_password("correct horse battery").expect("hash");
        assert!(matches!(checker.verify("correct horse battery".into(), Some(h)).await, Ok(true)));
        assert!(matches!(checker.verify("x".into(), None).await, Ok(false)));
    }

    #[test]
    fn cookies_are_read_from_any_position() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::COOKIE, "a=1; ecities_session=abc; b=2".parse().expect("header"));
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
    }
}
