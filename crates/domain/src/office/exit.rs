//! Opening a household's exit procedure (风险消除程序, DOMAIN.md §9) from the office, and where it
//! stands.
//!
//! An exit is opened only when the domain's exit check finds every condition met — so a household
//! where nobody can work never starts one: it stays monitored. The procedure then runs the same
//! office steps as identification (village review + 公示, township check, county approval; see
//! [`decide`](super::review::decide)) within the policy's time limit, and only the county approval
//! marks the risk eliminated, after checking the conditions again on its day. Until then the
//! office may withdraw it ([`withdraw_exit`]) when the household stops qualifying: the procedure
//! is closed, leaves the queue and the 公示 notice, and a new exit may be started later.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::review::{DecisionError, OFFICE_STEPS};
use crate::classify::procedure::{apply_deadline, days_text, limit_text};
use crate::classify::{classify, ProcedureStatus, ProcedureStep, Reason};
use crate::model::{ExitMode, ExitProcedure, ExitWithdrawal};
use crate::policy::Rules;
use crate::{text, Household, Policy, Text};

/// The exit was refused: the conditions not met, each in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("the household does not meet the exit conditions")]
pub struct ExitRefused {
    pub unmet: Vec<Reason>,
}

impl ExitRefused {
    /// One message listing every unmet condition (for logs and clients that show one line;
    /// the app lists [`ExitRefused::unmet`] one by one).
    pub fn message(&self) -> Text {
        let zh: Vec<&str> = self.unmet.iter().map(|r| r.text.zh.as_str()).collect();
        let en: Vec<&str> = self.unmet.iter().map(|r| r.text.en.as_str()).collect();
        let (zh, en) = (zh.join("；"), en.join("; "));
        text!(
            "不符合风险消除条件：{zh}",
            "The exit conditions are not met: {en}"
        )
    }
}

/// `h` with an exit procedure for `mode` opened by `by`, begun on `started` (today, or the day
/// the village proposed it). Refused when `started` is after `today`, when an exit procedure is
/// already open, or when the exit check on `today` finds a condition unmet (including a risk
/// already marked eliminated, and a household where nobody can work).
pub fn start_exit(
    h: &Household,
    mode: ExitMode,
    started: NaiveDate,
    by: &str,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Household, ExitRefused> {
    if started > today {
        return Err(ExitRefused {
            unmet: vec![Reason::new(
                "exit.date_in_future",
                text!(
                    "风险消除程序开始日期 {started} 晚于今天 {today}",
                    "The exit procedure's start {started} is after today ({today})"
                ),
            )],
        });
    }
    if let Some(open) = h.monitoring.open_exit_procedure() {
        let since = open.started;
        return Err(ExitRefused {
            unmet: vec![Reason::new(
                "exit.procedure_open",
                text!(
                    "已有进行中的风险消除程序（{since} 开始）",
                    "An exit procedure is already open (started on {since})"
                ),
            )],
        });
    }
    // Judged with the procedure opened, so the conditions of `mode` apply (e.g. the measures
    // 帮扶消除 needs and 自然消除 does not).
    let mut out = h.clone();
    out.monitoring.exit_procedure = Some(ExitProcedure::new(mode, started, by));
    let check = classify(&out, policy, today).exit;
    if !check.eligible {
        return Err(ExitRefused { unmet: check.unmet });
    }
    Ok(out)
}

/// `h` with its open exit procedure withdrawn on `on` by `by` for `reason` (trimmed), decided on
/// `today`. Refused when no exit procedure is open (none started, or already withdrawn), when
/// the county already approved it (the risk is marked eliminated: a new risk means a new
/// identification), when `reason` is empty, or when `on` is after `today` or before the
/// procedure began.
pub fn withdraw_exit(
    h: &Household,
    on: NaiveDate,
    by: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<Household, DecisionError> {
    let m = &h.monitoring;
    if m.exit.is_some()
        || m.exit_procedure
            .as_ref()
            .is_some_and(|p| p.withdrawn.is_none() && p.county_approval.is_some())
    {
        return Err(DecisionError::ExitApproved);
    }
    let p = m.open_exit_procedure().ok_or(DecisionError::NoOpenExit)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DecisionError::ReasonRequired);
    }
    if on > today {
        return Err(DecisionError::DateInFuture { on, today });
    }
    if on < p.started {
        return Err(DecisionError::DateBeforePrevious {
            on,
            previous: p.started,
        });
    }
    let mut out = h.clone();
    if let Some(p) = out.monitoring.exit_procedure.as_mut() {
        p.withdrawn = Some(ExitWithdrawal {
            date: on,
            by: by.to_owned(),
            reason: reason.to_owned(),
        });
    }
    Ok(out)
}

/// The next office step of the exit procedure `p`; none once the county approved or once it
/// was withdrawn.
pub fn exit_next_step(p: &ExitProcedure) -> Option<ProcedureStep> {
    if p.withdrawn.is_some() {
        return None;
    }
    let done = [
        p.village_review,
        p.publicity_end,
        p.township_check,
        p.county_approval,
    ];
    OFFICE_STEPS
        .iter()
        .zip(done)
        .find(|(_, d)| d.is_none())
        .map(|(s, _)| *s)
}

/// Where the exit procedure `p` stands on `date` under `rules`: the next step, the deadline
/// (the policy's days from its start, calendar or working days as `exit.day_count` says), days
/// left and overdue, with a finding when overdue or approved late. A withdrawn procedure has no
/// next step and runs no time limit.
pub fn exit_status(p: &ExitProcedure, rules: &Rules, date: NaiveDate) -> ProcedureStatus {
    let (max, count) = (rules.exit.procedure_max_days, rules.exit.day_count);
    let start = p.started;
    let mut s = ProcedureStatus::empty();
    s.next_step = exit_next_step(p);
    let Some(deadline) = rules.calendar.deadline(start, max, count) else {
        return s;
    };
    if p.withdrawn.is_some() {
        s.deadline = Some(deadline);
        return s;
    }
    let limit = limit_text(max, count);
    let (lz, le) = (&limit.zh, &limit.en);
    apply_deadline(
        &mut s,
        rules,
        count,
        (start, deadline),
        p.county_approval,
        date,
        |n, done| {
            let n = days_text(n, count);
            let (nz, ne) = (&n.zh, &n.en);
            match done {
                Some(done) => Reason::new(
                    "exit_procedure.completed_late",
                    text!(
                        "风险消除县级审定于 {done} 完成，超出 {lz}时限 {nz}",
                        "The exit's county approval on {done} came {ne} after the limit of {le}"
                    ),
                ),
                None => Reason::new(
                    "exit_procedure.overdue",
                    text!(
                        "风险消除程序于 {start} 开始，须在 {lz}内（{deadline} 前）完成县级审定，已超期 {nz}",
                        "The exit procedure began on {start}: county approval was due within {le} (by {deadline}); {ne} overdue"
                    ),
                )
                .with("started", start)
                .with("deadline", deadline),
            }
        },
    );
    s
}

/// Where `h`'s exit procedure stands on `date` under its village's rules; none when no exit
/// procedure was ever opened.
pub fn exit_procedure_status(
    h: &Household,
    policy: &Policy,
    date: NaiveDate,
) -> Option<ProcedureStatus> {
    let p = h.monitoring.exit_procedure.as_ref()?;
    let rules = policy
        .resolve(h.area.parsed_code().as_ref(), date.year())
        .rules;
    Some(exit_status(p, &rules, date))
}
