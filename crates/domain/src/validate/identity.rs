//! A member's identity: 证件号码 by 证件类型, and the 出生日期 and 性别 it encodes.
use chrono::NaiveDate;

use super::{future_date, member_field, Problem};
use crate::id_number::{IdNumber, IdNumber15};
use crate::labels::Label;
use crate::model::{IdType, Member, Sex};
use crate::text;

/// Nobody is recorded older than this; an older birth date is a typing error.
const MAX_AGE: u32 = 120;

/// What a member's ID number says about them, once parsed.
struct Encoded {
    birth: NaiveDate,
    sex: Sex,
}

pub(super) fn check(i: usize, m: &Member, today: NaiveDate, out: &mut Vec<Problem>) {
    let field = member_field(i, "id_number");
    let encoded = match m.id_type {
        IdType::ResidentId => parse(&field, IdNumber::parse(&m.id_number), out, |id| Encoded {
            birth: id.birth_date(),
            sex: id.sex(),
        }),
        IdType::ResidentId15 => parse(&field, IdNumber15::parse(&m.id_number), out, |id| Encoded {
            birth: id.birth_date(),
            sex: id.sex(),
        }),
        IdType::HouseholdRegister | IdType::ResidencePermit | IdType::Other => {
            if m.id_number.trim().is_empty() {
                out.push(Problem::error(
                    &field,
                    "id_number.missing",
                    text!("请填写证件号码", "Enter the ID number"),
                ));
            }
            None
        }
    };
    if let Some(e) = &encoded {
        check_encoded(i, m, e, today, out);
    }
    check_birth_date(i, m, encoded.is_some(), today, out);
}

/// Reports a parse error on `field`; on success, what the number encodes.
fn parse<T>(
    field: &str,
    parsed: Result<T, crate::id_number::IdNumberError>,
    out: &mut Vec<Problem>,
    encoded: impl FnOnce(T) -> Encoded,
) -> Option<Encoded> {
    match parsed {
        Ok(id) => Some(encoded(id)),
        Err(e) => {
            out.push(Problem::error(field, e.code(), e.message()));
            None
        }
    }
}

/// The birth date and sex recorded must be the ones in the ID number.
fn check_encoded(i: usize, m: &Member, e: &Encoded, today: NaiveDate, out: &mut Vec<Problem>) {
    let birth = e.birth;
    if birth > today {
        out.push(Problem::error(
            member_field(i, "id_number"),
            "id_number.birth_in_future",
            text!(
                "证件号码中的出生日期 {birth} 晚于今天，请核对第 7–14 位",
                "The birth date {birth} in the ID number is after today; check digits 7 to 14"
            ),
        ));
    }
    if let Some(recorded) = m.birth_date {
        if recorded != birth {
            out.push(Problem::error(
                member_field(i, "birth_date"),
                "birth_date.mismatch",
                text!(
                    "出生日期 {recorded} 与证件号码中的 {birth} 不一致，请核对出生日期或证件号码",
                    "Date of birth {recorded} differs from {birth} in the ID number; check one of them"
                ),
            ));
        }
    }
    if m.sex != e.sex {
        let (recorded, encoded) = (m.sex.label(), e.sex.label());
        out.push(Problem::error(
            member_field(i, "sex"),
            "sex.mismatch",
            text!(
                "性别“{}”与证件号码（第 17 位）表示的“{}”不一致，请核对性别或证件号码",
                "Sex \"{}\" differs from \"{}\" given by the ID number (digit 17); check one of them",
                recorded.zh,
                encoded.zh
            ),
        ));
    }
}

fn check_birth_date(i: usize, m: &Member, has_id: bool, today: NaiveDate, out: &mut Vec<Problem>) {
    let field = member_field(i, "birth_date");
    let Some(birth) = m.birth_date else {
        let message = if has_id {
            text!(
                "请填写出生日期（可按证件号码第 7–14 位填写）",
                "Enter the date of birth (digits 7 to 14 of the ID number)"
            )
        } else {
            text!("请填写出生日期", "Enter the date of birth")
        };
        out.push(Problem::warning(field, "birth_date.missing", message));
        return;
    };
    if let Some(p) = future_date(&field, birth, today) {
        out.push(p);
    } else if today.years_since(birth).is_some_and(|age| age > MAX_AGE) {
        out.push(Problem::warning(
            field,
            "birth_date.implausible",
            text!(
                "出生日期 {birth} 表示年龄超过 {MAX_AGE} 岁，请核对",
                "Date of birth {birth} makes the member older than {MAX_AGE}; check it"
            ),
        ));
    }
}

/// The number that identifies the same person whatever the document type: an old 15-digit number
/// as its 18-digit successor, an 18-digit number with an upper-case X, any other number trimmed and
/// upper-cased. `None` when nothing was entered.
pub fn person_key(m: &Member) -> Option<String> {
    id_key(&m.id_number)
}

/// The person key (see [`person_key`]) of an ID number as written anywhere (an import, a
/// department's list).
pub fn id_key(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Ok(id) = IdNumber::parse(raw) {
        return Some(id.as_str().to_string());
    }
    if let Ok(old) = IdNumber15::parse(raw) {
        return Some(old.to_18().as_str().to_string());
    }
    Some(raw.to_uppercase())
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::super::fixture::*;
    use super::*;
    use crate::validate::Severity;

    #[test]
    fn baseline_members_have_valid_identities() {
        assert_eq!(found(&household()), vec![]);
    }

    #[rstest]
    #[case("", "id_number.missing")]
    #[case("52270119800301001", "id_number.length")]
    #[case("52270119800301O011", "id_number.not_digit")]
    #[case("52270119800301001Z", "id_number.check_char")]
    #[case("992701198003010011", "id_number.province")]
    #[case("522701198002300011", "id_number.birth_date")]
    fn a_malformed_resident_id_is_an_error(#[case] number: &str, #[case] code: &str) {
        let mut h = household();
        h.members[0].id_number = number.into();
        only(&h, "members[0].id_number", code, Severity::Error);
    }

    #[test]
    fn a_mistyped_digit_is_caught_by_the_check_character() {
        let mut h = household();
        let mut number = h.members[0].id_number.clone().into_bytes();
        number[16] = if number[16] == b'3' { b'5' } else { b'3' };
        h.members[0].id_number = String::from_utf8(number).unwrap();
        let p = only(
            &h,
            "members[0].id_number",
            "id_number.checksum",
            Severity::Error,
        );
        assert!(p.message.zh.contains("证件号码"));
    }

    #[test]
    fn lower_case_x_is_accepted() {
        let mut h = household();
        let x = (0..1000)
            .map(|seq| id18("1980-03-01", seq))
            .find(|n| n.ends_with('X') && n.as_bytes()[16] % 2 == 1)
            .unwrap();
        h.members[0].id_number = x.to_lowercase();
        assert_eq!(found(&h), vec![]);
    }

    #[test]
    fn an_old_15_digit_number_is_valid_with_the_old_document_type() {
        let mut h = household();
        let new = h.members[0].id_number.clone();
        h.members[0].id_number = format!("{}{}", &new[..6], &new[8..17]);
        only(
            &h,
            "members[0].id_number",
            "id_number.length",
            Severity::Error,
        );
        h.members[0].id_type = IdType::ResidentId15;
        assert_eq!(found(&h), vec![]);
    }

    #[test]
    fn a_15_digit_number_must_still_be_digits_and_a_date() {
        let mut h = household();
        h.members[0].id_type = IdType::ResidentId15;
        h.members[0].id_number = "522701800230011".into();
        only(
            &h,
            "members[0].id_number",
            "id_number.birth_date",
            Severity::Error,
        );
    }

    #[rstest]
    #[case(IdType::HouseholdRegister)]
    #[case(IdType::ResidencePermit)]
    #[case(IdType::Other)]
    fn other_documents_only_need_a_number(#[case] id_type: IdType) {
        let mut h = household();
        h.members[2].id_type = id_type;
        h.members[2].id_number = "户 0042".into();
        assert_eq!(found(&h), vec![]);
        h.members[2].id_number = "  ".into();
        only(
            &h,
            "members[2].id_number",
            "id_number.missing",
            Severity::Error,
        );
    }

    #[test]
    fn birth_date_differing_from_the_id_number_is_an_error() {
        let mut h = household();
        h.members[1].birth_date = Some(date("1982-07-16"));
        let p = only(
            &h,
            "members[1].birth_date",
            "birth_date.mismatch",
            Severity::Error,
        );
        assert!(p.message.zh.contains("1982-07-15"), "{}", p.message.zh);
    }

    #[test]
    fn sex_differing_from_the_id_number_is_an_error() {
        let mut h = household();
        h.members[2].sex = Sex::Male;
        let p = only(&h, "members[2].sex", "sex.mismatch", Severity::Error);
        assert!(p.message.zh.contains("“男”") && p.message.zh.contains("“女”"));
    }

    #[test]
    fn an_id_number_born_in_the_future_is_an_error() {
        let mut h = household();
        h.members[2].id_number = id18("2027-01-01", 22);
        h.members[2].birth_date = Some(date("2027-01-01"));
        let all = found(&h);
        assert!(all.contains(&(
            "members[2].id_number".into(),
            "id_number.birth_in_future".into()
        )));
        assert!(all.contains(&("members[2].birth_date".into(), "date.future".into())));
    }

    #[test]
    fn a_missing_birth_date_is_a_warning() {
        let mut h = household();
        h.members[0].birth_date = None;
        let p = only(
            &h,
            "members[0].birth_date",
            "birth_date.missing",
            Severity::Warning,
        );
        assert!(p.message.zh.contains("证件号码"));
    }

    #[test]
    fn a_birth_date_more_than_120_years_ago_is_a_warning() {
        let mut h = household();
        h.members[0].id_type = IdType::Other;
        h.members[0].birth_date = Some(date("1900-01-01"));
        only(
            &h,
            "members[0].birth_date",
            "birth_date.implausible",
            Severity::Warning,
        );
    }

    #[test]
    fn old_and_new_numbers_of_one_person_share_a_key() {
        let mut old = household().members[0].clone();
        let new = old.clone();
        old.id_number = format!("{}{}", &new.id_number[..6], &new.id_number[8..17]);
        assert_eq!(person_key(&old), person_key(&new));
        old.id_number = " ab12 ".into();
        assert_eq!(person_key(&old).as_deref(), Some("AB12"));
        old.id_number = String::new();
        assert_eq!(person_key(&old), None);
    }
}
