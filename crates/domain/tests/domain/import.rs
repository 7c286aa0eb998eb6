//! Importing households in the national layout (#16): the export imports back as itself, each
//! bad row of a hand-made file is reported where it is and refuses only its household, the
//! same file twice stores nothing new, and matching never reaches outside the caller's areas.
use proptest::prelude::*;
use shouwang_domain::id_number::check_char;
use shouwang_domain::import::households::{read, FileHouseholds};
use shouwang_domain::import::plan::{plan, report, Context, Outcome, Planned, Villages};
use shouwang_domain::import::{cell, ImportRules, Table, Value};
use shouwang_domain::office::export::{households_sheet, members_sheet, Cell, Sheet};
use shouwang_domain::sync::wire::Revision;
use shouwang_domain::sync::Scope;
use shouwang_domain::{Household, Money, Policy};

use crate::support::today;

const V1: &str = "532328100201";
const V2: &str = "532328100202";

/// A valid 居民身份证号 of the demo county, born on `birth` (YYYYMMDD), sequence `seq`.
pub fn id_number(birth: &str, seq: u32) -> String {
    let first17 = format!("532328{birth}{:03}", seq % 1000);
    format!("{first17}{}", check_char(&first17).unwrap())
}

/// The twelve sample households, numbered, in two villages, with distinct ID numbers, stored
/// at revisions 1..=12.
pub fn stored() -> Vec<(Revision, Household)> {
    let samples = [
        include_str!("../../samples/01_edge_illness.json"),
        include_str!("../../samples/02_unstable_formerly_poor_disability.json"),
        include_str!("../../samples/03_sudden_hardship_accident.json"),
        include_str!("../../samples/04_sudden_hardship_flood.json"),
        include_str!("../../samples/05_formerly_poor_schooling_dehua.json"),
        include_str!("../../samples/06_edge_unstable_employment.json"),
        include_str!("../../samples/07_lack_of_labour_exit_blocked.json"),
        include_str!("../../samples/08_exit_eligible.json"),
        include_str!("../../samples/09_water_housing_gaps.json"),
        include_str!("../../samples/10_not_at_risk.json"),
        include_str!("../../samples/11_fallback_line_henan.json"),
        include_str!("../../samples/12_procedure_overdue.json"),
    ];
    samples
        .iter()
        .enumerate()
        .map(|(i, json)| {
            let mut h: Household = serde_json::from_str(json).unwrap();
            let village = [V1, V2][i % 2];
            h.area.code = village.into();
            h.area.name = format!("元马镇{}村", i % 2 + 1);
            h.household_number = format!("{village}{:04}", i + 1);
            for (j, m) in h.members.iter_mut().enumerate() {
                if m.id_number.len() == 18 {
                    let birth = m.id_number[6..14].to_owned();
                    let odd = m.id_number.as_bytes()[16] % 2 == 1;
                    m.id_number = id_number(&birth, ((i * 10 + j) * 2 + usize::from(odd)) as u32);
                }
            }
            (Revision(i as u64 + 1), h)
        })
        .collect()
}

fn value(c: &Cell) -> Value {
    match c {
        Cell::Text(s) | Cell::Code(s) => Value::Text(s.clone()),
        Cell::Int(n) => Value::Number(n.to_string()),
        Cell::Amount(m) => Value::Number(m.to_string()),
        Cell::Empty => Value::Empty,
    }
}

/// A sheet of the export as a table read back from the XLSX.
fn table(sheet: &Sheet) -> Table {
    let mut rows = vec![sheet
        .headers
        .iter()
        .map(|h| Value::Text(h.clone()))
        .collect()];
    rows.extend(sheet.rows.iter().map(|r| r.iter().map(value).collect()));
    Table::new("shouwang.xlsx", sheet.name, rows)
}

fn export(households: &[Household]) -> Vec<Table> {
    vec![
        table(&households_sheet(households)),
        table(&members_sheet(households)),
    ]
}

fn scope() -> Scope {
    Scope::new(vec!["532328100".into()])
}

/// Plans `tables` against `stored` for a reviewer of the township.
fn planned(tables: &[Table], stored: &[(Revision, Household)]) -> (FileHouseholds, Vec<Planned>) {
    let file = read(tables, &ImportRules::builtin()).expect("the file is read");
    let villages = Villages::of(stored.iter().map(|(_, h)| h), []);
    let (scope, policy, rules) = (scope(), Policy::builtin(), ImportRules::builtin());
    let ctx = Context {
        scope: &scope,
        villages: &villages,
        policy: &policy,
        rules: &rules,
        today: today(),
    };
    let mut n = 0;
    let plans = plan(&file, stored, &ctx, &mut || {
        n += 1;
        format!("new-{n}")
    });
    (file, plans)
}

fn households(stored: &[(Revision, Household)]) -> Vec<Household> {
    stored.iter().map(|(_, h)| h.clone()).collect()
}

#[test]
fn an_export_imports_back_as_itself() {
    let stored = stored();
    let (file, plans) = planned(&export(&households(&stored)), &stored);
    let r = report(true, &file.problems, &plans, 100);
    assert_eq!(r.errors().count(), 0, "{:#?}", r.problems);
    assert_eq!(
        (r.counts.rows, r.counts.unchanged),
        (12, 12),
        "{:?}",
        r.counts
    );
}

#[test]
fn text_markers_of_the_export_import_as_the_same_value() {
    let stored = stored();
    let mut tables = export(&households(&stored));
    // The ID numbers as a formula-safe export writes them: '-prefixed, or ="…".
    for (t, column) in [(0, "户主证件号码"), (1, "证件号码")] {
        let col = tables[t].rows[0]
            .iter()
            .position(|h| h.text() == column)
            .unwrap();
        for (i, row) in tables[t].rows.iter_mut().enumerate().skip(1) {
            if let Value::Text(s) = &row[col] {
                row[col] = Value::Text(if i % 2 == 0 {
                    format!("'{s}")
                } else {
                    format!("=\"{s}\"")
                });
            }
        }
    }
    let (_, plans) = planned(&tables, &stored);
    assert!(
        plans.iter().all(|p| p.outcome == Outcome::Unchanged),
        "{plans:#?}"
    );
}

#[test]
fn a_changed_cell_is_a_new_version_of_that_household_only() {
    let stored = stored();
    let mut tables = export(&households(&stored));
    let col = tables[0].rows[0]
        .iter()
        .position(|h| h.text() == "工资性收入")
        .unwrap();
    tables[0].rows[3][col] = Value::Number("12345.6".into());
    let (_, plans) = planned(&tables, &stored);
    let changed: Vec<_> = plans
        .iter()
        .filter(|p| p.outcome != Outcome::Unchanged)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    let Outcome::Changed { base, household } = &changed[0].outcome else {
        panic!("{:?}", changed[0].outcome)
    };
    assert_eq!(*base, stored[2].0, "the third row is the third household");
    let mut expected = stored[2].1.clone();
    expected.income.wages = "12345.60".parse::<Money>().unwrap();
    assert_eq!(*household, expected, "only the wages changed");
}

/// A 户 sheet and a 成员 sheet from header and rows of text.
fn sheet(name: &str, headers: &[&str], rows: &[&[&str]]) -> Table {
    let text = |s: &&str| {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text((*s).to_owned())
        }
    };
    let mut all = vec![headers.iter().map(text).collect::<Vec<_>>()];
    all.extend(rows.iter().map(|r| r.iter().map(text).collect()));
    Table::new("乡镇台账.xlsx", name, all)
}

const H: &[&str] = &[
    "户编号",
    "所在地区代码",
    "户主姓名",
    "户主证件号码",
    "户类型",
    "工资性收入",
];
const M: &[&str] = &[
    "户编号",
    "姓名",
    "证件号码",
    "性别",
    "出生日期",
    "与户主关系",
    "文化程度",
    "劳动技能",
    "是否参加基本医疗保险",
    "是否参加基本养老保险",
];

/// A hand-made file with one good household and one bad row of each kind the issue names.
fn bad_file() -> Vec<Table> {
    let head = |seq| id_number("19800101", seq);
    let (good, wrong, far, heirless, money) = (head(11), head(13), head(15), head(17), head(19));
    let mut bad_digit = id_number("19850505", 22);
    bad_digit.replace_range(17.., if bad_digit.ends_with('0') { "1" } else { "0" });
    let spouse = id_number("19820303", 24);
    let son = id_number("20050101", 31);
    let households = sheet(
        "户",
        H,
        &[
            &["H001", V1, "张一", &good, "一般农户", "30000"],
            &["H002", V1, "张二", &wrong, "一般农户", "30000"],
            &["H003", "532328100299", "张三", &far, "一般农户", "30000"],
            &["H004", V1, "", "", "一般农户", "30000"],
            &["H005", V1, "张五", &money, "脱贫户", "三万"],
        ],
    );
    let person =
        |number: &str, name: &str, id: &str, sex: &str, birth: &str, rel: &str| -> Vec<String> {
            [
                number,
                name,
                id,
                sex,
                birth,
                rel,
                "初中",
                "普通劳动力",
                "是",
                "是",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
        };
    let rows = [
        person("H001", "张一", &good, "男", "1980-01-01", "户主"),
        person("H001", "李一", &spouse, "女", "1982-03-03", "配偶"),
        person("H002", "张二", &wrong, "男", "1980-01-01", "户主"),
        person("H002", "李二", &bad_digit, "女", "1985-05-05", "配偶"),
        person("H003", "张三", &far, "男", "1980-01-01", "户主"),
        person("H004", "张四", &son, "男", "2005-01-01", "之子"),
        person("H005", "张五", &money, "男", "1980-01-01", "户主"),
        person("H999", "王九", &heirless, "男", "1980-01-01", "户主"),
    ];
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    vec![households, sheet("家庭成员", M, &rows)]
}

/// The problems of the report as (sheet, row, column, code), errors only.
fn errors(file: &FileHouseholds, plans: &[Planned]) -> Vec<(String, u32, String, String)> {
    report(true, &file.problems, plans, 100)
        .errors()
        .map(|p| {
            (
                p.at.sheet.clone(),
                p.at.row.unwrap_or(0),
                p.at.column.clone().unwrap_or_default(),
                p.code.clone(),
            )
        })
        .collect()
}

#[test]
fn each_bad_row_is_reported_where_it_is_and_only_good_households_are_stored() {
    let stored = stored();
    let (file, plans) = planned(&bad_file(), &stored);
    let found = errors(&file, &plans);
    let expect = |sheet: &str, row: u32, column: &str, code: &str| {
        let hit = (sheet.to_owned(), row, column.to_owned(), code.to_owned());
        assert!(found.contains(&hit), "{hit:?} not in {found:#?}");
    };
    expect("家庭成员", 9, "户编号", "import.household_missing");
    expect("家庭成员", 5, "证件号码", "id_number.checksum");
    expect("户", 4, "所在地区代码", "import.unknown_village");
    expect("户", 5, "", "relation.head_missing");
    expect("户", 6, "工资性收入", "import.bad_cell");
    assert_eq!(found.len(), 5, "one error per bad row: {found:#?}");
    let outcomes: Vec<bool> = plans
        .iter()
        .map(|p| matches!(p.outcome, Outcome::New(_)))
        .collect();
    assert_eq!(outcomes, [true, false, false, false, false]);
    let r = report(true, &file.problems, &plans, 100);
    let message = &r
        .problems
        .iter()
        .find(|p| p.code == "import.bad_cell")
        .unwrap()
        .message;
    assert!(
        message.zh.contains("三万") && message.en.contains("not an amount"),
        "{message:?}"
    );
}

#[test]
fn the_same_file_twice_stores_nothing_new() {
    let mut stored = stored();
    let (_, first) = planned(&bad_file(), &stored);
    let Outcome::New(h) = &first[0].outcome else {
        panic!()
    };
    assert_eq!(h.members.len(), 2);
    assert_eq!(h.area.name, "元马镇1村", "the village's stored name");
    stored.push((Revision(13), h.clone()));
    let (_, second) = planned(&bad_file(), &stored);
    assert_eq!(second[0].outcome, Outcome::Unchanged, "{:#?}", second[0]);
}

#[test]
fn a_record_id_must_name_a_household_of_the_callers() {
    let stored = stored();
    let mut tables = export(&households(&stored[..1]));
    // The file claims a record id the caller does not hold (another county's, or made up).
    let id_col = tables[0].rows[0]
        .iter()
        .position(|h| h.text() == "记录编号")
        .unwrap();
    tables[0].rows[1][id_col] = Value::Text("11111111-2222-4333-8444-555555555555".into());
    let (file, plans) = planned(&tables, &stored);
    assert_eq!(plans[0].outcome, Outcome::Refused);
    assert!(errors(&file, &plans)
        .iter()
        .any(|e| e.3 == "import.unknown_record"));
}

#[test]
fn a_village_outside_the_callers_areas_is_refused() {
    let stored = stored();
    let mut tables = bad_file();
    tables[0].rows[1][1] = Value::Text("532328101201".into());
    let (file, plans) = planned(&tables, &stored);
    assert_eq!(plans[0].outcome, Outcome::Refused);
    assert!(errors(&file, &plans).contains(&(
        "户".into(),
        2,
        "所在地区代码".into(),
        "import.outside_area".into()
    )));
}

#[test]
fn a_household_without_a_number_is_found_by_its_heads_id_number() {
    let mut stored = stored();
    stored[0].1.household_number.clear();
    let mut tables = export(&households(&stored[..1]));
    for t in &mut tables {
        let id = t.rows[0]
            .iter()
            .position(|h| h.text().contains("记录编号"))
            .unwrap();
        let number = t.rows[0].iter().position(|h| h.text() == "户编号").unwrap();
        for row in t.rows.iter_mut().skip(1) {
            row[id] = Value::Empty;
            row[number] = Value::Text("5323281002010099".into());
        }
    }
    let (_, plans) = planned(&tables, &stored);
    let Outcome::Changed { base, household } = &plans[0].outcome else {
        panic!("{:#?}", plans[0])
    };
    assert_eq!(*base, stored[0].0);
    assert_eq!(
        household.household_number, "5323281002010099",
        "the number the file gives"
    );
    assert_eq!(
        household.members, stored[0].1.members,
        "same members, matched by ID number"
    );
}

#[test]
fn an_import_never_deletes_a_member_or_clears_a_field() {
    let stored = stored();
    let mut tables = export(&households(&stored[..1]));
    tables[1].rows.truncate(2); // only the first member row
    let address = tables[0].rows[0]
        .iter()
        .position(|h| h.text() == "家庭住址")
        .unwrap();
    tables[0].rows[1][address] = Value::Empty;
    let (_, plans) = planned(&tables, &stored);
    assert_eq!(plans[0].outcome, Outcome::Unchanged, "{:#?}", plans[0]);
}

#[test]
fn a_number_too_long_to_be_exact_and_a_cell_too_long_refuse_their_household() {
    let stored = stored();
    let mut tables = export(&households(&stored[..2]));
    let id = tables[1].rows[0]
        .iter()
        .position(|h| h.text() == "证件号码")
        .unwrap();
    tables[1].rows[1][id] = Value::Number("532328198001011300".into());
    let address = tables[0].rows[0]
        .iter()
        .position(|h| h.text() == "家庭住址")
        .unwrap();
    let limit = ImportRules::builtin().limits.max_cell_chars as usize;
    tables[0].rows[2][address] = Value::Text("长".repeat(limit + 1));
    let (file, plans) = planned(&tables, &stored);
    assert_eq!(plans[0].outcome, Outcome::Refused);
    assert_eq!(plans[1].outcome, Outcome::Refused);
    let codes: Vec<String> = errors(&file, &plans).into_iter().map(|e| e.3).collect();
    assert_eq!(codes, ["import.digits_lost", "import.cell_too_long"]);
}

#[test]
fn a_file_over_the_row_limit_is_refused_whole() {
    let mut rules = ImportRules::builtin();
    rules.limits.max_rows = 3;
    let e = read(&bad_file(), &rules).unwrap_err();
    assert_eq!(e.code, "import.too_many_rows");
    assert!(
        e.message.zh.contains("上限 3") && e.message.en.contains("split"),
        "{:?}",
        e.message
    );
}

#[test]
fn two_rows_of_one_household_and_two_columns_of_one_field_are_refused() {
    let stored = stored();
    let mut tables = export(&households(&stored[..2]));
    let row = tables[0].rows[1].clone();
    tables[0].rows.push(row);
    let (file, plans) = planned(&tables, &stored);
    assert_eq!(plans[0].outcome, Outcome::Refused);
    assert_eq!(plans[2].outcome, Outcome::Refused);
    assert_eq!(plans[1].outcome, Outcome::Unchanged);
    assert!(errors(&file, &plans)
        .iter()
        .any(|e| e.3 == "import.duplicate_household"));
    let mut twice = bad_file();
    twice[0].rows[0][5] = Value::Text("户编号".into());
    assert_eq!(
        read(&twice, &ImportRules::builtin()).unwrap_err().code,
        "import.duplicate_column"
    );
}

proptest! {
    /// Every amount, date and label reads back as the export writes it.
    #[test]
    fn cells_read_back_as_written(fen in -10_000_000_000i64..10_000_000_000, days in 0i64..60_000) {
        let m = Money::from_fen(fen);
        prop_assert_eq!(cell::money(&m.to_string()), Ok(m));
        let d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        prop_assert_eq!(cell::date(&d.to_string()), Ok(d));
    }

    /// A household whose figures and texts change imports as exactly that change.
    #[test]
    fn edited_cells_import_as_the_edit(
        wages in 0i64..10_000_000,
        helper in "[\\p{Han}a-z0-9]{0,12}",
        months in 0u8..=12,
        which in 0usize..12,
    ) {
        let stored = stored();
        let mut edited = households(&stored);
        edited[which].income.wages = Money::from_fen(wages * 10);
        if !helper.is_empty() {
            edited[which].monitoring.helper = helper.clone();
        }
        edited[which].members[0].work_months = months;
        edited[which].members[0].work_place = "昆明".into();
        let (_, plans) = planned(&export(&edited), &stored);
        for (i, p) in plans.iter().enumerate() {
            match &p.outcome {
                Outcome::Unchanged => prop_assert!(i != which || edited[i] == stored[i].1),
                Outcome::Changed { household, .. } => prop_assert_eq!(household, &edited[i]),
                Outcome::Refused => {
                    // Only when the edit made the record invalid (e.g. 务工 months without a place).
                    prop_assert_eq!(i, which);
                    prop_assert!(p.problems.iter().any(|e| e.is_error()));
                }
                Outcome::New(_) => prop_assert!(false, "nothing is new"),
            }
        }
    }
}
