//! Request extractors whose rejections are the API's error JSON: a JSON body, query parameters,
//! and the caller's session (any, one with a password of their own, an office role).
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;

use shouwang_domain::sync::wire::Role;

use crate::auth::token_hash;
use crate::error::ApiFailure;
use crate::state::AppState;
use crate::store::{Session, Storage};

/// A JSON body whose rejections answer the API's errors: 400 not JSON, 413 too large, 415 not
/// sent as JSON, 422 JSON of the wrong shape.
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
            Err(rejection) => Err(match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiFailure::too_large(state.limits.max_body_bytes),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiFailure::unsupported_media_type(),
                // JSON, but not the shape this call takes.
                StatusCode::UNPROCESSABLE_ENTITY => {
                    ApiFailure::invalid_body(&rejection.body_text())
                }
                _ => ApiFailure::malformed(&rejection.body_text()),
            }),
        }
    }
}

/// Query parameters whose rejections answer the API's errors.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Params(value)),
            Err(e) => Err(ApiFailure::bad_query(&e.body_text())),
        }
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The caller's session, from a live token (not revoked, used within the idle expiry: its use is
/// recorded), and the token's hash; `unauthorized` otherwise.
/// Allowed while a one-time password is still in use (to change it, see who one is, or log out).
pub struct AnySession(pub Session, pub String);

impl<S: Storage> FromRequestParts<AppState<S>> for AnySession {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(ApiFailure::unauthorized)?;
        let hash = token_hash(token);
        let now = state.now();
        let idle_since = now - chrono::Duration::days(i64::from(state.limits.token_idle_days));
        match state.store.touch_session(&hash, now, idle_since).await? {
            Some(session) => Ok(AnySession(session, hash)),
            None => Err(ApiFailure::unauthorized()),
        }
    }
}

/// The caller's session, for every call but those of [`AnySession`]: refused with
/// `password_change_required` while a one-time password is in use.
pub struct Authed(pub Session);

impl<S: Storage> FromRequestParts<AppState<S>> for Authed {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let AnySession(session, _) = AnySession::from_request_parts(parts, state).await?;
        if session.account.must_change_password {
            return Err(ApiFailure::password_change_required());
        }
        Ok(Authed(session))
    }
}

/// The caller, when the role is reviewer or admin (a worker gets 403 `forbidden_role`).
pub struct Office(pub Session);

impl<S: Storage> FromRequestParts<AppState<S>> for Office {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let Authed(session) = Authed::from_request_parts(parts, state).await?;
        match session.account.role {
            Role::Reviewer | Role::Admin => Ok(Office(session)),
            Role::Worker => Err(ApiFailure::forbidden_role()),
        }
    }
}
