//! Department lists become leads over real HTTP, on SQLite and PostgreSQL (#16): a list with
//! matches, non-matches and repeats; the lead on the worker's phone after sync, closed by the
//! worker's outcome; the same list again adds nothing; an unmatched row assigned by the
//! township; other townships see none of it.
use chrono::Datelike;
use shouwang_domain::import::leads::LeadUploadReport;
use shouwang_domain::leads::close_lead;
use shouwang_domain::model::{LeadOutcome, LeadVerdict};
use shouwang_domain::office::leads::{LeadFigures, LeadList};
use shouwang_domain::office::wire::Stored;
use shouwang_domain::sync::wire::*;
use shouwang_domain::{Household, Money};
use shouwang_server::demo;

use crate::both::on_both;
use crate::import::{demo_township, upload};
use crate::support::TestServer;

on_both!(a_department_list_becomes_leads_the_worker_checks_and_closes);

fn month(s: &TestServer) -> String {
    let d = s.state.today();
    format!("{}-{:02}", d.year(), d.month())
}

fn pull(s: &TestServer, token: &str) -> Vec<PulledHousehold> {
    s.post(
        "/api/v1/sync/pull",
        Some(token),
        &serde_json::json!({"protocol": 1, "device_id": "phone", "cursor": 0, "limit": 1000}),
    )
    .parse::<PullResponse>()
    .households
}

fn leads(s: &TestServer, token: &str) -> LeadList {
    let r = s.get_as("/api/v1/office/leads", Some(token));
    assert_eq!(r.status, 200, "{}", r.body);
    r.parse()
}

fn send_list(s: &TestServer, token: &str, csv: &str, dry_run: bool) -> LeadUploadReport {
    let m = month(s);
    let fields = [
        ("source", "medical"),
        ("month", m.as_str()),
        ("dry_run", if dry_run { "true" } else { "false" }),
    ];
    let r = upload(
        s,
        "/api/v1/office/leads/upload",
        token,
        &fields,
        &[("医保.csv", csv.as_bytes())],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.parse()
}

fn a_department_list_becomes_leads_the_worker_checks_and_closes(s: &TestServer) {
    let (rev, worker) = demo_township(s);
    let all = demo::households();
    let (h0, h1) = (&all[0], &all[1]);
    assert_eq!(
        (h0.area.code.as_str(), h1.area.code.as_str()),
        (demo::VILLAGES[0].0, demo::VILLAGES[1].0)
    );
    let (in_v1, in_v2) = (&h0.members[0].id_number, &h1.members[0].id_number);
    let stranger = "532328197007070011";
    let stranger = format!(
        "{}{}",
        &stranger[..17],
        shouwang_domain::id_number::check_char(&stranger[..17]).unwrap()
    );
    let csv = format!(
        "\u{feff}姓名,身份证号码,个人自付金额,疾病名称\r\n甲,'{in_v1},23000,肺癌\r\n乙,{in_v2},8000.5,\r\n丙,{stranger},100,\r\n甲,{in_v1},23000,肺癌\r\n"
    );
    let dry = send_list(s, &rev, &csv, true);
    assert_eq!(
        (dry.rows, dry.matched.len(), dry.repeats, dry.unmatched),
        (4, 2, 1, 1),
        "{dry:?}"
    );
    assert!(leads(s, &rev).open.is_empty(), "a dry run stores nothing");

    let done = send_list(s, &rev, &csv, false);
    assert_eq!(
        (done.matched.len(), done.repeats, done.unmatched),
        (2, 1, 1),
        "{done:?}"
    );
    let list = leads(s, &rev);
    assert_eq!((list.open.len(), list.unmatched.len()), (2, 1));
    let lead = &list
        .open
        .iter()
        .find(|i| i.household.household_id == h0.id.0)
        .unwrap()
        .lead;
    assert_eq!(
        (lead.amount, lead.details.as_str()),
        (Some(Money::yuan(23_000)), "疾病名称：肺癌")
    );
    assert_eq!(lead.found, s.state.today());

    // The same list again: nothing new, the unmatched row kept once.
    let again = send_list(s, &rev, &csv, false);
    assert_eq!((again.matched.len(), again.repeats), (0, 3), "{again:?}");
    assert_eq!(leads(s, &rev).unmatched.len(), 1);

    // The worker's phone gets the lead of its village only, as a to-do after sync.
    let pulled = pull(s, &worker);
    let mine: Vec<&PulledHousehold> = pulled
        .iter()
        .filter(|p| !p.household.monitoring.leads.is_empty())
        .collect();
    assert_eq!(mine.len(), 1);
    let (revision, household): (Revision, Household) =
        (mine[0].revision, mine[0].household.clone());
    assert_eq!(household.id, h0.id);
    // A phone cannot change what the office found.
    let mut forged = household.clone();
    forged.monitoring.leads[0].amount = Some(Money::yuan(1));
    let change = |id: &str, h: &Household| {
        serde_json::json!({"protocol": 1, "device_id": "phone",
        "changes": [{"change_id": id, "base_revision": revision, "edited_at": s.state.now().to_rfc3339(), "household": h}]})
    };
    let r: PushResponse = s
        .post(
            "/api/v1/sync/push",
            Some(&worker),
            &change("forged", &forged),
        )
        .parse();
    assert_eq!(
        r.results[0].error.as_ref().map(|e| e.reason.as_str()),
        Some("office_only")
    );
    // The worker's outcome closes it.
    let outcome = LeadOutcome {
        verdict: LeadVerdict::Include,
        reason: "住院自付过高，收入低于监测线".into(),
        date: s.state.today(),
        by: "w1".into(),
    };
    let closed = close_lead(
        &household,
        &household.monitoring.leads[0].id,
        outcome,
        s.state.today(),
    )
    .unwrap();
    let r: PushResponse = s
        .post(
            "/api/v1/sync/push",
            Some(&worker),
            &change("outcome", &closed),
        )
        .parse();
    assert_eq!(
        r.results[0].status,
        PushStatus::Stored,
        "{:?}",
        r.results[0]
    );
    let list = leads(s, &rev);
    assert_eq!((list.open.len(), list.closed.len()), (1, 1));
    let f = &list.figures.sources[0];
    assert_eq!(
        (f.source.as_str(), f.leads, f.open, f.included, f.unmatched),
        ("medical", 2, 1, 1, 1)
    );
    assert_eq!(list.figures.days_to_outcome.median_days, Some(0));
    let figures: LeadFigures = s.get_as("/api/v1/office/leads/figures", Some(&rev)).parse();
    assert_eq!(figures, list.figures);

    // The township assigns the unmatched row to a household of its own.
    s.user("far", Role::Reviewer, &["532328101"]);
    let far = s.login("far", "far-office");
    assert!(
        leads(s, &far).unmatched.is_empty() && leads(s, &far).open.is_empty(),
        "another township sees none"
    );
    let key = list.unmatched[0].id.clone();
    let base = list.open[0].revision;
    let target = list.open[0].household.household_id.clone();
    let path = format!("/api/v1/office/leads/unmatched/{}/assign", urlencode(&key));
    let body = serde_json::json!({"household_id": target, "base_revision": base});
    assert_eq!(
        s.post(&path, Some(&far), &body).status,
        404,
        "not another township's row"
    );
    // A household outside the caller's areas (or none) is not found; a stale version is refused.
    let forged = serde_json::json!({"household_id": "00000000-0000-7000-8000-00000000ffff", "base_revision": base});
    assert_eq!(
        s.post(&path, Some(&rev), &forged).status,
        404,
        "no such household in its areas"
    );
    let stale = serde_json::json!({"household_id": target, "base_revision": base.0 + 1000});
    let r = s.post(&path, Some(&rev), &stale);
    assert_eq!(
        (r.status, r.json()["reason"].as_str()),
        (409, Some("stale")),
        "{}",
        r.body
    );
    assert_eq!(
        leads(s, &rev).unmatched.len(),
        1,
        "nothing assigned by a refusal"
    );
    let r = s.post(&path, Some(&rev), &body);
    assert_eq!(r.status, 200, "{}", r.body);
    let stored: Stored = r.parse();
    assert_eq!(stored.household.monitoring.leads.len(), 2);
    let list = leads(s, &rev);
    assert_eq!((list.open.len(), list.unmatched.len()), (2, 0));

    // Refusals in words: a source not configured, a month to come, a worker.
    let fields = [("source", "tax"), ("month", "2026-01")];
    let r = upload(
        s,
        "/api/v1/office/leads/upload",
        &rev,
        &fields,
        &[("x.csv", csv.as_bytes())],
    );
    assert_eq!(
        (r.status, r.json()["reason"].as_str()),
        (422, Some("unknown_source"))
    );
    let fields = [("source", "medical"), ("month", "2999-01")];
    let r = upload(
        s,
        "/api/v1/office/leads/upload",
        &rev,
        &fields,
        &[("x.csv", csv.as_bytes())],
    );
    assert_eq!(
        (r.status, r.json()["reason"].as_str()),
        (422, Some("bad_month"))
    );
    let r = upload(
        s,
        "/api/v1/office/leads/upload",
        &worker,
        &fields,
        &[("x.csv", csv.as_bytes())],
    );
    assert_eq!(r.status, 403);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
