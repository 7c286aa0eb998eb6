//! A household's life as a record (#13): voided with a reason when registered by mistake, and a
//! member moving out — 分户 into a new household, 迁出 into another one or away — with each
//! household keeping its own line of the move.
use rstest::rstest;
use shouwang_domain::id_number::check_char;
use shouwang_domain::lifecycle::{
    move_member, void, Destination, LifecycleError, Move, MAX_REASON_CHARS,
};
use shouwang_domain::model::*;

use super::support::{date, household, member, today};

/// A valid 18-digit ID number for someone born on `birth`, `seq` telling people apart.
pub fn id18(birth: &str, seq: u16) -> String {
    let first17 = format!("522701{}{seq:03}", birth.replace('-', ""));
    format!("{first17}{}", check_char(&first17).unwrap())
}

/// The baseline household (甲 户主, 乙 配偶) with a son 丙, everyone with an ID number.
fn family() -> Household {
    let mut h = household();
    h.members
        .push(member("m3", "丙", Relation::Son, Sex::Male, "2001-05-05"));
    for (i, m) in h.members.iter_mut().enumerate() {
        m.id_number = id18(&m.birth_date.unwrap().to_string(), 11 + 2 * i as u16);
    }
    h.monitoring.helper = "张驻村".into();
    h
}

/// Another household of the village, headed by 丁.
fn neighbour() -> Household {
    let mut h = household();
    h.id = HouseholdId("00000000-0000-4000-8000-000000000002".into());
    h.members = vec![member(
        "n1",
        "丁",
        Relation::Head,
        Sex::Female,
        "2002-02-02",
    )];
    h.members[0].id_number = id18("2002-02-02", 22);
    h
}

fn new_id(what: &str) -> String {
    format!("{what}-new")
}

fn moving<'a>(member_id: &'a str, to: Destination<'a>) -> Move<'a> {
    Move {
        member_id,
        to,
        new_head: None,
        date: today(),
        reason: "结婚后另立门户",
        new_id: &new_id,
    }
}

#[test]
fn a_household_registered_by_mistake_is_voided_with_its_reason_once() {
    let h = household();
    let voided = void(&h, "  与另一户重复登记  ", "worker1", today(), today()).unwrap();
    assert_eq!(
        voided.monitoring.voided,
        Some(Void {
            date: today(),
            by: "worker1".into(),
            reason: "与另一户重复登记".into(),
        })
    );
    assert!(voided.is_voided() && !h.is_voided());
    // Nothing else of the record changes.
    let mut back = voided.clone();
    back.monitoring.voided = None;
    assert_eq!(back, h);
    assert_eq!(
        void(&voided, "again", "worker1", today(), today()),
        Err(LifecycleError::AlreadyVoided)
    );
}

#[rstest]
#[case("", today(), LifecycleError::ReasonRequired)]
#[case("   ", today(), LifecycleError::ReasonRequired)]
#[case(&"长".repeat(MAX_REASON_CHARS + 1), today(), LifecycleError::ReasonTooLong)]
#[case("重复登记", date("2026-11-30"), LifecycleError::DateInFuture)]
fn a_void_needs_a_reason_and_a_day_not_after_today(
    #[case] reason: &str,
    #[case] on: chrono::NaiveDate,
    #[case] refused: LifecycleError,
) {
    assert_eq!(
        void(&household(), reason, "w", on, today()),
        Err(refused.clone())
    );
    assert!(!refused.message().zh.is_empty() && !refused.message().en.is_empty());
}

#[test]
fn a_split_makes_a_new_household_headed_by_the_member_and_both_keep_the_move() {
    let from = family();
    let id = HouseholdId("h-split".into());
    let moved = move_member(
        &from,
        &moving("m3", Destination::NewHousehold(&id)),
        today(),
    )
    .unwrap();
    let names: Vec<&str> = moved.from.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["甲", "乙"]);
    let new = moved.to.unwrap();
    assert_eq!(new.id, id);
    assert_eq!(new.members.len(), 1);
    assert_eq!(new.members[0].relation, Relation::Head);
    assert_eq!(new.members[0].id_number, from.members[2].id_number);
    // Same village, address, 户类型 and helper; the rest is the worker's to record.
    assert_eq!(new.area, from.area);
    assert_eq!(new.address, from.address);
    assert_eq!(new.monitoring.helper, "张驻村");
    assert!(new.visits.is_empty() && new.measures.is_empty());
    assert_eq!(new.income, Income::default());
    let out = &moved.from.monitoring.moves;
    assert_eq!(out.len(), 1);
    assert_eq!(
        (
            out[0].kind,
            out[0].name.as_str(),
            out[0].other_household.as_ref(),
            out[0].other_head.as_str()
        ),
        (MoveKind::SplitOff, "丙", Some(&id), "丙")
    );
    let back = &new.monitoring.moves;
    assert_eq!(
        (
            back[0].kind,
            back[0].other_household.as_ref(),
            back[0].other_head.as_str(),
            back[0].reason.as_str()
        ),
        (MoveKind::SplitFrom, Some(&from.id), "甲", "结婚后另立门户")
    );
}

#[test]
fn moving_into_another_household_takes_the_relation_chosen_and_both_keep_the_move() {
    let (from, to) = (family(), neighbour());
    let mv = moving(
        "m3",
        Destination::Into {
            to: &to,
            relation: Relation::Spouse,
        },
    );
    let moved = move_member(&from, &mv, today()).unwrap();
    let joined = moved.to.unwrap();
    let arrived = joined.members.last().unwrap();
    assert_eq!(
        (arrived.name.as_str(), arrived.relation),
        ("丙", Relation::Spouse)
    );
    assert_eq!(joined.members.len(), 2);
    assert_eq!(moved.from.members.len(), 2);
    let (left, came) = (&moved.from.monitoring.moves[0], &joined.monitoring.moves[0]);
    assert_eq!(
        (left.kind, left.other_head.as_str()),
        (MoveKind::MovedOut, "丁")
    );
    assert_eq!(
        (came.kind, came.other_head.as_str()),
        (MoveKind::MovedIn, "甲")
    );
    assert_eq!(came.other_household.as_ref(), Some(&from.id));
    assert_eq!(came.member_id, arrived.id);
}

#[test]
fn a_member_id_taken_in_the_household_joined_gets_a_new_one() {
    let from = family();
    let mut to = neighbour();
    to.members[0].id = "m3".into();
    let mv = moving(
        "m3",
        Destination::Into {
            to: &to,
            relation: Relation::Other,
        },
    );
    let joined = move_member(&from, &mv, today()).unwrap().to.unwrap();
    let ids: Vec<&str> = joined.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m3", "member-new"]);
    assert_eq!(joined.monitoring.moves[0].member_id, "member-new");
}

#[test]
fn a_move_out_of_the_area_is_recorded_on_the_household_left_only() {
    let moved = move_member(&family(), &moving("m2", Destination::Away), today()).unwrap();
    assert!(moved.to.is_none());
    let line = &moved.from.monitoring.moves[0];
    assert_eq!(
        (line.kind, line.other_household.as_ref()),
        (MoveKind::MovedAway, None)
    );
}

#[test]
fn the_head_leaves_only_with_a_new_head_among_those_staying() {
    let from = family();
    let mut mv = moving("m1", Destination::Away);
    assert_eq!(
        move_member(&from, &mv, today()),
        Err(LifecycleError::NewHeadRequired)
    );
    mv.new_head = Some("m1");
    assert_eq!(
        move_member(&from, &mv, today()),
        Err(LifecycleError::BadNewHead)
    );
    mv.new_head = Some("m2");
    let moved = move_member(&from, &mv, today()).unwrap();
    assert_eq!(moved.from.head().map(|m| m.name.as_str()), Some("乙"));
}

#[test]
fn moves_that_cannot_be_are_refused_with_the_reason() {
    let from = family();
    let mut voided_to = neighbour();
    voided_to.monitoring.voided = Some(Void {
        date: today(),
        by: "w".into(),
        reason: "重复".into(),
    });
    let mut holds_him = neighbour();
    holds_him.members.push(from.members[2].clone());
    let mut alone = household();
    alone.members.truncate(1);
    let headed = neighbour();
    let into = |to| Destination::Into {
        to,
        relation: Relation::Son,
    };
    let cases: Vec<(Household, Move, LifecycleError)> = vec![
        (
            alone,
            moving("m1", Destination::Away),
            LifecycleError::LastMember,
        ),
        (
            from.clone(),
            moving("nobody", Destination::Away),
            LifecycleError::NoSuchMember,
        ),
        (
            from.clone(),
            moving("m3", into(&from)),
            LifecycleError::SameHousehold,
        ),
        (
            from.clone(),
            moving("m3", into(&holds_him)),
            LifecycleError::AlreadyThere,
        ),
        (
            from.clone(),
            moving("m3", into(&voided_to)),
            LifecycleError::Voided,
        ),
        (
            from.clone(),
            moving(
                "m3",
                Destination::Into {
                    to: &headed,
                    relation: Relation::Head,
                },
            ),
            LifecycleError::SecondHead,
        ),
        (
            from.clone(),
            Move {
                date: date("2026-12-01"),
                ..moving("m3", Destination::Away)
            },
            LifecycleError::DateInFuture,
        ),
        (
            from.clone(),
            Move {
                reason: " ",
                ..moving("m3", Destination::Away)
            },
            LifecycleError::ReasonRequired,
        ),
    ];
    for (h, mv, refused) in cases {
        assert_eq!(
            move_member(&h, &mv, today()),
            Err(refused.clone()),
            "{}",
            refused.code()
        );
    }
}

#[test]
fn a_record_without_a_void_or_a_move_keeps_its_json() {
    let json = serde_json::to_value(household()).unwrap();
    let monitoring = json["monitoring"].as_object().unwrap();
    assert!(!monitoring.contains_key("voided") && !monitoring.contains_key("moves"));
    let back: Household = serde_json::from_value(json).unwrap();
    assert_eq!(back, household());
}
