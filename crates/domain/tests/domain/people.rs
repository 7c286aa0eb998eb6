//! The roster of workers and reviewers (#16): each good row an account, each bad row reported
//! where it is, a taken username left as it is, and one enrolment sheet per village.
use std::collections::HashSet;

use shouwang_domain::import::people::{enrolment_sheets, read, Enrolment};
use shouwang_domain::import::{ImportRules, Table, Value};
use shouwang_domain::sync::wire::Role;
use shouwang_domain::sync::Scope;

fn roster(rows: &[[&str; 5]]) -> Table {
    let mut all = vec![["姓名", "手机号码", "角色", "负责村", "用户名"]
        .iter()
        .map(|h| Value::Text((*h).into()))
        .collect::<Vec<_>>()];
    for r in rows {
        all.push(r.iter().map(|c| Value::Text((*c).into())).collect());
    }
    Table::new("名单.csv", "", all)
}

#[test]
fn a_roster_becomes_accounts_and_each_bad_row_is_reported() {
    let table = roster(&[
        [
            "李驻村",
            "13800000001",
            "驻村干部",
            "532328100201、532328100202",
            "",
        ],
        ["王审核", "13800000002", "审核员", "532328100", "wangsh"],
        ["赵某", "1380000", "驻村干部", "532328100201", ""],
        ["钱某", "13800000004", "村长", "532328100201", ""],
        ["孙某", "13800000005", "驻村干部", "532328100", ""],
        ["周某", "13800000006", "驻村干部", "532328101201", ""],
        ["吴某", "13800000007", "驻村干部", "532328100201", "wangsh"],
        ["郑某", "13800000008", "驻村干部", "532328100202", "zheng"],
    ]);
    let taken: HashSet<String> = ["zheng".to_string()].into();
    let scope = Scope::new(vec!["532328100".into()]);
    let r = read(&table, &ImportRules::builtin(), &scope, &taken);
    let made: Vec<(&str, Role, bool)> = r
        .people
        .iter()
        .map(|p| (p.username.as_str(), p.role, p.exists))
        .collect();
    assert_eq!(
        made,
        [
            ("13800000001", Role::Worker, false),
            ("wangsh", Role::Reviewer, false),
            ("zheng", Role::Worker, true),
        ]
    );
    assert_eq!(r.people[0].areas, ["532328100201", "532328100202"]);
    let problems: Vec<(u32, &str)> = r
        .problems
        .iter()
        .map(|p| (p.at.row.unwrap(), p.code.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (4, "phone.format"),
            (5, "import.role"),
            (6, "import.areas"),
            (7, "import.outside_area"),
            (8, "import.duplicate_username"),
        ]
    );
    assert!(r
        .problems
        .iter()
        .all(|p| !p.message.zh.is_empty() && !p.message.en.is_empty()));
}

#[test]
fn a_roster_without_its_columns_is_refused_with_their_names() {
    let t = Table::new("x.csv", "", vec![vec![Value::Text("名字".into())]]);
    let r = read(
        &t,
        &ImportRules::builtin(),
        &Scope::new(vec![String::new()]),
        &HashSet::new(),
    );
    assert!(r.people.is_empty());
    assert!(
        r.problems[0].message.zh.contains("负责村"),
        "{:?}",
        r.problems
    );
}

#[test]
fn one_enrolment_sheet_per_village_and_one_per_township() {
    let e = |u: &str, role, areas: &[&str]| Enrolment {
        username: u.into(),
        display_name: u.into(),
        role,
        areas: areas.iter().map(|a| a.to_string()).collect(),
        password: Some("pw".into()),
    };
    let created = [
        e("a", Role::Worker, &["532328100201", "532328100202"]),
        e("b", Role::Worker, &["532328100202"]),
        e("r", Role::Reviewer, &["532328100"]),
    ];
    let sheets = enrolment_sheets(&created);
    let shape: Vec<(&str, Vec<&str>)> = sheets
        .iter()
        .map(|s| {
            (
                s.area_code.as_str(),
                s.people.iter().map(|p| p.username.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("532328100", vec!["r"]),
            ("532328100201", vec!["a"]),
            ("532328100202", vec!["a", "b"]),
        ]
    );
}
