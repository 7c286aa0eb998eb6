//! The risks the record itself shows, ordered by the policy's priority.
//!
//! Every rigid-spending trigger carries the risk it stands for (the medical ones 因病, schooling
//! 因学, disaster or accident spending 因自然灾害/因意外事故, and income after rigid spending under
//! the line each component of that spending), so a household the triggers make a candidate always
//! has a reason.
//!
//! At most five risks are kept (风险1–5). The cut keeps first the risks the record requires — those
//! the household's own flags demand (饮水 ⇒ 因安全饮水, a C/D house or the housing flag ⇒ 因安全住房,
//! which the consistency check asks for) and those a trigger carries — then the others, each group
//! by the policy's `risk_priority` (its weight); the kept ones are listed by that priority, the
//! first being the main risk, and a note names those left out.
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
    let mut required: Vec<RiskType> = Vec::new();
    let mut add = |kind: RiskType, reason: Reason| match found.iter_mut().find(|r| r.kind == kind) {
        Some(r) => r.reasons.push(reason),
        None => found.push(SuggestedRisk {
            kind,
            reasons: vec![reason],
        }),
    };
    let mut require = |kind: RiskType| {
        if !required.contains(&kind) {
            required.push(kind);
        }
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
    for t in triggers {
        for (kind, reason) in carried(h, t) {
            require(kind);
            add(kind, reason);
        }
    }

    // 因残: a disabled member whose capacity to work is reduced, or severely disabled.
    for m in h.counted_members().filter(|m| m.health.disabled) {
        let max_grade = rules.members.severe_disability_max_grade;
        let severe = m.health.disability_grade.is_some_and(|g| g <= max_grade);
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

    // 因学: a child out of school (costly schooling is carried by its trigger above).
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
        require(RiskType::HousingUnsafe);
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
        require(RiskType::HousingUnsafe);
        add(
            RiskType::HousingUnsafe,
            Reason::new(
                "risk.housing_flag",
                text!("住房出现安全问题", "The house has a safety problem"),
            ),
        );
    }
    if h.guarantees.water_unsafe {
        require(RiskType::WaterUnsafe);
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
    // Required first, then the rest, each by weight; keep five; list the kept by weight.
    found.sort_by_key(|r| (!required.contains(&r.kind), rank(r.kind)));
    let mut notes = Vec::new();
    if found.len() > MAX_RISKS {
        let dropped: Vec<RiskType> = found[MAX_RISKS..].iter().map(|r| r.kind).collect();
        let (dz, de) = super::consistency::names(&dropped);
        notes.push(Reason::new(
            "risk.more_than_five",
            text!(
                "数据显示的风险超过 5 项，仅保留 5 项（先保留住房、饮水等标志和刚性支出标准要求的风险，再按风险排序）；未列入：{dz}",
                "The record shows more than 5 risks; 5 are kept (first those the housing and water flags and the rigid-spending rules require, then by the risk order). Left out: {de}"
            ),
        ));
        found.truncate(MAX_RISKS);
    }
    found.sort_by_key(|r| rank(r.kind));
    (found, notes)
}

/// The risks a rigid-spending trigger stands for, each with why.
fn carried(h: &Household, t: &Reason) -> Vec<(RiskType, Reason)> {
    let s = &h.income.spending;
    match t.rule.as_str() {
        "rigid.medical_share" | "rigid.inpatient_yearly" | "rigid.single_stay" => {
            vec![(RiskType::Illness, t.clone())]
        }
        "rigid.schooling_yearly" => vec![(RiskType::Schooling, t.clone())],
        "rigid.disaster_accident_share" => [
            (RiskType::NaturalDisaster, s.disaster),
            (RiskType::Accident, s.accident),
        ]
        .into_iter()
        .filter(|(_, m)| m.is_positive())
        .map(|(k, _)| (k, t.clone()))
        .collect(),
        "rigid.after_rigid_below_line" => {
            let after = t.figure("after_rigid_per_capita").unwrap_or_default();
            let line = t.figure("line").unwrap_or_default();
            let parts = [
                (RiskType::Illness, s.medical, "医疗", "medical"),
                (RiskType::Schooling, s.education, "教育", "schooling"),
                (RiskType::NaturalDisaster, s.disaster, "因灾", "disaster"),
                (RiskType::Accident, s.accident, "意外事故", "accident"),
            ];
            // The parts without which income would not be under the line; when no part is
            // decisive alone but together they are (income before them is not under the line),
            // the largest. When income is under the line before any rigid spending, the spending
            // is not what put it there: nothing is carried (the income itself makes the case).
            let above_before = h
                .income
                .net()
                .per_capita(h.size())
                .zip(
                    t.figure("line")
                        .and_then(|l| l.parse::<crate::Money>().ok()),
                )
                .is_some_and(|(pc, line)| pc >= line);
            let decisive: Vec<RiskType> = parts
                .iter()
                .filter(|(_, m, _, _)| m.is_positive() && lifts_above_line(h, *m, t))
                .map(|(k, ..)| *k)
                .collect();
            let largest = parts.iter().max_by_key(|(_, m, _, _)| *m).map(|(k, ..)| *k);
            parts
                .into_iter()
                .filter(|(k, m, _, _)| {
                    m.is_positive()
                        && (decisive.contains(k)
                            || (decisive.is_empty() && above_before && Some(*k) == largest))
                })
                .map(|(kind, m, zh, en)| {
                    let reason = Reason::new(
                        "risk.after_rigid_spending",
                        text!(
                            "{zh}刚性支出 {m} 元使扣除刚性支出后人均纯收入降至 {after} 元，低于监测范围 {line} 元",
                            "{en} spending of {m} yuan brings income after rigid spending down to {after} yuan per person, below the line of {line} yuan"
                        ),
                    )
                    .with("spending", m);
                    (kind, reason)
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// True when income after rigid spending, without the part `m`, would not be under the line of
/// the after-rigid trigger `t`.
fn lifts_above_line(h: &Household, m: crate::Money, t: &Reason) -> bool {
    let line: Option<crate::Money> = t.figure("line").and_then(|l| l.parse().ok());
    let after_net: Option<crate::Money> = t.figure("after_rigid_net").and_then(|a| a.parse().ok());
    match (
        line,
        after_net,
        (after_net.unwrap_or_default() + m).per_capita(h.size()),
    ) {
        (Some(line), Some(_), Some(without)) => without >= line,
        _ => false,
    }
}
