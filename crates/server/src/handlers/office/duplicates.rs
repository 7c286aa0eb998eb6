//! The double registrations of the caller's areas (重复登记): every ID number held by more than
//! one household (voided ones left out), by the domain's rule ([`office::duplicates`]).
use axum::extract::State;
use axum::Json;

use shouwang_domain::office::{self, wire::Duplicates};

use super::super::blocking;
use crate::error::ApiFailure;
use crate::extract::Office;
use crate::state::AppState;
use crate::store::Storage;

pub async fn duplicates<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
) -> Result<Json<Duplicates>, ApiFailure> {
    let households = app.store.households(&session.scope()).await?;
    let items = blocking(move || office::duplicates(households.iter().map(|(_, h)| h))).await?;
    Ok(Json(Duplicates { items }))
}
