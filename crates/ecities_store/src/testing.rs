//! Fresh, isolated databases for tests: a temporary SQLite file, or a new
//! PostgreSQL database on the server named by `ECITIES_TEST_POSTGRES_URL`.

use sqlx::{Connection, Executor};

use crate::connect::ConnectError;

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_TEST_ENV: &str = "ECITIES_TEST_POSTGRES_URL";

/// The PostgreSQL server URL for tests, if configured.
pub fn postgres_test_url() -> Option<String> {
    std::env::var(POSTGRES_TEST_ENV).ok().filter(|u| !u.trim().is_empty())
}

/// A database created for one test and dropped by [`TestDatabase::drop_database`].
pub struct TestDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

impl TestDatabase {
    /// Creates `ecities_test_<random>` on the server of `admin_url`.
    pub async fn create_postgres(admin_url: &str) -> Result<Self, ConnectError> {
        let name = format!("ecities_test_{}", random_suffix());
        let mut conn = sqlx::PgConnection::connect(admin_url)
            .await
            .map_err(|e| ConnectError::Postgres { target: admin_url.to_owned(), reason: e.to_string() })?;
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .await
            .map_err(|e| ConnectError::Postgres { target: admin_url.to_owned(), reason: e.to_string() })?;
        let mut url = url::Url::parse(admin_url)
            .map_err(|e| ConnectError::Postgres { target: admin_url.to_owned(), reason: e.to_string() })?;
        url.set_path(&format!("/{name}"));
        Ok(Self { url: url.to_string(), admin_url: admin_url.to_owned(), name })
    }

    /// Drops the database (best effort: a leftover test database is harmless).
    pub async fn drop_database(self) {
        if let Ok(mut conn) = sqlx::PgConnection::connect(&self.admin_url).await {
            let _ = conn
                .execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)))
                .await;
        }
    }
}

fn random_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}_{}_{}", std::process::id(), nanos % 1_000_000_000_000, n)
}
