//! The JSON API under `/api/v1`: login, sync (push and pull), history and conflicts.
//!
//! Every failure answers an [`ApiError`] (a stable reason and a message in both languages) with a
//! fitting status, so the app can show it to the user as it is.
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;

use chrono::Datelike;
use shouwang_domain::sync::wire::{
    Account, ApiError, ChangePasswordRequest, LoginRequest, LoginResponse, PullRequest,
    PullResponse, PushRequest, PushResponse, PROTOCOL_VERSION,
};
use shouwang_domain::sync::wire::{Change, PushResult, PushStatus};
use shouwang_domain::{validate, Policy, Problem, Severity, Text};

use crate::auth::{self, AnySession, Authed};
use crate::store::{ConflictEntry, HistoryEntry, Storage, StoreError};

/// Limits on what one request may carry.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Bytes of a request body after decompression.
    pub max_body_bytes: usize,
    /// Changes in one push.
    pub max_push_changes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 16 * 1024 * 1024,
            max_push_changes: 2000,
        }
    }
}

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState<S> {
    pub store: S,
    pub limits: Limits,
}

/// A failed call: a status and the error the app shows.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub error: ApiError,
}

impl ApiFailure {
    pub fn new(status: StatusCode, reason: &str, zh: &str, en: &str) -> ApiFailure {
        ApiFailure {
            status,
            error: ApiError {
                reason: reason.to_owned(),
                message: Text::new(zh, en),
            },
        }
    }

    pub fn unauthorized() -> ApiFailure {
        ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "未登录或登录已失效，请重新登录（本机数据不受影响）",
            "Not signed in, or the sign-in was revoked: please sign in again (data on this device is kept)",
        )
    }

    pub fn password_change_required() -> ApiFailure {
        ApiFailure::new(
            StatusCode::FORBIDDEN,
            "password_change_required",
            "请先修改一次性密码",
            "Please change the one-time password first",
        )
    }

    fn too_large(limit: usize) -> ApiFailure {
        ApiFailure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!(
                "一次上传的数据太多（上限 {} MB），将分批重试",
                limit / (1024 * 1024)
            ),
            &format!(
                "Too much data in one upload (limit {} MB); it will be retried in smaller batches",
                limit / (1024 * 1024)
            ),
        )
    }
}

impl From<StoreError> for ApiFailure {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage error");
        match e {
            StoreError::Full => ApiFailure::new(
                StatusCode::INSUFFICIENT_STORAGE,
                "server_storage_full",
                "服务器磁盘已满，本次数据未保存，请联系管理员；手机上的数据仍在",
                "The server's disk is full: nothing was saved. Contact the administrator; the data on the phone is kept",
            ),
            _ => ApiFailure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server_storage_error",
                "服务器存储出错，本次数据未保存，稍后自动重试",
                "The server could not store the data; nothing was saved and it will be retried",
            ),
        }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.status, Json(self.error)).into_response()
    }
}

/// A JSON body whose rejections (malformed, too large) answer [`ApiError`]s.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<AppState<S>> for Body<T>
where
    S: Storage,
    Json<T>: FromRequest<AppState<S>, Rejection = JsonRejection>,
{
    type Rejection = ApiFailure;

    async fn from_request(req: Request, state: &AppState<S>) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiFailure::too_large(state.limits.max_body_bytes))
            }
            Err(rejection) => Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                &format!("请求格式不正确：{}", rejection.body_text()),
                &format!("Malformed request: {}", rejection.body_text()),
            )),
        }
    }
}

fn check_protocol(protocol: u32) -> Result<(), ApiFailure> {
    if protocol == PROTOCOL_VERSION {
        Ok(())
    } else {
        Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "unsupported_protocol",
            &format!("应用版本与服务器不兼容（协议 {protocol}，服务器支持 {PROTOCOL_VERSION}），请更新应用"),
            &format!("The app and the server do not match (protocol {protocol}, server speaks {PROTOCOL_VERSION}): update the app"),
        ))
    }
}

/// The API routes, with request decompression, response compression and the body limit.
pub fn routes<S: Storage>(state: AppState<S>) -> Router {
    let max_body = state.limits.max_body_bytes;
    Router::new()
        .route("/v1/auth/login", post(login::<S>))
        .route("/v1/auth/logout", post(logout::<S>))
        .route("/v1/auth/password", post(change_password::<S>))
        .route("/v1/me", get(me))
        .route("/v1/sync/push", post(push::<S>))
        .route("/v1/sync/pull", post(pull::<S>))
        .route("/v1/households/{id}/history", get(history::<S>))
        .route("/v1/conflicts", get(conflicts::<S>))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestDecompressionLayer::new())
        .layer(CompressionLayer::new())
        .with_state(state)
}

async fn login<S: Storage>(
    State(app): State<AppState<S>>,
    Body(req): Body<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiFailure> {
    let user = app.store.user(req.username.trim()).await?;
    let (hash, usable) = match &user {
        Some(u) => (u.password_hash.clone(), !u.disabled),
        None => (auth::dummy_hash().to_owned(), false),
    };
    let password = req.password.clone();
    // argon2 takes tens of milliseconds of CPU: off the async workers.
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| matches && usable) else {
        tracing::info!(username = %req.username, "login refused");
        return Err(ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "用户名或密码不正确",
            "Wrong username or password",
        ));
    };
    let token = auth::new_token();
    let name = req.device_name.chars().take(200).collect::<String>();
    app.store
        .add_device(
            &auth::token_hash(&token),
            &user.account.username,
            &req.device_id,
            &name,
        )
        .await?;
    tracing::info!(username = %user.account.username, device = %req.device_id.0, "login");
    Ok(Json(LoginResponse {
        token,
        account: user.account,
    }))
}

async fn logout<S: Storage>(
    State(app): State<AppState<S>>,
    AnySession(session, hash): AnySession,
) -> Result<StatusCode, ApiFailure> {
    app.store.revoke_token(&hash).await?;
    tracing::info!(username = %session.account.username, "logout");
    Ok(StatusCode::NO_CONTENT)
}

async fn change_password<S: Storage>(
    State(app): State<AppState<S>>,
    AnySession(session, _): AnySession,
    Body(req): Body<ChangePasswordRequest>,
) -> Result<Json<Account>, ApiFailure> {
    let username = session.account.username.clone();
    let user = app
        .store
        .user(&username)
        .await?
        .ok_or_else(ApiFailure::unauthorized)?;
    let (old, hash) = (req.old_password.clone(), user.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&old, &hash))
        .await
        .unwrap_or(false);
    if !matches {
        return Err(ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "原密码不正确",
            "The current password is wrong",
        ));
    }
    if req.new_password.chars().count() < auth::MIN_PASSWORD_CHARS
        || req.new_password == req.old_password
    {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "weak_password",
            &format!(
                "新密码至少 {} 个字符，且不能与原密码相同",
                auth::MIN_PASSWORD_CHARS
            ),
            &format!(
                "The new password needs at least {} characters and must differ from the old one",
                auth::MIN_PASSWORD_CHARS
            ),
        ));
    }
    let new = req.new_password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&new))
        .await
        .map_err(|_| ApiFailure::from(StoreError::Corrupt("password hashing stopped".into())))?;
    app.store.set_password(&username, &hash, false).await?;
    let mut account = session.account;
    account.must_change_password = false;
    Ok(Json(account))
}

async fn me(AnySession(session, _): AnySession) -> Json<Account> {
    Json(session.account)
}

async fn push<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiFailure> {
    check_protocol(req.protocol)?;
    if req.changes.len() > app.limits.max_push_changes {
        let max = app.limits.max_push_changes;
        return Err(ApiFailure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!("一次最多上传 {max} 条修改，将分批重试"),
            &format!("At most {max} changes per upload; they will be retried in smaller batches"),
        ));
    }
    let count = req.changes.len();
    // The same validation as on the phone: a record with errors is refused, with the reasons.
    let mut results: Vec<Option<PushResult>> = Vec::with_capacity(count);
    let mut valid = Vec::with_capacity(count);
    for change in req.changes {
        match invalid(&change) {
            Some(rejected) => results.push(Some(rejected)),
            None => {
                results.push(None);
                valid.push(change);
            }
        }
    }
    let mut stored = app.store.push(&session, valid).await?.into_iter();
    let results = results
        .into_iter()
        .map(|r| r.or_else(|| stored.next()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| {
            StoreError::Corrupt("the store answered fewer results than changes".into())
        })?;
    tracing::info!(
        username = %session.account.username,
        device = %session.device_id.0,
        changes = count,
        "push"
    );
    Ok(Json(PushResponse { results }))
}

/// The change refused with the domain's validation errors, if it has any.
fn invalid(change: &Change) -> Option<PushResult> {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    let policy = POLICY.get_or_init(Policy::builtin);
    let h = &change.household;
    let today = chrono::Local::now().date_naive();
    let rules = &policy
        .resolve(h.area.parsed_code().as_ref(), today.year())
        .rules;
    let errors: Vec<Problem> = validate(h, rules, today)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return None;
    }
    let list = |zh: bool| {
        errors
            .iter()
            .take(5)
            .map(|p| {
                format!(
                    "{}: {}",
                    p.field,
                    if zh { &p.message.zh } else { &p.message.en }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    Some(PushResult {
        change_id: change.change_id.clone(),
        household_id: h.id.clone(),
        status: PushStatus::Rejected,
        revision: None,
        conflicts: Vec::new(),
        error: Some(ApiError {
            reason: "invalid_record".into(),
            message: Text::new(
                format!("记录有 {} 处错误，未上传：{}", errors.len(), list(true)),
                format!(
                    "The record has {} error(s) and was not uploaded: {}",
                    errors.len(),
                    list(false)
                ),
            ),
        }),
    })
}

async fn pull<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Body(req): Body<PullRequest>,
) -> Result<Json<PullResponse>, ApiFailure> {
    check_protocol(req.protocol)?;
    Ok(Json(
        app.store
            .pull(&session.scope(), req.cursor, req.limit)
            .await?,
    ))
}

#[derive(Serialize)]
struct History {
    household_id: String,
    versions: Vec<HistoryEntry>,
}

async fn history<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
    Path(id): Path<String>,
) -> Result<Json<History>, ApiFailure> {
    match app.store.history(&session.scope(), &id).await? {
        Some(versions) => Ok(Json(History {
            household_id: id,
            versions,
        })),
        // Not in the caller's areas answers the same as unknown: no hint that it exists.
        None => Err(ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这户，或无权查看",
            "No such household, or not yours to see",
        )),
    }
}

#[derive(Serialize)]
struct Conflicts {
    conflicts: Vec<ConflictEntry>,
}

async fn conflicts<S: Storage>(
    State(app): State<AppState<S>>,
    Authed(session): Authed,
) -> Result<Json<Conflicts>, ApiFailure> {
    Ok(Json(Conflicts {
        conflicts: app.store.conflicts(&session.scope()).await?,
    }))
}
