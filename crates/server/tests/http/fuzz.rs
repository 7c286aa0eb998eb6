//! Fuzzed bodies (issue 11), over real HTTP on SQLite and PostgreSQL: arbitrary bytes, arbitrary
//! JSON and valid bodies with one value replaced by arbitrary JSON, sent to the push, the pull,
//! the sign-in and the office's calls on a household. Never a panic or a 5xx, every refusal the
//! API's error JSON, and nothing stored changed by what is refused.
//!
//! Time-boxed: each target runs its cases until a few seconds have passed, so the whole file
//! takes seconds, not minutes (the number of cases run is printed).
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use shouwang_domain::sync::wire::*;
use shouwang_server::state::FixedClock;
use shouwang_server::store::{Scope, Storage};
use sqlx::Row;

use crate::kit::{change, household, on_both, push, NOW, TOWNSHIP, V1};
use crate::support::{Reply, TestServer};

on_both!(
    garbage_is_refused_and_changes_nothing,
    a_valid_push_with_one_value_replaced_never_fails_the_server,
);

/// How long each garbage target is fuzzed, and the valid push with a value replaced.
const GARBAGE_TIME: Duration = Duration::from_secs(1);
const MUTATION_TIME: Duration = Duration::from_secs(4);
/// At most this many cases per target.
const CASES: u32 = 200;

/// Keys the API's bodies use, so arbitrary JSON often has the right names and reaches deeper.
const KEYS: &[&str] = &[
    "protocol",
    "device_id",
    "device_name",
    "changes",
    "change_id",
    "base_revision",
    "edited_at",
    "household",
    "cursor",
    "limit",
    "username",
    "password",
    "step",
    "approve",
    "comment",
    "on",
    "procedure",
    "reason",
    "mode",
    "started",
    "id",
    "members",
    "area",
    "code",
    "name",
    "income",
    "visits",
    "measures",
    "monitoring",
    "format_version",
];

/// Values the API's bodies take, mixed into arbitrary ones.
const WORDS: &[&str] = &[
    "",
    "1",
    "532328100201",
    "2026-11-30",
    "2026-11-30T17:30:00Z",
    "9999-12-31T23:59:59Z",
    "village_review",
    "township_check",
    "identification",
    "exit",
    "natural",
    "head",
    "h0",
    "=HYPERLINK(\"x\")",
    "\u{0}",
    "字字字",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        any::<String>().prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            prop::sample::select(KEYS).prop_map(str::to_owned),
            any::<String>()
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..8)
                .prop_map(|m: BTreeMap<String, Value>| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every table's rows, as text, in a stable order: what "nothing stored changed" compares. The
/// sign-in throttle is left out: counting failed sign-ins is what it is for.
fn dump(s: &TestServer) -> Vec<String> {
    let tables = [
        "users",
        "user_areas",
        "devices",
        "counters",
        "households",
        "history",
        "changes",
        "conflicts",
    ];
    let mut out = Vec::new();
    for table in tables {
        let rows = s
            .block_on(
                sqlx::query(&format!("SELECT * FROM {table} ORDER BY 1")).fetch_all(s.store.pool()),
            )
            .unwrap();
        for row in rows {
            let cells: Vec<String> = (0..row.len())
                .map(|i| {
                    row.try_get::<Option<String>, _>(i)
                        .map(|v| format!("{v:?}"))
                        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                        .unwrap_or_else(|e| panic!("{table}.{i}: {e}"))
                })
                .collect();
            out.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    out
}

/// The server answered, with no 5xx; a refusal is the API's error JSON.
fn answered(reply: &Reply, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        reply.status < 500,
        "{what}: {} {}",
        reply.status,
        reply.body
    );
    prop_assert!(
        reply.content_type.starts_with("application/json"),
        "{what}: {}",
        reply.content_type
    );
    let body: Value = serde_json::from_str(&reply.body)
        .map_err(|e| TestCaseError::fail(format!("{what}: not JSON ({e}): {}", reply.body)))?;
    if reply.status >= 400 {
        prop_assert!(body["reason"].is_string(), "{what}: {body}");
        prop_assert!(
            body["message"]["zh"].is_string() && body["message"]["en"].is_string(),
            "{what}: {body}"
        );
    }
    Ok(())
}

/// Runs `case` on values of `strategy` until `time` has passed (or [`CASES`] ran); returns how
/// many ran.
fn fuzz<S: Strategy>(
    name: &str,
    time: Duration,
    strategy: S,
    case: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> u32 {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let started = Instant::now();
    let ran = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |value| {
        if started.elapsed() > time {
            return Ok(());
        }
        ran.set(ran.get() + 1);
        case(value)
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!("fuzz {name}: {} cases", ran.get());
    assert!(ran.get() > 0, "{name} ran no case");
    ran.get()
}

struct Callers {
    worker: String,
    office: String,
}

fn seeded(s: &TestServer) -> Callers {
    s.user("li", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let callers = Callers {
        worker: s.login("li", "phone"),
        office: s.login("rev", "office"),
    };
    push(
        s,
        &callers.worker,
        vec![change("seed", NOW, &household("h0", V1))],
    );
    callers
}

/// The calls fuzzed with garbage: a path and the token it is sent with.
fn targets(c: &Callers) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("/api/v1/sync/push", Some(c.worker.clone())),
        ("/api/v1/sync/pull", Some(c.worker.clone())),
        ("/api/v1/auth/login", None),
        (
            "/api/v1/office/households/h0/decision",
            Some(c.office.clone()),
        ),
        ("/api/v1/office/households/h0/exit", Some(c.office.clone())),
        (
            "/api/v1/office/households/h0/exit/withdraw",
            Some(c.office.clone()),
        ),
    ]
}

fn send(s: &TestServer, path: &str, token: Option<&str>, body: &[u8]) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    s.request("POST", path, &headers, body)
}

fn garbage_is_refused_and_changes_nothing(s: &TestServer, _: &Arc<FixedClock>) {
    let callers = seeded(s);
    let before = dump(s);
    for (path, token) in targets(&callers) {
        let token = token.as_deref();
        let bytes = prop::collection::vec(any::<u8>(), 0..512);
        fuzz(&format!("{path} bytes"), GARBAGE_TIME, bytes, |bytes| {
            answered(&send(s, path, token, &bytes), path)
        });
        fuzz(
            &format!("{path} json"),
            GARBAGE_TIME,
            json_value(),
            |value| answered(&send(s, path, token, value.to_string().as_bytes()), path),
        );
    }
    assert_eq!(dump(s), before, "nothing stored changed");
}

/// Every path to a value in `v`, as JSON pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(map) => {
            for (k, inner) in map {
                pointers(
                    inner,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                pointers(inner, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn a_valid_push_with_one_value_replaced_never_fails_the_server(
    s: &TestServer,
    _: &Arc<FixedClock>,
) {
    let callers = seeded(s);
    let seed = s
        .block_on(s.store.household(&Scope::new(vec![V1.into()]), "h0"))
        .unwrap()
        .unwrap();
    let valid = json!({
        "protocol": PROTOCOL_VERSION,
        "device_id": "phone",
        "changes": [change("fresh", NOW, &household("h1", V1))],
    });
    let mut paths = Vec::new();
    pointers(&valid, String::new(), &mut paths);
    let paths = &paths;
    let counter = std::cell::Cell::new(0u32);
    let mutation = (any::<prop::sample::Index>(), json_value());
    fuzz(
        "push, one value replaced",
        MUTATION_TIME,
        mutation,
        |(index, replacement)| {
            let mut body = valid.clone();
            let path = index.get(paths);
            match body.pointer_mut(path) {
                Some(slot) => *slot = replacement,
                None => return Ok(()),
            }
            // A fresh change id each time, unless the replacement is the change id itself.
            counter.set(counter.get() + 1);
            if let Some(Value::String(id)) = body.pointer_mut("/changes/0/change_id") {
                if id == "fresh" {
                    *id = format!("fresh-{}", counter.get());
                }
            }
            let reply = send(
                s,
                "/api/v1/sync/push",
                Some(&callers.worker),
                body.to_string().as_bytes(),
            );
            answered(&reply, path)?;
            // Whatever was stored is a household the rules accept, in the worker's village.
            if reply.status == 200 {
                let answer: PushResponse = serde_json::from_str(&reply.body).unwrap();
                for r in answer
                    .results
                    .iter()
                    .filter(|r| r.status == PushStatus::Stored)
                {
                    let (_, kept) = s
                        .block_on(
                            s.store
                                .household(&Scope::new(vec![V1.into()]), &r.household_id.0),
                        )
                        .unwrap()
                        .expect("a stored household is in the worker's village");
                    let rules = s
                        .state
                        .policy
                        .resolve(kept.area.parsed_code().as_ref(), 2026)
                        .rules;
                    let errors: Vec<_> = shouwang_domain::validate(&kept, &rules, s.state.today())
                        .into_iter()
                        .filter(|p| p.is_error())
                        .collect();
                    prop_assert!(errors.is_empty(), "{path}: stored with errors {errors:?}");
                }
            }
            Ok(())
        },
    );
    let after = s
        .block_on(s.store.household(&Scope::new(vec![V1.into()]), "h0"))
        .unwrap()
        .unwrap();
    assert_eq!(after, seed, "the household already stored is unchanged");
}
