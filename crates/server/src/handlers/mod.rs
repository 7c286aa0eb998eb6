//! The JSON API under `/api`, one file per area: sign-in ([`auth`]), sync ([`sync`]), history
//! and conflicts ([`history`]), the bytes of attachments ([`attachments`]), the township office
//! ([`office`]) and enrolment by QR code ([`enrol`]).
//!
//! Every failure answers the API's error JSON ([`crate::error::ApiFailure`]); every household a
//! call names is looked up within the caller's areas, so another township's answers 404 like an
//! unknown one.
pub mod attachments;
pub mod auth;
pub mod enrol;
pub mod history;
pub mod office;
pub mod sync;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::decompression::RequestDecompressionLayer;

use crate::error::ApiFailure;
use crate::state::AppState;
use crate::store::Storage;

/// Every API route (nested under `/api` by [`crate::router`]), with request decompression,
/// response compression and the body limit.
pub fn routes<S: Storage>(state: AppState<S>) -> Router {
    let max_body = state.limits.max_body_bytes;
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/auth/login", post(auth::login::<S>))
        .route("/v1/auth/logout", post(auth::logout::<S>))
        .route("/v1/auth/password", post(auth::change_password::<S>))
        .route("/v1/me", get(auth::me))
        .route("/v1/sync/push", post(sync::push::<S>))
        .route("/v1/sync/pull", post(sync::pull::<S>))
        .route("/v1/households/{id}/history", get(history::history::<S>))
        .route("/v1/conflicts", get(history::conflicts::<S>))
        .merge(attachments::routes::<S>())
        .merge(office::routes::<S>())
        .merge(enrol::routes::<S>())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestDecompressionLayer::new())
        .layer(CompressionLayer::new().compress_when(
            // Pictures and ZIPs of them are compressed already: gzip would only cost CPU.
            DefaultPredicate::new().and(NotForContentType::const_new("application/zip")),
        ))
        .with_state(state)
}

/// Body of `GET /api/v1/health`.
#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The largest body a call may send, and its refusal: a picture's upload
/// ([`attachments::MAX_BYTES`]), an office upload (the import's limit), else `max_body`.
pub fn body_limit(
    method: &axum::http::Method,
    path: &str,
    max_body: usize,
) -> (usize, fn(usize) -> ApiFailure) {
    if attachments::is_upload(method, path) {
        (attachments::MAX_BYTES, ApiFailure::attachment_too_large)
    } else {
        (office::body_limit(path, max_body), ApiFailure::too_large)
    }
}

/// An unknown API path answers JSON, never the app's HTML.
async fn not_found() -> ApiFailure {
    ApiFailure::no_such_endpoint()
}

/// CPU-bound work (parsing thousands of records, argon2) off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiFailure> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiFailure::internal(&format!("background task failed: {e}")))
}

/// Refuses the first request field over its limit ([`shouwang_domain::limits`]) with 422
/// `too_long`, before anything else reads it.
pub(crate) fn within_limits(fields: &[(&str, &str)]) -> Result<(), ApiFailure> {
    match fields
        .iter()
        .find_map(|(key, value)| shouwang_domain::limits::check_text(key, value))
    {
        Some(problem) => Err(ApiFailure::too_long(problem)),
        None => Ok(()),
    }
}
