//! Time limits in working days: the holiday calendar (法定节假日 and 调休上班日), deadlines across
//! a holiday and a working weekend, two-stage limits (甘肃 5 + 15, 安徽 2 + 20 working days), and
//! the queue and the to-do reading the same deadline.
use rstest::rstest;
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::{AreaRef, ExitMode, ExitProcedure};
use shouwang_domain::office::exit_status;
use shouwang_domain::policy::{DayCount, WorkCalendar};
use shouwang_domain::summary::Summary;
use shouwang_domain::{classify, Household, Policy};

use super::support::*;

fn cal() -> WorkCalendar {
    WorkCalendar::builtin()
}

#[test]
fn the_shipped_calendar_is_consistent_and_counts_248_working_days_in_2025_and_2026() {
    let c = cal();
    c.check().unwrap();
    for year in [2025, 2026] {
        let first = date(&format!("{year}-01-01"));
        let days = first
            .iter_days()
            .take_while(|d| d.format("%Y").to_string() == year.to_string())
            .filter(|d| c.is_working_day(*d))
            .count();
        // Cross-checked day by day against the published arrangements.
        assert_eq!(days, 248, "{year}");
    }
}

#[rstest]
#[case::national_day_is_off("2026-10-01", false)]
#[case::a_weekday_inside_the_golden_week("2026-10-07", false)]
#[case::the_working_saturday_after_it("2026-10-10", true)]
#[case::the_working_sunday_before_it("2026-09-20", true)]
#[case::an_ordinary_saturday("2026-10-17", false)]
#[case::an_ordinary_monday("2026-10-12", true)]
#[case::spring_festival_eve_2025("2025-01-28", false)]
#[case::working_sunday_before_spring_festival_2025("2025-01-26", true)]
#[case::statutory_day_of_2027_known_before_its_notice("2027-02-08", false)]
fn working_days_follow_the_notices(#[case] day: &str, #[case] working: bool) {
    assert_eq!(cal().is_working_day(date(day)), working, "{day}");
}

/// From Monday 2026-09-28: Tue 29, Wed 30 work; 1–7 October off; Thu 8, Fri 9 and the working
/// Saturday 10 work — so the fifth working day is Saturday 10 October, where five calendar days
/// end on 3 October.
#[rstest]
#[case::calendar(DayCount::Calendar, 5, "2026-10-03")]
#[case::working_across_golden_week(DayCount::Working, 5, "2026-10-10")]
#[case::working_one_less(DayCount::Working, 4, "2026-10-09")]
#[case::working_one_more(DayCount::Working, 6, "2026-10-12")]
fn a_deadline_across_a_holiday_and_a_working_weekend(
    #[case] count: DayCount,
    #[case] days: u32,
    #[case] expected: &str,
) {
    assert_eq!(
        cal().deadline(date("2026-09-28"), days, count),
        Some(date(expected))
    );
}

#[test]
fn working_days_between_count_the_days_after_the_first_up_to_the_last() {
    let c = cal();
    assert_eq!(
        c.working_days_between(date("2026-09-28"), date("2026-10-10")),
        5
    );
    assert_eq!(
        c.working_days_between(date("2026-10-10"), date("2026-09-28")),
        -5
    );
    assert_eq!(
        c.working_days_between(date("2026-10-01"), date("2026-10-07")),
        0
    );
}

/// A household in 兰州新区 (甘肃: 5 + 15 working days) with a lead on 2026-09-28.
fn gansu(lead: &str) -> Household {
    let mut h = household();
    h.area = AreaRef {
        code: "620171100001".into(),
        name: "甘肃省兰州新区某村".into(),
        code_year: 2024,
    };
    h.monitoring.procedure.lead_found = Some(date(lead));
    h
}

#[test]
fn gansu_counts_five_then_fifteen_working_days_over_the_golden_week() {
    let policy = Policy::builtin();
    let h = gansu("2026-09-28");
    let c = classify(&h, &policy, date("2026-10-09"));
    let p = &c.procedure;
    assert_eq!(p.day_count, DayCount::Working);
    assert_eq!(p.home_check_deadline, Some(date("2026-10-10")));
    // No home check yet: the second stage runs from the first stage's deadline, Saturday 10
    // October: 15 working days from it end on Friday 30 October.
    assert_eq!(p.deadline, Some(date("2026-10-30")));
    assert_eq!(p.days_left, Some(21));
    assert_eq!(p.working_days_left, Some(16));
    assert!(!p.overdue);
    // The home check done early starts the second stage early: Thursday 8 October + 15 working
    // days (9, the working Saturday 10, then three weeks less two days) is Wednesday 28 October.
    let mut done = h.clone();
    done.monitoring.procedure.home_check = Some(date("2026-10-08"));
    let c = classify(&done, &policy, date("2026-10-09"));
    assert_eq!(c.procedure.deadline, Some(date("2026-10-28")));
    assert!(c
        .findings
        .iter()
        .all(|f| f.reason.rule != "procedure.home_check_late"));
}

#[rstest]
#[case::on_the_last_day("2026-10-30", false)]
#[case::the_working_day_after("2026-11-02", true)]
fn gansu_is_overdue_only_after_its_last_working_day(#[case] today: &str, #[case] overdue: bool) {
    let mut h = gansu("2026-09-28");
    h.monitoring.procedure.home_check = Some(date("2026-10-10"));
    let c = classify(&h, &Policy::builtin(), date(today));
    assert_eq!(c.procedure.overdue, overdue);
    if overdue {
        let f = c
            .findings
            .iter()
            .find(|f| f.reason.rule == "procedure.overdue")
            .unwrap();
        assert!(
            f.reason.text.zh.contains("15 个工作日"),
            "{}",
            f.reason.text.zh
        );
        // Saturday 31 October and Sunday 1 November do not count: one working day late.
        assert!(
            f.reason.text.zh.contains("已超期 1 个工作日"),
            "{}",
            f.reason.text.zh
        );
    }
}

#[test]
fn a_late_home_check_is_flagged() {
    let policy = Policy::builtin();
    let h = gansu("2026-09-28");
    let c = classify(&h, &policy, date("2026-10-12"));
    assert!(c
        .findings
        .iter()
        .any(|f| f.reason.rule == "procedure.home_check_late"));
}

/// 安徽 2 + 20 working days from a lead on Friday 2026-02-13: the working Saturday 14 February
/// is the first, then the Spring Festival (15–23 February) is off, so the home check is due on
/// Tuesday 24 February.
#[test]
fn anhui_counts_the_working_saturday_before_the_spring_festival() {
    let mut h = household();
    h.area.code = "340102100001".into();
    h.monitoring.procedure.lead_found = Some(date("2026-02-13"));
    let c = classify(&h, &Policy::builtin(), date("2026-02-13"));
    assert_eq!(c.procedure.home_check_deadline, Some(date("2026-02-24")));
    assert_eq!(
        c.procedure.deadline,
        cal().deadline(date("2026-02-24"), 20, DayCount::Working)
    );
}

#[test]
fn calendar_days_stay_as_they_were_where_the_policy_counts_them() {
    let mut h = household(); // 贵州: national 15 calendar days
    h.monitoring.procedure.lead_found = Some(date("2026-09-28"));
    let c = classify(&h, &Policy::builtin(), date("2026-10-01"));
    assert_eq!(c.procedure.deadline, Some(date("2026-10-13")));
    assert_eq!(c.procedure.day_count, DayCount::Calendar);
    assert_eq!(c.procedure.working_days_left, None);
}

#[test]
fn a_limit_running_into_a_year_without_its_arrangement_says_so() {
    let h = gansu("2026-12-21");
    let c = classify(&h, &Policy::builtin(), date("2026-12-21"));
    let f = c
        .findings
        .iter()
        .find(|f| f.reason.rule == "procedure.calendar_incomplete")
        .expect("2027's 调休 is not published yet");
    assert!(f.reason.text.zh.contains("2027"));
}

#[test]
fn the_queue_and_the_to_do_read_the_working_day_deadline() {
    let policy = Policy::builtin();
    let mut h = gansu("2026-09-28");
    h.monitoring.procedure.home_check = Some(date("2026-10-10"));
    let today = date("2026-10-26");
    let c = classify(&h, &policy, today);
    // The to-do (list summary) and the office queue use the same deadline.
    let s = Summary::of(&h, &c);
    assert_eq!(s.procedure_deadline, Some(date("2026-10-30")));
    assert!(!s.procedure_overdue(today));
    assert!(s.procedure_overdue(date("2026-10-31")));
    h.monitoring.procedure.village_review = None;
    let rev = shouwang_domain::sync::wire::Revision(1);
    let queue = shouwang_domain::office::queue([(rev, &h)], &policy, today);
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].next_step, ProcedureStep::VillageReview);
    assert_eq!(queue[0].deadline, Some(date("2026-10-30")));
    assert_eq!(queue[0].days_left, Some(4));
}

#[test]
fn the_exit_procedure_counts_working_days_where_the_policy_says() {
    let text = shouwang_domain::policy::BUILTIN_POLICY.replace(
        r#""procedure_max_days": 15,
        "min_publicity_days": 5,
        "day_count": "calendar""#,
        r#""procedure_max_days": 15,
        "min_publicity_days": 5,
        "day_count": "working""#,
    );
    let policy = Policy::from_json("working-exit.json", &text).unwrap();
    let rules = policy.resolve(None, 2026).rules;
    let p = ExitProcedure::new(ExitMode::Natural, date("2026-09-28"), "r");
    let s = exit_status(&p, &rules, date("2026-10-09"));
    // 15 working days from Monday 28 September, the golden week off and Saturday 10 October on.
    assert_eq!(
        s.deadline,
        cal().deadline(date("2026-09-28"), 15, DayCount::Working)
    );
    assert_eq!(s.deadline, Some(date("2026-10-23")));
    let default = exit_status(
        &p,
        &Policy::builtin().resolve(None, 2026).rules,
        date("2026-10-09"),
    );
    assert_eq!(default.deadline, Some(date("2026-10-13")));
}
