//! Sign-in, sign-out, the password change and who one is: `POST /v1/auth/login`,
//! `POST /v1/auth/logout`, `POST /v1/auth/password`, `GET /v1/me`.
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use shouwang_domain::sync::wire::{Account, ChangePasswordRequest, LoginRequest, LoginResponse};

use super::blocking;
use crate::auth;
use crate::error::ApiFailure;
use crate::extract::{AnySession, Body};
use crate::state::AppState;
use crate::store::Storage;

pub async fn login<S: Storage>(
    State(app): State<AppState<S>>,
    Body(req): Body<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiFailure> {
    let user = app.store.user(req.username.trim()).await?;
    let (hash, usable) = match &user {
        Some(u) => (u.password_hash.clone(), !u.disabled),
        None => (auth::dummy_hash().to_owned(), false),
    };
    let password = req.password.clone();
    let matches = blocking(move || auth::verify_password(&password, &hash)).await?;
    let Some(user) = user.filter(|_| matches && usable) else {
        tracing::info!(username = %req.username, "login refused");
        return Err(ApiFailure::bad_credentials());
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

pub async fn logout<S: Storage>(
    State(app): State<AppState<S>>,
    AnySession(session, hash): AnySession,
) -> Result<StatusCode, ApiFailure> {
    app.store.revoke_token(&hash).await?;
    tracing::info!(username = %session.account.username, "logout");
    Ok(StatusCode::NO_CONTENT)
}

pub async fn change_password<S: Storage>(
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
    if !blocking(move || auth::verify_password(&old, &hash)).await? {
        return Err(ApiFailure::wrong_old_password());
    }
    if req.new_password.chars().count() < auth::MIN_PASSWORD_CHARS
        || req.new_password == req.old_password
    {
        return Err(ApiFailure::weak_password(auth::MIN_PASSWORD_CHARS));
    }
    let new = req.new_password.clone();
    let hash = blocking(move || auth::hash_password(&new)).await?;
    app.store.set_password(&username, &hash, false).await?;
    let mut account = session.account;
    account.must_change_password = false;
    Ok(Json(account))
}

pub async fn me(AnySession(session, _): AnySession) -> Json<Account> {
    Json(session.account)
}
