//! The people of each current household (`person_keys`): kept with the current version, and read
//! at push to warn when an ID number is already in another household of the caller's areas. The
//! person's key and the warning's words are the domain's ([`person_key`], [`duplicate_warning`]).
use std::collections::BTreeSet;

use sqlx::Row;

use shouwang_domain::validate::{duplicate_warning, person_key};
use shouwang_domain::{Household, Problem};

use super::{corrupt, like_patterns, scope_clause};
use crate::store::{Scope, StoreError};

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// The distinct person keys of `h` (none for a voided household: it counts nowhere).
fn keys(h: &Household) -> BTreeSet<String> {
    if h.is_voided() {
        return BTreeSet::new();
    }
    h.members.iter().filter_map(person_key).collect()
}

/// Writes `h`'s people in place of the ones of its previous version.
pub(super) async fn index(conn: &mut sqlx::AnyConnection, h: &Household) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM person_keys WHERE household_id = $1")
        .bind(&h.id.0)
        .execute(&mut *conn)
        .await?;
    for key in keys(h) {
        sqlx::query(
            "INSERT INTO person_keys (person_key, household_id, area_code) VALUES ($1, $2, $3)",
        )
        .bind(key)
        .bind(&h.id.0)
        .bind(&h.area.code)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A warning on each member of `h` whose person is in another household within `scope`, naming
/// that household by its head and village (only households the caller may see are named).
pub(super) async fn warnings(
    tx: &mut Tx<'_>,
    scope: &Scope,
    h: &Household,
) -> Result<Vec<Problem>, StoreError> {
    if h.is_voided() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT household_id FROM person_keys WHERE person_key = $1 AND household_id <> $2 \
         AND {} ORDER BY household_id LIMIT 1",
        scope_clause(scope, 3)
    );
    let mut out = Vec::new();
    for (i, m) in h.members.iter().enumerate() {
        let Some(key) = person_key(m) else { continue };
        let mut query = sqlx::query(&sql).bind(key).bind(&h.id.0);
        for pattern in like_patterns(scope) {
            query = query.bind(pattern);
        }
        let Some(row) = query.fetch_optional(&mut **tx).await? else {
            continue;
        };
        let other: String = row.try_get(0)?;
        let body: String = sqlx::query("SELECT body FROM households WHERE id = $1")
            .bind(&other)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
        let other: Household =
            serde_json::from_str(&body).map_err(|e| corrupt("stored household", e))?;
        let head = other.head().map_or("", |m| m.name.as_str());
        out.push(duplicate_warning(i, head, &other.area.name));
    }
    Ok(out)
}

/// Indexes the households stored before `person_keys` existed (those with no row in it: also
/// those without any ID number, which cost a read and nothing else), in pages.
pub(super) async fn backfill(pool: &sqlx::AnyPool) -> Result<(), StoreError> {
    let mut after = String::new();
    loop {
        let rows = sqlx::query(
            "SELECT id, body FROM households WHERE id > $1 AND id NOT IN \
             (SELECT household_id FROM person_keys) ORDER BY id LIMIT 500",
        )
        .bind(&after)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get(0)?;
        let mut tx = pool.begin().await?;
        for row in &rows {
            let body: String = row.try_get(1)?;
            // A row that does not read is reported by every call that needs it, not here: the
            // server still starts.
            let Ok(h) = serde_json::from_str::<Household>(&body) else {
                tracing::warn!(household = %row.try_get::<String, _>(0)?, "stored household does not read; not indexed");
                continue;
            };
            if !keys(&h).is_empty() {
                index(&mut tx, &h).await?;
            }
        }
        tx.commit().await?;
    }
}
