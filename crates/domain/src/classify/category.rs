//! The suggested category (the verdict) and why.
//!
//! A household is a candidate when its income is under the line or unstable and it has a risk
//! (脱贫不稳定户 / 边缘易致贫户), or when it has a risk and a rigid-spending rule or a sharp drop
//! hits it (突发严重困难户). Since every rigid-spending trigger carries its risk, income under the
//! line after rigid spending always makes a candidate. Without a candidate the conclusion names
//! what the warning level is about (a guarantee to fix, a cause to check, a risk to watch), so the
//! verdict and the warning ([`super::warning`]) never contradict each other.
use super::{IncomeFigures, Reason, SuggestedRisk};
use crate::labels::Label;
use crate::model::{Household, HouseholdType, MonitoredCategory};
use crate::policy::Rules;
use crate::{text, Money};

/// How the household's income stands against the line.
pub(super) struct IncomeStanding {
    pub at_risk: bool,
    pub reasons: Vec<Reason>,
}

pub(super) fn income_standing(
    figures: &IncomeFigures,
    rules: &Rules,
    line: Money,
    risks: &[SuggestedRisk],
) -> IncomeStanding {
    let factor = rules.warning.yellow_line_factor;
    let near_limit = factor.of(line);
    let mut reasons = Vec::new();
    let Some(pc) = figures.per_capita else {
        return IncomeStanding {
            at_risk: false,
            reasons,
        };
    };
    let (net, size) = (figures.net, figures.household_size);
    let below_line = pc < line;
    let near_line = pc < near_limit;
    if below_line {
        reasons.push(
            Reason::new(
                "income.below_line",
                text!(
                    "家庭纯收入 {net} 元 ÷ {size} 人 = 人均纯收入 {pc} 元，低于监测范围 {line} 元",
                    "Net household income {net} yuan ÷ {size} = {pc} yuan per person, below the monitoring line of {line} yuan"
                ),
            )
            .with("net_income", net)
            .with("household_size", size)
            .with("per_capita", pc)
            .with("line", line),
        );
    } else {
        reasons.push(
            Reason::new(
                "income.above_line",
                text!(
                    "家庭纯收入 {net} 元 ÷ {size} 人 = 人均纯收入 {pc} 元，不低于监测范围 {line} 元",
                    "Net household income {net} yuan ÷ {size} = {pc} yuan per person, not below the monitoring line of {line} yuan"
                ),
            )
            .with("net_income", net)
            .with("household_size", size)
            .with("per_capita", pc)
            .with("line", line),
        );
    }
    let unstable_work = risks
        .iter()
        .any(|r| r.kind == crate::model::RiskType::UnstableEmployment);
    let unstable = !below_line && near_line && unstable_work;
    if unstable {
        reasons.push(
            Reason::new(
                "income.unstable",
                text!(
                    "人均纯收入 {pc} 元低于监测范围的 {factor} 倍（{near_limit} 元），且务工不稳，收入不稳定",
                    "Per-capita income of {pc} yuan is under {factor} × the line ({near_limit} yuan) and work is unstable: income is unstable"
                ),
            )
            .with("per_capita", pc)
            .with("near_line_limit", near_limit),
        );
    }
    IncomeStanding {
        at_risk: below_line || unstable,
        reasons,
    }
}

/// The category the rules suggest, and the reasoning, whether or not one applies.
pub(super) fn suggest_category(
    h: &Household,
    figures: &IncomeFigures,
    rules: &Rules,
    standing: &IncomeStanding,
    risks: &[SuggestedRisk],
    triggers: &[Reason],
    terms: &crate::policy::Terms,
) -> (Option<MonitoredCategory>, Vec<Reason>) {
    let mut reasons = standing.reasons.clone();
    if figures.household_size == 0 {
        reasons.push(Reason::new(
            "category.no_members",
            text!(
                "没有计入家庭人口的成员，无法计算人均收入",
                "No member is counted in the household, so income per person cannot be computed"
            ),
        ));
        return (None, reasons);
    }
    let has_risk = !risks.is_empty();
    let sharp_drop = figures.sharp_drop(rules);
    if let Some(d) = figures.drop_per_mille.filter(|_| sharp_drop) {
        let pct = format!("{}.{}%", d / 10, d % 10);
        let limit = rules.income.sharp_drop;
        reasons.push(
            Reason::new(
                "income.sharp_drop",
                text!(
                    "家庭纯收入比上年下降 {pct}，达到骤减标准（{limit}）",
                    "Net income fell {pct} from last year, a sharp drop (threshold {limit})"
                ),
            )
            .with("drop", pct)
            .with("threshold", limit),
        );
    }
    let category = if standing.at_risk && has_risk {
        Some(match h.household_type {
            HouseholdType::FormerlyPoor => MonitoredCategory::UnstableFormerlyPoor,
            HouseholdType::Ordinary => MonitoredCategory::EdgeAtRisk,
        })
    } else if has_risk && (!triggers.is_empty() || sharp_drop) {
        Some(MonitoredCategory::SuddenHardship)
    } else {
        None
    };
    let kinds: Vec<_> = risks.iter().map(|r| r.kind).collect();
    let risk_names = || super::consistency::names(&kinds);
    let conclusion = match category {
        Some(c) => {
            let l = terms.category_label(c);
            let (cz, ce) = (&l.zh, &l.en);
            let (rz, re) = risk_names();
            let why = match c {
                MonitoredCategory::UnstableFormerlyPoor => text!(
                    "脱贫户，收入低于监测范围或不稳定，且存在风险（{rz}）：建议纳入「{cz}」",
                    "A formerly poor household with income under the line or unstable, and risks ({re}): suggest \"{ce}\""
                ),
                MonitoredCategory::EdgeAtRisk => text!(
                    "一般农户，收入低于监测范围或不稳定，且存在风险（{rz}）：建议纳入「{cz}」",
                    "An ordinary household with income under the line or unstable, and risks ({re}): suggest \"{ce}\""
                ),
                MonitoredCategory::SuddenHardship => text!(
                    "收入不低于监测范围，但刚性支出过大或收入骤减，基本生活受到严重影响（{rz}）：建议纳入「{cz}」",
                    "Income is not under the line, but large rigid spending or a sharp income drop seriously hits basic living ({re}): suggest \"{ce}\""
                ),
            };
            Reason::new("category.suggested", why)
        }
        None if standing.at_risk && !has_risk => Reason::new(
            "category.no_risk",
            text!(
                "收入低于监测范围，但记录中未发现致贫返贫风险：请核实并记录原因后再研判",
                "Income is under the line but the record shows no risk: check the household and record the cause before judging"
            ),
        ),
        None if !guarantee_failures(h).is_empty() => {
            let (gz, ge) = joined(&guarantee_failures(h));
            Reason::new(
                "category.guarantee_gap",
                text!(
                    "收入不低于监测范围，也未触发刚性支出或收入骤减标准，暂不建议纳入；但{gz}，须立即解决（红色预警即为此）；如农户无力自行解决、基本生活受到严重影响，请按突发严重困难户研判",
                    "Income is not under the line and no rigid-spending or sharp-drop rule is hit, so not suggested for now; but {ge}, which must be solved at once (that is what the red warning is for); if the household cannot solve it and its basic living is seriously hit, judge it as sudden hardship"
                ),
            )
        }
        None if has_risk => {
            let (rz, re) = risk_names();
            Reason::new(
                "category.risk_without_income_problem",
                text!(
                    "存在风险（{rz}），但收入不低于监测范围，也未触发刚性支出或收入骤减标准：暂不建议纳入，继续关注",
                    "Risks are present ({re}), but income is above the line and no rigid-spending or sharp-drop rule is hit: not suggested for now; keep watching"
                ),
            )
        }
        None => Reason::new(
            "category.none",
            text!(
                "收入不低于监测范围，未发现风险：不建议纳入监测",
                "Income is above the line and no risk is found: not suggested for monitoring"
            ),
        ),
    };
    reasons.push(conclusion);
    (category, reasons)
}

/// The 两不愁三保障 and 饮水 failures of `h`, each in both languages: the flags, and a house
/// graded C/D (a dangerous building whatever the flag says).
pub(super) fn guarantee_failures(h: &Household) -> Vec<crate::Text> {
    let g = &h.guarantees;
    let mut out: Vec<crate::Text> = [
        (
            g.food_clothing_insecure,
            "吃穿不愁未保障",
            "food and clothing not secured",
        ),
        (
            g.school_dropout,
            "义务教育阶段适龄儿童少年失学辍学",
            "a compulsory-age child is out of school",
        ),
        (
            g.medical_insurance_gap,
            "有家庭成员未参加基本医疗保险",
            "a member has no basic medical insurance",
        ),
        (g.housing_unsafe, "住房出现安全问题", "the house is unsafe"),
        (
            g.water_unsafe,
            "饮水出现安全问题",
            "drinking water is unsafe",
        ),
    ]
    .into_iter()
    .filter(|f| f.0)
    .map(|(_, zh, en)| crate::Text::new(zh, en))
    .collect();
    if let Some(grade) = h.housing_grade.filter(|g| g.is_unsafe()) {
        let l = grade.label();
        let (lz, le) = (&l.zh, &l.en);
        out.push(text!("住房安全等级为{lz}", "the house is graded {le}"));
    }
    out
}

/// Texts joined for a sentence, in both languages.
pub(super) fn joined(items: &[crate::Text]) -> (String, String) {
    let zh: Vec<&str> = items.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = items.iter().map(|t| t.en.as_str()).collect();
    (zh.join("、"), en.join(", "))
}
