//! The tables of migration 0004: background imports (`import_jobs`) and the rows of the
//! departments' lists that matched no household (`unmatched_leads`). Plain reads and writes; the
//! rules are the domain's.
use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyPool, Row};

use shouwang_domain::import::report::{ImportJob, ImportReport, JobStatus};
use shouwang_domain::model::Lead;
use shouwang_domain::sync::wire::ApiError;
use shouwang_domain::text;

use super::{corrupt, now};
use crate::store::{Scope, StoreError};

/// A running job not heard from for this long was stopped (its server restarted).
const STALLED_MINUTES: i64 = 10;

fn status_name(s: JobStatus) -> &'static str {
    match s {
        JobStatus::Running => "running",
        JobStatus::Done => "done",
        JobStatus::Failed => "failed",
    }
}

pub(super) async fn create_job(
    pool: &AnyPool,
    id: &str,
    username: &str,
    total: u32,
) -> Result<(), StoreError> {
    let at = now();
    sqlx::query(
        "INSERT INTO import_jobs (id, username, status, done, total, created_at, updated_at) \
         VALUES ($1, $2, 'running', 0, $3, $4, $4)",
    )
    .bind(id)
    .bind(username)
    .bind(i64::from(total))
    .bind(&at)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn update_job(pool: &AnyPool, job: &ImportJob) -> Result<(), StoreError> {
    let report = job
        .report
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| corrupt("import report", e))?;
    let error = job
        .error
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| corrupt("import error", e))?;
    sqlx::query(
        "UPDATE import_jobs SET status = $2, done = $3, total = $4, report = $5, error = $6, \
         updated_at = $7 WHERE id = $1",
    )
    .bind(&job.id)
    .bind(status_name(job.status))
    .bind(i64::from(job.done))
    .bind(i64::from(job.total))
    .bind(report)
    .bind(error)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn job(
    pool: &AnyPool,
    id: &str,
    username: &str,
) -> Result<Option<ImportJob>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT status, done, total, report, error, updated_at FROM import_jobs \
         WHERE id = $1 AND username = $2",
    )
    .bind(id)
    .bind(username)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let mut status = match row.try_get::<String, _>(0)?.as_str() {
        "running" => JobStatus::Running,
        "done" => JobStatus::Done,
        "failed" => JobStatus::Failed,
        other => return Err(StoreError::Corrupt(format!("job status {other:?}"))),
    };
    let report: Option<ImportReport> = row
        .try_get::<Option<String>, _>(3)?
        .map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(|e| corrupt("import report", e))?;
    let mut error: Option<ApiError> = row
        .try_get::<Option<String>, _>(4)?
        .map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(|e| corrupt("import error", e))?;
    let updated: DateTime<Utc> = DateTime::parse_from_rfc3339(&row.try_get::<String, _>(5)?)
        .map_err(|e| corrupt("job time", e))?
        .with_timezone(&Utc);
    if status == JobStatus::Running && Utc::now() - updated > Duration::minutes(STALLED_MINUTES) {
        status = JobStatus::Failed;
        error = Some(ApiError {
            reason: "import_interrupted".into(),
            message: text!(
                "导入中断（服务器曾重启）：已导入的农户已保存，请再导入一次同一文件，已导入的不会重复",
                "The import was interrupted (the server restarted): what was imported is kept; import the same file again, nothing is stored twice"
            ),
        });
    }
    Ok(Some(ImportJob {
        id: id.to_owned(),
        status,
        done: row.try_get::<i64, _>(1)? as u32,
        total: row.try_get::<i64, _>(2)? as u32,
        report,
        error,
    }))
}

/// Keeps `leads` (rows matching no household) for `area_prefix`, each once; returns how many
/// were new.
pub(super) async fn add_unmatched(
    pool: &AnyPool,
    area_prefix: &str,
    leads: &[Lead],
) -> Result<u32, StoreError> {
    let mut tx = pool.begin().await?;
    let at = now();
    let mut added = 0;
    for lead in leads {
        let body = serde_json::to_string(lead).map_err(|e| corrupt("lead", e))?;
        let done = sqlx::query(
            "INSERT INTO unmatched_leads (key, area_prefix, lead, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
        )
        .bind(format!("{area_prefix}|{}", lead.id))
        .bind(area_prefix)
        .bind(body)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        added += done.rows_affected() as u32;
    }
    tx.commit().await?;
    Ok(added)
}

/// `area_prefix LIKE $k OR …` for a scope: a row is the caller's when its area is under one of
/// the caller's prefixes (a township's rows are its county's too, not the other way round).
fn under_scope(scope: &Scope, first: usize) -> String {
    if scope.prefixes().is_empty() {
        return "1 = 0".to_owned();
    }
    let parts: Vec<String> = (0..scope.prefixes().len())
        .map(|i| format!("area_prefix LIKE ${}", first + i))
        .collect();
    format!("({})", parts.join(" OR "))
}

/// The caller's rows not yet assigned, optionally only `key`'s, oldest first.
pub(super) async fn unmatched(
    pool: &AnyPool,
    scope: &Scope,
    key: Option<&str>,
) -> Result<Vec<(String, Lead)>, StoreError> {
    let sql = format!(
        "SELECT key, lead FROM unmatched_leads WHERE assigned_at IS NULL AND ($1 = '' OR key = $1) \
         AND {} ORDER BY created_at, key LIMIT 5000",
        under_scope(scope, 2)
    );
    let mut query = sqlx::query(&sql).bind(key.unwrap_or(""));
    for p in scope.prefixes() {
        query = query.bind(format!("{p}%"));
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            let lead = serde_json::from_str(&r.try_get::<String, _>(1)?)
                .map_err(|e| corrupt("unmatched lead", e))?;
            Ok((r.try_get(0)?, lead))
        })
        .collect()
}

pub(super) async fn assign_unmatched(
    pool: &AnyPool,
    key: &str,
    household_id: &str,
    by: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE unmatched_leads SET assigned_to = $2, assigned_by = $3, assigned_at = $4 \
         WHERE key = $1",
    )
    .bind(key)
    .bind(household_id)
    .bind(by)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}
