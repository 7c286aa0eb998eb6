//! The device's side of sync, as pure functions on the record it keeps ([`Stored`]): what to
//! push, what the server's answer does to the local copy, what a pulled version does to it, where
//! the pull cursor goes after a push, and how a batch shrinks after a 413. The app's sync engine
//! only executes them (`src/sync/engine.rs`), so they are tested natively, beside the server's
//! [`plan`](super::plan) that answers them.
use serde::{Deserialize, Serialize};

use super::wire::{ApiError, Change, ChangeId, PulledHousehold, PushResult, PushStatus, Revision};
use crate::{text, Household, Problem};

/// A household as the device keeps it: the record and its sync state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// The version of the device's storage layout that wrote it (the app's `STORAGE_FORMAT`).
    pub storage_format: u32,
    /// Raised by one at every change of the household on this device (a save, or a newer version
    /// pulled from the server); a save that expects another value was overtaken.
    pub local_rev: u64,
    /// When it was saved (ISO 8601, the device's clock).
    pub saved_at: String,
    /// The server revision this version is based on (`None`: the server has never seen it).
    /// An edit keeps it until the server acknowledges the edit, so the server merges from it.
    #[serde(default)]
    pub server_rev: Option<u64>,
    /// Edited on this device since the server last acknowledged it.
    #[serde(default)]
    pub dirty: bool,
    /// The id the unsynced edit is pushed under; the same until the server acknowledges it, so
    /// a resend after a lost answer is recognised and stored once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_id: Option<String>,
    /// Why the server refused the last push of this household. Kept through later edits until
    /// a version is accepted, so the household stays marked until it is put right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<ApiError>,
    /// The change id the refusal answered: an edit under another id (made after the refusal) has
    /// not been tried yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_change: Option<String>,
    /// What the server noticed when it accepted the last push (an ID number in another
    /// household), until a later push is accepted without it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
    pub household: Household,
}

impl Stored {
    /// A record of a household new to this device that the server has never seen, written in
    /// storage layout `storage_format`.
    pub fn new_local(
        household: Household,
        storage_format: u32,
        local_rev: u64,
        saved_at: String,
    ) -> Stored {
        Stored {
            storage_format,
            local_rev,
            saved_at,
            server_rev: None,
            dirty: true,
            change_id: None,
            rejected: None,
            rejected_change: None,
            warnings: Vec::new(),
            household,
        }
    }

    /// The unsynced edit is one the server has not refused yet (a new edit, or a correction of
    /// a refused one): something to send. A refused edit unchanged since waits for a correction
    /// (or the 同步 button) rather than being sent again by itself.
    pub fn untried(&self) -> bool {
        self.dirty && self.change_id.is_some() && self.change_id != self.rejected_change
    }
}

/// What the device sent for one household, remembered until the answer arrives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub household_id: String,
    pub change_id: String,
    /// The local revision of the version sent: the answer applies to it only.
    pub local_rev: u64,
}

/// The change to push for a stored record, if it has an unsynced edit.
pub fn change_of(record: &Stored) -> Option<(Change, Sent)> {
    if !record.dirty {
        return None;
    }
    let change_id = record.change_id.clone()?;
    let change = Change {
        change_id: ChangeId(change_id.clone()),
        base_revision: record.server_rev.map(Revision),
        edited_at: record.saved_at.clone(),
        household: record.household.clone(),
    };
    let sent = Sent {
        household_id: record.household.id.0.clone(),
        change_id,
        local_rev: record.local_rev,
    };
    Some((change, sent))
}

/// What the server's answer to one pushed change does to the local record (`None`: nothing).
///
/// Accepted (`stored`, `merged`, `already_stored`): if the record is still the version sent, it
/// is clean. If it was edited meanwhile, it stays an unsynced edit on its old base revision, so
/// the server merges the newer edit from the version both started from and loses neither side.
/// Refused: the edit stays unsynced and remembers why.
///
/// Only `stored` moves the base to the returned revision: that version is exactly the local
/// one. After `merged` (or `already_stored`, which may have been a merge) the server's version
/// also holds the other side's edits, which this device does not have yet; the base stays the
/// version the local copy was edited from until the pull brings the server's one (the cursor is
/// moved back for it, see [`cursor_after_push`]). Were the base moved, an edit made before that
/// pull would read as undoing the other side's changes and the merge would drop them.
pub fn acknowledge(current: &Stored, sent: &Sent, result: &PushResult) -> Option<Stored> {
    let same_version = current.local_rev == sent.local_rev
        && current.dirty
        && current.change_id.as_deref() == Some(sent.change_id.as_str());
    if !same_version || result.change_id.0 != sent.change_id {
        return None;
    }
    match result.status {
        PushStatus::Stored | PushStatus::Merged | PushStatus::AlreadyStored => {
            let revision = result.revision?;
            let base = match result.status {
                PushStatus::Stored => Some(revision.0),
                _ => current.server_rev,
            };
            Some(Stored {
                server_rev: base,
                dirty: false,
                change_id: None,
                rejected: None,
                rejected_change: None,
                warnings: result.warnings.clone(),
                ..current.clone()
            })
        }
        PushStatus::Rejected => {
            let error = result.error.clone().unwrap_or_else(|| ApiError {
                reason: "rejected".into(),
                message: text!(
                    "被服务器拒绝，未上传",
                    "Refused by the server: not uploaded"
                ),
            });
            let unchanged = current.rejected.as_ref() == Some(&error)
                && current.rejected_change.as_deref() == Some(sent.change_id.as_str());
            (!unchanged).then(|| Stored {
                rejected: Some(error),
                rejected_change: Some(sent.change_id.clone()),
                ..current.clone()
            })
        }
    }
}

/// What a version pulled from the server does to the local record (`None`: nothing).
///
/// No local copy, or a clean one: the server's version replaces it. An unsynced local edit is
/// never overwritten: it keeps its base revision and goes up at the next push, where the server
/// merges it with the version pulled here. A pulled version older than the local base is stale
/// and ignored. `now` is the time written as `saved_at`, `storage_format` the device's storage
/// layout of a record it writes.
pub fn apply_pulled(
    local: Option<&Stored>,
    pulled: &PulledHousehold,
    now: &str,
    storage_format: u32,
) -> Option<Stored> {
    let revision = pulled.revision.0;
    let Some(local) = local else {
        return Some(Stored {
            storage_format,
            local_rev: 1,
            saved_at: now.to_string(),
            server_rev: Some(revision),
            dirty: false,
            change_id: None,
            rejected: None,
            rejected_change: None,
            warnings: Vec::new(),
            household: pulled.household.clone(),
        });
    };
    if local.dirty || local.server_rev.is_some_and(|r| r > revision) {
        return None;
    }
    if local.household == pulled.household {
        // Same content (e.g. this device's own push coming back): only the base moves, and an
        // open form on it is not disturbed.
        return (local.server_rev != Some(revision)).then(|| Stored {
            server_rev: Some(revision),
            ..local.clone()
        });
    }
    Some(Stored {
        storage_format,
        // A new local revision: a form opened on the old version is told, not silently overwritten.
        local_rev: local.local_rev + 1,
        saved_at: now.to_string(),
        server_rev: Some(revision),
        dirty: false,
        change_id: None,
        rejected: None,
        rejected_change: None,
        // Said of the version this device sent, not of another one.
        warnings: Vec::new(),
        household: pulled.household.clone(),
    })
}

/// The pull cursor after a push: moved back before any version the server merged or had
/// stored before, so the next pull brings the server's version of it even if this device's
/// cursor had already passed it (another tab pulled in between).
pub fn cursor_after_push(cursor: u64, results: &[PushResult]) -> u64 {
    results
        .iter()
        .filter(|r| matches!(r.status, PushStatus::Merged | PushStatus::AlreadyStored))
        .filter_map(|r| r.revision)
        .map(|r| r.0.saturating_sub(1))
        .fold(cursor, u64::min)
}

/// The batch size after the server answered 413 to a batch of `size`: half, at least one.
/// `None` when a single change is already too large (it is refused, not retried).
pub fn smaller_batch(size: usize) -> Option<usize> {
    (size > 1).then_some(size / 2)
}
