//! Storage for ecities: one [`SqlStore`] over SQLite (the embedded default,
//! WAL mode) or PostgreSQL, chosen by the scheme of the database URL.
//!
//! Both backends go through sqlx's `Any` driver, so the SQL is shared and
//! written in the common dialect (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`); the few places that differ branch on [`Dialect`]. Values are
//! kept portable: timestamps are epoch milliseconds (`BIGINT`), booleans are
//! 0/1 integers, lists and nested structures are JSON text.
//!
//! sqlx errors never leave this crate: [`map_err`] turns them into
//! `CoreError` once (unique violation → `Conflict`, anything else →
//! `Storage`).

pub mod blobs;
mod connect;
mod rows;
mod search_index;
mod sql;
pub mod testing;

use ecities_core::CoreError;
use sqlx::AnyPool;

pub use connect::{
    ConnectError, DEFAULT_SQLITE_READERS, DatabaseUrl, Dialect, MigrationStatus, StoreOptions, connect, connect_with,
    migrate, migration_status,
};

/// The SQL implementation of [`ecities_core::store::Store`].
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: AnyPool,
    /// Where searches and practice reads go: SQLite's read-only connections
    /// beside its one writer (`connect::sqlite_readers`), or `pool` itself
    /// (PostgreSQL, in-memory SQLite, `database.sqlite_readers = 0`). Never
    /// for a read that must see a transaction's own uncommitted writes:
    /// those run on the transaction's connection.
    read_pool: AnyPool,
    dialect: Dialect,
    /// Facet index for search, shared by clones of this store.
    index: std::sync::Arc<search_index::SearchIndex>,
    /// Signalled after every commit that queued deliveries, so that an idle
    /// delivery worker in this process starts at once instead of at its
    /// next poll. Other processes on the same database still poll.
    queued: std::sync::Arc<tokio::sync::Notify>,
    /// Domain rules read on every delivery, fetch and inbox POST: kept in
    /// memory, reloaded after a change through this store or after
    /// [`DOMAIN_RULES_TTL`] (changes made by another process).
    domain_rules: std::sync::Arc<std::sync::Mutex<DomainRuleCache>>,
    /// The SQLite database file, whose file system's free space readiness
    /// reports.
    sqlite_file: Option<std::path::PathBuf>,
}

/// How long domain rules read from the database are trusted: a rule
/// changed by another process (the CLI, another node process) applies
/// within this time; changes through this store apply at once.
pub const DOMAIN_RULES_TTL: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Debug, Default)]
pub(crate) struct DomainRuleCache {
    /// Bumped by every change through this store, so that a reload that
    /// raced with a change is not kept.
    pub(crate) generation: u64,
    pub(crate) rules:
        Option<(std::time::Instant, std::collections::HashMap<String, ecities_core::hub::DomainRuleKind>)>,
}

impl SqlStore {
    pub fn new(pool: AnyPool, dialect: Dialect) -> Self {
        Self {
            read_pool: pool.clone(),
            pool,
            dialect,
            index: Default::default(),
            queued: Default::default(),
            domain_rules: Default::default(),
            sqlite_file: None,
        }
    }

    /// Sends searches and practice reads to `read_pool` (SQLite's read-only
    /// connections).
    pub fn with_read_pool(mut self, read_pool: AnyPool) -> Self {
        self.read_pool = read_pool;
        self
    }

    /// Names the SQLite file whose file system's free space readiness
    /// reports.
    pub fn with_sqlite_file(mut self, file: Option<std::path::PathBuf>) -> Self {
        self.sqlite_file = file;
        self
    }

    /// Notified (one permit, kept until taken) whenever this store commits
    /// new deliveries; see `DeliveryWorker::wake_on`.
    pub fn deliveries_queued(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.queued.clone()
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool searches and practice reads use (see `read_pool`).
    pub fn read_pool(&self) -> &AnyPool {
        &self.read_pool
    }

    /// Counts words matching more than `cap` practices over the newest
    /// `cap` only (default 10,000; see `total_exact` in the API). For tests
    /// and tuning.
    pub fn set_text_match_cap(&self, cap: usize) {
        self.index.set_cap(cap);
    }

    /// Rows per query of the search index's first load (default 5,000).
    /// For tests and tuning.
    pub fn set_search_first_load_slice(&self, rows: usize) {
        self.index.set_first_load_slice(rows);
    }

    /// The search index's live practices and an estimate of the bytes it
    /// holds (its vectors at capacity, boxed slices, interned values; the
    /// allocator's own overhead aside): for benchmarks.
    #[doc(hidden)]
    pub async fn search_index_memory(&self) -> (usize, usize) {
        self.index.memory().await
    }

    /// SQLite: writes a consistent, compacted copy of the database to
    /// `path` (`VACUUM INTO`: one read transaction, so a snapshot even
    /// while the node writes). `path` must not exist.
    pub async fn sqlite_backup_into(&self, path: &std::path::Path) -> Result<(), CoreError> {
        if self.dialect != Dialect::Sqlite {
            return Err(CoreError::Internal("VACUUM INTO is an SQLite backup".into()));
        }
        let target = path.to_str().ok_or_else(|| CoreError::invalid("to", "the path is not valid UTF-8"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM INTO '{}'", target.replace('\'', "''"))))
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(map_err)
    }

    /// SQLite: `PRAGMA integrity_check` (`"ok"` when the file is whole).
    pub async fn sqlite_integrity(&self) -> Result<String, CoreError> {
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&self.pool).await.map_err(map_err)
    }

    /// PostgreSQL: the server's clock, in milliseconds since the epoch.
    pub async fn server_clock_millis(&self) -> Result<i64, CoreError> {
        sqlx::query_scalar("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)
    }

    /// Closes every connection (used at shutdown).
    pub async fn close(&self) {
        self.read_pool.close().await;
        self.pool.close().await;
    }
}

/// Maps a sqlx error to the core error, once, here.
pub(crate) fn map_err(e: sqlx::Error) -> CoreError {
    match &e {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            CoreError::Conflict(format!("already exists ({})", db.message()))
        }
        sqlx::Error::RowNotFound => CoreError::NotFound("row".into()),
        _ => CoreError::Storage(e.to_string()),
    }
}
