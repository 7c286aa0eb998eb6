//! What becomes of each household of a file ([`plan`]): matched to a stored one, checked,
//! built, validated and compared with its current version.
//!
//! 1. **Match.** By 记录编号 (which must name a household in the caller's areas: a new household
//!    never gets an id from a file), else by 户编号, else by the 户主's 证件号码. Two rows of the
//!    file matching one household are both refused.
//! 2. **Build.** The file's non-empty cells are written over the stored version (an empty cell
//!    changes nothing, a column the file does not have neither); member rows match the stored
//!    members by 成员编号, else 证件号码, and are added otherwise. A stored member the file does
//!    not list is kept: an import never deletes.
//! 3. **Check.** The village (所在地区代码) must be in the caller's areas and one of the
//!    township's known villages (one a worker is assigned to or a household is stored in, so
//!    every household reaches a worker's phone); the 户主 must be the one the 户 sheet names;
//!    then the same validation as on the phone, each error placed at its row and column.
//! 4. **Compare.** Equal to the stored version: unchanged, nothing to store. Else a new version.
//!
//! Each household is all or nothing: any error refuses it, and only it.

// A problem carries its place and both languages' message, so it is large; it is built once per
// refused row or file, never on the path of a good row, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::build::{check_area, check_head, set_exit, set_fields, set_members, validation};
use super::fields::HOUSEHOLD;
use super::households::{FileHousehold, FileHouseholds, FileRow};
use super::report::{At, Counts, ImportProblem, ImportReport};
use super::ImportRules;
use crate::model::{AreaCode, Member};
use crate::office::export::header;
use crate::office::RulesByVillage;
use crate::sync::wire::Revision;
use crate::sync::Scope;
use crate::validate::id_key;
use crate::{text, Household, Policy};

/// The township's villages as the server knows them: code → name ("" when only a worker's
/// assignment names it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Villages(BTreeMap<String, String>);

impl Villages {
    /// The villages of the stored households and of the workers' assignments (12-digit areas).
    pub fn of<'a>(
        households: impl IntoIterator<Item = &'a Household>,
        assigned: impl IntoIterator<Item = &'a str>,
    ) -> Villages {
        let mut map = BTreeMap::new();
        for a in assigned
            .into_iter()
            .filter(|a| a.parse::<AreaCode>().is_ok())
        {
            map.entry(a.to_owned()).or_insert_with(String::new);
        }
        for h in households {
            let name = map.entry(h.area.code.clone()).or_insert_with(String::new);
            if name.is_empty() {
                name.clone_from(&h.area.name);
            }
        }
        Villages(map)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.0.contains_key(code)
    }

    /// The village's name, when known.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.0
            .get(code)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }
}

/// What the plan is judged against.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The caller's areas.
    pub scope: &'a Scope,
    pub villages: &'a Villages,
    pub policy: &'a Policy,
    pub rules: &'a ImportRules,
    /// The township's calendar day (validation; the code-set year of a new household).
    pub today: NaiveDate,
}

/// What becomes of one household of the file.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Not stored before: store it as a new household.
    New(Household),
    /// Stored at `base` and changed by the file: store a new version from `base`.
    Changed {
        base: Revision,
        household: Household,
    },
    /// Stored, and the file says nothing new.
    Unchanged,
    /// Not stored, for the errors in `problems`.
    Refused,
}

/// One household of the file and its outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// Its row in the 户 sheet.
    pub at: At,
    pub outcome: Outcome,
    pub problems: Vec<ImportProblem>,
}

/// The stored households, indexed for matching.
struct Index<'a> {
    stored: &'a [(Revision, Household)],
    by_id: HashMap<&'a str, usize>,
    by_number: HashMap<&'a str, Vec<usize>>,
    by_head: HashMap<String, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(stored: &'a [(Revision, Household)]) -> Index<'a> {
        let mut index = Index {
            stored,
            by_id: HashMap::new(),
            by_number: HashMap::new(),
            by_head: HashMap::new(),
        };
        for (i, (_, h)) in stored.iter().enumerate() {
            index.by_id.insert(h.id.0.as_str(), i);
            if !h.household_number.is_empty() {
                index
                    .by_number
                    .entry(&h.household_number)
                    .or_default()
                    .push(i);
            }
            if let Some(key) = h.head().and_then(|m| id_key(&m.id_number)) {
                index.by_head.entry(key).or_default().push(i);
            }
        }
        index
    }

    /// The stored household `row` is about; `Err` when the row names one that is not the
    /// caller's, or two different ones.
    fn find(&self, row: &FileRow) -> Result<Option<usize>, ImportProblem> {
        let by_id = match row.get("id") {
            Some(c) => match self.by_id.get(c.value.as_str()) {
                Some(&i) => Some(i),
                None => {
                    let (name, v) = (header("id"), &c.value);
                    return Err(ImportProblem::error(
                        c.at(),
                        "import.unknown_record",
                        text!(
                            "{name}“{v}”不是您辖区内已有的农户，未导入；新农户请把{name}留空",
                            "{name} \"{v}\" is not a household in your areas, so it was not imported; leave {name} empty for a new household"
                        ),
                    ));
                }
            },
            None => None,
        };
        let by_number = match row.get("household_number") {
            Some(c) => self.unique(&self.by_number.get(c.value.as_str()), c, "household_number")?,
            None => None,
        };
        if let (Some(a), Some(b)) = (by_id, by_number) {
            if a != b {
                return Err(ImportProblem::error(
                    row.at("household_number"),
                    "import.record_and_number_differ",
                    text!(
                        "记录编号和户编号指向两户不同的农户，请核对",
                        "记录编号 and 户编号 name two different households; check them"
                    ),
                ));
            }
        }
        if let Some(found) = by_id.or(by_number) {
            return Ok(Some(found));
        }
        match row.get("head_id_number") {
            Some(c) => match id_key(&c.value) {
                Some(key) => self.unique(&self.by_head.get(&key), c, "head_id_number"),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    fn unique(
        &self,
        found: &Option<&Vec<usize>>,
        c: &super::households::FileCell,
        key: &str,
    ) -> Result<Option<usize>, ImportProblem> {
        match found.map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some(many) => {
                let (name, v, n) = (header(key), &c.value, many.len());
                Err(ImportProblem::error(
                    c.at(),
                    "import.ambiguous",
                    text!(
                        "已有 {n} 户的{name}是“{v}”，无法确定是哪一户，未导入",
                        "{n} stored households have {name} \"{v}\", so it is not clear which one this is; not imported"
                    ),
                ))
            }
        }
    }
}

/// What becomes of each household of `file`, given the caller's stored households (`stored`,
/// with their revisions) and a maker of new household ids.
pub fn plan(
    file: &FileHouseholds,
    stored: &[(Revision, Household)],
    ctx: &Context,
    new_id: &mut dyn FnMut() -> String,
) -> Vec<Planned> {
    let index = Index::new(stored);
    let mut by_village = RulesByVillage::new(ctx.policy, ctx.today);
    let blanks = Blanks::new(ctx.today);
    let matches: Vec<Result<Option<usize>, ImportProblem>> =
        file.households.iter().map(|h| index.find(&h.row)).collect();
    // Two rows on one stored household: neither is trusted.
    let mut rows_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (row, m) in matches.iter().enumerate() {
        if let Ok(Some(i)) = m {
            rows_of.entry(*i).or_default().push(row);
        }
    }
    file.households
        .iter()
        .zip(matches)
        .map(|(h, found)| {
            let mut problems = h.problems.clone();
            let found = match found {
                Ok(found) => found,
                Err(p) => {
                    problems.push(p);
                    None
                }
            };
            if let Some(rows) = found.and_then(|i| rows_of.get(&i)).filter(|r| r.len() > 1) {
                let list: Vec<String> = rows
                    .iter()
                    .filter_map(|r| file.households[*r].row.at.row.map(|n| n.to_string()))
                    .collect();
                let list = list.join("、");
                problems.push(ImportProblem::error(
                    h.row.at.clone(),
                    "import.same_household_twice",
                    text!(
                        "第 {list} 行是同一户，都未导入",
                        "Rows {list} are the same household; none of them was imported"
                    ),
                ));
            }
            let base = found.map(|i| &index.stored[i]);
            let made = Made {
                blanks: &blanks,
                rules: &mut by_village,
                new_id: &mut *new_id,
            };
            plan_one(h, base, file.has_members, ctx, made, problems)
        })
        .collect()
}

fn plan_one(
    file: &FileHousehold,
    base: Option<&(Revision, Household)>,
    has_members: bool,
    ctx: &Context,
    made: Made,
    mut problems: Vec<ImportProblem>,
) -> Planned {
    let mut h = match base {
        Some((_, stored)) => stored.clone(),
        None => {
            let mut h = made.blanks.household.clone();
            h.id.0 = (made.new_id)();
            h
        }
    };
    set_fields(&mut h, HOUSEHOLD, &file.row, &mut problems);
    set_exit(&mut h, &file.row, &mut problems);
    let member_rows = if has_members {
        set_members(&mut h, &file.members, &made.blanks.member, &mut problems)
    } else {
        vec![None; h.members.len()]
    };
    check_head(&h, &file.row, &mut problems);
    check_area(&mut h, &file.row, ctx, &mut problems);
    let refused = problems.iter().any(ImportProblem::is_error);
    if !refused {
        let rules = made.rules.of(&h.area.code);
        validation(&h, &file.row, &member_rows, rules, ctx.today, &mut problems);
    }
    let outcome = if problems.iter().any(ImportProblem::is_error) {
        Outcome::Refused
    } else {
        match base {
            Some((_, stored)) if *stored == h => Outcome::Unchanged,
            Some((revision, _)) => Outcome::Changed {
                base: *revision,
                household: h,
            },
            None => Outcome::New(h),
        }
    };
    Planned {
        at: file.row.at.clone(),
        outcome,
        problems,
    }
}

/// What new records start from, made once per import.
struct Blanks {
    household: Household,
    member: Member,
}

impl Blanks {
    /// A household with nothing recorded but the code-set year, and a member with nothing at
    /// all (the file must give the rest); built from JSON, so a field added to the record later
    /// takes its default here too.
    fn new(today: NaiveDate) -> Blanks {
        let household = serde_json::json!({
            "format_version": crate::model::FORMAT_VERSION,
            "id": "",
            "area": { "code": "", "name": "", "code_year": today.year() },
            "household_type": "ordinary",
            "members": [],
            "income": {},
        });
        let member = serde_json::json!({
            "id": "", "name": "", "sex": "male", "birth_date": null, "relation": "other",
            "labour": "none",
        });
        Blanks {
            household: serde_json::from_value(household).expect("a blank household is a household"),
            member: serde_json::from_value(member).expect("a blank member is a member"),
        }
    }
}

/// What one household's plan makes things with.
struct Made<'a, 'p> {
    blanks: &'a Blanks,
    rules: &'a mut RulesByVillage<'p>,
    new_id: &'a mut dyn FnMut() -> String,
}

/// The report of a plan: the counts, and the problems (the file's first).
pub fn report(
    dry_run: bool,
    file_problems: &[ImportProblem],
    planned: &[Planned],
    max: usize,
) -> ImportReport {
    let mut counts = Counts {
        rows: planned.len() as u32,
        ..Counts::default()
    };
    for p in planned {
        match p.outcome {
            Outcome::New(_) => counts.new += 1,
            Outcome::Changed { .. } => counts.changed += 1,
            Outcome::Unchanged => counts.unchanged += 1,
            Outcome::Refused => counts.refused += 1,
        }
    }
    let mut report = ImportReport {
        dry_run,
        counts,
        ..ImportReport::default()
    };
    report.add_problems(file_problems.iter().cloned(), max);
    report.add_problems(planned.iter().flat_map(|p| p.problems.iter().cloned()), max);
    report
}
