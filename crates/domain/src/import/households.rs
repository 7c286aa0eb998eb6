//! The 户 and 成员 sheets read into rows grouped by household, before anything is matched.
//!
//! A sheet is known by its headers, not its name: one with 与户主关系 is a member sheet, one with
//! 户编号, 所在地区代码 or 户主证件号码 a household sheet; any other sheet is left out with a note.
//! Headers are the export's (the national field names, [`crate::office::export::header`]) or an
//! alias from `policy/import.json`. Each member row joins its household by 户记录编号 when it has
//! one, else by 户编号; a member row whose household is not in the file is reported.
//!
//! A file over the limits (rows, or two columns with one meaning) is refused whole; a cell over
//! the cell limit refuses its household. Nothing is ever cut short.

// A problem carries its place and both languages' message, so it is large; it is built once per
// refused row or file, never on the path of a good row, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::Arc;

use super::fields::{HOUSEHOLD, HOUSEHOLD_READ, MEMBER, MEMBER_READ};
use super::report::{At, ImportProblem};
use super::rules::ImportRules;
use super::{cell, Table, Value};
use crate::office::export::header;
use crate::text;

/// Where a column is: its sheet, its letters and its header (shared by its cells, so reading
/// a large file makes one of each, not one per cell).
#[derive(Debug, PartialEq, Eq)]
struct Column {
    file: String,
    sheet: String,
    letters: String,
    header: String,
}

/// A non-empty cell of a known column, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCell {
    pub key: &'static str,
    pub value: String,
    row: u32,
    column: Arc<Column>,
}

impl FileCell {
    /// Where the cell is.
    pub fn at(&self) -> At {
        let c = &self.column;
        At {
            file: c.file.clone(),
            sheet: c.sheet.clone(),
            row: Some(self.row),
            column: Some(c.header.clone()),
            cell: Some(format!("{}{}", c.letters, self.row)),
        }
    }
}

/// One row of a sheet: its known, non-empty cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileRow {
    pub at: At,
    pub cells: Vec<FileCell>,
}

impl FileRow {
    /// The cell of `key`, if the row has one.
    pub fn get(&self, key: &str) -> Option<&FileCell> {
        self.cells.iter().find(|c| c.key == key)
    }

    /// The text of `key`'s cell ("" when none).
    pub fn text(&self, key: &str) -> &str {
        self.get(key).map_or("", |c| c.value.as_str())
    }

    /// Where `key`'s cell is, or the row when it has none.
    pub fn at(&self, key: &str) -> At {
        self.get(key).map_or_else(|| self.at.clone(), FileCell::at)
    }
}

/// A household row and the member rows that joined it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileHousehold {
    pub row: FileRow,
    pub members: Vec<FileRow>,
    /// Problems of its rows (any error refuses the household).
    pub problems: Vec<ImportProblem>,
}

/// What the file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileHouseholds {
    pub households: Vec<FileHousehold>,
    /// The file has a member sheet (without one, stored members are left as they are).
    pub has_members: bool,
    /// Problems of no household: member rows without one, sheets not read.
    pub problems: Vec<ImportProblem>,
}

/// What kind of sheet a table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Households,
    Members,
}

/// Strips what templates add around a header: spaces, a required-marker `*`, ASCII brackets.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The keys a kind of sheet reads, with every header name each may carry.
fn names(kind: Kind, rules: &ImportRules) -> HashMap<String, &'static str> {
    let keys: Vec<&'static str> = match kind {
        Kind::Households => HOUSEHOLD
            .iter()
            .map(|f| f.key)
            .chain(HOUSEHOLD_READ.iter().copied())
            .collect(),
        Kind::Members => MEMBER
            .iter()
            .map(|f| f.key)
            .chain(MEMBER_READ.iter().copied())
            .collect(),
    };
    let mut out = HashMap::new();
    for key in keys {
        out.insert(normalise(&header(key)), key);
        for alias in rules.aliases(key) {
            out.insert(normalise(alias), key);
        }
    }
    out
}

/// The known columns of `table` as read as `kind`: (column index, key, where).
type Columns = Vec<(usize, &'static str, Arc<Column>)>;

fn columns(table: &Table, kind: Kind, rules: &ImportRules) -> Result<Columns, ImportProblem> {
    let names = names(kind, rules);
    let mut out: Columns = Vec::new();
    for (i, h) in table.rows.first().into_iter().flatten().enumerate() {
        let header = h.text();
        let Some(key) = names.get(&normalise(&header)) else {
            continue;
        };
        let letters = super::column_letters(table.first_column + i as u32);
        if let Some((_, _, other)) = out.iter().find(|(_, k, _)| k == key) {
            let (a, b, other) = (&other.letters, &letters, &other.header);
            return Err(ImportProblem::error(
                table.at(),
                "import.duplicate_column",
                text!(
                    "第 {a} 列“{other}”和第 {b} 列“{header}”是同一项，请只保留一列",
                    "Columns {a} (\"{other}\") and {b} (\"{header}\") are the same field; keep one of them"
                ),
            ));
        }
        out.push((
            i,
            key,
            Arc::new(Column {
                file: table.file.clone(),
                sheet: table.sheet.clone(),
                letters,
                header,
            }),
        ));
    }
    Ok(out)
}

/// Which kind `table` is, with its columns; `None` for a sheet of neither kind.
fn classify(table: &Table, rules: &ImportRules) -> Result<Option<(Kind, Columns)>, ImportProblem> {
    let members = columns(table, Kind::Members, rules)?;
    if members.iter().any(|(_, k, _)| *k == "members.relation") {
        return Ok(Some((Kind::Members, members)));
    }
    let households = columns(table, Kind::Households, rules)?;
    let keyed = ["id", "household_number", "area.code", "head_id_number"];
    if households.iter().any(|(_, k, _)| keyed.contains(k)) {
        return Ok(Some((Kind::Households, households)));
    }
    Ok(None)
}

/// The rows of `table` with something in them, read through `columns`; a cell over the length
/// limit is an error of its row, and a number cell too long to be exact (an ID number typed
/// into a number column) too.
fn rows(
    table: &Table,
    columns: &Columns,
    rules: &ImportRules,
) -> Vec<(FileRow, Vec<ImportProblem>)> {
    let max = rules.limits.max_cell_chars as usize;
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate().skip(1) {
        if row.iter().all(Value::is_blank) {
            continue;
        }
        let mut file_row = FileRow {
            at: table.at_row(i),
            cells: Vec::new(),
        };
        let mut problems = Vec::new();
        for (col, key, column) in columns {
            let Some(value) = row.get(*col) else { continue };
            let cell = FileCell {
                key,
                value: String::new(),
                row: table.first_row + i as u32,
                column: column.clone(),
            };
            if value.chars() > max {
                let n = value.chars();
                problems.push(ImportProblem::error(
                    cell.at(),
                    "import.cell_too_long",
                    text!(
                        "单元格有 {n} 个字符，超过上限 {max}；未截断，该户未导入",
                        "The cell has {n} characters, more than the limit of {max}; it was not cut, and the household was not imported"
                    ),
                ));
                continue;
            }
            if let Value::Number(n) = value {
                if cell::digits_lost(n) {
                    problems.push(ImportProblem::error(
                        cell.at(),
                        "import.digits_lost",
                        text!(
                            "“{n}”存成了数字，超过 15 位的部分已丢失：请把该列设为文本后重新填写",
                            "\"{n}\" was saved as a number and lost its digits beyond the 15th: format the column as text and enter it again"
                        ),
                    ));
                    continue;
                }
            }
            let value = value.text();
            if !value.is_empty() {
                file_row.cells.push(FileCell { value, ..cell });
            }
        }
        out.push((file_row, problems));
    }
    out
}

/// Reads `tables` (the sheets of one XLSX, or one or two CSV files) into households.
pub fn read(tables: &[Table], rules: &ImportRules) -> Result<FileHouseholds, ImportProblem> {
    let total: usize = tables.iter().map(|t| t.rows.len()).sum();
    let max_rows = rules.limits.max_rows as usize;
    if total > max_rows {
        let at = tables.first().map(Table::at).unwrap_or_default();
        return Err(ImportProblem::error(
            at,
            "import.too_many_rows",
            text!(
                "文件共有 {total} 行，超过一次导入的上限 {max_rows} 行：请分成几个文件导入",
                "The file has {total} rows, more than the {max_rows} one import takes: split it into several files"
            ),
        ));
    }
    let mut out = FileHouseholds::default();
    let mut member_rows = Vec::new();
    for table in tables {
        match classify(table, rules)? {
            Some((Kind::Households, cols)) => {
                for (row, problems) in rows(table, &cols, rules) {
                    out.households.push(FileHousehold {
                        row,
                        members: Vec::new(),
                        problems,
                    });
                }
            }
            Some((Kind::Members, cols)) => {
                out.has_members = true;
                member_rows.extend(rows(table, &cols, rules));
            }
            None if table.rows.iter().all(|r| r.iter().all(Value::is_blank)) => {}
            None => out.problems.push(ImportProblem::warning(
                table.at(),
                "import.sheet_not_read",
                text!(
                    "未读取该表：表头中没有户编号、所在地区代码、户主证件号码或与户主关系",
                    "This sheet was not read: its headers have none of 户编号, 所在地区代码, 户主证件号码 or 与户主关系"
                ),
            )),
        }
    }
    if out.households.is_empty() && !member_rows.is_empty() {
        return Err(ImportProblem::error(
            tables.first().map(Table::at).unwrap_or_default(),
            "import.no_household_sheet",
            text!(
                "只有成员表，没有户表：请同时上传户表（表头含户编号、所在地区代码）",
                "There is a member sheet but no household sheet: upload the household sheet too (headers 户编号, 所在地区代码)"
            ),
        ));
    }
    join(&mut out, member_rows);
    Ok(out)
}

/// Joins each member row to its household row (by 户记录编号, else 户编号), and marks household
/// rows that repeat a record id or a 户编号.
fn join(out: &mut FileHouseholds, member_rows: Vec<(FileRow, Vec<ImportProblem>)>) {
    let mut by_key: HashMap<(&str, String), usize> = HashMap::new();
    let mut repeats = Vec::new();
    for (i, h) in out.households.iter().enumerate() {
        for key in ["id", "household_number"] {
            let value = h.row.text(key);
            if value.is_empty() {
                continue;
            }
            if let Some(&first) = by_key.get(&(key, value.to_owned())) {
                repeats.push((first, i, key, value.to_owned()));
            } else {
                by_key.insert((key, value.to_owned()), i);
            }
        }
    }
    for (first, second, key, value) in repeats {
        let name = header(key);
        let rows = [first, second].map(|i| out.households[i].row.at.row.unwrap_or(0));
        let (a, b) = (rows[0], rows[1]);
        for i in [first, second] {
            let at = out.households[i].row.at(key);
            out.households[i].problems.push(ImportProblem::error(
                at,
                "import.duplicate_household",
                text!(
                    "{name}“{value}”在第 {a} 行和第 {b} 行重复出现，两行都未导入",
                    "{name} \"{value}\" appears in rows {a} and {b}; neither was imported"
                ),
            ));
        }
    }
    for (row, problems) in member_rows {
        let (key, value) = match (row.text("household_id"), row.text("household_number")) {
            ("", "") => {
                out.problems.push(ImportProblem::error(
                    row.at.clone(),
                    "import.member_without_household",
                    text!(
                        "成员行没有户编号，不知道属于哪一户，未导入",
                        "The member row has no 户编号, so its household is unknown; it was not imported"
                    ),
                ));
                continue;
            }
            ("", number) => ("household_number", number.to_owned()),
            (id, _) => ("id", id.to_owned()),
        };
        match by_key.get(&(key, value.clone())) {
            Some(&i) => {
                let h = &mut out.households[i];
                h.problems.extend(problems);
                h.members.push(row);
            }
            None => {
                let name = header(if key == "id" { "household_id" } else { key });
                out.problems.push(ImportProblem::error(
                    row.at(if key == "id" { "household_id" } else { key }),
                    "import.household_missing",
                    text!(
                        "户表中没有{name}为“{value}”的户，这一成员行未导入",
                        "No household row has {name} \"{value}\", so this member row was not imported"
                    ),
                ));
            }
        }
    }
}
