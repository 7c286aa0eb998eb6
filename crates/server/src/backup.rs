//! Backups of a township's SQLite database, and restores from them.
//!
//! [`snapshot`] writes a consistent copy while the server runs: SQLite's `VACUUM INTO` reads
//! the database in one read transaction, and a push is one write transaction, so the copy holds
//! every push acknowledged before it started, each whole. [`restore`] puts a checked copy in
//! place of the database of a stopped server, keeping the replaced file beside it; the next
//! start migrates it if it is older than the binary. PostgreSQL (a county) is backed up with its
//! own tools (`pg_dump`, see the README).
use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};

/// What a database file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub households: i64,
    pub versions: i64,
    pub users: i64,
    /// The newest migration applied to it.
    pub schema: i64,
}

/// The migrations this binary knows (the store's own, embedded again to compare versions).
static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// The path of a `sqlite://path?…` URL; an error for PostgreSQL, whose tools back it up.
pub fn sqlite_file(url: &str) -> anyhow::Result<PathBuf> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        bail!(
            "this database is PostgreSQL: back it up with `pg_dump --format=custom --file=FILE URL` \
             and restore with `pg_restore --clean --if-exists --dbname=URL FILE` (README: Backups)"
        );
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .with_context(|| format!("{url:?} is not a sqlite:// database URL"))?;
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        bail!("{url:?} names no database file");
    }
    Ok(PathBuf::from(path))
}

async fn connect(path: &Path, read_only: bool) -> anyhow::Result<sqlx::SqliteConnection> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(read_only)
        .create_if_missing(false);
    options
        .connect()
        .await
        .with_context(|| format!("cannot open {}", path.display()))
}

/// Writes a consistent copy of the SQLite database at `url` to `file` (which must not exist),
/// through a temporary file renamed into place, and checks it.
pub async fn snapshot(url: &str, file: &Path) -> anyhow::Result<Summary> {
    let db = sqlite_file(url)?;
    if !db.is_file() {
        bail!("no database at {}", db.display());
    }
    if file.exists() {
        bail!("{} exists: give a new file name", file.display());
    }
    let tmp = sibling(file, "partial");
    let _ = std::fs::remove_file(&tmp);
    let mut conn = connect(&db, true).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(tmp.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    conn.close().await?;
    File::open(&tmp)?.sync_all()?;
    let summary = check(&tmp).await?;
    std::fs::rename(&tmp, file).with_context(|| format!("cannot write {}", file.display()))?;
    Ok(summary)
}

/// Whether `file` is a sound 守望 database this binary can run, and what it holds.
pub async fn check(file: &Path) -> anyhow::Result<Summary> {
    let mut conn = connect(file, true)
        .await
        .with_context(|| format!("{} is not a database", file.display()))?;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not a SQLite database", file.display()))?
        .try_get(0)?;
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", file.display());
    }
    let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table}");
    let mut n = [0i64; 3];
    for (i, table) in ["households", "history", "users"].into_iter().enumerate() {
        n[i] = sqlx::query(&count(table))
            .fetch_one(&mut conn)
            .await
            .with_context(|| format!("{} is not a 守望 database (no {table})", file.display()))?
            .try_get(0)?;
    }
    let schema: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await?
        .try_get(0)?;
    conn.close().await?;
    let known = MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0);
    if schema > known {
        bail!(
            "{} comes from a newer 守望 (schema {schema}, this one knows {known}): restore it with that version",
            file.display()
        );
    }
    Ok(Summary {
        households: n[0],
        versions: n[1],
        users: n[2],
        schema,
    })
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub summary: Summary,
    /// Where the replaced database was moved (with its `-wal`/`-shm`), if there was one.
    pub kept: Option<PathBuf>,
}

/// Puts the backup `file` in place of the database at `url`. Refuses while a server holds the
/// database ([`ServerLock`]); the replaced database is moved to `<db>.before-restore-<time>`.
pub async fn restore(url: &str, file: &Path) -> anyhow::Result<Restored> {
    let db = sqlite_file(url)?;
    let summary = check(file).await?;
    let _lock = ServerLock::take(&db).context("stop the server before restoring")?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = sibling(&db, "restoring");
    std::fs::copy(file, &tmp).with_context(|| format!("cannot copy to {}", tmp.display()))?;
    File::open(&tmp)?.sync_all()?;
    let kept = if db.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = sibling(&db, &format!("before-restore-{stamp}"));
        std::fs::rename(&db, &kept)?;
        // A crashed server's last commits may be in the WAL: they go with the file they belong to.
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", db.display()));
            if side.exists() {
                std::fs::rename(&side, format!("{}{suffix}", kept.display()))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&tmp, &db)?;
    Ok(Restored { summary, kept })
}

/// `<path>.<suffix>` beside `path`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}.{suffix}", path.display()))
}

/// The lock a running server holds on its SQLite database (`<db>.lock`), so a restore cannot
/// replace the file under it. Released when dropped (or when the process ends, however).
#[derive(Debug)]
pub struct ServerLock(#[allow(dead_code)] File);

impl ServerLock {
    pub fn take(db: &Path) -> anyhow::Result<ServerLock> {
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let path = sibling(db, "lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(ServerLock(file)),
            Err(std::fs::TryLockError::WouldBlock) => {
                bail!("a server is using {}", db.display())
            }
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}
