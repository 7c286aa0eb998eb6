//! The phones' sync: `POST /v1/sync/push` (each change planned by the domain's
//! [`plan_change`](shouwang_domain::sync::plan_change) inside one transaction) and
//! `POST /v1/sync/pull` (everything changed in the caller's areas since a cursor).
use axum::extract::State;
use axum::Json;

use shouwang_domain::sync::wire::{
    PullRequest, PullResponse, PushRequest, PushResponse, PROTOCOL_VERSION,
};
use shouwang_domain::sync::Via;

use super::within_limits;
use crate::error::ApiFailure;
use crate::extract::{Authed, Body};
use crate::state::AppState;
use crate::store::{PushContext, Storage};

fn check_protocol(protocol: u32) -> Result<(), ApiFailure> {
    if protocol == PROTOCOL_VERSION {
        Ok(())
    } else {
        Err(ApiFailure::unsupported_protocol(protocol))
    }
}

pub async fn push<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiFailure> {
    check_protocol(req.protocol)?;
    if req.changes.len() > app.limits.max_push_changes {
        return Err(ApiFailure::too_many_changes(app.limits.max_push_changes));
    }
    // What a change carries besides its household (which the plan validates field by field).
    within_limits(&[("device_id", &req.device_id.0)])?;
    for change in &req.changes {
        within_limits(&[
            ("change_id", &change.change_id.0),
            ("edited_at", &change.edited_at),
        ])?;
    }
    let count = req.changes.len();
    let ctx = PushContext {
        session: &session,
        via: Via::Device,
        policy: &app.policy,
        now: app.now(),
        today: app.today(),
    };
    let results = app.store.push(ctx, req.changes).await?;
    tracing::info!(
        username = %session.account.username,
        device = %session.device_id.0,
        changes = count,
        "push"
    );
    Ok(Json(PushResponse { results }))
}

pub async fn pull<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Body(req): Body<PullRequest>,
) -> Result<Json<PullResponse>, ApiFailure> {
    check_protocol(req.protocol)?;
    within_limits(&[("device_id", &req.device_id.0)])?;
    Ok(Json(
        app.store
            .pull(&session.scope(), req.cursor, req.limit)
            .await?,
    ))
}
