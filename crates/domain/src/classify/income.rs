//! Income figures, labour counts and the rigid-spending triggers.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Reason;
use crate::model::Household;
use crate::policy::{IncomeBase, Rules};
use crate::{text, Money};

/// The household's income as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeFigures {
    /// 家庭人口数 (members counted).
    pub household_size: u32,
    /// 家庭纯收入.
    pub net: Money,
    /// 人均纯收入; none for a household with no counted member.
    pub per_capita: Option<Money>,
    /// 合规自付支出 (medical + education).
    pub rigid_spending: Money,
    /// 理赔收入 added back under the policy.
    pub claims_added: Money,
    /// 家庭纯收入 − 合规自付支出 (+ 理赔收入).
    pub after_rigid_net: Money,
    /// 人均纯收入(扣除刚性支出).
    pub after_rigid_per_capita: Option<Money>,
    /// The fall from the previous year's net income, in per-mille, when it fell.
    pub drop_per_mille: Option<i64>,
    /// A sum of the record's amounts passes the range of money: the figures are not to be
    /// trusted (validation names the field).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub out_of_range: bool,
}

impl IncomeFigures {
    /// The income figures of `h` under `rules`: the part of [`crate::classify`] a form shows
    /// on every keystroke (the per-capita figure), callable without the rest of it.
    pub fn of(h: &Household, rules: &Rules) -> Self {
        let size = h.size();
        let net = h.income.net();
        let rigid = h.income.spending.total();
        let claims_added = if rules.rigid_spending.add_insurance_claims {
            h.income.insurance_claims
        } else {
            Money::ZERO
        };
        let after = net - rigid + claims_added;
        let drop_per_mille = h
            .income
            .previous_net
            .and_then(|prev| (prev - net).per_mille_of(prev))
            .filter(|d| *d > 0);
        IncomeFigures {
            household_size: size,
            net,
            per_capita: net.per_capita(size),
            rigid_spending: rigid,
            claims_added,
            after_rigid_net: after,
            after_rigid_per_capita: after.per_capita(size),
            drop_per_mille,
            out_of_range: h.income.checked_sums().is_err(),
        }
    }

    /// The drop is sharp under the rules.
    pub fn sharp_drop(&self, rules: &Rules) -> bool {
        self.drop_per_mille
            .is_some_and(|d| d >= i64::from(rules.income.sharp_drop.get()))
    }
}

/// Who in the household can work, and who does (counted members only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabourCounts {
    pub members: u32,
    /// 技能 or 普通劳动力.
    pub full: u32,
    /// 弱劳动力或半劳动力.
    pub weak: u32,
    /// 丧失劳动力 or 无劳动力.
    pub unable: u32,
    /// With 务工 months this year.
    pub in_work: u32,
    /// Able to work but with fewer 务工 months than the stable minimum.
    pub unstable_work: u32,
    /// In school (any stage but dropped out).
    pub students: u32,
    /// Aged within the working ages on the assessment date.
    pub working_age: u32,
}

impl LabourCounts {
    pub(super) fn of(h: &Household, rules: &Rules, date: NaiveDate) -> Self {
        let mut c = LabourCounts::default();
        let ages = rules.members.working_age_min..=rules.members.working_age_max;
        for m in h.counted_members() {
            c.members += 1;
            if m.labour.is_full() {
                c.full += 1;
            } else if m.labour.can_work() {
                c.weak += 1;
            } else {
                c.unable += 1;
            }
            if m.in_work() {
                c.in_work += 1;
                if m.labour.can_work() && m.work_months < rules.income.stable_work_months {
                    c.unstable_work += 1;
                }
            }
            if m.school_stage
                .is_some_and(|s| s != crate::model::SchoolStage::DroppedOut)
            {
                c.students += 1;
            }
            if m.age_on(date).is_some_and(|a| ages.contains(&a)) {
                c.working_age += 1;
            }
        }
        c
    }

    /// Members able to work at all.
    pub fn able(&self) -> u32 {
        self.full + self.weak
    }
}

/// True for 脱贫户 and households currently monitored: they get the lower thresholds.
pub(super) fn in_monitored_group(h: &Household) -> bool {
    h.household_type == crate::model::HouseholdType::FormerlyPoor
        || (h.monitoring.category.is_some() && h.monitoring.exit.is_none())
}

/// The 突发大额刚性支出 triggers the household hits (DOMAIN.md §5).
pub(super) fn rigid_triggers(
    h: &Household,
    rules: &Rules,
    figures: &IncomeFigures,
    line: Money,
    base: &IncomeBase,
) -> Vec<Reason> {
    let r = &rules.rigid_spending;
    let s = &h.income.spending;
    let monitored = in_monitored_group(h);
    let group = if monitored {
        text!("脱贫户或监测对象", "formerly poor or monitored household")
    } else {
        text!("一般农户", "ordinary household")
    };
    let (group_zh, group_en) = (group.zh, group.en);
    let mut hits = Vec::new();

    let share = r.medical_share.pick(monitored);
    let pct = percent(share);
    let income = base.amount;
    let (whose_zh, whose_en) = if base.year > 0 {
        (
            format!("{} {} 年", base.name, base.year),
            format!("{} {}", base.name, base.year),
        )
    } else {
        (base.name.clone(), base.name.clone())
    };
    let medical_limit = share.of(income);
    let medical = s.medical;
    if medical > medical_limit {
        hits.push(
            Reason::new(
                "rigid.medical_share",
                text!(
                    "医疗合规自付支出 {medical} 元，超过{whose_zh}农村居民人均可支配收入 {income} 元的 {pct}（{group_zh}，即 {medical_limit} 元）",
                    "Medical self-pay of {medical} yuan is above {pct} of the rural per-capita disposable income ({whose_en}) of {income} yuan ({group_en}: {medical_limit} yuan)"
                ),
            )
            .with("medical_out_of_pocket", medical)
            .with("rural_disposable_income", income)
            .with("share", share)
            .with("limit", medical_limit),
        );
    }
    let inpatient_limit = r.inpatient_yearly.pick(monitored);
    let inpatient = s.inpatient;
    if inpatient >= inpatient_limit {
        hits.push(
            Reason::new(
                "rigid.inpatient_yearly",
                text!(
                    "年内住院自付 {inpatient} 元，达到 {inpatient_limit} 元（{group_zh}）",
                    "Inpatient self-pay this year of {inpatient} yuan reaches {inpatient_limit} yuan ({group_en})"
                ),
            )
            .with("inpatient_out_of_pocket", inpatient)
            .with("threshold", inpatient_limit),
        );
    }
    let stay_limit = r.single_stay.pick(monitored);
    let stay = s.largest_single_stay;
    if stay > stay_limit {
        hits.push(
            Reason::new(
                "rigid.single_stay",
                text!(
                    "单次住院自付 {stay} 元，超过 {stay_limit} 元（{group_zh}）",
                    "A single hospital stay cost {stay} yuan out of pocket, above {stay_limit} yuan ({group_en})"
                ),
            )
            .with("largest_single_stay", stay)
            .with("threshold", stay_limit),
        );
    }
    if s.education > r.schooling_yearly {
        hits.push(
            Reason::new(
                "rigid.schooling_yearly",
                text!(
                    "非义务教育阶段自付教育支出 {} 元，超过 {} 元",
                    "Non-compulsory schooling self-pay of {} yuan is above {} yuan",
                    s.education,
                    r.schooling_yearly
                ),
            )
            .with("education_out_of_pocket", s.education)
            .with("threshold", r.schooling_yearly),
        );
    }
    if let Some(shares) = &r.disaster_accident_share {
        let share = shares.pick(monitored);
        let (pct, limit) = (percent(share), share.of(income));
        let spent = s.disaster + s.accident;
        if spent > limit {
            hits.push(
                Reason::new(
                    "rigid.disaster_accident_share",
                    text!(
                        "因灾或意外事故刚性支出 {spent} 元，超过{whose_zh}农村居民人均可支配收入 {income} 元的 {pct}（{group_zh}，即 {limit} 元）",
                        "Rigid spending of {spent} yuan caused by a disaster or an accident is above {pct} of the rural per-capita disposable income ({whose_en}) of {income} yuan ({group_en}: {limit} yuan)"
                    ),
                )
                .with("disaster_accident_spending", spent)
                .with("limit", limit),
            );
        }
    }
    if let Some(after) = figures.after_rigid_per_capita {
        if figures.rigid_spending.is_positive() && after < line {
            hits.push(
                Reason::new(
                    "rigid.after_rigid_below_line",
                    text!(
                        "扣除刚性支出后人均纯收入 {} 元，低于监测范围 {} 元",
                        "Per-capita net income after rigid spending is {} yuan, below the line of {} yuan",
                        after,
                        line
                    ),
                )
                .with("after_rigid_per_capita", after)
                .with("line", line)
                .with("after_rigid_net", figures.after_rigid_net),
            );
        }
    }
    hits
}

/// A ratio as a percentage, e.g. 0.5 → "50%".
pub(super) fn percent(r: crate::Ratio) -> String {
    let pm = r.get();
    if pm % 10 == 0 {
        format!("{}%", pm / 10)
    } else {
        format!("{}.{}%", pm / 10, pm % 10)
    }
}
