//! 风险消除: each condition and its boundary, then the exit procedure the office runs (start
//! refused with the unmet conditions, village review + 公示, township check, county approval) and
//! its part of the village 公示 notice.
use chrono::NaiveDate;
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::{
    Exit, ExitMode, ExitProcedure, LabourSkill, MeasureType, MonitoredCategory, ProcedureKind,
    RiskType,
};
use shouwang_domain::office::{
    dashboard, decide, exit_procedure_status, publicity, queue, start_exit, DecisionError,
    ExitRefused, NameDisplay, PublicityNotice, Verdict,
};
use shouwang_domain::sync::wire::{Revision, Role};
use shouwang_domain::{Household, Policy};

use super::support::*;

/// A monitored household that meets every exit condition on [`today`].
pub(super) fn eligible() -> Household {
    let mut h = household();
    h.monitoring.category = Some(MonitoredCategory::EdgeAtRisk);
    h.monitoring.identified_on = Some(date("2026-05-29"));
    let mut r = risk(RiskType::UnstableEmployment);
    r.resolved_on = Some(date("2026-09-01"));
    h.monitoring.risks.push(r);
    h.income.stable_since = Some(date("2026-05-29"));
    h.measures.push(measure(MeasureType::Employment, true));
    h
}

fn unmet(h: &Household) -> Vec<String> {
    run(h).exit.unmet.iter().map(|r| r.rule.clone()).collect()
}

#[test]
fn a_household_meeting_every_condition_is_eligible() {
    let c = run(&eligible());
    assert!(c.exit.applicable && c.exit.eligible, "{:?}", c.exit.unmet);
    assert_eq!(c.exit.met.len(), 8);
}

#[test]
fn income_must_not_be_below_the_line() {
    let h = with_per_capita(eligible(), yuan(LINE - 1));
    assert!(unmet(&h).contains(&"exit.income_above_line".into()));
    let h = with_per_capita(eligible(), yuan(LINE));
    assert!(!unmet(&h).contains(&"exit.income_above_line".into()));
}

#[test]
fn income_must_be_stable_for_six_months_to_the_day() {
    let mut h = eligible();
    h.income.stable_since = Some(date("2026-05-30"));
    assert_eq!(unmet(&h), ["exit.income_stable"]);
    h.income.stable_since = None;
    assert_eq!(unmet(&h), ["exit.income_stable"]);
}

#[test]
fn large_costs_must_be_resolved() {
    let mut h = eligible();
    h.income.spending.education = yuan(10_001);
    assert!(unmet(&h).contains(&"exit.rigid_spending_resolved".into()));
}

#[test]
fn guarantees_must_be_secured() {
    let mut h = eligible();
    h.guarantees.medical_insurance_gap = true;
    assert_eq!(unmet(&h), ["exit.guarantees_secured"]);
}

#[test]
fn identified_risks_must_be_resolved_and_no_new_one_shown() {
    let mut h = eligible();
    h.monitoring.risks[0].resolved_on = None;
    assert_eq!(unmet(&h), ["exit.risks_gone"]);
    let mut h = eligible();
    h.members[0].work_months = 2; // a new risk: unstable work
    assert_eq!(unmet(&h), ["exit.risks_gone"]);
}

#[test]
fn identified_at_least_six_months_ago_to_the_day() {
    let mut h = eligible();
    h.monitoring.identified_on = Some(date("2026-05-30"));
    assert_eq!(unmet(&h), ["exit.identified_long_enough"]);
    h.monitoring.identified_on = None;
    assert_eq!(unmet(&h), ["exit.identified_long_enough"]);
}

/// The measures an exit needs depend on its mode (policy `exit.min_measures_by_mode`): 帮扶消除
/// at least one carried out, 自然消除 none. Before a procedure is open, the condition holds when
/// one mode's need is met, and the text lists both.
#[test]
fn measures_carried_out_as_the_exit_mode_needs() {
    use shouwang_domain::model::{ExitMode, ExitProcedure};
    let mut h = eligible();
    h.measures[0].implemented = false;
    assert_eq!(unmet(&h), Vec::<String>::new(), "自然消除 needs no measure");
    let c = run(&h);
    let text = &c
        .exit
        .met
        .iter()
        .find(|r| r.rule == "exit.measures_implemented")
        .unwrap()
        .text
        .zh;
    assert!(
        text.contains("帮扶消除至少须 1 项") && text.contains("自然消除至少须 0 项"),
        "{text}"
    );
    h.monitoring.exit_procedure = Some(ExitProcedure::new(ExitMode::AfterAssistance, today(), "r"));
    assert_eq!(unmet(&h), ["exit.measures_implemented"]);
    h.monitoring.exit_procedure = Some(ExitProcedure::new(ExitMode::Natural, today(), "r"));
    assert_eq!(unmet(&h), Vec::<String>::new());
    h.monitoring.exit_procedure = Some(ExitProcedure::new(ExitMode::AfterAssistance, today(), "r"));
    h.measures[0].implemented = true;
    assert_eq!(unmet(&h), Vec::<String>::new());
}

#[test]
fn a_household_where_nobody_can_work_stays_monitored() {
    let mut h = eligible();
    for m in &mut h.members {
        m.labour = LabourSkill::Lost;
        m.work_months = 0;
    }
    h.measures.push(measure(MeasureType::SocialSecurity, true));
    let c = run(&h);
    assert!(!c.exit.eligible);
    let rules: Vec<&str> = c.exit.unmet.iter().map(|r| r.rule.as_str()).collect();
    assert!(rules.contains(&"exit.someone_can_work"), "{rules:?}");
}

#[test]
fn exit_does_not_apply_to_unmonitored_or_already_exited_households() {
    let c = run(&household());
    assert!(!c.exit.applicable);
    let mut h = eligible();
    h.monitoring.exit = Some(Exit {
        mode: ExitMode::AfterAssistance,
        date: date("2026-06-15"),
    });
    let c = run(&h);
    assert!(!c.exit.applicable);
    assert!(
        c.exit
            .warnings
            .iter()
            .any(|w| w.rule == "exit.marked_soon_after_identification"),
        "marked 17 days after identification"
    );
}

// ---- the exit procedure ----

fn rules_of(refused: &ExitRefused) -> Vec<&str> {
    refused.unmet.iter().map(|r| r.rule.as_str()).collect()
}

pub(super) fn start(h: &Household, started: &str) -> Result<Household, ExitRefused> {
    start_exit(
        h,
        ExitMode::AfterAssistance,
        date(started),
        "reviewer",
        &Policy::builtin(),
        today(),
    )
}

/// The decision of `reviewer` on `step` of `h`'s exit, on [`today`], the step done on `on`.
fn exit_step(
    h: &Household,
    step: ProcedureStep,
    approve: bool,
    comment: &str,
    on: Option<&str>,
) -> Result<Household, DecisionError> {
    decide(
        h,
        ProcedureKind::Exit,
        &Verdict {
            step,
            approve,
            comment,
            by: "reviewer",
            role: crate::support::role_for(step),
            on: on.map(date),
        },
        &Policy::builtin(),
        today(),
    )
}

pub(super) fn approve(h: &Household, step: ProcedureStep, on: Option<&str>) -> Household {
    exit_step(h, step, true, "", on).unwrap_or_else(|e| panic!("{step:?}: {e:?}"))
}

/// An exit opened on 2026-11-20 whose village review and 公示 began that day.
pub(super) fn in_publicity() -> Household {
    let h = start(&eligible(), "2026-11-20").unwrap();
    approve(&h, ProcedureStep::VillageReview, Some("2026-11-20"))
}

#[test]
fn an_exit_is_not_started_while_conditions_are_unmet_and_every_one_is_listed() {
    let mut h = eligible();
    h.income.stable_since = None;
    h.guarantees.medical_insurance_gap = true;
    let refused = start(&h, "2026-11-29").unwrap_err();
    assert_eq!(
        rules_of(&refused),
        ["exit.income_stable", "exit.guarantees_secured"]
    );
    assert!(refused
        .unmet
        .iter()
        .all(|r| !r.text.zh.is_empty() && !r.text.en.is_empty()));
}

#[test]
fn a_household_where_nobody_can_work_never_starts_an_exit() {
    let mut h = eligible();
    for m in &mut h.members {
        m.labour = LabourSkill::Lost;
        m.work_months = 0;
    }
    h.measures.push(measure(MeasureType::SocialSecurity, true));
    let refused = start(&h, "2026-11-29").unwrap_err();
    assert!(
        rules_of(&refused).contains(&"exit.someone_can_work"),
        "{refused:?}"
    );
    assert!(refused.message().zh.contains("家中无劳动能力成员"));
}

#[test]
fn starting_an_exit_opens_its_procedure_without_marking_the_risk_eliminated() {
    let h = start(&eligible(), "2026-11-20").unwrap();
    assert_eq!(
        h.monitoring.exit, None,
        "only the county approval eliminates"
    );
    assert_eq!(
        h.monitoring.exit_procedure,
        Some(ExitProcedure::new(
            ExitMode::AfterAssistance,
            date("2026-11-20"),
            "reviewer"
        ))
    );
    let status = exit_procedure_status(&h, &Policy::builtin(), today()).unwrap();
    assert_eq!(status.next_step, Some(ProcedureStep::VillageReview));
    assert_eq!(
        status.deadline,
        Some(date("2026-12-05")),
        "15 days from the start"
    );
    assert_eq!(status.days_left, Some(6));
    // Still monitored while it runs.
    let board = dashboard(std::slice::from_ref(&h), &[], &Policy::builtin(), today());
    assert_eq!(board.total.exits.households, 0);
    assert_eq!(board.total.monitored.households, 1);
}

#[test]
fn an_exit_cannot_start_in_the_future_twice_or_after_elimination() {
    let refused = start(&eligible(), "2026-11-30").unwrap_err();
    assert_eq!(rules_of(&refused), ["exit.date_in_future"]);
    let open = start(&eligible(), "2026-11-20").unwrap();
    assert_eq!(
        rules_of(&start(&open, "2026-11-29").unwrap_err()),
        ["exit.procedure_open"]
    );
    let mut done = eligible();
    done.monitoring.exit = Some(Exit {
        mode: ExitMode::Natural,
        date: date("2026-10-01"),
    });
    assert_eq!(
        rules_of(&start(&done, "2026-11-29").unwrap_err()),
        ["exit.already_marked"]
    );
}

#[test]
fn the_steps_are_decided_in_order() {
    let h = start(&eligible(), "2026-11-20").unwrap();
    for step in [
        ProcedureStep::Publicity,
        ProcedureStep::TownshipCheck,
        ProcedureStep::CountyApproval,
    ] {
        assert_eq!(
            exit_step(&h, step, true, "", None),
            Err(DecisionError::WrongStep {
                expected: Some(ProcedureStep::VillageReview),
                got: step
            })
        );
    }
    assert_eq!(
        exit_step(&eligible(), ProcedureStep::VillageReview, true, "", None).unwrap_err(),
        DecisionError::NoOpenExit
    );
    // The identification procedure is not the exit's: deciding it there changes nothing of the exit.
    let ident = decide(
        &h,
        ProcedureKind::Identification,
        &Verdict {
            step: ProcedureStep::VillageReview,
            approve: true,
            comment: "",
            by: "reviewer",
            role: Role::Reviewer,
            on: None,
        },
        &Policy::builtin(),
        today(),
    );
    assert_eq!(ident.unwrap_err(), DecisionError::NoOpenProcedure);
}

#[test]
fn a_step_cannot_be_dated_before_the_step_before_it_or_after_today() {
    let h = start(&eligible(), "2026-11-20").unwrap();
    assert_eq!(
        exit_step(
            &h,
            ProcedureStep::VillageReview,
            true,
            "",
            Some("2026-11-19")
        ),
        Err(DecisionError::DateBeforePrevious {
            on: date("2026-11-19"),
            previous: date("2026-11-20")
        })
    );
    let err = exit_step(
        &h,
        ProcedureStep::VillageReview,
        true,
        "",
        Some("2026-11-30"),
    )
    .unwrap_err();
    assert_eq!(err.reason(), "date_in_future");
}

#[test]
fn publicity_lasts_the_policys_minimum_days() {
    let h = start(&eligible(), "2026-11-20").unwrap();
    let reviewed = approve(&h, ProcedureStep::VillageReview, None);
    let p = reviewed.monitoring.exit_procedure.as_ref().unwrap();
    assert_eq!(
        (p.village_review, p.publicity_start),
        (Some(today()), Some(today())),
        "公示 opens with the village review"
    );
    let err = exit_step(&reviewed, ProcedureStep::Publicity, true, "", None).unwrap_err();
    assert_eq!(
        err,
        DecisionError::PublicityTooShort {
            start: today(),
            min_days: 5,
            earliest: date("2026-12-03")
        }
    );
    // Begun on the 25th, its fifth day is the 29th: it may close today, not a day sooner.
    let h25 = approve(&h, ProcedureStep::VillageReview, Some("2026-11-25"));
    assert!(exit_step(&h25, ProcedureStep::Publicity, true, "", Some("2026-11-28")).is_err());
    let closed = approve(&h25, ProcedureStep::Publicity, None);
    assert_eq!(
        closed.monitoring.exit_procedure.unwrap().publicity_end,
        Some(today())
    );
}

#[test]
fn a_returned_step_keeps_waiting_and_is_decided_again() {
    let h = in_publicity();
    assert_eq!(
        exit_step(&h, ProcedureStep::Publicity, false, " ", None),
        Err(DecisionError::CommentRequired)
    );
    let back = exit_step(
        &h,
        ProcedureStep::Publicity,
        false,
        "公示未张贴在村务公开栏",
        None,
    )
    .unwrap();
    let p = back.monitoring.exit_procedure.as_ref().unwrap();
    assert_eq!(p.publicity_end, None);
    let last = p.decisions.last().unwrap();
    assert_eq!(
        (last.step, last.approved, last.comment.as_str(), last.date),
        (
            ProcedureStep::Publicity,
            false,
            "公示未张贴在村务公开栏",
            today()
        )
    );
    let status = exit_procedure_status(&back, &Policy::builtin(), today()).unwrap();
    assert_eq!(status.next_step, Some(ProcedureStep::Publicity));
    let redone = approve(&back, ProcedureStep::Publicity, None);
    let p = redone.monitoring.exit_procedure.unwrap();
    assert_eq!(p.publicity_end, Some(today()));
    assert_eq!(p.decisions.len(), 3, "village review, return, approval");
}

#[test]
fn the_county_approval_marks_the_risk_eliminated() {
    let h = in_publicity();
    let h = approve(&h, ProcedureStep::Publicity, None);
    let h = approve(&h, ProcedureStep::TownshipCheck, None);
    assert_eq!(
        h.monitoring.exit, None,
        "the township's check is not the end"
    );
    let done = approve(&h, ProcedureStep::CountyApproval, None);
    assert_eq!(
        done.monitoring.exit,
        Some(Exit {
            mode: ExitMode::AfterAssistance,
            date: today()
        })
    );
    let p = done.monitoring.exit_procedure.as_ref().unwrap();
    assert_eq!(p.county_approval, Some(today()));
    let steps: Vec<ProcedureStep> = p.decisions.iter().map(|d| d.step).collect();
    assert_eq!(steps, OFFICE_ORDER);
    assert!(!run(&done).exit.applicable, "eliminated");
    assert_eq!(
        exit_step(&done, ProcedureStep::CountyApproval, true, "", None),
        Err(DecisionError::NoOpenExit)
    );
    let board = dashboard(
        std::slice::from_ref(&done),
        &[],
        &Policy::builtin(),
        today(),
    );
    assert_eq!(board.total.exits.households, 1);
    assert_eq!(board.total.monitored.households, 0);
}

const OFFICE_ORDER: [ProcedureStep; 4] = [
    ProcedureStep::VillageReview,
    ProcedureStep::Publicity,
    ProcedureStep::TownshipCheck,
    ProcedureStep::CountyApproval,
];

#[test]
fn the_county_approval_is_refused_when_a_new_risk_appeared() {
    let h = in_publicity();
    let h = approve(&h, ProcedureStep::Publicity, None);
    let mut h = approve(&h, ProcedureStep::TownshipCheck, None);
    h.members[0].work_months = 2; // work became unstable meanwhile
    let err = exit_step(&h, ProcedureStep::CountyApproval, true, "", None).unwrap_err();
    assert_eq!(err.reason(), "exit_not_eligible");
    let unmet: Vec<&str> = err.unmet().iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(unmet, ["exit.risks_gone"]);
    assert!(err.message().zh.contains("不符合风险消除条件"));
    // A return is still possible, and the procedure keeps waiting for the county.
    let back = exit_step(
        &h,
        ProcedureStep::CountyApproval,
        false,
        "出现新的务工风险",
        None,
    )
    .unwrap();
    assert_eq!(back.monitoring.exit, None);
    assert_eq!(
        exit_procedure_status(&back, &Policy::builtin(), today())
            .unwrap()
            .next_step,
        Some(ProcedureStep::CountyApproval)
    );
}

#[test]
fn an_exit_recorded_before_exits_had_a_procedure_still_reads_as_eliminated() {
    let mut json = serde_json::to_value(eligible()).unwrap();
    json["monitoring"]["exit"] = serde_json::json!({"mode": "natural", "date": "2026-09-01"});
    let h: Household = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        h.monitoring.exit,
        Some(Exit {
            mode: ExitMode::Natural,
            date: date("2026-09-01")
        })
    );
    assert_eq!(h.monitoring.exit_procedure, None);
    assert_eq!(
        serde_json::to_value(&h).unwrap(),
        json,
        "writes back unchanged"
    );
    assert!(!serde_json::to_string(&h)
        .unwrap()
        .contains("exit_procedure"));
    assert!(!run(&h).exit.applicable);
    assert_eq!(exit_procedure_status(&h, &Policy::builtin(), today()), None);
    let q = queue([(Revision(1), &h)], &Policy::builtin(), today());
    assert!(q.is_empty());
    let board = dashboard(std::slice::from_ref(&h), &[], &Policy::builtin(), today());
    assert_eq!(board.total.exits.households, 1);
}

/// An exit opened on `started` with the steps in `done` approved.
fn exit_at(id: &str, started: &str, done: &[ProcedureStep]) -> Household {
    let mut h = eligible();
    h.id.0 = id.into();
    h = start(&h, started).unwrap();
    for step in done {
        // The village reviewed on the first day; the office decided the rest today.
        let on = (*step == ProcedureStep::VillageReview).then_some(started);
        h = approve(&h, *step, on);
    }
    h
}

/// Household, procedure, step, deadline, days left, overdue.
type QueueRow<'a> = (
    &'a str,
    ProcedureKind,
    ProcedureStep,
    Option<NaiveDate>,
    Option<i64>,
    bool,
);

#[test]
fn the_queue_lists_exits_at_each_step_with_their_deadlines_overdue_first() {
    use ProcedureStep::*;
    let hs = [
        exit_at("E1", "2026-11-20", &[]),
        exit_at("E2", "2026-11-10", &[VillageReview]),
        exit_at("E3", "2026-11-22", &[VillageReview, Publicity]),
        exit_at(
            "E4",
            "2026-11-13",
            &[VillageReview, Publicity, TownshipCheck],
        ),
        exit_at(
            "E5",
            "2026-11-20",
            &[VillageReview, Publicity, TownshipCheck, CountyApproval],
        ),
    ];
    let q = queue(
        hs.iter()
            .enumerate()
            .map(|(i, h)| (Revision(i as u64 + 1), h)),
        &Policy::builtin(),
        today(),
    );
    let rows: Vec<QueueRow> = q
        .iter()
        .map(|i| {
            (
                i.household.household_id.as_str(),
                i.procedure,
                i.next_step,
                i.deadline,
                i.days_left,
                i.overdue,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "E2",
                ProcedureKind::Exit,
                Publicity,
                Some(date("2026-11-25")),
                Some(-4),
                true
            ),
            (
                "E4",
                ProcedureKind::Exit,
                CountyApproval,
                Some(date("2026-11-28")),
                Some(-1),
                true
            ),
            (
                "E1",
                ProcedureKind::Exit,
                VillageReview,
                Some(date("2026-12-05")),
                Some(6),
                false
            ),
            (
                "E3",
                ProcedureKind::Exit,
                TownshipCheck,
                Some(date("2026-12-07")),
                Some(8),
                false
            ),
        ],
        "E5 is approved by the county: no longer waiting"
    );
    let e2 = &q[0];
    assert_eq!(
        (e2.exit_mode, e2.exit_started, e2.lead_found),
        (
            Some(ExitMode::AfterAssistance),
            Some(date("2026-11-10")),
            None
        )
    );
    assert_eq!(e2.revision, Revision(2));
    assert_eq!(e2.publicity_start, Some(date("2026-11-10")));
    assert_eq!(e2.publicity_earliest_end, Some(date("2026-11-14")));
    assert!(e2
        .flags
        .iter()
        .any(|f| f.reason.rule == "exit_procedure.overdue"));
    assert_eq!(
        e2.last_decision.as_ref().map(|d| d.step),
        Some(VillageReview)
    );
    assert!(!q[2]
        .flags
        .iter()
        .any(|f| f.reason.rule == "exit_procedure.overdue"));
}

#[test]
fn the_queue_flags_an_exit_whose_conditions_no_longer_hold() {
    let mut h = exit_at("E1", "2026-11-20", &[]);
    h.guarantees.water_unsafe = true;
    let q = queue([(Revision(1), &h)], &Policy::builtin(), today());
    assert_eq!(q.len(), 1);
    assert!(
        q[0].flags
            .iter()
            .any(|f| f.reason.rule == "exit.guarantees_secured"),
        "{:?}",
        q[0].flags
    );
}

#[test]
fn the_exit_procedures_time_limits_come_from_the_policy() {
    let text = include_str!("../../policy/default.json");
    let i = text.find("\"areas\"").unwrap();
    let areas = r#""areas": [
  { "prefix": "52", "name": "贵州省", "year": 2023, "line": { "fixed": "7300" },
    "rules": { "exit": { "procedure_max_days": 20, "min_publicity_days": 7 } } }
]}"#;
    let policy = Policy::from_json("t.json", &format!("{}{areas}", &text[..i])).unwrap();
    let h = start(&eligible(), "2026-11-20").unwrap();
    let status = exit_procedure_status(&h, &policy, today()).unwrap();
    assert_eq!(status.deadline, Some(date("2026-12-10")));
    // Under the builtin policy a 公示 begun on the 24th could close on the 28th; here not before
    // its seventh day, the 30th.
    let reviewed = approve(&h, ProcedureStep::VillageReview, Some("2026-11-24"));
    let err = decide(
        &reviewed,
        ProcedureKind::Exit,
        &Verdict {
            step: ProcedureStep::Publicity,
            approve: true,
            comment: "",
            by: "r",
            role: Role::Reviewer,
            on: None,
        },
        &policy,
        today(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        DecisionError::PublicityTooShort {
            start: date("2026-11-24"),
            min_days: 7,
            earliest: date("2026-11-30")
        }
    );
    // A policy file written before exits had a procedure still loads, with the defaults.
    let old = text
        .replace(
            ",
        \"procedure_max_days\": 15",
            "",
        )
        .replace(
            ",
        \"min_publicity_days\": 5
      },
      \"procedure\"",
            "
      },
      \"procedure\"",
        );
    assert!(!old.contains("procedure_max_days"));
    let rules = Policy::from_json("old.json", &old)
        .unwrap()
        .resolve(None, 2026)
        .rules
        .exit;
    assert_eq!(
        (rules.procedure_max_days, rules.min_publicity_days),
        (15, 5)
    );
}

// ---- the exit's 公示 ----

/// [`exit_at`] with its own 户主 and an ID number and phone of its own.
fn on_notice(id: &str, started: &str, done: &[ProcedureStep]) -> Household {
    let mut h = exit_at(id, started, done);
    h.household_number = format!("5227011022030{id}");
    h.members[0].name = format!("{id}户主");
    h.members[0].id_number = format!("52270119800101{:0>3}X", &id[1..]);
    h.members[1].id_number = format!("52270119820101{:0>3}4", &id[1..]);
    h.members[1].health.serious_illness = true;
    h.phone = format!("1388540{:0>4}", &id[1..]);
    h
}

/// The notice of the baseline village under the builtin policy, names in full.
fn notice_of(hs: &[Household]) -> PublicityNotice {
    publicity(
        hs,
        "522701102203",
        NameDisplay::Full,
        &Policy::builtin(),
        today(),
    )
}

#[test]
fn the_publicity_notice_lists_exits_in_their_publicity_with_mode_risks_and_dates() {
    use ProcedureStep::*;
    let mut natural = on_notice("E3", "2026-11-26", &[VillageReview]);
    natural.monitoring.exit_procedure.as_mut().unwrap().mode = ExitMode::Natural;
    let mut ended = on_notice("E6", "2026-11-10", &[VillageReview]);
    ended
        .monitoring
        .exit_procedure
        .as_mut()
        .unwrap()
        .publicity_end = Some(date("2026-11-28"));
    let mut never = eligible();
    never.id.0 = "E7".into();
    never.monitoring.procedure.publicity_start = Some(date("2026-11-01"));
    never.monitoring.procedure.county_approval = Some(date("2026-11-10"));
    let hs = [
        on_notice("E1", "2026-11-20", &[]),
        on_notice("E2", "2026-11-22", &[VillageReview, Publicity]),
        natural,
        on_notice(
            "E4",
            "2026-11-20",
            &[VillageReview, Publicity, TownshipCheck, CountyApproval],
        ),
        on_notice("E5", "2026-11-27", &[VillageReview]),
        ended,
        never,
    ];
    let n = notice_of(&hs);
    // E1 is not yet through village review, E4 is eliminated, E6's 公示 ended yesterday, E7 has
    // no exit procedure (and its identification is approved).
    type Row<'a> = (&'a str, ExitMode, Vec<RiskType>, NaiveDate, NaiveDate);
    let rows: Vec<Row> = n
        .exits
        .iter()
        .map(|r| {
            (
                r.head_name.as_str(),
                r.mode,
                r.risks.clone(),
                r.publicity_start,
                r.publicity_end,
            )
        })
        .collect();
    let employment = vec![RiskType::UnstableEmployment];
    assert_eq!(
        rows,
        [
            // Closed today: still on the notice today, with its recorded last day.
            (
                "E2户主",
                ExitMode::AfterAssistance,
                employment.clone(),
                date("2026-11-22"),
                date("2026-11-29")
            ),
            // Open: its last day planned from the policy's five days.
            (
                "E3户主",
                ExitMode::Natural,
                employment.clone(),
                date("2026-11-26"),
                date("2026-11-30")
            ),
            (
                "E5户主",
                ExitMode::AfterAssistance,
                employment,
                date("2026-11-27"),
                date("2026-12-01")
            ),
        ]
    );
    assert_eq!(n.exits[0].household_number, "5227011022030E2");
    assert_eq!(n.exits[0].household_size, 2);
    assert!(
        n.rows.is_empty(),
        "no identification is in 公示: {:?}",
        n.rows
    );
    assert_eq!(n.village_name, hs[0].area.name);
    assert!(notice_of(&[hs[0].clone(), hs[3].clone()]).exits.is_empty());
}

#[test]
fn an_exit_without_chosen_risks_shows_the_suggested_ones() {
    let mut h = on_notice("E1", "2026-11-26", &[ProcedureStep::VillageReview]);
    h.monitoring.risks.clear();
    h.members[0].work_months = 2; // unstable work: suggested by the rules
    let n = notice_of(&[h]);
    assert_eq!(n.exits[0].risks, [RiskType::UnstableEmployment]);
}

#[test]
fn an_exits_planned_last_day_follows_the_exit_minimum_of_the_policy() {
    let text = include_str!("../../policy/default.json");
    let i = text.find("\"areas\"").unwrap();
    let areas = r#""areas": [
  { "prefix": "52", "name": "贵州省", "year": 2023, "line": { "fixed": "7300" },
    "rules": { "exit": { "min_publicity_days": 7 } } }
]}"#;
    let policy = Policy::from_json("t.json", &format!("{}{areas}", &text[..i])).unwrap();
    let h = on_notice("E1", "2026-11-26", &[ProcedureStep::VillageReview]);
    let mut identifying = h.clone();
    identifying.monitoring.exit_procedure = None;
    identifying.monitoring.procedure.publicity_start = Some(date("2026-11-26"));
    identifying.monitoring.identified_on = None;
    let n = publicity(
        &[h, identifying],
        "522701102203",
        NameDisplay::Full,
        &policy,
        today(),
    );
    assert_eq!(n.exits[0].publicity_end, date("2026-12-02"), "seven days");
    assert_eq!(
        n.rows[0].publicity_end,
        date("2026-11-30"),
        "identification: five"
    );
}

#[test]
fn exit_rows_mask_names_like_identification_rows() {
    let mut h = on_notice("E1", "2026-11-26", &[ProcedureStep::VillageReview]);
    h.members[0].name = "李文华".into();
    let n = publicity(
        &[h],
        "522701102203",
        NameDisplay::Masked,
        &Policy::builtin(),
        today(),
    );
    assert_eq!(n.exits[0].head_name, "李*华");
    assert!(!serde_json::to_string(&n).unwrap().contains("李文华"));
}

#[test]
fn an_exit_row_holds_no_id_number_phone_or_health() {
    let hs = [
        on_notice("E1", "2026-11-26", &[ProcedureStep::VillageReview]),
        on_notice("E2", "2026-11-27", &[ProcedureStep::VillageReview]),
    ];
    let n = notice_of(&hs);
    assert_eq!(n.exits.len(), 2);
    let row = serde_json::to_value(&n.exits[0]).unwrap();
    let mut keys: Vec<&str> = row
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "head_name",
            "household_number",
            "household_size",
            "mode",
            "publicity_end",
            "publicity_start",
            "risks"
        ]
    );
    let json = serde_json::to_string(&n).unwrap();
    for h in &hs {
        for m in &h.members {
            assert_eq!(m.id_number.len(), 18);
            assert!(!json.contains(&m.id_number), "{json}");
        }
        assert_eq!(h.phone.len(), 11);
        assert!(!json.contains(&h.phone), "{json}");
    }
    assert!(!json.contains("serious_illness") && !json.contains("患有大病"));
}
