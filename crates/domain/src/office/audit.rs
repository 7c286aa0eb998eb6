//! Who changed what: the field-level difference between two versions of a record, with paths in
//! the merge rule's style ([`crate::sync::merge3`]): `income.wages`, `members[m2].labour` (list
//! items with an `id` by id), `members[m3]` for an item added or removed, `members (order)` when
//! only the order changed. Lists without ids (the risk list) are one value.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::labels::field_name;
use crate::Text;

/// One field that differs between two versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub path: String,
    /// The field's standard name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// Absent: the field (or list item) did not exist.
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The fields that differ from `before` to `after`, in path order.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", Some(before), Some(after), &mut out);
    out
}

fn push(out: &mut Vec<FieldChange>, path: &str, before: Option<&Value>, after: Option<&Value>) {
    let path = if path.is_empty() { "(record)" } else { path };
    out.push(FieldChange {
        path: path.to_owned(),
        label: field_name(path.trim_end_matches(" (order)")),
        before: before.cloned(),
        after: after.cloned(),
    });
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => objects(path, b, a, out),
        (Some(Value::Array(b)), Some(Value::Array(a))) if keyed(b) && keyed(a) => {
            let (b_ids, a_ids) = (ids(b), ids(a));
            let mut all: Vec<&str> = b_ids.iter().chain(&a_ids).copied().collect();
            all.sort_unstable();
            all.dedup();
            for id in all {
                walk(&format!("{path}[{id}]"), find(b, id), find(a, id), out);
            }
            let kept_b: Vec<&str> = b_ids
                .iter()
                .copied()
                .filter(|i| a_ids.contains(i))
                .collect();
            let kept_a: Vec<&str> = a_ids
                .iter()
                .copied()
                .filter(|i| b_ids.contains(i))
                .collect();
            if kept_b != kept_a {
                let order = |v: &[&str]| Value::from(v.to_vec());
                push(
                    out,
                    &format!("{path} (order)"),
                    Some(&order(&b_ids)),
                    Some(&order(&a_ids)),
                );
            }
        }
        _ => push(out, path, before, after),
    }
}

fn objects(path: &str, b: &Map<String, Value>, a: &Map<String, Value>, out: &mut Vec<FieldChange>) {
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        walk(&child, b.get(key), a.get(key), out);
    }
}

fn keyed(items: &[Value]) -> bool {
    items.iter().all(|v| item_id(v).is_some())
}

fn item_id(v: &Value) -> Option<&str> {
    v.as_object()?.get("id")?.as_str()
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(item_id).collect()
}

fn find<'a>(items: &'a [Value], id: &str) -> Option<&'a Value> {
    items.iter().find(|v| item_id(v) == Some(id))
}
