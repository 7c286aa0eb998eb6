//! Restoring a voided household (恢复作废的户): only the township office clears a void, through
//! its own call; a field edit cannot (see [`crate::sync::office_part`]). The void stays in the
//! server's history of the household, with who voided it and why.
use crate::{text, Household, Text};

/// The household is not voided: nothing to restore.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the household is not voided")]
pub struct NotVoided;

impl NotVoided {
    /// The stable reason code of the API error.
    pub const REASON: &'static str = "not_voided";

    /// What the reviewer reads.
    pub fn message(&self) -> Text {
        text!(
            "这户没有作废，无需恢复",
            "This household is not voided: there is nothing to restore"
        )
    }
}

/// `h` with its void cleared: back in every list, count, queue and export.
pub fn restore(h: &Household) -> Result<Household, NotVoided> {
    if h.monitoring.voided.is_none() {
        return Err(NotVoided);
    }
    let mut out = h.clone();
    out.monitoring.voided = None;
    Ok(out)
}
