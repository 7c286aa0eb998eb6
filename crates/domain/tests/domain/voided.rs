//! A voided household counts nowhere (#13): not in the review queue, the dashboard (now or a year
//! ago), the exports, the 公示 notice, the double-registration list, the device's cross-household
//! check or the to-do list — and the office's restore puts it back.
use shouwang_domain::lifecycle::void;
use shouwang_domain::model::*;
use shouwang_domain::office::export::{households_sheet, members_sheet};
use shouwang_domain::office::{self, duplicates, publicity, queue, restore, NameDisplay};
use shouwang_domain::summary::Summary;
use shouwang_domain::sync::wire::Revision;
use shouwang_domain::validate::validate_across;
use shouwang_domain::{classify, Household, Policy};

use super::lifecycle::id18;
use super::support::{date, household, today};

/// Two households of one village with the same 户主 (a double registration), both with a
/// procedure in its 公示 and never visited.
fn twins() -> (Household, Household) {
    let mut a = household();
    a.members[0].id_number = id18("1980-01-01", 11);
    a.monitoring.procedure.lead_found = Some(date("2026-11-20"));
    a.monitoring.procedure.home_check = Some(date("2026-11-21"));
    a.monitoring.procedure.village_review = Some(date("2026-11-24"));
    a.monitoring.procedure.publicity_start = Some(date("2026-11-25"));
    let mut b = a.clone();
    b.id = HouseholdId("00000000-0000-4000-8000-0000000000b2".into());
    (a, b)
}

fn voided(h: &Household) -> Household {
    void(h, "与另一户重复登记", "worker1", today(), today()).unwrap()
}

#[test]
fn a_voided_household_leaves_the_queue_the_dashboard_the_exports_and_the_notice() {
    let (a, b) = twins();
    let policy = Policy::builtin();
    let village = a.area.code.clone();
    let count = |hs: &[Household]| {
        let q = queue(hs.iter().map(|h| (Revision(1), h)), &policy, today());
        let d = office::dashboard(hs, hs, &policy, today());
        let notice = publicity(hs, &village, NameDisplay::Full, &policy, today());
        (
            q.len(),
            d.total.households,
            households_sheet(hs).rows.len(),
            members_sheet(hs).rows.len(),
            notice.rows.len(),
        )
    };
    assert_eq!(count(&[a.clone(), b.clone()]), (2, 2, 2, 4, 2));
    let gone = voided(&b);
    assert_eq!(count(&[a.clone(), gone.clone()]), (1, 1, 1, 2, 1));
    let back = restore(&gone).unwrap();
    assert_eq!(back, b, "the restore gives the household back as it was");
    assert_eq!(count(&[a, back]), (2, 2, 2, 4, 2));
}

#[test]
fn voiding_the_double_registration_settles_the_duplicate() {
    let (a, b) = twins();
    let found = duplicates([&a, &b]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id_number, a.members[0].id_number);
    let holders: Vec<&str> = found[0]
        .holders
        .iter()
        .map(|h| h.household.household_id.as_str())
        .collect();
    assert_eq!(holders, [a.id.0.as_str(), b.id.0.as_str()]);
    assert_eq!(found[0].holders[0].name, "甲");
    assert_eq!(validate_across(&[a.clone(), b.clone()]).len(), 2);

    let gone = voided(&b);
    assert!(duplicates([&a, &gone]).is_empty());
    assert!(validate_across(&[a.clone(), gone.clone()]).is_empty());
    let summary = |h: &Household| Summary::of(h, &classify(h, &Policy::builtin(), today()));
    assert_eq!(summary(&b).same_people(&a), vec![0]);
    assert!(summary(&gone).voided);
    assert!(summary(&gone).same_people(&a).is_empty());
}

#[test]
fn an_old_number_and_its_successor_are_one_person_in_the_office_list() {
    let (a, mut b) = twins();
    let new = a.members[0].id_number.clone();
    b.members[0].id_type = IdType::ResidentId15;
    b.members[0].id_number = format!("{}{}", &new[..6], &new[8..17]);
    let found = duplicates([&a, &b]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id_number, new);
}

#[test]
fn the_same_number_twice_in_one_household_is_left_to_validation() {
    let (mut a, _) = twins();
    a.members[1].id_number = a.members[0].id_number.clone();
    assert!(duplicates([&a]).is_empty());
}
