//! The `attachments` table: which uploaded bytes the server holds for each household. The same
//! SQL on SQLite and PostgreSQL; the bytes themselves are files ([`crate::blobs`]).
use sqlx::{AnyPool, Row};

use crate::store::{StoreError, StoredAttachment};

/// Inserts the row unless it is there; whether it was new. `ON CONFLICT DO NOTHING` makes two
/// uploads of the same bytes at once one row and one "new", without a unique-key error.
pub(super) async fn add(pool: &AnyPool, a: &StoredAttachment) -> Result<bool, StoreError> {
    let bytes = i64::try_from(a.bytes)
        .map_err(|_| StoreError::Corrupt(format!("attachment of {} bytes", a.bytes)))?;
    let done = sqlx::query(
        "INSERT INTO attachments (household_id, sha256, content_type, bytes, stored_by, \
         stored_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&a.household_id)
    .bind(&a.sha256)
    .bind(&a.content_type)
    .bind(bytes)
    .bind(&a.stored_by)
    .bind(&a.stored_at)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn of_household(
    pool: &AnyPool,
    household_id: &str,
) -> Result<Vec<StoredAttachment>, StoreError> {
    let rows = sqlx::query(
        "SELECT household_id, sha256, content_type, bytes, stored_by, stored_at \
         FROM attachments WHERE household_id = $1 ORDER BY sha256",
    )
    .bind(household_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredAttachment {
                household_id: r.try_get(0)?,
                sha256: r.try_get(1)?,
                content_type: r.try_get(2)?,
                bytes: u64::try_from(r.try_get::<i64, _>(3)?)
                    .map_err(|e| super::corrupt("attachment size", e))?,
                stored_by: r.try_get(4)?,
                stored_at: r.try_get(5)?,
            })
        })
        .collect()
}
