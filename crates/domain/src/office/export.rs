//! The office's exports: one row per household and one per member, headed by the national field
//! names (DOMAIN.md §10, [`crate::labels::FIELD_NAMES`]). The layout is defined here once; the
//! server writes it as CSV ([`Sheet::to_csv`]) and as XLSX (two sheets, 户 and 成员).
//!
//! The 监测对象类别, a province's own category and the social-assistance statuses are written in
//! the terms of each record's identification date ([`crate::policy::terms`]), so older records
//! keep theirs. Other code-list values are written as their Chinese labels, yes/no as 是/否,
//! dates as YYYY-MM-DD and money as yuan. What is safe to open on the office PC is decided here too:
//!
//! - free text that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a
//!   tab, a carriage return or a NUL: OWASP's CSV-injection rule) is neutralised — in CSV by a
//!   leading `'` ([`Cell::csv`]), in XLSX by the cell's quote prefix ([`Cell::is_formula_like`]);
//! - ID numbers, phones and codes ([`Cell::Code`]) stay text: in CSV a leading tab, which Excel
//!   and WPS read as text (no 5.3E+17, no lost leading zero) and which is not a formula; in XLSX
//!   a text cell;
//! - a cell longer than a spreadsheet cell holds ([`MAX_CELL_CHARS`]) is cut with a visible mark
//!   ([`Cell::shown`]) rather than failing the export; the stored record keeps all of it.
use std::borrow::Cow;

use chrono::NaiveDate;

use crate::labels::{field_name, Label};
use crate::model::Member;
use crate::{Household, Money, Policy};

/// The most characters a cell of Excel (and WPS) holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// What ends a cell cut to [`MAX_CELL_CHARS`].
const CUT_MARK: &str = "…【超长，已截断 / too long, cut】";

/// One cell of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Free text as entered (or a label).
    Text(String),
    /// An identifier that must stay text: an ID number, a phone, an area code, a 户编号.
    Code(String),
    Int(i64),
    /// Money in yuan (a number in XLSX).
    Amount(Money),
    Empty,
}

/// Whether a spreadsheet could take text beginning so for a formula (or strip it and then do).
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r', '\0'])
}

impl Cell {
    /// The cell's text as written (no neutralising), cut to [`MAX_CELL_CHARS`] with a mark.
    pub fn shown(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) | Cell::Code(s) => cut(s, MAX_CELL_CHARS),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Amount(m) => Cow::Owned(m.to_string()),
            Cell::Empty => Cow::Borrowed(""),
        }
    }

    /// Text that must be kept from being read as a formula (quote prefix in XLSX, `'` in CSV).
    pub fn is_formula_like(&self) -> bool {
        matches!(self, Cell::Text(s) | Cell::Code(s) if formula_like(s))
    }

    /// The cell as a CSV field's content (before quoting): neutralised, codes kept as text.
    pub fn csv(&self) -> Cow<'_, str> {
        // The prefix counts in the cell: the text is cut one shorter.
        let prefixed =
            |prefix: char, s: &str| Cow::Owned(format!("{prefix}{}", cut(s, MAX_CELL_CHARS - 1)));
        match self {
            Cell::Text(s) | Cell::Code(s) if formula_like(s) => prefixed('\'', s),
            // A tab in front: Excel and WPS then keep the digits as text.
            Cell::Code(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                prefixed('\t', s)
            }
            _ => self.shown(),
        }
    }
}

/// `s`, or its beginning and [`CUT_MARK`] when longer than `max` characters.
fn cut(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max || s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let keep = max - CUT_MARK.chars().count();
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(CUT_MARK);
    Cow::Owned(out)
}

/// One sheet: a name, the headers and the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// 户 or 成员.
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Columns that are not national fields: the record ids that join the two sheets.
const EXTRA_NAMES: &[(&str, &str)] = &[("id", "记录编号"), ("household_id", "户记录编号")];

/// The header of a column key: the national name, or one of [`EXTRA_NAMES`] (the import reads
/// the same headers).
pub fn header(key: &str) -> String {
    field_name(key)
        .map(|t| t.zh)
        .or_else(|| {
            EXTRA_NAMES
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, zh)| (*zh).to_owned())
        })
        .unwrap_or_else(|| key.to_owned())
}

/// A column: its key (a [`FIELD_NAMES`](crate::labels::FIELD_NAMES) key) and how to read it.
struct Column<F> {
    key: &'static str,
    value: F,
}

/// What a column may look up beyond the record: the terms in force.
struct Ctx<'a> {
    policy: &'a Policy,
    today: NaiveDate,
}

impl Ctx<'_> {
    fn terms(&self, h: &Household) -> crate::policy::Terms {
        self.policy
            .terms(h.area.parsed_code().as_ref(), h.terms_date(self.today))
    }
}

type HouseholdValue = fn(&Household, &Ctx) -> Cell;
type MemberValue = fn(&Household, &Member) -> Cell;

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn code(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Code(s.to_owned())
    }
}

fn yes_no(b: bool) -> Cell {
    Cell::Text(if b { "是" } else { "否" }.to_owned())
}

fn date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
}

fn label<T: Label>(v: Option<T>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Text(v.label().zh))
}

fn joined<T: Label>(items: impl Iterator<Item = T>) -> Cell {
    let names: Vec<String> = items.map(|i| i.label().zh).collect();
    if names.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(names.join("、"))
    }
}

fn head(h: &Household) -> Option<&Member> {
    h.head()
}

#[rustfmt::skip]
const HOUSEHOLD_COLUMNS: &[Column<HouseholdValue>] = &[
    Column { key: "id", value: |h, _| text(&h.id.0) },
    Column { key: "household_number", value: |h, _| code(&h.household_number) },
    Column { key: "area.code", value: |h, _| code(&h.area.code) },
    Column { key: "area.name", value: |h, _| text(&h.area.name) },
    Column { key: "address", value: |h, _| text(&h.address) },
    Column { key: "head_name", value: |h, _| head(h).map_or(Cell::Empty, |m| text(&m.name)) },
    Column { key: "head_id_number", value: |h, _| head(h).map_or(Cell::Empty, |m| code(&m.id_number)) },
    Column { key: "phone", value: |h, _| code(&h.phone) },
    Column { key: "household_size", value: |h, _| Cell::Int(i64::from(h.size())) },
    Column { key: "household_type", value: |h, _| label(Some(h.household_type)) },
    Column { key: "relocated", value: |h, _| yes_no(h.relocated) },
    Column { key: "resettlement_site", value: |h, _| text(&h.resettlement_site) },
    Column { key: "housing_grade", value: |h, _| label(h.housing_grade) },
    Column { key: "guarantees.food_clothing_insecure", value: |h, _| yes_no(h.guarantees.food_clothing_insecure) },
    Column { key: "guarantees.housing_unsafe", value: |h, _| yes_no(h.guarantees.housing_unsafe) },
    Column { key: "guarantees.school_dropout", value: |h, _| yes_no(h.guarantees.school_dropout) },
    Column { key: "guarantees.medical_insurance_gap", value: |h, _| yes_no(h.guarantees.medical_insurance_gap) },
    Column { key: "guarantees.water_unsafe", value: |h, _| yes_no(h.guarantees.water_unsafe) },
    Column { key: "income.wages", value: |h, _| Cell::Amount(h.income.wages) },
    Column { key: "income.business", value: |h, _| Cell::Amount(h.income.business) },
    Column { key: "income.property", value: |h, _| Cell::Amount(h.income.property) },
    Column { key: "income.transfers", value: |h, _| Cell::Amount(h.income.transfers) },
    Column { key: "income.production_costs", value: |h, _| Cell::Amount(h.income.production_costs) },
    Column { key: "income.insurance_claims", value: |h, _| Cell::Amount(h.income.insurance_claims) },
    Column { key: "income.spending.medical", value: |h, _| Cell::Amount(h.income.spending.medical) },
    Column { key: "income.spending.education", value: |h, _| Cell::Amount(h.income.spending.education) },
    Column { key: "net_income", value: |h, _| Cell::Amount(h.income.net()) },
    Column { key: "per_capita_net_income", value: |h, _| h.income.net().per_capita(h.size()).map_or(Cell::Empty, Cell::Amount) },
    Column { key: "monitoring.category", value: |h, c| h.monitoring.category.map_or(Cell::Empty, |k| Cell::Text(c.terms(h).category_label(k).zh)) },
    Column { key: "monitoring.local_category", value: |h, c| h.monitoring.local_category.as_deref().map_or(Cell::Empty, |code| text(&c.terms(h).local_category(code).map_or_else(|| code.to_owned(), |t| t.label.zh.clone()))) },
    Column { key: "monitoring.assistance", value: |h, c| { let t = c.terms(h); let names: Vec<String> = h.assistance_codes().iter().map(|code| t.status(code).map_or_else(|| code.clone(), |s| s.label.zh.clone())).collect(); text(&names.join("、")) } },
    Column { key: "monitoring.risks", value: |h, _| joined(h.monitoring.risks.iter().map(|r| r.kind)) },
    Column { key: "monitoring.identified_on", value: |h, _| date(h.monitoring.identified_on) },
    Column { key: "monitoring.helper", value: |h, _| text(&h.monitoring.helper) },
    Column { key: "monitoring.procedure.lead_found", value: |h, _| date(h.monitoring.procedure.lead_found) },
    Column { key: "monitoring.procedure.county_approval", value: |h, _| date(h.monitoring.procedure.county_approval) },
    Column { key: "measures", value: |h, _| joined(h.measures.iter().map(|m| m.kind)) },
    Column { key: "monitoring.exit.mode", value: |h, _| label(h.monitoring.exit.as_ref().map(|e| e.mode)) },
    Column { key: "monitoring.exit.date", value: |h, _| date(h.monitoring.exit.as_ref().map(|e| e.date)) },
];

fn health(m: &Member) -> Cell {
    let h = &m.health;
    let mut parts = Vec::new();
    if h.is_healthy() {
        parts.push("健康");
    }
    if h.chronic_illness {
        parts.push("长期慢性病");
    }
    if h.serious_illness {
        parts.push("患有大病");
    }
    if h.disabled {
        parts.push("残疾");
    }
    Cell::Text(parts.join("、"))
}

#[rustfmt::skip]
const MEMBER_COLUMNS: &[Column<MemberValue>] = &[
    Column { key: "household_id", value: |h, _| text(&h.id.0) },
    Column { key: "household_number", value: |h, _| code(&h.household_number) },
    Column { key: "area.code", value: |h, _| code(&h.area.code) },
    Column { key: "head_name", value: |h, _| head(h).map_or(Cell::Empty, |m| text(&m.name)) },
    Column { key: "members.id", value: |_, m| text(&m.id) },
    Column { key: "members.name", value: |_, m| text(&m.name) },
    Column { key: "members.id_type", value: |_, m| label(Some(m.id_type)) },
    Column { key: "members.id_number", value: |_, m| code(&m.id_number) },
    Column { key: "members.sex", value: |_, m| label(Some(m.sex)) },
    Column { key: "members.birth_date", value: |_, m| date(m.birth_date) },
    Column { key: "members.relation", value: |_, m| label(Some(m.relation)) },
    Column { key: "members.education", value: |_, m| label(m.education) },
    Column { key: "members.school_stage", value: |_, m| label(m.school_stage) },
    Column { key: "members.health", value: |_, m| health(m) },
    Column { key: "members.health.disability_grade", value: |_, m| m.health.disability_grade.map_or(Cell::Empty, |g| Cell::Int(i64::from(g))) },
    Column { key: "members.labour", value: |_, m| label(Some(m.labour)) },
    Column { key: "members.work_place", value: |_, m| text(&m.work_place) },
    Column { key: "members.work_months", value: |_, m| Cell::Int(i64::from(m.work_months)) },
    Column { key: "members.medical_insurance", value: |_, m| yes_no(m.medical_insurance) },
    Column { key: "members.pension_insurance", value: |_, m| yes_no(m.pension_insurance) },
    Column { key: "members.dibao", value: |_, m| yes_no(m.dibao) },
    Column { key: "members.tekun", value: |_, m| yes_no(m.tekun) },
    Column { key: "members.counted", value: |_, m| yes_no(m.counted) },
];

/// The 户 sheet: one row per household, in the order given (voided households left out), in
/// the terms of the built-in policy (a record not yet identified in the latest terms). [`households_sheet_in`] takes the policy in
/// force and the day.
pub fn households_sheet(households: &[Household]) -> Sheet {
    households_sheet_in(households, &Policy::builtin(), NaiveDate::MAX)
}

/// The 户 sheet under `policy`'s terms: each record in the terms of its identification date, a
/// record not yet identified in those of `today`.
pub fn households_sheet_in(households: &[Household], policy: &Policy, today: NaiveDate) -> Sheet {
    let ctx = Ctx { policy, today };
    Sheet {
        name: "户",
        headers: HOUSEHOLD_COLUMNS.iter().map(|c| header(c.key)).collect(),
        rows: households
            .iter()
            .filter(|h| !h.is_voided())
            .map(|h| {
                HOUSEHOLD_COLUMNS
                    .iter()
                    .map(|c| (c.value)(h, &ctx))
                    .collect()
            })
            .collect(),
    }
}

/// The 成员 sheet: one row per member, household by household; voided households are left out.
pub fn members_sheet(households: &[Household]) -> Sheet {
    Sheet {
        name: "成员",
        headers: MEMBER_COLUMNS.iter().map(|c| header(c.key)).collect(),
        rows: households
            .iter()
            .filter(|h| !h.is_voided())
            .flat_map(|household| {
                household.members.iter().map(move |m| {
                    MEMBER_COLUMNS
                        .iter()
                        .map(|c| (c.value)(household, m))
                        .collect()
                })
            })
            .collect(),
    }
}

impl Sheet {
    /// The sheet as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right), CRLF
    /// line ends, fields quoted when they hold a comma, a quote or a line break (RFC 4180), each
    /// cell as [`Cell::csv`] makes it safe to open.
    pub fn to_csv(&self) -> String {
        let mut out = String::from('\u{feff}');
        let line = |out: &mut String, fields: &mut dyn Iterator<Item = String>| {
            let quoted: Vec<String> = fields.map(|f| csv_field(&f)).collect();
            out.push_str(&quoted.join(","));
            out.push_str("\r\n");
        };
        line(&mut out, &mut self.headers.iter().cloned());
        for row in &self.rows {
            line(&mut out, &mut row.iter().map(|c| c.csv().into_owned()));
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests;
