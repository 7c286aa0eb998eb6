//! What the server does with one pushed change, decided by a pure function: [`plan_change`].
//!
//! The server reads what it holds about the change (has this change id been stored before? the
//! household's current version, the version the edit started from, its first version), asks the
//! plan, and writes what the plan says. Every rule of the push lives here, in this order:
//!
//! 1. **Idempotency.** A change id seen before is answered from its stored result
//!    (`already_stored`); another user's change id, or one stored for another household, is
//!    refused (`duplicate_change_id`).
//! 2. **Shape.** An id, a valid 12-digit village code, an RFC 3339 edit time not more than
//!    [`MAX_CLOCK_AHEAD_HOURS`] ahead of the server's clock (a phone whose clock says 9999 would
//!    otherwise win every later conflict: `edited_in_future`), and no validation error
//!    (`invalid_record`, the same validation as on the phone).
//! 3. **Scope.** The household's village, as sent and as stored, is in the caller's areas
//!    (`forbidden_area`).
//! 4. **Base.** A base revision must be a version of this household (`unknown_base`): a
//!    revision of another household, or none at all, never reaches the merge or the history.
//! 5. **The office's part** ([`OfficePart`]). The office's own calls ([`Via::Office`]) must start
//!    from the current version (`stale`) and may change it. A device's edit may not: what it sends
//!    of the office's part must be what the server holds, or what the device saw (its base; with
//!    no base, the household's first version — a device whose answer was lost). Anything else is
//!    refused (`office_only`). Whatever the edit carried, the stored result keeps the server's
//!    office part, so no base — stale, missing or forged — lets a field edit add, change or
//!    remove a decision, the identification or the exit. A void is the one part a device may
//!    add (to a household not voided); once stored, only the office clears it.
//! 6. **Fast-forward or merge.** A new household, or an edit of the current version, is stored as
//!    sent. An edit of an older version is merged field by field with the current one
//!    ([`merge_households`]), the last writer winning a field both changed ([`incoming_wins`]);
//!    the conflicts are kept for the office.
use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};

use super::office_part::{is_office_path, OfficePart};
use super::wire::{ApiError, Change, PushResult, PushStatus, Revision, Role};
use super::{incoming_wins, merge_households, scope, FieldConflict, Kept, Scope};
use crate::labels::field_name;
use crate::model::AreaCode;
use crate::{text, validate, Household, Policy, Severity, Text};

/// How far ahead of the server's clock an edit time may be (phones' clocks drift; a day is more
/// than any honest drift and less than any time zone mistake can explain).
pub const MAX_CLOCK_AHEAD_HOURS: i64 = 24;

/// Which way a change arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// A device's push: a field edit.
    Device,
    /// The office's own call (a decision, an exit, a withdrawal), made by the domain's office
    /// functions from the current version.
    Office,
}

/// Who sends the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor<'a> {
    pub username: &'a str,
    pub device_id: &'a str,
    pub role: Role,
    pub via: Via,
}

/// A version of the household as the server holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub revision: Revision,
    pub household: Household,
    /// When it was edited (the winner's edit time, for a merge).
    pub edited_at: DateTime<Utc>,
    /// The device whose edit it is (the winner's, for a merge).
    pub device_id: String,
}

/// A change id stored before: whose it was and what the server answered.
#[derive(Clone, Debug, PartialEq)]
pub struct Earlier {
    pub username: String,
    pub result: PushResult,
}

/// What the server read for one change before asking the plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// The change id, if stored before.
    pub earlier: Option<Earlier>,
    /// The household's current version.
    pub current: Option<Version>,
    /// The version named by the change's base revision, when it is a version of this household.
    pub base: Option<Household>,
    /// The household's first version, when the change has no base and the household exists.
    pub first: Option<Household>,
}

/// What the plan is judged against.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub actor: Actor<'a>,
    /// The caller's areas.
    pub scope: &'a Scope,
    pub policy: &'a Policy,
    /// The server's clock.
    pub now: DateTime<Utc>,
    /// The township's calendar day, for validation.
    pub today: NaiveDate,
}

/// What to do with the change.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Seen before: answer this (status `already_stored`), store nothing.
    Resend(PushResult),
    /// Refused: answer this error, store nothing.
    Refuse(ApiError),
    /// Store the edit.
    Store(Storing),
}

/// An edit to store: always as an `edit` version in the history; then either it becomes the
/// current version (`merge: None`) or the merge does.
#[derive(Clone, Debug, PartialEq)]
pub struct Storing {
    /// When the edit was made, normalised to UTC.
    pub edited_at: DateTime<Utc>,
    pub merge: Option<Box<Merge>>,
}

/// The version made from the edit and the current one.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub household: Household,
    pub conflicts: Vec<FieldConflict>,
    /// The later of the two edit times.
    pub edited_at: DateTime<Utc>,
    /// The device of the edit that won the conflicts.
    pub device_id: String,
    /// The current revision it was merged with.
    pub stored_revision: Revision,
}

impl Storing {
    /// The push result once the server has given the edit (and the merge, if any) revisions.
    pub fn result(&self, change: &Change, edit: Revision, merged: Option<Revision>) -> PushResult {
        let (status, revision, conflicts) = match (&self.merge, merged) {
            (Some(m), Some(r)) => (PushStatus::Merged, r, m.conflicts.clone()),
            _ => (PushStatus::Stored, edit, Vec::new()),
        };
        PushResult {
            change_id: change.change_id.clone(),
            household_id: change.household.id.clone(),
            status,
            revision: Some(revision),
            conflicts,
            error: None,
            warnings: Vec::new(),
        }
    }
}

/// RFC 3339 UTC text with milliseconds, as the server stores times.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn refusal(reason: &str, message: Text) -> ApiError {
    ApiError {
        reason: reason.to_owned(),
        message,
    }
}

fn refuse(reason: &str, message: Text) -> Plan {
    Plan::Refuse(refusal(reason, message))
}

/// Decides what becomes of `change` (see the module doc for the rules, in order).
pub fn plan_change(change: &Change, found: &Found, ctx: &Context) -> Plan {
    let actor = ctx.actor;
    let h = &change.household;
    if let Some(earlier) = &found.earlier {
        if earlier.username != actor.username || earlier.result.household_id != h.id {
            return refuse(
                "duplicate_change_id",
                text!(
                    "该修改编号已被使用，请更新应用后重试",
                    "This change id is already used: update the app and try again"
                ),
            );
        }
        let mut result = earlier.result.clone();
        result.status = PushStatus::AlreadyStored;
        return Plan::Resend(result);
    }
    let edited_at = match shape(change, ctx) {
        Ok(t) => t,
        Err(refused) => return Plan::Refuse(refused),
    };
    let forbidden = || {
        let (name, code) = (&h.area.name, &h.area.code);
        refuse("forbidden_area", scope::refused_outside(name, code))
    };
    if !ctx.scope.contains(&h.area.code) {
        return forbidden();
    }
    let current = found.current.as_ref();
    if current.is_some_and(|c| !ctx.scope.contains(&c.household.area.code)) {
        return refuse(
            "forbidden_area",
            text!(
                "这户登记在你负责范围以外的村，不能由你修改，这次修改没有上传",
                "This household is registered in a village outside your areas: you cannot change it, so this edit was not uploaded"
            ),
        );
    }
    if change.base_revision.is_some() && found.base.is_none() {
        return refuse(
            "unknown_base",
            text!(
                "该修改所依据的版本不是这户的记录，未上传；请同步后重试",
                "The version this edit started from is not a version of this household, so it was not stored; sync and try again"
            ),
        );
    }
    match actor.via {
        Via::Office => {
            if current.map(|c| c.revision) != change.base_revision {
                return refuse(
                    "stale",
                    text!(
                        "该户已有更新，请刷新后重新办理",
                        "This household changed since it was read: reload and try again"
                    ),
                );
            }
        }
        Via::Device => {
            let held = current.map(|c| OfficePart::of(&c.household));
            let seen = found
                .base
                .as_ref()
                .or(found.first.as_ref())
                .map(OfficePart::of)
                .unwrap_or_default();
            let reference = held.clone().unwrap_or_default();
            let sent = OfficePart::of(h).as_sent_by_device(&reference, &seen);
            if sent != reference && sent != seen {
                return office_only(&sent.differences(&reference));
            }
        }
    }
    let Some(current) = current.filter(|c| Some(c.revision) != change.base_revision) else {
        return Plan::Store(Storing {
            edited_at,
            merge: None,
        });
    };
    Plan::Store(Storing {
        edited_at,
        merge: Some(Box::new(merge(
            change,
            edited_at,
            found.base.as_ref(),
            current,
            actor,
        ))),
    })
}

/// The edit time, when the change is well formed and valid.
fn shape(change: &Change, ctx: &Context) -> Result<DateTime<Utc>, ApiError> {
    let h = &change.household;
    if h.id.0.trim().is_empty() {
        return Err(refusal(
            "invalid_record",
            text!("农户缺少编号", "The household has no id"),
        ));
    }
    if h.area.code.parse::<AreaCode>().is_err() {
        return Err(refusal(
            "invalid_record",
            text!(
                "所在地区代码不是有效的 12 位统计用区划代码",
                "The area code is not a valid 12-digit statistical area code"
            ),
        ));
    }
    let Ok(edited_at) = DateTime::parse_from_rfc3339(&change.edited_at) else {
        return Err(refusal(
            "bad_request",
            text!(
                "修改时间格式不正确",
                "The edit time is not an RFC 3339 time"
            ),
        ));
    };
    let edited_at = edited_at.with_timezone(&Utc);
    if edited_at > ctx.now + Duration::hours(MAX_CLOCK_AHEAD_HOURS) {
        let (at, now) = (time_text(edited_at), time_text(ctx.now));
        return Err(refusal(
            "edited_in_future",
            text!(
                "修改时间 {at} 比服务器时间 {now} 晚一天以上：请把手机的日期和时间设为自动，再保存一次",
                "The edit time {at} is more than a day after the server's time {now}: set the phone's date and time to automatic and save again"
            ),
        ));
    }
    let rules = &ctx
        .policy
        .resolve(
            h.area.parsed_code().as_ref(),
            chrono::Datelike::year(&ctx.today),
        )
        .rules;
    let errors: Vec<_> = validate(h, rules, ctx.today)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(edited_at);
    }
    let list = |zh: bool| {
        errors
            .iter()
            .take(5)
            .map(|p| {
                let name = field_name(&p.field).unwrap_or_else(|| Text::new(&p.field, &p.field));
                let (name, message) = if zh {
                    (name.zh, &p.message.zh)
                } else {
                    (name.en, &p.message.en)
                };
                format!("{name}: {message}")
            })
            .collect::<Vec<_>>()
            .join(if zh { "；" } else { "; " })
    };
    let (n, zh, en) = (errors.len(), list(true), list(false));
    Err(refusal(
        "invalid_record",
        text!(
            "记录有 {n} 处错误，未上传：{zh}",
            "The record has {n} error(s) and was not uploaded: {en}"
        ),
    ))
}

fn office_only(paths: &[&str]) -> Plan {
    let names = |zh: bool| {
        paths
            .iter()
            .filter_map(|p| field_name(p))
            .map(|t| if zh { t.zh } else { t.en })
            .collect::<Vec<_>>()
            .join(if zh { "、" } else { ", " })
    };
    let (zh, en) = (names(true), names(false));
    refuse(
        "office_only",
        text!(
            "{zh}由乡镇办公室和县里办理，本次修改不能改动，未上传",
            "{en}: these are the township office's and the county's to decide; a field edit cannot change them, so it was not stored"
        ),
    )
}

/// Merges the edit with the current version it did not start from.
fn merge(
    change: &Change,
    edited_at: DateTime<Utc>,
    base: Option<&Household>,
    current: &Version,
    actor: Actor,
) -> Merge {
    let incoming = &change.household;
    let wins = incoming_wins(
        (current.edited_at, current.device_id.as_str()),
        (edited_at, actor.device_id),
    );
    let (mut household, mut conflicts) = merge_households(base, &current.household, incoming, wins)
        .unwrap_or_else(|_| {
            // The merge made something that is not a household: keep the last writer's whole
            // record and say so; both versions stay in the history.
            let (kept, winner) = if wins {
                (Kept::Incoming, incoming.clone())
            } else {
                (Kept::Stored, current.household.clone())
            };
            let conflict = FieldConflict {
                path: "(record)".into(),
                base: None,
                stored: serde_json::to_value(&current.household).ok(),
                incoming: serde_json::to_value(incoming).ok(),
                kept,
            };
            (winner, vec![conflict])
        });
    if actor.via == Via::Device {
        let office = OfficePart::of(&current.household);
        let frozen = office.village.is_some();
        office.put(&mut household);
        for c in conflicts
            .iter_mut()
            .filter(|c| is_office_path(&c.path, frozen))
        {
            c.kept = Kept::Stored;
        }
    }
    Merge {
        household,
        conflicts,
        edited_at: current.edited_at.max(edited_at),
        device_id: if wins {
            actor.device_id.to_owned()
        } else {
            current.device_id.clone()
        },
        stored_revision: current.revision,
    }
}
