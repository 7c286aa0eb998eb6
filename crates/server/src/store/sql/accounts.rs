//! Sign-in throttling and the use of tokens: failed sign-ins counted per key, the idle expiry of
//! a token and its last use, and the revocation of a user's other tokens.
//!
//! Times are RFC 3339 UTC text with milliseconds (as every time the store keeps), so they
//! compare as text on both databases.
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use shouwang_domain::sync::plan::time_text;
use shouwang_domain::sync::wire::DeviceId;

use super::{Backend, SqlStore};
use crate::store::{account_key, Counted, LoginGate, Session, StoreError, Throttle};

/// A token's last use is written again only when it is older than this.
const TOUCH_EVERY_SECONDS: i64 = 60;

fn parse_time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| super::corrupt("stored time", e))
}

impl SqlStore {
    pub(super) async fn login_attempt_sql(
        &self,
        keys: &[String],
        throttle: Throttle<'_>,
    ) -> Result<LoginGate, StoreError> {
        let (now, window) = (time_text(throttle.now), time_text(throttle.window_start));
        let _guard = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        // Rows first, so PostgreSQL can lock them: concurrent attempts on one key queue here.
        for key in keys {
            sqlx::query(
                "INSERT INTO login_throttle (key, failures, last_failure) VALUES ($1, 0, $2) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let mut rows = Vec::with_capacity(keys.len());
        let mut blocked: Option<String> = None;
        for key in keys {
            let row = sqlx::query(&format!(
                "SELECT failures, last_failure, blocked_until FROM login_throttle \
                 WHERE key = $1{lock}"
            ))
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
            let failures: i64 = row.try_get(0)?;
            let last: String = row.try_get(1)?;
            let until: Option<String> = row.try_get(2)?;
            if let Some(until) = until.filter(|u| *u > now) {
                blocked = blocked.max(Some(until));
            }
            rows.push((key, failures, last));
        }
        if let Some(until) = blocked {
            tx.rollback().await?;
            return Ok(LoginGate::Blocked(parse_time(&until)?));
        }
        let mut counted = Vec::with_capacity(keys.len());
        for (key, failures, last) in rows {
            let n = if last < window { 1 } else { failures + 1 };
            let block = (throttle.block_for)(key, u32::try_from(n).unwrap_or(u32::MAX))
                .map(|d| time_text(throttle.now + d));
            sqlx::query(
                "UPDATE login_throttle SET failures = $2, last_failure = $3, blocked_until = $4 \
                 WHERE key = $1",
            )
            .bind(key)
            .bind(n)
            .bind(&now)
            .bind(&block)
            .execute(&mut *tx)
            .await?;
            counted.push((key.clone(), block));
        }
        // Keys whose failures are forgotten and that block nothing are of no more use.
        sqlx::query(
            "DELETE FROM login_throttle WHERE last_failure < $1 \
             AND (blocked_until IS NULL OR blocked_until < $2)",
        )
        .bind(&window)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(LoginGate::Counted(Counted { keys: counted }))
    }

    pub(super) async fn login_succeeded_sql(
        &self,
        counted: &Counted,
        clear: &str,
    ) -> Result<(), StoreError> {
        let _guard = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM login_throttle WHERE key = $1")
            .bind(clear)
            .execute(&mut *tx)
            .await?;
        for (key, block) in counted.keys.iter().filter(|(k, _)| k != clear) {
            // The block this attempt set goes with it; one set since by another stays.
            sqlx::query(
                "UPDATE login_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 \
                 ELSE 0 END, blocked_until = CASE WHEN blocked_until = $2 THEN NULL \
                 ELSE blocked_until END WHERE key = $1",
            )
            .bind(key)
            .bind(block)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn unlock_sql(&self, username: &str) -> Result<bool, StoreError> {
        let _guard = self.write_guard().await;
        let done = sqlx::query("DELETE FROM login_throttle WHERE key = $1")
            .bind(account_key(username))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub(super) async fn touch_session_sql(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> Result<Option<Session>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT u.username, u.display_name, u.role, u.must_change_password, d.device_id, \
             d.last_seen_at FROM devices d JOIN users u ON u.username = d.username \
             WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let last_seen = parse_time(&row.try_get::<String, _>("last_seen_at")?)?;
        if last_seen < idle_since {
            let _guard = self.write_guard().await;
            sqlx::query(
                "UPDATE devices SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(token_hash)
            .bind(time_text(now))
            .execute(&self.pool)
            .await?;
            return Ok(None);
        }
        if now - last_seen >= Duration::seconds(TOUCH_EVERY_SECONDS) {
            let _guard = self.write_guard().await;
            sqlx::query(
                "UPDATE devices SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
            )
            .bind(token_hash)
            .bind(time_text(now))
            .execute(&self.pool)
            .await?;
        }
        let areas = self.areas(&row.try_get::<String, _>("username")?).await?;
        Ok(Some(Session {
            account: Self::account_of(&row, areas)?,
            device_id: DeviceId(row.try_get("device_id")?),
        }))
    }

    pub(super) async fn revoke_other_tokens_sql(
        &self,
        username: &str,
        keep: &str,
    ) -> Result<u64, StoreError> {
        let _guard = self.write_guard().await;
        let done = sqlx::query(
            "UPDATE devices SET revoked_at = $3 WHERE username = $1 AND token_hash <> $2 \
             AND revoked_at IS NULL",
        )
        .bind(username)
        .bind(keep)
        .bind(time_text(Utc::now()))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
