//! Policy as data: the monitoring line and every threshold, keyed by area-code prefix and year.
//!
//! A policy file (JSON, see `crates/domain/policy/default.json`) holds a complete national rule
//! set and a list of area entries. An entry names a 2-, 4-, 6-, 9- or 12-digit prefix of the
//! 统计用区划代码 (province, city, county, township, village) and a year, and may set the line
//! and change any other rule. To find the rules of a village in a year, the national set is
//! overlaid by the province's entry, then the city's, then the county's (and so on), each level
//! taking its latest entry not after that year. A lower level may only raise the line; an entry
//! older than the one its parent uses is stale and ignored. When no entry sets a line, the 2021
//! national floor applies and [`LineSource::warning`] says so.
//!
//! Beside the rules, a policy file holds three tables that are not per year but per date or per
//! statistical year: `rural_income` (the base of the medical-share trigger per province and
//! year, [`bases`]), `terms` (names and code lists by effective date, [`terms`]) and, optionally,
//! `calendar` (the holiday calendar for limits in working days, [`calendar`]; without it the
//! built-in `calendar.json`). `consent_texts` holds the 承诺授权书 texts by province and date
//! ([`consent`]).
mod attachments;
pub mod bases;
pub mod calendar;
mod check;
mod consent;
mod error;
mod overlay;
mod rules;
pub mod terms;

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;

pub use attachments::AttachmentRules;
pub use bases::{IncomeBase, IncomeBaseEntry};
pub use calendar::{DayCount, WorkCalendar};
pub use consent::ConsentText;
pub use error::PolicyError;
pub use overlay::RulesOverlay;
pub use rules::*;
pub use terms::{CodedTerm, Terms, TermsEntry};

use crate::model::AreaCode;
use crate::text;

/// The policy that ships with the app and the server.
pub const BUILTIN_POLICY: &str = include_str!("../../policy/default.json");
/// The file name reported in errors about [`BUILTIN_POLICY`].
pub const BUILTIN_POLICY_NAME: &str = "crates/domain/policy/default.json";
/// The version of the policy file format this code reads.
pub const POLICY_FORMAT_VERSION: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    format_version: u32,
    #[serde(default)]
    name: String,
    /// Free notes for the reader of the file (sources, assumptions).
    #[serde(default)]
    #[allow(dead_code)]
    notes: Vec<String>,
    national: NationalEntry,
    #[serde(default)]
    areas: Vec<AreaEntry>,
    #[serde(default)]
    rural_income: Vec<IncomeBaseEntry>,
    #[serde(default)]
    terms: Vec<TermsEntry>,
    #[serde(default)]
    calendar: Option<WorkCalendar>,
    #[serde(default)]
    consent_texts: Vec<ConsentText>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NationalEntry {
    name: String,
    year: i32,
    #[serde(default)]
    source: String,
    rules: Rules,
}

/// One area's policy for one year.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaEntry {
    /// 2, 4, 6, 9 or 12 digits of the area code.
    pub prefix: String,
    /// The area's name, e.g. "贵州省".
    pub name: String,
    /// The policy year.
    pub year: i32,
    /// Where the figures come from (a URL or a document number).
    #[serde(default)]
    pub source: String,
    /// The monitoring line, when this entry sets one.
    #[serde(default)]
    pub line: Option<LineRule>,
    /// Other rules this entry changes.
    #[serde(default)]
    pub rules: RulesOverlay,
}

/// A loaded and checked policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The policy's title.
    pub name: String,
    national: NationalEntry,
    areas: Vec<AreaEntry>,
    rural_income: Vec<IncomeBaseEntry>,
    terms: Vec<TermsEntry>,
    calendar: Arc<WorkCalendar>,
    consent_texts: Vec<ConsentText>,
}

impl Policy {
    /// The policy shipped in the binary.
    pub fn builtin() -> Policy {
        // The shipped file is checked by a test (`the_shipped_policy_loads`); failing here would be
        // a build defect. It is read without key-path tracking, which keeps that machinery out of
        // the phone app, which never loads another file.
        let parsed: PolicyFile = serde_json::from_str(BUILTIN_POLICY)
            .unwrap_or_else(|e| panic!("the built-in policy is invalid: {e}"));
        Policy::checked(BUILTIN_POLICY_NAME, BUILTIN_POLICY, parsed)
            .unwrap_or_else(|e| panic!("the built-in policy is invalid: {e}"))
    }

    /// Reads and checks a policy file; `file` names it in errors.
    pub fn from_json(file: &str, text: &str) -> Result<Policy, PolicyError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let parsed: PolicyFile =
            serde_path_to_error::deserialize(de).map_err(|e| PolicyError::from_serde(file, &e))?;
        Policy::checked(file, text, parsed)
    }

    fn checked(file: &str, text: &str, parsed: PolicyFile) -> Result<Policy, PolicyError> {
        if parsed.format_version != POLICY_FORMAT_VERSION {
            return Err(PolicyError::at_key(
                file,
                text,
                "format_version",
                0,
                format!(
                    "format version {} is not supported (this program reads {POLICY_FORMAT_VERSION})",
                    parsed.format_version
                ),
            ));
        }
        let policy = Policy {
            name: parsed.name,
            national: parsed.national,
            areas: parsed.areas,
            rural_income: parsed.rural_income,
            terms: parsed.terms,
            calendar: Arc::new(parsed.calendar.unwrap_or_else(WorkCalendar::builtin)),
            consent_texts: parsed.consent_texts,
        };
        policy.check(file, text)?;
        Ok(policy)
    }

    /// The national entry's name, year and source.
    pub fn national(&self) -> (&str, i32, &str) {
        (
            &self.national.name,
            self.national.year,
            &self.national.source,
        )
    }

    /// The area entries, in file order.
    pub fn areas(&self) -> &[AreaEntry] {
        &self.areas
    }

    /// The holiday calendar for limits in working days.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// The terms in force for a village (by its area code, if valid) on `date`.
    pub fn terms(&self, code: Option<&AreaCode>, date: NaiveDate) -> Terms {
        let prefixes: Vec<&str> = code.map(|c| c.prefixes().to_vec()).unwrap_or_default();
        terms::terms_on(&self.terms, &prefixes, date)
    }

    /// The rules for a village (by its area code, if valid) in `year`.
    pub fn resolve(&self, code: Option<&AreaCode>, year: i32) -> Resolved {
        let prefixes: Vec<&str> = code.map(|c| c.prefixes().to_vec()).unwrap_or_default();
        let mut resolved = self.resolve_prefixes(&prefixes, year);
        if code.is_none() {
            resolved.source.warning = Some(text!(
                "所在地区代码无效，按 {} 年国家底线 {} 元/人/年判断",
                "The area code is not valid: judged against the {} national floor of {} yuan per person per year",
                self.national.year,
                self.national.rules.line.amount()
            ));
        }
        resolved
    }

    fn resolve_prefixes(&self, prefixes: &[&str], year: i32) -> Resolved {
        let mut rules = self.national.rules.clone();
        let mut source = LineSource {
            prefix: String::new(),
            name: self.national.name.clone(),
            year: self.national.year,
            fallback: true,
            warning: Some(text!(
                "未找到本地 {} 年监测范围，使用 {} 年国家底线 {} 元/人/年",
                "No local monitoring line for {}: using the {} national floor of {} yuan per person per year",
                year,
                self.national.year,
                self.national.rules.line.amount()
            )),
        };
        let mut in_force_year = i32::MIN;
        rules.calendar = Arc::clone(&self.calendar);
        rules.terms = Arc::new(
            self.terms
                .iter()
                .filter(|e| e.prefix.is_empty() || prefixes.contains(&e.prefix.as_str()))
                .cloned()
                .collect(),
        );
        for prefix in prefixes {
            let Some(entry) = self
                .areas
                .iter()
                .filter(|e| e.prefix == *prefix && e.year <= year)
                .max_by_key(|e| e.year)
            else {
                continue;
            };
            if entry.year < in_force_year {
                continue; // stale: the parent has a newer entry
            }
            entry.rules.apply(&mut rules);
            let Some(line) = &entry.line else { continue };
            if line.amount() < rules.line.amount() && !source.fallback {
                continue; // only raised, never lowered
            }
            rules.line = line.clone();
            in_force_year = entry.year;
            source = LineSource {
                prefix: entry.prefix.clone(),
                name: entry.name.clone(),
                year: entry.year,
                fallback: false,
                warning: (entry.year < year).then(|| {
                    text!(
                        "{} 尚未公布 {} 年监测范围，沿用 {} 年标准",
                        "{} has no monitoring line for {} yet: using its {} line",
                        entry.name,
                        year,
                        entry.year
                    )
                }),
            };
        }
        let base = bases::income_base(
            &self.rural_income,
            prefixes,
            year,
            self.national.rules.rigid_spending.rural_disposable_income,
        );
        rules.rigid_spending.rural_disposable_income = base.amount;
        Resolved {
            rules,
            source,
            base,
        }
    }
}
