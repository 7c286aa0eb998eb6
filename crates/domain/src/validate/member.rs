//! One member's record: name, schooling, work, labour skill, disability and the guarantee flags
//! that depend on them.
use chrono::NaiveDate;

use super::{member_field, Problem};
use crate::limits::{DISABILITY_GRADES, WORK_MONTHS};
use crate::model::{Household, LabourSkill, Member, SchoolStage};
use crate::{text, Rules};

/// From this age on a member is either in school or has an education level.
const SCHOOLING_RECORDED_FROM_AGE: u32 = 3;

pub(super) fn check(
    i: usize,
    m: &Member,
    h: &Household,
    rules: &Rules,
    today: NaiveDate,
    out: &mut Vec<Problem>,
) {
    let field = |f: &str| member_field(i, f);
    let age = m.age_on(today);
    if m.name.trim().is_empty() {
        out.push(Problem::error(
            field("name"),
            "name.missing",
            text!("请填写姓名", "Enter the member's name"),
        ));
    }
    match (m.education, m.school_stage) {
        (Some(_), Some(_)) => out.push(Problem::error(
            field("school_stage"),
            "school.both_recorded",
            text!(
                "文化程度和在校生状况只能填一项：在校生（含失学辍学）填在校生状况，其他人填文化程度",
                "Fill in either Education or School status, not both: School status for pupils and dropouts, Education for everyone else"
            ),
        )),
        (None, None) if age.is_some_and(|a| a >= SCHOOLING_RECORDED_FROM_AGE) => {
            out.push(Problem::warning(
                field("education"),
                "school.none_recorded",
                text!(
                    "请填写文化程度（不在校）或在校生状况（在校）",
                    "Fill in Education (not in school) or School status (in school)"
                ),
            ))
        }
        _ => {}
    }
    check_work(i, m, out);
    check_labour(i, m, rules, age, out);
    check_disability(i, m, out);
    if is_compulsory_age_dropout(m, rules, today) && !h.guarantees.school_dropout {
        out.push(Problem::warning(
            field("school_stage"),
            "school_dropout.not_flagged",
            text!(
                "义务教育阶段适龄成员失学辍学，请勾选“义务教育阶段适龄儿童少年失学辍学”，或核对在校生状况",
                "A member of compulsory-school age dropped out: tick \"A child of compulsory-school age out of school\", or check School status"
            ),
        ));
    }
    if !m.medical_insurance && !h.guarantees.medical_insurance_gap {
        out.push(Problem::warning(
            field("medical_insurance"),
            "medical_insurance.not_flagged",
            text!(
                "该成员未参加基本医疗保险，请勾选“有家庭成员未参加基本医疗保险”，或核对参保情况",
                "This member has no basic medical insurance: tick \"A member without basic medical insurance\", or check the insurance"
            ),
        ));
    }
}

/// 务工所在地 is filled in exactly when 务工时间 is above zero, and 务工时间 is at most 12 months.
fn check_work(i: usize, m: &Member, out: &mut Vec<Problem>) {
    let has_place = !m.work_place.trim().is_empty();
    if has_place && m.work_months == 0 {
        out.push(Problem::error(
            member_field(i, "work_months"),
            "work.months_missing",
            text!(
                "填写了务工所在地，请填写务工时间（月）；没有务工请清空务工所在地",
                "A place of work is given: enter the months in work, or clear the place of work"
            ),
        ));
    }
    if !has_place && m.work_months > 0 {
        out.push(Problem::error(
            member_field(i, "work_place"),
            "work.place_missing",
            text!(
                "填写了务工时间，请填写务工所在地",
                "Months in work are given: enter the place of work"
            ),
        ));
    }
    if !WORK_MONTHS.contains(&m.work_months) {
        let months = m.work_months;
        out.push(Problem::error(
            member_field(i, "work_months"),
            "work.months_range",
            text!(
                "务工时间 {months} 个月超过一年，应为 0–12 个月",
                "Months in work ({months}) exceed a year; enter 0 to 12"
            ),
        ));
    }
}

fn check_labour(i: usize, m: &Member, rules: &Rules, age: Option<u32>, out: &mut Vec<Problem>) {
    let Some(age) = age else { return };
    let ages = &rules.members;
    let (min, max) = (ages.working_age_min, ages.working_age_max);
    let student = m.school_stage.is_some_and(|s| s != SchoolStage::DroppedOut);
    if (min..=max).contains(&age)
        && m.health.is_healthy()
        && !student
        && m.labour == LabourSkill::None
    {
        out.push(Problem::warning(
            member_field(i, "labour"),
            "labour.healthy_adult_without_labour",
            text!(
                "{age} 岁、健康、不在校，却登记为无劳动力；请核对劳动技能或健康状况",
                "Aged {age}, healthy and not in school, yet recorded with no labour capacity; check Labour skill or Health"
            ),
        ));
    }
    if age < min && (m.labour.can_work() || m.in_work()) {
        out.push(Problem::warning(
            member_field(i, "labour"),
            "labour.child_worker",
            text!(
                "{age} 岁未满 {min} 岁，却登记为劳动力或有务工；请核对出生日期、劳动技能和务工信息",
                "Aged {age}, under {min}, yet recorded as able to work or in work; check Date of birth, Labour skill and work"
            ),
        ));
    }
}

/// 残疾等级 is 1 to 4, and only for a disabled member.
fn check_disability(i: usize, m: &Member, out: &mut Vec<Problem>) {
    let Some(grade) = m.health.disability_grade else {
        return;
    };
    let field = member_field(i, "health.disability_grade");
    if !DISABILITY_GRADES.contains(&grade) {
        out.push(Problem::error(
            field,
            "disability.grade_range",
            text!(
                "残疾等级 {grade} 无效，应为 1–4 级",
                "Disability grade {grade} does not exist; enter 1 to 4"
            ),
        ));
    } else if !m.health.disabled {
        out.push(Problem::error(
            field,
            "disability.grade_without_disability",
            text!(
                "填写了残疾等级，请在健康状况中勾选“残疾”，或清空残疾等级",
                "A disability grade is given: tick Disability under Health, or clear the grade"
            ),
        ));
    }
}

/// A member who dropped out of school and is of compulsory-school age (or of unknown age, so the
/// worker is asked rather than the case missed).
pub(crate) fn is_compulsory_age_dropout(m: &Member, rules: &Rules, today: NaiveDate) -> bool {
    let ages = &rules.members;
    m.school_stage == Some(SchoolStage::DroppedOut)
        && m.age_on(today).is_none_or(|a| {
            (ages.compulsory_school_age_min..=ages.compulsory_school_age_max).contains(&a)
        })
}

#[cfg(test)]
mod tests;
