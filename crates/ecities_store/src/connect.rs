//! Opening the database named by `ECITIES_DATABASE_URL` and migrating it,
//! with errors a municipal IT admin can act on.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{Connection, Executor};

use crate::SqlStore;

/// How long to wait for a database connection before giving up at start-up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits on a lock held by another process (e.g. `ecities
/// migrate` while `serve` runs) before reporting "database is locked".
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A database URL that names a supported backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    dialect: Dialect,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "database URL '{0}' is not supported: use sqlite://PATH (for example sqlite://data/ecities.db) or postgres://USER@HOST:PORT/DATABASE"
    )]
    Unsupported(String),
    #[error("cannot create the data directory {path}: {reason}")]
    DataDirectory { path: String, reason: String },
    #[error("cannot open the SQLite database {path}: {reason}")]
    Sqlite { path: String, reason: String },
    #[error("cannot connect to PostgreSQL at {target}: {reason}")]
    Postgres { target: String, reason: String },
    #[error("database migration failed: {0}")]
    Migrate(String),
    #[error(
        "the database was upgraded by a newer ecities (schema version {found}; this ecities knows up to {known}). Run the newer ecities, or restore the backup taken before the upgrade (docs/OPERATIONS.md)"
    )]
    NewerSchema { found: i64, known: i64 },
}

impl FromStr for DatabaseUrl {
    type Err = ConnectError;

    fn from_str(s: &str) -> Result<Self, ConnectError> {
        let url = s.trim().to_owned();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Dialect::Postgres
        } else {
            return Err(ConnectError::Unsupported(url));
        };
        if dialect == Dialect::Postgres
            && url::Url::parse(&url).ok().and_then(|u| u.host_str().map(str::to_owned)).is_none()
        {
            return Err(ConnectError::Unsupported(url));
        }
        if dialect == Dialect::Sqlite && sqlite_path(&url).is_none() {
            return Err(ConnectError::Unsupported(url));
        }
        Ok(Self { url, dialect })
    }
}

impl DatabaseUrl {
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The file of an SQLite URL (`None` for in-memory databases).
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        sqlite_path(&self.url).filter(|p| p != ":memory:").map(PathBuf::from)
    }

    /// Where a PostgreSQL URL points, without the password.
    fn postgres_target(&self) -> String {
        match url::Url::parse(&self.url) {
            Ok(u) => format!("{}:{}{}", u.host_str().unwrap_or("?"), u.port().unwrap_or(5432), u.path()),
            Err(_) => "the configured address".into(),
        }
    }
}

/// `sqlite://data/x.db?mode=rwc` → `data/x.db`; `sqlite::memory:` → `:memory:`.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty()).then(|| path.to_owned())
}

fn install_drivers() {
    static ONCE: Once = Once::new();
    ONCE.call_once(sqlx::any::install_default_drivers);
}

/// How the pool is set up (`[database]` settings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreOptions {
    /// `None` picks the default: one for SQLite (a single writer avoids
    /// `SQLITE_BUSY` on lock upgrades and measured fastest here), ten for
    /// PostgreSQL.
    pub max_connections: Option<u32>,
    /// SQLite only: the largest size of the database file in pages
    /// (`PRAGMA max_page_count`, set on every connection). Writes beyond it
    /// fail with "database or disk is full", as on a full disk.
    pub sqlite_max_pages: Option<u32>,
    /// SQLite only: read-only connections for searches and practice reads,
    /// beside the one writer (WAL lets them read while it writes). `None`
    /// picks [`DEFAULT_SQLITE_READERS`]; `Some(0)`: every read on the writer.
    pub sqlite_readers: Option<u32>,
}

/// Read-only SQLite connections by default: none yet (every read on the
/// writer, as before). With 2 (`database.sqlite_readers = 2`), 8 clients'
/// searches ran 1.6x faster on two cores, 4 no faster than 2, each reader
/// about 1.5 MB once used (docs/PERFORMANCE.md). Not the default until the
/// in-process test node of `crates/ecities/src/http.rs` stops getting
/// "unable to open database file" from its readers (cause not found yet).
pub const DEFAULT_SQLITE_READERS: u32 = 0;
/// The page cache of one reader, in KiB (`PRAGMA cache_size = -N`; SQLite's
/// default is 2,000 KiB per connection). The operating system's page cache
/// holds the file as well, so a small one costs little speed.
const SQLITE_READER_CACHE_KIB: u32 = 512;
/// A reader unused this long is closed, its memory returned.
const SQLITE_READER_IDLE: Duration = Duration::from_secs(60);

/// Opens a pool on the database, creating the SQLite file (and its
/// directory) when missing, with the default [`StoreOptions`] but
/// `max_connections`.
pub async fn connect(url: &DatabaseUrl, max_connections: Option<u32>) -> Result<SqlStore, ConnectError> {
    connect_with(url, StoreOptions { max_connections, ..StoreOptions::default() }).await
}

/// Opens a pool on the database, creating the SQLite file (and its
/// directory) when missing.
///
/// A connection is only put back in the pool when it is outside any
/// transaction, as both sqlx and the database see it (see
/// [`connection_is_clean`]); any other connection is closed and the pool
/// opens a fresh one. A failed statement or COMMIT can thus never leave the
/// next transaction nested in an older one that is never committed.
pub async fn connect_with(url: &DatabaseUrl, options: StoreOptions) -> Result<SqlStore, ConnectError> {
    install_drivers();
    let max_connections = options.max_connections;
    let max_pages = options.sqlite_max_pages;
    let readers = options.sqlite_readers.unwrap_or(DEFAULT_SQLITE_READERS);
    let mut conn_url = url.url.clone();
    if let Some(file) = url.sqlite_file() {
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| ConnectError::DataDirectory { path: dir.display().to_string(), reason: e.to_string() })?;
        }
        if !conn_url.contains("mode=") {
            conn_url.push_str(if conn_url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
        }
    }
    // One direct attempt first: the pool would retry until its timeout and
    // report only "timed out", hiding "connection refused" or "password
    // authentication failed", which tell the admin what to fix.
    let probe = tokio::time::timeout(CONNECT_TIMEOUT, sqlx::AnyConnection::connect(&conn_url))
        .await
        .map_err(|_| describe_connect_error(url, sqlx::Error::PoolTimedOut))?
        .map_err(|e| describe_connect_error(url, e))?;
    let _ = probe.close().await;
    let dialect = url.dialect;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections.unwrap_or(match dialect {
            Dialect::Sqlite => 1,
            Dialect::Postgres => 10,
        }))
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if dialect == Dialect::Sqlite {
                    conn.execute(sqlx::AssertSqlSafe(format!(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};"
                    )))
                    .await?;
                    if let Some(pages) = max_pages {
                        conn.execute(sqlx::AssertSqlSafe(format!("PRAGMA max_page_count = {pages}"))).await?;
                    }
                } else {
                    // No JIT compilation: the store's statements are short, and
                    // when the planner's statistics are stale (after a bulk
                    // import or a restore, before autovacuum analyses the
                    // table) it overestimates a search's "what changed" query
                    // and compiles it, 0.8 s per search where it runs in
                    // 0.1 ms (docs/PERFORMANCE.md, 1 million practices).
                    conn.execute("SET jit = off").await?;
                }
                Ok(())
            })
        })
        .after_release(move |conn, _meta| Box::pin(async move { connection_is_clean(conn, dialect).await }))
        .connect(&conn_url)
        .await
        .map_err(|e| describe_connect_error(url, e))?;
    let store = SqlStore::new(pool, dialect).with_sqlite_file(url.sqlite_file());
    match url.sqlite_file() {
        // An in-memory database is the writer's alone.
        Some(_) if readers > 0 => {
            let read = sqlite_readers(&conn_url, readers).map_err(|e| describe_connect_error(url, e))?;
            Ok(store.with_read_pool(read))
        }
        _ => Ok(store),
    }
}

/// The read-only pool beside an SQLite writer (`PRAGMA query_only`): `readers` connections at
/// most, opened when first needed (none at start), each with a small page
/// cache. A new read transaction in WAL mode sees every transaction
/// committed before it began, so a read here after the caller's own write
/// (committed on the writer) sees that write.
fn sqlite_readers(writer_url: &str, readers: u32) -> Result<sqlx::AnyPool, sqlx::Error> {
    let (path, query) = writer_url.split_once('?').unwrap_or((writer_url, ""));
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("mode=")).collect();
    // Not `mode=ro`: a read-only handle cannot create the WAL index (-shm)
    // that SQLite deletes when the writer's last connection closes, and then
    // fails with "unable to open database file". `query_only` refuses writes.
    params.push("mode=rw");
    let url = format!("{path}?{}", params.join("&"));
    AnyPoolOptions::new()
        .max_connections(readers)
        .min_connections(0)
        .idle_timeout(SQLITE_READER_IDLE)
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(sqlx::AssertSqlSafe(format!(
                    "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA cache_size = -{SQLITE_READER_CACHE_KIB}; PRAGMA query_only = ON;"
                )))
                .await?;
                Ok(())
            })
        })
        .after_release(|conn, _meta| Box::pin(async move { connection_is_clean(conn, Dialect::Sqlite).await }))
        .connect_lazy(&url)
}

/// Whether a connection handed back to the pool may serve the next caller:
/// `Ok(false)` (closed by the pool) when it is still inside a transaction.
///
/// Why: when SQLite answers a statement or COMMIT with SQLITE_FULL (or
/// another I/O error) it may roll the whole transaction back by itself.
/// sqlx does not notice: its ROLLBACK on drop then fails ("no transaction is
/// active") and its transaction depth stays at 1, so its next `begin` sends
/// `SAVEPOINT` instead of `BEGIN` and its `commit` a `RELEASE`; after one
/// more failure its `ROLLBACK TO SAVEPOINT` leaves a real transaction open,
/// and every later "committed" transaction is nested in it and never
/// reaches the disk. Closing such a connection ends that state: SQLite rolls
/// back what was never committed, and the pool opens a clean connection.
async fn connection_is_clean(conn: &mut sqlx::AnyConnection, dialect: Dialect) -> Result<bool, sqlx::Error> {
    match dialect {
        Dialect::Sqlite => {
            // One round trip through the connection's worker, after the
            // ROLLBACK a dropped transaction queued: BEGIN fails if SQLite is
            // still inside a transaction.
            if let Err(e) = conn.execute("BEGIN; ROLLBACK").await {
                tracing::warn!(error = %e, "closing an SQLite connection left inside a transaction");
                return Ok(false);
            }
        }
        Dialect::Postgres => {
            // PostgreSQL reports its transaction state with every answer and
            // a broken connection fails the pool's ping; sqlx's own count is
            // what decides whether its next `begin` sends BEGIN.
        }
    }
    if conn.is_in_transaction() {
        tracing::warn!("closing a database connection sqlx still counts inside a transaction");
        return Ok(false);
    }
    Ok(true)
}

/// SQLite says only "unable to open database file"; the file system says
/// why: a read-only file system, no permission, no space. Tried by writing
/// a small file beside the database.
fn sqlite_cause(file: &std::path::Path) -> Option<String> {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let probe = dir.join(format!(".ecities-write-test-{}", std::process::id()));
    let result = std::fs::write(&probe, b"x");
    let _ = std::fs::remove_file(&probe);
    let e = result.err()?;
    let why = match e.raw_os_error() {
        Some(30) => "the file system is read-only".to_owned(),
        Some(13) | Some(1) => "permission denied (the node's user cannot write there)".to_owned(),
        Some(28) => "the disk is full".to_owned(),
        _ => e.to_string(),
    };
    Some(format!("{why}: cannot write in {}", dir.display()))
}

fn describe_connect_error(url: &DatabaseUrl, e: sqlx::Error) -> ConnectError {
    let reason = match &e {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "no answer within 5 seconds (is the server running and reachable?)".into(),
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    match url.dialect {
        Dialect::Sqlite => ConnectError::Sqlite {
            path: url.sqlite_file().map(|p| p.display().to_string()).unwrap_or_else(|| url.url.clone()),
            reason: url.sqlite_file().and_then(|f| sqlite_cause(&f)).unwrap_or(reason),
        },
        Dialect::Postgres => ConnectError::Postgres { target: url.postgres_target(), reason },
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// Applies every pending migration for the store's backend.
fn migrator(dialect: Dialect) -> &'static sqlx::migrate::Migrator {
    match dialect {
        Dialect::Sqlite => &SQLITE_MIGRATIONS,
        Dialect::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// Where a database stands against the migrations this binary carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Versions applied to the database, in order.
    pub applied: Vec<i64>,
    /// Migrations this binary would apply: version and description.
    pub pending: Vec<(i64, String)>,
    /// The newest version this binary knows.
    pub known: i64,
}

impl MigrationStatus {
    /// A version applied by a newer ecities, unknown to this one.
    pub fn newer(&self) -> Option<i64> {
        self.applied.iter().copied().filter(|v| *v > self.known).max()
    }
}

/// Reads which migrations are applied (none on a new database), without
/// changing anything.
pub async fn migration_status(store: &SqlStore) -> Result<MigrationStatus, ConnectError> {
    let migrator = migrator(store.dialect);
    let exists_sql = match store.dialect {
        Dialect::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
        }
    };
    let exists: i64 = sqlx::query_scalar(exists_sql)
        .fetch_one(&store.pool)
        .await
        .map_err(|e| ConnectError::Migrate(format!("cannot read the schema version: {e}")))?;
    let applied: Vec<i64> = if exists > 0 {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version")
            .fetch_all(&store.pool)
            .await
            .map_err(|e| ConnectError::Migrate(format!("cannot read the schema version: {e}")))?
    } else {
        Vec::new()
    };
    let pending = migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .map(|m| (m.version, m.description.to_string()))
        .collect();
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    Ok(MigrationStatus { applied, pending, known })
}

/// Applies the migrations this binary carries, then re-indexes the search
/// text if it was analysed by an older version. A database already
/// migrated by a newer ecities is refused with a clear message (an older
/// binary must not write to a schema it does not know).
pub async fn migrate(store: &SqlStore) -> Result<(), ConnectError> {
    let status = migration_status(store).await?;
    if let Some(found) = status.newer() {
        return Err(ConnectError::NewerSchema { found, known: status.known });
    }
    migrator(store.dialect).run(&store.pool).await.map_err(|e| ConnectError::Migrate(e.to_string()))?;
    // Text indexed by an older analysis is indexed again (migration 0030).
    crate::sql::reindex_if_stale(store)
        .await
        .map_err(|e| ConnectError::Migrate(format!("cannot re-index the search text: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend() {
        assert_eq!("sqlite://data/e.db".parse::<DatabaseUrl>().map(|u| u.dialect()).ok(), Some(Dialect::Sqlite));
        assert_eq!(
            "postgres://u@localhost/db".parse::<DatabaseUrl>().map(|u| u.dialect()).ok(),
            Some(Dialect::Postgres)
        );
        assert!("mysql://localhost/db".parse::<DatabaseUrl>().is_err());
        assert!("data/e.db".parse::<DatabaseUrl>().is_err());
        assert!("sqlite://".parse::<DatabaseUrl>().is_err());
        assert!("postgres://".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn sqlite_paths_drop_the_query() {
        let u: DatabaseUrl = "sqlite://data/e.db?mode=rwc".parse().expect("valid");
        assert_eq!(u.sqlite_file(), Some(PathBuf::from("data/e.db")));
        let m: DatabaseUrl = "sqlite::memory:".parse().expect("valid");
        assert_eq!(m.sqlite_file(), None);
    }

    #[test]
    fn unsupported_urls_tell_the_expected_forms() {
        let err = "mysql://x".parse::<DatabaseUrl>().expect_err("unsupported");
        assert!(err.to_string().contains("sqlite://PATH"));
    }
}
