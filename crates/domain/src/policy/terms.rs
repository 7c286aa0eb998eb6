//! The terms and code lists in force by effective date and area (DOMAIN.md §13): what the
//! monitored household is called (监测对象 until 2025, 防止返贫致贫对象 from 2026), which of the
//! national categories are in force and their labels, a province's own categories, and the
//! social-assistance statuses (低保, 特困, 低保边缘) a household holds alongside, with one chain of
//! help and one accounting of income and spending.
//!
//! Shape: stored records keep the national category codes ([`MonitoredCategory`], serde-stable);
//! everything a reader sees comes from the policy's `terms` list, each entry keyed by an area
//! prefix (empty for national) and the date it takes effect (`from`). [`Rules::terms`] (or
//! [`super::Policy::terms`]) answers the terms of an area on a date: the national entry in force,
//! overlaid by the province's, city's and county's entries in force (each may rename, set the
//! categories in force, add its own categories and set the statuses). A record is shown with the
//! terms of its identification date ([`crate::Household::terms_date`]), so older records keep
//! theirs. A province's own category or a status is stored on the record as a code
//! (`monitoring.local_category`, `monitoring.assistance`), which validation checks against the
//! terms of the record's date.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Rules;
use crate::labels::Label;
use crate::model::MonitoredCategory;
use crate::{text, Text};

/// A code with its label (a province's own category, a social-assistance status).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodedTerm {
    pub code: String,
    pub label: Text,
}

/// One term list as the policy file writes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsEntry {
    /// 2, 4, 6, 9 or 12 digits; empty for the national list.
    pub prefix: String,
    pub name: String,
    /// The day the list takes effect.
    pub from: NaiveDate,
    pub source: String,
    /// The name of the monitored household (监测对象, 防止返贫致贫对象).
    #[serde(default)]
    pub object: Option<Text>,
    /// The national categories in force, with their labels (replaces the inherited set).
    #[serde(default)]
    pub categories: Option<BTreeMap<MonitoredCategory, Text>>,
    /// The area's own categories (added to the inherited ones; a code given again replaces it).
    #[serde(default)]
    pub local_categories: Vec<CodedTerm>,
    /// The social-assistance statuses (replaces the inherited list).
    #[serde(default)]
    pub assistance_statuses: Option<Vec<CodedTerm>>,
}

/// A national category in force, with its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTerm {
    pub category: MonitoredCategory,
    pub label: Text,
}

/// The terms in force for one area on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// The latest effective date among the lists applied.
    pub from: NaiveDate,
    /// The sources of the lists applied, national first.
    pub sources: Vec<String>,
    pub object: Text,
    pub categories: Vec<CategoryTerm>,
    pub local_categories: Vec<CodedTerm>,
    pub assistance_statuses: Vec<CodedTerm>,
}

/// The member flags that are social-assistance statuses of the household: 是否享受低保 is the
/// status `dibao`, 是否特困供养 the status `tekun`.
pub const MEMBER_STATUS_CODES: [&str; 2] = ["dibao", "tekun"];

impl Terms {
    /// The 2021 national terms, for a policy without a `terms` list.
    fn national_default() -> Terms {
        Terms {
            from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
            sources: Vec::new(),
            object: text!("监测对象", "monitored household"),
            categories: MonitoredCategory::ALL
                .iter()
                .map(|c| CategoryTerm {
                    category: *c,
                    label: c.label(),
                })
                .collect(),
            local_categories: Vec::new(),
            assistance_statuses: Vec::new(),
        }
    }

    /// The label of a national category: its term in force, else its national name marked as
    /// not in force.
    pub fn category_label(&self, c: MonitoredCategory) -> Text {
        match self.categories.iter().find(|t| t.category == c) {
            Some(t) => t.label.clone(),
            None => {
                let l = c.label();
                let (zh, en) = (&l.zh, &l.en);
                text!("{zh}（现行口径无此类别）", "{en} (not a category in force)")
            }
        }
    }

    /// True when `c` is a category in force.
    pub fn in_force(&self, c: MonitoredCategory) -> bool {
        self.categories.iter().any(|t| t.category == c)
    }

    /// The area's own category `code`, if in force.
    pub fn local_category(&self, code: &str) -> Option<&CodedTerm> {
        self.local_categories.iter().find(|t| t.code == code)
    }

    /// The status `code`, if in force.
    pub fn status(&self, code: &str) -> Option<&CodedTerm> {
        self.assistance_statuses.iter().find(|t| t.code == code)
    }
}

/// The terms from `entries` (national and the area's, in file order) for the area with
/// `prefixes` (shallow to deep) on `date`.
pub(super) fn terms_on(entries: &[TermsEntry], prefixes: &[&str], date: NaiveDate) -> Terms {
    let mut t = Terms::national_default();
    let in_force = |prefix: &str| {
        entries
            .iter()
            .filter(|e| e.prefix == prefix && e.from <= date)
            .max_by_key(|e| e.from)
    };
    // Before the first national list, the first one applies (records older than the data).
    let national = in_force("").or_else(|| {
        entries
            .iter()
            .filter(|e| e.prefix.is_empty())
            .min_by_key(|e| e.from)
    });
    for e in national
        .into_iter()
        .chain(prefixes.iter().filter_map(|p| in_force(p)))
    {
        t.from = t.from.max(e.from);
        t.sources.push(e.source.clone());
        if let Some(o) = &e.object {
            t.object = o.clone();
        }
        if let Some(c) = &e.categories {
            t.categories = c
                .iter()
                .map(|(category, label)| CategoryTerm {
                    category: *category,
                    label: label.clone(),
                })
                .collect();
        }
        for l in &e.local_categories {
            t.local_categories.retain(|o| o.code != l.code);
            t.local_categories.push(l.clone());
        }
        if let Some(s) = &e.assistance_statuses {
            t.assistance_statuses = s.clone();
        }
    }
    t
}

impl Rules {
    /// The terms in force for these rules' area on `date`.
    pub fn terms(&self, date: NaiveDate) -> Terms {
        let prefixes: Vec<&str> = self
            .terms
            .iter()
            .map(|e| e.prefix.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        let mut prefixes = prefixes;
        prefixes.sort_by_key(|p| p.len());
        prefixes.dedup();
        terms_on(&self.terms, &prefixes, date)
    }
}
