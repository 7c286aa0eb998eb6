//! What sync keeps in localStorage (through gloo-storage): the session (device token and
//! account), the pull cursor of each account, and the time of the last successful sync.
//! Signing out removes the token only: records, drafts and cursors stay.
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shouwang_domain::sync::wire::Account;

const SESSION_KEY: &str = "shouwang.session";
const LAST_USER_KEY: &str = "shouwang.last_username";
const LAST_SYNC_KEY: &str = "shouwang.sync.last";
const CURSOR_PREFIX: &str = "shouwang.sync.cursor.";

/// A signed-in account on this device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Sent as `Authorization: Bearer <token>`.
    pub token: String,
    pub account: Account,
}

/// The stored session, if signed in.
pub fn load() -> Option<Session> {
    LocalStorage::get(SESSION_KEY).ok()
}

/// Keeps `session` (and its user name, to offer it at the next login).
pub fn save(session: &Session) {
    let _ = LocalStorage::set(SESSION_KEY, session);
    let _ = LocalStorage::set(LAST_USER_KEY, &session.account.username);
}

/// Forgets the token. Nothing else is touched.
pub fn clear() {
    LocalStorage::delete(SESSION_KEY);
}

/// The user name of the last sign-in on this device, to fill in the login form.
pub fn last_username() -> String {
    LocalStorage::get(LAST_USER_KEY).unwrap_or_default()
}

/// The last revision pulled for `username` (0: pull everything). Each account has its own, so
/// another account signing in on the device still receives everything of its areas.
pub fn cursor(username: &str) -> u64 {
    LocalStorage::get(format!("{CURSOR_PREFIX}{username}")).unwrap_or(0)
}

/// Saves the pull cursor of `username`, after each page is applied.
pub fn set_cursor(username: &str, cursor: u64) {
    let _ = LocalStorage::set(format!("{CURSOR_PREFIX}{username}"), cursor);
}

/// When the last sync finished (milliseconds since 1970), if ever.
pub fn last_sync() -> Option<f64> {
    LocalStorage::get(LAST_SYNC_KEY).ok()
}

/// Records a sync that finished now.
pub fn set_last_sync(millis: f64) {
    let _ = LocalStorage::set(LAST_SYNC_KEY, millis);
}
