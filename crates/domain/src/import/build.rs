//! Building a household from its file rows over the stored version, and checking it: the
//! fields of the 户 and 成员 rows, the exit, the members (matched by 成员编号 or 证件号码, never
//! removed), the 户主, the village, and the domain's validation placed at the row and column.
//! What becomes of it is [`super::plan`]'s.

// A problem carries its place and both languages' message, so it is large; it is built once per
// refused row, never on the path of a good row, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

use chrono::NaiveDate;

use super::cell;
use super::fields::{Field, MEMBER, MEMBER_REQUIRED};
use super::households::FileRow;
use super::plan::Context;
use super::report::{At, ImportProblem};
use crate::id_number::IdNumber;
use crate::model::{AreaCode, Exit, ExitMode, Member};
use crate::office::export::header;
use crate::validate::{id_key, validate};
use crate::{text, Household, Rules, Severity, Text};

pub(super) fn set_fields<T>(
    target: &mut T,
    fields: &[Field<T>],
    row: &FileRow,
    out: &mut Vec<ImportProblem>,
) {
    for field in fields {
        if let Some(c) = row.get(field.key) {
            if let Err(message) = (field.set)(target, &c.value) {
                out.push(ImportProblem::error(c.at(), "import.bad_cell", message));
            }
        }
    }
}

/// 风险消除方式 and 风险消除时间 go together.
pub(super) fn set_exit(h: &mut Household, row: &FileRow, out: &mut Vec<ImportProblem>) {
    let (mode, date) = (
        row.get("monitoring.exit.mode"),
        row.get("monitoring.exit.date"),
    );
    let read = || -> Result<Option<Exit>, (At, Text)> {
        match (mode, date) {
            (None, None) => Ok(h.monitoring.exit.clone()),
            (Some(m), Some(d)) => Ok(Some(Exit {
                mode: cell::label(&ExitMode::ALL, &m.value).map_err(|e| (m.at(), e))?,
                date: cell::date(&d.value).map_err(|e| (d.at(), e))?,
            })),
            (Some(c), None) | (None, Some(c)) => Err((
                c.at(),
                text!(
                    "风险消除方式和风险消除时间须同时填写",
                    "风险消除方式 and 风险消除时间 (how and when the risk was eliminated) go together"
                ),
            )),
        }
    };
    match read() {
        Ok(exit) => h.monitoring.exit = exit,
        Err((at, message)) => out.push(ImportProblem::error(at, "import.bad_cell", message)),
    }
}

/// Writes the member rows into `h`; returns, per member of the result, the row it came from.
pub(super) fn set_members<'r>(
    h: &mut Household,
    rows: &'r [FileRow],
    blank: &Member,
    out: &mut Vec<ImportProblem>,
) -> Vec<Option<&'r FileRow>> {
    let mut from: Vec<Option<&FileRow>> = vec![None; h.members.len()];
    if rows.is_empty() {
        return from;
    }
    for row in rows {
        let by_id = row
            .get("members.id")
            .and_then(|c| h.members.iter().position(|m| m.id == c.value));
        let key = row.get("members.id_number").and_then(|c| id_key(&c.value));
        let by_number = key.as_ref().and_then(|k| {
            h.members
                .iter()
                .position(|m| id_key(&m.id_number).as_ref() == Some(k))
        });
        let i = match by_id.or(by_number) {
            Some(i) if from[i].is_some() => {
                out.push(ImportProblem::error(
                    row.at.clone(),
                    "import.same_member_twice",
                    text!(
                        "这一成员在本户中出现了两次，该户未导入",
                        "This member appears twice in the household; the household was not imported"
                    ),
                ));
                continue;
            }
            Some(i) => i,
            None => {
                let id = match row.get("members.id") {
                    Some(c) => c.value.clone(),
                    None => (1..)
                        .map(|n| format!("m{n}"))
                        .find(|id| h.members.iter().all(|m| &m.id != id))
                        .unwrap_or_default(),
                };
                let member = new_member(blank, id, row, out);
                h.members.push(member);
                from.push(None);
                h.members.len() - 1
            }
        };
        set_fields(&mut h.members[i], MEMBER, row, out);
        from[i] = Some(row);
    }
    from
}

/// A member the household did not have: what the row says, 性别 and 出生日期 from a valid
/// 居民身份证号 when the row leaves them empty.
pub(super) fn new_member(
    blank: &Member,
    id: String,
    row: &FileRow,
    out: &mut Vec<ImportProblem>,
) -> Member {
    let mut m = Member {
        id,
        ..blank.clone()
    };
    let parsed = row
        .get("members.id_number")
        .and_then(|c| IdNumber::parse(&c.value).ok());
    if let Some(n) = &parsed {
        m.sex = n.sex();
        m.birth_date = Some(n.birth_date());
    }
    for key in MEMBER_REQUIRED {
        if row.get(key).is_none() && !(*key == "members.sex" && parsed.is_some()) {
            let name = header(key);
            out.push(ImportProblem::error(
                row.at.clone(),
                "import.member_field_missing",
                text!("新成员须填写{name}", "A new member needs {name}"),
            ));
        }
    }
    m
}

/// The 户主 the 户 sheet names is the household's.
pub(super) fn check_head(h: &Household, row: &FileRow, out: &mut Vec<ImportProblem>) {
    let Some(head) = h.head() else { return };
    if let Some(c) = row.get("head_id_number") {
        if id_key(&c.value) != id_key(&head.id_number) {
            let (v, theirs) = (&c.value, &head.id_number);
            out.push(ImportProblem::error(
                c.at(),
                "import.head_differs",
                text!(
                    "户主证件号码“{v}”与成员中的户主（{theirs}）不一致",
                    "户主证件号码 \"{v}\" differs from the head of household's ID number ({theirs})"
                ),
            ));
        }
    }
    if let Some(c) = row.get("head_name").filter(|c| c.value != head.name) {
        let (v, theirs) = (&c.value, &head.name);
        out.push(ImportProblem::error(
            c.at(),
            "import.head_differs",
            text!(
                "户主姓名“{v}”与成员中的户主（{theirs}）不一致",
                "户主姓名 \"{v}\" differs from the head of household's name ({theirs})"
            ),
        ));
    }
}

/// The village is the caller's and known; a new household takes the village's stored name.
pub(super) fn check_area(
    h: &mut Household,
    row: &FileRow,
    ctx: &Context,
    out: &mut Vec<ImportProblem>,
) {
    let at = row.at("area.code");
    let code = h.area.code.clone();
    if code.parse::<AreaCode>().is_err() || code.ends_with("000") {
        out.push(ImportProblem::error(
            at,
            "import.unknown_village",
            text!(
                "所在地区代码“{code}”不是 12 位的村级统计用区划代码，未导入",
                "所在地区代码 \"{code}\" is not a 12-digit village code, so the household was not imported"
            ),
        ));
        return;
    }
    if !ctx.scope.contains(&code) {
        out.push(ImportProblem::error(
            at,
            "import.outside_area",
            text!(
                "{code} 不在您负责的地区内，该户未导入",
                "{code} is outside your areas, so the household was not imported"
            ),
        ));
        return;
    }
    if !ctx.villages.contains(&code) {
        out.push(ImportProblem::error(
            at,
            "import.unknown_village",
            text!(
                "{code} 不是本地已知的村（没有驻村干部负责、也没有已登记的农户），未导入；如是新村，请先为驻村干部分配该村",
                "{code} is not a known village (no worker is assigned to it and no household is stored in it), so the household was not imported; for a new village, assign a worker to it first"
            ),
        ));
        return;
    }
    if h.area.name.is_empty() {
        h.area.name = ctx.villages.name(&code).unwrap_or_default().to_owned();
    }
}

/// The validation errors of the built record, placed at the row and column they are about.
pub(super) fn validation(
    h: &Household,
    row: &FileRow,
    member_rows: &[Option<&FileRow>],
    rules: &Rules,
    today: NaiveDate,
    out: &mut Vec<ImportProblem>,
) {
    for p in validate(h, rules, today) {
        if p.severity != Severity::Error {
            continue;
        }
        let (member, key) = split_path(&p.field);
        let at = match member.and_then(|i| member_rows.get(i).copied().flatten()) {
            Some(mrow) => locate(mrow, &key),
            None => locate(row, &key),
        };
        out.push(ImportProblem::error(at, &p.code, p.message));
    }
}

/// `members[2].health.disabled` → (Some(2), `members.health.disabled`).
pub(super) fn split_path(path: &str) -> (Option<usize>, String) {
    let member = path
        .strip_prefix("members[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|i| i.parse().ok());
    let mut key = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => key.push(c),
            _ => {}
        }
    }
    (member, key)
}

/// The cell of `key` in `row` or of the nearest field above it; the row when none.
pub(super) fn locate(row: &FileRow, key: &str) -> At {
    let mut k = key;
    loop {
        if let Some(c) = row.get(k) {
            return c.at();
        }
        match k.rsplit_once('.') {
            Some((parent, _)) => k = parent,
            None => return row.at.clone(),
        }
    }
}
