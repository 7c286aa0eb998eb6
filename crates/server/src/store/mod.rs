//! Storage of accounts, devices, households and their history, behind one trait.
//!
//! [`Storage`] is what the HTTP handlers and the command line use. [`SqlStore`] implements it once
//! for both databases through sqlx's `Any` driver: the same SQL (written to the common subset of
//! SQLite and PostgreSQL) runs on the embedded SQLite file of a township and on the PostgreSQL of a
//! county. Only the migrations differ per database (`migrations/sqlite`, `migrations/postgres`);
//! a shipped migration is never edited, a change is a new file.
mod sql;

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use shouwang_domain::import::report::ImportJob;
use shouwang_domain::model::Lead;
use shouwang_domain::sync::wire::{
    Account, Change, DeviceId, PullResponse, PushResult, Revision, Role,
};
use shouwang_domain::sync::{FieldConflict, Via};
use shouwang_domain::{Household, Policy};

pub use sql::SqlStore;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database is out of space: nothing of the request was stored.
    #[error("the database disk is full")]
    Full,
    /// A unique name is taken (a username).
    #[error("{0} already exists")]
    Exists(String),
    /// No such user, device, or household.
    #[error("{0} not found")]
    NotFound(String),
    /// A stored row does not read back (a defect or a hand-edited database).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// A write collided with another one on a unique key (two pushes of one change at once).
    #[error("conflicting write: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("cannot run the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    /// Only what a retry can mend (the database unreachable, busy, a serialisation failure) is
    /// `Database`, answered "retry later"; a collision is a conflict and a row or constraint
    /// that does not hold is damage, which no retry mends.
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) => match db.code().as_deref() {
                // SQLITE_FULL (13) and PostgreSQL's disk_full (53100).
                Some("13") | Some("53100") => StoreError::Full,
                // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY; PostgreSQL's unique_violation.
                Some("2067") | Some("1555") | Some("23505") => {
                    StoreError::Conflict(db.message().to_owned())
                }
                // Any other SQLITE_CONSTRAINT_* (19 + 256·k; SQLite's codes have at most four
                // digits) or PostgreSQL integrity error (class 23: five characters).
                Some(code)
                    if (code.len() == 5 && code.starts_with("23"))
                        || (code.len() < 5
                            && code.parse::<u32>().is_ok_and(|c| c & 0xff == 19)) =>
                {
                    StoreError::Corrupt(db.message().to_owned())
                }
                _ => StoreError::Database(e),
            },
            sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::Decode(_)
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::ColumnIndexOutOfBounds { .. }
            | sqlx::Error::TypeNotFound { .. } => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Database(e),
        }
    }
}

/// A user as stored, with the password hash (never sent to a client).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub account: Account,
    pub password_hash: String,
    pub disabled: bool,
}

/// A user to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub areas: Vec<String>,
    pub password_hash: String,
    pub must_change_password: bool,
}

/// A signed-in device, found from its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub account: Account,
    pub device_id: DeviceId,
}

impl Session {
    /// The caller's areas, as the query filter every read and write goes through.
    pub fn scope(&self) -> Scope {
        Scope::new(self.account.areas.clone())
    }
}

pub use shouwang_domain::sync::Scope;

/// Who pushes, which way, and what the plan is judged against (the server's policy, clock and
/// calendar day).
#[derive(Clone, Copy, Debug)]
pub struct PushContext<'a> {
    pub session: &'a Session,
    pub via: Via,
    pub policy: &'a Policy,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

/// The throttling key of an account.
pub fn account_key(username: &str) -> String {
    format!("user:{username}")
}

/// The throttling key of a client address.
pub fn address_key(address: &std::net::IpAddr) -> String {
    format!("addr:{address}")
}

/// How a sign-in attempt is counted.
#[derive(Clone, Copy)]
pub struct Throttle<'a> {
    pub now: DateTime<Utc>,
    /// Failures before this (with none since) are forgotten.
    pub window_start: DateTime<Utc>,
    /// How long a key is blocked after its `n`th failure; `None`: not at all.
    pub block_for: &'a (dyn Fn(&str, u32) -> Option<chrono::Duration> + Sync),
}

/// What became of a sign-in attempt before its password was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginGate {
    /// A key is blocked until then: the attempt is refused, whatever the password.
    Blocked(DateTime<Utc>),
    /// Counted as a failure; [`Storage::login_succeeded`] takes it back.
    Counted(Counted),
}

/// The keys an attempt was counted against, each with the block it set (RFC 3339), if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    pub keys: Vec<(String, Option<String>)>,
}

/// A login of one user on one device, as the admin lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceRecord {
    pub username: String,
    pub device_id: String,
    pub device_name: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub revoked_at: Option<String>,
}

/// One version of a household in its history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub revision: Revision,
    /// `edit` (as a device sent it) or `merge` (made by the server from two edits).
    pub kind: String,
    pub change_id: Option<String>,
    pub base_revision: Option<Revision>,
    pub username: String,
    pub device_id: String,
    pub edited_at: String,
    pub received_at: String,
    pub household: serde_json::Value,
}

/// A conflict recorded for office review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictEntry {
    /// The revision of the merged version.
    pub revision: Revision,
    pub household_id: String,
    pub area_code: String,
    pub stored_revision: Revision,
    pub incoming_revision: Revision,
    pub fields: Vec<FieldConflict>,
    pub created_at: String,
}

/// The bytes of an attachment the server holds for a household: a row per household and SHA-256
/// (the file itself is [`crate::blobs`]'s, one per SHA-256).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAttachment {
    pub household_id: String,
    /// SHA-256 of the bytes, lower-case hex: an attachment's `id` or `thumb`.
    pub sha256: String,
    pub content_type: String,
    pub bytes: u64,
    /// The username that uploaded them, and when (RFC 3339 UTC).
    pub stored_by: String,
    pub stored_at: String,
}

/// What the server does with households, accounts and devices. Every household read and write
/// takes the caller's [`Scope`] or [`Session`]; implementations check it in the query itself.
pub trait Storage: Clone + Send + Sync + 'static {
    fn user_count(&self) -> impl Future<Output = Result<i64, StoreError>> + Send;
    fn create_user(&self, user: NewUser) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn user(&self, username: &str)
        -> impl Future<Output = Result<Option<User>, StoreError>> + Send;
    fn users(&self) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;
    /// Adds (`add`) or removes area prefixes of a user.
    fn set_area(
        &self,
        username: &str,
        prefix: &str,
        add: bool,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a new sign-in of `username` on a device, first and last used `at`.
    fn add_device(
        &self,
        token_hash: &str,
        username: &str,
        device_id: &DeviceId,
        device_name: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The session of a live token used since `idle_since`, its use at `now` recorded (at most
    /// once a minute, so a busy phone does not write on every call). A token idle for longer is
    /// revoked and answers `None`, like a revoked one.
    fn touch_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> impl Future<Output = Result<Option<Session>, StoreError>> + Send;
    /// Revokes every live token of `username` but `keep` (the one that changed the password);
    /// returns how many.
    fn revoke_other_tokens(
        &self,
        username: &str,
        keep: &str,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Counts a sign-in attempt against each of `keys` ([`account_key`], [`address_key`]) as a
    /// failure, unless one of them is blocked at `throttle.now` (then nothing is counted). One
    /// transaction, so attempts made at once are counted one after the other.
    fn login_attempt(
        &self,
        keys: &[String],
        throttle: Throttle<'_>,
    ) -> impl Future<Output = Result<LoginGate, StoreError>> + Send;
    /// The attempt succeeded: the account's key (`clear`) is forgotten, and the attempt is taken
    /// back from the other keys it was counted against.
    fn login_succeeded(
        &self,
        counted: &Counted,
        clear: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Forgets the failed sign-ins of `username`, ending its lockout; whether it had any.
    fn unlock(&self, username: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The session of a live (not revoked) token of an enabled user.
    fn session(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<Session>, StoreError>> + Send;
    fn revoke_token(&self, token_hash: &str)
        -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Revokes a user's logins (on one device, or all); returns how many.
    fn revoke_devices(
        &self,
        username: &str,
        device_id: Option<&str>,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
    fn devices(
        &self,
        username: Option<&str>,
    ) -> impl Future<Output = Result<Vec<DeviceRecord>, StoreError>> + Send;

    /// Applies one batch of changes in one transaction, each as the domain's sync plan says
    /// ([`shouwang_domain::sync::plan_change`]): all of it is stored, or none.
    fn push(
        &self,
        ctx: PushContext<'_>,
        changes: Vec<Change>,
    ) -> impl Future<Output = Result<Vec<PushResult>, StoreError>> + Send;
    fn pull(
        &self,
        scope: &Scope,
        cursor: Revision,
        limit: u32,
    ) -> impl Future<Output = Result<PullResponse, StoreError>> + Send;
    /// Every version of a household, oldest first; `None` when it is not in scope or unknown.
    fn history(
        &self,
        scope: &Scope,
        household_id: &str,
    ) -> impl Future<Output = Result<Option<Vec<HistoryEntry>>, StoreError>> + Send;
    fn conflicts(
        &self,
        scope: &Scope,
    ) -> impl Future<Output = Result<Vec<ConflictEntry>, StoreError>> + Send;
    fn household_count(&self) -> impl Future<Output = Result<i64, StoreError>> + Send;

    // ---- The township office (`crate::office`) ----

    /// The current version of every household in scope, with its revision, by id.
    fn households(
        &self,
        scope: &Scope,
    ) -> impl Future<Output = Result<Vec<(Revision, Household)>, StoreError>> + Send;
    /// One household's current version and revision; `None` when not in scope or unknown.
    fn household(
        &self,
        scope: &Scope,
        household_id: &str,
    ) -> impl Future<Output = Result<Option<(Revision, Household)>, StoreError>> + Send;
    /// Each household in scope as it stood before `received_before` (RFC 3339 UTC text, compared
    /// as text, so `2025-11-30` means "received on 2025-11-29 or earlier"): its latest version
    /// received by then. Households first received later are absent.
    fn households_as_of(
        &self,
        scope: &Scope,
        received_before: &str,
    ) -> impl Future<Output = Result<Vec<Household>, StoreError>> + Send;
    /// The latest versions, newest first, of one household or of every household under an area
    /// prefix (both within scope), at most `limit`, each with the version it changed.
    fn audit_versions(
        &self,
        scope: &Scope,
        filter: AuditFilter<'_>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<AuditVersion>, StoreError>> + Send;

    // ---- Imports and leads (`handlers::office::{import, leads}`) ----

    /// Records a background import of `total` households started by `username`.
    fn create_job(
        &self,
        id: &str,
        username: &str,
        total: u32,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Stores where the import stands.
    fn update_job(&self, job: &ImportJob) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// `username`'s import `id` (another user's answers `None`).
    fn job(
        &self,
        id: &str,
        username: &str,
    ) -> impl Future<Output = Result<Option<ImportJob>, StoreError>> + Send;
    /// Keeps the rows of a list that matched no household, once each, for `area_prefix`;
    /// returns how many were new.
    fn add_unmatched(
        &self,
        area_prefix: &str,
        leads: &[Lead],
    ) -> impl Future<Output = Result<u32, StoreError>> + Send;
    /// The unassigned rows under the caller's areas (only `key`'s, when given), by key.
    fn unmatched(
        &self,
        scope: &Scope,
        key: Option<&str>,
    ) -> impl Future<Output = Result<Vec<(String, Lead)>, StoreError>> + Send;
    /// Marks row `key` assigned to `household_id` by `by`.
    fn assign_unmatched(
        &self,
        key: &str,
        household_id: &str,
        by: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    // ---- Attachments (`handlers::attachments`) ----

    /// Records that the bytes of `attachment` are stored for its household (their file already
    /// in place); `false` when that was recorded before, which changes nothing. The caller has
    /// checked the household is in scope and references them.
    fn add_attachment(
        &self,
        attachment: &StoredAttachment,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Every attachment stored for `household_id`, by SHA-256 (no scope: the caller has looked
    /// the household up in the caller's areas).
    fn stored_attachments(
        &self,
        household_id: &str,
    ) -> impl Future<Output = Result<Vec<StoredAttachment>, StoreError>> + Send;

    // ---- Enrolment by QR code (`handlers::enrol`) ----

    /// Stores an enrolment code for a user; the user's earlier unused codes stop working.
    fn add_enrolment(
        &self,
        code: NewEnrolment<'_>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Uses an enrolment code, in one transaction: if it is unused and not expired at
    /// `device.now`, marks it used and signs its user in on the device (as [`Storage::add_device`]).
    fn redeem_enrolment(
        &self,
        code_hash: &str,
        device: EnrolledDevice<'_>,
    ) -> impl Future<Output = Result<Redeemed, StoreError>> + Send;
    /// Sets the password of the user a code signed in with the sign-in `token_hash` — once per
    /// code — and revokes the user's other sign-ins, in one transaction. `false` when that
    /// sign-in came from no code, or its password was already set.
    fn set_enrolment_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// A new enrolment code, as stored (only its hash).
#[derive(Clone, Copy, Debug)]
pub struct NewEnrolment<'a> {
    pub code_hash: &'a str,
    pub username: &'a str,
    pub created_by: &'a str,
    /// RFC 3339 UTC, as the server's clock said.
    pub created_at: &'a str,
    pub expires_at: &'a str,
}

/// The phone that uses an enrolment code, and the sign-in it gets.
#[derive(Clone, Copy, Debug)]
pub struct EnrolledDevice<'a> {
    pub token_hash: &'a str,
    pub device_id: &'a DeviceId,
    pub device_name: &'a str,
    pub now: &'a str,
}

/// What became of an enrolment code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redeemed {
    /// The code was good: the user (by name) is signed in on the device.
    SignedIn(String),
    /// Used before (single use).
    Used,
    Expired,
    /// No such code (or a newer code for the user replaced it).
    Unknown,
}

/// Whose versions the audit lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditFilter<'a> {
    Household(&'a str),
    /// An area-code prefix (digits only), e.g. a village.
    Area(&'a str),
}

/// A version for the audit: the version, and the one it was made from (its base revision when it
/// has one, else the household's version before it; none for the first).
#[derive(Clone, Debug, PartialEq)]
pub struct AuditVersion {
    pub entry: HistoryEntry,
    pub before: Option<serde_json::Value>,
}
