//! Storage for the field worker's day (#13), against the real IndexedDB: a refused household stays
//! marked through its correction until the server accepts a version (and the correction counts as
//! something to send); a member's move saves both households or neither; summaries stored before
//! the card are written again on the first start after the update.
use idb::TransactionMode;
use shouwang_app::storage::{StorageError, STORAGE_FORMAT};
use shouwang_domain::lifecycle::{move_member, Destination, Move};
use shouwang_domain::model::HouseholdId;
use shouwang_domain::sync::device;
use shouwang_domain::sync::wire::{ApiError, PushResult, PushStatus};
use shouwang_domain::Text;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::{fresh_store, household_no, sample, stored_result, today};

fn refusal(change_id: &str, h: &shouwang_domain::Household) -> PushResult {
    PushResult {
        status: PushStatus::Rejected,
        revision: None,
        error: Some(ApiError {
            reason: "forbidden_area".into(),
            message: Text::new("不是你负责的村", "Not one of your villages"),
        }),
        ..stored_result(change_id, h, 0)
    }
}

#[wasm_bindgen_test]
async fn a_refused_household_stays_marked_until_a_corrected_version_is_accepted() {
    let store = fresh_store("t-day-refused").await;
    let h = household_no(1);
    let (first, _) = store.save(&h, None, today(), None).await.unwrap();
    let (_, sent): (Vec<_>, Vec<device::Sent>) = device::change_of(&first).into_iter().unzip();
    store
        .acknowledge(&sent, &[refusal(&sent[0].change_id, &h)])
        .await
        .unwrap();
    let pending = store.pending().await.unwrap();
    assert!(pending[0].1.rejected.is_some());
    assert!(
        !pending[0].1.untried(),
        "refused as it is: not sent again by itself"
    );

    // The worker corrects it: still marked, and now something to send.
    let mut fixed = h.clone();
    fixed.phone = "13900000007".into();
    let (second, _) = store
        .save(&fixed, Some(first.local_rev), today(), None)
        .await
        .unwrap();
    assert!(second.rejected.is_some(), "the refusal is carried over");
    let pending = store.pending().await.unwrap();
    assert!(pending[0].1.rejected.is_some(), "marked until accepted");
    assert!(pending[0].1.untried(), "the correction goes up by itself");
    assert!(second.untried());

    // Accepted: the mark is gone.
    let (_, sent): (Vec<_>, Vec<device::Sent>) = device::change_of(&second).into_iter().unzip();
    store
        .acknowledge(&sent, &[stored_result(&sent[0].change_id, &fixed, 5)])
        .await
        .unwrap();
    let now = store.load(&h.id.0).await.unwrap().unwrap();
    assert_eq!((now.rejected, now.dirty), (None, false));
    assert!(store.pending().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_member_moving_saves_both_households_or_neither() {
    let store = fresh_store("t-day-move").await;
    let from = sample();
    let (stored, _) = store.save(&from, None, today(), None).await.unwrap();
    let new_id = HouseholdId("7c1e0a52-0099-4b6e-9a10-000000000099".into());
    let ids = |what: &str| format!("{what}-1");
    let member = from.members.last().unwrap().id.clone();
    let mv = Move {
        member_id: &member,
        to: Destination::NewHousehold(&new_id),
        new_head: None,
        date: today(),
        reason: "分户",
        new_id: &ids,
    };
    let moved = move_member(&from, &mv, today()).unwrap();
    let split = moved.to.clone().unwrap();

    // Read at an old revision: nothing of the move is saved.
    let stale = store
        .save_all(
            &[
                (moved.from.clone(), Some(stored.local_rev + 1)),
                (split.clone(), None),
            ],
            today(),
        )
        .await;
    assert_eq!(stale.unwrap_err(), StorageError::ChangedElsewhere);
    assert!(store.load(&new_id.0).await.unwrap().is_none());
    assert_eq!(
        store.load(&from.id.0).await.unwrap().unwrap().household,
        from
    );

    let saved = store
        .save_all(
            &[
                (moved.from.clone(), Some(stored.local_rev)),
                (split.clone(), None),
            ],
            today(),
        )
        .await
        .unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(
        store.load(&new_id.0).await.unwrap().unwrap().household,
        split
    );
    assert_eq!(
        store.load(&from.id.0).await.unwrap().unwrap().household,
        moved.from
    );
    assert_eq!(store.summaries().await.unwrap().len(), 2);
    assert_eq!(store.pending().await.unwrap().len(), 2, "both go up");
}

#[wasm_bindgen_test]
async fn summaries_of_the_format_before_the_card_are_written_again_on_open() {
    let name = "t-day-summaries";
    // A database of this storage format whose summaries lack what the card added.
    {
        let store = fresh_store(name).await;
        let mut h = sample();
        h.phone = "13812345678".into();
        store.save(&h, None, today(), None).await.unwrap();
    }
    let factory = idb::Factory::new().unwrap();
    let db = factory.open(name, None).unwrap().await.unwrap();
    let tx = db
        .transaction(&["summaries", "meta"], TransactionMode::ReadWrite)
        .unwrap();
    let summaries = tx.object_store("summaries").unwrap();
    let id = JsValue::from_str(&sample().id.0);
    let text = summaries
        .get(id.clone())
        .unwrap()
        .await
        .unwrap()
        .unwrap()
        .as_string()
        .unwrap();
    let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "phone",
        "person_keys",
        "voided",
        "returned",
        "procedure_started",
        "next_step",
    ] {
        old.as_object_mut().unwrap().remove(key);
    }
    summaries
        .put(&JsValue::from_str(&old.to_string()), Some(&id))
        .unwrap()
        .await
        .unwrap();
    tx.object_store("meta")
        .unwrap()
        .delete(JsValue::from_str("summary_format"))
        .unwrap()
        .await
        .unwrap();
    tx.await.unwrap();
    db.close();

    let store = fresh_store(name).await;
    let summary = store.summaries().await.unwrap().remove(0);
    assert_eq!(summary.phone, "13812345678");
    assert!(summary.matches("13812345678"), "found by phone again");
    assert!(!summary.person_keys.is_empty());
    assert_eq!(
        store
            .load(&sample().id.0)
            .await
            .unwrap()
            .unwrap()
            .storage_format,
        STORAGE_FORMAT
    );
}
