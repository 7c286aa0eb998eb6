//! A void (作废) is the worker's to add and the office's to clear (#13): a worker voids a
//! household registered by mistake from any base; once stored, no worker push clears or
//! changes it — whatever its base — and the office's restore stays restored.
use chrono::NaiveDate;
use shouwang_domain::model::Void;
use shouwang_domain::office::restore;
use shouwang_domain::sync::wire::{Change, ChangeId, PushStatus, Revision};
use shouwang_domain::Household;

use super::sim::{household, stamp, worker, Server, OFFICE, PLAN};

fn voided(reason: &str) -> Option<Void> {
    Some(Void {
        date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        by: "w1".into(),
        reason: reason.into(),
    })
}

fn change(id: &str, base: Option<u64>, h: &Household) -> Change {
    Change {
        change_id: ChangeId(id.into()),
        base_revision: base.map(Revision),
        edited_at: stamp(10),
        household: h.clone(),
    }
}

fn rev(r: &shouwang_domain::sync::wire::PushResult) -> u64 {
    r.revision.unwrap_or_else(|| panic!("not stored: {r:?}")).0
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    /// The worker's push has no base (an answer lost before).
    None,
    /// The current version.
    Current,
    /// An older version of the household.
    Stale,
}

/// The server holds a household at v1 (and an office edit at v2 when `stale`); the worker sends
/// it with `sent` as its void from `base`. Returns the status and the void kept.
fn push_void(held: Option<Void>, sent: Option<Void>, base: Base) -> (PushStatus, Option<Void>) {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let mut h = household("h-1");
    h.monitoring.voided = held.clone();
    let v1 = rev(&s.push(w, &change("c1", None, &h)));
    let mut current = v1;
    if base == Base::Stale {
        let mut office = h.clone();
        office.address = "办公室核实的地址".into();
        current = rev(&s.push(OFFICE, &change("c2", Some(v1), &office)));
    }
    let mut edit = h.clone();
    edit.phone = "13900000009".into();
    edit.monitoring.voided = sent;
    let base = match base {
        Base::None => None,
        Base::Current => Some(current),
        Base::Stale => Some(v1),
    };
    let r = s.push(w, &change("w", base, &edit));
    let kept = s
        .current("h-1")
        .unwrap()
        .household
        .monitoring
        .voided
        .clone();
    if r.status != PushStatus::Rejected {
        assert_eq!(
            s.current("h-1").unwrap().household.phone,
            "13900000009",
            "the edit is kept"
        );
    }
    (r.status, kept)
}

#[test]
fn a_worker_voids_a_household_from_any_base() {
    for base in [Base::None, Base::Current, Base::Stale] {
        let (status, kept) = push_void(None, voided("重复登记"), base);
        assert_ne!(status, PushStatus::Rejected, "{base:?}");
        assert_eq!(kept, voided("重复登记"), "{base:?}");
    }
}

#[test]
fn a_new_household_may_arrive_voided() {
    let mut s = Server::new(PLAN);
    let mut h = household("h-new");
    h.monitoring.voided = voided("录错了");
    let r = s.push(worker("w1", "phone"), &change("c1", None, &h));
    assert_eq!(r.status, PushStatus::Stored, "{r:?}");
}

#[test]
fn no_worker_push_clears_or_changes_a_stored_void() {
    for base in [Base::None, Base::Current, Base::Stale] {
        for sent in [None, voided("改了原因")] {
            let (status, kept) = push_void(voided("重复登记"), sent.clone(), base);
            assert_eq!(status, PushStatus::Rejected, "{base:?} sending {sent:?}");
            assert_eq!(kept, voided("重复登记"), "{base:?} sending {sent:?}");
        }
    }
}

#[test]
fn the_refusal_names_the_void_in_words() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let mut h = household("h-1");
    h.monitoring.voided = voided("重复登记");
    let v1 = rev(&s.push(w, &change("c1", None, &h)));
    h.monitoring.voided = None;
    let r = s.push(w, &change("c2", Some(v1), &h));
    let e = r.error.unwrap();
    assert_eq!(e.reason, "office_only");
    assert!(e.message.zh.contains("作废"), "{}", e.message.zh);
    assert!(!e.message.zh.contains("monitoring"), "{}", e.message.zh);
}

#[test]
fn the_office_restores_and_a_worker_who_still_saw_the_void_does_not_undo_it() {
    let mut s = Server::new(PLAN);
    let w = worker("w1", "phone");
    let mut h = household("h-1");
    h.monitoring.voided = voided("重复登记");
    let v1 = rev(&s.push(w, &change("c1", None, &h)));
    let restored = restore(&s.current("h-1").unwrap().household).unwrap();
    let r = s.push(OFFICE, &change("office", Some(v1), &restored));
    assert_eq!(r.status, PushStatus::Stored, "{r:?}");
    // The worker's phone has not pulled the restore: it edits the voided version it holds.
    let mut edit = h.clone();
    edit.phone = "13900000009".into();
    let r = s.push(w, &change("w", Some(v1), &edit));
    assert_eq!(r.status, PushStatus::Merged, "{r:?}");
    let current = &s.current("h-1").unwrap().household;
    assert_eq!(current.monitoring.voided, None, "the restore stays");
    assert_eq!(current.phone, "13900000009");
    assert!(restore(current).is_err(), "nothing left to restore");
}
