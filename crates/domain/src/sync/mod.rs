//! The sync protocol between the phones and the township server, in one module a newcomer can
//! read from top to bottom:
//!
//! - [`wire`]: the messages (`/api/v1/sync/push`, `/api/v1/sync/pull`, sign-in), frozen by golden
//!   tests;
//! - [`device`]: the phone's side — what to push, what the server's answer and a pulled version do
//!   to the local copy;
//! - [`plan`]: the server's side — for each pushed change, resend, refuse, fast-forward or merge
//!   ([`plan_change`]); the server only reads rows, asks the plan and writes rows;
//! - [`office_part`]: what only the township office changes (decisions, the identification, the
//!   exit), whatever a field edit carries;
//! - [`merge3`]: the field-wise merge of two edits from one base;
//! - [`Scope`]: the areas a caller may read and write.
pub mod device;
mod merge;
pub mod office_part;
pub mod plan;
mod scope;
pub mod wire;

pub use merge::{incoming_wins, merge3, FieldConflict, Kept, Merged};
pub use office_part::OfficePart;
pub use plan::{plan_change, Actor, Plan, Via};
pub use scope::Scope;

use crate::Household;

/// A merged record that no longer reads as a household (a defect of the merge, reported
/// rather than stored).
#[derive(Debug, thiserror::Error)]
#[error("the merged record is not a valid household: {0}")]
pub struct MergeError(#[from] serde_json::Error);

/// Merges two edits of one household made from `base` (see [`merge3`] for the rule).
pub fn merge_households(
    base: Option<&Household>,
    stored: &Household,
    incoming: &Household,
    incoming_wins: bool,
) -> Result<(Household, Vec<FieldConflict>), MergeError> {
    let base = match base {
        Some(b) => serde_json::to_value(b)?,
        None => serde_json::Value::Null,
    };
    let merged = merge3(
        &base,
        &serde_json::to_value(stored)?,
        &serde_json::to_value(incoming)?,
        incoming_wins,
    );
    Ok((serde_json::from_value(merged.value)?, merged.conflicts))
}
