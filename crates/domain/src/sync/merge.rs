//! The rule for concurrent edits of one household: a three-way, field-wise merge.
//!
//! Two devices start from the same stored version (the base) and each sends its edit. The server
//! holds one of them already; the other arrives. Every field is compared against the base:
//!
//! - changed on one side only → that side's value;
//! - changed on both sides to the same value → that value;
//! - changed on both sides differently → a conflict, resolved by last writer wins
//!   ([`incoming_wins`]); the losing value is kept in the conflict record for office review
//!   (and the whole losing version stays in the history), so nothing is thrown away.
//!
//! Objects merge key by key. Lists of objects with an `"id"` (members, measures, visits) merge
//! item by item (the risk list has no ids: its order is a decision, so it is one value): an item added on either side
//! is kept; an item deleted on one side and untouched on the other is deleted; an item deleted on
//! one side but edited on the other is kept, with a conflict. New items are placed after the
//! existing ones in id order (the app makes ids that sort in creation order), unless one side
//! reordered the list, in which case its order is kept. Other values (strings, numbers, lists
//! without ids) are atomic.
//!
//! For edits that do not touch the same field, the result does not depend on which arrived first.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which side's value a conflict kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    /// The version the server already had.
    Stored,
    /// The version that arrived.
    Incoming,
}

/// One field both sides changed differently.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// JSON path of the field, e.g. `income.wages`, `members[m2].labour`, `members (order)`.
    pub path: String,
    /// The value both edits started from (absent: the field did not exist).
    pub base: Option<Value>,
    /// The value the server had.
    pub stored: Option<Value>,
    /// The value that arrived.
    pub incoming: Option<Value>,
    /// Which one the merged record holds.
    pub kept: Kept,
}

/// The merged value and the conflicts met on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub value: Value,
    pub conflicts: Vec<FieldConflict>,
}

/// The last writer wins: the later edit time wins; on a tie, the larger device id.
pub fn incoming_wins<T: Ord, D: Ord>(stored: (T, D), incoming: (T, D)) -> bool {
    incoming >= stored
}

/// Merges `stored` and `incoming`, both edited from `base` (`Value::Null` when there is none).
pub fn merge3(base: &Value, stored: &Value, incoming: &Value, incoming_wins: bool) -> Merged {
    let mut conflicts = Vec::new();
    let value = merge_value(
        "",
        Some(base),
        Some(stored),
        Some(incoming),
        incoming_wins,
        &mut conflicts,
    )
    .unwrap_or(Value::Null);
    Merged { value, conflicts }
}

/// Merges one field; `None` means absent (deleted or never there).
fn merge_value(
    path: &str,
    base: Option<&Value>,
    stored: Option<&Value>,
    incoming: Option<&Value>,
    incoming_wins: bool,
    conflicts: &mut Vec<FieldConflict>,
) -> Option<Value> {
    if stored == incoming {
        return stored.cloned();
    }
    if stored == base {
        return incoming.cloned();
    }
    if incoming == base {
        return stored.cloned();
    }
    match (stored, incoming) {
        (Some(Value::Object(s)), Some(Value::Object(i))) => {
            let b = match base {
                Some(Value::Object(b)) => Some(b),
                _ => None,
            };
            Some(Value::Object(merge_objects(
                path,
                b,
                s,
                i,
                incoming_wins,
                conflicts,
            )))
        }
        (Some(Value::Array(s)), Some(Value::Array(i))) if keyed(s) && keyed(i) => {
            let empty = Vec::new();
            let b = match base {
                Some(Value::Array(b)) if keyed(b) => b,
                _ => &empty,
            };
            Some(Value::Array(merge_keyed(
                path,
                b,
                s,
                i,
                incoming_wins,
                conflicts,
            )))
        }
        _ => {
            let kept = if incoming_wins {
                Kept::Incoming
            } else {
                Kept::Stored
            };
            conflicts.push(FieldConflict {
                path: if path.is_empty() {
                    "(record)".into()
                } else {
                    path.into()
                },
                base: base.cloned(),
                stored: stored.cloned(),
                incoming: incoming.cloned(),
                kept,
            });
            match kept {
                Kept::Incoming => incoming.cloned(),
                Kept::Stored => stored.cloned(),
            }
        }
    }
}

fn merge_objects(
    path: &str,
    base: Option<&Map<String, Value>>,
    stored: &Map<String, Value>,
    incoming: &Map<String, Value>,
    incoming_wins: bool,
    conflicts: &mut Vec<FieldConflict>,
) -> Map<String, Value> {
    let mut keys: Vec<&String> = stored.keys().chain(incoming.keys()).collect();
    if let Some(b) = base {
        keys.extend(b.keys());
    }
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for key in keys {
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let merged = merge_value(
            &child,
            base.and_then(|b| b.get(key)),
            stored.get(key),
            incoming.get(key),
            incoming_wins,
            conflicts,
        );
        if let Some(v) = merged {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// A list whose every item is an object with a string `id`.
fn keyed(items: &[Value]) -> bool {
    items.iter().all(|v| item_id(v).is_some())
}

fn item_id(v: &Value) -> Option<&str> {
    v.as_object()?.get("id")?.as_str()
}

fn find<'a>(items: &'a [Value], id: &str) -> Option<&'a Value> {
    items.iter().find(|v| item_id(v) == Some(id))
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(item_id).collect()
}

/// The order a side would have if it only added items at the end, in id order.
fn canonical<'a>(base_ids: &[&'a str], side: &[&'a str]) -> Vec<&'a str> {
    let mut kept: Vec<&str> = base_ids
        .iter()
        .copied()
        .filter(|id| side.contains(id))
        .collect();
    let mut new: Vec<&str> = side
        .iter()
        .copied()
        .filter(|id| !base_ids.contains(id))
        .collect();
    new.sort_unstable();
    kept.extend(new);
    kept
}

fn merge_keyed(
    path: &str,
    base: &[Value],
    stored: &[Value],
    incoming: &[Value],
    incoming_wins: bool,
    conflicts: &mut Vec<FieldConflict>,
) -> Vec<Value> {
    let (b_ids, s_ids, i_ids) = (ids(base), ids(stored), ids(incoming));

    // Merge every item that any side has.
    let mut all: Vec<&str> = b_ids.iter().chain(&s_ids).chain(&i_ids).copied().collect();
    all.sort_unstable();
    all.dedup();
    let mut merged: Vec<(&str, Value)> = Vec::new();
    for id in all {
        let child = format!("{path}[{id}]");
        let v = merge_value(
            &child,
            find(base, id),
            find(stored, id),
            find(incoming, id),
            incoming_wins,
            conflicts,
        );
        if let Some(v) = v {
            merged.push((id, v));
        }
    }
    let survivors: Vec<&str> = merged.iter().map(|(id, _)| *id).collect();

    // Order: a side that reordered (or inserted in the middle) sets it; else base then new by id.
    let s_moved = s_ids != canonical(&b_ids, &s_ids);
    let i_moved = i_ids != canonical(&b_ids, &i_ids);
    let source: Option<&[&str]> = match (s_moved, i_moved) {
        (false, false) => None,
        (true, false) => Some(&s_ids),
        (false, true) => Some(&i_ids),
        (true, true) => {
            let kept = if incoming_wins {
                Kept::Incoming
            } else {
                Kept::Stored
            };
            let as_value = |v: &[&str]| Some(Value::from(v.to_vec()));
            if s_ids != i_ids {
                conflicts.push(FieldConflict {
                    path: format!("{path} (order)"),
                    base: as_value(&b_ids),
                    stored: as_value(&s_ids),
                    incoming: as_value(&i_ids),
                    kept,
                });
            }
            Some(if incoming_wins { &i_ids } else { &s_ids })
        }
    };
    let mut order: Vec<&str> = match source {
        Some(src) => src
            .iter()
            .copied()
            .filter(|id| survivors.contains(id))
            .collect(),
        None => b_ids
            .iter()
            .copied()
            .filter(|id| survivors.contains(id))
            .collect(),
    };
    let mut rest: Vec<&str> = survivors
        .iter()
        .copied()
        .filter(|id| !order.contains(id))
        .collect();
    rest.sort_unstable();
    order.extend(rest);

    order
        .into_iter()
        .filter_map(|id| {
            merged
                .iter()
                .find(|(m, _)| *m == id)
                .map(|(_, v)| v.clone())
        })
        .collect()
}
