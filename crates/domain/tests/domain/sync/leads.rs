//! A lead through sync (#16): the office's upload reaches the worker's phone, the worker's
//! outcome goes back as a field edit and is stored, a phone that had not yet seen the lead keeps
//! it in the merge, and no push changes what the office made (the matrix of `office_only.rs`
//! covers adding, changing and removing a lead).
use chrono::NaiveDate;
use shouwang_domain::leads::close_lead;
use shouwang_domain::model::{Lead, LeadOutcome, LeadVerdict};
use shouwang_domain::sync::wire::{Change, ChangeId, PushStatus, Revision};
use shouwang_domain::sync::OfficePart;
use shouwang_domain::Household;

use super::sim::{household, stamp, today, worker, Server, OFFICE, PLAN};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn lead() -> Lead {
    Lead {
        id: "civil_affairs:2026-11:520121198001011236".into(),
        source: "civil_affairs".into(),
        month: "2026-11".into(),
        found: day(20),
        due: day(20) + chrono::Days::new(15),
        member_id: "m1".into(),
        name: "甲".into(),
        id_number: "520121198001011236".into(),
        amount: None,
        details: "变动类型：停发低保".into(),
        by: "rev".into(),
        outcome: None,
    }
}

fn change(id: &str, base: Option<u64>, h: &Household, minutes: i64) -> Change {
    Change {
        change_id: ChangeId(id.into()),
        base_revision: base.map(Revision),
        edited_at: stamp(minutes),
        household: h.clone(),
    }
}

fn included(h: &Household) -> Household {
    let outcome = LeadOutcome {
        verdict: LeadVerdict::Include,
        reason: "停发低保后收入低于监测线".into(),
        date: day(25),
        by: "w1".into(),
    };
    close_lead(h, &lead().id, outcome, today()).unwrap()
}

#[test]
fn the_workers_outcome_of_a_lead_is_stored_and_the_lead_stays_the_offices() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let h = household("h-1");
    let v1 = s.push(w, &change("c1", None, &h, 0)).revision.unwrap().0;
    let mut with_lead = s.current("h-1").unwrap().household.clone();
    with_lead.monitoring.leads.push(lead());
    let v2 = s.push(OFFICE, &change("c2", Some(v1), &with_lead, 1));
    let v2 = v2.revision.unwrap().0;
    let pulled = s.pull(v1).households;
    assert_eq!(
        pulled[0].household.monitoring.leads,
        vec![lead()],
        "the phone gets it"
    );
    let r = s.push(
        w,
        &change("c3", Some(v2), &included(&pulled[0].household), 2),
    );
    assert_eq!(r.status, PushStatus::Stored, "{r:?}");
    let now = &s.current("h-1").unwrap().household;
    assert_eq!(
        now.monitoring.leads[0].outcome.as_ref().unwrap().verdict,
        LeadVerdict::Include
    );
    assert_eq!(now.monitoring.procedure.lead_found, Some(day(20)));
    assert_eq!(
        OfficePart::of(now),
        OfficePart::of(&with_lead),
        "the lead itself unchanged"
    );
}

#[test]
fn a_phone_that_had_not_seen_the_lead_keeps_it_in_the_merge() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let h = household("h-1");
    let v1 = s.push(w, &change("c1", None, &h, 0)).revision.unwrap().0;
    let mut with_lead = h.clone();
    with_lead.monitoring.leads.push(lead());
    s.push(OFFICE, &change("c2", Some(v1), &with_lead, 1));
    let mut offline = h.clone();
    offline.phone = "13900000001".into();
    let r = s.push(w, &change("c3", Some(v1), &offline, 2));
    assert_eq!(r.status, PushStatus::Merged, "{r:?}");
    let now = &s.current("h-1").unwrap().household;
    assert_eq!(now.phone, "13900000001");
    assert_eq!(now.monitoring.leads, vec![lead()]);
}

#[test]
fn a_worker_may_not_make_up_a_lead() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let h = household("h-1");
    let v1 = s.push(w, &change("c1", None, &h, 0)).revision.unwrap().0;
    let mut made_up = h.clone();
    made_up.monitoring.leads.push(
        included(&{
            let mut x = h.clone();
            x.monitoring.leads.push(lead());
            x
        })
        .monitoring
        .leads[0]
            .clone(),
    );
    let r = s.push(w, &change("c2", Some(v1), &made_up, 1));
    assert_eq!(r.error.map(|e| e.reason), Some("office_only".into()));
    assert!(s
        .current("h-1")
        .unwrap()
        .household
        .monitoring
        .leads
        .is_empty());
}
