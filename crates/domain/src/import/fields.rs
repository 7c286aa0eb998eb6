//! The columns an import writes into the record, each with how its cell sets the field: the
//! inverse of the export's columns ([`crate::office::export`]). A setter only ever gets a cell
//! with something in it — an empty cell changes nothing — and answers the message of a cell it
//! cannot read.
//!
//! The export's other columns are read elsewhere or only checked: 记录编号, 户编号 and 户主证件号码
//! match a household ([`super::plan`]), 户主姓名 is checked against the 户主, 家庭人口数 against the
//! members, and the figures computed from the record (家庭纯收入, 人均纯收入) and the list of
//! 帮扶措施 (which needs each measure's dates) are not imported.
use super::cell::{count, date, label, money, yes_no};
use crate::model::{
    DisasterKind, Education, HouseholdType, HousingGrade, IdType, LabourSkill, MonitoredCategory,
    Relation, Risk, RiskType, SchoolStage, Sex,
};
use crate::{text, Household, Money, Text};

/// One column: its key (a [`crate::labels::FIELD_NAMES`] key) and how a cell sets the field.
pub(super) struct Field<T> {
    pub key: &'static str,
    pub set: fn(&mut T, &str) -> Result<(), Text>,
}

fn amount(field: &mut Money, s: &str) -> Result<(), Text> {
    *field = money(s)?;
    Ok(())
}

fn flag(field: &mut bool, s: &str) -> Result<(), Text> {
    *field = yes_no(s)?;
    Ok(())
}

/// One risk as a cell names it: `因病`, or a natural disaster with its kind, `因自然灾害（洪涝）`
/// (also `(洪涝)`, `-洪涝`, `：洪涝`).
fn risk(part: &str) -> Result<(RiskType, Option<DisasterKind>), Text> {
    let (kind, sub) = match part.find(['（', '(', '-', '：', ':']) {
        Some(i) => {
            let rest = part[i..].trim_start_matches(['（', '(', '-', '：', ':']);
            (&part[..i], Some(rest.trim_end_matches(['）', ')']).trim()))
        }
        None => (part, None),
    };
    let kind = label(&RiskType::ALL, kind)?;
    let sub = sub
        .filter(|s| !s.is_empty())
        .map(|s| label(&DisasterKind::ALL, s))
        .transpose()?;
    Ok((kind, sub))
}

/// The risks as listed; a risk already recorded keeps what the list does not say (its kind of
/// disaster, the day it was resolved).
fn risks(h: &mut Household, s: &str) -> Result<(), Text> {
    let listed = s
        .split(['、', ',', '，', ';', '；', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(risk)
        .collect::<Result<Vec<_>, Text>>()?;
    let current = &h.monitoring.risks;
    h.monitoring.risks = listed
        .into_iter()
        .map(|(kind, sub)| {
            let mut r = current
                .iter()
                .find(|r| r.kind == kind)
                .cloned()
                .unwrap_or(Risk {
                    kind,
                    disaster_kind: None,
                    resolved_on: None,
                });
            if sub.is_some() {
                r.disaster_kind = sub;
            }
            r
        })
        .collect();
    Ok(())
}

/// 灾害类型, for the household's natural-disaster risk (a column some templates have).
fn disaster_kind(h: &mut Household, s: &str) -> Result<(), Text> {
    let kind = label(&DisasterKind::ALL, s)?;
    match h
        .monitoring
        .risks
        .iter_mut()
        .find(|r| r.kind == RiskType::NaturalDisaster)
    {
        Some(r) => {
            r.disaster_kind = Some(kind);
            Ok(())
        }
        None => Err(text!(
            "填写了灾害类型，但风险中没有“因自然灾害”",
            "A kind of disaster is given, but the risks do not include a natural disaster"
        )),
    }
}

#[rustfmt::skip]
pub(super) const HOUSEHOLD: &[Field<Household>] = &[
    Field { key: "household_number", set: |h, s| { h.household_number = s.to_owned(); Ok(()) } },
    Field { key: "area.code", set: |h, s| { h.area.code = s.to_owned(); Ok(()) } },
    Field { key: "area.name", set: |h, s| { h.area.name = s.to_owned(); Ok(()) } },
    Field { key: "address", set: |h, s| { h.address = s.to_owned(); Ok(()) } },
    Field { key: "phone", set: |h, s| { h.phone = s.to_owned(); Ok(()) } },
    Field { key: "household_type", set: |h, s| { h.household_type = label(&HouseholdType::ALL, s)?; Ok(()) } },
    Field { key: "relocated", set: |h, s| flag(&mut h.relocated, s) },
    Field { key: "resettlement_site", set: |h, s| { h.resettlement_site = s.to_owned(); Ok(()) } },
    Field { key: "housing_grade", set: |h, s| { h.housing_grade = Some(label(&HousingGrade::ALL, s)?); Ok(()) } },
    Field { key: "guarantees.food_clothing_insecure", set: |h, s| flag(&mut h.guarantees.food_clothing_insecure, s) },
    Field { key: "guarantees.housing_unsafe", set: |h, s| flag(&mut h.guarantees.housing_unsafe, s) },
    Field { key: "guarantees.school_dropout", set: |h, s| flag(&mut h.guarantees.school_dropout, s) },
    Field { key: "guarantees.medical_insurance_gap", set: |h, s| flag(&mut h.guarantees.medical_insurance_gap, s) },
    Field { key: "guarantees.water_unsafe", set: |h, s| flag(&mut h.guarantees.water_unsafe, s) },
    Field { key: "income.wages", set: |h, s| amount(&mut h.income.wages, s) },
    Field { key: "income.business", set: |h, s| amount(&mut h.income.business, s) },
    Field { key: "income.property", set: |h, s| amount(&mut h.income.property, s) },
    Field { key: "income.transfers", set: |h, s| amount(&mut h.income.transfers, s) },
    Field { key: "income.production_costs", set: |h, s| amount(&mut h.income.production_costs, s) },
    Field { key: "income.insurance_claims", set: |h, s| amount(&mut h.income.insurance_claims, s) },
    Field { key: "income.spending.medical", set: |h, s| amount(&mut h.income.spending.medical, s) },
    Field { key: "income.spending.education", set: |h, s| amount(&mut h.income.spending.education, s) },
    Field { key: "monitoring.category", set: |h, s| { h.monitoring.category = Some(label(&MonitoredCategory::ALL, s)?); Ok(()) } },
    Field { key: "monitoring.risks", set: risks },
    Field { key: "monitoring.risks.disaster_kind", set: disaster_kind },
    Field { key: "monitoring.identified_on", set: |h, s| { h.monitoring.identified_on = Some(date(s)?); Ok(()) } },
    Field { key: "monitoring.helper", set: |h, s| { h.monitoring.helper = s.to_owned(); Ok(()) } },
    Field { key: "monitoring.procedure.lead_found", set: |h, s| { h.monitoring.procedure.lead_found = Some(date(s)?); Ok(()) } },
    Field { key: "monitoring.procedure.county_approval", set: |h, s| { h.monitoring.procedure.county_approval = Some(date(s)?); Ok(()) } },
];

/// Household columns read but not written by a setter.
pub(super) const HOUSEHOLD_READ: &[&str] = &[
    "id",
    "head_name",
    "head_id_number",
    "household_size",
    "net_income",
    "per_capita_net_income",
    "measures",
    "monitoring.exit.mode",
    "monitoring.exit.date",
];

/// 健康状况 as the export writes it: 健康, or the conditions joined (长期慢性病、残疾).
fn health(m: &mut crate::model::Member, s: &str) -> Result<(), Text> {
    let mut parts: Vec<&str> = s
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut take = |words: &[&str]| {
        let before = parts.len();
        parts.retain(|p| !words.contains(p));
        parts.len() != before
    };
    let healthy = take(&["健康"]);
    let chronic = take(&["长期慢性病", "慢性病"]);
    let serious = take(&["患有大病", "大病"]);
    let disabled = take(&["残疾"]);
    if let Some(other) = parts.first() {
        return Err(text!(
            "健康状况“{other}”应为 健康、长期慢性病、患有大病 或 残疾（可用“、”组合）",
            "Health \"{other}\" should be 健康 (healthy), 长期慢性病, 患有大病 or 残疾, joined with 、"
        ));
    }
    if healthy && (chronic || serious || disabled) {
        return Err(text!(
            "“健康”不能与疾病或残疾同时填写",
            "健康 (healthy) cannot be combined with an illness or disability"
        ));
    }
    m.health.chronic_illness = chronic;
    m.health.serious_illness = serious;
    m.health.disabled = disabled;
    Ok(())
}

#[rustfmt::skip]
pub(super) const MEMBER: &[Field<crate::model::Member>] = &[
    Field { key: "members.name", set: |m, s| { m.name = s.to_owned(); Ok(()) } },
    Field { key: "members.id_type", set: |m, s| { m.id_type = label(&IdType::ALL, s)?; Ok(()) } },
    Field { key: "members.id_number", set: |m, s| { m.id_number = s.to_owned(); Ok(()) } },
    Field { key: "members.sex", set: |m, s| { m.sex = label(&Sex::ALL, s)?; Ok(()) } },
    Field { key: "members.birth_date", set: |m, s| { m.birth_date = Some(date(s)?); Ok(()) } },
    Field { key: "members.relation", set: |m, s| { m.relation = label(&Relation::ALL, s)?; Ok(()) } },
    Field { key: "members.education", set: |m, s| { m.education = Some(label(&Education::ALL, s)?); Ok(()) } },
    Field { key: "members.school_stage", set: |m, s| { m.school_stage = Some(label(&SchoolStage::ALL, s)?); Ok(()) } },
    Field { key: "members.health", set: health },
    Field { key: "members.health.disability_grade", set: |m, s| { m.health.disability_grade = Some(count(s, 4)?).filter(|g| *g > 0); Ok(()) } },
    Field { key: "members.labour", set: |m, s| { m.labour = label(&LabourSkill::ALL, s)?; Ok(()) } },
    Field { key: "members.work_place", set: |m, s| { m.work_place = s.to_owned(); Ok(()) } },
    Field { key: "members.work_months", set: |m, s| { m.work_months = count(s, 12)?; Ok(()) } },
    Field { key: "members.medical_insurance", set: |m, s| flag(&mut m.medical_insurance, s) },
    Field { key: "members.pension_insurance", set: |m, s| flag(&mut m.pension_insurance, s) },
    Field { key: "members.dibao", set: |m, s| flag(&mut m.dibao, s) },
    Field { key: "members.tekun", set: |m, s| flag(&mut m.tekun, s) },
    Field { key: "members.counted", set: |m, s| flag(&mut m.counted, s) },
];

/// Member-sheet columns read but not written by a setter: the household it belongs to, and the
/// member's record id.
pub(super) const MEMBER_READ: &[&str] = &[
    "household_id",
    "household_number",
    "area.code",
    "head_name",
    "members.id",
];

/// A new member must say these (an existing one keeps what the file leaves empty); 性别 may
/// come from a valid 居民身份证号 instead.
pub(super) const MEMBER_REQUIRED: &[&str] = &[
    "members.name",
    "members.sex",
    "members.relation",
    "members.labour",
];
