//! The office's imports: what a township already has, brought in from its spreadsheets.
//!
//! The server reads a file (XLSX or CSV) into [`Table`]s of cells; everything after that is
//! decided here, natively tested, so the command line and the office screen import alike:
//!
//! - [`households`]: the 户 and 成员 sheets in the national layout — the same headers as the
//!   office's export ([`crate::office::export`]), so an export imports back as itself — read into
//!   rows grouped by household;
//! - [`plan`]: each household matched to a stored one (记录编号, 户编号 or 户主证件号码), checked
//!   against the caller's areas and the township's villages, built, validated and compared with
//!   its current version: new, changed, unchanged (nothing to store) or refused;
//! - [`people`]: a roster of workers and reviewers, to accounts with one-time passwords and one
//!   enrolment sheet per village;
//! - [`leads`]: a department's monthly list, matched by ID number to leads (线索) on households;
//! - [`report`]: every problem with its file, sheet, row and column and the domain's message in
//!   both languages, and the counts;
//! - [`rules`]: limits, header aliases and the departments' sources, as data
//!   (`policy/import.json`, `policy/sources.json`);
//! - [`cell`]: reading one cell as text, an amount, a date, a code-list label.
mod build;
pub mod cell;
mod fields;
pub mod households;
pub mod leads;
pub mod people;
pub mod plan;
pub mod report;
pub mod rules;

pub use report::{At, ImportProblem, ImportReport};
pub use rules::{ImportRules, Source, Sources};

/// One cell as read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Empty,
    /// A text cell (as the export writes text: a leading `'` or `="…"` is the spreadsheet's
    /// text marker, see [`cell::unescape`]).
    Text(String),
    /// A number cell, as its shortest decimal text (`1234.5`, `12`).
    Number(String),
}

impl Value {
    /// The cell as trimmed text without its spreadsheet text marker; a number as its decimal text.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => cell::unescape(s),
            Value::Number(n) => n.trim().to_owned(),
        }
    }

    /// Nothing in it but spaces (and perhaps an empty text marker).
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) | Value::Number(s) => matches!(s.trim(), "" | "'" | "=\"\""),
        }
    }

    /// Characters in the cell, as read.
    pub fn chars(&self) -> usize {
        match self {
            Value::Empty => 0,
            Value::Text(s) | Value::Number(s) => s.chars().count(),
        }
    }
}

/// One sheet of a file: the first row holds the headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The file's name, as uploaded.
    pub file: String,
    /// The sheet's name in an XLSX; empty for a CSV.
    pub sheet: String,
    /// The spreadsheet row number (1-based) of `rows[0]`, the header row.
    pub first_row: u32,
    /// The spreadsheet column number (0-based, A = 0) of each row's first cell.
    pub first_column: u32,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// A table read from the top-left cell.
    pub fn new(file: &str, sheet: &str, rows: Vec<Vec<Value>>) -> Table {
        Table {
            file: file.to_owned(),
            sheet: sheet.to_owned(),
            first_row: 1,
            first_column: 0,
            rows,
        }
    }

    /// Where row `i` (0 = the header row) is.
    pub fn at_row(&self, i: usize) -> At {
        At {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: Some(self.first_row + i as u32),
            column: None,
            cell: None,
        }
    }

    /// Where cell `col` of row `i` is, under the header `header`.
    pub fn at_cell(&self, i: usize, col: usize, header: &str) -> At {
        let row = self.first_row + i as u32;
        At {
            column: Some(header.to_owned()),
            cell: Some(format!(
                "{}{row}",
                column_letters(self.first_column + col as u32)
            )),
            ..self.at_row(i)
        }
    }

    /// Where the whole sheet is.
    pub fn at(&self) -> At {
        At {
            row: None,
            ..self.at_row(0)
        }
    }
}

/// A spreadsheet column's letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut n: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
