//! The consistency checks the national system runs (DOMAIN.md §4, §8), run on the phone.
use chrono::{Months, NaiveDate};

use super::{Finding, LabourCounts, Reason, SuggestedRisk};
use crate::labels::Label;
use crate::model::{Household, MeasureType, RiskType};
use crate::policy::Rules;
use crate::text;

/// Findings about the recorded (chosen) risks, the measures and the override reason.
pub(super) fn check(
    h: &Household,
    rules: &Rules,
    labour: &LabourCounts,
    suggested: &[SuggestedRisk],
    date: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let chosen: Vec<RiskType> = h.monitoring.risks.iter().map(|r| r.kind).collect();
    let has = |k: RiskType| chosen.contains(&k);
    let monitored = h.monitoring.category.is_some() && h.monitoring.exit.is_none();

    if monitored || !chosen.is_empty() {
        if h.guarantees.water_unsafe && !has(RiskType::WaterUnsafe) {
            out.push(Finding::warning(Reason::new(
                "consistency.water_flag_needs_risk",
                text!(
                    "饮水出现安全问题，但风险中没有「因安全饮水」",
                    "Drinking water is unsafe but the risks do not include \"water unsafe\""
                ),
            )));
        }
        let housing = h.guarantees.housing_unsafe || h.housing_grade.is_some_and(|g| g.is_unsafe());
        if housing && !has(RiskType::HousingUnsafe) {
            out.push(Finding::warning(Reason::new(
                "consistency.housing_needs_risk",
                text!(
                    "住房为 C/D 级或出现安全问题，建议增加风险「因安全住房」",
                    "The house is graded C/D or unsafe: add the risk \"housing unsafe\""
                ),
            )));
        }
    }
    if has(RiskType::Illness) && !h.income.spending.medical.is_positive() {
        out.push(Finding::warning(Reason::new(
            "consistency.illness_needs_medical_spending",
            text!(
                "风险为「因病」，但合规自付医疗支出为 0",
                "The risk is \"illness\" but compliant medical self-pay is 0"
            ),
        )));
    }
    for (i, r) in h.monitoring.risks.iter().enumerate() {
        if r.kind == RiskType::NaturalDisaster && r.disaster_kind.is_none() {
            let n = i + 1;
            out.push(Finding::error(Reason::new(
                "consistency.disaster_needs_sub_item",
                text!(
                    "风险{n}「因自然灾害」须选择灾害类型（洪涝/地质/旱灾/生物/气象/地震/其他）",
                    "Risk {n} \"natural disaster\" needs its kind (flood, geological, drought, biological, meteorological, earthquake, other)"
                ),
            )));
        }
    }
    let (able, full, members) = (labour.able(), labour.full, labour.members);
    let share = rules.members.lack_of_labour_max_full_share;
    if has(RiskType::LackOfLabour)
        && u64::from(full) * 1000 > u64::from(share.get()) * u64::from(members)
    {
        let pct = super::income::percent(share);
        out.push(Finding::error(
            Reason::new(
                "consistency.lack_of_labour_with_workers",
                text!(
                    "风险为「缺劳动力」，但 {members} 口人中有 {full} 名技能或普通劳动力（超过 {pct}）",
                    "The risk is \"lack of labour\" but {full} of {members} members are skilled or ordinary workers (more than {pct})"
                ),
            )
            .with("full_workers", full)
            .with("members", members),
        ));
    }
    if has(RiskType::UnstableEmployment) {
        if able == 0 {
            out.push(Finding::error(Reason::new(
                "consistency.unstable_employment_without_workers",
                text!(
                    "风险为「因务工就业不稳」，但家中无人有劳动能力",
                    "The risk is \"unstable employment\" but nobody in the household can work"
                ),
            )));
        }
        if !h
            .members
            .iter()
            .any(|m| m.in_work() || !m.work_place.is_empty())
        {
            out.push(Finding::warning(Reason::new(
                "consistency.unstable_employment_without_work_data",
                text!(
                    "风险为「因务工就业不稳」，但没有成员填写务工所在地和务工时间",
                    "The risk is \"unstable employment\" but no member has work place and months recorded"
                ),
            )));
        }
    }

    // Each risk in `required_for` needs a measure that answers it.
    let measure_types: Vec<MeasureType> = h.measures.iter().map(|m| m.kind).collect();
    for risk in chosen
        .iter()
        .filter(|r| rules.measures.required_for.contains(r))
    {
        let answers = rules.measures.for_risk(*risk);
        if !answers.iter().any(|t| measure_types.contains(t)) {
            let l = risk.label();
            let (rz, re) = (&l.zh, &l.en);
            let (mz, me) = names(answers);
            out.push(Finding::warning(Reason::new(
                "consistency.risk_needs_measure",
                text!(
                    "风险「{rz}」应有对应帮扶措施：{mz}",
                    "The risk \"{re}\" needs a matching measure: {me}"
                ),
            )));
        }
    }

    // Development measure within the time limit of identification, when someone can work.
    if let (true, Some(identified)) = (monitored, h.monitoring.identified_on) {
        let months = rules.procedure.development_measure_within_months;
        let due = identified.checked_add_months(Months::new(months));
        let has_dev = h
            .measures
            .iter()
            .any(|m| rules.measures.development.contains(&m.kind));
        if able > 0 && !has_dev && due.is_some_and(|d| date > d) {
            out.push(Finding::warning(
                Reason::new(
                    "consistency.development_measure_due",
                    text!(
                        "家中有劳动力，识别（{identified}）已超过 {months} 个月，仍无产业、就业、金融或公益岗位等开发式帮扶措施",
                        "Someone can work and identification ({identified}) was more than {months} months ago, but there is no development measure (industry, employment, finance, public-welfare job)"
                    ),
                )
                .with("identified_on", identified)
                .with("able_workers", able),
            ));
        }
        if able == 0 && !measure_types.contains(&MeasureType::SocialSecurity) {
            out.push(Finding::warning(Reason::new(
                "consistency.no_labour_needs_social_security",
                text!(
                    "家中无劳动能力成员，应落实综合保障（低保、特困供养或临时救助）兜底",
                    "Nobody can work: the household should have social security (dibao, tekun or temporary assistance) as the safety net"
                ),
            )));
        }
    }

    // The worker chose differently from the data: a reason is required.
    if !chosen.is_empty() && h.monitoring.override_reason.trim().is_empty() {
        let missing: Vec<RiskType> = suggested
            .iter()
            .map(|s| s.kind)
            .filter(|k| !chosen.contains(k))
            .collect();
        if !missing.is_empty() {
            let (mz, me) = names(&missing);
            out.push(Finding::warning(Reason::new(
                "consistency.override_without_reason",
                text!(
                    "数据显示的风险未被选择：{mz}；请选择或填写不选的理由",
                    "Risks shown by the data were not chosen: {me}; choose them or give the reason"
                ),
            )));
        }
    }
    out
}

/// The labels of a list of codes, joined, in both languages.
pub(super) fn names<T: Label>(items: &[T]) -> (String, String) {
    let labels: Vec<_> = items.iter().map(Label::label).collect();
    let zh: Vec<&str> = labels.iter().map(|l| l.zh.as_str()).collect();
    let en: Vec<&str> = labels.iter().map(|l| l.en.as_str()).collect();
    (zh.join("、"), en.join(", "))
}
