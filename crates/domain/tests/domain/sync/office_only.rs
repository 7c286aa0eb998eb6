//! The office's part of a household stays the office's, whatever a worker's push carries: every
//! office-owned field × every way a worker can send it (a new record, no base, the current base,
//! a stale base, a forged base, a merge) × add, change or remove (#10).
use chrono::NaiveDate;
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::{Decision, Exit, ExitMode, ExitProcedure, MonitoredCategory};
use shouwang_domain::policy::BUILTIN_POLICY;
use shouwang_domain::sync::wire::{Change, ChangeId, PushStatus, Revision};
use shouwang_domain::sync::OfficePart;
use shouwang_domain::{Household, Policy};

use super::sim::{household, stamp, worker, Server, OFFICE, PLAN};

#[derive(Clone, Copy, Debug)]
enum Field {
    Category,
    LocalCategory,
    IdentifiedOn,
    PublicityEnd,
    TownshipCheck,
    CountyApproval,
    Decisions,
    Exit,
    ExitProcedure,
    /// A village step (the lead), frozen once the office closed the 公示.
    FrozenLead,
}

const FIELDS: [Field; 10] = [
    Field::Category,
    Field::LocalCategory,
    Field::IdentifiedOn,
    Field::PublicityEnd,
    Field::TownshipCheck,
    Field::CountyApproval,
    Field::Decisions,
    Field::Exit,
    Field::ExitProcedure,
    Field::FrozenLead,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Way {
    NewRecord,
    NoBase,
    CurrentBase,
    StaleBase,
    ForgedBase,
    Merge,
}

const WAYS: [Way; 6] = [
    Way::NewRecord,
    Way::NoBase,
    Way::CurrentBase,
    Way::StaleBase,
    Way::ForgedBase,
    Way::Merge,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// The server holds none; the worker sends one.
    Add,
    /// The server holds one; the worker sends another.
    Change,
    /// The server holds one; the worker sends none.
    Remove,
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// `h` with `field` set to nothing (0), one value (1) or another (2).
fn set(h: &mut Household, field: Field, v: u8) {
    let date = [None, Some(day(20)), Some(day(21))][v as usize];
    let m = &mut h.monitoring;
    match field {
        Field::Category => {
            m.category = [
                None,
                Some(MonitoredCategory::EdgeAtRisk),
                Some(MonitoredCategory::SuddenHardship),
            ][v as usize]
        }
        Field::LocalCategory => {
            m.local_category =
                [None, Some("t_local"), Some("t_other")][v as usize].map(String::from)
        }
        Field::IdentifiedOn => m.identified_on = date,
        Field::PublicityEnd => m.procedure.publicity_end = date,
        Field::TownshipCheck => m.procedure.township_check = date,
        Field::CountyApproval => m.procedure.county_approval = date,
        Field::Decisions => {
            m.procedure.decisions = match v {
                0 => vec![],
                _ => vec![Decision {
                    step: ProcedureStep::VillageReview,
                    date: day(20),
                    by: "rev".into(),
                    approved: v == 1,
                    comment: if v == 1 { "" } else { "补充材料" }.into(),
                }],
            }
        }
        Field::Exit => {
            m.exit = date.map(|date| Exit {
                mode: if v == 1 {
                    ExitMode::Natural
                } else {
                    ExitMode::AfterAssistance
                },
                date,
            })
        }
        Field::ExitProcedure => {
            m.exit_procedure = date.map(|d| ExitProcedure::new(ExitMode::Natural, d, "rev"))
        }
        Field::FrozenLead => {
            m.procedure.lead_found = [None, Some(day(1)), Some(day(2))][v as usize]
        }
    }
}

/// The household the office created, before the worker's first look: for the frozen lead, with
/// its 公示 closed.
fn created(id: &str, field: Field) -> Household {
    let mut h = household(id);
    if let Field::FrozenLead = field {
        h.monitoring.procedure.publicity_start = Some(day(10));
        h.monitoring.procedure.publicity_end = Some(day(16));
    }
    h
}

/// The shipped policy, with two categories of the sample's province of its own (a test fixture).
fn with_local_categories() -> Policy {
    let extra = r#",
    {
      "prefix": "52",
      "name": "测试省",
      "from": "2026-01-01",
      "source": "test fixture",
      "categories": {
        "unstable_formerly_poor": { "zh": "脱贫不稳定户", "en": "Formerly poor, unstable" },
        "edge_at_risk": { "zh": "边缘易致贫户", "en": "Edge" },
        "sudden_hardship": { "zh": "突发严重困难户", "en": "Sudden hardship" }
      },
      "local_categories": [
        { "code": "t_local", "label": { "zh": "本省重点户", "en": "Province focus" } },
        { "code": "t_other", "label": { "zh": "本省关注户", "en": "Province watch" } }
      ]
    }
  ]
}
"#;
    let i = BUILTIN_POLICY.rfind("\n  ]\n}").unwrap();
    Policy::from_json("terms.json", &format!("{}{extra}", &BUILTIN_POLICY[..i])).unwrap()
}

fn change(id: &str, base: Option<u64>, h: &Household) -> Change {
    Change {
        change_id: ChangeId(id.into()),
        base_revision: base.map(Revision),
        edited_at: stamp(10),
        household: h.clone(),
    }
}

/// Runs one case; returns the status of the worker's push.
fn case(field: Field, way: Way, op: Op) -> PushStatus {
    let what = format!("{field:?} × {way:?} × {op:?}");
    let mut s = Server::new(PLAN);
    if let Field::LocalCategory = field {
        s.policy = with_local_categories();
    }
    let w = worker("w1", "phone");
    let id = "h-1";
    // An unrelated household, whose revision a forged base names.
    let other = s.push(OFFICE, &change("other", None, &household("h-other")));
    let v1 = s.push(OFFICE, &change("c1", None, &created(id, field)));
    let v1 = v1.revision.unwrap().0;
    let first = s.current(id).unwrap().household.clone();
    // The office's own edit: the field set (change, remove), or an unrelated edit (add), so
    // that v1 is stale either way.
    let mut office = first.clone();
    if op == Op::Add {
        office.address = "办公室核实的地址".into();
    } else {
        set(&mut office, field, 1);
    }
    let v2 = s
        .push(OFFICE, &change("c2", Some(v1), &office))
        .revision
        .unwrap()
        .0;
    let held = OfficePart::of(&s.current(id).unwrap().household);

    let target = match op {
        Op::Add => 1,
        Op::Change => 2,
        Op::Remove => 0,
    };
    let (mut sent, base) = match way {
        Way::NewRecord => (created("h-new", field), None),
        Way::NoBase => (first.clone(), None),
        Way::CurrentBase => (office.clone(), Some(v2)),
        Way::StaleBase | Way::Merge => (first.clone(), Some(v1)),
        Way::ForgedBase => (first.clone(), other.revision.map(|r| r.0)),
    };
    set(&mut sent, field, target);
    if way == Way::Merge {
        sent.phone = "13900000001".into();
    }
    let result = s.push(w, &change("w", base, &sent));
    if way != Way::NewRecord {
        assert_eq!(
            OfficePart::of(&s.current(id).unwrap().household),
            held,
            "{what}: the office's part changed"
        );
    } else {
        assert!(s.current("h-new").is_none(), "{what}: stored");
    }
    let refused = result.error.as_ref().map(|e| e.reason.as_str());
    let expected = match (way, op) {
        (Way::ForgedBase, _) => Some("unknown_base"),
        // A device that had not yet seen the office's change sends what it saw: the edit is
        // stored, the office's part kept.
        (Way::NoBase | Way::StaleBase | Way::Merge, Op::Remove) => None,
        _ => Some("office_only"),
    };
    assert_eq!(refused, expected, "{what}: {result:?}");
    if way == Way::Merge && op == Op::Remove {
        assert_eq!(
            s.current(id).unwrap().household.phone,
            "13900000001",
            "{what}: the worker's own edit is kept"
        );
    }
    result.status
}

#[test]
fn no_worker_push_adds_changes_or_removes_what_the_office_decides() {
    let mut cases = 0;
    for field in FIELDS {
        for way in WAYS {
            for op in [Op::Add, Op::Change, Op::Remove] {
                if way == Way::NewRecord && op != Op::Add {
                    continue;
                }
                case(field, way, op);
                cases += 1;
            }
        }
    }
    assert_eq!(cases, FIELDS.len() * (1 + 5 * 3));
}

#[test]
fn a_village_step_is_the_villages_until_the_office_closes_the_publicity() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let h = household("h-1");
    let v1 = s.push(w, &change("c1", None, &h)).revision.unwrap().0;
    let mut edited = h.clone();
    edited.monitoring.procedure.lead_found = Some(day(1));
    edited.monitoring.procedure.village_review = Some(day(12));
    edited.monitoring.procedure.publicity_start = Some(day(12));
    let r = s.push(w, &change("c2", Some(v1), &edited));
    assert_eq!(r.status, PushStatus::Stored, "{r:?}");
    assert_eq!(
        s.current("h-1")
            .unwrap()
            .household
            .monitoring
            .procedure
            .lead_found,
        Some(day(1))
    );
}
