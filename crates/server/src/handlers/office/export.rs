//! The office's exports of its households: CSV (UTF-8 with BOM, one sheet per call) and XLSX
//! (sheets 户 and 成员), in the domain's row layout with the national field names and its rules
//! for cells that are safe to open (formulas neutralised, codes as text, long cells cut).
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use shouwang_domain::office::export::{households_sheet, members_sheet, Cell, Sheet};
use shouwang_domain::Household;

use super::super::blocking;
use crate::error::ApiFailure;
use crate::extract::{Office, Params};
use crate::state::AppState;
use crate::store::{Session, Storage};

/// The households in scope for an export, by village, 户编号 and id.
async fn export_households<S: Storage>(
    store: &S,
    session: &Session,
) -> Result<Vec<Household>, ApiFailure> {
    let mut households: Vec<Household> = store
        .households(&session.scope())
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    households.sort_by(|a, b| {
        (&a.area.code, &a.household_number, &a.id).cmp(&(&b.area.code, &b.household_number, &b.id))
    });
    Ok(households)
}

fn attachment(content_type: &str, file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct SheetQuery {
    sheet: Option<String>,
}

pub async fn csv<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Params(q): Params<SheetQuery>,
) -> Result<Response, ApiFailure> {
    let members = match q.sheet.as_deref().unwrap_or("households") {
        "households" => false,
        "members" => true,
        _ => {
            return Err(ApiFailure::bad_request(
                "sheet 只能是 households 或 members",
                "sheet must be households or members",
            ))
        }
    };
    let households = export_households(&app.store, &session).await?;
    let csv = blocking(move || {
        if members {
            members_sheet(&households).to_csv()
        } else {
            households_sheet(&households).to_csv()
        }
    })
    .await?;
    let file = if members {
        "members.csv"
    } else {
        "households.csv"
    };
    Ok(attachment(
        "text/csv; charset=utf-8",
        file,
        csv.into_bytes(),
    ))
}

pub async fn xlsx<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
) -> Result<Response, ApiFailure> {
    let households = export_households(&app.store, &session).await?;
    let bytes =
        blocking(move || workbook(&[households_sheet(&households), members_sheet(&households)]))
            .await?
            .map_err(|e| ApiFailure::internal(&format!("xlsx: {e}")))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "shouwang.xlsx",
        bytes,
    ))
}

/// Rows of one worksheet below its header (Excel's and WPS's limit is 1,048,576 in all).
const ROWS_PER_WORKSHEET: usize = 1_048_575;

/// The sheets as one workbook: bold headers, frozen header row, text kept as text (ID numbers
/// are not turned into rounded numbers; text that looks like a formula gets the cell's quote
/// prefix, so it stays text even when edited), amounts and counts as numbers. A sheet longer
/// than a worksheet holds goes on in `成员 (2)`, …, and an over-long cell is cut with a mark
/// ([`Cell::shown`]): nothing a record holds fails the export.
fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    workbook_of(sheets, ROWS_PER_WORKSHEET)
}

fn workbook_of(
    sheets: &[Sheet],
    rows_per_worksheet: usize,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let quoted = Format::new().set_quote_prefix();
    for sheet in sheets {
        let parts = sheet.rows.chunks(rows_per_worksheet);
        let parts: Vec<&[Vec<Cell>]> = if sheet.rows.is_empty() {
            vec![&[]]
        } else {
            parts.collect()
        };
        for (part, rows) in parts.into_iter().enumerate() {
            let ws = workbook.add_worksheet();
            if part == 0 {
                ws.set_name(sheet.name)?;
            } else {
                ws.set_name(format!("{} ({})", sheet.name, part + 1))?;
            }
            for (c, h) in sheet.headers.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, h, &bold)?;
            }
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, cell) in row.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Text(_) | Cell::Code(_) if cell.is_formula_like() => {
                            ws.write_string_with_format(r, c, cell.shown(), &quoted)?;
                        }
                        Cell::Text(_) | Cell::Code(_) => {
                            ws.write_string(r, c, cell.shown())?;
                        }
                        Cell::Int(n) => {
                            ws.write_number(r, c, *n as f64)?;
                        }
                        Cell::Amount(m) => {
                            ws.write_number(r, c, m.fen() as f64 / 100.0)?;
                        }
                        Cell::Empty => {}
                    }
                }
            }
            ws.set_freeze_panes(1, 0)?;
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::*;

    #[test]
    fn a_sheet_longer_than_a_worksheet_goes_on_in_the_next() {
        let sheet = Sheet {
            name: "成员",
            headers: vec!["姓名".into()],
            rows: (0..5).map(|i| vec![Cell::Text(format!("m{i}"))]).collect(),
        };
        let bytes = workbook_of(&[sheet], 2).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["成员", "成员 (2)", "成员 (3)"]);
        let last = book.worksheet_range("成员 (3)").unwrap();
        assert_eq!(last.get_value((0, 0)), Some(&Data::String("姓名".into())));
        assert_eq!(last.get_value((1, 0)), Some(&Data::String("m4".into())));
    }
}
