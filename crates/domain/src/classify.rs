//! Explainable classification placeholder.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Household, Policy};

/// The classification of one household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {}

/// Classifies `household` under `policy` as of `date`.
pub fn classify(household: &Household, policy: &Policy, date: NaiveDate) -> Classification {
    let _ = (household, policy, date);
    Classification {}
}
