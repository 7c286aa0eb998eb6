//! A household's life as a record: voiding one registered by mistake ([`void`]), and a member
//! moving to another household or away ([`move_member`]: 分户, 迁出). The office's restore of a
//! voided household is [`crate::office::restore`].
//!
//! Each returns the new versions of the households involved; the device stores them as edits
//! like any other, so they sync, and the server's history keeps every version before and after.
use chrono::NaiveDate;

use crate::model::{
    Household, HouseholdId, Member, MemberMove, Monitoring, MoveKind, Relation, Void,
};
use crate::validate::person_key;
use crate::{text, Text};

/// The longest reason a void or a move takes (a sentence or two, not a report).
pub const MAX_REASON_CHARS: usize = 500;

/// Why a void or a move was refused, in words a worker acts on ([`LifecycleError::message`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the reason is longer than {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    #[error("the household is already voided")]
    AlreadyVoided,
    #[error("a voided household cannot take part in a move")]
    Voided,
    #[error("the day is after today")]
    DateInFuture,
    #[error("no such member")]
    NoSuchMember,
    #[error("the only member cannot leave")]
    LastMember,
    #[error("the head leaves: name the new head")]
    NewHeadRequired,
    #[error("the new head must be another member of this household")]
    BadNewHead,
    #[error("a member cannot move into their own household")]
    SameHousehold,
    #[error("the person is already in the household joined")]
    AlreadyThere,
    #[error("a household has one head")]
    SecondHead,
}

impl LifecycleError {
    /// The stable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            LifecycleError::ReasonRequired => "reason_required",
            LifecycleError::ReasonTooLong => "reason_too_long",
            LifecycleError::AlreadyVoided => "already_voided",
            LifecycleError::Voided => "voided",
            LifecycleError::DateInFuture => "date_in_future",
            LifecycleError::NoSuchMember => "no_such_member",
            LifecycleError::LastMember => "last_member",
            LifecycleError::NewHeadRequired => "new_head_required",
            LifecycleError::BadNewHead => "bad_new_head",
            LifecycleError::SameHousehold => "same_household",
            LifecycleError::AlreadyThere => "already_there",
            LifecycleError::SecondHead => "second_head",
        }
    }

    /// What the worker reads.
    pub fn message(&self) -> Text {
        match self {
            LifecycleError::ReasonRequired => text!("请写明原因", "Give the reason"),
            LifecycleError::ReasonTooLong => text!(
                "原因最多 {MAX_REASON_CHARS} 个字",
                "The reason takes at most {MAX_REASON_CHARS} characters"
            ),
            LifecycleError::AlreadyVoided => text!("这户已经作废", "This household is already voided"),
            LifecycleError::Voided => text!(
                "作废的户不能迁入或迁出成员",
                "Members cannot move into or out of a voided household"
            ),
            LifecycleError::DateInFuture => text!("日期不能晚于今天", "The day cannot be after today"),
            LifecycleError::NoSuchMember => text!("这户没有这位成员", "This household has no such member"),
            LifecycleError::LastMember => text!(
                "这户只剩这一位成员，不能迁出；如果这户是登记错误，请作废这户",
                "This is the household's only member, who cannot leave it; if the household was registered by mistake, void it"
            ),
            LifecycleError::NewHeadRequired => text!(
                "户主迁出后这户需要新户主：请选出新户主",
                "The head is leaving: choose the household's new head"
            ),
            LifecycleError::BadNewHead => text!(
                "新户主必须是这户留下的另一位成员",
                "The new head must be another member staying in this household"
            ),
            LifecycleError::SameHousehold => text!(
                "不能迁入本户，请选另一户",
                "A member cannot move into their own household: choose another one"
            ),
            LifecycleError::AlreadyThere => text!(
                "迁入的户已登记了这个证件号码的人，请核对是否重复登记",
                "The household joined already has a person with this ID number: check for a double registration"
            ),
            LifecycleError::SecondHead => text!(
                "迁入的户已有户主，请选另一种与户主关系",
                "The household joined already has a head: choose another relation"
            ),
        }
    }
}

fn checked_reason(reason: &str) -> Result<String, LifecycleError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(LifecycleError::ReasonRequired);
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(LifecycleError::ReasonTooLong);
    }
    Ok(reason.to_owned())
}

/// `h` voided by `by` on `date` for `reason` (trimmed, required). Refused when already voided or
/// when `date` is after `today`.
pub fn void(
    h: &Household,
    reason: &str,
    by: &str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<Household, LifecycleError> {
    if h.monitoring.voided.is_some() {
        return Err(LifecycleError::AlreadyVoided);
    }
    if date > today {
        return Err(LifecycleError::DateInFuture);
    }
    let reason = checked_reason(reason)?;
    let mut out = h.clone();
    out.monitoring.voided = Some(Void {
        date,
        by: by.to_owned(),
        reason,
    });
    Ok(out)
}

/// Where a member goes.
#[derive(Clone, Copy, Debug)]
pub enum Destination<'a> {
    /// 分户: a new household, with this id, headed by the member; it starts in the same village
    /// and at the same address, of the same 户类型 and with the same 帮扶责任人, and everything
    /// else blank for the worker to record.
    NewHousehold(&'a HouseholdId),
    /// 迁出 into `to`, where the member's relation to its head is `relation`.
    Into {
        to: &'a Household,
        relation: Relation,
    },
    /// 迁出 out of the area: into no household here.
    Away,
}

/// One member's move.
#[derive(Clone, Copy)]
pub struct Move<'a> {
    /// The member's id in the household left.
    pub member_id: &'a str,
    pub to: Destination<'a>,
    /// The member staying who becomes the head, when the head leaves.
    pub new_head: Option<&'a str>,
    pub date: NaiveDate,
    pub reason: &'a str,
    /// Makes the ids of the move lines (and of the member in the household joined, when taken).
    pub new_id: &'a dyn Fn(&str) -> String,
}

/// The households after a move: the one left, and the one joined (none for a move away).
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    pub from: Household,
    pub to: Option<Household>,
}

/// `from` without the member of `mv`, and the household it joins with the member in it, each
/// recording the move and naming the other household. Refused when either household is voided,
/// the member is not in `from` or is its only member, the head leaves without a new head among
/// those staying, the household joined is `from` itself, already holds the person (same ID
/// number) or would get a second head, `date` is after `today`, or the reason is missing.
pub fn move_member(from: &Household, mv: &Move, today: NaiveDate) -> Result<Moved, LifecycleError> {
    let into = match mv.to {
        Destination::Into { to, relation } => Some((to, relation)),
        _ => None,
    };
    if from.monitoring.voided.is_some()
        || into.is_some_and(|(to, _)| to.monitoring.voided.is_some())
    {
        return Err(LifecycleError::Voided);
    }
    if mv.date > today {
        return Err(LifecycleError::DateInFuture);
    }
    let reason = checked_reason(mv.reason)?;
    let at = from
        .members
        .iter()
        .position(|m| m.id == mv.member_id)
        .ok_or(LifecycleError::NoSuchMember)?;
    if from.members.len() == 1 {
        return Err(LifecycleError::LastMember);
    }
    let member = from.members[at].clone();
    let mut left = from.clone();
    left.members.remove(at);
    if member.relation == Relation::Head {
        let new_head = mv.new_head.ok_or(LifecycleError::NewHeadRequired)?;
        let successor = left
            .members
            .iter_mut()
            .find(|m| m.id == new_head)
            .ok_or(LifecycleError::BadNewHead)?;
        successor.relation = Relation::Head;
    }
    if let Some((to, relation)) = into {
        if to.id == from.id {
            return Err(LifecycleError::SameHousehold);
        }
        let key = person_key(&member);
        if key.is_some() && to.members.iter().any(|m| person_key(m) == key) {
            return Err(LifecycleError::AlreadyThere);
        }
        if relation == Relation::Head && to.head().is_some() {
            return Err(LifecycleError::SecondHead);
        }
    }
    let head_of = |h: &Household| h.head().map(|m| m.name.clone()).unwrap_or_default();
    let line = |kind, member_id: &str, other: Option<&Household>| MemberMove {
        id: (mv.new_id)("move"),
        date: mv.date,
        kind,
        member_id: member_id.to_owned(),
        name: member.name.clone(),
        other_household: other.map(|o| o.id.clone()),
        other_head: other.map(head_of).unwrap_or_default(),
        reason: reason.clone(),
    };
    let joined = match mv.to {
        Destination::Away => None,
        Destination::NewHousehold(id) => Some(split_household(from, id, &member)),
        Destination::Into { to, relation } => {
            let mut joined = to.clone();
            let mut arriving = member.clone();
            arriving.relation = relation;
            if joined.members.iter().any(|m| m.id == arriving.id) {
                arriving.id = (mv.new_id)("member");
            }
            joined.members.push(arriving);
            Some(joined)
        }
    };
    let (out_kind, in_kind) = match mv.to {
        Destination::NewHousehold(_) => (MoveKind::SplitOff, MoveKind::SplitFrom),
        Destination::Into { .. } => (MoveKind::MovedOut, MoveKind::MovedIn),
        Destination::Away => (MoveKind::MovedAway, MoveKind::MovedAway),
    };
    left.monitoring
        .moves
        .push(line(out_kind, &member.id, joined.as_ref()));
    let to = joined.map(|mut joined| {
        let arrived = joined
            .members
            .last()
            .map(|m| m.id.clone())
            .unwrap_or_default();
        joined
            .monitoring
            .moves
            .push(line(in_kind, &arrived, Some(from)));
        joined
    });
    Ok(Moved { from: left, to })
}

/// The new household of a 分户, headed by `member`.
fn split_household(from: &Household, id: &HouseholdId, member: &Member) -> Household {
    let mut head = member.clone();
    head.relation = Relation::Head;
    Household {
        format_version: from.format_version,
        id: id.clone(),
        household_number: String::new(),
        area: from.area.clone(),
        address: from.address.clone(),
        phone: String::new(),
        household_type: from.household_type,
        relocated: from.relocated,
        resettlement_site: from.resettlement_site.clone(),
        housing_grade: None,
        guarantees: Default::default(),
        members: vec![head],
        income: Default::default(),
        monitoring: Monitoring {
            helper: from.monitoring.helper.clone(),
            ..Monitoring::default()
        },
        measures: Vec::new(),
        visits: Vec::new(),
        attachments: Vec::new(),
        consent: None,
    }
}
