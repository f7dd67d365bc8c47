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

impl crate::SqlStore {
    /// Records migration `version` as applied, as a newer ecities would
    /// (tests of the "newer schema" refusal).
    pub async fn record_foreign_migration_for_tests(&self, version: i64) -> Result<(), ecities_core::CoreError> {
        let checksum = match self.dialect() {
            crate::Dialect::Sqlite => "X'00'",
            crate::Dialect::Postgres => "'\\x00'::bytea",
        };
        let sql = format!(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ($1, 'from a newer ecities', TRUE, {checksum}, 0)"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(version).execute(self.pool()).await.map_err(crate::map_err)?;
        Ok(())
    }
}

impl crate::SqlStore {
    /// Replaces a local actor's public key (tests of `ecities doctor`).
    pub async fn replace_public_key_for_tests(
        &self,
        name: &str,
        public_pem: &str,
    ) -> Result<(), ecities_core::CoreError> {
        sqlx::query("UPDATE actors SET public_key_pem = $1 WHERE name = $2 AND local = 1")
            .bind(public_pem.to_owned())
            .bind(name.to_owned())
            .execute(self.pool())
            .await
            .map_err(crate::map_err)?;
        Ok(())
    }
}
