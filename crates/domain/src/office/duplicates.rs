//! The same person registered in two households (重复登记): for the office, every ID number that
//! appears in more than one household of its area, with each household and member. Old 15-digit
//! numbers and their 18-digit successors are the same person ([`person_key`]); voided households
//! are left out (voiding the wrong registration is how a duplicate is settled).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::HouseholdRef;
use crate::model::Relation;
use crate::validate::person_key;
use crate::Household;

/// One household holding the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub household: HouseholdRef,
    /// The member's id in that household.
    pub member_id: String,
    /// 姓名 as recorded there.
    pub name: String,
    /// 与户主关系 there.
    pub relation: Relation,
}

/// An ID number found in two or more households.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePerson {
    /// The number, as the person's key (18 digits, an old number converted, X upper-case).
    pub id_number: String,
    /// Every household holding it, by village and household id.
    pub holders: Vec<Holder>,
}

/// Every ID number held by more than one of `households` (voided ones left out), by number.
pub fn duplicates<'a>(households: impl IntoIterator<Item = &'a Household>) -> Vec<DuplicatePerson> {
    let mut by_key: BTreeMap<String, Vec<Holder>> = BTreeMap::new();
    for h in households.into_iter().filter(|h| !h.is_voided()) {
        for m in &h.members {
            let Some(key) = person_key(m) else { continue };
            let holders = by_key.entry(key).or_default();
            // The same number twice in one household is the record's own error (validation).
            if holders.iter().any(|x| x.household.household_id == h.id.0) {
                continue;
            }
            holders.push(Holder {
                household: HouseholdRef::of(h),
                member_id: m.id.clone(),
                name: m.name.clone(),
                relation: m.relation,
            });
        }
    }
    by_key
        .into_iter()
        .filter(|(_, holders)| holders.len() > 1)
        .map(|(id_number, mut holders)| {
            holders.sort_by(|a, b| {
                (&a.household.village_code, &a.household.household_id)
                    .cmp(&(&b.household.village_code, &b.household.household_id))
            });
            DuplicatePerson { id_number, holders }
        })
        .collect()
}
