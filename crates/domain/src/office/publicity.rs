//! The village 公示 notice, for the villagers to see and object to, in two parts: who is proposed
//! for monitoring (identification, DOMAIN.md §7) and who is proposed for 风险消除 (exit, §9, whose
//! procedure has the same 公示). A notice must never show an ID number, phone number, bank account
//! or health status, so neither [`PublicityRow`] nor [`ExitPublicityRow`] has a field that could
//! hold one: each is built from the household field by field, never by copying the record.
//!
//! Names: 公示 exists so that neighbours can recognise a household and object, and notices in
//! practice show the 户主's full name; that is the default ([`NameDisplay::Full`]). Where a county
//! asks for masking, [`NameDisplay::Masked`] keeps the first and last character (张*明, 张*).
//! The risk types shown (因病, 因残, …) are the household's risk categories as the national notices
//! list them, not any member's 健康状况.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::review::earliest_end;
use crate::classify::classify;
use crate::model::{ExitMode, HouseholdType, MonitoredCategory, RiskType};
use crate::{text, Household, Policy, Text};

/// How the 户主's name is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameDisplay {
    /// The full name, as village notices show it.
    #[default]
    Full,
    /// The first and last character only: 张*明.
    Masked,
}

/// A village's 公示 notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityNotice {
    pub village_code: String,
    pub village_name: String,
    pub as_of: NaiveDate,
    pub names: NameDisplay,
    /// Households proposed for monitoring (识别).
    pub rows: Vec<PublicityRow>,
    /// Households proposed for 风险消除 (exit). Absent in notices from servers older than the
    /// exit procedure: read as none.
    #[serde(default)]
    pub exits: Vec<ExitPublicityRow>,
    /// What the notice leaves out, to print under it.
    pub note: Text,
}

/// One household on the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityRow {
    /// 户编号 in the national system, when known.
    pub household_number: String,
    /// 户主姓名, in full or masked.
    pub head_name: String,
    /// 家庭人口数.
    pub household_size: u32,
    pub household_type: HouseholdType,
    /// The category proposed: chosen by people, else suggested by the rules.
    pub category: Option<MonitoredCategory>,
    /// The risks proposed, the main one first: chosen, else suggested.
    pub risks: Vec<RiskType>,
    /// 公示 first day, and its last day (recorded, or planned from the policy's minimum days).
    pub publicity_start: NaiveDate,
    pub publicity_end: NaiveDate,
}

/// One household proposed for 风险消除 on the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitPublicityRow {
    /// 户编号 in the national system, when known.
    pub household_number: String,
    /// 户主姓名, in full or masked.
    pub head_name: String,
    /// 家庭人口数.
    pub household_size: u32,
    /// 风险消除方式 proposed: 帮扶消除 or 自然消除.
    pub mode: ExitMode,
    /// The risks to be eliminated, the main one first: chosen, else suggested.
    pub risks: Vec<RiskType>,
    /// 公示 first day, and its last day (recorded, or planned from the policy's minimum days
    /// for an exit's 公示).
    pub publicity_start: NaiveDate,
    pub publicity_end: NaiveDate,
}

/// `张小明` → `张*明`, `张三` → `张*`, `欧阳小明` → `欧**明`; one character stays as it is.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 | 1 => chars.iter().collect(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// The notice of `village` on `today`: households of that village whose 公示 — of their
/// identification, or of their exit — has begun and has not ended before today, and whose
/// procedure is not yet approved by the county (nor, for an exit, the risk marked eliminated).
pub fn publicity(
    households: &[Household],
    village: &str,
    names: NameDisplay,
    policy: &Policy,
    today: NaiveDate,
) -> PublicityNotice {
    let rules = policy
        .resolve(village.parse().ok().as_ref(), today.year())
        .rules;
    let in_village = || {
        households
            .iter()
            .filter(|h| h.area.code == village && !h.is_voided())
    };
    let head_name = |h: &Household| {
        let head = h.head().map(|m| m.name.as_str()).unwrap_or_default();
        match names {
            NameDisplay::Full => head.to_owned(),
            NameDisplay::Masked => mask_name(head),
        }
    };
    // Named after the households listed, as their records name it.
    let mut village_name = String::new();
    let mut rows: Vec<PublicityRow> = in_village()
        .filter(|h| h.monitoring.exit.is_none())
        .filter_map(|h| {
            let p = &h.monitoring.procedure;
            let (start, end) = period(
                [p.publicity_start, p.publicity_end, p.county_approval],
                rules.procedure.min_publicity_days,
                today,
            )?;
            if village_name.is_empty() {
                village_name.clone_from(&h.area.name);
            }
            let (category, risks) = proposed(h, policy, today);
            Some(PublicityRow {
                household_number: h.household_number.clone(),
                head_name: head_name(h),
                household_size: h.size(),
                household_type: h.household_type,
                category,
                risks,
                publicity_start: start,
                publicity_end: end,
            })
        })
        .collect();
    let mut exits: Vec<ExitPublicityRow> = in_village()
        .filter_map(|h| {
            let p = h.monitoring.open_exit_procedure()?;
            let (start, end) = period(
                [p.publicity_start, p.publicity_end, p.county_approval],
                rules.exit.min_publicity_days,
                today,
            )?;
            if village_name.is_empty() {
                village_name.clone_from(&h.area.name);
            }
            Some(ExitPublicityRow {
                household_number: h.household_number.clone(),
                head_name: head_name(h),
                household_size: h.size(),
                mode: p.mode,
                risks: proposed(h, policy, today).1,
                publicity_start: start,
                publicity_end: end,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.publicity_start, &a.household_number, &a.head_name).cmp(&(
            b.publicity_start,
            &b.household_number,
            &b.head_name,
        ))
    });
    exits.sort_by(|a, b| {
        (a.publicity_start, &a.household_number, &a.head_name).cmp(&(
            b.publicity_start,
            &b.household_number,
            &b.head_name,
        ))
    });
    PublicityNotice {
        village_code: village.to_owned(),
        village_name,
        as_of: today,
        names,
        rows,
        exits,
        note: text!(
            "按规定，公示不含身份证件号码、联系电话、银行账号和健康状况等个人信息。公示期内如有异议，请向村委会或乡镇反映。",
            "As required, the notice shows no ID number, phone number, bank account or health status. Objections during the notice period go to the village committee or the township."
        ),
    }
}

/// The 公示 period to list for a procedure whose 公示 start, end and county approval are
/// `[start, end, approved]`: none before its 公示 began, after it ended (before `today`) or once
/// the county approved; else its first day and its last (recorded, or planned `min_days` long).
fn period(
    [start, end, approved]: [Option<NaiveDate>; 3],
    min_days: u32,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let start = start?;
    if approved.is_some() || end.is_some_and(|e| e < today) {
        return None;
    }
    let planned = earliest_end(start, min_days).unwrap_or(start);
    Some((start, end.unwrap_or(planned)))
}

/// The category and risks proposed: those people chose, else those the rules suggest.
fn proposed(
    h: &Household,
    policy: &Policy,
    today: NaiveDate,
) -> (Option<MonitoredCategory>, Vec<RiskType>) {
    let m = &h.monitoring;
    if m.category.is_some() && !m.risks.is_empty() {
        return (m.category, m.risks.iter().map(|r| r.kind).collect());
    }
    let c = classify(h, policy, today);
    let risks = if m.risks.is_empty() {
        c.suggested_risks.iter().map(|r| r.kind).collect()
    } else {
        m.risks.iter().map(|r| r.kind).collect()
    };
    (m.category.or(c.suggested_category), risks)
}
