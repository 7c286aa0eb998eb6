//! One pushed change inside the push transaction: read what the server holds about it, ask the
//! domain's plan ([`plan_change`]), write what the plan says (the history rows, the current
//! version with its people, the conflict, and the answer stored under the change id, with a
//! warning for each ID number already in another household of the caller's areas). No rule
//! lives here.
use chrono::{DateTime, Utc};
use sqlx::Row;

use shouwang_domain::sync::plan::{time_text, Context, Earlier, Found, Storing, Version};
use shouwang_domain::sync::wire::{Change, PushResult, PushStatus, Revision};
use shouwang_domain::sync::{plan_change, Actor, Plan};
use shouwang_domain::Household;

use super::corrupt;
use crate::store::{PushContext, Scope, StoreError};

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// The revisions a push hands out, from the counter row it holds.
pub(super) struct Revisions {
    pub(super) last: i64,
}

impl Revisions {
    fn next(&mut self) -> i64 {
        self.last += 1;
        self.last
    }
}

fn household_of(text: &str, what: &str) -> Result<Household, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

fn stored_time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt("stored edit time", e))
}

/// What the plan needs to know about `change`, read inside the transaction.
async fn find(tx: &mut Tx<'_>, change: &Change) -> Result<Found, StoreError> {
    let id = change.household.id.0.as_str();
    let earlier = sqlx::query("SELECT username, result FROM changes WHERE change_id = $1")
        .bind(&change.change_id.0)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| -> Result<Earlier, StoreError> {
            Ok(Earlier {
                username: row.try_get(0)?,
                result: serde_json::from_str(&row.try_get::<String, _>(1)?)
                    .map_err(|e| corrupt("stored push result", e))?,
            })
        })
        .transpose()?;
    if earlier.is_some() {
        return Ok(Found {
            earlier,
            ..Found::default()
        });
    }
    let current =
        sqlx::query("SELECT revision, body, edited_at, device_id FROM households WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|row| -> Result<Version, StoreError> {
                Ok(Version {
                    revision: Revision(row.try_get::<i64, _>(0)? as u64),
                    household: household_of(&row.try_get::<String, _>(1)?, "stored household")?,
                    edited_at: stored_time(&row.try_get::<String, _>(2)?)?,
                    device_id: row.try_get(3)?,
                })
            })
            .transpose()?;
    // The base only as a version of this very household: a revision of another one is unknown.
    let base = match change.base_revision {
        Some(base) => {
            let query =
                sqlx::query("SELECT body FROM history WHERE revision = $1 AND household_id = $2")
                    .bind(base.0 as i64)
                    .bind(id);
            version_body(tx, query).await?
        }
        None => None,
    };
    let first = match (&current, change.base_revision) {
        (Some(_), None) => {
            let query = sqlx::query(
                "SELECT body FROM history WHERE household_id = $1 ORDER BY revision LIMIT 1",
            )
            .bind(id);
            version_body(tx, query).await?
        }
        _ => None,
    };
    Ok(Found {
        earlier: None,
        current,
        base,
        first,
    })
}

/// The household of the one history row `query` selects.
async fn version_body<'q>(
    tx: &mut Tx<'_>,
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> Result<Option<Household>, StoreError> {
    query
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get::<String, _>(0))
        .transpose()?
        .map(|text| household_of(&text, "history version"))
        .transpose()
}

/// One row of the history.
struct HistoryRow<'a> {
    revision: i64,
    household: &'a Household,
    /// The household as JSON, written to both the history and the current row.
    body: String,
    kind: &'a str,
    change_id: Option<&'a str>,
    base_revision: Option<i64>,
    edited_at: &'a str,
}

/// Applies one change inside the push transaction.
pub(super) async fn apply_change(
    tx: &mut Tx<'_>,
    revisions: &mut Revisions,
    ctx: &PushContext<'_>,
    scope: &Scope,
    change: &Change,
    received_at: &str,
) -> Result<PushResult, StoreError> {
    let found = find(tx, change).await?;
    let session = ctx.session;
    let plan = plan_change(
        change,
        &found,
        &Context {
            actor: Actor {
                username: &session.account.username,
                device_id: &session.device_id.0,
                role: session.account.role,
                via: ctx.via,
            },
            scope,
            policy: ctx.policy,
            now: ctx.now,
            today: ctx.today,
        },
    );
    let storing = match plan {
        Plan::Resend(result) => return Ok(result),
        Plan::Refuse(error) => {
            return Ok(PushResult {
                change_id: change.change_id.clone(),
                household_id: change.household.id.clone(),
                status: PushStatus::Rejected,
                revision: None,
                conflicts: Vec::new(),
                error: Some(error),
                warnings: Vec::new(),
            })
        }
        Plan::Store(storing) => storing,
    };
    let mut result = write(
        tx,
        revisions,
        ctx,
        change,
        &storing,
        found.current.is_some(),
        received_at,
    )
    .await?;
    let stored = storing
        .merge
        .as_ref()
        .map_or(&change.household, |m| &m.household);
    result.warnings = super::people::warnings(tx, scope, stored).await?;
    sqlx::query(
        "INSERT INTO changes (change_id, household_id, username, device_id, result, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&change.change_id.0)
    .bind(&change.household.id.0)
    .bind(&session.account.username)
    .bind(&session.device_id.0)
    .bind(serde_json::to_string(&result).map_err(|e| corrupt("push result", e))?)
    .bind(received_at)
    .execute(&mut **tx)
    .await?;
    Ok(result)
}

/// Writes the edit, and the merge if the plan made one, as the plan says.
async fn write(
    tx: &mut Tx<'_>,
    revisions: &mut Revisions,
    ctx: &PushContext<'_>,
    change: &Change,
    storing: &Storing,
    exists: bool,
    received_at: &str,
) -> Result<PushResult, StoreError> {
    let edited_at = time_text(storing.edited_at);
    let edit_rev = revisions.next();
    let edit = HistoryRow {
        revision: edit_rev,
        household: &change.household,
        body: serde_json::to_string(&change.household).map_err(|e| corrupt("household", e))?,
        kind: "edit",
        change_id: Some(&change.change_id.0),
        base_revision: change.base_revision.map(|r| r.0 as i64),
        edited_at: &edited_at,
    };
    insert_history(tx, ctx, &edit, received_at).await?;
    let Some(merge) = &storing.merge else {
        set_current(
            tx,
            ctx,
            exists,
            &edit,
            &ctx.session.device_id.0,
            received_at,
        )
        .await?;
        return Ok(storing.result(change, Revision(edit_rev as u64), None));
    };
    let merged_rev = revisions.next();
    let merged_at = time_text(merge.edited_at);
    let merged = HistoryRow {
        revision: merged_rev,
        household: &merge.household,
        body: serde_json::to_string(&merge.household)
            .map_err(|e| corrupt("merged household", e))?,
        kind: "merge",
        change_id: None,
        base_revision: Some(merge.stored_revision.0 as i64),
        edited_at: &merged_at,
    };
    insert_history(tx, ctx, &merged, received_at).await?;
    set_current(tx, ctx, true, &merged, &merge.device_id, received_at).await?;
    if !merge.conflicts.is_empty() {
        sqlx::query(
            "INSERT INTO conflicts (revision, household_id, area_code, stored_revision, \
             incoming_revision, fields, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(merged_rev)
        .bind(&merge.household.id.0)
        .bind(&merge.household.area.code)
        .bind(merge.stored_revision.0 as i64)
        .bind(edit_rev)
        .bind(serde_json::to_string(&merge.conflicts).map_err(|e| corrupt("conflicts", e))?)
        .bind(received_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(storing.result(
        change,
        Revision(edit_rev as u64),
        Some(Revision(merged_rev as u64)),
    ))
}

async fn insert_history(
    tx: &mut Tx<'_>,
    ctx: &PushContext<'_>,
    row: &HistoryRow<'_>,
    received_at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO history (revision, household_id, area_code, kind, body, change_id, \
         base_revision, username, device_id, edited_at, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(row.revision)
    .bind(&row.household.id.0)
    .bind(&row.household.area.code)
    .bind(row.kind)
    .bind(&row.body)
    .bind(row.change_id)
    .bind(row.base_revision)
    .bind(&ctx.session.account.username)
    .bind(&ctx.session.device_id.0)
    .bind(row.edited_at)
    .bind(received_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn set_current(
    tx: &mut Tx<'_>,
    ctx: &PushContext<'_>,
    exists: bool,
    row: &HistoryRow<'_>,
    device_id: &str,
    received_at: &str,
) -> Result<(), StoreError> {
    let sql = if exists {
        "UPDATE households SET area_code = $2, revision = $3, body = $4, edited_at = $5, \
         device_id = $6, username = $7, updated_at = $8 WHERE id = $1"
    } else {
        "INSERT INTO households (id, area_code, revision, body, edited_at, device_id, username, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    };
    sqlx::query(sql)
        .bind(&row.household.id.0)
        .bind(&row.household.area.code)
        .bind(row.revision)
        .bind(&row.body)
        .bind(row.edited_at)
        .bind(device_id)
        .bind(&ctx.session.account.username)
        .bind(received_at)
        .execute(&mut **tx)
        .await?;
    super::people::index(tx, row.household).await
}
