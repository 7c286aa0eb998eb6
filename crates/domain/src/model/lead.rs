//! 线索: a department's finding about a member of the household (部门筛查预警), for the village
//! worker to check at the household within the identification time limit.
//!
//! The office makes a lead from a department's monthly list (医保, 教育, 民政, 残联, 应急 …, see
//! `policy/sources.json`); the worker records the outcome — 纳入监测 or 不纳入, with the reason —
//! and the lead closes. Everything but the outcome is the office's (the sync plan keeps it, see
//! [`crate::sync::office_part`]).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Money;

/// One lead on a household, from one row of a department's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// `{source}:{month}:{ID number}`: the same person on the same month's list of the same
    /// department is one lead, however often the list is uploaded.
    pub id: String,
    /// The source's code in `policy/sources.json` (e.g. `medical`).
    pub source: String,
    /// The list's month, `YYYY-MM`.
    pub month: String,
    /// The day the office received the list: the time limit runs from here.
    pub found: NaiveDate,
    /// The last day to finish the identification if the household is included (the policy's
    /// `procedure.max_days_from_lead` after `found`).
    pub due: NaiveDate,
    /// The member the list names, when the ID number is a member's.
    #[serde(default)]
    pub member_id: String,
    /// 姓名 as the list gives it.
    #[serde(default)]
    pub name: String,
    /// 证件号码 as the list gives it (18 digits).
    pub id_number: String,
    /// The amount the department found (e.g. 个人自付金额), if the list has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// What the department found, in its own words (its columns joined, `列名：值；…`).
    #[serde(default)]
    pub details: String,
    /// The office user who uploaded the list.
    #[serde(default)]
    pub by: String,
    /// The worker's outcome; open while absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<LeadOutcome>,
}

/// What the worker concluded at the household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadVerdict {
    /// 纳入监测: the identification procedure starts from the lead.
    Include,
    /// 不纳入: checked, no risk of poverty.
    Exclude,
}

impl LeadVerdict {
    /// Both verdicts, in form order.
    pub const ALL: [LeadVerdict; 2] = [LeadVerdict::Include, LeadVerdict::Exclude];
}

/// The outcome of a lead: the verdict, why, when and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadOutcome {
    pub verdict: LeadVerdict,
    /// Why (required: the office and the county read it).
    pub reason: String,
    /// The day of the check.
    pub date: NaiveDate,
    /// The worker's username.
    #[serde(default)]
    pub by: String,
}

impl Lead {
    /// Still waiting for the worker's outcome.
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    /// Open and past its time limit on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && today > self.due
    }

    /// The lead as the office made it, without the worker's outcome (what the office owns).
    pub fn origin(&self) -> Lead {
        Lead {
            outcome: None,
            ..self.clone()
        }
    }
}
