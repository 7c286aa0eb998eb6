//! The office API's requests and answers (`/api/v1/office/…`), as JSON on the wire: one
//! definition for the server that answers and the app that asks.
//!
//! Their JSON is frozen by golden tests (`tests/domain/wire.rs`), like the sync protocol's: a
//! change here is an API change the app and the server must make together. The figures and
//! notices themselves ([`Dashboard`](super::Dashboard), [`PublicityNotice`](super::PublicityNotice),
//! [`QueueItem`]) are the domain's own types.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DuplicatePerson, FieldChange, QueueItem};
use crate::classify::{ProcedureStep, Reason};
use crate::model::{ExitMode, ProcedureKind};
use crate::sync::wire::{PushStatus, Revision};
use crate::{Household, Text};

/// The answer to `GET queue[?date=YYYY-MM-DD]`: the households waiting, overdue first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// The day the deadlines are counted from.
    pub as_of: NaiveDate,
    pub items: Vec<QueueItem>,
}

/// `POST households/{id}/decision`: approve or return the step waiting in one procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRequest {
    /// Identification (the default, for clients older than exit procedures) or exit.
    #[serde(default)]
    pub procedure: ProcedureKind,
    pub step: ProcedureStep,
    pub approve: bool,
    /// Required for a return.
    #[serde(default)]
    pub comment: String,
    /// The day the approved step was done, when before today (e.g. the village review held in
    /// the village last week); today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
    /// The revision the reviewer looked at (from the queue); another one answers 409 `stale`.
    pub base_revision: Revision,
}

/// `POST households/{id}/exit`: open the household's exit procedure (风险消除).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitRequest {
    pub mode: ExitMode,
    /// The day the procedure began (not after today); today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "date")]
    pub started: Option<NaiveDate>,
    pub base_revision: Revision,
}

/// `POST households/{id}/exit/withdraw`: withdraw the household's open exit procedure (撤回风险
/// 消除) before the county approval, dated today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawExitRequest {
    /// Why the household no longer qualifies (required).
    pub reason: String,
    pub base_revision: Revision,
}

/// `POST households/{id}/restore`: clear the household's void (恢复作废的户).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreRequest {
    pub base_revision: Revision,
}

/// The answer to `GET duplicates`: every ID number registered in more than one household of the
/// caller's areas (voided households left out), by number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicates {
    pub items: Vec<DuplicatePerson>,
}

/// The answer to a decision, an exit start, a withdrawal or a restore: the new version as
/// stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    pub household_id: String,
    /// The new revision (the worker's phone pulls it on its next sync).
    pub revision: Revision,
    /// `stored`, or `merged` when a phone's edit arrived in between (merged field by field).
    pub status: PushStatus,
    pub household: Household,
}

/// The 422 answer `exit_not_eligible`, to an exit start or to the county approval of an exit:
/// an [`ApiError`](crate::sync::wire::ApiError) (`reason`, one-line `message`) plus every unmet
/// condition, each in both languages, for the app to list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitNotEligible {
    /// Always `exit_not_eligible`.
    pub reason: String,
    pub message: Text,
    pub unmet: Vec<Reason>,
}

impl ExitNotEligible {
    /// The reason code of this answer.
    pub const REASON: &'static str = "exit_not_eligible";

    /// The answer listing `unmet`.
    pub fn new(unmet: Vec<Reason>) -> Self {
        let message = super::ExitRefused {
            unmet: unmet.clone(),
        }
        .message();
        ExitNotEligible {
            reason: Self::REASON.to_owned(),
            message,
            unmet,
        }
    }
}

/// One version in the audit trail: who, from which device, when, and what changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub revision: Revision,
    pub household_id: String,
    pub area_code: String,
    /// `edit` (as a device or the office sent it) or `merge` (made by the server).
    pub kind: String,
    pub username: String,
    pub device_id: String,
    pub edited_at: String,
    pub received_at: String,
    /// The first version of the household: `changes` is empty.
    pub created: bool,
    pub changes: Vec<FieldChange>,
}

/// The answer to `GET audit?household=ID|village=CODE`, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub entries: Vec<AuditEntry>,
}
