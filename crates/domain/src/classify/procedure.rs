//! The identification procedure's next step and time limit (DOMAIN.md §7).
//!
//! A limit counts calendar or working days as the area's policy says (`procedure.day_count`,
//! with the policy's holiday calendar), and may have two stages (`home_check_within_days`, e.g.
//! 2 + 20 working days: the home check within 2 of the lead, county approval within 20 of the
//! home check — of its own deadline at the latest). The deadline is the last day allowed for
//! county approval; [`ProcedureStatus::days_left`] counts calendar days to it, and, in a
//! working-day area, [`ProcedureStatus::working_days_left`] the working days. 先帮后评 cases are
//! marked ([`ProcedureStatus::help_first`]); their limit runs the same.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Finding, Reason};
use crate::model::Procedure;
use crate::policy::{DayCount, Rules, WorkCalendar};
use crate::text;

/// A step of 识别程序, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureStep {
    /// 入户核实
    HomeCheck,
    /// 村级民主评议
    VillageReview,
    /// 公示
    Publicity,
    /// 乡镇审核
    TownshipCheck,
    /// 县级审定
    CountyApproval,
}

/// Where the procedure stands on the assessment date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureStatus {
    /// The next step not yet done; none before a lead or after county approval.
    pub next_step: Option<ProcedureStep>,
    /// The last day allowed for county approval.
    pub deadline: Option<NaiveDate>,
    /// Calendar days left until the deadline (negative when past).
    pub days_left: Option<i64>,
    /// Past the deadline and not approved.
    pub overdue: bool,
    pub findings: Vec<Finding>,
    /// How the limit counts days (absent from the JSON for calendar days).
    #[serde(default, skip_serializing_if = "is_calendar")]
    pub day_count: DayCount,
    /// Working days left until the deadline, in a working-day area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days_left: Option<i64>,
    /// The first stage's deadline (the home check's), in a two-stage limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_check_deadline: Option<NaiveDate>,
    /// 先帮后评: assistance was given before identification.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub help_first: bool,
}

fn is_calendar(c: &DayCount) -> bool {
    *c == DayCount::Calendar
}

impl ProcedureStatus {
    /// No procedure running.
    pub fn empty() -> Self {
        ProcedureStatus {
            next_step: None,
            deadline: None,
            days_left: None,
            overdue: false,
            findings: Vec::new(),
            day_count: DayCount::Calendar,
            working_days_left: None,
            home_check_deadline: None,
            help_first: false,
        }
    }
}

/// A limit for a reader: "15 天" / "15 days", "20 个工作日" / "20 working days".
pub fn limit_text(n: u32, count: DayCount) -> crate::Text {
    match count {
        DayCount::Calendar => text!("{n} 天", "{n} days"),
        DayCount::Working => text!("{n} 个工作日", "{n} working days"),
    }
}

/// A number of days past a limit: "3 天" / "3 day(s)", "3 个工作日" / "3 working day(s)".
pub fn days_text(n: i64, count: DayCount) -> crate::Text {
    match count {
        DayCount::Calendar => text!("{n} 天", "{n} day(s)"),
        DayCount::Working => text!("{n} 个工作日", "{n} working day(s)"),
    }
}

/// Days from `from` to `to` as the limit counts them (negative when `to` is earlier).
pub fn count_days(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate, count: DayCount) -> i64 {
    match count {
        DayCount::Calendar => (to - from).num_days(),
        DayCount::Working => cal.working_days_between(from, to),
    }
}

/// Sets the deadline, days left and overdue of `s` for a limit ending on `deadline`, with the
/// findings `overdue` and `late` ask for; `done` is the day the last step was approved.
pub(crate) fn apply_deadline(
    s: &mut ProcedureStatus,
    rules: &Rules,
    count: DayCount,
    (start, deadline): (NaiveDate, NaiveDate),
    done: Option<NaiveDate>,
    date: NaiveDate,
    say: impl Fn(i64, Option<NaiveDate>) -> Reason,
) {
    let cal = &rules.calendar;
    s.deadline = Some(deadline);
    s.day_count = count;
    match done {
        None => {
            s.days_left = Some((deadline - date).num_days());
            if count == DayCount::Working {
                s.working_days_left = Some(cal.working_days_between(date, deadline));
            }
            if date > deadline {
                s.overdue = true;
                let n = count_days(cal, deadline, date, count);
                s.findings.push(Finding::warning(say(n, None)));
            }
        }
        Some(done) if done > deadline => {
            let n = count_days(cal, deadline, done, count);
            s.findings.push(Finding::warning(say(n, Some(done))));
        }
        Some(_) => {}
    }
    let gaps = match count {
        DayCount::Working => cal.gaps(start, deadline.max(date)),
        DayCount::Calendar => Vec::new(),
    };
    if !gaps.is_empty() {
        let years: Vec<String> = gaps.iter().map(i32::to_string).collect();
        let years = years.join("、");
        s.findings.push(Finding::warning(Reason::new(
            "procedure.calendar_incomplete",
            text!(
                "节假日日历缺少 {years} 年的放假调休安排，工作日按周末和已知法定节假日计算，请核对时限",
                "The holiday calendar has no full 放假调休 arrangement for {years}: working days are counted from weekends and the known public holidays; check the deadline"
            ),
        )));
    }
}

pub(super) fn status(p: &Procedure, rules: &Rules, date: NaiveDate) -> ProcedureStatus {
    let mut s = ProcedureStatus::empty();
    s.help_first = p.help_first;
    let Some(lead) = p.lead_found else {
        return s;
    };
    let steps = [
        (ProcedureStep::HomeCheck, p.home_check),
        (ProcedureStep::VillageReview, p.village_review),
        (ProcedureStep::Publicity, p.publicity_end),
        (ProcedureStep::TownshipCheck, p.township_check),
        (ProcedureStep::CountyApproval, p.county_approval),
    ];
    s.next_step = steps.iter().find(|(_, d)| d.is_none()).map(|(k, _)| *k);
    let r = &rules.procedure;
    let (count, max, cal) = (r.day_count, r.max_days_from_lead, &rules.calendar);
    // The second stage runs from the home check, at the latest from the home check's deadline.
    let start = match r.home_check_within_days {
        None => Some(lead),
        Some(first) => cal.deadline(lead, first, count).map(|hd| {
            s.home_check_deadline = Some(hd);
            home_check_late(&mut s, rules, (lead, hd, first), p.home_check, date);
            p.home_check.map_or(hd, |d| d.min(hd))
        }),
    };
    if let Some((start, deadline)) =
        start.and_then(|st| cal.deadline(st, max, count).map(|d| (st, d)))
    {
        let limit = limit_text(max, count);
        let (lz, le) = (&limit.zh, &limit.en);
        // One stage: from the lead, as the limit always read; two: from the home check.
        let from = if r.home_check_within_days.is_some() {
            text!("入户核实（{start}）后", " of the home check ({start})")
        } else {
            text!("", "")
        };
        let (fz, fe) = (&from.zh, &from.en);
        apply_deadline(
            &mut s,
            rules,
            count,
            (lead, deadline),
            p.county_approval,
            date,
            |n, done| {
                let n = days_text(n, count);
                let (nz, ne) = (&n.zh, &n.en);
                match done {
                    Some(done) => Reason::new(
                        "procedure.completed_late",
                        text!(
                            "县级审定于 {done} 完成，超出{fz} {lz}时限 {nz}",
                            "County approval on {done} came {ne} after the limit of {le}{fe}"
                        ),
                    ),
                    None => Reason::new(
                        "procedure.overdue",
                        text!(
                            "线索发现于 {lead}，须在{fz} {lz}内（{deadline} 前）完成县级审定，已超期 {nz}",
                            "Lead found on {lead}: county approval was due within {le}{fe} (by {deadline}); {ne} overdue"
                        ),
                    )
                    .with("lead_found", lead)
                    .with("deadline", deadline),
                }
            },
        );
    }
    if let (Some(start), Some(end)) = (p.publicity_start, p.publicity_end) {
        let days = (end - start).num_days() + 1;
        let min = rules.procedure.min_publicity_days;
        if days < i64::from(min) {
            s.findings.push(Finding::warning(
                Reason::new(
                    "procedure.publicity_too_short",
                    text!(
                        "公示 {start} 至 {end} 共 {days} 天，不足 {min} 天",
                        "Publicity from {start} to {end} lasted {days} day(s), fewer than {min}"
                    ),
                )
                .with("publicity_days", days),
            ));
        }
    }
    s
}

/// The first stage of a two-stage limit: the home check within `first` days of the lead.
fn home_check_late(
    s: &mut ProcedureStatus,
    rules: &Rules,
    (lead, deadline, first): (NaiveDate, NaiveDate, u32),
    done: Option<NaiveDate>,
    date: NaiveDate,
) {
    let count = rules.procedure.day_count;
    let cal = &rules.calendar;
    let limit = limit_text(first, count);
    let (lz, le) = (&limit.zh, &limit.en);
    let late = match done {
        Some(d) if d > deadline => Some(count_days(cal, deadline, d, count)),
        None if date > deadline => Some(count_days(cal, deadline, date, count)),
        _ => None,
    };
    if let Some(n) = late {
        let n = days_text(n, count);
        let (nz, ne) = (&n.zh, &n.en);
        s.findings.push(Finding::warning(
            Reason::new(
                "procedure.home_check_late",
                text!(
                    "线索发现于 {lead}，须在 {lz}内（{deadline} 前）入户核实，超出 {nz}",
                    "Lead found on {lead}: the home check was due within {le} (by {deadline}); {ne} late"
                ),
            )
            .with("home_check_deadline", deadline),
        ));
    }
}
