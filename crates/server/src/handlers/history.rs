//! A household's versions (`GET /v1/households/{id}/history`) and the conflicts kept for the
//! office (`GET /v1/conflicts`), both within the caller's areas.
use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;

use crate::error::ApiFailure;
use crate::extract::Authed;
use crate::state::AppState;
use crate::store::{ConflictEntry, HistoryEntry, Storage};

#[derive(Serialize)]
pub struct History {
    household_id: String,
    versions: Vec<HistoryEntry>,
}

pub async fn history<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Path(id): Path<String>,
) -> Result<Json<History>, ApiFailure> {
    let versions = app
        .store
        .history(&session.scope(), &id)
        .await?
        .ok_or_else(ApiFailure::not_found)?;
    Ok(Json(History {
        household_id: id,
        versions,
    }))
}

#[derive(Serialize)]
pub struct Conflicts {
    conflicts: Vec<ConflictEntry>,
}

pub async fn conflicts<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
) -> Result<Json<Conflicts>, ApiFailure> {
    Ok(Json(Conflicts {
        conflicts: app.store.conflicts(&session.scope()).await?,
    }))
}
