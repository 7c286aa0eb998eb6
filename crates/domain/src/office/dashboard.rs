//! The township dashboard (DOMAIN.md §12): the seed article's figures per village and for the
//! whole area, each explained by a [`Definition`], and the scale alert ("no large-scale return to
//! poverty").
//!
//! Input: the current version of every household in the area, the version of the same households
//! as it stood a year earlier (for the growth figures), the policy and the day. The JSON of
//! [`Dashboard`] is what `GET /api/v1/office/dashboard` answers; the app reads it with these types.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::tally::Tally;
use super::{HouseholdRef, RulesByVillage};
use crate::model::{ExitMode, MonitoredCategory, RiskType};
use crate::{Household, Money, Policy, Text};

/// Everything the office dashboard shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The day the figures are for.
    pub as_of: NaiveDate,
    /// The day "a year ago" figures are for ([`year_ago_day`]: the policy's
    /// `office.year_ago_days`, 365 by default, earlier).
    pub year_ago: NaiveDate,
    /// The whole area (a township for a reviewer): `area_code` is empty.
    pub total: AreaFigures,
    /// One entry per village, by village code.
    pub villages: Vec<AreaFigures>,
    /// The villages whose scale alert is on (each village's own entry has the figures).
    pub scale_alerts: Vec<VillageAlert>,
    /// What each figure means: `key` is the field name in [`AreaFigures`].
    pub definitions: Vec<Definition>,
}

/// The label and definition of one figure, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub key: String,
    pub label: Text,
    pub definition: Text,
}

/// The figures of one village, or of the whole area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFigures {
    /// The 12-digit village code; empty for the whole area.
    pub area_code: String,
    pub area_name: String,
    /// Households stored.
    pub households: u32,
    /// People counted in 家庭人口数.
    pub people: u32,
    pub formerly_poor_income: IncomeGrowth,
    /// 义务教育阶段失学辍学, by name; the goal is none.
    pub dropouts: Vec<Dropout>,
    pub medical_insurance_gaps: InsuranceGaps,
    /// Households with 住房出现安全问题 or a house graded C/D.
    pub unsafe_housing: u32,
    /// Households with 饮水出现安全问题.
    pub unsafe_water: u32,
    pub monitored: Monitored,
    pub lead_to_identification: LeadTimes,
    pub development_measures: DevelopmentCoverage,
    /// Monitored households with a risk that lacks its matching measure.
    pub measure_gaps: Vec<MeasureGap>,
    pub formerly_poor_workers: WorkersInWork,
    pub relocated: RelocatedWork,
    pub microcredit: Microcredit,
    pub exits: Exits,
    /// The village's scale alert; `None` for the whole area (see [`Dashboard::scale_alerts`]).
    pub scale_alert: Option<ScaleAlert>,
}

/// 脱贫户人均纯收入 now and a year ago.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeGrowth {
    /// 脱贫户 now, and the people counted in them.
    pub households: u32,
    pub people: u32,
    /// Σ 家庭纯收入 ÷ Σ 家庭人口数 over those households (none without people).
    pub per_capita_net: Option<Money>,
    pub year_ago_households: u32,
    pub year_ago_people: u32,
    pub year_ago_per_capita_net: Option<Money>,
    /// (now − a year ago) ÷ a year ago, in ‰, truncated (169 = +16.9%).
    pub growth_per_mille: Option<i64>,
}

/// A member of compulsory-school age who dropped out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropout {
    pub household_id: String,
    pub member_id: String,
    pub member_name: String,
    pub village_code: String,
    pub village_name: String,
    /// Age on the dashboard's day, when the birth date is known.
    pub age: Option<u32>,
}

/// Members without 基本医疗保险.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceGaps {
    pub people: u32,
    pub households: u32,
}

/// Households monitored now (identified, not marked eliminated).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monitored {
    pub households: u32,
    /// Every category, in the national order, zeros included.
    pub by_category: Vec<CategoryCount>,
    /// Every risk type, in the national order, zeros included; a household counts once under
    /// each risk it has recorded.
    pub by_risk: Vec<RiskCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub category: MonitoredCategory,
    pub households: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskCount {
    pub risk: RiskType,
    pub households: u32,
}

/// Days from the first lead (线索) to 识别监测时间.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadTimes {
    /// Households with both dates.
    pub households: u32,
    /// The median; with an even count, the lower of the two middle values.
    pub median_days: Option<i64>,
    pub max_days: Option<i64>,
}

/// 开发式帮扶 of monitored households with someone able to work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentCoverage {
    /// Monitored households with at least one member able to work.
    pub households: u32,
    /// Of which with at least one development measure.
    pub with_measure: u32,
    /// with_measure ÷ households in ‰, truncated.
    pub coverage_per_mille: Option<u32>,
    /// Still without one when the policy's months after identification have passed.
    pub overdue: Vec<HouseholdRef>,
}

/// A monitored household with a risk that has no matching measure (the consistency check).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureGap {
    pub household: HouseholdRef,
    /// The findings, e.g. 风险「因病」应有对应帮扶措施：….
    pub findings: Vec<Text>,
}

/// 脱贫劳动力: members of 脱贫户 able to work, and those in work (务工 months this year).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkersInWork {
    pub workers: u32,
    pub in_work: u32,
    pub year_ago_workers: u32,
    pub year_ago_in_work: u32,
    /// Change of `in_work` from a year ago, in ‰, truncated.
    pub change_per_mille: Option<i64>,
}

/// 易地扶贫搬迁户 with a member able to work, and whether someone works.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelocatedWork {
    pub households: u32,
    pub with_someone_in_work: u32,
    /// The goal is every one: those where nobody works.
    pub without: Vec<HouseholdRef>,
}

/// 小额信贷: households with a 金融帮扶 measure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Microcredit {
    pub households: u32,
    /// Of which with a loan running on the day (started, not ended).
    pub active_households: u32,
    /// The amounts of every such measure.
    pub amount: Money,
}

/// 风险消除 marked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exits {
    pub households: u32,
    /// Both modes, zeros included.
    pub by_mode: Vec<ModeCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeCount {
    pub mode: ExitMode,
    pub households: u32,
}

/// Many households of one village turning at risk at once (a disaster, a factory closing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleAlert {
    /// The window in days, up to and including the dashboard's day.
    pub window_days: u32,
    /// Households identified, or with a lead found, within the window.
    pub newly_at_risk: u32,
    pub households: u32,
    /// newly_at_risk ÷ households in ‰, truncated.
    pub share_per_mille: Option<u32>,
    /// The policy's threshold in ‰, and the fewest households that make an alert.
    pub threshold_per_mille: u32,
    pub min_households: u32,
    /// The share is at or above the threshold and at least `min_households` turned at risk.
    pub alert: bool,
}

/// A village whose scale alert is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageAlert {
    pub village_code: String,
    pub village_name: String,
    pub alert: ScaleAlert,
    /// The message to show, with the numbers.
    pub message: Text,
}

/// The day the dashboard's "a year ago" figures of `today` are for: the national rules'
/// `office.year_ago_days` earlier. The server reads the versions of that day for [`dashboard`].
pub fn year_ago_day(policy: &Policy, today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let days = policy
        .resolve(None, today.year())
        .rules
        .office
        .year_ago_days;
    today
        .checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(today)
}

/// The dashboard of `households` on `today`; `year_ago` holds the versions of the same households
/// as they stood on [`year_ago_day`] (households that did not exist then are simply absent).
pub fn dashboard(
    households: &[Household],
    year_ago: &[Household],
    policy: &Policy,
    today: NaiveDate,
) -> Dashboard {
    let year_ago_day = year_ago_day(policy, today);
    let mut rules = RulesByVillage::new(policy, today);
    let mut total = Tally::new(String::new(), String::new());
    let mut villages: std::collections::BTreeMap<String, Tally> = Default::default();
    // A voided household (registered by mistake) counts nowhere, then or now.
    for h in households.iter().filter(|h| !h.is_voided()) {
        let r = rules.of(&h.area.code).clone();
        let judged = super::tally::Judged::of(h, policy, today);
        total.add_current(h, &judged, &r, today);
        villages
            .entry(h.area.code.clone())
            .or_insert_with(|| Tally::new(h.area.code.clone(), h.area.name.clone()))
            .add_current(h, &judged, &r, today);
    }
    for h in year_ago.iter().filter(|h| !h.is_voided()) {
        total.add_year_ago(h);
        villages
            .entry(h.area.code.clone())
            .or_insert_with(|| Tally::new(h.area.code.clone(), h.area.name.clone()))
            .add_year_ago(h);
    }
    let villages: Vec<AreaFigures> = villages
        .into_values()
        .map(|t| {
            let r = rules.of(&t.area_code).office.clone();
            t.finish(Some(&r))
        })
        .collect();
    let scale_alerts = villages
        .iter()
        .filter_map(|v| {
            let a = v.scale_alert.clone().filter(|a| a.alert)?;
            let (name, n, total, days) = (&v.area_name, a.newly_at_risk, a.households, a.window_days);
            let pm = a.share_per_mille.unwrap_or(0);
            let pct = format!("{}.{}", pm / 10, pm % 10);
            Some(VillageAlert {
                village_code: v.area_code.clone(),
                village_name: v.area_name.clone(),
                message: crate::text!(
                    "{name}：近 {days} 天 {n} 户新纳入或发现风险线索，占全村 {total} 户的 {pct}%，谨防规模性返贫",
                    "{name}: {n} of {total} households ({pct}%) turned at risk in the last {days} days; guard against large-scale return to poverty"
                ),
                alert: a,
            })
        })
        .collect();
    Dashboard {
        as_of: today,
        year_ago: year_ago_day,
        total: total.finish(None),
        villages,
        scale_alerts,
        definitions: definitions(),
    }
}

/// What every figure of [`AreaFigures`] means.
pub fn definitions() -> Vec<Definition> {
    let d = |key: &str, label: Text, definition: Text| Definition {
        key: key.to_owned(),
        label,
        definition,
    };
    use crate::text;
    vec![
        d("households", text!("农户数", "Households"), text!(
            "本地区已上传到服务器的农户数（每户取当前版本）",
            "Households stored on the server for the area (the current version of each)")),
        d("people", text!("人口数", "People"), text!(
            "各户计入家庭人口数的成员之和",
            "Members counted in each household's size, added up")),
        d("formerly_poor_income", text!("脱贫人口人均纯收入及增幅", "Net income per person of formerly poor households, and its growth"), text!(
            "户类型为脱贫户的各户家庭纯收入之和 ÷ 其家庭人口之和；一年前的数值按各户一年前（政策规定天数前，默认 365 天）服务器上的版本计算；增幅 =（现值 − 一年前）÷ 一年前，以千分比表示",
            "Sum of net household income of formerly poor households ÷ sum of their members counted; the year-ago value uses each household's version held by the server a year earlier (the policy's days, 365 by default); growth = (now − year ago) ÷ year ago, in per mille")),
        d("dropouts", text!("义务教育阶段失学辍学", "Compulsory-school dropouts"), text!(
            "在校生状况为失学辍学、且年龄在政策规定的义务教育年龄内（出生日期不详也列出）的成员，逐人列出；目标为零（动态清零）",
            "Members recorded as dropped out of school and of compulsory-school age under the policy (listed too when the birth date is unknown), by name; the goal is none")),
        d("medical_insurance_gaps", text!("未参加基本医疗保险", "Without basic medical insurance"), text!(
            "未参加基本医疗保险的成员人数，及有这样成员的户数",
            "Members without basic medical insurance, and the households with such a member")),
        d("unsafe_housing", text!("住房不安全", "Unsafe housing"), text!(
            "住房出现安全问题或住房安全等级为 C/D 级的户数",
            "Households whose housing is unsafe or graded C or D")),
        d("unsafe_water", text!("饮水不安全", "Unsafe drinking water"), text!(
            "饮水出现安全问题的户数",
            "Households whose drinking water is unsafe")),
        d("monitored", text!("监测对象", "Monitored households"), text!(
            "已确定监测对象类别且未标注风险消除的户数，按类别和风险类型分列（一户有几项风险就计入几项）",
            "Households with a monitored category and no risk marked eliminated, by category and by risk type (a household counts under each of its risks)")),
        d("lead_to_identification", text!("线索发现至识别天数", "Days from lead to identification"), text!(
            "同时记录了发现线索日期和识别监测时间的户，两者相差的天数：中位数（偶数个时取较小的中间值）和最大值",
            "For households with both a lead date and an identification date, the days between them: median (the lower middle value for an even count) and maximum")),
        d("development_measures", text!("开发式帮扶覆盖", "Development-measure coverage"), text!(
            "有劳动能力成员的监测对象户中，有产业、就业、金融或公益岗位等开发式帮扶措施的户数及比例；识别后超过政策规定月数仍没有的逐户列出",
            "Of monitored households with a member able to work, those with a development measure (industry, employment, finance, public-welfare job) and their share; those still without one after the policy's months since identification are listed")),
        d("measure_gaps", text!("风险缺少对应措施", "Risks without a matching measure"), text!(
            "监测对象户中，饮水、住房、因病、因学等风险没有对应帮扶措施的户（与手机上的一致性检查相同）",
            "Monitored households with a water, housing, illness or schooling risk (per policy) that has no matching measure (the same consistency check as on the phone)")),
        d("formerly_poor_workers", text!("脱贫劳动力务工", "Formerly poor workers in work"), text!(
            "脱贫户中计入家庭人口、有劳动能力（技能、普通、弱或半劳动力）的成员人数，及其中务工时间大于 0 的人数；与一年前的版本比较变化",
            "Members of formerly poor households counted in the household and able to work (skilled, ordinary, weak or half labour), and those with months in work; the change compares with the versions of a year ago")),
        d("relocated", text!("搬迁户就业", "Relocated households in work"), text!(
            "易地扶贫搬迁户中有劳动能力成员的户数，及其中至少一人务工的户数；目标为全部，没有的逐户列出",
            "Relocated households with a member able to work, and those where at least one member works; the goal is all of them, and the others are listed")),
        d("microcredit", text!("小额信贷", "Microcredit"), text!(
            "有金融帮扶（小额信贷）措施的户数、其中当天仍在贷款期内的户数，及这些措施的金额合计",
            "Households with a financial (microcredit) measure, those whose loan runs on the day, and the measures' total amount")),
        d("exits", text!("风险消除", "Risk eliminated"), text!(
            "已标注风险消除的户数，按帮扶消除和自然消除分列",
            "Households whose risk is marked eliminated, after assistance or naturally")),
        d("scale_alert", text!("规模性返贫预警", "Scale alert"), text!(
            "一个村在近期（政策规定天数，含当天）内新识别或新发现风险线索的户数占全村户数的比例达到政策阈值，且户数不少于政策规定的最少户数时预警",
            "A village alerts when the households identified or with a lead found within the policy's window (including the day) reach the policy's share of its households, and at least its minimum number")),
    ]
}
