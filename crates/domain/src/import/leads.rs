//! A department's monthly list (医保, 教育, 民政, 残联, 应急 …) read and matched by ID number to
//! the caller's households: each match becomes a lead (线索, [`Lead`]) on that household, with
//! the time limit of the household's village; a row that matches no household is kept for the
//! township to assign; a row seen before (the same source, month and person) is a repeat and
//! adds nothing. The source says which columns hold the amount and the details
//! (`policy/sources.json`).
use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::report::{At, ImportProblem};
use super::rules::{ImportRules, Source, Sources};
use super::{cell, Table, Value};
use crate::id_number::{IdNumber, IdNumber15};
use crate::model::Lead;
use crate::office::HouseholdRef;
use crate::sync::wire::Revision;
use crate::{text, Household, Money, Policy};

/// One row of a list, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRow {
    pub at: At,
    /// 18 digits (an old 15-digit number as its successor).
    pub id_number: String,
    pub name: String,
    pub amount: Option<Money>,
    pub details: String,
}

/// A list as read: its rows, and the rows it could not read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List {
    pub rows: Vec<ListRow>,
    pub problems: Vec<ImportProblem>,
}

/// `YYYY-MM`, not after `today`'s month.
pub fn check_month(month: &str, today: NaiveDate) -> Result<(), crate::Text> {
    let ok = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .filter(|d| month.len() == 7 && (d.year(), d.month()) <= (today.year(), today.month()));
    ok.map(drop).ok_or_else(|| {
        text!(
            "名单月份“{month}”应为 年-月（如 2026-11），且不晚于本月",
            "The list's month \"{month}\" should be year-month (e.g. 2026-11), not after this month"
        )
    })
}

fn position(table: &Table, names: &[String]) -> Option<usize> {
    table.rows.first()?.iter().position(|h| {
        let h = h.text();
        names.contains(&h)
    })
}

/// Reads `table` as a list of `source`.
pub fn read(table: &Table, sources: &Sources, source: &Source, rules: &ImportRules) -> List {
    let mut out = List::default();
    let Some(id_col) = position(table, sources.common("id_number")) else {
        let names = sources.common("id_number").join("、");
        out.problems.push(ImportProblem::error(
            table.at(),
            "import.no_id_column",
            text!(
                "名单没有证件号码列（表头应为 {names} 之一）",
                "The list has no ID number column (its header should be one of {names})"
            ),
        ));
        return out;
    };
    let name_col = position(table, sources.common("name"));
    let amount_col = position(table, &source.amount);
    let detail_cols: Vec<(usize, String)> = source
        .details
        .iter()
        .filter_map(|d| position(table, std::slice::from_ref(d)).map(|c| (c, d.clone())))
        .collect();
    let max = rules.limits.max_cell_chars as usize;
    for (i, row) in table.rows.iter().enumerate().skip(1) {
        if row.iter().all(Value::is_blank) {
            continue;
        }
        let get = |c: usize| row.get(c).map(Value::text).unwrap_or_default();
        let header = |c: usize| table.rows[0].get(c).map(Value::text).unwrap_or_default();
        if row.iter().any(|v| v.chars() > max) {
            out.problems.push(ImportProblem::error(
                table.at_row(i),
                "import.cell_too_long",
                text!(
                    "这一行有超过 {max} 个字符的单元格，未导入",
                    "A cell of this row has more than {max} characters; the row was not imported"
                ),
            ));
            continue;
        }
        let raw = get(id_col);
        let at_id = table.at_cell(i, id_col, &header(id_col));
        let lost = matches!(row.get(id_col), Some(Value::Number(n)) if cell::digits_lost(n));
        if lost {
            out.problems.push(ImportProblem::error(
                at_id,
                "import.digits_lost",
                text!(
                    "证件号码存成了数字，末几位已丢失：请把该列设为文本后重新导出名单",
                    "The ID number was saved as a number and lost its last digits: format the column as text and export the list again"
                ),
            ));
            continue;
        }
        let id = IdNumber::parse(&raw)
            .or_else(|e| IdNumber15::parse(&raw).map(|o| o.to_18()).map_err(|_| e));
        let id_number = match id {
            Ok(id) => id.as_str().to_owned(),
            Err(e) => {
                out.problems
                    .push(ImportProblem::error(at_id, e.code(), e.message()));
                continue;
            }
        };
        let amount = match amount_col
            .map(|c| (c, get(c)))
            .filter(|(_, s)| !s.is_empty())
        {
            Some((c, s)) => match cell::money(&s) {
                Ok(m) => Some(m),
                Err(message) => {
                    let at = table.at_cell(i, c, &header(c));
                    out.problems
                        .push(ImportProblem::error(at, "import.bad_cell", message));
                    continue;
                }
            },
            None => None,
        };
        let details = detail_cols
            .iter()
            .map(|(c, h)| (h, get(*c)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| format!("{h}：{v}"))
            .collect::<Vec<_>>()
            .join("；");
        let name = name_col.map(get).unwrap_or_default();
        // The lead keeps them on the household, within the record's limits: refused here at
        // its cell rather than as the household's invalid version later.
        let over = [
            (name_col, "monitoring.leads.name", &name),
            (
                detail_cols.first().map(|(c, _)| *c),
                "monitoring.leads.details",
                &details,
            ),
        ]
        .into_iter()
        .find_map(|(c, key, v)| crate::limits::check_text(key, v).map(|p| (c, p)));
        if let Some((c, p)) = over {
            let at = match c {
                Some(c) => table.at_cell(i, c, &header(c)),
                None => table.at_row(i),
            };
            out.problems
                .push(ImportProblem::error(at, &p.code, p.message));
            continue;
        }
        out.rows.push(ListRow {
            at: table.at_row(i),
            id_number,
            name,
            amount,
            details,
        });
    }
    out
}

/// Whose list it is and when: the source, the month, the day it was received, who uploaded it.
#[derive(Clone, Copy, Debug)]
pub struct Received<'a> {
    pub source: &'a Source,
    pub month: &'a str,
    pub found: NaiveDate,
    pub by: &'a str,
}

/// A row matched to a household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    pub at: At,
    pub household: HouseholdRef,
    pub lead_id: String,
}

/// What the list does: the households to store with their new leads, and what each row became.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeadPlan {
    /// Each household with a new lead: its revision and the version with the leads added.
    pub households: Vec<(Revision, Household)>,
    pub matched: Vec<Matched>,
    /// Rows seen before (this upload, an earlier one), adding nothing.
    pub repeats: Vec<At>,
    /// Rows matching no household: leads without a household, for the township to assign.
    pub unmatched: Vec<(At, Lead)>,
}

/// The lead of `row` as `received`, due by `due_days` after it was received.
pub fn lead_of(row: &ListRow, received: &Received, due_days: u32, member_id: &str) -> Lead {
    Lead {
        id: format!(
            "{}:{}:{}",
            received.source.code, received.month, row.id_number
        ),
        source: received.source.code.clone(),
        month: received.month.to_owned(),
        found: received.found,
        due: received
            .found
            .checked_add_days(Days::new(u64::from(due_days)))
            .unwrap_or(received.found),
        member_id: member_id.to_owned(),
        name: row.name.clone(),
        id_number: row.id_number.clone(),
        amount: row.amount,
        details: row.details.clone(),
        by: received.by.to_owned(),
        outcome: None,
    }
}

/// Matches `list` against `stored` (the caller's households with their revisions).
pub fn plan(
    list: &List,
    received: &Received,
    stored: &[(Revision, Household)],
    policy: &Policy,
) -> LeadPlan {
    let mut by_person: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for (i, (_, h)) in stored.iter().enumerate() {
        for m in &h.members {
            if let Some(key) = crate::validate::id_key(&m.id_number) {
                by_person.entry(key).or_default().push((i, m.id.clone()));
            }
        }
    }
    let mut out = LeadPlan::default();
    let mut changed: HashMap<usize, Household> = HashMap::new();
    let mut seen = HashSet::new();
    let national = policy.resolve(None, received.found.year()).rules;
    let mut by_village = crate::office::RulesByVillage::new(policy, received.found);
    for row in &list.rows {
        let key = format!(
            "{}:{}:{}",
            received.source.code, received.month, row.id_number
        );
        if !seen.insert(key.clone()) {
            out.repeats.push(row.at.clone());
            continue;
        }
        let Some(homes) = by_person.get(&row.id_number) else {
            let days = national.procedure.max_days_from_lead;
            out.unmatched
                .push((row.at.clone(), lead_of(row, received, days, "")));
            continue;
        };
        for (i, member_id) in homes {
            let h = changed.entry(*i).or_insert_with(|| stored[*i].1.clone());
            if h.monitoring.leads.iter().any(|l| l.id == key) {
                out.repeats.push(row.at.clone());
                continue;
            }
            let days = by_village.of(&h.area.code).procedure.max_days_from_lead;
            let lead = lead_of(row, received, days, member_id);
            h.monitoring.leads.push(lead);
            out.matched.push(Matched {
                at: row.at.clone(),
                household: HouseholdRef::of(h),
                lead_id: key.clone(),
            });
        }
    }
    let mut households: Vec<(usize, Household)> = changed
        .into_iter()
        .filter(|(i, h)| *h != stored[*i].1)
        .collect();
    households.sort_by_key(|(i, _)| *i);
    out.households = households
        .into_iter()
        .map(|(i, h)| (stored[i].0, h))
        .collect();
    out
}

/// The answer to an upload of a department's list (`POST office/leads/upload`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadUploadReport {
    pub dry_run: bool,
    pub source: String,
    pub month: String,
    /// Rows read.
    pub rows: u32,
    /// Rows that became leads on households.
    pub matched: Vec<Matched>,
    /// Rows seen before.
    pub repeats: u32,
    /// Rows matching no household, listed for the township to assign.
    pub unmatched: u32,
    pub problems: Vec<ImportProblem>,
}
