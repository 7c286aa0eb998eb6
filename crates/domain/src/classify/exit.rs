//! 风险消除 eligibility (DOMAIN.md §9): every condition, met or not, with its numbers.
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{IncomeFigures, LabourCounts, Reason, SuggestedRisk};
use crate::labels::Label;
use crate::model::{ExitMode, Household};
use crate::policy::Rules;
use crate::{text, Money};

/// Whether the household's risk may be marked eliminated, and why (not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitCheck {
    /// Only monitored households not yet marked eliminated can exit.
    pub applicable: bool,
    /// Every condition holds.
    pub eligible: bool,
    pub met: Vec<Reason>,
    pub unmet: Vec<Reason>,
    /// Things to check even when eligible (e.g. marked soon after identification).
    pub warnings: Vec<Reason>,
}

pub(super) struct ExitInput<'a> {
    pub figures: &'a IncomeFigures,
    pub labour: &'a LabourCounts,
    pub risks: &'a [SuggestedRisk],
    pub triggers: &'a [Reason],
    pub line: Money,
}

pub(super) fn check(h: &Household, rules: &Rules, input: &ExitInput, date: NaiveDate) -> ExitCheck {
    let mut check = ExitCheck {
        applicable: false,
        eligible: false,
        met: Vec::new(),
        unmet: Vec::new(),
        warnings: Vec::new(),
    };
    let m = &h.monitoring;
    if m.category.is_none() {
        check.unmet.push(Reason::new(
            "exit.not_monitored",
            text!(
                "该户不是监测对象，无需风险消除",
                "Not a monitored household: nothing to eliminate"
            ),
        ));
        return check;
    }
    if let Some(exit) = &m.exit {
        let d = exit.date;
        check.unmet.push(Reason::new(
            "exit.already_marked",
            text!(
                "已于 {d} 标注风险消除",
                "Risk already marked eliminated on {d}"
            ),
        ));
        if let Some(identified) = m.identified_on {
            let warn = rules.exit.warn_within_months;
            if identified
                .checked_add_months(Months::new(warn))
                .is_some_and(|limit| d < limit)
            {
                check.warnings.push(Reason::new(
                    "exit.marked_soon_after_identification",
                    text!(
                        "识别（{identified}）后不足 {warn} 个月即标注消除，请核实",
                        "Marked eliminated less than {warn} months after identification ({identified}): please check"
                    ),
                ));
            }
        }
        return check;
    }
    check.applicable = true;
    let mut cond = |ok: bool, reason: Reason| {
        if ok {
            check.met.push(reason)
        } else {
            check.unmet.push(reason)
        }
    };
    let line = input.line;

    // 1. Income above this year's line.
    match input.figures.per_capita {
        Some(pc) => cond(
            pc >= line,
            Reason::new(
                "exit.income_above_line",
                text!(
                    "人均纯收入 {pc} 元，须不低于当年监测范围 {line} 元",
                    "Income per person {pc} yuan must not be below this year's line of {line} yuan"
                ),
            )
            .with("per_capita", pc)
            .with("line", line),
        ),
        None => cond(
            false,
            Reason::new(
                "exit.income_above_line",
                text!("无法计算人均纯收入", "Income per person cannot be computed"),
            ),
        ),
    }

    // 2. Income stable for long enough.
    let months = rules.exit.income_stable_months;
    let stable = h
        .income
        .stable_since
        .and_then(|s| s.checked_add_months(Months::new(months)).map(|d| (s, d)));
    match stable {
        Some((since, enough)) => cond(
            date >= enough,
            Reason::new(
                "exit.income_stable",
                text!(
                    "收入自 {since} 起稳定，须满 {months} 个月（{enough}）",
                    "Income stable since {since}; {months} months are needed ({enough})"
                ),
            )
            .with("stable_since", since)
            .with("months", months),
        ),
        None => cond(
            false,
            Reason::new(
                "exit.income_stable",
                text!(
                    "未记录收入稳定起始日期，须稳定满 {months} 个月",
                    "No date recorded since when income is stable; {months} months are needed"
                ),
            ),
        ),
    }

    // 3. Large medical / schooling costs resolved.
    let rigid: Vec<&str> = input.triggers.iter().map(|t| t.rule.as_str()).collect();
    let n = rigid.len();
    cond(
        rigid.is_empty(),
        Reason::new(
            "exit.rigid_spending_resolved",
            if rigid.is_empty() {
                text!(
                    "未触发大额刚性支出标准",
                    "No large rigid-spending rule is hit"
                )
            } else {
                text!(
                    "仍触发 {n} 项大额刚性支出标准",
                    "{n} large rigid-spending rule(s) still hit"
                )
            },
        )
        .with("triggers", n),
    );

    // 4. 三保障 and water secured.
    let failing = h.guarantees.any_failure();
    cond(
        !failing,
        Reason::new(
            "exit.guarantees_secured",
            if failing {
                text!(
                    "两不愁三保障或饮水仍有缺口",
                    "A basic guarantee or drinking water still fails"
                )
            } else {
                text!(
                    "两不愁三保障和饮水安全有保障",
                    "Basic guarantees and drinking water are secured"
                )
            },
        ),
    );

    // 5. The identified risks gone and no new one.
    let unresolved = m.risks.iter().filter(|r| r.resolved_on.is_none()).count();
    let shown = input.risks.len();
    cond(
        unresolved == 0 && shown == 0,
        Reason::new(
            "exit.risks_gone",
            text!(
                "未消除的已识别风险 {unresolved} 项，数据显示的风险 {shown} 项，须均为 0",
                "{unresolved} identified risk(s) not yet resolved and {shown} shown by the data; both must be 0"
            ),
        )
        .with("unresolved_risks", unresolved)
        .with("risks_shown", shown),
    );

    // 6. Identified long enough ago.
    let min = rules.exit.min_months_since_identification;
    match m.identified_on {
        Some(identified) => {
            let enough = identified.checked_add_months(Months::new(min));
            cond(
                enough.is_some_and(|e| date >= e),
                Reason::new(
                    "exit.identified_long_enough",
                    text!(
                        "识别监测时间 {identified}，须满 {min} 个月",
                        "Identified on {identified}; {min} months are needed"
                    ),
                )
                .with("identified_on", identified)
                .with("months", min),
            )
        }
        None => cond(
            false,
            Reason::new(
                "exit.identified_long_enough",
                text!("未记录识别监测时间", "No identification date recorded"),
            ),
        ),
    }

    // 7. Measures carried out, as many as the exit mode needs (the open procedure's; before one
    //    is open, the condition holds when some mode's need is met, and the text lists each).
    let done = h.measures.iter().filter(|m| m.implemented).count();
    let mode = m.open_exit_procedure().map(|p| p.mode);
    match mode {
        Some(mode) => {
            let need = rules.exit.min_measures(mode);
            let l = mode.label();
            let (mz, me) = (&l.zh, &l.en);
            cond(
                done >= need,
                Reason::new(
                    "exit.measures_implemented",
                    text!(
                        "已落实帮扶措施 {done} 项，{mz}至少须 {need} 项",
                        "{done} measure(s) carried out; at least {need} needed for \"{me}\""
                    ),
                )
                .with("implemented", done),
            )
        }
        None => {
            let needs: Vec<(ExitMode, usize)> = ExitMode::ALL
                .iter()
                .map(|m| (*m, rules.exit.min_measures(*m)))
                .collect();
            let least = needs.iter().map(|(_, n)| *n).min().unwrap_or(0);
            let text = if needs.iter().all(|(_, n)| *n == least) {
                text!(
                    "已落实帮扶措施 {done} 项，至少须 {least} 项",
                    "{done} measure(s) carried out; at least {least} needed"
                )
            } else {
                let each: Vec<crate::Text> = needs
                    .iter()
                    .map(|(m, n)| {
                        let l = m.label();
                        let (mz, me) = (&l.zh, &l.en);
                        text!("{mz}至少须 {n} 项", "{me}: at least {n}")
                    })
                    .collect();
                let zh: Vec<&str> = each.iter().map(|t| t.zh.as_str()).collect();
                let en: Vec<&str> = each.iter().map(|t| t.en.as_str()).collect();
                let (ez, ee) = (zh.join("，"), en.join("; "));
                text!(
                    "已落实帮扶措施 {done} 项（{ez}）",
                    "{done} measure(s) carried out ({ee})"
                )
            };
            cond(
                done >= least,
                Reason::new("exit.measures_implemented", text).with("implemented", done),
            )
        }
    }

    // 8. Nobody able to work: stays monitored.
    let able = input.labour.able();
    cond(
        able > 0,
        Reason::new(
            "exit.someone_can_work",
            if able > 0 {
                text!("家中有 {able} 名劳动力", "{able} member(s) can work")
            } else {
                text!(
                    "家中无劳动能力成员，不标注风险消除，继续监测并兜底保障",
                    "Nobody can work: the risk is not marked eliminated; the household stays monitored with social security"
                )
            },
        )
        .with("able", able),
    );

    check.eligible = check.unmet.is_empty();
    check
}
