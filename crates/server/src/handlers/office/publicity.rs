//! A village's 公示 notice: the households proposed for monitoring and for 风险消除, with no ID
//! number, phone, bank account or health status (the domain's row types cannot hold them).
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use shouwang_domain::office::{self, NameDisplay, PublicityNotice};
use shouwang_domain::sync::Scope;
use shouwang_domain::Household;

use crate::error::ApiFailure;
use crate::extract::{Office, Params};
use crate::state::AppState;
use crate::store::Storage;

#[derive(Deserialize)]
pub struct PublicityQuery {
    village: String,
    #[serde(default)]
    names: NameDisplay,
}

pub async fn notice<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<PublicityQuery>,
) -> Result<Json<PublicityNotice>, ApiFailure> {
    if q.village.len() != 12 || !q.village.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiFailure::bad_request(
            "village 须为 12 位村级区划代码",
            "village must be a 12-digit village code",
        ));
    }
    if !session.scope().contains(&q.village) {
        return Err(ApiFailure::area_not_found());
    }
    let households: Vec<Household> = app
        .store
        .households(&Scope::new(vec![q.village.clone()]))
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    let notice = office::publicity(&households, &q.village, q.names, &app.policy, app.today());
    Ok(Json(notice))
}
