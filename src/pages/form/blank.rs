//! Blank records: a new household (its 户主 the first member) and a new member, as the form
//! starts them.
use shouwang_domain::model::{
    AreaRef, Household, HouseholdId, HouseholdType, Income, LabourSkill, Member, Relation, Sex,
    FORMAT_VERSION,
};

use crate::ids::new_id;

/// A new household with its 户主 as the first member.
pub fn blank_household() -> Household {
    empty_household(new_id("household"), blank_member(Relation::Head))
}

/// A household of id `id` with nothing filled in but its one member (ids apart, a blank one).
fn empty_household(id: String, head: Member) -> Household {
    Household {
        format_version: FORMAT_VERSION,
        id: HouseholdId(id),
        household_number: String::new(),
        area: AreaRef {
            code: String::new(),
            name: String::new(),
            code_year: 2024,
        },
        address: String::new(),
        phone: String::new(),
        household_type: HouseholdType::Ordinary,
        relocated: false,
        resettlement_site: String::new(),
        housing_grade: None,
        guarantees: Default::default(),
        members: vec![head],
        income: Income::default(),
        monitoring: Default::default(),
        measures: Vec::new(),
        visits: Vec::new(),
        attachments: Vec::new(),
        consent: None,
    }
}

/// A new member with the given relation.
pub fn blank_member(relation: Relation) -> Member {
    empty_member(new_id("member"), relation)
}

/// A member of id `id` with nothing filled in but `relation`.
fn empty_member(id: String, relation: Relation) -> Member {
    Member {
        id,
        name: String::new(),
        id_type: Default::default(),
        id_number: String::new(),
        sex: Sex::Male,
        birth_date: None,
        relation,
        education: None,
        school_stage: None,
        health: Default::default(),
        labour: LabourSkill::Ordinary,
        work_place: String::new(),
        work_months: 0,
        medical_insurance: true,
        pension_insurance: false,
        dibao: false,
        tekun: false,
        counted: true,
    }
}

/// Blank records with fixed ids, for native tests (a new id needs the browser's clock).
#[cfg(test)]
pub(crate) mod fixed {
    use super::*;

    pub fn household() -> Household {
        empty_household("h".into(), member(Relation::Head))
    }

    pub fn member(relation: Relation) -> Member {
        empty_member("m".into(), relation)
    }
}
