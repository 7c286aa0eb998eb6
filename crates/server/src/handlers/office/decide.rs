//! The office's decisions on a household: a step of either procedure, opening an exit, and
//! withdrawing it. Each is decided by the domain from the current version (the role's step,
//! its preconditions) and stored as the office's own change of it.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use shouwang_domain::office::wire::{
    DecisionRequest, ExitNotEligible, ExitRequest, Stored, WithdrawExitRequest,
};
use shouwang_domain::office::{self, Verdict};
use shouwang_domain::sync::wire::{Change, ChangeId, PushStatus, Revision};
use shouwang_domain::sync::{plan::time_text, Via};
use shouwang_domain::Household;

use crate::error::ApiFailure;
use crate::extract::{Body, Office};
use crate::state::AppState;
use crate::store::{PushContext, Session, Storage};

/// The household at `base`, within the caller's areas; 404 or 409 `stale` otherwise.
pub(super) async fn current<S: Storage>(
    app: &AppState<S>,
    session: &Session,
    id: &str,
    base: Revision,
) -> Result<Household, ApiFailure> {
    let (revision, household) = app
        .store
        .household(&session.scope(), id)
        .await?
        .ok_or_else(ApiFailure::not_found)?;
    if revision != base {
        return Err(ApiFailure::stale(base.0, revision.0));
    }
    Ok(household)
}

/// Stores `household` as the office's change of the version `base`, through the same push as a
/// phone's edit, planned as the office's own call.
pub(super) async fn store_version<S: Storage>(
    app: &AppState<S>,
    session: &Session,
    base: Revision,
    household: Household,
) -> Result<Stored, ApiFailure> {
    let now = app.now();
    let change = Change {
        change_id: ChangeId(format!("office-{}", crate::auth::new_token())),
        base_revision: Some(base),
        edited_at: time_text(now),
        household,
    };
    let ctx = PushContext {
        session,
        via: Via::Office,
        policy: &app.policy,
        now,
        today: app.today(),
    };
    let result = app
        .store
        .push(ctx, vec![change.clone()])
        .await?
        .pop()
        .ok_or_else(|| ApiFailure::internal("the store answered no result"))?;
    if let Some(error) = result.error {
        return Err(ApiFailure::refused(error));
    }
    let revision = result
        .revision
        .ok_or_else(|| ApiFailure::internal("a stored change has no revision"))?;
    Ok(Stored {
        household_id: change.household.id.0.clone(),
        revision,
        status: PushStatus::Stored,
        household: change.household,
    })
}

/// The 422 of a refused exit (start or county approval): every unmet condition, listed.
fn not_eligible(unmet: Vec<shouwang_domain::classify::Reason>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(ExitNotEligible::new(unmet)),
    )
        .into_response()
}

pub async fn decision<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<DecisionRequest>,
) -> Result<Response, ApiFailure> {
    let household = current(&app, &session, &id, req.base_revision).await?;
    let verdict = Verdict {
        step: req.step,
        approve: req.approve,
        comment: &req.comment,
        by: &session.account.username,
        role: session.account.role,
        on: req.on,
    };
    let decided = match office::decide(
        &household,
        req.procedure,
        &verdict,
        &app.policy,
        app.today(),
    ) {
        Ok(decided) => decided,
        Err(e) if !e.unmet().is_empty() => return Ok(not_eligible(e.unmet().to_vec())),
        Err(e) => return Err(e.into()),
    };
    let stored = store_version(&app, &session, req.base_revision, decided).await?;
    tracing::info!(username = %session.account.username, household = %id,
        procedure = ?req.procedure, step = ?req.step, approve = req.approve,
        revision = stored.revision.0, "office decision");
    Ok(Json(stored).into_response())
}

pub async fn exit<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<ExitRequest>,
) -> Result<Response, ApiFailure> {
    let household = current(&app, &session, &id, req.base_revision).await?;
    let day = app.today();
    let started = req.started.unwrap_or(day);
    let by = &session.account.username;
    match office::start_exit(&household, req.mode, started, by, &app.policy, day) {
        Ok(opened) => {
            let stored = store_version(&app, &session, req.base_revision, opened).await?;
            tracing::info!(username = %session.account.username, household = %id,
                mode = ?req.mode, revision = stored.revision.0, "office exit started");
            Ok(Json(stored).into_response())
        }
        Err(refused) => Ok(not_eligible(refused.unmet)),
    }
}

pub async fn withdraw_exit<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<WithdrawExitRequest>,
) -> Result<Json<Stored>, ApiFailure> {
    let household = current(&app, &session, &id, req.base_revision).await?;
    let day = app.today();
    let by = &session.account.username;
    let withdrawn = office::withdraw_exit(&household, day, by, &req.reason, day)?;
    let stored = store_version(&app, &session, req.base_revision, withdrawn).await?;
    tracing::info!(username = %session.account.username, household = %id,
        revision = stored.revision.0, "office exit withdrawn");
    Ok(Json(stored))
}
