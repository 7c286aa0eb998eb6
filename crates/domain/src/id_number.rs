//! 居民身份证号 (citizen identity numbers) after GB 11643-1999.
//!
//! An 18-character number is 6 digits of area, the birth date as `YYYYMMDD`, a 3-digit sequence
//! whose last digit is odd for men, and a check character computed with ISO 7064 MOD 11-2.
//! Old 15-digit numbers (first generation cards) have a 2-digit year of the 1900s and no check
//! character; [`IdNumber15::to_18`] gives the number the same person holds today.
//!
//! [`IdNumber`] and [`IdNumber15`] can only hold a number that passed these checks. Whether the
//! birth date lies in the future depends on the day, so [`crate::validate`] checks that.
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Sex;
use crate::{text, Text};

/// Weights of the first 17 digits in ISO 7064 MOD 11-2.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// The province-level codes (first two digits) in use: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65,
/// Taiwan 71, Hong Kong 81, Macao 82 and 83 (residence permits of Taiwan residents).
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];
/// Nobody alive was born before this year; an earlier date is a typing error.
const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// The check character of the first 17 digits of an 18-digit number; `None` unless `first17` is
/// exactly 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    (bytes.len() == 17 && bytes.iter().all(u8::is_ascii_digit)).then(|| check_of(bytes))
}

/// An ID number as typed or pasted, tidied: spaces dropped wherever they are (full-width ones
/// too), full-width digits and letters made ASCII, a lower-case x made upper-case. Anything else
/// is kept as it is, for [`IdNumber::parse`] to name.
pub fn tidy(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // U+FF01..=U+FF5E are the full-width forms of U+0021..=U+007E.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect()
}

/// ISO 7064 MOD 11-2 over 17 ASCII digits (the caller has checked them).
fn check_of(digits: &[u8]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Why a text is not a valid 居民身份证号.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Nothing was entered.
    #[error("the ID number is empty")]
    Empty,
    /// Too short or too long (counted in characters, not bytes).
    #[error("an ID number has {expected} characters, got {got}")]
    Length { expected: usize, got: usize },
    /// A character where a digit must be; `position` counts from 1.
    #[error("character {position} of the ID number is {found:?}, not a digit")]
    NotDigit { position: usize, found: char },
    /// The 18th character is neither a digit nor X.
    #[error("the last character of an ID number is a digit or X, got {found:?}")]
    BadCheckChar { found: char },
    /// The first two digits name no province.
    #[error("the ID number starts with {code}, which is no province code")]
    UnknownProvince { code: String },
    /// The birth-date digits are not a real date (or lie before 1900).
    #[error("the birth date {digits} in the ID number is not a real date")]
    BadDate { digits: String },
    /// The check character does not match the other 17 digits.
    #[error("the ID number's check character should be {expected}, got {found}")]
    Checksum { expected: char, found: char },
}

impl IdNumberError {
    /// A stable code for the rule, e.g. `id_number.checksum`.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Empty => "id_number.missing",
            IdNumberError::Length { .. } => "id_number.length",
            IdNumberError::NotDigit { .. } => "id_number.not_digit",
            IdNumberError::BadCheckChar { .. } => "id_number.check_char",
            IdNumberError::UnknownProvince { .. } => "id_number.province",
            IdNumberError::BadDate { .. } => "id_number.birth_date",
            IdNumberError::Checksum { .. } => "id_number.checksum",
        }
    }

    /// What is wrong and what to do, for the field worker, in both languages.
    pub fn message(&self) -> Text {
        match self {
            IdNumberError::Empty => text!(
                "请填写证件号码",
                "Enter the ID number"
            ),
            IdNumberError::Length { expected: 18, got: 15 } => text!(
                "居民身份证号应为 18 位，这里是 15 位；如是旧版 15 位身份证，请把证件类型改为“旧版居民身份证”",
                "A resident ID number has 18 characters, this one has 15; for an old 15-digit card, set the document type to \"Old resident ID (15 digits)\""
            ),
            IdNumberError::Length { expected, got } => text!(
                "证件号码应为 {} 位，这里是 {} 位，请逐位核对",
                "The ID number should have {} characters, this one has {}; check it digit by digit",
                expected,
                got
            ),
            IdNumberError::NotDigit { position, found } => text!(
                "证件号码第 {} 位是“{}”，应为数字",
                "Character {} of the ID number is \"{}\"; it must be a digit",
                position,
                found
            ),
            IdNumberError::BadCheckChar { found } => text!(
                "证件号码最后一位是“{}”，只能是数字或 X",
                "The last character of the ID number is \"{}\"; it can only be a digit or X",
                found
            ),
            IdNumberError::UnknownProvince { code } => text!(
                "证件号码前两位“{}”不是省级行政区代码，请核对",
                "The ID number starts with \"{}\", which is no province code; check the first digits",
                code
            ),
            IdNumberError::BadDate { digits } => text!(
                "证件号码中的出生日期“{}”不是有效日期，请核对第 7–14 位",
                "The birth date \"{}\" in the ID number is not a real date; check digits 7–14",
                digits
            ),
            // The expected character is not named: changing the last one to it would make a
            // mistyped number pass the check while staying another person's number.
            IdNumberError::Checksum { .. } => text!(
                "证件号码校验不通过：18 位中至少有一位与证件不符。请拿证件逐位核对全部 18 位，不要只改最后一位",
                "The ID number fails its check: at least one of its 18 characters differs from the card. Compare every character with the card; do not just change the last one"
            ),
        }
    }
}

/// A valid 18-character 居民身份证号, with an upper-case X when the check character is 10.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber {
    text: String,
    birth: NaiveDate,
}

impl IdNumber {
    /// Reads an 18-character number; surrounding spaces are ignored and a lower-case x accepted.
    pub fn parse(s: &str) -> Result<IdNumber, IdNumberError> {
        let s = s.trim();
        let chars: Vec<char> = s.chars().collect();
        check_length(&chars, 18)?;
        digits_only(&chars[..17])?;
        let last = chars[17].to_ascii_uppercase();
        if !(last.is_ascii_digit() || last == 'X') {
            return Err(IdNumberError::BadCheckChar { found: chars[17] });
        }
        // From here on every character is ASCII, so byte slicing is safe.
        let first17 = &s[..17];
        check_province(first17)?;
        let birth = birth_date(&first17[6..14])?;
        let expected = check_of(first17.as_bytes());
        if expected != last {
            return Err(IdNumberError::Checksum {
                expected,
                found: chars[17],
            });
        }
        Ok(IdNumber {
            text: format!("{first17}{last}"),
            birth,
        })
    }

    /// The number, 18 characters.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The 6-digit area code of the place of first registration (not necessarily today's home).
    pub fn area_prefix(&self) -> &str {
        &self.text[..6]
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// The sex the number encodes: the 17th digit is odd for men.
    pub fn sex(&self) -> Sex {
        sex_of(self.text.as_bytes()[16])
    }
}

/// A valid old 15-digit 居民身份证号: 6 digits of area, `YYMMDD` in the 1900s, a 3-digit sequence
/// whose last digit is odd for men, and no check character.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber15 {
    text: String,
    birth: NaiveDate,
}

impl IdNumber15 {
    /// Reads a 15-digit number; surrounding spaces are ignored.
    pub fn parse(s: &str) -> Result<IdNumber15, IdNumberError> {
        let s = s.trim();
        let chars: Vec<char> = s.chars().collect();
        check_length(&chars, 15)?;
        digits_only(&chars)?;
        check_province(s)?;
        let birth = birth_date(&format!("19{}", &s[6..12]))?;
        Ok(IdNumber15 {
            text: s.to_string(),
            birth,
        })
    }

    /// The number, 15 digits.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The 6-digit area code of the place of first registration.
    pub fn area_prefix(&self) -> &str {
        &self.text[..6]
    }

    /// The birth date the number encodes (always in the 1900s).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// The sex the number encodes: the last digit is odd for men.
    pub fn sex(&self) -> Sex {
        sex_of(self.text.as_bytes()[14])
    }

    /// The 18-character number of the same person: `19` inserted before the year and the check
    /// character appended, as done when the cards were replaced.
    pub fn to_18(&self) -> IdNumber {
        let first17 = format!("{}19{}", &self.text[..6], &self.text[6..]);
        let check = check_of(first17.as_bytes());
        IdNumber {
            text: format!("{first17}{check}"),
            birth: self.birth,
        }
    }
}

fn check_length(chars: &[char], expected: usize) -> Result<(), IdNumberError> {
    match chars.len() {
        0 => Err(IdNumberError::Empty),
        n if n != expected => Err(IdNumberError::Length { expected, got: n }),
        _ => Ok(()),
    }
}

fn digits_only(chars: &[char]) -> Result<(), IdNumberError> {
    match chars.iter().position(|c| !c.is_ascii_digit()) {
        Some(i) => Err(IdNumberError::NotDigit {
            position: i + 1,
            found: chars[i],
        }),
        None => Ok(()),
    }
}

fn check_province(digits: &str) -> Result<(), IdNumberError> {
    let code = &digits[..2];
    if PROVINCES.contains(&code) {
        Ok(())
    } else {
        Err(IdNumberError::UnknownProvince {
            code: code.to_string(),
        })
    }
}

/// Eight ASCII digits `yyyymmdd` as a date, refused before [`EARLIEST_BIRTH_YEAR`].
fn birth_date(yyyymmdd: &str) -> Result<NaiveDate, IdNumberError> {
    let year: Option<i32> = yyyymmdd.get(0..4).and_then(|d| d.parse().ok());
    let part = |range: std::ops::Range<usize>| yyyymmdd.get(range).and_then(|d| d.parse().ok());
    let date = match (year, part(4..6), part(6..8)) {
        (Some(y), Some(m), Some(d)) if y >= EARLIEST_BIRTH_YEAR => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    date.ok_or_else(|| IdNumberError::BadDate {
        digits: yyyymmdd.to_string(),
    })
}

/// The parity of an ASCII digit's code is the digit's parity (b'0' is even): odd is a man.
fn sex_of(digit: u8) -> Sex {
    if digit % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    }
}

impl FromStr for IdNumber {
    type Err = IdNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdNumber::parse(s)
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IdNumber::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.text
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for IdNumber15 {
    type Err = IdNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdNumber15::parse(s)
    }
}

impl TryFrom<String> for IdNumber15 {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IdNumber15::parse(&s)
    }
}

impl From<IdNumber15> for String {
    fn from(id: IdNumber15) -> String {
        id.text
    }
}

impl fmt::Display for IdNumber15 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests;
