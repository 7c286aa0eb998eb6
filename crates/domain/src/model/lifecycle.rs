//! What happens to a household record as a whole, kept on the record: a void (作废, a household
//! registered by mistake) and the members who moved in or out (分户, 迁出, 迁入).
//!
//! Both live in [`super::Monitoring`] (absent from the JSON while empty, so records written
//! before them read and write unchanged); the rules that make them are in
//! [`crate::lifecycle`].
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::HouseholdId;

/// 作废: the household was registered by mistake (a double registration, a household that does
/// not exist). A voided household stays in the history but leaves every list, count, queue and
/// export; a worker may void one, only the township office restores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Void {
    /// The day it was voided.
    pub date: NaiveDate,
    /// Who voided it (the username, or the worker's name on a device signed out).
    pub by: String,
    /// Why, in the worker's words (required).
    pub reason: String,
}

/// How a member came or went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// 分户: left to head a household of their own (recorded on the household left).
    SplitOff,
    /// 分户: the household made by a split (recorded on the new household).
    SplitFrom,
    /// 迁出: moved into another household (recorded on the household left).
    MovedOut,
    /// 迁入: came from another household (recorded on the household joined).
    MovedIn,
    /// 迁出: moved out of the area (married out, moved away), into no household here.
    MovedAway,
}

impl MoveKind {
    /// The ways a worker moves a member, in form order (the other two are their far ends).
    pub const CHOICES: [MoveKind; 3] =
        [MoveKind::SplitOff, MoveKind::MovedOut, MoveKind::MovedAway];
}

/// One member moving in or out, as each household involved records it: the household left and
/// the household joined each keep their own line, naming the other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberMove {
    /// Stable id within the household.
    pub id: String,
    /// 迁移日期.
    pub date: NaiveDate,
    pub kind: MoveKind,
    /// The member's id (in the household joined, the id it has there).
    pub member_id: String,
    /// 姓名, as it was at the move.
    pub name: String,
    /// The other household (none for a move out of the area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_household: Option<HouseholdId>,
    /// The other household's 户主 at the move, to read the line without it.
    #[serde(default)]
    pub other_head: String,
    /// 迁移原因.
    #[serde(default)]
    pub reason: String,
}
