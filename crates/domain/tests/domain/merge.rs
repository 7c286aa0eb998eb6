//! The merge rule for concurrent edits: nothing lost, arrival order irrelevant when edits do not
//! touch the same field, and conflicts recorded with both values.
use proptest::prelude::*;
use serde_json::json;
use shouwang_domain::model::{LabourSkill, Relation, Sex};
use shouwang_domain::sync::{incoming_wins, merge3, merge_households, Kept};
use shouwang_domain::Household;

use super::support::*;

/// One kind of edit a worker makes; each touches its own part of the record.
#[derive(Clone, Copy, Debug)]
enum Edit {
    Wages(i64),
    Phone(u32),
    Labour(usize),
    AddMember,
    RemoveMember(usize),
    WaterFlag,
    Visit,
    Address,
}

fn base() -> Household {
    let mut h = household();
    h.members
        .push(member("m3", "丙", Relation::Son, Sex::Male, "2005-01-01"));
    h.members.push(member(
        "m4",
        "丁",
        Relation::Daughter,
        Sex::Female,
        "2008-01-01",
    ));
    h
}

/// Member edits address the base's members by id.
const BASE_IDS: [&str; 4] = ["m1", "m2", "m3", "m4"];

/// Applies `edit` made by `side` ("a" or "b"; new ids of side a sort before side b's).
fn apply(h: &mut Household, edit: Edit, side: &str) {
    match edit {
        Edit::Wages(y) => h.income.wages = yuan(y),
        Edit::Phone(n) => h.phone = format!("138{n:08}"),
        Edit::Labour(i) => {
            if let Some(m) = h.members.iter_mut().find(|m| m.id == BASE_IDS[i % 4]) {
                m.labour = LabourSkill::Weak;
            }
        }
        Edit::AddMember => h.members.push(member(
            &format!("n-{side}"),
            "新",
            Relation::Grandson,
            Sex::Male,
            "2024-01-01",
        )),
        Edit::RemoveMember(i) => h.members.retain(|m| m.id != BASE_IDS[1 + i % 3]), // never the head
        Edit::WaterFlag => h.guarantees.water_unsafe = true,
        Edit::Visit => h.visits.push(shouwang_domain::model::Visit {
            id: format!("v-{side}"),
            date: date("2026-11-20"),
            visitor: side.into(),
            notes: String::new(),
            gps: None,
        }),
        Edit::Address => h.address = format!("{side} 新址"),
    }
}

/// Which part of the record an edit touches (member edits touch one member).
fn part(edit: Edit) -> String {
    match edit {
        Edit::Wages(_) => "wages".into(),
        Edit::Phone(_) => "phone".into(),
        Edit::Labour(i) => BASE_IDS[i % 4].into(),
        Edit::RemoveMember(i) => BASE_IDS[1 + i % 3].into(),
        Edit::AddMember => "add".into(),
        Edit::WaterFlag => "water".into(),
        Edit::Visit => "visit".into(),
        Edit::Address => "address".into(),
    }
}

/// The value an edit set, read back from `h` (`None` for a removal, or when it is not there).
fn touched(h: &Household, edit: Edit, side: &str) -> Option<serde_json::Value> {
    let v = serde_json::to_value(h).unwrap();
    let by_id = |list: &serde_json::Value, id: &str| {
        list.as_array()?
            .iter()
            .find(|item| item["id"] == id)
            .cloned()
    };
    match edit {
        Edit::Wages(_) => Some(v["income"]["wages"].clone()),
        Edit::Phone(_) => Some(v["phone"].clone()),
        Edit::Address => Some(v["address"].clone()),
        Edit::WaterFlag => Some(v["guarantees"]["water_unsafe"].clone()),
        Edit::Labour(i) => by_id(&v["members"], BASE_IDS[i % 4]).map(|m| m["labour"].clone()),
        Edit::AddMember => by_id(&v["members"], &format!("n-{side}")),
        Edit::Visit => by_id(&v["visits"], &format!("v-{side}")),
        Edit::RemoveMember(_) => None,
    }
}

/// Whether `needle` is `hay` or any value inside it.
fn contains(hay: &serde_json::Value, needle: &serde_json::Value) -> bool {
    hay == needle
        || match hay {
            serde_json::Value::Array(items) => items.iter().any(|x| contains(x, needle)),
            serde_json::Value::Object(map) => map.values().any(|x| contains(x, needle)),
            _ => false,
        }
}

fn any_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (1i64..100_000).prop_map(Edit::Wages),
        any::<u32>().prop_map(|n| Edit::Phone(n % 100_000_000)),
        (0usize..4).prop_map(Edit::Labour),
        Just(Edit::AddMember),
        (0usize..3).prop_map(Edit::RemoveMember),
        Just(Edit::WaterFlag),
        Just(Edit::Visit),
        Just(Edit::Address),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Two devices edit different parts: the merge keeps both, in either arrival order, and
    /// equals applying one edit after the other.
    #[test]
    fn edits_of_different_fields_merge_without_loss_in_any_order(
        a in any_edit(),
        b in any_edit(),
        wins in any::<bool>(),
    ) {
        let base = base();
        prop_assume!(part(a) != part(b));
        let mut ea = base.clone();
        apply(&mut ea, a, "a");
        let mut eb = base.clone();
        apply(&mut eb, b, "b");

        let (ab, conflicts_ab) = merge_households(Some(&base), &ea, &eb, wins).unwrap();
        let (ba, conflicts_ba) = merge_households(Some(&base), &eb, &ea, !wins).unwrap();
        prop_assert!(conflicts_ab.is_empty(), "{:?}", conflicts_ab);
        prop_assert!(conflicts_ba.is_empty());
        prop_assert_eq!(&ab, &ba);

        let mut sequential = ea.clone();
        apply(&mut sequential, b, "b");
        prop_assert_eq!(ab, sequential);
    }

    /// Whatever the two devices changed, even the same field, no value is lost: each side's
    /// value of what it edited is in the merged record or kept in a conflict for review.
    #[test]
    fn no_edited_value_is_lost_even_when_both_touch_the_same_part(
        a in any_edit(),
        b in any_edit(),
        wins in any::<bool>(),
    ) {
        let base = base();
        let mut ea = base.clone();
        apply(&mut ea, a, "a");
        let mut eb = base.clone();
        apply(&mut eb, b, "b");
        let (merged, conflicts) = merge_households(Some(&base), &ea, &eb, wins).unwrap();
        let kept: Vec<serde_json::Value> = conflicts
            .iter()
            .flat_map(|c| [c.stored.clone(), c.incoming.clone()])
            .flatten()
            .collect();
        for (edited, edit, side) in [(&ea, a, "a"), (&eb, b, "b")] {
            let Some(value) = touched(edited, edit, side) else { continue };
            let in_merged = touched(&merged, edit, side).as_ref() == Some(&value);
            let in_conflict = kept.iter().any(|k| contains(k, &value));
            prop_assert!(
                in_merged || in_conflict,
                "{side}'s {edit:?} = {value} is neither merged nor in a conflict: {conflicts:?}"
            );
        }
    }

    /// The same edit arriving twice (a retry) changes nothing and is no conflict.
    #[test]
    fn merging_an_edit_with_itself_is_that_edit(a in any_edit()) {
        let base = base();
        let mut ea = base.clone();
        apply(&mut ea, a, "a");
        let (m, conflicts) = merge_households(Some(&base), &ea, &ea, true).unwrap();
        prop_assert!(conflicts.is_empty());
        prop_assert_eq!(m, ea);
    }
}

#[test]
fn both_changing_the_same_field_is_a_conflict_won_by_the_last_writer() {
    let base = base();
    let mut stored = base.clone();
    stored.income.wages = yuan(30_000);
    let mut incoming = base.clone();
    incoming.income.wages = yuan(35_000);
    incoming.phone = "13900000000".into();

    let (m, conflicts) = merge_households(Some(&base), &stored, &incoming, true).unwrap();
    assert_eq!(m.income.wages, yuan(35_000));
    assert_eq!(m.phone, "13900000000");
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!(c.path, "income.wages");
    assert_eq!(c.stored, Some(json!("30000")));
    assert_eq!(c.incoming, Some(json!("35000")));
    assert_eq!(c.base, Some(json!("40000")));
    assert_eq!(c.kept, Kept::Incoming);

    let (m, _) = merge_households(Some(&base), &stored, &incoming, false).unwrap();
    assert_eq!(m.income.wages, yuan(30_000), "the stored edit was later");
    assert_eq!(
        m.phone, "13900000000",
        "the non-conflicting field still merges"
    );
}

#[test]
fn a_member_deleted_on_one_side_and_edited_on_the_other_is_kept_with_a_conflict() {
    let base = base();
    let mut stored = base.clone();
    stored.members.retain(|m| m.id != "m3");
    let mut incoming = base.clone();
    incoming.members[2].labour = LabourSkill::Skilled;
    let (m, conflicts) = merge_households(Some(&base), &stored, &incoming, false).unwrap();
    assert!(conflicts.iter().any(|c| c.path == "members[m3]"));
    // The stored side won (it deleted); the edited member is in the conflict record, not lost.
    assert!(m.members.iter().all(|x| x.id != "m3"));
    let c = conflicts.iter().find(|c| c.path == "members[m3]").unwrap();
    assert_eq!(c.incoming.as_ref().unwrap()["labour"], json!("skilled"));
}

#[test]
fn a_reorder_on_one_side_keeps_that_order_and_adds_the_other_sides_member() {
    let base = base();
    let mut stored = base.clone();
    stored.members.swap(2, 3);
    let mut incoming = base.clone();
    apply(&mut incoming, Edit::AddMember, "b");
    let (m, conflicts) = merge_households(Some(&base), &stored, &incoming, true).unwrap();
    assert!(conflicts.is_empty());
    let ids: Vec<&str> = m.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2", "m4", "m3", "n-b"]);
}

#[test]
fn records_created_separately_with_one_id_merge_with_conflicts_not_loss() {
    let merged = merge3(
        &serde_json::Value::Null,
        &json!({"a": 1, "b": 2}),
        &json!({"a": 1, "b": 3, "c": 4}),
        false,
    );
    assert_eq!(merged.value, json!({"a": 1, "b": 2, "c": 4}));
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].path, "b");
}

#[test]
fn last_writer_is_the_later_edit_then_the_larger_device() {
    assert!(incoming_wins((1, "dev-a"), (2, "dev-a")));
    assert!(!incoming_wins((3, "dev-a"), (2, "dev-z")));
    assert!(incoming_wins((2, "dev-a"), (2, "dev-b")));
    assert!(!incoming_wins((2, "dev-b"), (2, "dev-a")));
}
