//! The one-line view of a household that lists, searches, filters and to-do views work from,
//! so they never parse or classify thousands of full records to draw a screen.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classify::{Classification, ProcedureStep, WarningLevel};
use crate::model::{Household, MonitoredCategory, ProcedureKind};
use crate::validate::person_key;

/// A step the office returned (退回) and that waits for the village to act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returned {
    pub procedure: ProcedureKind,
    pub step: ProcedureStep,
    /// The day of the return, who returned it and why.
    pub date: NaiveDate,
    pub by: String,
    pub comment: String,
    /// The procedure's time limit, when known on the device (identification).
    #[serde(default)]
    pub by_day: Option<NaiveDate>,
}

/// What a list row needs to show, search and filter a household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    /// 户主姓名 (empty when no 户主 is recorded yet).
    pub head_name: String,
    /// 户主证件号码, as entered.
    pub head_id_number: String,
    /// Every member's name and ID number, for search.
    pub member_keys: Vec<String>,
    pub village_code: String,
    pub village_name: String,
    pub size: u32,
    /// The category people chose, if identified.
    pub category: Option<MonitoredCategory>,
    /// The category the rules suggest.
    pub suggested_category: Option<MonitoredCategory>,
    pub warning: WarningLevel,
    pub last_visit: Option<NaiveDate>,
    /// Last day for county approval while the procedure is open.
    pub procedure_deadline: Option<NaiveDate>,
    /// Risk marked eliminated.
    pub exited: bool,
    /// 线索 waiting for the worker's outcome (none in summaries stored before leads existed).
    #[serde(default)]
    pub open_leads: u32,
    /// The earliest time limit among the open leads.
    #[serde(default)]
    pub lead_due: Option<NaiveDate>,
    // Added with the household card and the to-do list; absent from summaries stored before,
    // which the app rewrites on its first start after the update.
    /// 联系电话, for search.
    #[serde(default)]
    pub phone: String,
    /// Every member's person key (an 18-digit ID number, old numbers converted), to find the
    /// same person in another household without reading every record.
    #[serde(default)]
    pub person_keys: Vec<String>,
    /// Voided (作废): out of every list, count and to-do.
    #[serde(default)]
    pub voided: bool,
    /// A step the office returned, waiting for the village.
    #[serde(default)]
    pub returned: Option<Returned>,
    /// The identification procedure has begun (a lead recorded).
    #[serde(default)]
    pub procedure_started: bool,
    /// The identification procedure's next step, while it is open.
    #[serde(default)]
    pub next_step: Option<ProcedureStep>,
}

impl Summary {
    /// The summary of `h` judged as `c`.
    pub fn of(h: &Household, c: &Classification) -> Summary {
        let head = h.head();
        let open = h.monitoring.procedure.county_approval.is_none();
        let leads = crate::leads::LeadsDue::of(h);
        Summary {
            id: h.id.0.clone(),
            head_name: head.map(|m| m.name.clone()).unwrap_or_default(),
            head_id_number: head.map(|m| m.id_number.clone()).unwrap_or_default(),
            member_keys: h
                .members
                .iter()
                .flat_map(|m| [m.name.clone(), m.id_number.to_uppercase()])
                .filter(|k| !k.is_empty())
                .collect(),
            village_code: h.area.code.clone(),
            village_name: h.area.name.clone(),
            size: h.size(),
            category: h.monitoring.category,
            suggested_category: c.suggested_category,
            warning: c.warning.level,
            last_visit: h.last_visit(),
            procedure_deadline: c.procedure.deadline.filter(|_| open),
            exited: h.monitoring.exit.is_some(),
            open_leads: leads.open,
            lead_due: leads.due,
            phone: h.phone.trim().to_owned(),
            person_keys: h.members.iter().filter_map(person_key).collect(),
            voided: h.is_voided(),
            returned: returned(h, c.procedure.deadline.filter(|_| open)),
            procedure_started: h.monitoring.procedure.lead_found.is_some(),
            next_step: c.procedure.next_step.filter(|_| open),
        }
    }

    /// True when `query` (a name, an ID number or part of one, a phone number, or a village)
    /// matches.
    /// Matching ignores case and surrounding spaces; an empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        self.matches_upper(&query.trim().to_uppercase())
    }

    /// [`Summary::matches`] for a query already trimmed and upper-cased: a list prepares it once
    /// per keystroke, not once per household.
    pub fn matches_upper(&self, q: &str) -> bool {
        if q.is_empty() {
            return true;
        }
        self.village_name.contains(q)
            || self.village_code.starts_with(q)
            || self.member_keys.iter().any(|k| k.contains(q))
            || (!self.phone.is_empty() && self.phone.contains(q))
    }

    /// The members of `h` (by index) whose person is also in this household, when it is
    /// another one and not voided: the device's check for a double registration, on summaries.
    pub fn same_people(&self, h: &Household) -> Vec<usize> {
        if self.voided || self.id == h.id.0 {
            return Vec::new();
        }
        h.members
            .iter()
            .enumerate()
            .filter(|(_, m)| person_key(m).is_some_and(|k| self.holds(&k)))
            .map(|(i, _)| i)
            .collect()
    }

    /// True when a member of this household, not voided, is the person of `key` (a
    /// [`person_key`]).
    pub fn holds(&self, key: &str) -> bool {
        !self.voided && self.person_keys.iter().any(|k| k == key)
    }

    /// Not visited within `days` days before `today` (never visited counts as not visited).
    pub fn visit_due(&self, today: NaiveDate, days: i64) -> bool {
        self.last_visit
            .is_none_or(|d| (today - d).num_days() > days)
    }

    /// The identification procedure is past its time limit on `today`.
    pub fn procedure_overdue(&self, today: NaiveDate) -> bool {
        self.procedure_deadline.is_some_and(|d| today > d)
    }

    /// Days until the procedure's time limit (negative when past), while it is open.
    pub fn procedure_days_left(&self, today: NaiveDate) -> Option<i64> {
        self.procedure_deadline.map(|d| (d - today).num_days())
    }
}

/// The last decision of an open procedure when it is a return the village has not acted on:
/// the step it returned is still the one waiting (a later approval settles it).
fn returned(h: &Household, deadline: Option<NaiveDate>) -> Option<Returned> {
    let m = &h.monitoring;
    let open_identification = m.procedure.county_approval.is_none() && m.exit.is_none();
    let identification = m
        .procedure
        .decisions
        .last()
        .filter(|_| open_identification)
        .map(|d| (ProcedureKind::Identification, d, deadline));
    let exit = m
        .open_exit_procedure()
        .and_then(|p| p.decisions.last())
        .map(|d| (ProcedureKind::Exit, d, None));
    identification
        .into_iter()
        .chain(exit)
        .filter(|(_, d, _)| !d.approved)
        .max_by_key(|(_, d, _)| d.date)
        .map(|(procedure, d, by_day)| Returned {
            procedure,
            step: d.step,
            date: d.date,
            by: d.by.clone(),
            comment: d.comment.clone(),
            by_day,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{classify, Policy};

    fn sample() -> Household {
        serde_json::from_str(include_str!("../samples/12_procedure_overdue.json")).unwrap()
    }

    fn summary() -> Summary {
        let h = sample();
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        Summary::of(&h, &classify(&h, &Policy::builtin(), day))
    }

    #[test]
    fn search_finds_by_name_id_number_and_village() {
        let s = summary();
        assert!(s.matches("吴兴旺"));
        assert!(s.matches("兴旺"));
        assert!(s.matches(&s.head_id_number[..10]));
        assert!(s.matches("良亩村"));
        assert!(s.matches("  "));
        assert!(!s.matches("张三"));
    }

    #[test]
    fn lower_case_x_in_a_query_finds_an_upper_case_check_digit() {
        let mut s = summary();
        s.member_keys.push("52270119800315123X".into());
        assert!(s.matches("52270119800315123x"));
    }

    #[test]
    fn visit_and_procedure_due_dates() {
        let s = summary();
        let visited = s.last_visit.unwrap();
        assert!(!s.visit_due(visited + chrono::Days::new(30), 30));
        assert!(s.visit_due(visited + chrono::Days::new(31), 30));
        let deadline = s.procedure_deadline.unwrap();
        assert!(!s.procedure_overdue(deadline));
        assert!(s.procedure_overdue(deadline + chrono::Days::new(1)));
        assert_eq!(s.procedure_days_left(deadline), Some(0));
    }
}
