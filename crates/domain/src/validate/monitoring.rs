//! 风险1–5, the dates of the 识别程序 and 风险消除.
use chrono::NaiveDate;

use super::{future_date, name, Problem};
use crate::labels::Label;
use crate::model::{Monitoring, RiskType, MAX_RISKS};
use crate::text;

pub(super) fn check(m: &Monitoring, today: NaiveDate, out: &mut Vec<Problem>) {
    check_risks(m, today, out);
    check_procedure(m, today, out);
    if let Some(p) = m
        .identified_on
        .and_then(|d| future_date("monitoring.identified_on", d, today))
    {
        out.push(p);
    }
    if let Some(exit) = &m.exit {
        if let Some(p) = future_date("monitoring.exit.date", exit.date, today) {
            out.push(p);
        }
        if let Some(identified) = m.identified_on.filter(|d| exit.date < *d) {
            let exited = exit.date;
            out.push(Problem::error(
                "monitoring.exit.date",
                "exit.before_identification",
                text!(
                    "风险消除时间 {exited} 早于识别监测时间 {identified}，请核对",
                    "The risk is marked eliminated ({exited}) before the household was identified ({identified}); check the dates"
                ),
            ));
        }
    }
}

fn check_risks(m: &Monitoring, today: NaiveDate, out: &mut Vec<Problem>) {
    if m.risks.len() > MAX_RISKS {
        let n = m.risks.len();
        out.push(Problem::error(
            "monitoring.risks",
            "risks.too_many",
            text!(
                "最多登记 {MAX_RISKS} 项风险，现有 {n} 项；请保留最主要的 {MAX_RISKS} 项",
                "At most {MAX_RISKS} risks are recorded, there are {n}; keep the {MAX_RISKS} main ones"
            ),
        ));
    }
    for (i, risk) in m.risks.iter().enumerate() {
        let field = |f: &str| format!("monitoring.risks[{i}].{f}");
        if m.risks[..i].iter().any(|r| r.kind == risk.kind) {
            let label = risk.kind.label();
            let (zh, en) = (&label.zh, &label.en);
            out.push(Problem::error(
                field("type"),
                "risks.duplicate",
                text!(
                    "风险“{zh}”已登记过，请删除重复项",
                    "The risk \"{en}\" is already recorded; remove the duplicate"
                ),
            ));
        }
        match (risk.kind, risk.disaster_kind) {
            (RiskType::NaturalDisaster, None) => out.push(Problem::error(
                field("disaster_kind"),
                "risks.disaster_kind_missing",
                text!(
                    "因自然灾害风险须选择灾害类型（洪涝、地质、旱灾、生物、气象、地震或其他）",
                    "A natural-disaster risk needs its kind of disaster (flood, geological, drought, biological, meteorological, earthquake or other)"
                ),
            )),
            (kind, Some(_)) if kind != RiskType::NaturalDisaster => {
                out.push(Problem::warning(
                    field("disaster_kind"),
                    "risks.disaster_kind_unexpected",
                    text!(
                        "灾害类型只用于因自然灾害风险，请清空或把风险类型改为因自然灾害",
                        "A kind of disaster belongs only to a natural-disaster risk; clear it or change the risk type"
                    ),
                ))
            }
            _ => {}
        }
        if let Some(p) = risk
            .resolved_on
            .and_then(|d| future_date(&field("resolved_on"), d, today))
        {
            out.push(p);
        }
    }
}

/// The steps in the order they happen; a step may be left empty until done.
const STEPS: [&str; 7] = [
    "lead_found",
    "home_check",
    "village_review",
    "publicity_start",
    "publicity_end",
    "township_check",
    "county_approval",
];

fn check_procedure(m: &Monitoring, today: NaiveDate, out: &mut Vec<Problem>) {
    let p = &m.procedure;
    let dates = [
        p.lead_found,
        p.home_check,
        p.village_review,
        p.publicity_start,
        p.publicity_end,
        p.township_check,
        p.county_approval,
    ];
    // Each step is compared with the step recorded before it: if every neighbour is in order, all
    // are, and one mistyped date is reported once rather than against every later step.
    let mut previous: Option<(&str, NaiveDate)> = None;
    for (step, date) in STEPS.iter().zip(dates) {
        let Some(date) = date else { continue };
        let path = format!("monitoring.procedure.{step}");
        if let Some(problem) = future_date(&path, date, today) {
            out.push(problem);
        }
        if let Some((before, earlier)) = previous.filter(|(_, earlier)| date < *earlier) {
            let (this, that) = (name(&path), name(&format!("monitoring.procedure.{before}")));
            let (zh, en, zh_before, en_before) = (&this.zh, &this.en, &that.zh, &that.en);
            out.push(Problem::error(
                    path,
                    "procedure.order",
                    text!(
                        "{zh}（{date}）早于{zh_before}（{earlier}），识别程序须按顺序进行，请核对",
                        "{en} ({date}) is before {en_before} ({earlier}); the steps happen in order, check the dates"
                    ),
                ));
        }
        previous = Some((step, date));
    }
}

#[cfg(test)]
mod tests;
