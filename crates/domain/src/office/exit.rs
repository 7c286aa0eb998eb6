//! Marking a household's risk eliminated (风险消除, DOMAIN.md §9) from the office, only when the
//! domain's exit check finds every condition met — so a household where nobody can work is never
//! marked eliminated: it stays monitored.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classify::{classify, Reason};
use crate::model::{Exit, ExitMode};
use crate::{text, Household, Policy, Text};

/// The exit was refused: the conditions not met, each in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("the household does not meet the exit conditions")]
pub struct ExitRefused {
    pub unmet: Vec<Reason>,
}

impl ExitRefused {
    /// One message listing every unmet condition.
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

/// `h` with its risk marked eliminated by `mode` on `date`, judged on `date` by the exit check;
/// refused when a condition is unmet or `date` is after `today`.
pub fn mark_exit(
    h: &Household,
    mode: ExitMode,
    date: NaiveDate,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Household, ExitRefused> {
    if date > today {
        return Err(ExitRefused {
            unmet: vec![Reason::new(
                "exit.date_in_future",
                text!(
                    "风险消除时间 {date} 晚于今天 {today}",
                    "The exit date {date} is after today ({today})"
                ),
            )],
        });
    }
    let check = classify(h, policy, date).exit;
    if !check.eligible {
        return Err(ExitRefused { unmet: check.unmet });
    }
    let mut out = h.clone();
    out.monitoring.exit = Some(Exit { mode, date });
    Ok(out)
}
