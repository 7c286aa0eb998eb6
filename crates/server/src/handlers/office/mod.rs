//! The township office's API under `/api/v1/office`: dashboard, review queue, decisions, exit,
//! exports, the 公示 list and the audit trail.
//!
//! Every call needs the role `reviewer` or `admin` (a worker gets 403 `forbidden_role`) and sees
//! only the caller's areas, like sync: a household or village outside them answers 404, as an
//! unknown one. The rules are the domain crate's ([`shouwang_domain::office`]); the handlers read,
//! call them and store. A decision, an exit or its withdrawal is stored as a new version of the
//! household through the same [`Storage::push`](crate::store::Storage::push) as a phone's edit
//! (planned as the office's own call), so the history records who and when, and the worker's
//! phone pulls it on its next sync.
//!
//! | call | answer (JSON unless said) |
//! | --- | --- |
//! | `GET dashboard[?date=YYYY-MM-DD]` | `Dashboard`: `total`, `villages[]`, `scale_alerts[]`, `definitions[]` |
//! | `GET queue[?date=]` | `Queue` `{as_of, items: [QueueItem]}`: both procedures, overdue first |
//! | `POST households/{id}/decision` `DecisionRequest` `{procedure, step, approve, comment, on?, base_revision}` | `Stored`; an exit's county approval may answer 422 `ExitNotEligible` |
//! | `POST households/{id}/exit` `ExitRequest` `{mode, started?, base_revision}` (opens the exit procedure) | `Stored`; 422 `ExitNotEligible` `{reason, message, unmet: [Reason]}` |
//! | `POST households/{id}/exit/withdraw` `WithdrawExitRequest` `{reason, base_revision}` (撤回: closes the open exit procedure, dated today) | `Stored` |
//! | `GET export.csv?sheet=households\|members` | CSV, UTF-8 with BOM |
//! | `GET export.xlsx` | XLSX with the sheets 户 and 成员 |
//! | `GET exports/attachments?village=CODE` | ZIP of the village's stored pictures, `户编号/住房-1.jpg`, `…/承诺授权书签名.png` (voided households left out) |
//! | `GET publicity?village=CODE[&names=full\|masked]` | `PublicityNotice`: `rows[]` proposed for monitoring, `exits[]` proposed for 风险消除 |
//! | `GET audit?household=ID\|village=CODE[&limit=N]` | `Audit` `{entries: [AuditEntry]}`, newest first |
//! | `POST import/households` multipart `file` (an XLSX, or the 户 and 成员 CSVs), `dry_run` | `ImportJob`: done with its `ImportReport` for a dry run, else 202 running |
//! | `GET imports/{id}` | `ImportJob` `{status, done, total, report?, error?}` (the caller's own) |
//! | `POST import/people` multipart `file` (the roster), `dry_run` | `PeopleReport`: accounts with one-time passwords |
//! | `POST leads/upload` multipart `file`, `source`, `month` (YYYY-MM), `dry_run` | `LeadUploadReport` |
//! | `GET leads` | `LeadList` `{open, closed, unmatched, figures}` |
//! | `GET leads/figures` | `LeadFigures` (by source and outcome, days to outcome) |
//! | `POST leads/unmatched/{key}/assign` `AssignRequest` `{household_id, base_revision}` | `Stored` |
//! | `POST households/{id}/restore` `RestoreRequest` `{base_revision}` (恢复: clears a void, the office's call only) | `Stored`; 422 `not_voided` |
//! | `GET duplicates` | `Duplicates` `{items: [{id_number, holders: [{household, member_id, name, relation}]}]}`: ID numbers in more than one household of the caller's areas |
//!
//! The request and answer types are the domain's ([`shouwang_domain::office::wire`]), shared
//! with the app and frozen by its golden tests.
//!
//! Errors are the API's error JSON `{reason, message: {zh, en}}`: `forbidden_role` (403),
//! `not_your_step` (403: 乡镇审核 is the township reviewers', 县级审定 the county admins'),
//! `not_found` (404), `stale` (409, reload and decide again), `bad_request` (400), and the
//! domain's refusals (422: `wrong_step`, `comment_required`, `publicity_too_short`,
//! `publicity_not_started`, `date_in_future`, `date_before_previous_step`, `no_open_procedure`,
//! `no_open_exit`, `exit_already_approved`, `reason_required`, `not_voided`, and
//! `exit_not_eligible` with the list of unmet conditions).
mod attachments_zip;
mod audit;
mod decide;
mod duplicates;
mod export;
mod figures;
pub mod import;
mod leads;
mod publicity;
mod restore;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;
use crate::store::Storage;

/// The office routes (merged into the API by [`super::routes`]).
pub fn routes<S: Storage>() -> Router<AppState<S>> {
    Router::new()
        .route("/v1/office/dashboard", get(figures::dashboard::<S>))
        .route("/v1/office/queue", get(figures::queue::<S>))
        .route(
            "/v1/office/households/{id}/decision",
            post(decide::decision::<S>),
        )
        .route("/v1/office/households/{id}/exit", post(decide::exit::<S>))
        .route(
            "/v1/office/households/{id}/exit/withdraw",
            post(decide::withdraw_exit::<S>),
        )
        .route(
            "/v1/office/households/{id}/restore",
            post(restore::restore::<S>),
        )
        .route("/v1/office/duplicates", get(duplicates::duplicates::<S>))
        .route("/v1/office/export.csv", get(export::csv::<S>))
        .route("/v1/office/export.xlsx", get(export::xlsx::<S>))
        .route(
            "/v1/office/exports/attachments",
            get(attachments_zip::zip::<S>),
        )
        .route("/v1/office/publicity", get(publicity::notice::<S>))
        .route("/v1/office/audit", get(audit::audit::<S>))
        .merge(import_routes::<S>())
}

/// The calls that take an upload, under `/api`.
const UPLOADS: [&str; 3] = [
    "/v1/office/import/households",
    "/v1/office/import/people",
    "/v1/office/leads/upload",
];

/// The largest body a call to `path` (under `/api`) may send: an upload's files may reach the
/// import's limit, every other call `max_body`.
pub fn body_limit(path: &str, max_body: usize) -> usize {
    if UPLOADS.iter().any(|u| path.ends_with(u)) {
        import::upload_limit().max(max_body)
    } else {
        max_body
    }
}

/// The imports and the leads (uploads take files up to the import's limit, not the API's).
fn import_routes<S: Storage>() -> Router<AppState<S>> {
    let upload = DefaultBodyLimit::max(import::upload_limit());
    Router::new()
        .route(UPLOADS[0], post(import::households::<S>).layer(upload))
        .route("/v1/office/imports/{id}", get(import::job::<S>))
        .route(UPLOADS[1], post(import::people::<S>).layer(upload))
        .route(UPLOADS[2], post(leads::upload_list::<S>).layer(upload))
        .route("/v1/office/leads", get(leads::list::<S>))
        .route("/v1/office/leads/figures", get(leads::figures::<S>))
        .route(
            "/v1/office/leads/unmatched/{key}/assign",
            post(leads::assign_unmatched::<S>),
        )
}
