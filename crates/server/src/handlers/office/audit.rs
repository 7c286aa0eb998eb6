//! The audit trail: who changed which field of a household, when, from which device; for one
//! household or every household of a village, within the caller's areas.
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use shouwang_domain::office;
use shouwang_domain::office::wire::{Audit, AuditEntry};

use super::super::blocking;
use crate::error::ApiFailure;
use crate::extract::{Office, Params};
use crate::state::AppState;
use crate::store::{AuditFilter, Storage};

/// A stored time as the office reads it: RFC 3339 in the township's time zone (its offset
/// shown), so the time of day is the township's, whatever the server's zone.
fn in_zone(stored: &str, time_zone: chrono_tz::Tz) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.with_timezone(&time_zone)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
        },
    )
}

#[derive(Deserialize)]
pub struct AuditQuery {
    household: Option<String>,
    village: Option<String>,
    limit: Option<u32>,
}

pub async fn audit<S: Storage>(
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
            return Err(ApiFailure::bad_request(
                "须给出 household（户记录编号）或 village（区划代码）之一",
                "Give either household (a household id) or village (an area code)",
            ))
        }
    };
    // Another township's household or village answers as an unknown one.
    let scope = session.scope();
    let known = match filter {
        AuditFilter::Household(id) => app.store.household(&scope, id).await?.is_some(),
        AuditFilter::Area(prefix) => scope.covers(prefix),
    };
    if !known {
        return Err(match filter {
            AuditFilter::Household(_) => ApiFailure::not_found(),
            AuditFilter::Area(_) => ApiFailure::area_not_found(),
        });
    }
    let limit = q.limit.unwrap_or(100);
    let versions = app.store.audit_versions(&scope, filter, limit).await?;
    let time_zone = app.time_zone;
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
                    edited_at: in_zone(&e.edited_at, time_zone),
                    received_at: in_zone(&e.received_at, time_zone),
                }
            })
            .collect()
    })
    .await?;
    Ok(Json(Audit { entries }))
}
