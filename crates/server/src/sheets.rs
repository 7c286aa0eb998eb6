//! Uploaded files read into the domain's tables of cells ([`Table`]): a spreadsheet (XLSX, XLS,
//! ODS, by calamine — every sheet) or a CSV (the csv crate; UTF-8 with or without a byte-order
//! mark, or GB18030 as a Chinese Excel saves "CSV"). What the cells mean is the domain's
//! ([`shouwang_domain::import`]).
//!
//! Limits come first, so an upload never costs more than they allow: the file's bytes, and for a
//! zipped spreadsheet the bytes it unpacks to, read from its zip directory before it is opened.

// A problem carries its place and both languages' message, so it is large; it is built once per
// refused file, never on the path of a good row, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::io::Cursor;

use calamine::{Data, Reader};
use shouwang_domain::import::rules::Limits;
use shouwang_domain::import::{At, ImportProblem, Table, Value};
use shouwang_domain::text;

/// A file that cannot be read at all, as the report's one problem.
fn refused(file: &str, code: &str, message: shouwang_domain::Text) -> ImportProblem {
    ImportProblem::error(
        At {
            file: file.to_owned(),
            ..At::default()
        },
        code,
        message,
    )
}

/// Whether `name` or the bytes say CSV (a spreadsheet is a zip or an OLE file).
fn is_csv(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        return true;
    }
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    !(zip || ole)
}

/// Reads `bytes`, uploaded as `name`, into tables (one per sheet).
pub fn read(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Table>, ImportProblem> {
    let max = limits.max_file_bytes;
    if bytes.len() as u64 > max {
        let (mb, size) = (max / (1024 * 1024), bytes.len() / (1024 * 1024));
        return Err(refused(
            name,
            "import.file_too_large",
            text!(
                "文件有 {size} MB，超过上限 {mb} MB：请分成几个文件导入",
                "The file is {size} MB, more than the limit of {mb} MB: split it into several files"
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(refused(
            name,
            "import.empty_file",
            text!("文件是空的", "The file is empty"),
        ));
    }
    if is_csv(name, bytes) {
        read_csv(name, bytes)
    } else {
        read_workbook(name, bytes, limits)
    }
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<Vec<Table>, ImportProblem> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(refused(
                    name,
                    "import.encoding",
                    text!(
                        "无法识别文件的文字编码：请另存为“CSV UTF-8”后再导入",
                        "The file's text encoding is not recognised: save it as \"CSV UTF-8\" and import again"
                    ),
                ));
            }
            decoded
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i as u64 + 1, |p| p.line());
            refused(
                name,
                "import.bad_csv",
                text!(
                    "CSV 第 {line} 行无法读取（引号不成对？）",
                    "Line {line} of the CSV cannot be read (an unmatched quote?)"
                ),
            )
        })?;
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(f.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(vec![Table::new(name, "", rows)])
}

fn unreadable(name: &str) -> ImportProblem {
    refused(
        name,
        "import.unreadable",
        text!(
            "无法读取该文件：请上传 XLSX、XLS 或 CSV 文件",
            "The file cannot be read: upload an XLSX, XLS or CSV file"
        ),
    )
}

/// The bytes a zipped spreadsheet unpacks to, from its zip directory.
fn unpacked_size(bytes: &[u8]) -> Option<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        total = total.checked_add(archive.by_index_raw(i).ok()?.size())?;
    }
    Some(total)
}

fn read_workbook(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Table>, ImportProblem> {
    if bytes.starts_with(b"PK\x03\x04") {
        let max = limits.max_unpacked_bytes;
        match unpacked_size(bytes) {
            Some(size) if size <= max => {}
            Some(_) => {
                let mb = max / (1024 * 1024);
                return Err(refused(
                    name,
                    "import.file_too_large",
                    text!(
                        "该表格解压后超过 {mb} MB，请分成几个文件导入",
                        "The spreadsheet unpacks to more than {mb} MB: split it into several files"
                    ),
                ));
            }
            None => return Err(unreadable(name)),
        }
    }
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| unreadable(name))?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).map_err(|_| unreadable(name))?;
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|row| row.iter().map(value).collect())
            .collect();
        tables.push(Table {
            file: name.to_owned(),
            sheet,
            first_row: first_row + 1,
            first_column,
            rows,
        });
    }
    Ok(tables)
}

/// A spreadsheet cell as the domain reads it: text as text, a number as its shortest decimal
/// (a whole number without `.0`), a date as `YYYY-MM-DD`, TRUE/FALSE as 是/否.
fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(n) => Value::Number(n.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Value::Number(format!("{}", *f as i64))
        }
        Data::Float(f) => Value::Number(format!("{f}")),
        Data::Bool(b) => Value::Text(if *b { "是" } else { "否" }.to_owned()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                Value::Text(format!("{y:04}-{m:02}-{d:02}"))
            } else {
                Value::Text(format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}"))
            }
        }
        Data::DateTime(dt) => Value::Text(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        shouwang_domain::import::ImportRules::builtin().limits
    }

    #[test]
    fn a_csv_with_a_bom_or_in_gb18030_reads_the_same() {
        let utf8 = "\u{feff}户编号,户主姓名\r\nH001,\"李,国华\"\r\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode("户编号,户主姓名\r\nH001,\"李,国华\"\r\n");
        let a = read("a.csv", utf8.as_bytes(), &limits()).unwrap();
        let b = read("b.csv", &gbk, &limits()).unwrap();
        assert_eq!(a[0].rows, b[0].rows);
        assert_eq!(a[0].rows[0][0], Value::Text("户编号".into()));
        assert_eq!(a[0].rows[1][1], Value::Text("李,国华".into()));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_not_cut() {
        let mut l = limits();
        l.max_file_bytes = 10;
        let e = read("a.csv", b"12345678901", &l).unwrap_err();
        assert_eq!(e.code, "import.file_too_large");
        assert!(read("a.xlsx", b"PK\x03\x04 not a zip", &limits()).is_err());
    }

    #[test]
    fn numbers_read_as_their_shortest_text() {
        assert_eq!(value(&Data::Float(1234.5)), Value::Number("1234.5".into()));
        assert_eq!(value(&Data::Float(12.0)), Value::Number("12".into()));
        assert_eq!(
            value(&Data::Float(532328199001011234.0)),
            // The nearest f64 is …264; its shortest text that reads back as it ends in 60.
            Value::Number("532328199001011260".into()),
            "an 18-digit number has lost digits, which the domain reports"
        );
    }
}
