//! Validation of a household record (DOMAIN.md §11): a list of problems addressed to fields.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Household, Rules, Text};

/// How serious a problem is: an error blocks submission, a warning asks to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with a record, addressed to the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Path of the field, e.g. `members[2].id_number`, `phone`, `monitoring.risks[0]`.
    pub field: String,
    pub severity: Severity,
    /// A stable code for the rule, e.g. `id_number.checksum`.
    pub code: String,
    /// What is wrong and what to do, in both languages.
    pub message: Text,
}

/// Every problem of `household` under `rules`, as of `today`.
pub fn validate(household: &Household, rules: &Rules, today: NaiveDate) -> Vec<Problem> {
    let _ = (household, rules, today);
    Vec::new()
}
