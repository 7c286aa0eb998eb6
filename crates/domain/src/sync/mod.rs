//! Sync between the phone and the township server: the protocol's messages ([`wire`]) and the
//! merge rule for concurrent edits ([`merge3`]), here so the phone and the server can never
//! disagree on either.
mod merge;
pub mod wire;

pub use merge::{incoming_wins, merge3, FieldConflict, Kept, Merged};

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
