//! An in-memory township server that does what the real one does with the plan — read what it
//! holds, ask the planner, write what it says — so the sync rules are tested without a
//! database, and a planner without a rule can be run through the same tests.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use shouwang_domain::sync::plan::{Context, Earlier, Found, Version};
use shouwang_domain::sync::wire::{
    Change, PullResponse, PulledHousehold, PushResult, PushStatus, Revision, Role,
};
use shouwang_domain::sync::{plan_change, Actor, OfficePart, Plan, Scope, Via};
use shouwang_domain::{Household, Policy};

/// Decides what becomes of one change (the domain's [`plan_change`], or a variant under test).
pub type Planner = fn(&Change, &Found, &Context) -> Plan;

/// The village of every household here (the sample's).
pub const VILLAGE: &str = "520121110206";

pub fn today() -> NaiveDate {
    "2026-11-29".parse().unwrap()
}

pub fn noon() -> DateTime<Utc> {
    "2026-11-29T04:00:00Z".parse().unwrap()
}

/// The time `minutes` after [`noon`], as a device would stamp an edit.
pub fn stamp(minutes: i64) -> String {
    (noon() + Duration::minutes(minutes)).to_rfc3339()
}

/// The sample household 10 (valid, not at risk), under `id`.
pub fn household(id: &str) -> Household {
    let mut h: Household =
        serde_json::from_str(include_str!("../../../samples/10_not_at_risk.json")).unwrap();
    h.id.0 = id.into();
    h
}

/// Who a change comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Who {
    pub username: &'static str,
    pub device: &'static str,
    pub role: Role,
    pub via: Via,
}

pub const OFFICE: Who = Who {
    username: "rev",
    device: "office",
    role: Role::Reviewer,
    via: Via::Office,
};

pub fn worker(username: &'static str, device: &'static str) -> Who {
    Who {
        username,
        device,
        role: Role::Worker,
        via: Via::Device,
    }
}

/// A stored version applied by the server: who made it, and the office's part before and after.
#[derive(Clone, Debug)]
pub struct Applied {
    pub who: Who,
    pub before: Option<OfficePart>,
    pub after: OfficePart,
}

/// The server's tables.
#[derive(Debug)]
pub struct Server {
    pub planner: Planner,
    pub policy: Policy,
    next: u64,
    current: BTreeMap<String, Version>,
    /// Every version: revision → (household id, body, change id of an edit).
    pub history: BTreeMap<u64, (String, Household, Option<String>)>,
    changes: HashMap<String, Earlier>,
    /// Every change of the current version, in order.
    pub applied: Vec<Applied>,
}

impl Server {
    pub fn new(planner: Planner) -> Server {
        Server {
            planner,
            policy: Policy::builtin(),
            next: 0,
            current: BTreeMap::new(),
            history: BTreeMap::new(),
            changes: HashMap::new(),
            applied: Vec::new(),
        }
    }

    pub fn current(&self, id: &str) -> Option<&Version> {
        self.current.get(id)
    }

    fn found(&self, change: &Change) -> Found {
        let id = &change.household.id.0;
        if let Some(earlier) = self.changes.get(&change.change_id.0) {
            return Found {
                earlier: Some(earlier.clone()),
                ..Found::default()
            };
        }
        let current = self.current.get(id).cloned();
        let of_this = |rev: u64| {
            self.history
                .get(&rev)
                .filter(|(h, _, _)| h == id)
                .map(|(_, body, _)| body.clone())
        };
        let base = change.base_revision.and_then(|r| of_this(r.0));
        let first = match (&current, change.base_revision) {
            (Some(_), None) => self
                .history
                .values()
                .find(|(h, _, _)| h == id)
                .map(|(_, body, _)| body.clone()),
            _ => None,
        };
        Found {
            earlier: None,
            current,
            base,
            first,
        }
    }

    /// Applies one change as the real push does.
    pub fn push(&mut self, who: Who, change: &Change) -> PushResult {
        let found = self.found(change);
        let scope = Scope::new(vec![VILLAGE.into()]);
        let ctx = Context {
            actor: Actor {
                username: who.username,
                device_id: who.device,
                role: who.role,
                via: who.via,
            },
            scope: &scope,
            policy: &self.policy,
            now: noon(),
            today: today(),
        };
        let storing = match (self.planner)(change, &found, &ctx) {
            Plan::Resend(r) => return r,
            Plan::Refuse(error) => {
                return PushResult {
                    change_id: change.change_id.clone(),
                    household_id: change.household.id.clone(),
                    status: PushStatus::Rejected,
                    revision: None,
                    conflicts: Vec::new(),
                    error: Some(error),
                    warnings: Vec::new(),
                }
            }
            Plan::Store(s) => s,
        };
        let id = change.household.id.0.clone();
        let before = found.current.as_ref().map(|c| OfficePart::of(&c.household));
        self.next += 1;
        let edit = self.next;
        self.history.insert(
            edit,
            (
                id.clone(),
                change.household.clone(),
                Some(change.change_id.0.clone()),
            ),
        );
        let (merged, now) = match &storing.merge {
            None => (
                None,
                Version {
                    revision: Revision(edit),
                    household: change.household.clone(),
                    edited_at: storing.edited_at,
                    device_id: who.device.into(),
                },
            ),
            Some(m) => {
                self.next += 1;
                self.history
                    .insert(self.next, (id.clone(), m.household.clone(), None));
                (
                    Some(Revision(self.next)),
                    Version {
                        revision: Revision(self.next),
                        household: m.household.clone(),
                        edited_at: m.edited_at,
                        device_id: m.device_id.clone(),
                    },
                )
            }
        };
        self.applied.push(Applied {
            who,
            before,
            after: OfficePart::of(&now.household),
        });
        self.current.insert(id, now);
        let result = storing.result(change, Revision(edit), merged);
        self.changes.insert(
            change.change_id.0.clone(),
            Earlier {
                username: who.username.into(),
                result: result.clone(),
            },
        );
        result
    }

    /// Everything changed after `cursor`.
    pub fn pull(&self, cursor: u64) -> PullResponse {
        let mut households: Vec<PulledHousehold> = self
            .current
            .values()
            .filter(|v| v.revision.0 > cursor)
            .map(|v| PulledHousehold {
                revision: v.revision,
                household: v.household.clone(),
            })
            .collect();
        households.sort_by_key(|p| p.revision);
        PullResponse {
            households,
            cursor: Revision(self.next.max(cursor)),
            more: false,
        }
    }
}

/// The domain's planner.
pub const PLAN: Planner = plan_change;
