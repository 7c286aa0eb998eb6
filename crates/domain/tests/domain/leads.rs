//! Department lists become leads (#16): matches, non-matches and repeats; the worker's outcome
//! closes a lead (an inclusion starts the identification from the lead's day); the office's
//! figures by source and outcome with the days from lead to outcome; the to-do item 核实线索.
use chrono::Days;
use shouwang_domain::import::leads::{check_month, plan, read, Received};
use shouwang_domain::import::{ImportRules, Sources, Table, Value};
use shouwang_domain::leads::{close_lead, leads_to_check, open_leads, LeadError};
use shouwang_domain::model::{DiscoveryChannel, Lead, LeadOutcome, LeadVerdict};
use shouwang_domain::office::leads::{assign, lead_figures, lead_list};
use shouwang_domain::summary::Summary;
use shouwang_domain::sync::wire::Revision;
use shouwang_domain::{classify, Household, Money, Policy};

use crate::import::{id_number, stored};
use crate::support::{date, today};

fn list(rows: &[[&str; 4]]) -> Table {
    let mut all = vec![["姓名", "身份证号码", "个人自付金额", "疾病名称"]
        .iter()
        .map(|h| Value::Text((*h).into()))
        .collect::<Vec<_>>()];
    for r in rows {
        all.push(r.iter().map(|c| Value::Text((*c).into())).collect());
    }
    Table::new("医保2026年11月.xlsx", "Sheet1", all)
}

fn received(sources: &Sources) -> Received<'_> {
    Received {
        source: sources.get("medical").unwrap(),
        month: "2026-11",
        found: date("2026-11-20"),
        by: "rev",
    }
}

/// A member of the third stored household, and a stranger to every household.
fn people(stored: &[(Revision, Household)]) -> (String, String) {
    (
        stored[2].1.members[1].id_number.clone(),
        id_number("19700707", 901),
    )
}

#[test]
fn a_list_becomes_leads_on_the_households_it_names_and_lists_the_rest() {
    let stored = stored();
    let (member, stranger) = people(&stored);
    let sources = Sources::builtin();
    let table = list(&[
        ["某甲", &member, "23000", "肺癌"],
        ["某乙", &stranger, "8000", ""],
        ["某甲", &member, "23000", "肺癌"],
        ["某丙", "532328198001011230", "100", ""],
        ["某丁", &id_number("19710101", 903), "两万", ""],
    ]);
    let read = read(
        &table,
        &sources,
        sources.get("medical").unwrap(),
        &ImportRules::builtin(),
    );
    let codes: Vec<(u32, &str)> = read
        .problems
        .iter()
        .map(|p| (p.at.row.unwrap(), p.code.as_str()))
        .collect();
    assert_eq!(codes, [(5, "id_number.checksum"), (6, "import.bad_cell")]);
    let plan = plan(&read, &received(&sources), &stored, &Policy::builtin());
    assert_eq!(plan.matched.len(), 1);
    assert_eq!(plan.matched[0].household.household_id, stored[2].1.id.0);
    assert_eq!(plan.repeats.len(), 1, "the same person twice in one list");
    assert_eq!(plan.unmatched.len(), 1);
    assert_eq!(plan.unmatched[0].1.id_number, stranger);
    let (revision, h) = &plan.households[0];
    assert_eq!(
        *revision, stored[2].0,
        "stored from the version it was read at"
    );
    let lead = &h.monitoring.leads[0];
    let rules = Policy::builtin()
        .resolve(h.area.parsed_code().as_ref(), 2026)
        .rules;
    assert_eq!(lead.id, format!("medical:2026-11:{member}"));
    assert_eq!(lead.member_id, stored[2].1.members[1].id);
    assert_eq!(lead.amount, Some(Money::yuan(23_000)));
    assert_eq!(lead.details, "疾病名称：肺癌");
    assert_eq!(
        lead.due,
        date("2026-11-20") + Days::new(u64::from(rules.procedure.max_days_from_lead)),
        "the identification time limit of the household's village"
    );
    let mut others = h.clone();
    others.monitoring.leads.clear();
    assert_eq!(others, stored[2].1, "nothing else changed");
}

#[test]
fn the_same_list_again_adds_no_lead() {
    let mut stored = stored();
    let (member, stranger) = people(&stored);
    let sources = Sources::builtin();
    let table = list(&[["某甲", &member, "23000", ""], ["某乙", &stranger, "", ""]]);
    let rows = read(
        &table,
        &sources,
        sources.get("medical").unwrap(),
        &ImportRules::builtin(),
    );
    let first = plan(&rows, &received(&sources), &stored, &Policy::builtin());
    stored[2] = first.households[0].clone();
    let again = plan(&rows, &received(&sources), &stored, &Policy::builtin());
    assert!(again.households.is_empty() && again.matched.is_empty());
    assert_eq!(again.repeats.len(), 1);
    assert_eq!(
        again.unmatched, first.unmatched,
        "the same key: the server keeps it once"
    );
}

#[test]
fn a_row_over_a_leads_limits_is_refused_at_its_cell() {
    let stored = stored();
    let (member, _) = people(&stored);
    let sources = Sources::builtin();
    let long_name = "甲".repeat(51);
    // Within a cell's limit, but not once the lead writes it as 疾病名称：….
    let long_details = "癌".repeat(497);
    let table = list(&[
        [&long_name, &member, "23000", ""],
        ["某甲", &member, "23000", &long_details],
        ["某甲", &member, "23000", &"癌".repeat(400)],
    ]);
    let rows = read(
        &table,
        &sources,
        sources.get("medical").unwrap(),
        &ImportRules::builtin(),
    );
    let places: Vec<(Option<u32>, &str, &str)> = rows
        .problems
        .iter()
        .map(|p| {
            (
                p.at.row,
                p.at.column.as_deref().unwrap_or(""),
                p.code.as_str(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (Some(2), "姓名", "text.too_long"),
            (Some(3), "疾病名称", "text.too_long")
        ]
    );
    assert!(rows.problems[0].message.zh.contains("最多 50 个字"));
    assert_eq!(rows.rows.len(), 1, "the row within the limits is read");
}

#[test]
fn a_months_list_must_be_of_a_past_or_this_month() {
    assert!(check_month("2026-11", today()).is_ok());
    assert!(check_month("2026-12", today()).is_err());
    assert!(check_month("2026-1", today()).is_err());
    assert!(check_month("十一月", today()).is_err());
}

fn with_lead(found: &str, due_days: u64) -> Household {
    let mut h = stored().remove(0).1;
    let found = date(found);
    h.monitoring.procedure = Default::default();
    h.monitoring.category = None;
    h.monitoring.identified_on = None;
    h.monitoring.leads.push(Lead {
        id: "medical:2026-11:x".into(),
        source: "medical".into(),
        month: "2026-11".into(),
        found,
        due: found + Days::new(due_days),
        member_id: h.members[0].id.clone(),
        name: h.members[0].name.clone(),
        id_number: h.members[0].id_number.clone(),
        amount: Some(Money::yuan(23_000)),
        details: String::new(),
        by: "rev".into(),
        outcome: None,
    });
    h
}

fn outcome(verdict: LeadVerdict, reason: &str, on: &str) -> LeadOutcome {
    LeadOutcome {
        verdict,
        reason: reason.into(),
        date: date(on),
        by: "w1".into(),
    }
}

#[test]
fn an_inclusion_closes_the_lead_and_starts_the_identification_from_its_day() {
    let h = with_lead("2026-11-20", 15);
    assert_eq!(open_leads(&h).len(), 1);
    let out = close_lead(
        &h,
        "medical:2026-11:x",
        outcome(LeadVerdict::Include, " 住院自付过高 ", "2026-11-25"),
        today(),
    )
    .unwrap();
    assert!(open_leads(&out).is_empty());
    assert_eq!(
        out.monitoring.leads[0].outcome.as_ref().unwrap().reason,
        "住院自付过高"
    );
    let p = &out.monitoring.procedure;
    assert_eq!(p.lead_found, Some(date("2026-11-20")));
    assert_eq!(p.channel, Some(DiscoveryChannel::DepartmentAlert));
}

#[test]
fn an_exclusion_closes_the_lead_and_leaves_the_procedure() {
    let h = with_lead("2026-11-20", 15);
    let out = close_lead(
        &h,
        "medical:2026-11:x",
        outcome(LeadVerdict::Exclude, "已报销，收入稳定", "2026-11-22"),
        today(),
    )
    .unwrap();
    assert_eq!(out.monitoring.procedure, h.monitoring.procedure);
    assert!(open_leads(&out).is_empty());
}

#[test]
fn an_outcome_needs_a_reason_and_a_day_from_the_lead_to_today() {
    let h = with_lead("2026-11-20", 15);
    let id = "medical:2026-11:x";
    let close = |o| close_lead(&h, id, o, today());
    assert_eq!(
        close(outcome(LeadVerdict::Exclude, "  ", "2026-11-22")),
        Err(LeadError::ReasonRequired)
    );
    assert_eq!(
        close(outcome(LeadVerdict::Exclude, "x", "2026-11-30")),
        Err(LeadError::DateInFuture)
    );
    assert_eq!(
        close(outcome(LeadVerdict::Exclude, "x", "2026-11-19")),
        Err(LeadError::BeforeFound)
    );
    assert_eq!(
        close_lead(
            &h,
            "nope",
            outcome(LeadVerdict::Exclude, "x", "2026-11-22"),
            today()
        ),
        Err(LeadError::NoSuchLead)
    );
    for e in [
        LeadError::NoSuchLead,
        LeadError::ReasonRequired,
        LeadError::DateInFuture,
        LeadError::BeforeFound,
    ] {
        assert!(!e.message().zh.is_empty() && !e.message().en.is_empty());
    }
}

#[test]
fn figures_count_leads_by_source_and_outcome_and_the_days_to_outcome() {
    let sources = Sources::builtin();
    let open_overdue = with_lead("2026-11-01", 15);
    let included = close_lead(
        &with_lead("2026-11-10", 15),
        "medical:2026-11:x",
        outcome(LeadVerdict::Include, "r", "2026-11-14"),
        today(),
    )
    .unwrap();
    let excluded = close_lead(
        &with_lead("2026-11-01", 15),
        "medical:2026-11:x",
        outcome(LeadVerdict::Exclude, "r", "2026-11-21"),
        today(),
    )
    .unwrap();
    let mut unmatched = with_lead("2026-11-20", 15).monitoring.leads.remove(0);
    unmatched.source = "education".into();
    let f = lead_figures(
        [&open_overdue, &included, &excluded],
        &[unmatched],
        &sources,
        today(),
    );
    let medical = &f.sources[0];
    assert_eq!(medical.source, "medical");
    assert_eq!(
        (
            medical.leads,
            medical.open,
            medical.overdue,
            medical.included,
            medical.excluded
        ),
        (3, 1, 1, 1, 1)
    );
    assert_eq!(f.sources[1].unmatched, 1);
    assert_eq!(
        f.sources.len(),
        sources.sources.len(),
        "every configured source, even with none"
    );
    assert_eq!((f.total.leads, f.total.unmatched), (3, 1));
    let d = &f.days_to_outcome;
    assert_eq!(
        (d.closed, d.within_limit, d.median_days, d.max_days),
        (2, 1, Some(4), Some(20))
    );
}

#[test]
fn the_office_lists_open_leads_most_urgent_first_and_assigns_an_unmatched_row() {
    let sources = Sources::builtin();
    let late = with_lead("2026-11-01", 15);
    let mut soon = with_lead("2026-11-20", 15);
    soon.id.0 = "h-soon".into();
    let mut row = late.monitoring.leads[0].clone();
    row.id = "education:2026-11:y".into();
    row.source = "education".into();
    row.member_id.clear();
    let list = lead_list(
        &[(Revision(2), soon.clone()), (Revision(1), late.clone())],
        vec![("k1".into(), row.clone())],
        &sources,
        today(),
    );
    let days: Vec<Option<i64>> = list.open.iter().map(|i| i.days_left).collect();
    assert_eq!(days, [Some(-13), Some(6)]);
    assert_eq!(list.unmatched[0].source_name.zh, "教育部门");
    let assigned = assign(&soon, &row, &Policy::builtin()).unwrap();
    let lead = assigned.monitoring.leads.last().unwrap();
    assert_eq!(
        lead.member_id, soon.members[0].id,
        "the ID number is a member's"
    );
    assert!(
        assign(&assigned, &row, &Policy::builtin()).is_err(),
        "not twice"
    );
}

#[test]
fn the_todo_lists_households_with_open_leads_by_their_time_limit() {
    let policy = Policy::builtin();
    let summary = |h: &Household| Summary::of(h, &classify(h, &policy, today()));
    let mut a = with_lead("2026-11-20", 15);
    a.id.0 = "a".into();
    let mut b = with_lead("2026-11-01", 15);
    b.id.0 = "b".into();
    let closed = close_lead(
        &with_lead("2026-11-01", 15),
        "medical:2026-11:x",
        outcome(LeadVerdict::Exclude, "r", "2026-11-02"),
        today(),
    )
    .unwrap();
    let all = [summary(&a), summary(&b), summary(&closed)];
    assert_eq!(
        (all[0].open_leads, all[0].lead_due),
        (1, Some(date("2026-12-05")))
    );
    let due: Vec<(i64, &str)> = leads_to_check(&all, today())
        .into_iter()
        .map(|(d, s)| (d, s.id.as_str()))
        .collect();
    assert_eq!(due, [(-13, "b"), (6, "a")]);
}

#[test]
fn a_lead_reads_and_writes_as_frozen_json_and_a_household_without_leads_is_unchanged() {
    let h = with_lead("2026-11-20", 15);
    let json = serde_json::to_value(&h.monitoring.leads[0]).unwrap();
    let expected = serde_json::json!({
        "id": "medical:2026-11:x", "source": "medical", "month": "2026-11",
        "found": "2026-11-20", "due": "2026-12-05",
        "member_id": h.members[0].id, "name": h.members[0].name,
        "id_number": h.members[0].id_number, "amount": "23000", "details": "", "by": "rev",
    });
    assert_eq!(json, expected);
    let back: Lead = serde_json::from_value(json).unwrap();
    assert_eq!(back, h.monitoring.leads[0]);
    let plain = stored().remove(0).1;
    let text = serde_json::to_string(&plain).unwrap();
    assert!(
        !text.contains("\"leads\""),
        "no leads, no key: records read and write unchanged"
    );
}
