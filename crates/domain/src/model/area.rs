use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A 12-digit 统计用区划代码: province 2 + city 2 + county 2 + township 3 + village 3.
///
/// Only the shape is enforced here; codes change from year to year, so an unknown code is accepted
/// (offline, the app cannot know this year's list) and stored with its name and code-set year.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AreaCode(String);

/// Why a text is not a 12-digit area code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AreaCodeError {
    #[error("an area code has 12 digits, got {0}")]
    Length(usize),
    #[error("an area code has only digits")]
    NotDigits,
    #[error("the province part of an area code cannot be 00")]
    NoProvince,
}

/// The level of government an area-code prefix names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    Province,
    City,
    County,
    Township,
    Village,
}

impl AreaLevel {
    /// The level named by a prefix of `len` digits (2, 4, 6, 9 or 12).
    pub fn of_prefix_len(len: usize) -> Option<AreaLevel> {
        Some(match len {
            2 => AreaLevel::Province,
            4 => AreaLevel::City,
            6 => AreaLevel::County,
            9 => AreaLevel::Township,
            12 => AreaLevel::Village,
            _ => return None,
        })
    }
}

impl AreaCode {
    /// The code as 12 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The prefixes from province to village: 2, 4, 6, 9 and 12 digits.
    pub fn prefixes(&self) -> [&str; 5] {
        [
            &self.0[..2],
            &self.0[..4],
            &self.0[..6],
            &self.0[..9],
            &self.0[..12],
        ]
    }

    /// True when the township digits (7–9) say 镇 (100–199), false for 乡 (200–299), None otherwise.
    pub fn is_town(&self) -> Option<bool> {
        match self.0.as_bytes()[6] {
            b'1' => Some(true),
            b'2' => Some(false),
            _ => None,
        }
    }
}

impl FromStr for AreaCode {
    type Err = AreaCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = s.chars().count();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(AreaCodeError::NotDigits);
        }
        if n != 12 {
            return Err(AreaCodeError::Length(n));
        }
        if &s[..2] == "00" {
            return Err(AreaCodeError::NoProvince);
        }
        Ok(AreaCode(s.to_string()))
    }
}

impl TryFrom<String> for AreaCode {
    type Error = AreaCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<AreaCode> for String {
    fn from(c: AreaCode) -> String {
        c.0
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AreaRef {
    /// The code, if it has the 12-digit shape.
    pub fn parsed_code(&self) -> Option<AreaCode> {
        self.code.parse().ok()
    }
}

/// 所在地区: the village's code, its name and the year of the code set the code comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRef {
    /// 12-digit village code as entered; [`AreaCode`] parses it (validation reports a bad one,
    /// so a half-typed draft can still be saved).
    pub code: String,
    /// The village's name as written in that year's code set, e.g. "贵州省黔南州某县某镇某村".
    pub name: String,
    /// Year of the 统计用区划代码 set the code was taken from.
    pub code_year: u16,
}
