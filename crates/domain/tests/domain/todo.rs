//! 待办 (#13): each household's due items — a step the township returned, a refused upload, a
//! red household with no procedure, a procedure near its limit, a first visit, a monthly visit —
//! each with its day, the most urgent group first; and what the list's summary carries for them.
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::*;
use shouwang_domain::summary::Summary;
use shouwang_domain::todo::{todo, Due};
use shouwang_domain::{classify, Household, Policy, Text};

use super::support::{date, household, today, visit_on};

fn summary(h: &Household) -> Summary {
    Summary::of(h, &classify(h, &Policy::builtin(), today()))
}

fn named(id: &str, head: &str) -> Household {
    let mut h = household();
    h.id = HouseholdId(id.into());
    h.members[0].name = head.into();
    h.visits.push(visit_on("2026-11-20"));
    h
}

/// A lead found `days` ago, the home check done.
fn with_lead(mut h: Household, lead: &str) -> Household {
    h.monitoring.procedure.lead_found = Some(date(lead));
    h.monitoring.procedure.home_check = Some(date(lead));
    h
}

/// A lead from the medical insurance list of November, received on `found`.
fn department_lead(found: &str, due: &str) -> Lead {
    Lead {
        id: format!("medical:2026-11:{found}"),
        source: "medical".into(),
        month: "2026-11".into(),
        found: date(found),
        due: date(due),
        member_id: String::new(),
        name: "某人".into(),
        id_number: "522701197804120236".into(),
        amount: Some(shouwang_domain::Money::yuan(23_000)),
        details: String::new(),
        by: "rev".into(),
        outcome: None,
    }
}

fn kinds(items: &[shouwang_domain::todo::TodoItem]) -> Vec<(&str, &str, Option<String>, bool)> {
    items
        .iter()
        .map(|i| {
            let kind = match &i.due {
                Due::Returned(_) => "returned",
                Due::Refused { .. } => "refused",
                Due::CheckLeads { .. } => "check_leads",
                Due::StartProcedure => "start_procedure",
                Due::ProcedureStep { .. } => "procedure",
                Due::FirstVisit => "first_visit",
                Due::Visit { .. } => "visit",
            };
            (
                i.head_name.as_str(),
                kind,
                i.by.map(|d| d.to_string()),
                i.overdue,
            )
        })
        .collect()
}

#[test]
fn every_kind_of_due_item_with_its_day_most_urgent_first() {
    // Returned: the village review was sent back with a comment.
    let mut returned = with_lead(named("h-ret", "退回户"), "2026-11-20");
    returned.monitoring.procedure.decisions.push(Decision {
        step: ProcedureStep::VillageReview,
        date: date("2026-11-27"),
        by: "reviewer".into(),
        approved: false,
        comment: "补充入户核实照片".into(),
    });
    // Red with no procedure: water unsafe, nothing started.
    let mut red = named("h-red", "红色户");
    red.guarantees.water_unsafe = true;
    // A procedure 13 days old (limit 15 days from the lead): 2 days left.
    let soon = with_lead(named("h-soon", "时限户"), "2026-11-16");
    // Never visited.
    let mut never = named("h-never", "未走访户");
    never.visits.clear();
    // Monitored, last visited 40 days ago: due 10 days ago.
    let mut visit = named("h-visit", "走访户");
    visit.monitoring.category = Some(MonitoredCategory::EdgeAtRisk);
    visit.visits = vec![visit_on("2026-10-20")];
    // Not monitored, visited 40 days ago: no monthly visit due.
    let mut quiet = named("h-quiet", "普通户");
    quiet.visits = vec![visit_on("2026-10-20")];
    // Voided: nothing at all.
    let mut gone = named("h-gone", "作废户");
    gone.visits.clear();
    gone.monitoring.voided = Some(Void {
        date: today(),
        by: "w".into(),
        reason: "重复".into(),
    });

    // A department's list named a member 8 days ago; 15 days to finish from there.
    let mut listed = named("h-listed", "线索户");
    listed
        .monitoring
        .leads
        .push(department_lead("2026-11-22", "2026-12-07"));
    let mut checked = named("h-checked", "已核实户");
    let mut closed = department_lead("2026-11-22", "2026-12-07");
    closed.outcome = Some(LeadOutcome {
        verdict: LeadVerdict::Exclude,
        reason: "已报销".into(),
        date: date("2026-11-25"),
        by: "w".into(),
    });
    checked.monitoring.leads.push(closed);

    let all: Vec<Summary> = [
        &returned, &red, &soon, &never, &visit, &quiet, &gone, &listed, &checked,
    ]
    .into_iter()
    .map(summary)
    .collect();
    let refused = vec![(
        "h-quiet".to_string(),
        Text::new("所在地区不在你负责的村", "Not your village"),
    )];
    let items = todo(&all, &refused, today());
    assert_eq!(
        kinds(&items),
        vec![
            ("退回户", "returned", Some("2026-12-05".into()), false),
            ("普通户", "refused", None, false),
            ("线索户", "check_leads", Some("2026-12-07".into()), false),
            ("红色户", "start_procedure", None, false),
            ("时限户", "procedure", Some("2026-12-01".into()), false),
            ("未走访户", "first_visit", None, false),
            ("走访户", "visit", Some("2026-11-19".into()), true),
        ]
    );
    let Due::Returned(r) = &items[0].due else {
        unreachable!()
    };
    assert_eq!(
        (r.step, r.comment.as_str()),
        (ProcedureStep::VillageReview, "补充入户核实照片")
    );
    let Due::CheckLeads { open } = &items[2].due else {
        unreachable!()
    };
    assert_eq!(*open, 1);
    let Due::ProcedureStep { step } = &items[4].due else {
        unreachable!()
    };
    assert_eq!(*step, Some(ProcedureStep::VillageReview));
}

#[test]
fn a_return_acted_on_and_approved_is_no_longer_due() {
    let mut h = with_lead(named("h-ret", "退回户"), "2026-11-20");
    let mut decision = Decision {
        step: ProcedureStep::VillageReview,
        date: date("2026-11-25"),
        by: "reviewer".into(),
        approved: false,
        comment: "补充材料".into(),
    };
    h.monitoring.procedure.decisions.push(decision.clone());
    assert!(summary(&h).returned.is_some());
    decision.approved = true;
    decision.date = date("2026-11-27");
    h.monitoring.procedure.decisions.push(decision);
    h.monitoring.procedure.village_review = Some(date("2026-11-27"));
    assert_eq!(summary(&h).returned, None);
}

#[test]
fn the_list_finds_a_household_by_its_phone_number() {
    let mut h = named("h-1", "甲");
    h.phone = " 13885401234 ".into();
    let s = summary(&h);
    assert!(s.matches("13885401234"));
    assert!(s.matches("5401"));
    assert!(!s.matches("13900000000"));
    h.phone.clear();
    assert!(!summary(&h).matches("138"));
}
