//! The household as a whole: who is 户主 and 配偶, the same person twice, 联系电话, 所在地区, and the
//! guarantee flags that must agree with the members.
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::identity::person_key;
use super::member::is_compulsory_age_dropout;
use super::{member_field, Problem};
use crate::labels::Label;
use crate::model::{AreaCodeError, Household, Relation};
use crate::{text, Rules};

/// The first year the 统计用区划代码 set was published online; earlier years are typing errors.
const EARLIEST_CODE_YEAR: u16 = 2009;

pub(super) fn check(h: &Household, rules: &Rules, today: NaiveDate, out: &mut Vec<Problem>) {
    check_area(h, today, out);
    check_phone(&h.phone, out);
    if h.relocated && h.resettlement_site.trim().is_empty() {
        out.push(Problem::warning(
            "resettlement_site",
            "resettlement_site.missing",
            text!(
                "易地扶贫搬迁户请填写安置点",
                "Enter the resettlement site of a relocated household"
            ),
        ));
    }
    check_relations(h, out);
    check_same_person_twice(h, out);
    check_record_ids(h, out);
    check_flags(h, rules, today, out);
}

fn check_area(h: &Household, today: NaiveDate, out: &mut Vec<Problem>) {
    let code = h.area.code.trim();
    if code.is_empty() {
        out.push(Problem::error(
            "area.code",
            "area.code_missing",
            text!(
                "请填写所在地区的 12 位统计用区划代码",
                "Enter the 12-digit statistical area code of the village"
            ),
        ));
    } else {
        match code.parse::<crate::model::AreaCode>() {
            Err(e) => out.push(Problem::error(
                "area.code",
                "area.code_format",
                area_error(&e),
            )),
            Ok(parsed) => check_area_parts(parsed.as_str(), out),
        }
    }
    if h.area.name.trim().is_empty() {
        out.push(Problem::error(
            "area.name",
            "area.name_missing",
            text!(
                "请填写所在地区名称（省市县乡村）",
                "Enter the area name (province to village)"
            ),
        ));
    }
    let year = h.area.code_year;
    let this_year = u16::try_from(today.year()).unwrap_or(u16::MAX);
    if !(EARLIEST_CODE_YEAR..=this_year).contains(&year) {
        out.push(Problem::warning(
            "area.code_year",
            "area.code_year",
            text!(
                "区划代码年份 {year} 不合理，应为 {EARLIEST_CODE_YEAR}–{this_year} 年，填所用统计用区划代码的年份",
                "Area code year {year} is implausible; enter the year of the code set used ({EARLIEST_CODE_YEAR} to {this_year})"
            ),
        ));
    }
}

fn area_error(e: &AreaCodeError) -> crate::Text {
    match e {
        AreaCodeError::Length(n) => text!(
            "所在地区代码应为 12 位数字，这里是 {n} 位，请到村一级",
            "The area code has 12 digits, this one has {n}; enter the village's code"
        ),
        AreaCodeError::NotDigits => text!(
            "所在地区代码只能是数字",
            "The area code can only contain digits"
        ),
        AreaCodeError::NoProvince => text!(
            "所在地区代码前两位（省）不能是 00",
            "The area code cannot start with 00 (no province)"
        ),
    }
}

/// Township digits 7–9: 100–199 镇, 200–299 乡; others (街道 001–099, farms, development zones)
/// exist, so they are only questioned. A code ending in 000 names a township or county, not a
/// village.
fn check_area_parts(code: &str, out: &mut Vec<Problem>) {
    let (township, village) = (&code[6..9], &code[9..12]);
    if township == "000" || village == "000" {
        out.push(Problem::warning(
            "area.code",
            "area.not_village",
            text!(
                "所在地区代码 {code} 不是村一级代码（后几位为 000），请填写村（居）委会的代码",
                "Area code {code} is not a village's (it ends in 000); enter the village committee's code"
            ),
        ));
    } else if !matches!(township.as_bytes()[0], b'1' | b'2') {
        out.push(Problem::warning(
            "area.code",
            "area.township_kind",
            text!(
                "所在地区代码第 7–9 位为 {township}，不是镇（100–199）或乡（200–299）；如确为街道等，可保留",
                "Digits 7 to 9 of the area code are {township}, neither a town (100-199) nor a township (200-299); keep it if it is e.g. a subdistrict"
            ),
        ));
    }
}

/// 联系电话: a mobile number, 11 digits starting with 1. Empty is allowed (some households have
/// no phone) but asked about.
fn check_phone(phone: &str, out: &mut Vec<Problem>) {
    let phone = phone.trim();
    if phone.is_empty() {
        out.push(Problem::warning(
            "phone",
            "phone.missing",
            text!(
                "未填写联系电话；如该户有手机，请填写",
                "No phone number; enter one if the household has a mobile phone"
            ),
        ));
        return;
    }
    if !is_mobile_phone(phone) {
        out.push(Problem::error(
            "phone",
            "phone.format",
            text!(
                "联系电话应为以 1 开头的 11 位手机号码，请核对“{phone}”",
                "The phone number must be an 11-digit mobile number starting with 1; check \"{phone}\""
            ),
        ));
    }
}

/// A mobile number: 11 digits starting with 1.
pub fn is_mobile_phone(phone: &str) -> bool {
    phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())
}

/// At least one member, at least one counted; exactly one 户主; at most one 配偶, of the other sex.
fn check_relations(h: &Household, out: &mut Vec<Problem>) {
    if h.members.is_empty() {
        out.push(Problem::error(
            "members",
            "members.empty",
            text!(
                "请添加家庭成员（至少户主一人）",
                "Add the household members (at least the head)"
            ),
        ));
        return;
    }
    if h.size() == 0 {
        out.push(Problem::error(
            "members",
            "members.none_counted",
            text!(
                "家庭人口数为 0：至少一名成员应计入家庭人口",
                "Household size is 0: at least one member must be counted in the household"
            ),
        ));
    }
    let with = |r: Relation| {
        h.members
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.relation == r)
    };
    let heads: Vec<_> = with(Relation::Head).collect();
    if heads.is_empty() {
        out.push(Problem::error(
            "members",
            "relation.head_missing",
            text!(
                "没有户主：请把一名成员的与户主关系设为“户主”",
                "No head of household: set one member's relation to \"Head of household\""
            ),
        ));
    }
    for (i, _) in heads.iter().skip(1) {
        out.push(Problem::error(
            member_field(*i, "relation"),
            "relation.head_several",
            text!(
                "一户只能有一名户主，请修改该成员的与户主关系",
                "A household has only one head: change this member's relation to the head"
            ),
        ));
    }
    for (n, (i, spouse)) in with(Relation::Spouse).enumerate() {
        if n > 0 {
            out.push(Problem::error(
                member_field(i, "relation"),
                "relation.spouse_several",
                text!(
                    "一户只能有一名配偶，请修改该成员的与户主关系",
                    "A household has at most one spouse: change this member's relation to the head"
                ),
            ));
        }
        if heads
            .first()
            .is_some_and(|(_, head)| head.sex == spouse.sex)
        {
            out.push(Problem::error(
                member_field(i, "sex"),
                "relation.spouse_same_sex",
                text!(
                    "配偶与户主性别相同，请核对性别或与户主关系",
                    "The spouse has the same sex as the head of household; check Sex or the relation"
                ),
            ));
        }
    }
}

/// The same person (by ID number, old and new numbers alike) may be registered once.
fn check_same_person_twice(h: &Household, out: &mut Vec<Problem>) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, m) in h.members.iter().enumerate() {
        let Some(key) = person_key(m) else { continue };
        match first.get(&key) {
            Some(&j) => {
                let (n, other) = (j + 1, &h.members[j].name);
                out.push(Problem::error(
                    member_field(i, "id_number"),
                    "id_number.duplicate",
                    text!(
                        "证件号码与第 {n} 位成员（{other}）相同，同一人只能登记一次",
                        "The ID number is the same as member {n}'s ({other}); a person is registered once"
                    ),
                ));
            }
            None => {
                first.insert(key, i);
            }
        }
    }
}

/// Members, measures and visits are merged by id during sync, so ids must be unique in their list.
fn check_record_ids(h: &Household, out: &mut Vec<Problem>) {
    fn dupes<'a>(list: &str, ids: impl Iterator<Item = &'a str>, out: &mut Vec<Problem>) {
        let mut seen = std::collections::HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                out.push(Problem::error(
                    format!("{list}[{i}].id"),
                    "record.duplicate_id",
                    text!(
                        "记录编号“{id}”重复，请删除重复的记录后重新添加",
                        "Record id \"{id}\" is used twice; delete the duplicate and add it again"
                    ),
                ));
            }
        }
    }
    dupes("members", h.members.iter().map(|m| m.id.as_str()), out);
    dupes("measures", h.measures.iter().map(|m| m.id.as_str()), out);
    dupes("visits", h.visits.iter().map(|v| v.id.as_str()), out);
}

/// The 三保障 flags against what the record says elsewhere. The member-by-member direction of the
/// dropout and insurance flags is checked with each member.
fn check_flags(h: &Household, rules: &Rules, today: NaiveDate, out: &mut Vec<Problem>) {
    let g = &h.guarantees;
    if let Some(grade) = h.housing_grade {
        let label = grade.label();
        let (zh, en) = (&label.zh, &label.en);
        if grade.is_unsafe() && !g.housing_unsafe {
            out.push(Problem::warning(
                "guarantees.housing_unsafe",
                "housing.grade_not_flagged",
                text!(
                    "住房安全等级为“{zh}”，请勾选“住房出现安全问题”，或核对等级",
                    "The housing grade is \"{en}\": tick \"Housing unsafe\", or check the grade"
                ),
            ));
        }
        if !grade.is_unsafe() && g.housing_unsafe {
            out.push(Problem::warning(
                "guarantees.housing_unsafe",
                "housing.flag_with_safe_grade",
                text!(
                    "勾选了“住房出现安全问题”，但住房安全等级为“{zh}”，请核对",
                    "\"Housing unsafe\" is ticked but the housing grade is \"{en}\"; check both"
                ),
            ));
        }
    }
    if g.school_dropout
        && !h
            .members
            .iter()
            .any(|m| is_compulsory_age_dropout(m, rules, today))
    {
        out.push(Problem::warning(
            "guarantees.school_dropout",
            "school_dropout.no_member",
            text!(
                "勾选了“义务教育阶段适龄儿童少年失学辍学”，但没有义务教育年龄的成员在校生状况为失学辍学，请核对",
                "\"A child of compulsory-school age out of school\" is ticked, but no member of that age has School status \"Dropped out\"; check both"
            ),
        ));
    }
    if g.medical_insurance_gap && h.members.iter().all(|m| m.medical_insurance) {
        out.push(Problem::warning(
            "guarantees.medical_insurance_gap",
            "medical_insurance.no_member",
            text!(
                "勾选了“有家庭成员未参加基本医疗保险”，但每名成员都已参保，请核对",
                "\"A member without basic medical insurance\" is ticked, but every member is insured; check both"
            ),
        ));
    }
}

#[cfg(test)]
mod tests;
