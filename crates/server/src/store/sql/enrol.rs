//! Enrolment codes in SQL (table `enrolments`, migration 0003): issue, use once, set the
//! worker's own password once. Each is one transaction, under SQLite's writer lock.
use sqlx::Row;

use super::SqlStore;
use crate::store::{EnrolledDevice, NewEnrolment, Redeemed, StoreError};

pub(super) async fn add(store: &SqlStore, code: NewEnrolment<'_>) -> Result<(), StoreError> {
    let _guard = store.write_guard().await;
    let mut tx = store.pool.begin().await?;
    // A reprinted sheet replaces the last one: its codes stop working.
    sqlx::query("DELETE FROM enrolments WHERE username = $1 AND used_at IS NULL")
        .bind(code.username)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO enrolments (code_hash, username, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code.code_hash)
    .bind(code.username)
    .bind(code.created_by)
    .bind(code.created_at)
    .bind(code.expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn redeem(
    store: &SqlStore,
    code_hash: &str,
    device: EnrolledDevice<'_>,
) -> Result<Redeemed, StoreError> {
    let _guard = store.write_guard().await;
    let mut tx = store.pool.begin().await?;
    // Times are RFC 3339 UTC text of one format, so they compare as text.
    let used = sqlx::query(
        "UPDATE enrolments SET used_at = $2, token_hash = $3 \
         WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 \
         AND username IN (SELECT username FROM users WHERE disabled_at IS NULL) \
         RETURNING username",
    )
    .bind(code_hash)
    .bind(device.now)
    .bind(device.token_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = used else {
        let found = sqlx::query(
            "SELECT e.used_at, e.expires_at, u.disabled_at FROM enrolments e \
             JOIN users u ON u.username = e.username WHERE e.code_hash = $1",
        )
        .bind(code_hash)
        .fetch_optional(&mut *tx)
        .await?;
        return Ok(match found {
            None => Redeemed::Unknown,
            Some(r) if r.try_get::<Option<String>, _>(2)?.is_some() => Redeemed::Unknown,
            Some(r) if r.try_get::<Option<String>, _>(0)?.is_some() => Redeemed::Used,
            Some(_) => Redeemed::Expired,
        });
    };
    let username: String = row.try_get(0)?;
    sqlx::query(
        "INSERT INTO devices (token_hash, username, device_id, device_name, created_at, \
         last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(device.token_hash)
    .bind(&username)
    .bind(&device.device_id.0)
    .bind(device.device_name)
    .bind(device.now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Redeemed::SignedIn(username))
}

pub(super) async fn set_password(
    store: &SqlStore,
    token_hash: &str,
    password_hash: &str,
    now: &str,
) -> Result<bool, StoreError> {
    let _guard = store.write_guard().await;
    let mut tx = store.pool.begin().await?;
    let Some(row) = sqlx::query(
        "UPDATE enrolments SET password_set_at = $2 \
         WHERE token_hash = $1 AND used_at IS NOT NULL AND password_set_at IS NULL \
         RETURNING username",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(false);
    };
    let username: String = row.try_get(0)?;
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = 0 WHERE username = $1",
    )
    .bind(&username)
    .bind(password_hash)
    .execute(&mut *tx)
    .await?;
    // A new password signs the user out everywhere else (a lost phone among them).
    sqlx::query(
        "UPDATE devices SET revoked_at = $3 WHERE username = $1 AND token_hash <> $2 \
         AND revoked_at IS NULL",
    )
    .bind(&username)
    .bind(token_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}
