//! Checks across the households on one device: the same person registered in two households.
use std::collections::BTreeMap;

use super::identity::person_key;
use super::{member_field, Problem};
use crate::model::{Household, HouseholdId};
use crate::text;

/// The warning on member `mi` whose ID number is also in the household headed by `head` in
/// `village`: the one message of a double registration, whether the device or the server (at
/// push) finds it.
pub fn duplicate_warning(mi: usize, head: &str, village: &str) -> Problem {
    Problem::warning(
        member_field(mi, "id_number"),
        "id_number.duplicate_across",
        text!(
            "该证件号码也登记在另一户（户主 {head}，{village}），同一人只能在一户，请核对是否重复登记",
            "This ID number is also registered in another household (head {head}, {village}); a person belongs to one household, check for a double registration"
        ),
    )
}

/// A warning on each member whose ID number (old and new numbers alike) also appears in another
/// household, naming that household by its head and village. Within one household the same number
/// is an error reported by [`super::validate`].
pub fn validate_across(households: &[Household]) -> Vec<(HouseholdId, Problem)> {
    let households: Vec<&Household> = households.iter().filter(|h| !h.is_voided()).collect();
    // Person key → (household index, member index) of every occurrence, in input order.
    let mut seen: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (hi, h) in households.iter().enumerate() {
        for (mi, m) in h.members.iter().enumerate() {
            if let Some(key) = person_key(m) {
                seen.entry(key).or_default().push((hi, mi));
            }
        }
    }
    let mut out = Vec::new();
    for places in seen.values() {
        for &(hi, mi) in places {
            let here = &households[hi];
            let Some(&(oi, _)) = places.iter().find(|(oi, _)| households[*oi].id != here.id) else {
                continue;
            };
            let other = &households[oi];
            let head = other.head().map_or("", |m| m.name.as_str());
            out.push((
                (hi, mi),
                here.id.clone(),
                duplicate_warning(mi, head, &other.area.name),
            ));
        }
    }
    // Report in the order of the households and members, not of the numbers.
    out.sort_by_key(|(at, _, _)| *at);
    out.into_iter().map(|(_, id, p)| (id, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IdType;
    use crate::validate::fixture::*;
    use crate::validate::Severity;

    fn neighbour() -> Household {
        let mut h = household();
        h.id = HouseholdId("00000000-0000-4000-8000-000000000002".into());
        for (n, m) in h.members.iter_mut().enumerate() {
            m.id_number = id18("1990-01-01", 100 + n as u16);
            m.birth_date = None;
        }
        h.members[0].name = "刘德明".into();
        h
    }

    #[test]
    fn different_people_in_different_households_are_fine() {
        assert_eq!(validate_across(&[household(), neighbour()]), vec![]);
    }

    #[test]
    fn the_same_id_number_in_two_households_is_a_warning_on_each() {
        let mut other = neighbour();
        other.members[1].id_number = household().members[2].id_number.clone();
        let found = validate_across(&[household(), other.clone()]);
        let summary: Vec<_> = found
            .iter()
            .map(|(id, p)| (id.clone(), p.field.as_str(), p.code.as_str(), p.severity))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    household().id,
                    "members[2].id_number",
                    "id_number.duplicate_across",
                    Severity::Warning
                ),
                (
                    other.id.clone(),
                    "members[1].id_number",
                    "id_number.duplicate_across",
                    Severity::Warning
                ),
            ]
        );
        assert!(
            found[0].1.message.zh.contains("户主 刘德明"),
            "{}",
            found[0].1.message.zh
        );
        assert!(
            found[1].1.message.zh.contains("户主 王建国"),
            "{}",
            found[1].1.message.zh
        );
    }

    #[test]
    fn an_old_number_matches_the_new_number_of_the_same_person() {
        let mut other = neighbour();
        let new = household().members[0].id_number.clone();
        other.members[0].id_type = IdType::ResidentId15;
        other.members[0].id_number = format!("{}{}", &new[..6], &new[8..17]);
        assert_eq!(validate_across(&[household(), other]).len(), 2);
    }

    #[test]
    fn duplicates_within_one_household_are_left_to_validate() {
        let mut h = household();
        let twin = h.members[2].clone();
        h.members.push(twin);
        assert_eq!(validate_across(&[h.clone()]), vec![]);
        assert_eq!(validate_across(&[h.clone(), h]), vec![]);
    }

    #[test]
    fn empty_numbers_are_not_duplicates() {
        let mut a = household();
        let mut b = neighbour();
        a.members[0].id_number.clear();
        b.members[0].id_number.clear();
        assert_eq!(validate_across(&[a, b]), vec![]);
    }
}
