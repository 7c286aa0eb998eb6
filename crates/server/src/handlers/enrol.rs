//! Enrolment by QR code: the office prints, per village, a sheet with one QR code per worker
//! (the app's address and a one-time code that lasts a day); the worker scans it, the phone is
//! signed in — with the same tokens as a login ([`crate::auth`], [`Storage::add_device`]) —
//! and the worker chooses their own password.
//!
//! - `GET  /v1/enrol/info` (anyone): the township CA phones install, if the server has one;
//! - `GET  /v1/enrol/workers` (office): the workers in the caller's areas;
//! - `POST /v1/enrol/codes` (office) `{usernames}`: a code and QR code for each;
//! - `POST /v1/enrol` (anyone) `{code, device_id, device_name}`: a sign-in, as from a login;
//! - `POST /v1/enrol/password` (the sign-in a code made) `{new_password}`: once.
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration, SecondsFormat};
use serde::{Deserialize, Serialize};

use shouwang_domain::sync::wire::{Account, DeviceId, LoginResponse, Role};

use super::blocking;
use crate::auth;
use crate::error::ApiFailure;
use crate::extract::{AnySession, Body, Office};
use crate::state::AppState;
use crate::store::{EnrolledDevice, NewEnrolment, Redeemed, Storage};

/// How long a printed code works.
pub const CODE_LIFETIME_HOURS: i64 = 24;
/// Codes one call may issue (a village has a handful of workers).
const MAX_CODES: usize = 200;

pub fn routes<S: Storage>() -> Router<AppState<S>> {
    Router::new()
        .route("/v1/enrol/info", get(info::<S>))
        .route("/v1/enrol/workers", get(workers::<S>))
        .route("/v1/enrol/codes", post(codes::<S>))
        .route("/v1/enrol", post(redeem::<S>))
        .route("/v1/enrol/password", post(set_password::<S>))
}

/// The township CA a phone must install to trust the server.
#[derive(Debug, Serialize)]
pub struct CaInfo {
    /// Where to download it (plain HTTP when the server has that port: the HTTPS address warns
    /// until the CA is installed).
    pub url: String,
    /// SHA-256 of the certificate, to compare with what the phone shows.
    pub fingerprint: String,
}

/// Answer of `GET /v1/enrol/info`.
#[derive(Debug, Serialize)]
pub struct EnrolInfo {
    pub township_ca: Option<CaInfo>,
}

fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST)?.to_str().ok()
}

fn ca_info<S>(app: &AppState<S>, headers: &HeaderMap) -> Option<CaInfo> {
    let ca = app.deploy.township_ca.as_ref()?;
    Some(CaInfo {
        url: app.deploy.township_ca_url(host(headers))?,
        fingerprint: ca.fingerprint.clone(),
    })
}

async fn info<S: Storage>(State(app): State<AppState<S>>, headers: HeaderMap) -> Json<EnrolInfo> {
    Json(EnrolInfo {
        township_ca: ca_info(&app, &headers),
    })
}

/// A worker the office may enrol.
#[derive(Debug, Serialize)]
pub struct Worker {
    pub username: String,
    pub display_name: String,
    pub areas: Vec<String>,
}

/// Workers whose every village is in the caller's areas.
async fn enrollable<S: Storage>(
    app: &AppState<S>,
    office: &Office,
) -> Result<Vec<Account>, ApiFailure> {
    let scope = office.0.scope();
    Ok(app
        .store
        .users()
        .await?
        .into_iter()
        .filter(|a| {
            a.role == Role::Worker
                && !a.areas.is_empty()
                && a.areas.iter().all(|area| scope.covers(area))
        })
        .collect())
}

async fn workers<S: Storage>(
    State(app): State<AppState<S>>,
    office: Office,
) -> Result<Json<Vec<Worker>>, ApiFailure> {
    let list = enrollable(&app, &office).await?;
    Ok(Json(
        list.into_iter()
            .map(|a| Worker {
                username: a.username,
                display_name: a.display_name,
                areas: a.areas,
            })
            .collect(),
    ))
}

/// Body of `POST /v1/enrol/codes`.
#[derive(Debug, Deserialize)]
pub struct CodesRequest {
    pub usernames: Vec<String>,
}

/// One worker's code on the sheet.
#[derive(Debug, Serialize)]
pub struct IssuedCode {
    pub username: String,
    pub display_name: String,
    pub areas: Vec<String>,
    /// As printed: `abcd-efgh-jkmn` (typed in when a phone cannot scan).
    pub code: String,
    /// What the QR code holds: the app's address with the code.
    pub url: String,
    pub qr_svg: String,
}

/// Answer of `POST /v1/enrol/codes`.
#[derive(Debug, Serialize)]
pub struct Sheet {
    /// The app's address as the codes carry it.
    pub app_url: String,
    pub expires_at: String,
    pub codes: Vec<IssuedCode>,
    pub township_ca: Option<CaInfo>,
    /// A QR code of the CA's download address, for phones to install it first.
    pub township_ca_qr_svg: Option<String>,
}

async fn codes<S: Storage>(
    State(app): State<AppState<S>>,
    office: Office,
    headers: HeaderMap,
    Body(req): Body<CodesRequest>,
) -> Result<Json<Sheet>, ApiFailure> {
    if req.usernames.is_empty() || req.usernames.len() > MAX_CODES {
        return Err(ApiFailure::bad_request(
            &format!("请选择 1 到 {MAX_CODES} 名工作人员"),
            &format!("Choose 1 to {MAX_CODES} workers"),
        ));
    }
    let base = app
        .deploy
        .base_url(host(&headers))
        .ok_or_else(ApiFailure::no_public_address)?;
    let workers = enrollable(&app, &office).await?;
    let mut chosen = Vec::with_capacity(req.usernames.len());
    for name in &req.usernames {
        let worker = workers
            .iter()
            .find(|w| &w.username == name)
            .ok_or_else(|| ApiFailure::worker_not_found(name))?;
        if !chosen
            .iter()
            .any(|w: &&Account| w.username == worker.username)
        {
            chosen.push(worker);
        }
    }
    let now = app.now();
    let stamp = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (created_at, expires_at) = (
        stamp(now),
        stamp(now + Duration::hours(CODE_LIFETIME_HOURS)),
    );
    let mut codes = Vec::with_capacity(chosen.len());
    for worker in chosen {
        let code = auth::one_time_password();
        app.store
            .add_enrolment(NewEnrolment {
                code_hash: &auth::token_hash(&code),
                username: &worker.username,
                created_by: &office.0.account.username,
                created_at: &created_at,
                expires_at: &expires_at,
            })
            .await?;
        let printed = printed(&code);
        let url = format!("{base}/#/enrol?code={printed}");
        codes.push(IssuedCode {
            username: worker.username.clone(),
            display_name: worker.display_name.clone(),
            areas: worker.areas.clone(),
            qr_svg: qr_svg(&url)?,
            code: printed,
            url,
        });
    }
    tracing::info!(by = %office.0.account.username, n = codes.len(), "enrolment codes issued");
    let township_ca = ca_info(&app, &headers);
    let township_ca_qr_svg = township_ca.as_ref().map(|ca| qr_svg(&ca.url)).transpose()?;
    Ok(Json(Sheet {
        app_url: base,
        expires_at,
        codes,
        township_ca,
        township_ca_qr_svg,
    }))
}

/// A code in groups of four, as printed.
fn printed(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed or scanned, as issued: lower case, without spaces or dashes.
fn normalized(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `text` as a QR code in SVG (medium error correction: a smudged print still scans).
fn qr_svg(text: &str) -> Result<String, ApiFailure> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| ApiFailure::internal(&format!("QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// Body of `POST /v1/enrol`.
#[derive(Debug, Deserialize)]
pub struct RedeemRequest {
    pub code: String,
    pub device_id: DeviceId,
    #[serde(default)]
    pub device_name: String,
}

async fn redeem<S: Storage>(
    State(app): State<AppState<S>>,
    Body(req): Body<RedeemRequest>,
) -> Result<Json<LoginResponse>, ApiFailure> {
    let code = normalized(&req.code);
    if code.is_empty() || code.len() > 64 {
        return Err(ApiFailure::enrol_code_unknown());
    }
    if req.device_id.0.trim().is_empty() || req.device_id.0.chars().count() > 128 {
        return Err(ApiFailure::bad_request(
            "设备标识不正确",
            "The device id is missing or too long",
        ));
    }
    let token = auth::new_token();
    let token_hash = auth::token_hash(&token);
    let name: String = req.device_name.chars().take(200).collect();
    let now = app.now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let username = match app
        .store
        .redeem_enrolment(
            &auth::token_hash(&code),
            EnrolledDevice {
                token_hash: &token_hash,
                device_id: &req.device_id,
                device_name: &name,
                now: &now,
            },
        )
        .await?
    {
        Redeemed::SignedIn(username) => username,
        Redeemed::Used => return Err(ApiFailure::enrol_code_used()),
        Redeemed::Expired => return Err(ApiFailure::enrol_code_expired()),
        Redeemed::Unknown => return Err(ApiFailure::enrol_code_unknown()),
    };
    let user = app
        .store
        .user(&username)
        .await?
        .ok_or_else(ApiFailure::enrol_code_unknown)?;
    tracing::info!(%username, device = %req.device_id.0, "enrolled by QR code");
    Ok(Json(LoginResponse {
        token,
        account: user.account,
    }))
}

/// Body of `POST /v1/enrol/password`.
#[derive(Debug, Deserialize)]
pub struct SetPasswordRequest {
    pub new_password: String,
}

async fn set_password<S: Storage>(
    State(app): State<AppState<S>>,
    AnySession(session, token_hash): AnySession,
    Body(req): Body<SetPasswordRequest>,
) -> Result<Json<Account>, ApiFailure> {
    let chars = req.new_password.chars().count();
    if !(auth::MIN_PASSWORD_CHARS..=200).contains(&chars) {
        return Err(ApiFailure::weak_password(auth::MIN_PASSWORD_CHARS));
    }
    let password = req.new_password;
    let hash = blocking(move || auth::hash_password(&password)).await?;
    let now = app.now().to_rfc3339_opts(SecondsFormat::Millis, true);
    if !app
        .store
        .set_enrolment_password(&token_hash, &hash, &now)
        .await?
    {
        return Err(ApiFailure::enrol_password_not_allowed());
    }
    let mut account = session.account;
    account.must_change_password = false;
    tracing::info!(username = %account.username, "password set after enrolment");
    Ok(Json(account))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = "abcdefghjkmn";
        assert_eq!(printed(code), "abcd-efgh-jkmn");
        assert_eq!(normalized("ABCD efgh-JKMN"), code);
        assert_eq!(normalized(&printed(code)), code);
    }

    #[test]
    fn the_qr_code_is_an_svg_image() {
        let svg = qr_svg("https://shouwang.example/#/enrol?code=abcd-efgh-jkmn").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(!svg.contains("<script"));
    }
}
