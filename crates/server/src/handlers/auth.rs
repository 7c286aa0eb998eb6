//! Sign-in, sign-out, the password change and who one is: `POST /v1/auth/login`,
//! `POST /v1/auth/logout`, `POST /v1/auth/password`, `GET /v1/me`.
//!
//! Sign-ins are throttled per account and per client address: a few wrong passwords are free,
//! then each key is blocked for a growing while after each failure, then locked out
//! ([`block_for`]). While a key is blocked every sign-in with it is refused with 429, the time to
//! retry and `Retry-After`, without checking the password — the right one too — so guessing
//! costs the attacker time, not the server. `shouwang user unlock NAME` ends an account's lockout.
//! A change of password revokes the user's other tokens (the CLI's reset revokes them all).
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, Utc};

use shouwang_domain::sync::wire::{Account, ChangePasswordRequest, LoginRequest, LoginResponse};

use super::{blocking, within_limits};
use crate::auth;
use crate::error::ApiFailure;
use crate::extract::{AnySession, Body};
use crate::state::AppState;
use crate::store::{account_key, address_key, Counted, LoginGate, Storage, Throttle};

/// Failures of a key are forgotten after this long without another.
const WINDOW_MINUTES: i64 = 60;
/// The first block, doubled with each further failure.
const FIRST_BLOCK_SECONDS: i64 = 30;
/// A lockout, and the longest block.
const LOCKOUT_MINUTES: i64 = 30;

/// Failures a key may have before it is blocked, and the failure that locks it out.
struct Rule {
    free: u32,
    lock_at: u32,
}

/// One account: a person mistyping a few times is never slowed down.
const ACCOUNT: Rule = Rule {
    free: 4,
    lock_at: 10,
};
/// One client address: a township office's workers share one, so it allows more.
const ADDRESS: Rule = Rule {
    free: 20,
    lock_at: 30,
};

/// How long the key is blocked after its `n`th failure in a row: not during the free ones,
/// then 30 s, 1 min, 2 min, … (at most the lockout), and the lockout from `lock_at` on.
pub fn block_for(key: &str, n: u32) -> Option<Duration> {
    let rule = if key.starts_with("addr:") {
        &ADDRESS
    } else {
        &ACCOUNT
    };
    let lockout = Duration::minutes(LOCKOUT_MINUTES);
    if n <= rule.free {
        None
    } else if n >= rule.lock_at {
        Some(lockout)
    } else {
        let doublings = (n - rule.free - 1).min(16);
        Some(Duration::seconds(FIRST_BLOCK_SECONDS << doublings).min(lockout))
    }
}

/// The client's address: the peer's, or, when the peer is this machine (a reverse proxy on it),
/// the last address it put in `X-Forwarded-For`. `None` when unknown (no connection info).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = || {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|a| a.trim().parse::<IpAddr>().ok())
        };
        Ok(ClientAddr(match peer {
            Some(ip) if ip.is_loopback() => forwarded().or(Some(ip)),
            other => other,
        }))
    }
}

/// The 429 of a blocked sign-in: when to retry, in the township's time.
fn blocked<S>(app: &AppState<S>, until: DateTime<Utc>) -> ApiFailure {
    let seconds = (until - app.now()).num_seconds().max(1) as u64;
    let at = until
        .with_timezone(&app.time_zone)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    ApiFailure::too_many_attempts(seconds, &at)
}

/// Counts an attempt to prove `username`'s password from `client` (a failure until
/// [`Storage::login_succeeded`]), before the password is checked, so attempts made at once are
/// throttled one after the other; a blocked one is refused here. Returns the keys and what was
/// counted.
async fn attempt<S: Storage>(
    app: &AppState<S>,
    username: &str,
    client: Option<IpAddr>,
) -> Result<(Vec<String>, Counted), ApiFailure> {
    let mut keys = vec![account_key(username)];
    keys.extend(client.as_ref().map(address_key));
    let now = app.now();
    let throttle = Throttle {
        now,
        window_start: now - Duration::minutes(WINDOW_MINUTES),
        block_for: &block_for,
    };
    match app.store.login_attempt(&keys, throttle).await? {
        LoginGate::Blocked(until) => {
            tracing::warn!(username, client = ?client, "sign-in blocked");
            Err(blocked(app, until))
        }
        LoginGate::Counted(counted) => Ok((keys, counted)),
    }
}

pub async fn login<S: Storage>(
    State(app): State<AppState<S>>,
    ClientAddr(client): ClientAddr,
    Body(req): Body<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiFailure> {
    let username = req.username.trim();
    within_limits(&[
        ("username", username),
        ("password", &req.password),
        ("device_id", &req.device_id.0),
        ("device_name", &req.device_name),
    ])?;
    let (keys, counted) = attempt(&app, username, client).await?;
    let user = app.store.user(username).await?;
    let (hash, usable) = match &user {
        Some(u) => (u.password_hash.clone(), !u.disabled),
        None => (auth::dummy_hash().to_owned(), false),
    };
    let password = req.password.clone();
    let matches = blocking(move || auth::verify_password(&password, &hash)).await?;
    let Some(user) = user.filter(|_| matches && usable) else {
        tracing::info!(username, client = ?client, "login refused");
        return Err(ApiFailure::bad_credentials());
    };
    app.store.login_succeeded(&counted, &keys[0]).await?;
    let token = auth::new_token();
    app.store
        .add_device(
            &auth::token_hash(&token),
            &user.account.username,
            &req.device_id,
            &req.device_name,
            app.now(),
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

/// Sets a new password. The tokens of the user's other devices are revoked: whoever knew the
/// old password is signed out everywhere but here, where it was just proven.
/// The old password is guessed no faster here than at sign-in: the same throttle counts it.
pub async fn change_password<S: Storage>(
    State(app): State<AppState<S>>,
    ClientAddr(client): ClientAddr,
    AnySession(session, token_hash): AnySession,
    Body(req): Body<ChangePasswordRequest>,
) -> Result<Json<Account>, ApiFailure> {
    within_limits(&[
        ("password", &req.old_password),
        ("password", &req.new_password),
    ])?;
    let username = session.account.username.clone();
    let user = app
        .store
        .user(&username)
        .await?
        .ok_or_else(ApiFailure::unauthorized)?;
    let (keys, counted) = attempt(&app, &username, client).await?;
    let (old, hash) = (req.old_password.clone(), user.password_hash.clone());
    if !blocking(move || auth::verify_password(&old, &hash)).await? {
        return Err(ApiFailure::wrong_old_password());
    }
    app.store.login_succeeded(&counted, &keys[0]).await?;
    if req.new_password.chars().count() < auth::MIN_PASSWORD_CHARS
        || req.new_password == req.old_password
    {
        return Err(ApiFailure::weak_password(auth::MIN_PASSWORD_CHARS));
    }
    let new = req.new_password.clone();
    let hash = blocking(move || auth::hash_password(&new)).await?;
    app.store.set_password(&username, &hash, false).await?;
    let revoked = app
        .store
        .revoke_other_tokens(&username, &token_hash)
        .await?;
    tracing::info!(username, revoked, "password changed");
    let mut account = session.account;
    account.must_change_password = false;
    Ok(Json(account))
}

pub async fn me(AnySession(session, _): AnySession) -> Json<Account> {
    Json(session.account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_four_free_failures_then_growing_blocks_then_a_lockout() {
        let key = account_key("li");
        let blocks: Vec<_> = (1..=11).map(|n| block_for(&key, n)).collect();
        let s = |n| Some(Duration::seconds(n));
        assert_eq!(
            blocks,
            [
                None,
                None,
                None,
                None,
                s(30),
                s(60),
                s(120),
                s(240),
                s(480),
                s(1800),
                s(1800)
            ]
        );
    }

    #[test]
    fn an_address_allows_more_and_never_blocks_longer_than_a_lockout() {
        let key = address_key(&"10.0.0.7".parse().unwrap());
        assert_eq!(block_for(&key, 20), None);
        assert_eq!(block_for(&key, 21), Some(Duration::seconds(30)));
        for n in 21..200 {
            assert!(block_for(&key, n).unwrap() <= Duration::minutes(LOCKOUT_MINUTES));
        }
        assert_eq!(block_for(&key, 30), Some(Duration::minutes(30)));
    }
}
