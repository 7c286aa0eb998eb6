//! Validation of a household record (DOMAIN.md §11): a list of problems addressed to fields.
//!
//! [`validate`] checks one record as entered: ID numbers, phone and area code, the relations in
//! the household, each member, income, risks, measures, procedure dates and visits. An error must
//! be fixed before the record is submitted; a warning asks the worker to look again. Whether the
//! household *should* be monitored is not judged here but in [`crate::classify`].
//! [`validate_across`] looks at every household on the device for the same person registered twice.
//!
//! Every message names the field with its standard name (DOMAIN.md §10, [`crate::labels`]).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::labels::field_name;
use crate::{Household, Rules, Text};

mod across;
mod attachments;
mod household;
mod identity;
mod income;
mod limits;
mod measures;
mod member;
mod monitoring;
mod terms;
mod visits;

#[cfg(test)]
pub(crate) mod fixture;

pub use across::{duplicate_warning, validate_across};
pub use household::is_mobile_phone;
pub use identity::{id_key, person_key};
pub(crate) use member::is_compulsory_age_dropout;

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

impl Problem {
    /// An error: the record cannot be submitted until it is fixed.
    pub fn error(field: impl Into<String>, code: &str, message: Text) -> Problem {
        Problem {
            field: field.into(),
            severity: Severity::Error,
            code: code.to_string(),
            message,
        }
    }

    /// A warning: the worker should check the field, but may keep it.
    pub fn warning(field: impl Into<String>, code: &str, message: Text) -> Problem {
        Problem {
            field: field.into(),
            severity: Severity::Warning,
            code: code.to_string(),
            message,
        }
    }

    /// True for an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Every problem of `household` under `rules`, as of `today`, in form order.
///
/// A record with a field over its limit ([`crate::limits`]) gets only those problems: the rest
/// is judged once it fits, so no rule reads (or quotes) a value of megabytes.
pub fn validate(household: &Household, rules: &Rules, today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    limits::check(household, &mut out);
    if !out.is_empty() {
        return out;
    }
    household::check(household, rules, today, &mut out);
    for (i, m) in household.members.iter().enumerate() {
        identity::check(i, m, today, &mut out);
        member::check(i, m, household, rules, today, &mut out);
    }
    income::check(&household.income, rules, today, &mut out);
    monitoring::check(&household.monitoring, today, &mut out);
    terms::check(household, rules, today, &mut out);
    measures::check(household, rules, today, &mut out);
    visits::check(&household.visits, today, &mut out);
    attachments::check(household, today, &mut out);
    out
}

/// The standard name of the field at `path` (falls back to the path itself, which only a missing
/// entry in [`crate::labels::FIELD_NAMES`] would show; a test guards against that).
fn name(path: &str) -> Text {
    field_name(path).unwrap_or_else(|| Text::new(path, path))
}

/// The path of a member's field: `members[2].id_number`.
fn member_field(index: usize, field: &str) -> String {
    format!("members[{index}].{field}")
}

/// "date in the future" for any recorded event.
fn future_date(path: &str, date: NaiveDate, today: NaiveDate) -> Option<Problem> {
    if date <= today {
        return None;
    }
    let n = name(path);
    let (zh, en) = (&n.zh, &n.en);
    Some(Problem::error(
        path,
        "date.future",
        crate::text!(
            "{zh}（{date}）晚于今天（{today}），请核对日期",
            "{en} ({date}) is after today ({today}); check the date"
        ),
    ))
}

#[cfg(test)]
mod tests;
