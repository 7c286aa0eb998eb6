//! What a field worker has to do, and by when (待办), from the household summaries on the device:
//! steps the township returned, records the server refused, leads from the departments' lists to
//! check (核实线索), red households with no procedure, procedures near or past their time limit,
//! households never visited, and monthly visits due.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::classify::{ProcedureStep, WarningLevel};
use crate::summary::{Returned, Summary};
use crate::Text;

/// Days between visits to a monitored household (帮扶 visits are monthly, DOMAIN.md §1; a flagged
/// assumption: no national number exists).
pub const VISIT_EVERY_DAYS: u64 = 30;
/// A procedure with this many days left or fewer is listed.
pub const PROCEDURE_SOON_DAYS: i64 = 5;

/// What is due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Due {
    /// The office returned a step with a comment: act on it so the step can be decided again.
    Returned(Returned),
    /// The server refused the last upload: correct the record (the reason, in words).
    Refused { reason: Text },
    /// Leads from the departments' lists (线索) to check at the household, `open` of them, by the
    /// earliest one's time limit.
    CheckLeads { open: u32 },
    /// Red warning, and no identification procedure started (no lead recorded).
    StartProcedure,
    /// The identification procedure's next step, before its time limit.
    ProcedureStep { step: Option<ProcedureStep> },
    /// Never visited.
    FirstVisit,
    /// The monthly visit, the last one on `last`.
    Visit { last: NaiveDate },
}

impl Due {
    /// The group the to-do screen lists it under, most urgent group first.
    pub fn group(&self) -> u8 {
        match self {
            Due::Returned(_) => 0,
            Due::Refused { .. } => 1,
            Due::CheckLeads { .. } => 2,
            Due::StartProcedure => 3,
            Due::ProcedureStep { .. } => 4,
            Due::FirstVisit => 5,
            Due::Visit { .. } => 6,
        }
    }

    /// How many groups there are.
    pub const GROUPS: u8 = 7;
}

/// One thing to do for one household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoItem {
    pub household_id: String,
    pub head_name: String,
    pub village_name: String,
    pub due: Due,
    /// The last day to do it; `None`: as soon as possible.
    pub by: Option<NaiveDate>,
    /// `by` has passed.
    pub overdue: bool,
}

/// Everything due on `today` for the households of `summaries` (voided ones left out), with the
/// server's refusals `refused` (household id, reason), grouped as [`Due::group`] orders them and
/// by day within a group, overdue first.
pub fn todo(summaries: &[Summary], refused: &[(String, Text)], today: NaiveDate) -> Vec<TodoItem> {
    let mut out = Vec::new();
    for s in summaries.iter().filter(|s| !s.voided) {
        let mut item = |due: Due, by: Option<NaiveDate>| {
            out.push(TodoItem {
                household_id: s.id.clone(),
                head_name: s.head_name.clone(),
                village_name: s.village_name.clone(),
                due,
                by,
                overdue: by.is_some_and(|d| today > d),
            })
        };
        if let Some(r) = &s.returned {
            item(Due::Returned(r.clone()), r.by_day);
        }
        if let Some((_, reason)) = refused.iter().find(|(id, _)| *id == s.id) {
            item(
                Due::Refused {
                    reason: reason.clone(),
                },
                None,
            );
        }
        if s.open_leads > 0 {
            item(Due::CheckLeads { open: s.open_leads }, s.lead_due);
        }
        if s.warning == WarningLevel::Red
            && !s.procedure_started
            && s.category.is_none()
            && !s.exited
        {
            item(Due::StartProcedure, None);
        }
        if s.returned.is_none() {
            if let Some(left) = s.procedure_days_left(today) {
                if left <= PROCEDURE_SOON_DAYS {
                    item(
                        Due::ProcedureStep { step: s.next_step },
                        s.procedure_deadline,
                    );
                }
            }
        }
        match s.last_visit {
            None => item(Due::FirstVisit, None),
            Some(last) if monitored(s) && s.visit_due(today, VISIT_EVERY_DAYS as i64) => item(
                Due::Visit { last },
                last.checked_add_days(Days::new(VISIT_EVERY_DAYS)),
            ),
            Some(_) => {}
        }
    }
    out.sort_by(|a, b| {
        (
            a.due.group(),
            !a.overdue,
            a.by.is_none(),
            a.by,
            &a.head_name,
        )
            .cmp(&(
                b.due.group(),
                !b.overdue,
                b.by.is_none(),
                b.by,
                &b.head_name,
            ))
    });
    out
}

/// Visited monthly: identified, or suggested for monitoring, and not exited.
fn monitored(s: &Summary) -> bool {
    !s.exited && (s.category.is_some() || s.suggested_category.is_some())
}
