//! Operating a node: `migrate --dry-run`, `backup`, `restore` and `doctor`
//! (docs/OPERATIONS.md tells when to use which).
//!
//! A backup holds everything the node is: actors *with their private
//! keys*, hashed API tokens and passwords, practices, follows and the
//! delivery queue. It is written with owner-only permissions and must be
//! kept like a password.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use ecities_core::store::{ActorStore, HealthStore};
use ecities_store::{Dialect, SqlStore};

use crate::config::Settings;

/// `ecities migrate [--dry-run]`.
pub async fn migrate(settings: &Settings, dry_run: bool) -> anyhow::Result<()> {
    let store = connect(settings).await?;
    let status = ecities_store::migration_status(&store).await?;
    if let Some(found) = status.newer() {
        store.close().await;
        return Err(ecities_store::ConnectError::NewerSchema { found, known: status.known }.into());
    }
    if dry_run {
        println!("schema version {} of {} known", status.applied.last().copied().unwrap_or(0), status.known);
        if status.pending.is_empty() {
            println!("database is up to date; nothing would change");
        } else {
            for (version, description) in &status.pending {
                println!("would apply {version:04} {description}");
            }
            println!("{} migration(s) would be applied; nothing was changed", status.pending.len());
        }
        store.close().await;
        return Ok(());
    }
    ecities_store::migrate(&store).await?;
    store.close().await;
    match status.pending.len() {
        0 => println!("database is up to date"),
        n => println!("applied {n} migration(s); database is up to date"),
    }
    Ok(())
}

async fn connect(settings: &Settings) -> anyhow::Result<SqlStore> {
    let options = ecities_store::StoreOptions {
        max_connections: settings.max_connections,
        sqlite_max_pages: settings.sqlite_max_pages,
        sqlite_readers: settings.sqlite_readers,
    };
    Ok(ecities_store::connect_with(&settings.database, options).await?)
}

/// Writes `path` with owner-only permissions (it holds private keys).
fn restrict(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict the permissions of {}", path.display()))?;
    }
    Ok(())
}

fn temporary_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

/// `ecities backup --to FILE`: a consistent copy while the node serves.
/// SQLite: `VACUUM INTO` (one read transaction: a snapshot, compacted).
/// PostgreSQL: `pg_dump --format=custom` (one repeatable-read snapshot).
/// The file appears only when complete (written beside it, then renamed).
pub async fn backup(settings: &Settings, to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        bail!("{} already exists; choose a new file name (a backup never overwrites one)", to.display());
    }
    let partial = temporary_beside(to);
    let _ = std::fs::remove_file(&partial);
    let store = connect(settings).await?;
    let counts = store.counts().await?;
    match settings.database.dialect() {
        Dialect::Sqlite => {
            store
                .sqlite_backup_into(&partial)
                .await
                .with_context(|| format!("cannot write the backup to {}", to.display()))?;
        }
        Dialect::Postgres => {
            let out = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(&partial)
                .arg(settings.database.as_str())
                .output()
                .context("cannot run pg_dump: install the PostgreSQL client tools (Debian: postgresql-client) in the same major version as the server")?;
            if !out.status.success() {
                let _ = std::fs::remove_file(&partial);
                bail!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr).trim());
            }
        }
    }
    store.close().await;
    restrict(&partial)?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).context("cannot flush the backup to disk")?;
    std::fs::rename(&partial, to).with_context(|| format!("cannot move the backup to {}", to.display()))?;
    let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup written: {} actors, {} own and {} received practices, {} pending deliveries ({} KiB)",
        counts.local_actors,
        counts.local_practices,
        counts.remote_practices,
        counts.deliveries_pending,
        size / 1024
    );
    println!("it holds the actors' private keys: keep it like a password (permissions set to owner-only)");
    println!("{}", to.display());
    Ok(())
}

/// What a backup file is, by its first bytes.
#[derive(Debug, PartialEq, Eq)]
enum BackupKind {
    Sqlite,
    PostgresDump,
}

fn backup_kind(path: &Path) -> anyhow::Result<BackupKind> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let n = file.read(&mut head).with_context(|| format!("cannot read {}", path.display()))?;
    if n >= 16 && &head == b"SQLite format 3\0" {
        Ok(BackupKind::Sqlite)
    } else if n >= 5 && &head[..5] == b"PGDMP" {
        Ok(BackupKind::PostgresDump)
    } else {
        bail!("{} is not an ecities backup (neither an SQLite database nor a pg_dump custom archive)", path.display())
    }
}

/// `ecities restore --from FILE`: into an empty data directory (SQLite) or
/// an empty database (PostgreSQL), then migrated to this version.
pub async fn restore(settings: &Settings, from: &Path) -> anyhow::Result<()> {
    let kind = backup_kind(from)?;
    match (settings.database.dialect(), kind) {
        (Dialect::Sqlite, BackupKind::Sqlite) => {
            let target = settings
                .database
                .sqlite_file()
                .context("the configured SQLite database is in memory; restore needs a file")?;
            if target.exists() {
                bail!(
                    "{} already exists: restore only into an empty data directory (move the old database away first)",
                    target.display()
                );
            }
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            for stale in ["-wal", "-shm"] {
                let mut name = target.as_os_str().to_os_string();
                name.push(stale);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
            // Checked on the copy (opening a database may write to it; the
            // backup itself is never changed).
            let partial = temporary_beside(&target);
            std::fs::copy(from, &partial).with_context(|| format!("cannot copy the backup to {}", target.display()))?;
            restrict(&partial)?;
            if let Err(e) = check_sqlite_backup(&partial).await {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
            std::fs::File::open(&partial).and_then(|f| f.sync_all()).context("cannot flush the restored database")?;
            std::fs::rename(&partial, &target)?;
        }
        (Dialect::Postgres, BackupKind::PostgresDump) => {
            let store = connect(settings).await?;
            let status = ecities_store::migration_status(&store).await?;
            store.close().await;
            if !status.applied.is_empty() {
                bail!(
                    "the configured PostgreSQL database already holds an ecities node: restore only into an empty database (createdb a new one)"
                );
            }
            let out = Command::new("pg_restore")
                .args(["--no-owner", "--no-privileges", "--exit-on-error", "--dbname"])
                .arg(settings.database.as_str())
                .arg(from)
                .output()
                .context("cannot run pg_restore: install the PostgreSQL client tools (Debian: postgresql-client)")?;
            if !out.status.success() {
                bail!("pg_restore failed: {}", String::from_utf8_lossy(&out.stderr).trim());
            }
        }
        (Dialect::Sqlite, BackupKind::PostgresDump) => {
            bail!("{} is a PostgreSQL dump, but this node is configured for SQLite (database.url)", from.display())
        }
        (Dialect::Postgres, BackupKind::Sqlite) => {
            bail!("{} is an SQLite database, but this node is configured for PostgreSQL (database.url)", from.display())
        }
    }
    let store = connect(settings).await?;
    ecities_store::migrate(&store).await?;
    let counts = store.counts().await?;
    store.close().await;
    println!(
        "restored: {} actors, {} own and {} received practices, {} pending deliveries; start the node with `ecities serve`",
        counts.local_actors, counts.local_practices, counts.remote_practices, counts.deliveries_pending
    );
    Ok(())
}

/// Opens (a copy of) an SQLite backup and checks that it is whole and is
/// an ecities database.
async fn check_sqlite_backup(path: &Path) -> anyhow::Result<()> {
    let url: ecities_store::DatabaseUrl = format!("sqlite://{}", path.display()).parse().context("backup path")?;
    let store = ecities_store::connect(&url, Some(1)).await?;
    let integrity =
        store.sqlite_integrity().await.with_context(|| format!("{} cannot be read as a database", path.display()))?;
    let status = ecities_store::migration_status(&store).await?;
    store.close().await;
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", path.display());
    }
    if status.applied.is_empty() {
        bail!("{} is an SQLite database but not an ecities backup (no schema version)", path.display());
    }
    if let Some(found) = status.newer() {
        return Err(ecities_store::ConnectError::NewerSchema { found, known: status.known }.into());
    }
    Ok(())
}

/// One line of `ecities doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ok,
    Warn,
    Fail,
}

struct Report {
    failed: bool,
}

impl Report {
    fn line(&mut self, verdict: Verdict, what: &str, detail: impl std::fmt::Display) {
        let tag = match verdict {
            Verdict::Ok => "ok  ",
            Verdict::Warn => "warn",
            Verdict::Fail => {
                self.failed = true;
                "FAIL"
            }
        };
        // A closed pipe (`ecities doctor | head`) is not worth a panic.
        let _ = writeln!(std::io::stdout(), "[{tag}] {what}: {detail}");
    }
}

/// Signatures allow five minutes of clock difference; warn well before.
const CLOCK_SKEW_WARN_SECS: i64 = 60;

/// `ecities doctor`: checks configuration, public URL, database, keys,
/// clock and limits, and says what to do about each problem. Exits
/// non-zero when something must be fixed before the node can federate.
pub async fn doctor(settings: &Settings, config_path: Option<&Path>) -> anyhow::Result<()> {
    let mut report = Report { failed: false };
    match config_path {
        Some(p) => report.line(Verdict::Ok, "configuration", format!("{} read and valid", p.display())),
        None => report.line(Verdict::Ok, "configuration", "defaults and environment (no file), valid"),
    }
    check_public_url(settings, &mut report).await;
    report.line(
        if settings.dev_mode { Verdict::Warn } else { Verdict::Ok },
        "dev mode",
        if settings.dev_mode {
            "ON: plain http and private addresses are allowed; never on a public node"
        } else {
            "off (production posture)"
        },
    );
    match connect(settings).await {
        Err(e) => report.line(Verdict::Fail, "database", e),
        Ok(store) => {
            check_database(&store, &mut report).await;
            check_keys(&store, &mut report).await;
            check_clock(&store, settings.database.dialect(), &mut report).await;
            store.close().await;
        }
    }
    let files = rlimit::getrlimit(rlimit::Resource::NOFILE).map(|(_, hard)| hard).unwrap_or(0);
    let wanted = settings.limits.max_connections as u64 + 256;
    if files >= wanted {
        report.line(Verdict::Ok, "open-file limit", format!("{files} (server.max_connections needs {wanted})"));
    } else {
        report.line(
            Verdict::Warn,
            "open-file limit",
            format!(
                "hard limit {files} allows fewer than server.max_connections = {}: raise it (systemd: LimitNOFILE=65536)",
                settings.limits.max_connections
            ),
        );
    }
    if report.failed {
        bail!("ecities doctor found problems (marked FAIL above)");
    }
    println!("no problems found");
    Ok(())
}

async fn check_public_url(settings: &Settings, report: &mut Report) {
    let base = settings.urls.base();
    let host = base.host_str().unwrap_or("");
    if base.scheme() == "https" {
        report.line(Verdict::Ok, "public URL", base);
    } else {
        report.line(Verdict::Warn, "public URL", format!("{base} is plain http: only a test network can reach it"));
    }
    let port = base.port_or_known_default().unwrap_or(443);
    match tokio::net::lookup_host((host, port)).await {
        Ok(addrs) => {
            let addrs: Vec<_> = addrs.map(|a| a.ip().to_string()).collect();
            report.line(Verdict::Ok, "public host resolves", format!("{host} → {}", addrs.join(", ")));
        }
        Err(e) => report.line(
            Verdict::Warn,
            "public host resolves",
            format!("{host} does not resolve here ({e}); other servers must be able to resolve it"),
        ),
    }
}

async fn check_database(store: &SqlStore, report: &mut Report) {
    match ecities_store::migration_status(store).await {
        Err(e) => report.line(Verdict::Fail, "database schema", e),
        Ok(status) => match status.newer() {
            Some(found) => report.line(
                Verdict::Fail,
                "database schema",
                ecities_store::ConnectError::NewerSchema { found, known: status.known },
            ),
            None if status.pending.is_empty() => {
                report.line(Verdict::Ok, "database schema", format!("version {} (current)", status.known))
            }
            None => report.line(
                Verdict::Warn,
                "database schema",
                format!(
                    "{} migration(s) pending: `ecities serve` or `ecities migrate` applies them",
                    status.pending.len()
                ),
            ),
        },
    }
    match store.readiness(ecities_core::time::Timestamp::now()).await {
        Err(e) => report.line(Verdict::Fail, "database", format!("cannot be read: {e}")),
        Ok(r) => {
            match r.writable {
                Ok(()) => report.line(Verdict::Ok, "database", "reachable and writable"),
                Err(e) => report.line(Verdict::Fail, "database", format!("not writable: {e}")),
            }
            if let Some(free) = r.free_disk_bytes {
                let mib = free / (1024 * 1024);
                let verdict = if mib < 64 {
                    Verdict::Fail
                } else if mib < 1024 {
                    Verdict::Warn
                } else {
                    Verdict::Ok
                };
                report.line(verdict, "free disk space", format!("{mib} MiB beside the database"));
            }
        }
    }
}

async fn check_keys(store: &SqlStore, report: &mut Report) {
    let actors = match store.local_actors().await {
        Ok(a) => a,
        Err(e) => return report.line(Verdict::Fail, "keys", format!("local actors cannot be read: {e}")),
    };
    if actors.is_empty() {
        return report.line(Verdict::Warn, "actors", "none yet: `ecities actor create` makes one");
    }
    let mut bad = Vec::new();
    for actor in &actors {
        let verdict = match store.private_key(actor.id).await {
            Ok(pem) => ecities_federation::signatures::check_key_pair(&actor.url, &pem, &actor.public_key_pem)
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = verdict {
            bad.push(format!("{}: {e}", actor.handle()));
        }
    }
    if bad.is_empty() {
        report.line(
            Verdict::Ok,
            "keys",
            format!("{} actor(s), each private key signs and its public key verifies", actors.len()),
        );
    } else {
        report.line(Verdict::Fail, "keys", bad.join("; "));
    }
}

async fn check_clock(store: &SqlStore, dialect: Dialect, report: &mut Report) {
    let now = chrono::Utc::now();
    if now.timestamp() < 1_767_225_600 {
        // 2026-01-01: older than this software.
        return report.line(Verdict::Fail, "clock", format!("{now} is in the past: set the system clock (NTP)"));
    }
    match dialect {
        Dialect::Postgres => match store.server_clock_millis().await {
            Ok(ms) => {
                let skew = (ms - chrono::Utc::now().timestamp_millis()).abs() / 1000;
                let verdict = if skew > CLOCK_SKEW_WARN_SECS { Verdict::Warn } else { Verdict::Ok };
                report.line(verdict, "clock", format!("{skew} s from the database server's clock"));
            }
            Err(e) => report.line(Verdict::Warn, "clock", format!("cannot compare with the database server: {e}")),
        },
        Dialect::Sqlite => report.line(
            Verdict::Ok,
            "clock",
            format!(
                "{} (signatures allow 5 minutes of difference: keep NTP running)",
                now.format("%Y-%m-%d %H:%M:%S UTC")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_are_recognised_by_their_first_bytes() {
        let dir = tempfile::tempdir().expect("dir");
        let sqlite = dir.path().join("a.db");
        std::fs::write(&sqlite, b"SQLite format 3\0rest").expect("write");
        assert_eq!(backup_kind(&sqlite).expect("kind"), BackupKind::Sqlite);
        let dump = dir.path().join("a.dump");
        std::fs::write(&dump, b"PGDMP\x01\x0e").expect("write");
        assert_eq!(backup_kind(&dump).expect("kind"), BackupKind::PostgresDump);
        let other = dir.path().join("a.txt");
        std::fs::write(&other, b"hello").expect("write");
        assert!(backup_kind(&other).is_err());
    }
}
