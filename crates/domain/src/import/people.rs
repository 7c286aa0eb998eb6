//! A roster of workers and reviewers (姓名, 手机号码, 角色, 负责村; 用户名 optional) read into
//! accounts to create, and the enrolment sheets — one per village — that hand each person a
//! username and one-time password.
//!
//! A worker is given villages (12-digit codes), a reviewer a township (9 digits), each within the
//! caller's areas; administrators are not made from a roster. The username is the 用户名 column,
//! else the phone number. A username already taken is left as it is (no new password: an
//! import never resets someone's password), so importing the roster twice creates nobody twice.
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::report::{At, ImportProblem};
use super::rules::ImportRules;
use super::{Table, Value};
use crate::sync::wire::Role;
use crate::sync::Scope;
use crate::validate::is_mobile_phone;
use crate::{text, Text};

/// Longest username.
pub const MAX_USERNAME_CHARS: usize = 32;

/// One account of the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Its row in the roster.
    pub at: At,
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub phone: String,
    pub role: Role,
    pub areas: Vec<String>,
    /// The username is taken: the account is left as it is.
    #[serde(default)]
    pub exists: bool,
}

/// The roster read: the accounts, and its problems (a row with an error is not in `people`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    pub people: Vec<Person>,
    pub problems: Vec<ImportProblem>,
}

/// A created account as its enrolment sheet shows it: the one-time password is shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub areas: Vec<String>,
    /// `None` in a dry run and for an account that existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// The answer to an import of people (`POST office/import/people`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleReport {
    pub dry_run: bool,
    /// Accounts created (or, in a dry run, to create).
    pub created: Vec<Enrolment>,
    /// Usernames already taken, left as they are.
    pub existing: Vec<String>,
    pub problems: Vec<ImportProblem>,
}

/// One sheet to print: an area (a village, or a township for its reviewers) and its accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentSheet {
    pub area_code: String,
    pub people: Vec<Enrolment>,
}

fn column(table: &Table, rules: &ImportRules, key: &str) -> Option<usize> {
    let names = rules.people_columns.get(key)?;
    table.rows.first()?.iter().position(|h| {
        let h = h.text();
        names.contains(&h)
    })
}

/// Reads `table` as a roster; `taken` are the usernames the server has.
pub fn read(table: &Table, rules: &ImportRules, scope: &Scope, taken: &HashSet<String>) -> Roster {
    let mut out = Roster::default();
    let col = |key| column(table, rules, key);
    let (Some(name_col), Some(role_col), Some(areas_col)) =
        (col("name"), col("role"), col("areas"))
    else {
        out.problems.push(ImportProblem::error(
            table.at(),
            "import.roster_columns",
            text!(
                "名单须有“姓名”“角色”“负责村”三列（另可有“手机号码”“用户名”）",
                "The roster needs the columns 姓名 (name), 角色 (role) and 负责村 (villages), and may have 手机号码 (phone) and 用户名 (username)"
            ),
        ));
        return out;
    };
    let (phone_col, user_col) = (col("phone"), col("username"));
    let max = rules.limits.max_cell_chars as usize;
    let mut seen = HashSet::new();
    for (i, row) in table.rows.iter().enumerate().skip(1) {
        if row.iter().all(Value::is_blank) {
            continue;
        }
        let cell = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(Value::text)
                .unwrap_or_default()
        };
        let at_col = |c: usize, key: &str| {
            let header = rules.people_columns[key][0].clone();
            table.at_cell(i, c, &header)
        };
        let mut bad = |at: At, code: &str, message: Text| {
            out.problems.push(ImportProblem::error(at, code, message));
        };
        if row.iter().any(|v| v.chars() > max) {
            bad(
                table.at_row(i),
                "import.cell_too_long",
                text!(
                    "这一行有超过 {max} 个字符的单元格，未导入",
                    "A cell of this row has more than {max} characters; the row was not imported"
                ),
            );
            continue;
        }
        let (name, phone, role_text) =
            (cell(Some(name_col)), cell(phone_col), cell(Some(role_col)));
        if name.is_empty() {
            bad(
                at_col(name_col, "name"),
                "import.name_missing",
                text!("请填写姓名", "Enter the name"),
            );
            continue;
        }
        if !phone.is_empty() && !is_mobile_phone(&phone) {
            let at = at_col(phone_col.unwrap_or(0), "phone");
            bad(
                at,
                "phone.format",
                text!(
                    "手机号码应为以 1 开头的 11 位数字，请核对“{phone}”",
                    "The phone number must be 11 digits starting with 1; check \"{phone}\""
                ),
            );
            continue;
        }
        let Some(role) = role_of(rules, &role_text) else {
            bad(at_col(role_col, "role"), "import.role", text!(
                "角色“{role_text}”应为驻村干部（负责村）或审核员（负责乡镇）；管理员请用命令行创建",
                "Role \"{role_text}\" should be 驻村干部 (a village worker) or 审核员 (a township reviewer); create administrators on the command line"
            ));
            continue;
        };
        let areas: Vec<String> = cell(Some(areas_col))
            .split(['、', ',', '，', ';', '；', ' '])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        let digits = if role == Role::Worker { 12 } else { 9 };
        let wrong = areas
            .iter()
            .find(|a| a.len() != digits || !a.bytes().all(|b| b.is_ascii_digit()));
        if areas.is_empty() || wrong.is_some() {
            let what = wrong.cloned().unwrap_or_default();
            bad(at_col(areas_col, "areas"), "import.areas", text!(
                "负责地区“{what}”不对：驻村干部填 12 位村代码，审核员填 9 位乡镇代码，多个用“、”分隔",
                "The area \"{what}\" is wrong: a worker is given 12-digit village codes, a reviewer a 9-digit township code, several joined with 、"
            ));
            continue;
        }
        if let Some(outside) = areas.iter().find(|a| !scope.covers(a)) {
            bad(
                at_col(areas_col, "areas"),
                "import.outside_area",
                text!(
                    "{outside} 不在您负责的地区内，这一行未导入",
                    "{outside} is outside your areas, so this row was not imported"
                ),
            );
            continue;
        }
        let username = match cell(user_col) {
            u if !u.is_empty() => u,
            _ => phone.clone(),
        };
        if username.is_empty()
            || username.chars().count() > MAX_USERNAME_CHARS
            || username
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            let at = table.at_row(i);
            bad(at, "import.username", text!(
                "请填写用户名（不含空格，最多 {MAX_USERNAME_CHARS} 个字符）或手机号码",
                "Enter a username (no spaces, at most {MAX_USERNAME_CHARS} characters) or a phone number"
            ));
            continue;
        }
        if !seen.insert(username.clone()) {
            bad(
                table.at_row(i),
                "import.duplicate_username",
                text!(
                    "用户名“{username}”在名单中重复，这一行未导入",
                    "The username \"{username}\" is in the roster twice; this row was not imported"
                ),
            );
            continue;
        }
        out.people.push(Person {
            at: table.at_row(i),
            exists: taken.contains(&username),
            username,
            display_name: name,
            phone,
            role,
            areas,
        });
    }
    out
}

fn role_of(rules: &ImportRules, text: &str) -> Option<Role> {
    let is = |key: &str| {
        rules
            .roles
            .get(key)
            .is_some_and(|words| words.iter().any(|w| w.eq_ignore_ascii_case(text)))
    };
    if is("worker") {
        Some(Role::Worker)
    } else if is("reviewer") {
        Some(Role::Reviewer)
    } else {
        None
    }
}

/// The sheets to print: one per village for its workers, one per township for its reviewers,
/// in area order; a worker of two villages is on both sheets.
pub fn enrolment_sheets(created: &[Enrolment]) -> Vec<EnrolmentSheet> {
    let mut by_area: BTreeMap<&str, Vec<Enrolment>> = BTreeMap::new();
    for e in created {
        for area in &e.areas {
            by_area.entry(area).or_default().push(e.clone());
        }
    }
    by_area
        .into_iter()
        .map(|(area, people)| EnrolmentSheet {
            area_code: area.to_owned(),
            people,
        })
        .collect()
}
