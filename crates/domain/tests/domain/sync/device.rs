//! The device's sync rules (`shouwang_domain::sync::device`): what a phone pushes and what an
//! answer or a pulled version does to its copy.
use shouwang_domain::model::HouseholdId;
use shouwang_domain::sync::device::*;
use shouwang_domain::sync::wire::{
    ApiError, ChangeId, PulledHousehold, PushResult, PushStatus, Revision,
};
use shouwang_domain::{Household, Money};

/// The app's storage layout, as the records below are written in it.
const FORMAT: u32 = 3;

fn household(wages: i64) -> Household {
    let mut h: Household =
        serde_json::from_str(include_str!("../../../samples/10_not_at_risk.json")).unwrap();
    h.income.wages = Money::yuan(wages);
    h
}

fn dirty(local_rev: u64, base: Option<u64>, change: &str) -> Stored {
    Stored {
        storage_format: FORMAT,
        local_rev,
        saved_at: "2026-11-29T08:00:00.000Z".into(),
        server_rev: base,
        dirty: true,
        change_id: Some(change.into()),
        rejected: None,
        rejected_change: None,
        warnings: Vec::new(),
        household: household(1000),
    }
}

fn clean(local_rev: u64, rev: u64, wages: i64) -> Stored {
    Stored {
        dirty: false,
        change_id: None,
        server_rev: Some(rev),
        household: household(wages),
        ..dirty(local_rev, Some(rev), "x")
    }
}

fn result(change: &str, status: PushStatus, rev: Option<u64>) -> PushResult {
    PushResult {
        change_id: ChangeId(change.into()),
        household_id: HouseholdId(household(0).id.0),
        status,
        revision: rev.map(Revision),
        conflicts: Vec::new(),
        error: (status == PushStatus::Rejected).then(|| ApiError {
            reason: "forbidden_area".into(),
            message: shouwang_domain::Text::new("无权", "not yours"),
        }),
        warnings: Vec::new(),
    }
}

#[test]
fn a_dirty_record_is_pushed_with_its_change_id_and_base_revision() {
    let (change, sent) = change_of(&dirty(3, Some(40), "c-1")).unwrap();
    assert_eq!(change.change_id, ChangeId("c-1".into()));
    assert_eq!(change.base_revision, Some(Revision(40)));
    assert_eq!(sent.local_rev, 3);
    assert!(
        change_of(&clean(3, 40, 1)).is_none(),
        "clean records stay home"
    );
}

#[test]
fn a_stored_change_marks_the_unchanged_record_clean_at_the_returned_revision() {
    let local = dirty(3, Some(40), "c-1");
    let (_, sent) = change_of(&local).unwrap();
    let acked = acknowledge(&local, &sent, &result("c-1", PushStatus::Stored, Some(57))).unwrap();
    assert!(!acked.dirty);
    assert_eq!((acked.server_rev, acked.change_id), (Some(57), None));
    assert_eq!(acked.local_rev, 3, "an open form on it can still save");
    assert_eq!(acked.household, local.household);
}

#[test]
fn a_merged_change_is_clean_but_keeps_its_base_until_the_merged_version_is_pulled() {
    for status in [PushStatus::Merged, PushStatus::AlreadyStored] {
        let local = dirty(3, Some(40), "c-1");
        let (_, sent) = change_of(&local).unwrap();
        let acked = acknowledge(&local, &sent, &result("c-1", status, Some(57))).unwrap();
        assert!(!acked.dirty);
        assert_eq!(
            (acked.server_rev, acked.change_id.as_deref()),
            (Some(40), None)
        );
        // The pull then brings the server's merged version, which replaces it.
        let mut merged = household(1000);
        merged.address = "办公室改的地址".into();
        let pulled = PulledHousehold {
            revision: Revision(57),
            household: merged.clone(),
        };
        let after = apply_pulled(Some(&acked), &pulled, "now", FORMAT).unwrap();
        assert_eq!((after.household, after.server_rev), (merged, Some(57)));
    }
}

#[test]
fn an_edit_made_before_the_merged_version_arrives_is_pushed_from_the_base_it_was_made_on() {
    // Merged at 57, then edited again before the pull: the next push must say "edited from
    // 40", or the server would read the missing office fields as removed by this device.
    let local = dirty(3, Some(40), "c-1");
    let (_, sent) = change_of(&local).unwrap();
    let acked = acknowledge(&local, &sent, &result("c-1", PushStatus::Merged, Some(57))).unwrap();
    let edited = Stored {
        local_rev: 4,
        dirty: true,
        change_id: Some("c-2".into()),
        ..acked
    };
    let (change, _) = change_of(&edited).unwrap();
    assert_eq!(change.base_revision, Some(Revision(40)));
}

#[test]
fn a_record_edited_while_its_push_was_in_flight_stays_dirty_on_its_old_base() {
    let sent_version = dirty(3, Some(40), "c-1");
    let (_, sent) = change_of(&sent_version).unwrap();
    let edited_again = dirty(4, Some(40), "c-2");
    let r = result("c-1", PushStatus::Stored, Some(57));
    assert_eq!(acknowledge(&edited_again, &sent, &r), None);
}

#[test]
fn a_refused_change_stays_dirty_and_remembers_why() {
    let local = dirty(3, None, "c-1");
    let (_, sent) = change_of(&local).unwrap();
    let after = acknowledge(&local, &sent, &result("c-1", PushStatus::Rejected, None)).unwrap();
    assert!(after.dirty);
    assert_eq!(
        after.change_id.as_deref(),
        Some("c-1"),
        "resent under the same id"
    );
    assert_eq!(after.rejected.unwrap().reason, "forbidden_area");
}

#[test]
fn an_answer_for_another_change_id_changes_nothing() {
    let local = dirty(3, None, "c-1");
    let (_, sent) = change_of(&local).unwrap();
    assert_eq!(
        acknowledge(&local, &sent, &result("c-9", PushStatus::Stored, Some(5))),
        None
    );
}

fn pulled(rev: u64, wages: i64) -> PulledHousehold {
    PulledHousehold {
        revision: Revision(rev),
        household: household(wages),
    }
}

#[test]
fn a_pulled_household_new_to_the_device_is_stored_clean() {
    let s = apply_pulled(None, &pulled(9, 5), "now", FORMAT).unwrap();
    assert_eq!((s.dirty, s.server_rev, s.local_rev), (false, Some(9), 1));
}

#[test]
fn a_pulled_version_replaces_a_clean_record() {
    let s = apply_pulled(Some(&clean(2, 5, 1)), &pulled(9, 7), "now", FORMAT).unwrap();
    assert_eq!(s.household.income.wages, Money::yuan(7));
    assert_eq!((s.server_rev, s.local_rev, s.dirty), (Some(9), 3, false));
}

#[test]
fn a_pulled_version_never_clobbers_an_unsynced_edit() {
    let mine = dirty(2, Some(5), "c-1");
    assert_eq!(
        apply_pulled(Some(&mine), &pulled(9, 7), "now", FORMAT),
        None
    );
}

#[test]
fn a_pulled_version_older_than_the_local_base_is_ignored() {
    assert_eq!(
        apply_pulled(Some(&clean(2, 9, 1)), &pulled(5, 7), "now", FORMAT),
        None
    );
}

#[test]
fn the_same_content_coming_back_moves_only_the_base() {
    let s = apply_pulled(Some(&clean(2, 5, 1)), &pulled(9, 1), "now", FORMAT).unwrap();
    assert_eq!((s.server_rev, s.local_rev), (Some(9), 2));
    assert_eq!(apply_pulled(Some(&s), &pulled(9, 1), "now", FORMAT), None);
}

#[test]
fn merged_and_resent_changes_move_the_cursor_back_to_fetch_the_server_version() {
    let results = [
        result("a", PushStatus::Stored, Some(100)),
        result("b", PushStatus::Merged, Some(90)),
        result("c", PushStatus::AlreadyStored, Some(95)),
    ];
    assert_eq!(cursor_after_push(120, &results), 89);
    assert_eq!(cursor_after_push(50, &results), 50);
    assert_eq!(cursor_after_push(120, &results[..1]), 120);
}

#[test]
fn a_too_large_batch_is_halved_down_to_one() {
    assert_eq!(smaller_batch(100), Some(50));
    assert_eq!(smaller_batch(3), Some(1));
    assert_eq!(smaller_batch(1), None);
}
