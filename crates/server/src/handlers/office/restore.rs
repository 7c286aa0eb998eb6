//! Restoring a voided household (恢复作废的户): the office's own call, from the current version
//! in the caller's areas, decided by the domain ([`office::restore`]) and stored as the office's
//! change of it, like a decision. A worker's push cannot clear a void (`office_only`).
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use shouwang_domain::office::wire::{RestoreRequest, Stored};
use shouwang_domain::office::{self, NotVoided};

use super::decide::{current, store_version};
use crate::error::ApiFailure;
use crate::extract::{Body, Office};
use crate::state::AppState;
use crate::store::Storage;

pub async fn restore<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
    Body(req): Body<RestoreRequest>,
) -> Result<Json<Stored>, ApiFailure> {
    let household = current(&app, &session, &id, req.base_revision).await?;
    let restored = office::restore(&household).map_err(|e: NotVoided| {
        ApiFailure::with(
            StatusCode::UNPROCESSABLE_ENTITY,
            NotVoided::REASON,
            e.message(),
        )
    })?;
    let stored = store_version(&app, &session, req.base_revision, restored).await?;
    tracing::info!(username = %session.account.username, household = %id,
        revision = stored.revision.0, "office restored a voided household");
    Ok(Json(stored))
}
