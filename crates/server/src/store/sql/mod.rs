//! [`Storage`] on SQLite or PostgreSQL through sqlx's `Any` driver.
//!
//! Revisions come from one counter row. A push takes that row first (an `UPDATE`, which holds the
//! row lock on PostgreSQL until commit and the write lock on SQLite), so pushes are applied one at
//! a time, in revision order: a pull that has seen revision N has seen everything below N.
use std::str::FromStr;
use std::sync::Arc;

use chrono::{SecondsFormat, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};
use tokio::sync::Mutex;

use shouwang_domain::import::report::ImportJob;
use shouwang_domain::model::Lead;
use shouwang_domain::sync::wire::{
    Account, Change, DeviceId, PullResponse, PulledHousehold, PushResult, Revision, Role,
};
use shouwang_domain::Household;

use super::{AuditFilter, AuditVersion, EnrolledDevice, NewEnrolment, Redeemed, StoredAttachment};
use super::{
    ConflictEntry, Counted, DeviceRecord, HistoryEntry, LoginGate, NewUser, PushContext, Scope,
    Session, Storage, StoreError, Throttle, User,
};

mod accounts;
mod attachments;
mod enrol;
mod imports;
mod people;
mod push;

use push::{apply_change, Revisions};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Which database is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The storage of one server.
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer: writers queue here instead of spinning on `SQLITE_BUSY`.
    write_lock: Option<Arc<Mutex<()>>>,
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Worker => "worker",
        Role::Reviewer => "reviewer",
        Role::Admin => "admin",
    }
}

fn role_of(name: &str) -> Result<Role, StoreError> {
    Ok(match name {
        "worker" => Role::Worker,
        "reviewer" => Role::Reviewer,
        "admin" => Role::Admin,
        other => return Err(StoreError::Corrupt(format!("unknown role {other:?}"))),
    })
}

pub(super) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// `(area_code LIKE $k OR ...)` for a scope, numbering from `first`; `FALSE` when empty.
fn scope_clause(scope: &Scope, first: usize) -> String {
    if scope.prefixes().is_empty() {
        return "1 = 0".to_owned();
    }
    let parts: Vec<String> = (0..scope.prefixes().len())
        .map(|i| format!("area_code LIKE ${}", first + i))
        .collect();
    format!("({})", parts.join(" OR "))
}

fn like_patterns(scope: &Scope) -> impl Iterator<Item = String> + '_ {
    // Prefixes are digits only (checked when assigned), so they need no LIKE escaping.
    scope.prefixes().iter().map(|p| format!("{p}%"))
}

impl SqlStore {
    /// Opens (creating the SQLite file and its folder if needed) and migrates the database at `url`
    /// (`sqlite://data/shouwang.db`, `postgres://user@host/db`).
    pub async fn open(url: &str) -> Result<SqlStore, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Database(sqlx::Error::Configuration(
                format!("unsupported database URL {url:?}: use sqlite://FILE or postgres://…")
                    .into(),
            )));
        };
        let mut url = url.to_owned();
        if backend == Backend::Sqlite {
            if let Some(path) = sqlite_path(&url) {
                if let Some(dir) = std::path::Path::new(&path).parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir).map_err(|e| {
                            StoreError::Database(sqlx::Error::Configuration(
                                format!("cannot create {}: {e}", dir.display()).into(),
                            ))
                        })?;
                    }
                }
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 30000").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            // Readers (pulls) do not wait for the writer; kept in the file once set.
            pool.execute("PRAGMA journal_mode = WAL").await?;
            SQLITE_MIGRATIONS.run(&pool).await?;
        } else {
            POSTGRES_MIGRATIONS.run(&pool).await?;
        }
        people::backfill(&pool).await?;
        Ok(SqlStore {
            pool,
            backend,
            write_lock: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn write_guard(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.write_lock {
            Some(lock) => Some(lock.lock().await),
            None => None,
        }
    }

    async fn areas(&self, username: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT prefix FROM user_areas WHERE username = $1 ORDER BY prefix")
            .bind(username)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>(0).map_err(StoreError::from))
            .collect()
    }

    fn account_of(row: &sqlx::any::AnyRow, areas: Vec<String>) -> Result<Account, StoreError> {
        Ok(Account {
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            role: role_of(&row.try_get::<String, _>("role")?)?,
            areas,
            must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
        })
    }
}

/// The file path of a `sqlite://path?…` URL.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

impl Storage for SqlStore {
    async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get::<i64, _>(0)?)
    }

    async fn create_user(&self, user: NewUser) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        let taken = sqlx::query("SELECT 1 FROM users WHERE username = $1")
            .bind(&user.username)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if taken {
            return Err(StoreError::Exists(format!("user {}", user.username)));
        }
        sqlx::query(
            "INSERT INTO users (username, display_name, role, password_hash, \
             must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(role_name(user.role))
        .bind(&user.password_hash)
        .bind(i64::from(user.must_change_password))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        for prefix in &user.areas {
            sqlx::query("INSERT INTO user_areas (username, prefix) VALUES ($1, $2)")
                .bind(&user.username)
                .bind(prefix)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT username, display_name, role, password_hash, must_change_password, \
             disabled_at FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let areas = self.areas(username).await?;
        Ok(Some(User {
            account: Self::account_of(&row, areas)?,
            password_hash: row.try_get("password_hash")?,
            disabled: row.try_get::<Option<String>, _>("disabled_at")?.is_some(),
        }))
    }

    async fn users(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(
            "SELECT username, display_name, role, must_change_password FROM users ORDER BY username",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let areas = self.areas(&row.try_get::<String, _>("username")?).await?;
            out.push(Self::account_of(row, areas)?);
        }
        Ok(out)
    }

    async fn set_area(&self, username: &str, prefix: &str, add: bool) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        if self.user(username).await?.is_none() {
            return Err(StoreError::NotFound(format!("user {username}")));
        }
        let sql = if add {
            "INSERT INTO user_areas (username, prefix) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM user_areas WHERE username = $1 AND prefix = $2"
        };
        sqlx::query(sql)
            .bind(username)
            .bind(prefix)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $2, must_change_password = $3 WHERE username = $1",
        )
        .bind(username)
        .bind(password_hash)
        .bind(i64::from(must_change))
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {username}")));
        }
        Ok(())
    }

    async fn add_device(
        &self,
        token_hash: &str,
        username: &str,
        device_id: &DeviceId,
        device_name: &str,
        at: chrono::DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        let at = shouwang_domain::sync::plan::time_text(at);
        sqlx::query(
            "INSERT INTO devices (token_hash, username, device_id, device_name, created_at, \
             last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(token_hash)
        .bind(username)
        .bind(&device_id.0)
        .bind(device_name)
        .bind(&at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT u.username, u.display_name, u.role, u.must_change_password, d.device_id \
             FROM devices d JOIN users u ON u.username = d.username \
             WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let areas = self.areas(&row.try_get::<String, _>("username")?).await?;
        Ok(Some(Session {
            account: Self::account_of(&row, areas)?,
            device_id: DeviceId(row.try_get("device_id")?),
        }))
    }

    async fn touch_session(
        &self,
        token_hash: &str,
        now: chrono::DateTime<Utc>,
        idle_since: chrono::DateTime<Utc>,
    ) -> Result<Option<Session>, StoreError> {
        self.touch_session_sql(token_hash, now, idle_since).await
    }

    async fn revoke_other_tokens(&self, username: &str, keep: &str) -> Result<u64, StoreError> {
        self.revoke_other_tokens_sql(username, keep).await
    }

    async fn login_attempt(
        &self,
        keys: &[String],
        throttle: Throttle<'_>,
    ) -> Result<LoginGate, StoreError> {
        self.login_attempt_sql(keys, throttle).await
    }

    async fn login_succeeded(&self, counted: &Counted, clear: &str) -> Result<(), StoreError> {
        self.login_succeeded_sql(counted, clear).await
    }

    async fn unlock(&self, username: &str) -> Result<bool, StoreError> {
        self.unlock_sql(username).await
    }

    async fn revoke_token(&self, token_hash: &str) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        sqlx::query(
            "UPDATE devices SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn revoke_devices(
        &self,
        username: &str,
        device_id: Option<&str>,
    ) -> Result<u64, StoreError> {
        let _guard = self.write_guard().await;
        let done = sqlx::query(
            "UPDATE devices SET revoked_at = $2 WHERE username = $1 AND revoked_at IS NULL \
             AND ($3 = '' OR device_id = $3)",
        )
        .bind(username)
        .bind(now())
        .bind(device_id.unwrap_or(""))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    async fn devices(&self, username: Option<&str>) -> Result<Vec<DeviceRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT username, device_id, device_name, created_at, last_seen_at, revoked_at \
             FROM devices WHERE ($1 = '' OR username = $1) ORDER BY username, created_at",
        )
        .bind(username.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DeviceRecord {
                    username: r.try_get(0)?,
                    device_id: r.try_get(1)?,
                    device_name: r.try_get(2)?,
                    created_at: r.try_get(3)?,
                    last_seen_at: r.try_get(4)?,
                    revoked_at: r.try_get(5)?,
                })
            })
            .collect()
    }

    async fn push(
        &self,
        ctx: PushContext<'_>,
        changes: Vec<Change>,
    ) -> Result<Vec<PushResult>, StoreError> {
        let scope = ctx.session.scope();
        let at = now();
        let _guard = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        // Take the counter row first, before reading anything, so no other push commits between
        // this push's reads and its writes.
        let last: i64 = sqlx::query(
            "UPDATE counters SET value = value WHERE name = 'revision' RETURNING value",
        )
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let mut revisions = Revisions { last };
        let mut results = Vec::with_capacity(changes.len());
        for change in &changes {
            results.push(apply_change(&mut tx, &mut revisions, &ctx, &scope, change, &at).await?);
        }
        if revisions.last != last {
            sqlx::query("UPDATE counters SET value = $1 WHERE name = 'revision'")
                .bind(revisions.last)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(results)
    }

    async fn pull(
        &self,
        scope: &Scope,
        cursor: Revision,
        limit: u32,
    ) -> Result<PullResponse, StoreError> {
        let limit = limit.clamp(1, 1000) as i64;
        let cursor = cursor.0 as i64;
        // Everything at or below `high` is committed (revisions are handed out in commit order),
        // so reading the counter first makes `high` a safe cursor when nothing more is in scope.
        let high: i64 = sqlx::query("SELECT value FROM counters WHERE name = 'revision'")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let sql = format!(
            "SELECT revision, body FROM households WHERE revision > $1 AND revision <= $2 AND {} \
             ORDER BY revision LIMIT {}",
            scope_clause(scope, 3),
            limit + 1
        );
        let mut query = sqlx::query(&sql).bind(cursor).bind(high);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        let mut households = Vec::with_capacity(rows.len().min(limit as usize));
        for row in rows.iter().take(limit as usize) {
            let revision: i64 = row.try_get(0)?;
            let household: Household = serde_json::from_str(&row.try_get::<String, _>(1)?)
                .map_err(|e| corrupt("stored household", e))?;
            households.push(PulledHousehold {
                revision: Revision(revision as u64),
                household,
            });
        }
        let next = if more {
            households.last().map_or(cursor, |h| h.revision.0 as i64)
        } else {
            high.max(cursor)
        };
        Ok(PullResponse {
            households,
            cursor: Revision(next as u64),
            more,
        })
    }

    async fn history(
        &self,
        scope: &Scope,
        household_id: &str,
    ) -> Result<Option<Vec<HistoryEntry>>, StoreError> {
        let sql = format!(
            "SELECT 1 FROM households WHERE id = $1 AND {}",
            scope_clause(scope, 2)
        );
        let mut query = sqlx::query(&sql).bind(household_id);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        if query.fetch_optional(&self.pool).await?.is_none() {
            return Ok(None);
        }
        let rows = sqlx::query(
            "SELECT revision, kind, change_id, base_revision, username, device_id, edited_at, \
             received_at, body FROM history WHERE household_id = $1 ORDER BY revision",
        )
        .bind(household_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(history_entry)
            .collect::<Result<Vec<_>, StoreError>>()
            .map(Some)
    }

    async fn conflicts(&self, scope: &Scope) -> Result<Vec<ConflictEntry>, StoreError> {
        let sql = format!(
            "SELECT revision, household_id, area_code, stored_revision, incoming_revision, \
             fields, created_at FROM conflicts WHERE resolved_at IS NULL AND {} \
             ORDER BY revision DESC LIMIT 1000",
            scope_clause(scope, 1)
        );
        let mut query = sqlx::query(&sql);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(ConflictEntry {
                    revision: Revision(r.try_get::<i64, _>(0)? as u64),
                    household_id: r.try_get(1)?,
                    area_code: r.try_get(2)?,
                    stored_revision: Revision(r.try_get::<i64, _>(3)? as u64),
                    incoming_revision: Revision(r.try_get::<i64, _>(4)? as u64),
                    fields: serde_json::from_str(&r.try_get::<String, _>(5)?)
                        .map_err(|e| corrupt("conflict fields", e))?,
                    created_at: r.try_get(6)?,
                })
            })
            .collect()
    }

    async fn household_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM households")
            .fetch_one(&self.pool)
            .await?
            .try_get::<i64, _>(0)?)
    }

    // ---- The township office (`crate::office`) ----

    async fn households(&self, scope: &Scope) -> Result<Vec<(Revision, Household)>, StoreError> {
        let sql = format!(
            "SELECT revision, body FROM households WHERE {} ORDER BY id",
            scope_clause(scope, 1)
        );
        let mut query = sqlx::query(&sql);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(revision_and_household).collect()
    }

    async fn household(
        &self,
        scope: &Scope,
        household_id: &str,
    ) -> Result<Option<(Revision, Household)>, StoreError> {
        let sql = format!(
            "SELECT revision, body FROM households WHERE id = $1 AND {}",
            scope_clause(scope, 2)
        );
        let mut query = sqlx::query(&sql).bind(household_id);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        query
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(revision_and_household)
            .transpose()
    }

    async fn households_as_of(
        &self,
        scope: &Scope,
        received_before: &str,
    ) -> Result<Vec<Household>, StoreError> {
        let sql = format!(
            "SELECT h.body FROM history h JOIN (SELECT household_id, MAX(revision) AS rev \
             FROM history WHERE received_at < $1 AND {} GROUP BY household_id) latest \
             ON h.revision = latest.rev ORDER BY h.household_id",
            scope_clause(scope, 2)
        );
        let mut query = sqlx::query(&sql).bind(received_before);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                serde_json::from_str(&r.try_get::<String, _>(0)?).map_err(|e| corrupt("history", e))
            })
            .collect()
    }

    async fn audit_versions(
        &self,
        scope: &Scope,
        filter: AuditFilter<'_>,
        limit: u32,
    ) -> Result<Vec<AuditVersion>, StoreError> {
        const COLUMNS: &str = "revision, kind, change_id, base_revision, username, device_id, \
                               edited_at, received_at, body, household_id";
        let limit = limit.clamp(1, 1000);
        let rows = match filter {
            AuditFilter::Household(id) => {
                if self.household(scope, id).await?.is_none() {
                    return Ok(Vec::new());
                }
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM history WHERE household_id = $1 \
                     ORDER BY revision DESC LIMIT {limit}"
                ))
                .bind(id)
                .fetch_all(&self.pool)
                .await?
            }
            AuditFilter::Area(prefix) => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM history WHERE area_code LIKE $1 AND {} \
                     ORDER BY revision DESC LIMIT {limit}",
                    scope_clause(scope, 2)
                );
                let mut query = sqlx::query(&sql).bind(format!("{prefix}%"));
                for pattern in like_patterns(scope) {
                    query = query.bind(pattern);
                }
                query.fetch_all(&self.pool).await?
            }
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let entry = history_entry(row)?;
            let household_id: String = row.try_get(9)?;
            let before = match entry.base_revision {
                // Only a version of the same household: a base naming another one (refused at
                // push, but older rows may hold one) never shows another household here.
                Some(base) => {
                    sqlx::query(
                        "SELECT body FROM history WHERE revision = $1 AND household_id = $2",
                    )
                    .bind(base.0 as i64)
                    .bind(&household_id)
                    .fetch_optional(&self.pool)
                    .await?
                }
                None => {
                    sqlx::query(
                        "SELECT body FROM history WHERE household_id = $1 AND revision < $2 \
                         ORDER BY revision DESC LIMIT 1",
                    )
                    .bind(&household_id)
                    .bind(entry.revision.0 as i64)
                    .fetch_optional(&self.pool)
                    .await?
                }
            };
            let before = before
                .map(|r| r.try_get::<String, _>(0))
                .transpose()?
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(|e| corrupt("history", e))?;
            out.push(AuditVersion { entry, before });
        }
        Ok(out)
    }

    // ---- Imports and leads (`store/sql/imports.rs`) ----

    async fn create_job(&self, id: &str, username: &str, total: u32) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        imports::create_job(&self.pool, id, username, total).await
    }

    async fn update_job(&self, job: &ImportJob) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        imports::update_job(&self.pool, job).await
    }

    async fn job(&self, id: &str, username: &str) -> Result<Option<ImportJob>, StoreError> {
        imports::job(&self.pool, id, username).await
    }

    async fn add_unmatched(&self, area_prefix: &str, leads: &[Lead]) -> Result<u32, StoreError> {
        let _guard = self.write_guard().await;
        imports::add_unmatched(&self.pool, area_prefix, leads).await
    }

    async fn unmatched(
        &self,
        scope: &Scope,
        key: Option<&str>,
    ) -> Result<Vec<(String, Lead)>, StoreError> {
        imports::unmatched(&self.pool, scope, key).await
    }

    async fn assign_unmatched(
        &self,
        key: &str,
        household_id: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        imports::assign_unmatched(&self.pool, key, household_id, by).await
    }

    // ---- Attachments (`attachments.rs`) ----

    async fn add_attachment(&self, attachment: &StoredAttachment) -> Result<bool, StoreError> {
        let _guard = self.write_guard().await;
        attachments::add(&self.pool, attachment).await
    }

    async fn stored_attachments(
        &self,
        household_id: &str,
    ) -> Result<Vec<StoredAttachment>, StoreError> {
        attachments::of_household(&self.pool, household_id).await
    }

    // ---- Enrolment by QR code (`enrol.rs`) ----

    async fn add_enrolment(&self, code: NewEnrolment<'_>) -> Result<(), StoreError> {
        enrol::add(self, code).await
    }

    async fn redeem_enrolment(
        &self,
        code_hash: &str,
        device: EnrolledDevice<'_>,
    ) -> Result<Redeemed, StoreError> {
        enrol::redeem(self, code_hash, device).await
    }

    async fn set_enrolment_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        enrol::set_password(self, token_hash, password_hash, now).await
    }
}

// ---- The township office (`crate::office`): row readers and raw access ----

fn revision_and_household(row: &sqlx::any::AnyRow) -> Result<(Revision, Household), StoreError> {
    let revision: i64 = row.try_get(0)?;
    let household = serde_json::from_str(&row.try_get::<String, _>(1)?)
        .map_err(|e| corrupt("stored household", e))?;
    Ok((Revision(revision as u64), household))
}

/// A history row selected as revision, kind, change_id, base_revision, username, device_id,
/// edited_at, received_at, body.
fn history_entry(r: &sqlx::any::AnyRow) -> Result<HistoryEntry, StoreError> {
    Ok(HistoryEntry {
        revision: Revision(r.try_get::<i64, _>(0)? as u64),
        kind: r.try_get(1)?,
        change_id: r.try_get(2)?,
        base_revision: r.try_get::<Option<i64>, _>(3)?.map(|b| Revision(b as u64)),
        username: r.try_get(4)?,
        device_id: r.try_get(5)?,
        edited_at: r.try_get(6)?,
        received_at: r.try_get(7)?,
        household: serde_json::from_str(&r.try_get::<String, _>(8)?)
            .map_err(|e| corrupt("history", e))?,
    })
}

impl SqlStore {
    /// The connection pool, for tools and tests that need SQL the trait does not offer (the
    /// office tests backdate history to test "a year ago").
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}
