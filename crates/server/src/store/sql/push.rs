//! Applying one pushed change inside the push transaction: the resend check, scope and shape
//! checks, a fast-forward or a three-way merge (the domain's rule), the history rows, and the
//! answer stored under the change id.
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::Row;

use shouwang_domain::model::AreaCode;
use shouwang_domain::office::changes_office_decisions;
use shouwang_domain::sync::wire::{ApiError, Change, PushResult, PushStatus, Revision, Role};
use shouwang_domain::sync::{incoming_wins, merge_households, FieldConflict, Kept};
use shouwang_domain::{Household, Text};

use super::corrupt;
use crate::store::{Scope, Session, StoreError};

/// The current version of a household, as read inside a push.
struct Current {
    area_code: String,
    revision: i64,
    body: String,
    edited_at: String,
    device_id: String,
}

/// The version `base` of household `id`, as the history keeps it (`None` without a base).
async fn base_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    base: Option<i64>,
) -> Result<Option<Household>, StoreError> {
    let Some(base) = base else {
        return Ok(None);
    };
    sqlx::query("SELECT body FROM history WHERE revision = $1 AND household_id = $2")
        .bind(base)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get::<String, _>(0))
        .transpose()?
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|e| corrupt("base version", e))
}

fn rejected(change: &Change, reason: &str, zh: &str, en: &str) -> PushResult {
    PushResult {
        change_id: change.change_id.clone(),
        household_id: change.household.id.clone(),
        status: PushStatus::Rejected,
        revision: None,
        conflicts: Vec::new(),
        error: Some(ApiError {
            reason: reason.to_owned(),
            message: Text::new(zh, en),
        }),
    }
}

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

#[allow(clippy::too_many_arguments)]
async fn insert_history(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    revision: i64,
    household_id: &str,
    area_code: &str,
    kind: &str,
    body: &str,
    change_id: Option<&str>,
    base_revision: Option<i64>,
    session: &Session,
    edited_at: &str,
    received_at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO history (revision, household_id, area_code, kind, body, change_id, \
         base_revision, username, device_id, edited_at, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(revision)
    .bind(household_id)
    .bind(area_code)
    .bind(kind)
    .bind(body)
    .bind(change_id)
    .bind(base_revision)
    .bind(&session.account.username)
    .bind(&session.device_id.0)
    .bind(edited_at)
    .bind(received_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn set_current(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    exists: bool,
    household_id: &str,
    area_code: &str,
    revision: i64,
    body: &str,
    edited_at: &str,
    device_id: &str,
    session: &Session,
    now: &str,
) -> Result<(), StoreError> {
    let sql = if exists {
        "UPDATE households SET area_code = $2, revision = $3, body = $4, edited_at = $5, \
         device_id = $6, username = $7, updated_at = $8 WHERE id = $1"
    } else {
        "INSERT INTO households (id, area_code, revision, body, edited_at, device_id, username, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    };
    sqlx::query(sql)
        .bind(household_id)
        .bind(area_code)
        .bind(revision)
        .bind(body)
        .bind(edited_at)
        .bind(device_id)
        .bind(&session.account.username)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Applies one change inside the push transaction.
pub(super) async fn apply_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    revisions: &mut Revisions,
    session: &Session,
    scope: &Scope,
    change: &Change,
    now: &str,
) -> Result<PushResult, StoreError> {
    let change_id = change.change_id.0.as_str();
    let household_id = change.household.id.0.as_str();

    // A change seen before is answered from its stored result.
    if let Some(row) = sqlx::query("SELECT username, result FROM changes WHERE change_id = $1")
        .bind(change_id)
        .fetch_optional(&mut **tx)
        .await?
    {
        let owner: String = row.try_get(0)?;
        if owner != session.account.username {
            return Ok(rejected(
                change,
                "duplicate_change_id",
                "该修改编号已被其他用户使用",
                "This change id was used by another user",
            ));
        }
        let mut result: PushResult = serde_json::from_str(&row.try_get::<String, _>(1)?)
            .map_err(|e| corrupt("stored push result", e))?;
        result.status = PushStatus::AlreadyStored;
        return Ok(result);
    }

    let edited_at = match DateTime::parse_from_rfc3339(&change.edited_at) {
        Ok(t) => t.with_timezone(&Utc),
        Err(_) => {
            return Ok(rejected(
                change,
                "bad_request",
                "修改时间格式不正确",
                "The edit time is not an RFC 3339 time",
            ))
        }
    };
    let edited_at_text = edited_at.to_rfc3339_opts(SecondsFormat::Millis, true);
    if household_id.is_empty() {
        return Ok(rejected(
            change,
            "invalid_record",
            "农户缺少编号",
            "The household has no id",
        ));
    }
    let area_code = change.household.area.code.as_str();
    if area_code.parse::<AreaCode>().is_err() {
        return Ok(rejected(
            change,
            "invalid_record",
            "所在地区代码不是有效的 12 位统计用区划代码",
            "The area code is not a valid 12-digit statistical area code",
        ));
    }
    if !scope.contains(area_code) {
        return Ok(rejected(
            change,
            "forbidden_area",
            "无权修改该村的农户",
            "Not allowed to change households of that village",
        ));
    }

    let current = sqlx::query(
        "SELECT area_code, revision, body, edited_at, device_id FROM households WHERE id = $1",
    )
    .bind(household_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| -> Result<Current, StoreError> {
        Ok(Current {
            area_code: row.try_get(0)?,
            revision: row.try_get(1)?,
            body: row.try_get(2)?,
            edited_at: row.try_get(3)?,
            device_id: row.try_get(4)?,
        })
    })
    .transpose()?;
    if let Some(cur) = &current {
        if !scope.contains(&cur.area_code) {
            return Ok(rejected(
                change,
                "forbidden_area",
                "无权修改该村的农户",
                "Not allowed to change households of that village",
            ));
        }
    }

    let base = change.base_revision.map(|r| r.0 as i64);
    // What only the office decides changes through the office's calls, never in a field edit.
    let mut base_household = None;
    if session.account.role == Role::Worker {
        base_household = base_version(tx, household_id, base).await?;
        if changes_office_decisions(base_household.as_ref(), &change.household) {
            return Ok(rejected(
                change,
                "office_only",
                "审核决定、风险消除程序和风险消除标注只能由乡镇办公室办理，本次修改不能改动它们",
                "Review decisions, the exit procedure and the exit mark are the township office's: \
                 a field edit cannot change them",
            ));
        }
    }

    let body = serde_json::to_string(&change.household).map_err(|e| corrupt("household", e))?;
    let edit_rev = revisions.next();
    insert_history(
        tx,
        edit_rev,
        household_id,
        area_code,
        "edit",
        &body,
        Some(change_id),
        base,
        session,
        &edited_at_text,
        now,
    )
    .await?;

    let fast_forward = match &current {
        None => true,
        Some(cur) => base == Some(cur.revision),
    };
    let result = if fast_forward {
        set_current(
            tx,
            current.is_some(),
            household_id,
            area_code,
            edit_rev,
            &body,
            &edited_at_text,
            &session.device_id.0,
            session,
            now,
        )
        .await?;
        PushResult {
            change_id: change.change_id.clone(),
            household_id: change.household.id.clone(),
            status: PushStatus::Stored,
            revision: Some(Revision(edit_rev as u64)),
            conflicts: Vec::new(),
            error: None,
        }
    } else {
        let cur = current
            .as_ref()
            .expect("not a fast-forward, so a current version exists");
        let stored: Household =
            serde_json::from_str(&cur.body).map_err(|e| corrupt("stored household", e))?;
        let base_household = match base_household {
            Some(known) => Some(known),
            None => base_version(tx, household_id, base).await?,
        };
        let stored_at = DateTime::parse_from_rfc3339(&cur.edited_at)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| corrupt("stored edit time", e))?;
        let wins = incoming_wins(
            (stored_at, cur.device_id.as_str()),
            (edited_at, session.device_id.0.as_str()),
        );
        let (merged, conflicts) = match merge_households(
            base_household.as_ref(),
            &stored,
            &change.household,
            wins,
        ) {
            Ok(m) => m,
            // The merge made something that is not a household: keep the last writer's whole
            // record and say so; both versions are in the history.
            Err(e) => {
                tracing::error!(household_id, error = %e, "merge failed; keeping the last writer's record");
                let (kept, winner) = if wins {
                    (Kept::Incoming, change.household.clone())
                } else {
                    (Kept::Stored, stored.clone())
                };
                let conflict = FieldConflict {
                    path: "(record)".into(),
                    base: None,
                    stored: serde_json::to_value(&stored).ok(),
                    incoming: serde_json::to_value(&change.household).ok(),
                    kept,
                };
                (winner, vec![conflict])
            }
        };
        let merged_body =
            serde_json::to_string(&merged).map_err(|e| corrupt("merged household", e))?;
        let merged_rev = revisions.next();
        let merged_at =
            std::cmp::max(stored_at, edited_at).to_rfc3339_opts(SecondsFormat::Millis, true);
        let merged_area = merged.area.code.as_str().to_owned();
        insert_history(
            tx,
            merged_rev,
            household_id,
            &merged_area,
            "merge",
            &merged_body,
            None,
            Some(cur.revision),
            session,
            &merged_at,
            now,
        )
        .await?;
        let winner_device = if wins {
            session.device_id.0.clone()
        } else {
            cur.device_id.clone()
        };
        set_current(
            tx,
            true,
            household_id,
            &merged_area,
            merged_rev,
            &merged_body,
            &merged_at,
            &winner_device,
            session,
            now,
        )
        .await?;
        if !conflicts.is_empty() {
            sqlx::query(
                "INSERT INTO conflicts (revision, household_id, area_code, stored_revision, \
                 incoming_revision, fields, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(merged_rev)
            .bind(household_id)
            .bind(&merged_area)
            .bind(cur.revision)
            .bind(edit_rev)
            .bind(serde_json::to_string(&conflicts).map_err(|e| corrupt("conflicts", e))?)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        PushResult {
            change_id: change.change_id.clone(),
            household_id: change.household.id.clone(),
            status: PushStatus::Merged,
            revision: Some(Revision(merged_rev as u64)),
            conflicts,
            error: None,
        }
    };

    sqlx::query(
        "INSERT INTO changes (change_id, household_id, username, device_id, result, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(change_id)
    .bind(household_id)
    .bind(&session.account.username)
    .bind(&session.device_id.0)
    .bind(serde_json::to_string(&result).map_err(|e| corrupt("push result", e))?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(result)
}
