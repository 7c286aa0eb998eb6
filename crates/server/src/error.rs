//! The one error type of the API: a status and the domain's [`ApiError`] JSON
//! `{reason, message: {zh, en}}`, and every way one is made. No internals leak: a storage fault
//! is logged here and answered in words a worker can act on.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use shouwang_domain::office::DecisionError;
use shouwang_domain::sync::wire::{ApiError, PROTOCOL_VERSION};
use shouwang_domain::{text, Problem, Text};

use crate::store::StoreError;

mod attachments;
mod imports;

/// A failed call: a status and the error the app shows.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub error: ApiError,
    /// Seconds until a retry can succeed, sent as `Retry-After` (a throttled sign-in).
    pub retry_after: Option<u64>,
}

impl ApiFailure {
    /// A failure from its parts.
    pub fn with(status: StatusCode, reason: &str, message: Text) -> ApiFailure {
        ApiFailure {
            status,
            error: ApiError {
                reason: reason.to_owned(),
                message,
            },
            retry_after: None,
        }
    }

    pub fn new(status: StatusCode, reason: &str, zh: &str, en: &str) -> ApiFailure {
        ApiFailure::with(status, reason, Text::new(zh, en))
    }

    pub fn unauthorized() -> ApiFailure {
        ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "未登录或登录已失效，请重新登录（本机数据不受影响）",
            "Not signed in, or the sign-in was revoked: please sign in again (data on this device is kept)",
        )
    }

    pub fn bad_credentials() -> ApiFailure {
        ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "用户名或密码不正确",
            "Wrong username or password",
        )
    }

    pub fn wrong_old_password() -> ApiFailure {
        ApiFailure::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "原密码不正确",
            "The current password is wrong",
        )
    }

    pub fn weak_password(min: usize) -> ApiFailure {
        ApiFailure::with(
            StatusCode::BAD_REQUEST,
            "weak_password",
            text!(
                "新密码至少 {min} 个字符，且不能与原密码相同",
                "The new password needs at least {min} characters and must differ from the old one"
            ),
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

    /// A worker calling the office.
    pub fn forbidden_role() -> ApiFailure {
        ApiFailure::new(
            StatusCode::FORBIDDEN,
            "forbidden_role",
            "只有乡镇审核员或县级管理员可以使用办公功能",
            "Only township reviewers and county administrators can use the office functions",
        )
    }

    /// A household (or anything of one) that is not in the caller's areas answers the same as
    /// an unknown one: no hint that it exists.
    pub fn not_found() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这户，或无权查看",
            "No such household, or not yours to see",
        )
    }

    /// A village or township that is not in the caller's areas, or unknown.
    pub fn area_not_found() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这个地区，或无权查看",
            "No such area, or not yours to see",
        )
    }

    /// An unknown API path.
    pub fn no_such_endpoint() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这个接口",
            "No such API endpoint",
        )
    }

    pub fn bad_request(zh: &str, en: &str) -> ApiFailure {
        ApiFailure::new(StatusCode::BAD_REQUEST, "bad_request", zh, en)
    }

    /// A body that is not the JSON the call takes.
    pub fn malformed(detail: &str) -> ApiFailure {
        let detail = short(detail);
        ApiFailure::with(
            StatusCode::BAD_REQUEST,
            "bad_request",
            text!("请求格式不正确：{detail}", "Malformed request: {detail}"),
        )
    }

    /// Query parameters that do not parse.
    pub fn bad_query(detail: &str) -> ApiFailure {
        let detail = short(detail);
        ApiFailure::with(
            StatusCode::BAD_REQUEST,
            "bad_request",
            text!("查询参数不正确：{detail}", "Bad query parameters: {detail}"),
        )
    }

    pub fn too_large(limit_bytes: usize) -> ApiFailure {
        let mb = limit_bytes / (1024 * 1024);
        ApiFailure::with(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            text!(
                "一次上传的数据太多（上限 {mb} MB），将分批重试",
                "Too much data in one upload (limit {mb} MB); it will be retried in smaller batches"
            ),
        )
    }

    pub fn too_many_changes(max: usize) -> ApiFailure {
        ApiFailure::with(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            text!(
                "一次最多上传 {max} 条修改，将分批重试",
                "At most {max} changes per upload; they will be retried in smaller batches"
            ),
        )
    }

    pub fn unsupported_protocol(protocol: u32) -> ApiFailure {
        ApiFailure::with(
            StatusCode::BAD_REQUEST,
            "unsupported_protocol",
            text!(
                "应用版本与服务器不兼容（协议 {protocol}，服务器支持 {PROTOCOL_VERSION}），请更新应用",
                "The app and the server do not match (protocol {protocol}, server speaks {PROTOCOL_VERSION}): update the app"
            ),
        )
    }

    /// The reviewer decided on a revision that is no longer the current one.
    pub fn stale(seen: u64, now: u64) -> ApiFailure {
        ApiFailure::with(
            StatusCode::CONFLICT,
            "stale",
            text!(
                "该户已有更新（您看到的是第 {seen} 版，现为第 {now} 版），请刷新后重新决定",
                "This household changed since you looked (you saw revision {seen}, it is now {now}): reload and decide again"
            ),
        )
    }

    /// A body that is JSON but not what the call takes (a missing field, a wrong type).
    pub fn invalid_body(detail: &str) -> ApiFailure {
        let detail = short(detail);
        ApiFailure::with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            text!(
                "请求内容不符合要求：{detail}",
                "The request does not fit this call: {detail}"
            ),
        )
    }

    /// A field of a request over its limit ([`shouwang_domain::limits::check_text`]); the
    /// message names the field and the limit.
    pub fn too_long(problem: Problem) -> ApiFailure {
        ApiFailure::with(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
            problem.message,
        )
    }

    /// A body that is not sent as JSON.
    pub fn unsupported_media_type() -> ApiFailure {
        ApiFailure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请求须为 JSON（Content-Type: application/json）",
            "The request must be JSON (Content-Type: application/json)",
        )
    }

    /// A body compressed in a way the server does not read.
    pub fn unsupported_encoding(encoding: &str) -> ApiFailure {
        let encoding = short(encoding);
        ApiFailure::with(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_encoding",
            text!(
                "服务器不接受这种压缩方式（{encoding}），请用 gzip 或不压缩",
                "The server does not read this compression ({encoding}): send gzip or uncompressed"
            ),
        )
    }

    pub fn method_not_allowed() -> ApiFailure {
        ApiFailure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "该接口不支持这种请求方式",
            "This API endpoint does not take this method",
        )
    }

    /// Sign-ins refused for a while after too many wrong passwords; `at` is when to retry, in
    /// the township's time, and `seconds` how long that is from now.
    pub fn too_many_attempts(seconds: u64, at: &str) -> ApiFailure {
        let minutes = seconds.div_ceil(60);
        let mut failure = ApiFailure::with(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            text!(
                "密码错误次数过多，暂停登录：请在 {at}（约 {minutes} 分钟后）再试；忘记密码请联系管理员",
                "Too many wrong passwords: sign-in is paused. Try again at {at} (in about {minutes} min); if you forgot the password, ask the administrator"
            ),
        );
        failure.retry_after = Some(seconds.max(1));
        failure
    }

    /// A storage conflict with a change stored at the same moment (a unique key taken).
    pub fn conflict() -> ApiFailure {
        ApiFailure::new(
            StatusCode::CONFLICT,
            "conflict",
            "同一时间已保存了另一项相同的修改，本次未保存；请同步或刷新后再试",
            "The same change was stored at the same moment, so this one was not: sync or reload and try again",
        )
    }

    /// The server failed in a way retrying will not mend (a defect or a damaged row).
    pub fn internal(what: &str) -> ApiFailure {
        tracing::error!(what, "internal error");
        ApiFailure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "服务器内部出错，本次操作未完成；请联系管理员（重试不会解决）",
            "The server failed to do this (an internal fault): contact the administrator; retrying will not help",
        )
    }

    // ---- Enrolment by QR code ----

    /// A code never issued, or replaced by a newer one for the same worker.
    pub fn enrol_code_unknown() -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            "enrol_code_unknown",
            "这个登录码无效（或已被新打印的二维码取代），请向乡镇办公室索取新的二维码",
            "This enrolment code is not valid (or a newer QR code replaced it): ask the township office for a new one",
        )
    }

    pub fn enrol_code_used() -> ApiFailure {
        ApiFailure::new(
            StatusCode::GONE,
            "enrol_code_used",
            "这个二维码已经用过（每个只能用一次），请向乡镇办公室索取新的二维码",
            "This QR code was already used (each works once): ask the township office for a new one",
        )
    }

    pub fn enrol_code_expired() -> ApiFailure {
        ApiFailure::new(
            StatusCode::GONE,
            "enrol_code_expired",
            "这个二维码已过期（有效期一天），请向乡镇办公室索取新的二维码",
            "This QR code has expired (they last a day): ask the township office for a new one",
        )
    }

    /// Setting a password without the old one is only for a sign-in an enrolment code made, once.
    pub fn enrol_password_not_allowed() -> ApiFailure {
        ApiFailure::new(
            StatusCode::FORBIDDEN,
            "enrol_password_not_allowed",
            "这次登录不是扫码登录，或已设置过密码；请在登录页修改密码",
            "This sign-in did not come from a QR code, or its password was already set: change the password on the sign-in page",
        )
    }

    /// A worker the office may not enrol: unknown, not a worker, or outside its areas.
    pub fn worker_not_found(username: &str) -> ApiFailure {
        ApiFailure::with(
            StatusCode::NOT_FOUND,
            "not_found",
            text!(
                "没有工作人员 {username}，或不在您的辖区",
                "No worker {username}, or not in your areas"
            ),
        )
    }

    /// The server cannot tell the address phones use (no `Host`, no `--public-url`).
    pub fn no_public_address() -> ApiFailure {
        ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "no_public_address",
            "服务器不知道手机访问它的地址：请管理员设置 --public-url",
            "The server does not know the address phones use: the administrator sets --public-url",
        )
    }

    /// A refusal of the sync plan, answered to an office call with the status it stands for.
    pub fn refused(error: ApiError) -> ApiFailure {
        let status = match error.reason.as_str() {
            "stale" => StatusCode::CONFLICT,
            "unknown_base" => StatusCode::NOT_FOUND,
            "forbidden_area" | "office_only" | "duplicate_change_id" => StatusCode::FORBIDDEN,
            "invalid_record" | "edited_in_future" => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiFailure {
            status,
            error,
            retry_after: None,
        }
    }
}

impl From<StoreError> for ApiFailure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Full => {
                tracing::error!(error = %e, "storage full");
                ApiFailure::new(
                    StatusCode::INSUFFICIENT_STORAGE,
                    "server_storage_full",
                    "服务器磁盘已满，本次数据未保存，请联系管理员；手机上的数据仍在",
                    "The server's disk is full: nothing was saved. Contact the administrator; the data on the phone is kept",
                )
            }
            StoreError::NotFound(_) => ApiFailure::not_found(),
            StoreError::Exists(what) => ApiFailure::with(
                StatusCode::CONFLICT,
                "exists",
                text!("{what} 已存在", "{what} already exists"),
            ),
            StoreError::Corrupt(what) => ApiFailure::internal(&what),
            StoreError::Conflict(what) => {
                tracing::warn!(what, "storage conflict");
                ApiFailure::conflict()
            }
            StoreError::Database(_) | StoreError::Migrate(_) => {
                tracing::error!(error = %e, "storage error");
                ApiFailure::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "server_storage_error",
                    "服务器存储出错，本次数据未保存，稍后自动重试",
                    "The server could not store the data; nothing was saved and it will be retried",
                )
            }
        }
    }
}

impl From<DecisionError> for ApiFailure {
    fn from(e: DecisionError) -> Self {
        let status = match e {
            DecisionError::NotYourStep { .. } => StatusCode::FORBIDDEN,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiFailure::with(status, e.reason(), e.message())
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.error)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// At most 300 characters of a detail for a message (a parser's message may quote the input).
fn short(detail: &str) -> String {
    const MAX: usize = 300;
    if detail.chars().count() <= MAX {
        detail.to_owned()
    } else {
        let mut s: String = detail.chars().take(MAX).collect();
        s.push('…');
        s
    }
}
