//! Cells safe to open on the office PC: formulas neutralised, codes kept as text, long text cut
//! with a mark instead of failing.
use super::*;

#[test]
fn text_a_spreadsheet_would_run_is_neutralised_in_csv() {
    for start in ["=", "+", "-", "@", "\t", "\r", "\0"] {
        let value = format!("{start}HYPERLINK(\"http://evil.example\",\"点我\")");
        let cell = Cell::Text(value.clone());
        assert!(cell.is_formula_like(), "{start:?}");
        assert_eq!(cell.csv(), format!("'{value}"));
    }
    for plain in ["王建国", "1 组", "a=b", "（=）"] {
        let cell = Cell::Text(plain.into());
        assert!(!cell.is_formula_like(), "{plain}");
        assert_eq!(cell.csv(), plain);
    }
}

#[test]
fn id_numbers_phones_and_codes_stay_text_in_csv() {
    for value in [
        "52270119800301001X",
        "522701198003010011",
        "13885400000",
        "522701102203",
        "0854",
    ] {
        assert_eq!(Cell::Code(value.into()).csv(), format!("\t{value}"));
    }
    // A code typed as a formula is neutralised like any text.
    assert_eq!(Cell::Code("=1+1".into()).csv(), "'=1+1");
    assert_eq!(Cell::Code("-5".into()).csv(), "'-5");
    // Numbers the export makes are numbers.
    assert_eq!(Cell::Amount(Money::from_fen(-50_050)).csv(), "-500.50");
    assert_eq!(Cell::Int(3).csv(), "3");
}

#[test]
fn a_cell_longer_than_a_spreadsheet_holds_is_cut_with_a_mark() {
    let fits = "字".repeat(MAX_CELL_CHARS);
    assert_eq!(Cell::Text(fits.clone()).shown(), fits.as_str());
    let long = "字".repeat(MAX_CELL_CHARS + 1);
    let shown = Cell::Text(long).shown().into_owned();
    assert_eq!(shown.chars().count(), MAX_CELL_CHARS);
    assert!(shown.ends_with(CUT_MARK), "the cut is visible");
    let huge = Cell::Text("=".repeat(10 * 1024 * 1024));
    let csv = huge.csv();
    assert_eq!(
        csv.chars().count(),
        MAX_CELL_CHARS,
        "neutralised within the cell"
    );
    assert!(csv.starts_with("'=") && csv.ends_with(CUT_MARK));
}

#[test]
fn the_sheets_write_codes_as_codes() {
    let h = crate::validate::fixture::household();
    let sheet = households_sheet(std::slice::from_ref(&h));
    let col = |name: &str| sheet.headers.iter().position(|c| c == name).unwrap();
    let row = &sheet.rows[0];
    for name in ["户编号", "所在地区代码", "户主证件号码", "联系电话"] {
        assert!(matches!(row[col(name)], Cell::Code(_)), "{name}");
    }
    let members = members_sheet(&[h]);
    let id = members
        .headers
        .iter()
        .position(|c| c == "证件号码")
        .unwrap();
    assert!(matches!(members.rows[0][id], Cell::Code(_)));
    let csv = members.to_csv();
    assert!(csv.contains(",\t522701198003010"), "{csv}");
}
