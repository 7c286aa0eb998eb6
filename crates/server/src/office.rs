//! The township office's API under `/api/v1/office`: dashboard, review queue, decisions, exit,
//! exports, the 公示 list and the audit trail.
//!
//! Every call needs the role `reviewer` or `admin` (a worker gets 403 `forbidden_role`) and sees
//! only the caller's areas, like sync. The rules are the domain crate's ([`shouwang_domain::office`]);
//! the handlers read, call them and store. A decision, an exit or its withdrawal is stored as a new version of the
//! household through the same [`Storage::push`] as a phone's edit, so the history records who and
//! when, and the worker's phone pulls it on its next sync.
//!
//! | call | answer (JSON unless said) |
//! | --- | --- |
//! | `GET dashboard[?date=YYYY-MM-DD]` | [`Dashboard`]: `total`, `villages[]`, `scale_alerts[]`, `definitions[]` |
//! | `GET queue[?date=]` | [`Queue`] `{as_of, items: [QueueItem]}`: both procedures, overdue first |
//! | `POST households/{id}/decision` [`DecisionRequest`] `{procedure, step, approve, comment, on?, base_revision}` | [`Stored`]; an exit's county approval may answer 422 [`ExitNotEligible`] |
//! | `POST households/{id}/exit` [`ExitRequest`] `{mode, started?, base_revision}` (opens the exit procedure) | [`Stored`]; 422 [`ExitNotEligible`] `{reason, message, unmet: [Reason]}` |
//! | `POST households/{id}/exit/withdraw` [`WithdrawExitRequest`] `{reason, base_revision}` (撤回: closes the open exit procedure, dated today) | [`Stored`] |
//! | `GET export.csv?sheet=households\|members` | CSV, UTF-8 with BOM |
//! | `GET export.xlsx` | XLSX with the sheets 户 and 成员 |
//! | `GET publicity?village=CODE[&names=full\|masked]` | [`PublicityNotice`]: `rows[]` proposed for monitoring, `exits[]` proposed for 风险消除 |
//! | `GET audit?household=ID\|village=CODE[&limit=N]` | [`Audit`] `{entries: [AuditEntry]}`, newest first |
//!
//! The request and answer types are the domain's ([`shouwang_domain::office::wire`]), shared
//! with the app and frozen by its golden tests.
//!
//! Errors are [`ApiError`] JSON `{reason, message: {zh, en}}`: `forbidden_role` (403),
//! `not_found` (404), `stale` (409, reload and decide again), `bad_request` (400), and the domain's
//! refusals (422: `wrong_step`, `comment_required`, `publicity_too_short`, `publicity_not_started`,
//! `date_in_future`, `date_before_previous_step`, `no_open_procedure`, `no_open_exit`,
//! `exit_already_approved`, `reason_required`, and `exit_not_eligible` with the list of unmet
//! conditions).
use std::sync::OnceLock;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Days, NaiveDate, SecondsFormat, Utc};
use serde::{de::DeserializeOwned, Deserialize};
use tower_http::compression::CompressionLayer;

use shouwang_domain::office::dashboard::Dashboard;
use shouwang_domain::office::export::{households_sheet, members_sheet, Cell, Sheet};
use shouwang_domain::office::wire::{
    Audit, AuditEntry, DecisionRequest, ExitNotEligible, ExitRequest, Queue, Stored,
    WithdrawExitRequest,
};
use shouwang_domain::office::{self, NameDisplay, PublicityNotice, Verdict};
use shouwang_domain::sync::wire::{ApiError, Change, ChangeId, PushStatus, Revision, Role};
use shouwang_domain::{Household, Policy, Text};

use crate::api::{ApiFailure, AppState, Body};
use crate::auth::Authed;
use crate::store::{AuditFilter, Scope, Session, Storage, StoreError};

/// The office routes (merged into `/api` by [`crate::router`]).
pub fn routes<S: Storage>(state: AppState<S>) -> Router {
    Router::new()
        .route("/v1/office/dashboard", get(dashboard::<S>))
        .route("/v1/office/queue", get(queue::<S>))
        .route("/v1/office/households/{id}/decision", post(decision::<S>))
        .route("/v1/office/households/{id}/exit", post(exit::<S>))
        .route(
            "/v1/office/households/{id}/exit/withdraw",
            post(withdraw_exit::<S>),
        )
        .route("/v1/office/export.csv", get(export_csv::<S>))
        .route("/v1/office/export.xlsx", get(export_xlsx::<S>))
        .route("/v1/office/publicity", get(publicity::<S>))
        .route("/v1/office/audit", get(audit::<S>))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The policy the office judges by (the shipped one, as for pushes).
fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(Policy::builtin)
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn failure(status: StatusCode, reason: &str, message: Text) -> ApiFailure {
    ApiFailure {
        status,
        error: ApiError {
            reason: reason.to_owned(),
            message,
        },
    }
}

fn not_found() -> ApiFailure {
    ApiFailure::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "没有这户，或无权查看",
        "No such household, or not yours to see",
    )
}

fn bad_request(zh: &str, en: &str) -> ApiFailure {
    ApiFailure::new(StatusCode::BAD_REQUEST, "bad_request", zh, en)
}

/// The caller, when the role is reviewer or admin.
pub struct Office(pub Session);

impl<S: Storage> FromRequestParts<AppState<S>> for Office {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let Authed(session) = Authed::from_request_parts(parts, state).await?;
        match session.account.role {
            Role::Reviewer | Role::Admin => Ok(Office(session)),
            Role::Worker => Err(ApiFailure::new(
                StatusCode::FORBIDDEN,
                "forbidden_role",
                "只有乡镇审核员或县级管理员可以使用办公功能",
                "Only township reviewers and county administrators can use the office functions",
            )),
        }
    }
}

/// Query parameters whose rejections answer [`ApiError`]s.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Params(value)),
            Err(e) => Err(bad_request(
                &format!("查询参数不正确：{}", e.body_text()),
                &format!("Bad query parameters: {}", e.body_text()),
            )),
        }
    }
}

/// CPU-bound work (parsing thousands of records into figures) off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiFailure> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiFailure::from(StoreError::Corrupt(format!("office task failed: {e}"))))
}

#[derive(Deserialize)]
struct AsOf {
    /// The day to compute for; today when absent.
    date: Option<NaiveDate>,
}

async fn dashboard<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<AsOf>,
) -> Result<Json<Dashboard>, ApiFailure> {
    let day = q.date.unwrap_or_else(today);
    let scope = session.scope();
    let now = app.store.households(&scope).await?;
    // "A year ago" = what the server had received by the end of day − 365.
    let cutoff = day
        .checked_sub_days(Days::new(364))
        .unwrap_or(day)
        .to_string();
    let year_ago = app.store.households_as_of(&scope, &cutoff).await?;
    let board = blocking(move || {
        let households: Vec<Household> = now.into_iter().map(|(_, h)| h).collect();
        office::dashboard(&households, &year_ago, policy(), day)
    })
    .await?;
    Ok(Json(board))
}

async fn queue<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<AsOf>,
) -> Result<Json<Queue>, ApiFailure> {
    let day = q.date.unwrap_or_else(today);
    let households = app.store.households(&session.scope()).await?;
    let items =
        blocking(move || office::queue(households.iter().map(|(r, h)| (*r, h)), policy(), day))
            .await?;
    Ok(Json(Queue { as_of: day, items }))
}

/// The household at `base`, or 404 / 409 `stale`.
async fn current<S: Storage>(
    store: &S,
    scope: &Scope,
    id: &str,
    base: Revision,
) -> Result<Household, ApiFailure> {
    let (revision, household) = store.household(scope, id).await?.ok_or_else(not_found)?;
    if revision != base {
        let (b, r) = (base.0, revision.0);
        return Err(failure(
            StatusCode::CONFLICT,
            "stale",
            shouwang_domain::text!(
                "该户已有更新（您看到的是第 {b} 版，现为第 {r} 版），请刷新后重新决定",
                "This household changed since you looked (you saw revision {b}, it is now {r}): reload and decide again"
            ),
        ));
    }
    Ok(household)
}

/// Stores `household` as the office's edit, through the same path as a phone's push.
async fn store_version<S: Storage>(
    store: &S,
    session: &Session,
    base: Revision,
    household: Household,
) -> Result<Stored, ApiFailure> {
    let change = Change {
        change_id: ChangeId(format!("office-{}", crate::auth::new_token())),
        base_revision: Some(base),
        edited_at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        household,
    };
    let mut results = store.push(session, vec![change.clone()]).await?;
    let result = results
        .pop()
        .ok_or_else(|| StoreError::Corrupt("the store answered no result".into()))?;
    if let Some(error) = result.error {
        return Err(ApiFailure {
            status: StatusCode::FORBIDDEN,
            error,
        });
    }
    let revision = result
        .revision
        .ok_or_else(|| StoreError::Corrupt("a stored change has no revision".into()))?;
    // A merge may have changed the record: answer what is stored now.
    let household = match result.status {
        PushStatus::Merged => store
            .household(&session.scope(), &change.household.id.0)
            .await?
            .map(|(_, h)| h)
            .unwrap_or(change.household),
        _ => change.household,
    };
    Ok(Stored {
        household_id: household.id.0.clone(),
        revision,
        status: result.status,
        household,
    })
}

async fn decision<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<DecisionRequest>,
) -> Result<Response, ApiFailure> {
    let household = current(&app.store, &session.scope(), &id, req.base_revision).await?;
    let verdict = Verdict {
        step: req.step,
        approve: req.approve,
        comment: &req.comment,
        by: &session.account.username,
        on: req.on,
    };
    let decided = match office::decide(&household, req.procedure, &verdict, policy(), today()) {
        Ok(decided) => decided,
        Err(e) if !e.unmet().is_empty() => return Ok(not_eligible(e.unmet().to_vec())),
        Err(e) => {
            return Err(failure(
                StatusCode::UNPROCESSABLE_ENTITY,
                e.reason(),
                e.message(),
            ))
        }
    };
    let stored = store_version(&app.store, &session, req.base_revision, decided).await?;
    tracing::info!(username = %session.account.username, household = %id,
        procedure = ?req.procedure, step = ?req.step, approve = req.approve,
        revision = stored.revision.0, "office decision");
    Ok(Json(stored).into_response())
}

/// The 422 of a refused exit (start or county approval): every unmet condition, listed.
fn not_eligible(unmet: Vec<shouwang_domain::classify::Reason>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(ExitNotEligible::new(unmet)),
    )
        .into_response()
}

async fn exit<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<ExitRequest>,
) -> Result<Response, ApiFailure> {
    let household = current(&app.store, &session.scope(), &id, req.base_revision).await?;
    let day = today();
    let started = req.started.unwrap_or(day);
    let by = &session.account.username;
    match office::start_exit(&household, req.mode, started, by, policy(), day) {
        Ok(opened) => {
            let stored = store_version(&app.store, &session, req.base_revision, opened).await?;
            tracing::info!(username = %session.account.username, household = %id,
                mode = ?req.mode, revision = stored.revision.0, "office exit started");
            Ok(Json(stored).into_response())
        }
        Err(refused) => Ok(not_eligible(refused.unmet)),
    }
}

async fn withdraw_exit<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<WithdrawExitRequest>,
) -> Result<Json<Stored>, ApiFailure> {
    let household = current(&app.store, &session.scope(), &id, req.base_revision).await?;
    let day = today();
    let by = &session.account.username;
    let withdrawn = office::withdraw_exit(&household, day, by, &req.reason, day)
        .map_err(|e| failure(StatusCode::UNPROCESSABLE_ENTITY, e.reason(), e.message()))?;
    let stored = store_version(&app.store, &session, req.base_revision, withdrawn).await?;
    tracing::info!(username = %session.account.username, household = %id,
        revision = stored.revision.0, "office exit withdrawn");
    Ok(Json(stored))
}

/// The households in scope for an export, by village, 户编号 and id.
async fn export_households<S: Storage>(
    store: &S,
    session: &Session,
) -> Result<Vec<Household>, ApiFailure> {
    let mut households: Vec<Household> = store
        .households(&session.scope())
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    households.sort_by(|a, b| {
        (&a.area.code, &a.household_number, &a.id).cmp(&(&b.area.code, &b.household_number, &b.id))
    });
    Ok(households)
}

fn attachment(content_type: &str, file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[derive(Deserialize)]
struct SheetQuery {
    sheet: Option<String>,
}

async fn export_csv<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<SheetQuery>,
) -> Result<Response, ApiFailure> {
    let members = match q.sheet.as_deref().unwrap_or("households") {
        "households" => false,
        "members" => true,
        _ => {
            return Err(bad_request(
                "sheet 只能是 households 或 members",
                "sheet must be households or members",
            ))
        }
    };
    let households = export_households(&app.store, &session).await?;
    let csv = blocking(move || {
        if members {
            members_sheet(&households).to_csv()
        } else {
            households_sheet(&households).to_csv()
        }
    })
    .await?;
    let file = if members {
        "members.csv"
    } else {
        "households.csv"
    };
    Ok(attachment(
        "text/csv; charset=utf-8",
        file,
        csv.into_bytes(),
    ))
}

async fn export_xlsx<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
) -> Result<Response, ApiFailure> {
    let households = export_households(&app.store, &session).await?;
    let bytes =
        blocking(move || xlsx(&[households_sheet(&households), members_sheet(&households)]))
            .await?
            .map_err(|e| ApiFailure::from(StoreError::Corrupt(format!("xlsx: {e}"))))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "shouwang.xlsx",
        bytes,
    ))
}

/// The sheets as one workbook: bold headers, frozen header row, text kept as text (ID numbers
/// are not turned into rounded numbers), amounts and counts as numbers.
fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.name)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Amount(m) => {
                        ws.write_number(r, c, m.fen() as f64 / 100.0)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}

#[derive(Deserialize)]
struct PublicityQuery {
    village: String,
    #[serde(default)]
    names: NameDisplay,
}

async fn publicity<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<PublicityQuery>,
) -> Result<Json<PublicityNotice>, ApiFailure> {
    if q.village.len() != 12 || !q.village.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_request(
            "village 须为 12 位村级区划代码",
            "village must be a 12-digit village code",
        ));
    }
    if !session.scope().contains(&q.village) {
        return Err(ApiFailure::new(
            StatusCode::FORBIDDEN,
            "forbidden_area",
            "无权查看该村",
            "Not allowed to see that village",
        ));
    }
    let households: Vec<Household> = app
        .store
        .households(&Scope::new(vec![q.village.clone()]))
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    let notice = office::publicity(&households, &q.village, q.names, policy(), today());
    Ok(Json(notice))
}

#[derive(Deserialize)]
struct AuditQuery {
    household: Option<String>,
    village: Option<String>,
    limit: Option<u32>,
}

async fn audit<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<AuditQuery>,
) -> Result<Json<Audit>, ApiFailure> {
    let filter = match (&q.household, &q.village) {
        (Some(id), None) => AuditFilter::Household(id),
        (None, Some(v)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            AuditFilter::Area(v)
        }
        _ => {
            return Err(bad_request(
                "须给出 household（户记录编号）或 village（区划代码）之一",
                "Give either household (a household id) or village (an area code)",
            ))
        }
    };
    let limit = q.limit.unwrap_or(100);
    let versions = app
        .store
        .audit_versions(&session.scope(), filter, limit)
        .await?;
    let entries = blocking(move || {
        versions
            .into_iter()
            .map(|v| {
                let e = v.entry;
                let area_code = e.household["area"]["code"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned();
                let household_id = e.household["id"].as_str().unwrap_or("").to_owned();
                AuditEntry {
                    created: v.before.is_none(),
                    changes: v
                        .before
                        .map(|b| office::diff(&b, &e.household))
                        .unwrap_or_default(),
                    revision: e.revision,
                    household_id,
                    area_code,
                    kind: e.kind,
                    username: e.username,
                    device_id: e.device_id,
                    edited_at: e.edited_at,
                    received_at: e.received_at,
                }
            })
            .collect()
    })
    .await?;
    Ok(Json(Audit { entries }))
}
