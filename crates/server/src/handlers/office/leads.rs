//! The leads (线索) from the departments' lists: the office uploads a list, reads the leads with
//! their time limits and figures, and assigns a row that matched no household to the household
//! its person belongs to.
use axum::extract::{Multipart, Path, State};
use axum::Json;

use shouwang_domain::import::leads::{check_month, LeadUploadReport};
use shouwang_domain::office::leads::{
    assign, lead_figures, lead_list, AssignRequest, LeadFigures, LeadList,
};
use shouwang_domain::office::wire::Stored;

use super::super::within_limits;
use super::import::{importer, tables, upload};
use crate::error::ApiFailure;
use crate::extract::{Body, Office};
use crate::state::AppState;
use crate::store::Storage;

/// `POST leads/upload` (`file`: the list; `source`: its code in `policy/sources.json`; `month`:
/// `YYYY-MM`; `dry_run`).
pub async fn upload_list<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    form: Multipart,
) -> Result<Json<LeadUploadReport>, ApiFailure> {
    let up = upload(form).await?;
    let (code, month, dry_run) = (
        up.field("source").to_owned(),
        up.field("month").to_owned(),
        up.dry_run(),
    );
    let Some(source) = app.sources.get(&code).cloned() else {
        let known: Vec<String> = app
            .sources
            .sources
            .iter()
            .map(|s| format!("{}（{}）", s.code, s.name.zh))
            .collect();
        let known = known.join("、");
        return Err(ApiFailure::unknown_source(&code, &known));
    };
    check_month(&month, app.today()).map_err(ApiFailure::bad_month)?;
    let tables = match tables(&app, up.files).await? {
        Ok(t) => t,
        Err(report) => {
            return Ok(Json(LeadUploadReport {
                dry_run,
                source: code,
                month,
                problems: report.problems,
                ..LeadUploadReport::default()
            }))
        }
    };
    let Some(table) = tables.into_iter().find(|t| t.rows.len() > 1) else {
        return Err(ApiFailure::empty_file(shouwang_domain::text!(
            "名单", "list"
        )));
    };
    let report = importer(&app, &session)
        .leads(&table, &source, &month, dry_run)
        .await?;
    tracing::info!(username = %session.account.username, source = %code, %month, dry_run,
        matched = report.matched.len(), unmatched = report.unmatched, "department list");
    Ok(Json(report))
}

/// `GET leads`: the caller's leads, open and closed, the unmatched rows, and the figures.
pub async fn list<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
) -> Result<Json<LeadList>, ApiFailure> {
    let scope = session.scope();
    let stored: Vec<_> = app
        .store
        .households(&scope)
        .await?
        .into_iter()
        .filter(|(_, h)| !h.monitoring.leads.is_empty())
        .collect();
    let unmatched = app.store.unmatched(&scope, None).await?;
    Ok(Json(lead_list(
        &stored,
        unmatched,
        &app.sources,
        app.today(),
    )))
}

/// `GET leads/figures`: the dashboard's lead figures.
pub async fn figures<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
) -> Result<Json<LeadFigures>, ApiFailure> {
    let scope = session.scope();
    let stored = app.store.households(&scope).await?;
    let unmatched: Vec<_> = app
        .store
        .unmatched(&scope, None)
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let households = stored.iter().map(|(_, h)| h);
    Ok(Json(lead_figures(
        households,
        &unmatched,
        &app.sources,
        app.today(),
    )))
}

/// `POST leads/unmatched/{key}/assign` `AssignRequest`: the row becomes a lead on the household
/// (both within the caller's areas), stored as the office's change of its current version.
pub async fn assign_unmatched<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(key): Path<String>,
    Body(req): Body<AssignRequest>,
) -> Result<Json<Stored>, ApiFailure> {
    within_limits(&[("lead_key", &key), ("id", &req.household_id)])?;
    let scope = session.scope();
    let (_, lead) = app
        .store
        .unmatched(&scope, Some(&key))
        .await?
        .pop()
        .ok_or_else(ApiFailure::unmatched_not_found)?;
    let (revision, household) = app
        .store
        .household(&scope, &req.household_id)
        .await?
        .ok_or_else(ApiFailure::not_found)?;
    if revision != req.base_revision {
        return Err(ApiFailure::stale(req.base_revision.0, revision.0));
    }
    let assigned = match assign(&household, &lead, &app.policy) {
        Ok(h) => h,
        Err(e) => {
            app.store
                .assign_unmatched(&key, &req.household_id, &session.account.username)
                .await?;
            return Err(ApiFailure::lead_refused(e.reason(), e.message()));
        }
    };
    let stored = super::decide::store_version(&app, &session, revision, assigned).await?;
    app.store
        .assign_unmatched(&key, &req.household_id, &session.account.username)
        .await?;
    tracing::info!(username = %session.account.username, household = %req.household_id,
        lead = %lead.id, "unmatched lead assigned");
    Ok(Json(stored))
}
