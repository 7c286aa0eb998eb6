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
