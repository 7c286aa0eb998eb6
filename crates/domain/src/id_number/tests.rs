use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rstest::rstest;

use super::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A valid number from its parts, with the check character computed.
fn valid(area: &str, birth: &str, seq: &str) -> String {
    let first17 = format!("{area}{birth}{seq}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

#[rstest]
// The example number of GB 11643-1999.
#[case("11010519491231002X", "1949-12-31", Sex::Female)]
#[case("11010519491231002x", "1949-12-31", Sex::Female)]
#[case(" 522701197804120236 ", "1978-04-12", Sex::Male)]
#[case("52232719520319067X", "1952-03-19", Sex::Male)]
#[case("522701200002290262", "2000-02-29", Sex::Female)]
fn valid_numbers_give_birth_date_and_sex(
    #[case] input: &str,
    #[case] birth: &str,
    #[case] sex: Sex,
) {
    let id = IdNumber::parse(input).unwrap();
    assert_eq!(id.birth_date(), date(birth));
    assert_eq!(id.sex(), sex);
    assert_eq!(id.as_str(), input.trim().to_uppercase());
    assert_eq!(id.area_prefix(), &input.trim()[..6]);
}

#[test]
fn lower_case_x_is_stored_as_upper_case() {
    let id = IdNumber::parse("11010519491231002x").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.to_string(), "11010519491231002X");
}

#[rstest]
#[case("", IdNumberError::Empty)]
#[case("   ", IdNumberError::Empty)]
#[case("52270119780412023", IdNumberError::Length { expected: 18, got: 17 })]
#[case("5227011978041202366", IdNumberError::Length { expected: 18, got: 19 })]
#[case("522701780412023", IdNumberError::Length { expected: 18, got: 15 })]
#[case("52270119780412O236", IdNumberError::NotDigit { position: 15, found: 'O' })]
#[case("５22701197804120236", IdNumberError::NotDigit { position: 1, found: '５' })]
#[case("52270119780412023Y", IdNumberError::BadCheckChar { found: 'Y' })]
#[case("002701197804120236", IdNumberError::UnknownProvince { code: "00".into() })]
#[case("992701197804120236", IdNumberError::UnknownProvince { code: "99".into() })]
#[case("522701197802300236", IdNumberError::BadDate { digits: "19780230".into() })]
#[case("522701197813120236", IdNumberError::BadDate { digits: "19781312".into() })]
#[case("522701190002290236", IdNumberError::BadDate { digits: "19000229".into() })]
#[case("522701189912310236", IdNumberError::BadDate { digits: "18991231".into() })]
// The example of GB 11643-1999 itself: nobody living was born in 1880.
#[case("440524188001010014", IdNumberError::BadDate { digits: "18800101".into() })]
#[case("522701197804120237", IdNumberError::Checksum { expected: '6', found: '7' })]
#[case("110105194912310021", IdNumberError::Checksum { expected: 'X', found: '1' })]
fn invalid_numbers_say_what_is_wrong(#[case] input: &str, #[case] error: IdNumberError) {
    assert_eq!(IdNumber::parse(input), Err(error));
}

#[test]
fn a_15_digit_number_on_the_18_digit_type_suggests_the_old_document_type() {
    let e = IdNumber::parse("522701780412023").unwrap_err();
    assert!(
        e.message().zh.contains("旧版居民身份证"),
        "{}",
        e.message().zh
    );
    assert!(
        e.message().en.contains("Old resident ID (15 digits)"),
        "{}",
        e.message().en
    );
}

#[test]
fn checksum_message_asks_for_every_digit_and_names_no_last_digit() {
    let e = IdNumber::parse("522701197804120237").unwrap_err();
    assert_eq!(e.code(), "id_number.checksum");
    let m = e.message();
    assert!(m.zh.contains("逐位核对全部 18 位"), "{}", m.zh);
    assert!(m.en.contains("Compare every character"), "{}", m.en);
    // The expected check character (6) would invite typing it over the last one.
    assert!(
        !m.zh.contains('6') && !m.en.contains('6'),
        "{} / {}",
        m.zh,
        m.en
    );
}

#[rstest]
#[case("5227 0119 7804 1202 36", "522701197804120236")]
#[case("５２２７０１１９７８０４１２０２３６", "522701197804120236")]
#[case("11010519491231002x", "11010519491231002X")]
#[case("11010519491231002ｘ", "11010519491231002X")]
#[case("\u{3000}110105 19491231 002Ｘ\t", "11010519491231002X")]
#[case("52270119780412O236", "52270119780412O236")]
fn tidy_drops_spaces_and_makes_full_width_and_lower_case_plain(
    #[case] typed: &str,
    #[case] tidied: &str,
) {
    assert_eq!(tidy(typed), tidied);
}

#[test]
fn a_tidied_paste_parses_to_the_same_number() {
    let id = IdNumber::parse(&tidy("１１０１０５ １９４９１２３１ ００２ｘ")).unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
}

#[rstest]
#[case("522701780412023", "1978-04-12", Sex::Male, "522701197804120236")]
#[case("110105491231002", "1949-12-31", Sex::Female, "11010519491231002X")]
fn old_15_digit_numbers_give_birth_date_sex_and_the_new_number(
    #[case] input: &str,
    #[case] birth: &str,
    #[case] sex: Sex,
    #[case] new: &str,
) {
    let old = IdNumber15::parse(input).unwrap();
    assert_eq!(old.birth_date(), date(birth));
    assert_eq!(old.sex(), sex);
    assert_eq!(old.area_prefix(), &input[..6]);
    assert_eq!(old.as_str(), input);
    assert_eq!(old.to_18(), IdNumber::parse(new).unwrap());
}

#[rstest]
#[case("", IdNumberError::Empty)]
#[case("52270178041202", IdNumberError::Length { expected: 15, got: 14 })]
#[case("522701197804120236", IdNumberError::Length { expected: 15, got: 18 })]
#[case("52270178041202X", IdNumberError::NotDigit { position: 15, found: 'X' })]
#[case("002701780412023", IdNumberError::UnknownProvince { code: "00".into() })]
#[case("522701780231023", IdNumberError::BadDate { digits: "19780231".into() })]
fn invalid_old_numbers_say_what_is_wrong(#[case] input: &str, #[case] error: IdNumberError) {
    assert_eq!(IdNumber15::parse(input), Err(error));
}

#[rstest]
#[case("1101051949123100", None)]
#[case("110105194912310021", None)]
#[case("1101051949123100a", None)]
#[case("11010519491231002", Some('X'))]
#[case("52270119780412023", Some('6'))]
fn check_char_needs_exactly_17_digits(#[case] first17: &str, #[case] check: Option<char>) {
    assert_eq!(check_char(first17), check);
}

#[test]
fn serde_refuses_an_invalid_number_and_keeps_a_valid_one() {
    let id: IdNumber = serde_json::from_str("\"11010519491231002x\"").unwrap();
    assert_eq!(
        serde_json::to_string(&id).unwrap(),
        "\"11010519491231002X\""
    );
    assert!(serde_json::from_str::<IdNumber>("\"110105194912310021\"").is_err());
    let old: IdNumber15 = serde_json::from_str("\"522701780412023\"").unwrap();
    assert_eq!(serde_json::to_string(&old).unwrap(), "\"522701780412023\"");
}

#[test]
fn every_error_has_a_message_in_both_languages() {
    let errors = [
        IdNumberError::Empty,
        IdNumberError::Length {
            expected: 18,
            got: 3,
        },
        IdNumberError::Length {
            expected: 18,
            got: 15,
        },
        IdNumberError::NotDigit {
            position: 3,
            found: 'a',
        },
        IdNumberError::BadCheckChar { found: 'Y' },
        IdNumberError::UnknownProvince { code: "99".into() },
        IdNumberError::BadDate {
            digits: "19780230".into(),
        },
        IdNumberError::Checksum {
            expected: 'X',
            found: '1',
        },
    ];
    for e in errors {
        let m = e.message();
        assert!(
            m.zh.contains("证件号码") || m.zh.contains("身份证号"),
            "{}",
            m.zh
        );
        assert!(m.en.contains("ID number"), "{}", m.en);
        assert!(e.code().starts_with("id_number."));
    }
}

fn province() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(PROVINCES.to_vec())
}

/// The first 17 digits of a valid number, with the birth date and sex they encode.
fn first17() -> impl Strategy<Value = (String, NaiveDate, Sex)> {
    let earliest = date("1900-01-01");
    (province(), 0u32..10_000, 0i64..73_000, 0u32..1000).prop_map(
        move |(province, rest, days, seq)| {
            let birth = earliest + Duration::days(days);
            let digits = format!("{province}{rest:04}{}{seq:03}", birth.format("%Y%m%d"));
            let sex = if seq % 2 == 1 { Sex::Male } else { Sex::Female };
            (digits, birth, sex)
        },
    )
}

proptest! {
    #[test]
    fn valid_numbers_round_trip_birth_date_and_sex((digits, birth, sex) in first17()) {
        let number = valid(&digits[..6], &digits[6..14], &digits[14..]);
        let id = IdNumber::parse(&number).unwrap();
        prop_assert_eq!(id.birth_date(), birth);
        prop_assert_eq!(id.sex(), sex);
        prop_assert_eq!(id.as_str(), number.as_str());
        prop_assert_eq!(IdNumber::parse(&number.to_lowercase()), Ok(id));
    }

    #[test]
    fn any_single_character_change_is_refused(
        (digits, _, _) in first17(),
        position in 0usize..18,
        replacement in proptest::sample::select(b"0123456789X".to_vec()),
    ) {
        let number = valid(&digits[..6], &digits[6..14], &digits[14..]);
        let mut changed = number.clone().into_bytes();
        prop_assume!(changed[position] != replacement);
        prop_assume!(position == 17 || replacement != b'X');
        changed[position] = replacement;
        let changed = String::from_utf8(changed).unwrap();
        let result = IdNumber::parse(&changed);
        prop_assert!(result.is_err(), "{} accepted after changing {}", changed, number);
        // A change that leaves a real date and a province is caught by the check character.
        if let Err(e) = result {
            prop_assert!(matches!(
                e,
                IdNumberError::Checksum { .. }
                    | IdNumberError::BadDate { .. }
                    | IdNumberError::UnknownProvince { .. }
            ), "{:?}", e);
        }
    }

    #[test]
    fn old_numbers_round_trip_and_upgrade((digits, birth, sex) in first17()) {
        prop_assume!(birth.format("%Y").to_string().starts_with("19"));
        let old = format!("{}{}", &digits[..6], &digits[8..]);
        let parsed = IdNumber15::parse(&old).unwrap();
        prop_assert_eq!(parsed.birth_date(), birth);
        prop_assert_eq!(parsed.sex(), sex);
        let new = parsed.to_18();
        prop_assert_eq!(new.birth_date(), birth);
        prop_assert_eq!(new.sex(), sex);
        prop_assert_eq!(&new.as_str()[..17], digits.as_str());
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".*") {
        let _ = IdNumber::parse(&s).map(|id| id.birth_date());
        let _ = IdNumber15::parse(&s).map(|id| id.sex());
        let _ = check_char(&s);
    }

    #[test]
    fn arbitrary_text_of_the_right_length_never_panics(
        s in "[0-9xX\u{4e00}-\u{4e10}\u{1F600}a ]{15,18}"
    ) {
        if let Err(e) = IdNumber::parse(&s) {
            let _ = e.message();
        }
        if let Err(e) = IdNumber15::parse(&s) {
            let _ = e.message();
        }
    }
}
