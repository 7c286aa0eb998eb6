//! The server's plan for one pushed change, rule by rule (`shouwang_domain::sync::plan`).
use chrono::Duration;
use shouwang_domain::money::Money;
use shouwang_domain::sync::plan::{Context, Found, Version, MAX_CLOCK_AHEAD_HOURS};
use shouwang_domain::sync::wire::{Change, ChangeId, PushStatus, Revision, Role};
use shouwang_domain::sync::{plan_change, Actor, Kept, Plan, Scope, Via};
use shouwang_domain::{Household, Policy};

use super::sim::{household, noon, stamp, today, worker, Server, OFFICE, PLAN, VILLAGE};

fn change(id: &str, base: Option<u64>, at: &str, h: &Household) -> Change {
    Change {
        change_id: ChangeId(id.into()),
        base_revision: base.map(Revision),
        edited_at: at.into(),
        household: h.clone(),
    }
}

fn reason(s: &mut Server, who: super::sim::Who, c: &Change) -> Option<String> {
    s.push(who, c).error.map(|e| e.reason)
}

#[test]
fn resend_of_the_same_change_is_answered_from_its_stored_result_and_stores_nothing() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let c = change("c1", None, &stamp(1), &household("h"));
    let first = s.push(w, &c);
    assert_eq!(first.status, PushStatus::Stored);
    let again = s.push(w, &c);
    assert_eq!(again.status, PushStatus::AlreadyStored);
    assert_eq!(again.revision, first.revision);
    assert_eq!(s.history.len(), 1, "stored once");
}

#[test]
fn a_change_id_used_by_another_user_or_for_another_household_is_refused() {
    let mut s = Server::new(PLAN);
    s.push(
        worker("w1", "phone"),
        &change("c1", None, &stamp(1), &household("h")),
    );
    let theirs = change("c1", None, &stamp(2), &household("h"));
    assert_eq!(
        reason(&mut s, worker("w2", "phone-2"), &theirs).as_deref(),
        Some("duplicate_change_id")
    );
    let other = change("c1", None, &stamp(2), &household("h-2"));
    assert_eq!(
        reason(&mut s, worker("w1", "phone"), &other).as_deref(),
        Some("duplicate_change_id")
    );
    assert!(s.current("h-2").is_none());
}

#[test]
fn a_base_that_is_not_a_version_of_this_household_is_refused() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let a = s.push(w, &change("a", None, &stamp(1), &household("h-a")));
    s.push(w, &change("b", None, &stamp(1), &household("h-b")));
    let mut h = household("h-b");
    h.address = "改".into();
    // Another household's revision, a revision that does not exist, a base for a new household.
    for base in [a.revision.unwrap().0, 999] {
        let c = change(&format!("x{base}"), Some(base), &stamp(2), &h);
        assert_eq!(reason(&mut s, w, &c).as_deref(), Some("unknown_base"));
    }
    let c = change("y", Some(1), &stamp(2), &household("h-new"));
    assert_eq!(reason(&mut s, w, &c).as_deref(), Some("unknown_base"));
    assert_eq!(s.history.len(), 2, "nothing stored");
}

#[test]
fn only_households_of_the_callers_villages_are_written() {
    let policy = Policy::builtin();
    let scope = Scope::new(vec![VILLAGE.into()]);
    let ctx = Context {
        actor: Actor {
            username: "w1",
            device_id: "phone",
            role: Role::Worker,
            via: Via::Device,
        },
        scope: &scope,
        policy: &policy,
        now: noon(),
        today: today(),
    };
    let mut elsewhere = household("h");
    elsewhere.area.code = "520121110207".into();
    let plan = plan_change(
        &change("c", None, &stamp(1), &elsewhere),
        &Found::default(),
        &ctx,
    );
    assert!(
        matches!(plan, Plan::Refuse(ref e) if e.reason == "forbidden_area"),
        "{plan:?}"
    );
    // Nor moved here from a village outside them.
    let found = Found {
        current: Some(Version {
            revision: Revision(4),
            household: elsewhere.clone(),
            edited_at: noon(),
            device_id: "x".into(),
        }),
        base: Some(elsewhere),
        ..Found::default()
    };
    let plan = plan_change(
        &change("c", Some(4), &stamp(1), &household("h")),
        &found,
        &ctx,
    );
    assert!(
        matches!(plan, Plan::Refuse(ref e) if e.reason == "forbidden_area"),
        "{plan:?}"
    );
}

#[test]
fn an_edit_stamped_more_than_a_day_ahead_of_the_server_is_refused() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let limit = noon() + Duration::hours(MAX_CLOCK_AHEAD_HOURS);
    let ahead = change(
        "late",
        None,
        &(limit + Duration::seconds(1)).to_rfc3339(),
        &household("h"),
    );
    let refused = s.push(w, &ahead).error.unwrap();
    assert_eq!(refused.reason, "edited_in_future");
    assert!(
        refused.message.zh.contains("自动"),
        "{}",
        refused.message.zh
    );
    let close = change("ok", None, &limit.to_rfc3339(), &household("h"));
    assert_eq!(s.push(w, &close).status, PushStatus::Stored);
    let far = change("9999", None, "9999-12-31T00:00:00Z", &household("h2"));
    assert_eq!(reason(&mut s, w, &far).as_deref(), Some("edited_in_future"));
    let garbled = change("g", None, "yesterday", &household("h3"));
    assert_eq!(reason(&mut s, w, &garbled).as_deref(), Some("bad_request"));
}

#[test]
fn an_invalid_record_is_refused_naming_the_fields_by_their_standard_names() {
    let mut s = Server::new(PLAN);
    let mut h = household("h");
    h.income.wages = Money::yuan(-5);
    let refused = s
        .push(worker("w1", "phone"), &change("c", None, &stamp(1), &h))
        .error
        .unwrap();
    assert_eq!(refused.reason, "invalid_record");
    assert!(
        refused.message.zh.contains("工资性收入"),
        "{}",
        refused.message.zh
    );
    assert!(
        !refused.message.en.contains("income.wages"),
        "{}",
        refused.message.en
    );
    let mut no_id = household(" ");
    no_id.id.0 = "  ".into();
    assert_eq!(
        reason(
            &mut s,
            worker("w1", "phone"),
            &change("d", None, &stamp(1), &no_id)
        )
        .as_deref(),
        Some("invalid_record")
    );
}

#[test]
fn an_edit_of_an_older_version_is_merged_field_by_field_the_last_writer_winning() {
    let mut s = Server::new(PLAN);
    let (a, b) = (worker("w1", "phone-a"), worker("w2", "phone-b"));
    let v1 = s.push(a, &change("c1", None, &stamp(1), &household("h")));
    let v1 = v1.revision.unwrap().0;
    let mut first = household("h");
    first.address = "A 的地址".into();
    first.phone = "13900000001".into();
    assert_eq!(
        s.push(a, &change("c2", Some(v1), &stamp(2), &first)).status,
        PushStatus::Stored
    );
    let mut second = household("h");
    second.phone = "13900000002".into();
    let merged = s.push(b, &change("c3", Some(v1), &stamp(3), &second));
    assert_eq!(merged.status, PushStatus::Merged);
    let now = &s.current("h").unwrap().household;
    assert_eq!(now.address, "A 的地址", "one side's field kept");
    assert_eq!(
        now.phone, "13900000002",
        "the later edit wins the field both changed"
    );
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].path, "phone");
    assert_eq!(merged.conflicts[0].kept, Kept::Incoming);
}

#[test]
fn the_offices_own_call_must_start_from_the_current_version() {
    let mut s = Server::new(PLAN);
    let v1 = s.push(OFFICE, &change("o1", None, &stamp(1), &household("h")));
    let v1 = v1.revision.unwrap().0;
    let mut h = household("h");
    h.address = "新".into();
    s.push(worker("w1", "phone"), &change("w", Some(v1), &stamp(2), &h));
    let mut decided = household("h");
    decided.monitoring.identified_on = Some(today());
    assert_eq!(
        reason(&mut s, OFFICE, &change("o2", Some(v1), &stamp(3), &decided)).as_deref(),
        Some("stale")
    );
}
