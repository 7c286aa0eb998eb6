//! The risks the record itself shows, ordered by the policy's priority.
use serde::{Deserialize, Serialize};

use super::{LabourCounts, Reason};
use crate::labels::Label;
use crate::model::{Household, RiskType, SchoolStage, MAX_RISKS};
use crate::policy::Rules;
use crate::text;

/// A risk the engine suggests, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedRisk {
    #[serde(rename = "type")]
    pub kind: RiskType,
    pub reasons: Vec<Reason>,
}

/// Risks that only the worker can know (an event happened); they are carried while unresolved.
const EVENT_RISKS: [RiskType; 4] = [
    RiskType::NaturalDisaster,
    RiskType::Accident,
    RiskType::BusinessFailure,
    RiskType::Other,
];

/// Suggests risks from the record. `triggers` are the rigid-spending rules hit.
pub(super) fn suggest(
    h: &Household,
    rules: &Rules,
    labour: &LabourCounts,
    triggers: &[Reason],
) -> (Vec<SuggestedRisk>, Vec<Reason>) {
    let mut found: Vec<SuggestedRisk> = Vec::new();
    let mut add = |kind: RiskType, reason: Reason| match found.iter_mut().find(|r| r.kind == kind) {
        Some(r) => r.reasons.push(reason),
        None => found.push(SuggestedRisk {
            kind,
            reasons: vec![reason],
        }),
    };
    let spending = &h.income.spending;

    // 因病: an ill member and medical costs the household pays itself.
    let ill: Vec<&str> = h
        .counted_members()
        .filter(|m| m.health.serious_illness || m.health.chronic_illness)
        .map(|m| m.name.as_str())
        .collect();
    let medical = spending.medical;
    if !ill.is_empty() && medical.is_positive() {
        let names = ill.join("、");
        add(
            RiskType::Illness,
            Reason::new(
                "risk.illness",
                text!(
                    "{names} 患病，家庭医疗合规自付 {medical} 元",
                    "{names} ill; the household paid {medical} yuan of medical costs itself"
                ),
            )
            .with("medical_out_of_pocket", medical),
        );
    }
    for t in triggers.iter().filter(|t| {
        matches!(
            t.rule.as_str(),
            "rigid.medical_share" | "rigid.inpatient_yearly" | "rigid.single_stay"
        )
    }) {
        add(RiskType::Illness, t.clone());
    }

    // 因残: a disabled member whose capacity to work is reduced, or severely disabled.
    for m in h.counted_members().filter(|m| m.health.disabled) {
        let severe = m.health.disability_grade.is_some_and(|g| g <= 2);
        if severe || !m.labour.is_full() {
            let name = &m.name;
            let grade = m
                .health
                .disability_grade
                .map_or_else(|| "-".to_string(), |g| g.to_string());
            let labour = m.labour.label();
            let (lz, le) = (&labour.zh, &labour.en);
            add(
                RiskType::Disability,
                Reason::new(
                    "risk.disability",
                    text!(
                        "{name} 残疾（等级 {grade}），劳动技能：{lz}",
                        "{name} is disabled (grade {grade}); labour: {le}"
                    ),
                )
                .with("disability_grade", grade),
            );
        }
    }

    // 因学: costly schooling or a child out of school.
    for t in triggers
        .iter()
        .filter(|t| t.rule == "rigid.schooling_yearly")
    {
        add(RiskType::Schooling, t.clone());
    }
    for m in h
        .counted_members()
        .filter(|m| m.school_stage == Some(SchoolStage::DroppedOut))
    {
        let name = &m.name;
        add(
            RiskType::Schooling,
            Reason::new(
                "risk.schooling_dropout",
                text!("{name} 失学辍学", "{name} has dropped out of school"),
            ),
        );
    }

    // 因务工就业不稳: someone able to work worked fewer months than the stable minimum.
    if labour.unstable_work > 0 {
        let n = labour.unstable_work;
        let months = rules.income.stable_work_months;
        add(
            RiskType::UnstableEmployment,
            Reason::new(
                "risk.unstable_employment",
                text!(
                    "{n} 名劳动力年内务工不足 {months} 个月",
                    "{n} worker(s) worked fewer than {months} months this year"
                ),
            )
            .with("unstable_workers", n)
            .with("stable_work_months", months),
        );
    }

    // 缺劳动力: nobody in the household is a full worker.
    if labour.members > 0 && labour.full == 0 {
        let (members, weak) = (labour.members, labour.weak);
        add(
            RiskType::LackOfLabour,
            Reason::new(
                "risk.lack_of_labour",
                text!(
                    "{members} 口人中没有技能或普通劳动力（弱劳动力 {weak} 人）",
                    "None of the {members} members is a skilled or ordinary worker ({weak} weak)"
                ),
            )
            .with("members", members)
            .with("full_workers", 0)
            .with("weak_workers", weak),
        );
    }

    // 因安全住房 and 因安全饮水.
    if let Some(grade) = h.housing_grade.filter(|g| g.is_unsafe()) {
        let g = format!("{grade:?}");
        add(
            RiskType::HousingUnsafe,
            Reason::new(
                "risk.housing_grade",
                text!(
                    "住房安全等级为 {g} 级（危房）",
                    "Housing graded {g} (dangerous)"
                ),
            )
            .with("housing_grade", g),
        );
    }
    if h.guarantees.housing_unsafe {
        add(
            RiskType::HousingUnsafe,
            Reason::new(
                "risk.housing_flag",
                text!("住房出现安全问题", "The house has a safety problem"),
            ),
        );
    }
    if h.guarantees.water_unsafe {
        add(
            RiskType::WaterUnsafe,
            Reason::new(
                "risk.water_flag",
                text!("饮水出现安全问题", "Drinking water is not safe"),
            ),
        );
    }

    // Events only the worker can know, while not marked resolved.
    for r in h
        .monitoring
        .risks
        .iter()
        .filter(|r| EVENT_RISKS.contains(&r.kind) && r.resolved_on.is_none())
    {
        let l = r.kind.label();
        let (lz, le) = (&l.zh, &l.en);
        add(
            r.kind,
            Reason::new(
                "risk.recorded_event",
                text!(
                    "走访记录的风险：{lz}（无法从数据推断，按记录保留）",
                    "Recorded by the worker: {le} (cannot be inferred from the data; kept as recorded)"
                ),
            ),
        );
    }

    let rank = |k: RiskType| {
        rules
            .risk_priority
            .iter()
            .position(|p| *p == k)
            .unwrap_or(usize::MAX)
    };
    found.sort_by_key(|r| rank(r.kind));
    let mut notes = Vec::new();
    if found.len() > MAX_RISKS {
        let dropped: Vec<RiskType> = found[MAX_RISKS..].iter().map(|r| r.kind).collect();
        let (dz, de) = super::consistency::names(&dropped);
        notes.push(Reason::new(
            "risk.more_than_five",
            text!(
                "数据显示的风险超过 5 项，仅保留前 5 项；未列入：{dz}",
                "The record shows more than 5 risks; only the first 5 are kept. Left out: {de}"
            ),
        ));
        found.truncate(MAX_RISKS);
    }
    (found, notes)
}
