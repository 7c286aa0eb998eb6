//! The dashboard's figures and the review queue, computed by the domain on the township's day.
use axum::extract::State;
use axum::Json;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use shouwang_domain::office::dashboard::Dashboard;
use shouwang_domain::office::wire::Queue;
use shouwang_domain::sync::plan::time_text;
use shouwang_domain::{office, Household};

use super::super::blocking;
use crate::error::ApiFailure;
use crate::extract::{Office, Params};
use crate::state::AppState;
use crate::store::Storage;

#[derive(Deserialize)]
pub struct AsOf {
    /// The day to compute for; today when absent.
    date: Option<NaiveDate>,
}

pub async fn dashboard<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<AsOf>,
) -> Result<Json<Dashboard>, ApiFailure> {
    let day = q.date.unwrap_or_else(|| app.today());
    let scope = session.scope();
    let now = app.store.households(&scope).await?;
    // "A year ago" = what the server had received by the end of day − 365, in the township's
    // calendar: before midnight at the start of day − 364 there.
    let cutoff_day = day.checked_sub_days(Days::new(364)).unwrap_or(day);
    let cutoff = cutoff_day
        .and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(app.time_zone)
        .earliest()
        .map_or_else(
            || cutoff_day.to_string(),
            |t| time_text(t.with_timezone(&chrono::Utc)),
        );
    let year_ago = app.store.households_as_of(&scope, &cutoff).await?;
    let policy = app.policy.clone();
    let board = blocking(move || {
        let households: Vec<Household> = now.into_iter().map(|(_, h)| h).collect();
        office::dashboard(&households, &year_ago, &policy, day)
    })
    .await?;
    Ok(Json(board))
}

pub async fn queue<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<AsOf>,
) -> Result<Json<Queue>, ApiFailure> {
    let day = q.date.unwrap_or_else(|| app.today());
    let households = app.store.households(&session.scope()).await?;
    let policy = app.policy.clone();
    let items =
        blocking(move || office::queue(households.iter().map(|(r, h)| (*r, h)), &policy, day))
            .await?;
    Ok(Json(Queue { as_of: day, items }))
}
