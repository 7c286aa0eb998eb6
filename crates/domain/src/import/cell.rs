//! Reading one cell: as text (without the spreadsheet's text marker), an amount, a date, 是/否,
//! a small count, or a code-list label — each the inverse of how the export writes it, so an
//! exported cell reads back as the same value. A cell that is none of these is an error
//! message naming what was expected.
use chrono::NaiveDate;

use crate::labels::Label;
use crate::{text, Money, Text};

/// Significant digits a spreadsheet number keeps (an IEEE double): a longer number in a cell
/// (an 18-digit ID number typed into a number-formatted column) has lost its last digits.
pub const NUMBER_DIGITS: usize = 15;

/// The text of a cell without the marker a spreadsheet, or the export, puts before text that
/// would otherwise be read as a number or a formula: a leading `'` (`'532328…`, `'=SUM(1)`), or
/// the `="…"` form (`="532328…"`, quotes doubled inside). Surrounding spaces go too.
pub fn unescape(raw: &str) -> String {
    let s = raw.trim();
    if let Some(inner) = s
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return inner.replace("\"\"", "\"").trim().to_owned();
    }
    match s.strip_prefix('\'') {
        Some(rest) => rest.trim().to_owned(),
        None => s.to_owned(),
    }
}

/// Whether a number cell's text has more digits than a spreadsheet number keeps.
pub fn digits_lost(number: &str) -> bool {
    let digits = number
        .split(['e', 'E'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    digits.trim_start_matches('0').len() > NUMBER_DIGITS
}

/// An amount in yuan (`1234.50`, `1,234.5`, `1234元`).
pub fn money(s: &str) -> Result<Money, Text> {
    let cleaned: String = s
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    cleaned.parse().map_err(|_| {
        text!(
            "“{s}”不是金额：请填写以元为单位的数字，如 1234.50",
            "\"{s}\" is not an amount: enter a number of yuan, e.g. 1234.50"
        )
    })
}

/// A date: `2026-03-05` (as the export writes it), `2026/3/5`, `2026.3.5`, `20260305` or
/// `2026年3月5日`.
pub fn date(s: &str) -> Result<NaiveDate, Text> {
    let t = s.trim();
    let bad = || {
        text!(
            "“{s}”不是日期：请按 年-月-日 填写，如 2026-03-05",
            "\"{s}\" is not a date: write it as year-month-day, e.g. 2026-03-05"
        )
    };
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").map_err(|_| bad());
    }
    let unified: String = t
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .collect();
    NaiveDate::parse_from_str(&unified, "%Y-%m-%d").map_err(|_| bad())
}

/// 是 or 否 (also Y/N, yes/no, true/false, 1/0).
pub fn yes_no(s: &str) -> Result<bool, Text> {
    match s.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "有" => Ok(true),
        "否" | "n" | "no" | "false" | "0" | "无" => Ok(false),
        _ => Err(text!(
            "“{s}”应为“是”或“否”",
            "\"{s}\" should be 是 (yes) or 否 (no)"
        )),
    }
}

/// A whole number from 0 to `max` (`12`, or `12.0` from a number cell).
pub fn count(s: &str, max: u8) -> Result<u8, Text> {
    let t = s.trim();
    let whole = t.strip_suffix(".0").unwrap_or(t);
    whole
        .parse::<u8>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| {
            text!(
                "“{s}”应为 0 到 {max} 之间的整数",
                "\"{s}\" should be a whole number from 0 to {max}"
            )
        })
}

/// The code-list value whose label is `s`: its Chinese label as the export writes it, its
/// English one, or the Chinese label's part before a bracket (`A级` for `A级（安全）`).
pub fn label<T: Label + Copy>(all: &[T], s: &str) -> Result<T, Text> {
    let t = s.trim();
    let short = |zh: &str| zh.split(['（', '(']).next().unwrap_or(zh).trim().to_owned();
    all.iter()
        .copied()
        .find(|v| {
            let l = v.label();
            l.zh == t || l.en.eq_ignore_ascii_case(t) || short(&l.zh) == t
        })
        .ok_or_else(|| {
            let zh: Vec<String> = all.iter().map(|v| v.label().zh).collect();
            let en: Vec<String> = all.iter().map(|v| v.label().en).collect();
            let (zh, en) = (zh.join("、"), en.join(", "));
            text!(
                "“{t}”不在可选值中（{zh}）",
                "\"{t}\" is not one of the values allowed ({en})"
            )
        })
}

/// Several labels in one cell, as the export joins them (`因病、因残`; also `,` `，` `;` `；`).
pub fn labels<T: Label + Copy>(all: &[T], s: &str) -> Result<Vec<T>, Text> {
    s.split(['、', ',', '，', ';', '；', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| label(all, p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HousingGrade, RiskType};

    #[test]
    fn text_markers_are_not_part_of_the_value() {
        assert_eq!(unescape("'532328199001011234"), "532328199001011234");
        assert_eq!(unescape("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape("=\"53232819900101123X\""), "53232819900101123X");
        assert_eq!(unescape("=\"say \"\"hi\"\"\""), "say \"hi\"");
        assert_eq!(unescape("  李国华 "), "李国华");
        assert_eq!(
            unescape("=1+1"),
            "=1+1",
            "a formula-looking text stays as it is"
        );
    }

    #[test]
    fn amounts_dates_and_flags_read_as_the_export_writes_them() {
        assert_eq!(money("1234.50"), Ok(Money::from_fen(123_450)));
        assert_eq!(money("1,234.5元"), Ok(Money::from_fen(123_450)));
        assert!(money("一千").is_err());
        assert_eq!(
            date("2026-03-05"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap())
        );
        assert_eq!(date("2026/3/5"), date("2026年3月5日"));
        assert_eq!(date("20260305"), date("2026.3.5"));
        assert!(date("2026-02-30").is_err());
        assert_eq!(yes_no("是"), Ok(true));
        assert_eq!(yes_no("否"), Ok(false));
        assert!(yes_no("也许").is_err());
        assert_eq!(count("12.0", 12), Ok(12));
        assert!(count("13", 12).is_err());
    }

    #[test]
    fn labels_read_in_either_language_or_short() {
        assert_eq!(
            label(&HousingGrade::ALL, "C级（局部危险）"),
            Ok(HousingGrade::C)
        );
        assert_eq!(label(&HousingGrade::ALL, "C级"), Ok(HousingGrade::C));
        assert_eq!(
            labels(&RiskType::ALL, "因病、因残"),
            Ok(vec![RiskType::Illness, RiskType::Disability])
        );
        assert_eq!(label(&RiskType::ALL, "illness"), Ok(RiskType::Illness));
        let e = label(&RiskType::ALL, "因懒").unwrap_err();
        assert!(e.zh.contains("因病"), "{}", e.zh);
    }

    #[test]
    fn long_numbers_have_lost_digits() {
        assert!(digits_lost("532328199001011300"));
        assert!(!digits_lost("13885400000"));
        assert!(!digits_lost("1234.5"));
    }
}
