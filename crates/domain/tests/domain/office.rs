//! The township office: every dashboard figure on a seeded township whose answers are worked out
//! by hand (below), the review queue and identification decisions, exports, the 公示 list and the audit diff.
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::*;
use shouwang_domain::office::dashboard::{AreaFigures, Dashboard};
use shouwang_domain::office::export::{households_sheet, members_sheet, Cell};
use shouwang_domain::office::publicity::mask_name;
use shouwang_domain::office::*;
use shouwang_domain::sync::wire::Revision;
use shouwang_domain::{Household, Money, Policy};

use super::support::*;

const A: &str = "522701102203";
const B: &str = "522701102204";

fn in_village(id: &str, village: &str) -> Household {
    let mut h = household();
    h.id = HouseholdId(id.into());
    h.area.code = village.into();
    h.area.name = format!("村{}", &village[9..]);
    h.members[0].name = format!("{id}户主");
    h
}

fn monitored(
    mut h: Household,
    category: MonitoredCategory,
    lead: &str,
    identified: &str,
) -> Household {
    h.monitoring.category = Some(category);
    h.monitoring.procedure.lead_found = Some(date(lead));
    h.monitoring.identified_on = Some(date(identified));
    h
}

fn finance(amount: i64, start: &str, end: &str) -> Measure {
    Measure {
        amount: Some(yuan(amount)),
        start: date(start),
        end: Some(date(end)),
        ..measure(MeasureType::Finance, true)
    }
}

/// The seeded township, now. Hand-worked answers:
///
/// | hh | village | what it is there for |
/// | -- | ------- | -------------------- |
/// | A1 | A | 脱贫户, 2 people, net 30,000; both in work |
/// | A2 | A | 脱贫户, 3 people, net 36,000; child 丙 (12) dropped out, uninsured |
/// | A3 | A | monitored edge (illness), lead→identified 9 days, no development measure after 6 months, no health measure |
/// | A4 | A | monitored sudden hardship (flood, housing), 10 days, grade D, housing + employment measures, identified 9 days ago |
/// | A5 | A | lead 4 days ago, water unsafe, not identified |
/// | A6 | A | exited after assistance, 11 days, relocated with work, running loan of 30,000 |
/// | A7 | A | relocated, nobody in work, ended loan of 20,000 |
/// | B1–B3 | B | leads 28, 14 and 0 days ago |
/// | B4 | B | lead exactly 30 days ago (outside the window) |
/// | B5 | B | monitored edge (lack of labour), nobody can work, 12 days, 乙 uninsured |
fn township() -> Vec<Household> {
    let mut a1 = in_village("A1", A);
    a1.household_type = HouseholdType::FormerlyPoor;
    a1.income.wages = yuan(30_000);

    let mut a2 = in_village("A2", A);
    a2.household_type = HouseholdType::FormerlyPoor;
    a2.income.wages = yuan(36_000);
    let mut child = member("m3", "丙", Relation::Son, Sex::Male, "2014-03-01");
    child.education = None;
    child.school_stage = Some(SchoolStage::DroppedOut);
    child.labour = LabourSkill::None;
    child.work_place.clear();
    child.work_months = 0;
    child.medical_insurance = false;
    a2.members.push(child);

    let mut a3 = monitored(
        in_village("A3", A),
        MonitoredCategory::EdgeAtRisk,
        "2026-01-01",
        "2026-01-10",
    );
    a3.monitoring.risks.push(risk(RiskType::Illness));
    a3.income.spending.medical = yuan(3_000);

    let mut a4 = monitored(
        in_village("A4", A),
        MonitoredCategory::SuddenHardship,
        "2026-11-10",
        "2026-11-20",
    );
    let mut flood = risk(RiskType::NaturalDisaster);
    flood.disaster_kind = Some(DisasterKind::Flood);
    a4.monitoring.risks = vec![flood, risk(RiskType::HousingUnsafe)];
    a4.housing_grade = Some(HousingGrade::D);
    a4.measures = vec![
        measure(MeasureType::Housing, false),
        measure(MeasureType::Employment, true),
    ];

    let mut a5 = in_village("A5", A);
    a5.monitoring.procedure.lead_found = Some(date("2026-11-25"));
    a5.guarantees.water_unsafe = true;

    let mut a6 = monitored(
        in_village("A6", A),
        MonitoredCategory::EdgeAtRisk,
        "2025-09-20",
        "2025-10-01",
    );
    a6.monitoring.exit = Some(Exit {
        mode: ExitMode::AfterAssistance,
        date: date("2026-06-01"),
    });
    a6.relocated = true;
    a6.measures
        .push(finance(30_000, "2025-11-01", "2028-10-31"));

    let mut a7 = in_village("A7", A);
    a7.relocated = true;
    for m in &mut a7.members {
        m.work_months = 0;
        m.work_place.clear();
    }
    a7.measures
        .push(finance(20_000, "2023-01-01", "2025-12-31"));

    let lead = |id: &str, day: &str| {
        let mut h = in_village(id, B);
        h.monitoring.procedure.lead_found = Some(date(day));
        h
    };
    let mut b5 = monitored(
        in_village("B5", B),
        MonitoredCategory::EdgeAtRisk,
        "2026-01-20",
        "2026-02-01",
    );
    b5.monitoring.risks.push(risk(RiskType::LackOfLabour));
    for m in &mut b5.members {
        m.labour = LabourSkill::Lost;
        m.work_months = 0;
        m.work_place.clear();
    }
    b5.members[1].medical_insurance = false;
    b5.measures.push(measure(MeasureType::SocialSecurity, true));

    vec![
        a1,
        a2,
        a3,
        a4,
        a5,
        a6,
        a7,
        lead("B1", "2026-11-01"),
        lead("B2", "2026-11-15"),
        lead("B3", "2026-11-29"),
        lead("B4", "2026-10-30"),
        b5,
    ]
}

/// The same 脱贫户 a year ago: A1 earned 24,000 with 乙 not in work, A2 30,000.
fn township_a_year_ago() -> Vec<Household> {
    let now = township();
    let mut a1 = now[0].clone();
    a1.income.wages = yuan(24_000);
    a1.members[1].work_months = 0;
    a1.members[1].work_place.clear();
    let mut a2 = now[1].clone();
    a2.income.wages = yuan(30_000);
    vec![a1, a2]
}

fn board() -> Dashboard {
    dashboard(
        &township(),
        &township_a_year_ago(),
        &Policy::builtin(),
        today(),
    )
}

fn village(d: &Dashboard, code: &str) -> AreaFigures {
    d.villages
        .iter()
        .find(|v| v.area_code == code)
        .cloned()
        .unwrap()
}

fn ids(refs: &[HouseholdRef]) -> Vec<&str> {
    refs.iter().map(|r| r.household_id.as_str()).collect()
}

#[test]
fn the_dashboard_counts_households_and_people_per_village_and_in_total() {
    let d = board();
    assert_eq!(d.as_of, today());
    assert_eq!(d.year_ago, date("2025-11-29"));
    assert_eq!((d.total.households, d.total.people), (12, 25));
    assert_eq!(d.total.area_code, "");
    let codes: Vec<&str> = d.villages.iter().map(|v| v.area_code.as_str()).collect();
    assert_eq!(codes, [A, B]);
    assert_eq!((village(&d, A).households, village(&d, A).people), (7, 15));
    assert_eq!((village(&d, B).households, village(&d, B).people), (5, 10));
}

#[test]
fn formerly_poor_income_per_person_and_its_growth() {
    let d = board();
    let f = &d.total.formerly_poor_income;
    // (30,000 + 36,000) ÷ 5 = 13,200; a year ago (24,000 + 30,000) ÷ 5 = 10,800; +2,400 ÷ 10,800.
    assert_eq!((f.households, f.people), (2, 5));
    assert_eq!(f.per_capita_net, Some(yuan(13_200)));
    assert_eq!((f.year_ago_households, f.year_ago_people), (2, 5));
    assert_eq!(f.year_ago_per_capita_net, Some(yuan(10_800)));
    assert_eq!(f.growth_per_mille, Some(222));
    let b = &village(&d, B).formerly_poor_income;
    assert_eq!(
        (b.households, b.per_capita_net, b.growth_per_mille),
        (0, None, None)
    );
}

#[test]
fn dropouts_are_listed_by_name_and_insurance_gaps_counted() {
    let d = board();
    let dropouts = &d.total.dropouts;
    assert_eq!(dropouts.len(), 1);
    let x = &dropouts[0];
    assert_eq!(
        (
            x.household_id.as_str(),
            x.member_name.as_str(),
            x.village_code.as_str(),
            x.age
        ),
        ("A2", "丙", A, Some(12))
    );
    assert!(village(&d, B).dropouts.is_empty());
    let gaps = &d.total.medical_insurance_gaps;
    assert_eq!((gaps.people, gaps.households), (2, 2));
    assert_eq!(village(&d, B).medical_insurance_gaps.people, 1);
}

#[test]
fn unsafe_housing_and_water() {
    let d = board();
    assert_eq!((d.total.unsafe_housing, d.total.unsafe_water), (1, 1));
    assert_eq!(village(&d, B).unsafe_housing, 0);
}

#[test]
fn monitored_households_by_category_and_risk() {
    let d = board();
    let m = &d.total.monitored;
    assert_eq!(m.households, 3, "A6 is exited");
    let cat: Vec<u32> = m.by_category.iter().map(|c| c.households).collect();
    assert_eq!(cat, [0, 2, 1]);
    assert_eq!(m.by_category[1].category, MonitoredCategory::EdgeAtRisk);
    let risks: Vec<(RiskType, u32)> = m
        .by_risk
        .iter()
        .filter(|r| r.households > 0)
        .map(|r| (r.risk, r.households))
        .collect();
    assert_eq!(
        risks,
        [
            (RiskType::Illness, 1),
            (RiskType::NaturalDisaster, 1),
            (RiskType::LackOfLabour, 1),
            (RiskType::HousingUnsafe, 1),
        ]
    );
    assert_eq!(m.by_risk.len(), RiskType::ALL.len());
}

#[test]
fn days_from_lead_to_identification_median_and_max() {
    let d = board();
    // A: 9, 10, 11; B: 12; in all 9, 10, 11, 12 → the lower middle value 10.
    let t = &d.total.lead_to_identification;
    assert_eq!(
        (t.households, t.median_days, t.max_days),
        (4, Some(10), Some(12))
    );
    let a = &village(&d, A).lead_to_identification;
    assert_eq!(
        (a.households, a.median_days, a.max_days),
        (3, Some(10), Some(11))
    );
}

#[test]
fn development_measure_coverage_and_the_overdue_list() {
    let d = board();
    let dev = &d.total.development_measures;
    // A3 and A4 have someone able to work (B5 nobody); only A4 has a development measure.
    assert_eq!(
        (dev.households, dev.with_measure, dev.coverage_per_mille),
        (2, 1, Some(500))
    );
    assert_eq!(ids(&dev.overdue), ["A3"]);
    assert_eq!(village(&d, B).development_measures.coverage_per_mille, None);
}

#[test]
fn risks_without_their_matching_measure_are_listed() {
    let d = board();
    let gaps = &d.total.measure_gaps;
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].household.household_id, "A3");
    assert!(
        gaps[0].findings[0].zh.contains("因病"),
        "{:?}",
        gaps[0].findings
    );
}

#[test]
fn formerly_poor_workers_in_work_now_and_a_year_ago() {
    let d = board();
    let w = &d.total.formerly_poor_workers;
    // Now A1 2 of 2, A2 2 of 2 (the child cannot work); a year ago A1 had 1 in work: 4 vs 3.
    assert_eq!((w.workers, w.in_work), (4, 4));
    assert_eq!((w.year_ago_workers, w.year_ago_in_work), (4, 3));
    assert_eq!(w.change_per_mille, Some(333));
}

#[test]
fn relocated_households_with_someone_in_work() {
    let d = board();
    let r = &d.total.relocated;
    assert_eq!((r.households, r.with_someone_in_work), (2, 1));
    assert_eq!(ids(&r.without), ["A7"]);
}

#[test]
fn microcredit_households_running_loans_and_amount() {
    let m = board().total.microcredit;
    assert_eq!(
        (m.households, m.active_households, m.amount),
        (2, 1, yuan(50_000))
    );
}

#[test]
fn exits_by_mode() {
    let e = board().total.exits;
    assert_eq!(e.households, 1);
    let modes: Vec<(ExitMode, u32)> = e.by_mode.iter().map(|m| (m.mode, m.households)).collect();
    assert_eq!(
        modes,
        [(ExitMode::AfterAssistance, 1), (ExitMode::Natural, 0)]
    );
}

#[test]
fn scale_alert_needs_the_share_and_the_minimum_number_within_thirty_days() {
    let d = board();
    // A: A4 (identified 9 days ago, lead 19) and A5 → 2 of 7: share above 5% but fewer than 3.
    let a = village(&d, A).scale_alert.unwrap();
    assert_eq!(
        (a.newly_at_risk, a.households, a.share_per_mille, a.alert),
        (2, 7, Some(285), false)
    );
    // B: B1–B3 within the window, B4 exactly 30 days ago is not → 3 of 5.
    let b = village(&d, B).scale_alert.unwrap();
    assert_eq!(
        (b.newly_at_risk, b.share_per_mille, b.alert),
        (3, Some(600), true)
    );
    assert_eq!(
        (b.window_days, b.threshold_per_mille, b.min_households),
        (30, 50, 3)
    );
    assert_eq!(d.scale_alerts.len(), 1);
    assert_eq!(d.scale_alerts[0].village_code, B);
    assert!(
        d.scale_alerts[0].message.zh.contains("60.0%"),
        "{:?}",
        d.scale_alerts[0].message
    );
    assert!(d.total.scale_alert.is_none());
}

#[test]
fn the_scale_alert_threshold_comes_from_the_policy() {
    let text = shouwang_domain::policy::BUILTIN_POLICY.replace(
        r#""scale_alert_share": "0.05""#,
        r#""scale_alert_share": "0.7""#,
    );
    let policy = Policy::from_json("test.json", &text).unwrap();
    let d = dashboard(&township(), &[], &policy, today());
    assert!(d.scale_alerts.is_empty());
    assert_eq!(village(&d, B).scale_alert.unwrap().threshold_per_mille, 700);
}

#[test]
fn every_figure_has_a_definition_in_both_languages() {
    let d = board();
    let json = serde_json::to_value(&d.total).unwrap();
    let keys: Vec<&String> = json
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !matches!(k.as_str(), "area_code" | "area_name"))
        .collect();
    for key in keys {
        let def = d.definitions.iter().find(|x| &x.key == key);
        let def = def.unwrap_or_else(|| panic!("no definition of {key}"));
        assert!(!def.definition.zh.is_empty() && !def.definition.en.is_empty());
        assert!(!def.label.zh.is_empty() && !def.label.en.is_empty());
    }
}

#[test]
fn an_empty_area_has_zeros_and_no_figures_to_divide() {
    let d = dashboard(&[], &[], &Policy::builtin(), today());
    assert_eq!(d.total.households, 0);
    assert!(d.villages.is_empty());
    assert_eq!(d.total.formerly_poor_income.per_capita_net, None);
    assert_eq!(d.total.lead_to_identification.median_days, None);
}

// ---- review queue and decisions ----

fn in_procedure(id: &str, steps: &[&str]) -> Household {
    let mut h = signed_consent(in_village(id, A));
    let p = &mut h.monitoring.procedure;
    let slots = [
        &mut p.lead_found,
        &mut p.home_check,
        &mut p.village_review,
        &mut p.publicity_start,
        &mut p.publicity_end,
        &mut p.township_check,
        &mut p.county_approval,
    ];
    for (slot, day) in slots.into_iter().zip(steps) {
        *slot = Some(date(day));
    }
    h
}

fn waiting() -> Vec<Household> {
    vec![
        in_procedure("Q1", &["2026-11-01", "2026-11-02"]),
        in_procedure(
            "Q2",
            &["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"],
        ),
        in_procedure("Q3", &["2026-11-25"]),
        in_procedure(
            "Q4",
            &[
                "2026-11-01",
                "2026-11-02",
                "2026-11-03",
                "2026-11-04",
                "2026-11-08",
                "2026-11-09",
                "2026-11-10",
            ],
        ),
        in_procedure(
            "Q5",
            &[
                "2026-11-10",
                "2026-11-11",
                "2026-11-12",
                "2026-11-13",
                "2026-11-17",
                "2026-11-18",
            ],
        ),
    ]
}

#[test]
fn the_queue_lists_office_steps_overdue_first_with_deadlines() {
    let hs = waiting();
    let q = queue(
        hs.iter()
            .enumerate()
            .map(|(i, h)| (Revision(i as u64 + 1), h)),
        &Policy::builtin(),
        today(),
    );
    let rows: Vec<(&str, ProcedureStep, Option<i64>, bool)> = q
        .iter()
        .map(|i| {
            (
                i.household.household_id.as_str(),
                i.next_step,
                i.days_left,
                i.overdue,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Q1", ProcedureStep::VillageReview, Some(-13), true),
            ("Q5", ProcedureStep::CountyApproval, Some(-4), true),
            ("Q2", ProcedureStep::Publicity, Some(6), false),
        ],
        "Q3 waits for the home check (the village's step), Q4 is approved"
    );
    assert_eq!(q[0].deadline, Some(date("2026-11-16")));
    assert_eq!(q[0].revision, Revision(1));
    assert_eq!(q[2].publicity_start, Some(date("2026-11-23")));
    assert_eq!(q[2].publicity_earliest_end, Some(date("2026-11-27")));
    assert!(q[0]
        .flags
        .iter()
        .any(|f| f.reason.rule == "procedure.overdue"));
}

fn decide_on(
    h: &Household,
    step: ProcedureStep,
    approve: bool,
    comment: &str,
) -> Result<Household, DecisionError> {
    decide(
        h,
        ProcedureKind::Identification,
        &Verdict {
            step,
            approve,
            comment,
            by: "reviewer",
            role: crate::support::role_for(step),
            on: None,
        },
        &Policy::builtin(),
        today(),
    )
}

#[test]
fn approving_the_village_review_opens_publicity_and_records_the_decision() {
    let h = &waiting()[0];
    let after = decide_on(h, ProcedureStep::VillageReview, true, " 同意 ").unwrap();
    let p = &after.monitoring.procedure;
    assert_eq!(
        (p.village_review, p.publicity_start),
        (Some(today()), Some(today()))
    );
    assert_eq!(
        p.decisions,
        [Decision {
            step: ProcedureStep::VillageReview,
            date: today(),
            by: "reviewer".into(),
            approved: true,
            comment: "同意".into(),
        }]
    );
    // Publicity opened today cannot close before its fifth day.
    let err = decide_on(&after, ProcedureStep::Publicity, true, "").unwrap_err();
    assert_eq!(
        err,
        DecisionError::PublicityTooShort {
            start: today(),
            min_days: 5,
            earliest: date("2026-12-03")
        }
    );
    assert_eq!(err.reason(), "publicity_too_short");
    assert!(err.message().zh.contains("2026-12-03"));
}

#[test]
fn publicity_of_five_days_may_close_and_county_approval_identifies() {
    let h = &waiting()[1];
    let closed = decide_on(h, ProcedureStep::Publicity, true, "").unwrap();
    assert_eq!(closed.monitoring.procedure.publicity_end, Some(today()));
    let checked = decide_on(&closed, ProcedureStep::TownshipCheck, true, "").unwrap();
    let approved = decide_on(&checked, ProcedureStep::CountyApproval, true, "").unwrap();
    assert_eq!(approved.monitoring.procedure.county_approval, Some(today()));
    assert_eq!(approved.monitoring.identified_on, Some(today()));
    assert_eq!(approved.monitoring.procedure.decisions.len(), 3);
    assert_eq!(
        decide_on(&approved, ProcedureStep::CountyApproval, true, ""),
        Err(DecisionError::NoOpenProcedure)
    );
}

#[test]
fn a_return_needs_a_comment_and_changes_no_date() {
    let h = &waiting()[0];
    assert_eq!(
        decide_on(h, ProcedureStep::VillageReview, false, "  "),
        Err(DecisionError::CommentRequired)
    );
    let back = decide_on(
        h,
        ProcedureStep::VillageReview,
        false,
        "收入核算缺少务工证明",
    )
    .unwrap();
    assert_eq!(back.monitoring.procedure.village_review, None);
    let last = back.monitoring.procedure.decisions.last().unwrap();
    assert!(!last.approved);
    assert_eq!(last.comment, "收入核算缺少务工证明");
}

#[test]
fn only_the_step_waiting_can_be_decided() {
    let h = &waiting()[0];
    let err = decide_on(h, ProcedureStep::TownshipCheck, true, "").unwrap_err();
    assert_eq!(
        err,
        DecisionError::WrongStep {
            expected: Some(ProcedureStep::VillageReview),
            got: ProcedureStep::TownshipCheck
        }
    );
    assert!(err.message().zh.contains("村级民主评议"));
    let home = &waiting()[2];
    assert_eq!(
        decide_on(home, ProcedureStep::HomeCheck, true, "")
            .unwrap_err()
            .reason(),
        "wrong_step"
    );
}

#[test]
fn a_record_without_decisions_keeps_its_json() {
    let text = include_str!("../../samples/08_exit_eligible.json");
    let h: Household = serde_json::from_str(text).unwrap();
    let json = serde_json::to_string_pretty(&h).unwrap();
    assert!(!json.contains("decisions"));
    let mut decided = h.clone();
    decided.monitoring.procedure.decisions.push(Decision {
        step: ProcedureStep::TownshipCheck,
        date: today(),
        by: "r".into(),
        approved: false,
        comment: "补充材料".into(),
    });
    let back: Household = serde_json::from_str(&serde_json::to_string(&decided).unwrap()).unwrap();
    assert_eq!(back, decided);
}

// ---- exports ----

#[test]
fn exports_are_headed_by_the_national_field_names() {
    let hs = township();
    let sheet = households_sheet(&hs);
    assert_eq!(sheet.name, "户");
    assert_eq!(
        &sheet.headers[..9],
        [
            "记录编号",
            "户编号",
            "所在地区代码",
            "所在地区名称",
            "家庭住址",
            "户主姓名",
            "户主证件号码",
            "联系电话",
            "家庭人口数"
        ]
    );
    assert!(sheet.headers.contains(&"人均纯收入".to_owned()));
    assert_eq!(sheet.rows.len(), 12);
    let col = |name: &str| sheet.headers.iter().position(|h| h == name).unwrap();
    let a2 = &sheet.rows[1];
    assert_eq!(a2[col("家庭人口数")], Cell::Int(3));
    assert_eq!(a2[col("户类型")], Cell::Text("脱贫户".into()));
    assert_eq!(a2[col("人均纯收入")], Cell::Amount(yuan(12_000)));
    let a4 = &sheet.rows[3];
    assert_eq!(
        a4[col("致贫返贫风险")],
        Cell::Text("因自然灾害、因安全住房".into())
    );
    assert_eq!(
        a4[col("住房安全等级")],
        Cell::Text("D级（整体危险）".into())
    );

    let members = members_sheet(&hs);
    assert_eq!(members.name, "成员");
    assert_eq!(members.rows.len(), 25);
    assert_eq!(&members.headers[..2], ["户记录编号", "户编号"]);
    assert!(members.headers.contains(&"证件号码".to_owned()));
}

#[test]
fn csv_starts_with_a_bom_and_quotes_what_needs_quoting() {
    let mut h = in_village("C1", A);
    h.address = "一组, \"老屋\"".into();
    let csv = households_sheet(&[h]).to_csv();
    assert!(csv.starts_with("\u{feff}记录编号,户编号,所在地区代码"));
    assert!(csv.contains(",\"一组, \"\"老屋\"\"\","), "{csv}");
    assert!(csv.ends_with("\r\n"));
    assert_eq!(csv.lines().count(), 2);
}

// ---- 公示 ----

#[test]
fn the_publicity_notice_never_holds_id_numbers_phones_or_health() {
    let mut hs = waiting();
    for (i, h) in hs.iter_mut().enumerate() {
        h.members[0].id_number = format!("52270119800101{:03}X", i);
        h.members[1].id_number = format!("52270119820101{:03}4", i);
        h.members[1].health.serious_illness = true;
        h.monitoring.risks.push(risk(RiskType::Illness));
        h.monitoring.category = Some(MonitoredCategory::EdgeAtRisk);
    }
    let notice = publicity(&hs, A, NameDisplay::Full, &Policy::builtin(), today());
    // Q2 is in 公示 (started 11-23, not yet ended); Q4 and Q5 ended; Q1 and Q3 not begun.
    let heads: Vec<&str> = notice.rows.iter().map(|r| r.head_name.as_str()).collect();
    assert_eq!(heads, ["Q2户主"]);
    assert_eq!(notice.rows[0].publicity_end, date("2026-11-27"));
    assert_eq!(notice.rows[0].household_size, 2);
    let json = serde_json::to_string(&notice).unwrap();
    for h in &hs {
        for m in &h.members {
            assert_eq!(m.id_number.len(), 18);
            assert!(!json.contains(&m.id_number), "{json}");
        }
        assert!(!h.phone.is_empty() && !json.contains(&h.phone));
    }
    assert!(!json.contains("serious_illness") && !json.contains("患有大病"));
}

#[test]
fn names_can_be_masked() {
    assert_eq!(mask_name("张小明"), "张*明");
    assert_eq!(mask_name("张三"), "张*");
    assert_eq!(mask_name("欧阳小明"), "欧**明");
    assert_eq!(mask_name("张"), "张");
    let mut hs = waiting();
    hs[1].members[0].name = "李文华".into();
    let notice = publicity(&hs, A, NameDisplay::Masked, &Policy::builtin(), today());
    assert_eq!(notice.rows[0].head_name, "李*华");
}

// ---- audit ----

#[test]
fn the_audit_diff_names_each_changed_field_by_path() {
    let before = household();
    let mut after = before.clone();
    after.income.wages = yuan(42_000);
    after.members[1].labour = LabourSkill::Weak;
    after.measures.push(measure(MeasureType::Employment, true));
    let changes = diff(
        &serde_json::to_value(&before).unwrap(),
        &serde_json::to_value(&after).unwrap(),
    );
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        ["income.wages", "measures[Employment]", "members[m2].labour"]
    );
    assert_eq!(changes[0].label.as_ref().unwrap().zh, "工资性收入");
    assert_eq!(changes[0].before, Some(serde_json::json!("40000")));
    assert_eq!(changes[0].after, Some(serde_json::json!("42000")));
    assert_eq!(changes[2].label.as_ref().unwrap().zh, "劳动技能");

    let mut more = after.clone();
    more.measures.push(Measure {
        id: "x2".into(),
        ..measure(MeasureType::Industry, false)
    });
    more.members.swap(0, 1);
    let changes = diff(
        &serde_json::to_value(&after).unwrap(),
        &serde_json::to_value(&more).unwrap(),
    );
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["measures[x2]", "members (order)"]);
    assert_eq!(changes[0].before, None);
}

#[test]
fn money_in_the_dashboard_is_exact() {
    // Three people sharing 10,000 yuan: 3,333.33 each, rounded to the fen, never a float.
    let mut h = in_village("M1", A);
    h.household_type = HouseholdType::FormerlyPoor;
    h.income.wages = yuan(10_000);
    h.members
        .push(member("m3", "丙", Relation::Son, Sex::Male, "2000-01-01"));
    let d = dashboard(&[h], &[], &Policy::builtin(), today());
    assert_eq!(
        d.total.formerly_poor_income.per_capita_net,
        Some(Money::from_fen(333_333))
    );
}
