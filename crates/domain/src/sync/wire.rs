//! The sync protocol's messages, as JSON on the wire (`/api/v1/sync/push`, `/api/v1/sync/pull`).
//!
//! Their JSON is frozen by golden tests: a change here is a protocol change, which needs a new
//! [`PROTOCOL_VERSION`] that the server accepts alongside the old one.
use serde::{Deserialize, Serialize};

use super::FieldConflict;
use crate::model::{Household, HouseholdId};
use crate::{Problem, Text};

/// The protocol version this code speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// A device (one browser profile on one phone), made once on the device.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(pub String);

/// One change as the device made it; resending it with the same id stores nothing twice.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeId(pub String);

/// The server's sequence number of a stored version; increases with every stored version.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Revision(pub u64);

/// One edit of one household: the whole record after the edit, and the version it started from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub change_id: ChangeId,
    /// The server version the edit started from; `None` for a household new to the server.
    pub base_revision: Option<Revision>,
    /// When the edit was made, by the device's clock (RFC 3339); used only to pick the last
    /// writer in a conflict.
    pub edited_at: String,
    pub household: Household,
}

/// A batch of changes from one device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub protocol: u32,
    pub device_id: DeviceId,
    pub changes: Vec<Change>,
}

/// What became of one change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Stored as sent.
    Stored,
    /// This change id was stored before (a retry): nothing stored again.
    AlreadyStored,
    /// Another version came first; the two were merged (see `conflicts`).
    Merged,
    /// Refused (see `error`); the device keeps it and shows the reason.
    Rejected,
}

/// The result of one change, in request order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResult {
    pub change_id: ChangeId,
    pub household_id: HouseholdId,
    pub status: PushStatus,
    /// The household's revision after this change (absent when rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// Fields both sides changed, kept for office review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<FieldConflict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    /// What the server noticed about a stored change without refusing it: an ID number already
    /// registered in another household of the caller's areas (`id_number.duplicate_across`, on
    /// the member's field). Absent while there is nothing to say, so answers read as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
}

/// The answer to a push.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
}

/// Asks for everything changed after `cursor` in the caller's areas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    pub protocol: u32,
    pub device_id: DeviceId,
    /// The last revision this device has applied (0 at first).
    pub cursor: Revision,
    /// At most this many households in one answer.
    pub limit: u32,
}

/// One household as the server holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PulledHousehold {
    pub revision: Revision,
    pub household: Household,
}

/// The answer to a pull: apply these, then pull again from `cursor` while `more`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub households: Vec<PulledHousehold>,
    pub cursor: Revision,
    pub more: bool,
}

/// An error the app shows: a stable reason code and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// e.g. `too_large`, `forbidden_area`, `invalid_record`, `unsupported_protocol`.
    pub reason: String,
    pub message: Text,
}

/// What a user may do; each role sees the households under its area prefixes only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 驻村干部, village cadre, assigned helper: the villages assigned (12-digit prefixes).
    Worker,
    /// The township office: its township (9-digit prefix).
    Reviewer,
    /// The county: its county (6-digit prefix); manages users.
    Admin,
}

/// `POST /api/v1/auth/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    pub device_id: DeviceId,
    /// Shown to the admin who lists or revokes devices, e.g. the browser's user agent.
    #[serde(default)]
    pub device_name: String,
}

/// Who is signed in and where they may read and write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Area-code prefixes (2 to 12 digits); an empty prefix is the whole server.
    pub areas: Vec<String>,
    /// A one-time password is in use: every other call answers `password_change_required`
    /// until the user sets a password of their own.
    pub must_change_password: bool,
}

/// The answer to a login: a device token, sent as `Authorization: Bearer <token>`, valid until
/// the user logs out or an admin revokes the device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub account: Account,
}

/// `POST /api/v1/auth/password`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub old_password: String,
    pub new_password: String,
}
