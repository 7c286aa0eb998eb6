//! Sign-in, push, pull, merge and authorization over real HTTP, each on SQLite and PostgreSQL.

use serde_json::{json, Value};
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::Limits;

use crate::support::{Db, TestServer, PASSWORD};

const V1: &str = "532328100201";
const V2: &str = "532328100202";
const TOWNSHIP: &str = "532328100";
const OTHER_TOWNSHIP: &str = "532328101";

/// Runs a scenario on SQLite and on PostgreSQL, as two tests.
macro_rules! on_both {
    ($($name:ident($limits:expr)),* $(,)?) => {$(
        mod $name {
            use super::*;
            #[test]
            fn sqlite() {
                super::$name(&TestServer::on(Db::Sqlite, $limits).unwrap());
            }
            #[test]
            fn postgres() {
                if let Some(server) = TestServer::on(Db::Postgres, $limits) {
                    super::$name(&server);
                }
            }
        }
    )*};
}

on_both!(
    sign_in_and_out(Limits::default()),
    one_time_password_must_be_changed(Limits::default()),
    push_then_pull_round_trip(Limits::default()),
    a_resent_batch_is_stored_once(Limits::default()),
    concurrent_edits_merge_and_the_conflict_is_listed(Limits::default()),
    workers_see_and_write_only_their_villages(Limits::default()),
    reviewers_see_only_their_township(Limits::default()),
    pull_pages_through_everything_once(Limits::default()),
    bad_requests_get_clear_errors(Limits {
        max_body_bytes: 64 * 1024,
        max_push_changes: 50,
        ..Limits::default()
    }),
    gzip_bodies_both_ways(Limits::default()),
    parallel_pushes_lose_nothing(Limits::default()),
    revoked_devices_are_signed_out(Limits::default()),
    field_edits_cannot_change_the_offices_decisions(Limits::default()),
);

/// A valid household in `village`, from the domain's first sample.
fn household(id: &str, village: &str) -> Household {
    let mut h: Household =
        serde_json::from_str(include_str!("../../../domain/samples/01_edge_illness.json")).unwrap();
    h.id.0 = id.into();
    h.area.code = village.into();
    h
}

fn change(change_id: &str, base: Option<u64>, at: &str, h: &Household) -> Change {
    Change {
        change_id: ChangeId(change_id.into()),
        base_revision: base.map(Revision),
        edited_at: at.into(),
        household: h.clone(),
    }
}

fn push(s: &TestServer, token: &str, changes: Vec<Change>) -> PushResponse {
    let reply = s.post(
        "/api/v1/sync/push",
        Some(token),
        &PushRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("ignored".into()),
            changes,
        },
    );
    assert_eq!(reply.status, 200, "push: {}", reply.body);
    reply.parse()
}

fn pull(s: &TestServer, token: &str, cursor: u64, limit: u32) -> PullResponse {
    let reply = s.post(
        "/api/v1/sync/pull",
        Some(token),
        &PullRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("ignored".into()),
            cursor: Revision(cursor),
            limit,
        },
    );
    assert_eq!(reply.status, 200, "pull: {}", reply.body);
    reply.parse()
}

/// Every household id a pull from 0 gives, following `more`.
fn pull_all(s: &TestServer, token: &str) -> Vec<String> {
    let (mut cursor, mut ids) = (0, Vec::new());
    loop {
        let page = pull(s, token, cursor, 7);
        ids.extend(page.households.iter().map(|h| h.household.id.0.clone()));
        assert!(page.cursor.0 >= cursor);
        cursor = page.cursor.0;
        if !page.more {
            return ids;
        }
    }
}

fn reason(reply: &crate::support::Reply) -> String {
    let v = reply.json();
    assert!(
        v["message"]["zh"].as_str().is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    assert!(
        v["message"]["en"].as_str().is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    v["reason"].as_str().unwrap().to_owned()
}

fn sign_in_and_out(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    let wrong = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "li", "password": "wrong-password", "device_id": "d1"}),
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(reason(&wrong), "bad_credentials");
    let nobody = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "nobody", "password": PASSWORD, "device_id": "d1"}),
    );
    assert_eq!(reason(&nobody), "bad_credentials");

    let token = s.login("li", "d1");
    let me = s.get_as("/api/v1/me", Some(&token));
    assert_eq!(me.status, 200);
    let account: Account = me.parse();
    assert_eq!(account.role, Role::Worker);
    assert_eq!(account.areas, vec![V1.to_owned()]);

    assert_eq!(s.get_as("/api/v1/me", None).status, 401);
    assert_eq!(s.get_as("/api/v1/me", Some("not-a-token")).status, 401);
    let out = s.post("/api/v1/auth/logout", Some(&token), &json!({}));
    assert_eq!(out.status, 204);
    let after = s.get_as("/api/v1/me", Some(&token));
    assert_eq!(after.status, 401);
    assert_eq!(reason(&after), "unauthorized");
}

fn one_time_password_must_be_changed(s: &TestServer) {
    use shouwang_server::store::{NewUser, Storage};
    s.block_on(s.store.create_user(NewUser {
        username: "new".into(),
        display_name: "new".into(),
        role: Role::Worker,
        areas: vec![V1.into()],
        password_hash: shouwang_server::auth::hash_password(PASSWORD),
        must_change_password: true,
    }))
    .unwrap();
    let token = s.login("new", "d1");
    let me: Account = s.get_as("/api/v1/me", Some(&token)).parse();
    assert!(me.must_change_password);
    let blocked = s.post(
        "/api/v1/sync/pull",
        Some(&token),
        &json!({"protocol": 1, "device_id": "d1", "cursor": 0, "limit": 10}),
    );
    assert_eq!(blocked.status, 403);
    assert_eq!(reason(&blocked), "password_change_required");

    let weak = s.post(
        "/api/v1/auth/password",
        Some(&token),
        &json!({"old_password": PASSWORD, "new_password": "short"}),
    );
    assert_eq!(weak.status, 400);
    assert_eq!(reason(&weak), "weak_password");
    let wrong_old = s.post(
        "/api/v1/auth/password",
        Some(&token),
        &json!({"old_password": "nope-nope", "new_password": "a-long-new-one"}),
    );
    assert_eq!(reason(&wrong_old), "bad_credentials");
    let changed = s.post(
        "/api/v1/auth/password",
        Some(&token),
        &json!({"old_password": PASSWORD, "new_password": "a-long-new-one"}),
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert!(!changed.parse::<Account>().must_change_password);
    assert_eq!(pull(s, &token, 0, 10).households.len(), 0);
    // The new password is the one that signs in now.
    let again = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "new", "password": "a-long-new-one", "device_id": "d2"}),
    );
    assert_eq!(again.status, 200);
}

fn push_then_pull_round_trip(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    let token = s.login("li", "phone-1");
    let hs: Vec<Household> = (1..=3).map(|i| household(&format!("h{i}"), V1)).collect();
    let res = push(
        s,
        &token,
        hs.iter()
            .enumerate()
            .map(|(i, h)| change(&format!("c{i}"), None, "2026-11-28T09:00:00Z", h))
            .collect(),
    );
    assert_eq!(res.results.len(), 3);
    let revisions: Vec<u64> = res
        .results
        .iter()
        .map(|r| {
            assert_eq!(r.status, PushStatus::Stored);
            r.revision.unwrap().0
        })
        .collect();
    assert!(revisions.windows(2).all(|w| w[0] < w[1]), "{revisions:?}");

    let page = pull(s, &token, 0, 100);
    assert!(!page.more);
    assert_eq!(page.households.len(), 3);
    for (pulled, sent) in page.households.iter().zip(&hs) {
        assert_eq!(
            &pulled.household, sent,
            "the household comes back exactly as sent"
        );
    }
    assert_eq!(page.cursor.0, *revisions.last().unwrap());
    let again = pull(s, &token, page.cursor.0, 100);
    assert!(again.households.is_empty());
    assert_eq!(again.cursor, page.cursor);

    // An edit from the pulled revision fast-forwards.
    let mut edited = hs[0].clone();
    edited.phone = "13900000000".into();
    let res = push(
        s,
        &token,
        vec![change(
            "c9",
            Some(revisions[0]),
            "2026-11-28T10:00:00Z",
            &edited,
        )],
    );
    assert_eq!(res.results[0].status, PushStatus::Stored);
    let page = pull(s, &token, page.cursor.0, 100);
    assert_eq!(page.households.len(), 1);
    assert_eq!(page.households[0].household.phone, "13900000000");
}

fn a_resent_batch_is_stored_once(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    let token = s.login("li", "phone-1");
    let batch: Vec<Change> = (1..=5)
        .map(|i| {
            change(
                &format!("c{i}"),
                None,
                "2026-11-28T09:00:00Z",
                &household(&format!("h{i}"), V1),
            )
        })
        .collect();
    let first = push(s, &token, batch.clone());
    // The response was lost; the phone sends the same batch again.
    let second = push(s, &token, batch);
    for (a, b) in first.results.iter().zip(&second.results) {
        assert_eq!(a.status, PushStatus::Stored);
        assert_eq!(b.status, PushStatus::AlreadyStored);
        assert_eq!(a.revision, b.revision);
    }
    assert_eq!(pull_all(s, &token).len(), 5);
    let history = s.get_as("/api/v1/households/h1/history", Some(&token));
    assert_eq!(history.json()["versions"].as_array().unwrap().len(), 1);
    use shouwang_server::store::Storage;
    assert_eq!(s.block_on(s.store.household_count()).unwrap(), 5);
}

fn concurrent_edits_merge_and_the_conflict_is_listed(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    s.user("wang", Role::Worker, &[V1]);
    s.user("office", Role::Reviewer, &[TOWNSHIP]);
    let (a, b) = (s.login("li", "phone-a"), s.login("wang", "phone-b"));
    let base = household("h1", V1);
    let rev = push(
        s,
        &a,
        vec![change("c0", None, "2026-11-28T08:00:00Z", &base)],
    )
    .results[0]
        .revision
        .unwrap()
        .0;

    // Both start from `rev`, offline. A changes the phone; B changes the phone and the address.
    let mut by_a = base.clone();
    by_a.phone = "13911111111".into();
    let mut by_b = base.clone();
    by_b.phone = "13922222222".into();
    by_b.address = "良亩村五组 3 号".into();
    let ra = push(
        s,
        &a,
        vec![change("ca", Some(rev), "2026-11-28T09:00:00Z", &by_a)],
    );
    assert_eq!(ra.results[0].status, PushStatus::Stored);
    let rb = push(
        s,
        &b,
        vec![change("cb", Some(rev), "2026-11-28T10:00:00Z", &by_b)],
    );
    let merged = &rb.results[0];
    assert_eq!(merged.status, PushStatus::Merged);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].path, "phone");
    assert_eq!(merged.conflicts[0].stored, Some(json!("13911111111")));
    assert_eq!(merged.conflicts[0].incoming, Some(json!("13922222222")));

    // B edited later, so B's phone is kept; B's address too; nothing of A's is lost.
    let current = pull(s, &a, 0, 100).households;
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].household.phone, "13922222222");
    assert_eq!(current[0].household.address, "良亩村五组 3 号");
    assert_eq!(current[0].revision, merged.revision.unwrap());

    // Every version is in the history, with who and which device.
    let history = s.get_as("/api/v1/households/h1/history", Some(&a)).json();
    let versions = history["versions"].as_array().unwrap();
    let kinds: Vec<&str> = versions
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["edit", "edit", "edit", "merge"]);
    assert_eq!(versions[1]["household"]["phone"], "13911111111");
    assert_eq!(versions[1]["username"], "li");
    assert_eq!(versions[1]["device_id"], "phone-a");
    assert_eq!(versions[2]["household"]["phone"], "13922222222");
    assert_eq!(versions[2]["username"], "wang");
    assert_eq!(versions[2]["device_id"], "phone-b");

    // The office sees the conflict.
    let office = s.login("office", "desk");
    let list = s.get_as("/api/v1/conflicts", Some(&office)).json();
    let conflicts = list["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["household_id"], "h1");
    assert_eq!(conflicts[0]["fields"][0]["path"], "phone");
    assert_eq!(conflicts[0]["fields"][0]["kept"], "incoming");
}

fn workers_see_and_write_only_their_villages(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    s.user("wang", Role::Worker, &[V2]);
    let (li, wang) = (s.login("li", "a"), s.login("wang", "b"));
    push(
        s,
        &li,
        vec![change(
            "c1",
            None,
            "2026-11-28T09:00:00Z",
            &household("h1", V1),
        )],
    );
    push(
        s,
        &wang,
        vec![change(
            "c2",
            None,
            "2026-11-28T09:00:00Z",
            &household("h2", V2),
        )],
    );

    assert_eq!(pull_all(s, &li), ["h1"]);
    assert_eq!(pull_all(s, &wang), ["h2"]);
    assert_eq!(
        s.get_as("/api/v1/households/h2/history", Some(&li)).status,
        404
    );
    assert_eq!(
        s.get_as("/api/v1/households/h1/history", Some(&li)).status,
        200
    );

    // Writing into village B is refused...
    let res = push(
        s,
        &li,
        vec![change(
            "c3",
            None,
            "2026-11-28T09:00:00Z",
            &household("h3", V2),
        )],
    );
    assert_eq!(res.results[0].status, PushStatus::Rejected);
    assert_eq!(
        res.results[0].error.as_ref().unwrap().reason,
        "forbidden_area"
    );
    // ...and so is taking over B's household by sending it with A's village.
    let res = push(
        s,
        &li,
        vec![change(
            "c4",
            None,
            "2026-11-28T09:00:00Z",
            &household("h2", V1),
        )],
    );
    assert_eq!(res.results[0].status, PushStatus::Rejected);
    assert_eq!(
        res.results[0].error.as_ref().unwrap().reason,
        "forbidden_area"
    );
    // Nothing of B's changed.
    let h2 = s
        .get_as("/api/v1/households/h2/history", Some(&wang))
        .json();
    assert_eq!(h2["versions"].as_array().unwrap().len(), 1);
    assert_eq!(h2["versions"][0]["household"]["area"]["code"], V2);
    assert_eq!(pull_all(s, &wang), ["h2"]);
    // Conflicts are scoped too.
    assert_eq!(
        s.get_as("/api/v1/conflicts", Some(&li)).json()["conflicts"],
        json!([])
    );
}

fn reviewers_see_only_their_township(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    s.user("wang", Role::Worker, &[V2]);
    s.user("far", Role::Worker, &["532328101203"]);
    s.user("office", Role::Reviewer, &[TOWNSHIP]);
    s.user("other-office", Role::Reviewer, &[OTHER_TOWNSHIP]);
    s.user("county", Role::Admin, &["532328"]);
    let at = "2026-11-28T09:00:00Z";
    push(
        s,
        &s.login("li", "a"),
        vec![change("c1", None, at, &household("h1", V1))],
    );
    push(
        s,
        &s.login("wang", "b"),
        vec![change("c2", None, at, &household("h2", V2))],
    );
    push(
        s,
        &s.login("far", "c"),
        vec![change("c3", None, at, &household("h3", "532328101203"))],
    );
    let mut office = pull_all(s, &s.login("office", "d"));
    office.sort();
    assert_eq!(office, ["h1", "h2"]);
    assert_eq!(pull_all(s, &s.login("other-office", "e")), ["h3"]);
    let mut county = pull_all(s, &s.login("county", "f"));
    county.sort();
    assert_eq!(county, ["h1", "h2", "h3"]);
    let office = s.login("office", "g");
    assert_eq!(
        s.get_as("/api/v1/households/h3/history", Some(&office))
            .status,
        404
    );
}

fn pull_pages_through_everything_once(s: &TestServer) {
    s.user("li", Role::Worker, &[V1, V2]);
    let token = s.login("li", "a");
    let changes: Vec<Change> = (0..25)
        .map(|i| {
            change(
                &format!("c{i}"),
                None,
                "2026-11-28T09:00:00Z",
                &household(&format!("h{i:02}"), if i % 2 == 0 { V1 } else { V2 }),
            )
        })
        .collect();
    push(s, &token, changes);
    let mut pages = 0;
    let (mut cursor, mut seen) = (0, Vec::new());
    loop {
        let page = pull(s, &token, cursor, 10);
        pages += 1;
        assert!(page.households.len() <= 10);
        seen.extend(page.households.iter().map(|h| h.household.id.0.clone()));
        cursor = page.cursor.0;
        if !page.more {
            break;
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..25).map(|i| format!("h{i:02}")).collect();
    assert_eq!(seen, expected);
}

fn bad_requests_get_clear_errors(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    let token = s.login("li", "a");
    let no_token = s.post("/api/v1/sync/push", None, &json!({}));
    assert_eq!(no_token.status, 401);
    assert_eq!(reason(&no_token), "unauthorized");

    let malformed = s.post_bytes(
        "/api/v1/sync/push",
        Some(&token),
        b"{\"protocol\": 1,",
        None,
    );
    assert_eq!(malformed.status, 400);
    assert_eq!(reason(&malformed), "bad_request");

    let negative = {
        let mut v: Value = serde_json::to_value(household("h1", V1)).unwrap();
        v["income"]["wages"] = json!("-5");
        json!({"protocol": 1, "device_id": "a", "changes": [
            {"change_id": "c1", "base_revision": null, "edited_at": "2026-11-28T09:00:00Z", "household": v}]})
    };
    // A negative income is the domain's validation error: that change is refused, with the
    // domain's message in both languages naming the field.
    let reply = s.post("/api/v1/sync/push", Some(&token), &negative);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let res: PushResponse = reply.parse();
    assert_eq!(res.results[0].status, PushStatus::Rejected);
    let error = res.results[0].error.as_ref().unwrap();
    assert_eq!(error.reason, "invalid_record");
    assert!(
        error.message.zh.contains("工资性收入不能为负数"),
        "{}",
        error.message.zh
    );
    assert!(
        error.message.en.contains("Wage income"),
        "{}",
        error.message.en
    );

    let old = s.post(
        "/api/v1/sync/pull",
        Some(&token),
        &json!({"protocol": 99, "device_id": "a", "cursor": 0, "limit": 5}),
    );
    assert_eq!(old.status, 400);
    assert_eq!(reason(&old), "unsupported_protocol");

    // Over the byte limit (64 KiB here): 413 with a message, and nothing stored.
    let big: Vec<Change> = (0..40)
        .map(|i| {
            change(
                &format!("b{i}"),
                None,
                "2026-11-28T09:00:00Z",
                &household(&format!("b{i}"), V1),
            )
        })
        .collect();
    let too_big = s.post(
        "/api/v1/sync/push",
        Some(&token),
        &PushRequest {
            protocol: 1,
            device_id: DeviceId("a".into()),
            changes: big,
        },
    );
    assert_eq!(too_big.status, 413, "{}", too_big.body);
    assert_eq!(reason(&too_big), "too_large");
    // Over the change-count limit (50 here).
    let many: Vec<Change> = (0..51)
        .map(|i| {
            let mut h = household(&format!("m{i}"), V1);
            h.members.truncate(1);
            change(&format!("m{i}"), None, "2026-11-28T09:00:00Z", &h)
        })
        .collect();
    let too_many = s.post(
        "/api/v1/sync/push",
        Some(&token),
        &PushRequest {
            protocol: 1,
            device_id: DeviceId("a".into()),
            changes: many,
        },
    );
    assert_eq!(too_many.status, 413, "{}", too_many.body);
    assert_eq!(reason(&too_many), "too_large");
    assert!(pull_all(s, &token).is_empty());

    // A bad area code or edit time rejects that change only.
    let mut bad_area = household("x1", V1);
    bad_area.area.code = "5323".into();
    let res = push(
        s,
        &token,
        vec![
            change("x1", None, "2026-11-28T09:00:00Z", &bad_area),
            change("x2", None, "yesterday", &household("x2", V1)),
            change("x3", None, "2026-11-28T09:00:00Z", &household("x3", V1)),
        ],
    );
    let reasons: Vec<_> = res
        .results
        .iter()
        .map(|r| r.error.as_ref().map(|e| e.reason.as_str()))
        .collect();
    assert_eq!(reasons, [Some("invalid_record"), Some("bad_request"), None]);
    assert_eq!(pull_all(s, &token), ["x3"]);
}

fn gzip_bodies_both_ways(s: &TestServer) {
    use std::io::Write;
    s.user("li", Role::Worker, &[V1]);
    let token = s.login("li", "a");
    let req = PushRequest {
        protocol: 1,
        device_id: DeviceId("a".into()),
        changes: (0..30)
            .map(|i| {
                change(
                    &format!("c{i}"),
                    None,
                    "2026-11-28T09:00:00Z",
                    &household(&format!("h{i}"), V1),
                )
            })
            .collect(),
    };
    let plain = serde_json::to_vec(&req).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    assert!(
        gz.len() * 5 < plain.len(),
        "{} vs {}",
        gz.len(),
        plain.len()
    );
    let reply = s.post_bytes("/api/v1/sync/push", Some(&token), &gz, Some("gzip"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.parse::<PushResponse>().results.len(), 30);
    let pulled = s.post(
        "/api/v1/sync/pull",
        Some(&token),
        &PullRequest {
            protocol: 1,
            device_id: DeviceId("a".into()),
            cursor: Revision(0),
            limit: 100,
        },
    );
    assert_eq!(pulled.content_encoding, "gzip");
    assert_eq!(pulled.parse::<PullResponse>().households.len(), 30);
}

fn parallel_pushes_lose_nothing(s: &TestServer) {
    s.user("li", Role::Worker, &[V1]);
    let tokens: Vec<String> = (0..8)
        .map(|d| s.login("li", &format!("phone-{d}")))
        .collect();
    std::thread::scope(|scope| {
        for (d, token) in tokens.iter().enumerate() {
            scope.spawn(move || {
                for batch in 0..5 {
                    let changes = (0..10)
                        .map(|i| {
                            let id = format!("d{d}-b{batch}-h{i}");
                            change(&id, None, "2026-11-28T09:00:00Z", &household(&id, V1))
                        })
                        .collect();
                    let res = push(s, token, changes);
                    assert!(res.results.iter().all(|r| r.status == PushStatus::Stored));
                }
            });
        }
    });
    let mut ids = pull_all(s, &tokens[0]);
    assert_eq!(ids.len(), 400);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 400, "no household twice");
}

fn revoked_devices_are_signed_out(s: &TestServer) {
    use shouwang_server::store::Storage;
    s.user("li", Role::Worker, &[V1]);
    let (a, b) = (s.login("li", "phone-a"), s.login("li", "phone-b"));
    assert_eq!(
        s.block_on(s.store.revoke_devices("li", Some("phone-a")))
            .unwrap(),
        1
    );
    assert_eq!(s.get_as("/api/v1/me", Some(&a)).status, 401);
    assert_eq!(s.get_as("/api/v1/me", Some(&b)).status, 200);
    let devices = s.block_on(s.store.devices(Some("li"))).unwrap();
    assert_eq!(devices.len(), 2);
    assert!(devices
        .iter()
        .any(|d| d.device_id == "phone-a" && d.revoked_at.is_some()));
}

/// Decisions, the exit procedure and the exit mark change through the office's calls only: a
/// worker's push that makes them up or changes them is refused, one that leaves them as it found
/// them is stored, and a stale edit merges without losing the office's decision.
fn field_edits_cannot_change_the_offices_decisions(s: &TestServer) {
    use shouwang_domain::classify::ProcedureStep;
    use shouwang_domain::model::{Decision, Exit, ExitMode};
    use shouwang_server::store::Storage;

    s.user("li", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let (li, rev) = (s.login("li", "phone"), s.login("rev", "office"));
    let at = "2026-11-28T09:00:00Z";
    let refused = |r: &PushResult| {
        assert_eq!(r.status, PushStatus::Rejected, "{r:?}");
        let e = r.error.as_ref().unwrap();
        assert!(!e.message.zh.is_empty() && !e.message.en.is_empty());
        e.reason.clone()
    };

    // A new household arriving already eliminated, or with a decision, is refused.
    let mut eliminated = household("h-exit", V1);
    eliminated.monitoring.exit = Some(Exit {
        mode: ExitMode::Natural,
        date: "2026-11-01".parse().unwrap(),
    });
    let mut decided = household("h-decided", V1);
    let decision = Decision {
        step: ProcedureStep::VillageReview,
        date: "2026-11-20".parse().unwrap(),
        by: "rev".into(),
        approved: true,
        comment: String::new(),
    };
    decided
        .monitoring
        .procedure
        .decisions
        .push(decision.clone());
    let out = push(
        s,
        &li,
        vec![
            change("e1", None, at, &eliminated),
            change("e2", None, at, &decided),
        ],
    );
    assert_eq!(refused(&out.results[0]), "office_only");
    assert_eq!(refused(&out.results[1]), "office_only");

    // Nor may a reviewer's device push one: decisions go through the office's calls.
    let plain = household("h1", V1);
    let r1 = push(s, &li, vec![change("p1", None, at, &plain)]).results[0]
        .revision
        .unwrap();
    let mut with_decision = plain.clone();
    with_decision
        .monitoring
        .procedure
        .decisions
        .push(decision.clone());
    let out = push(s, &rev, vec![change("o0", Some(r1.0), at, &with_decision)]);
    assert_eq!(refused(&out.results[0]), "office_only");

    // The office's own call may.
    let office = s
        .block_on(s.store.session(&shouwang_server::auth::token_hash(&rev)))
        .unwrap()
        .unwrap();
    let r2 = s.store_changes(
        &office,
        shouwang_domain::sync::Via::Office,
        vec![change("o1", Some(r1.0), at, &with_decision)],
    )[0]
    .revision
    .unwrap();

    // The worker edits the version with the decision and leaves the decision alone: stored.
    let mut edited = with_decision.clone();
    edited.phone = "13900000001".into();
    let stored = &push(
        s,
        &li,
        vec![change("p2", Some(r2.0), "2026-11-28T10:00:00Z", &edited)],
    )
    .results[0];
    assert_eq!(stored.status, PushStatus::Stored, "{stored:?}");
    let r3 = stored.revision.unwrap();

    // Dropping the decision, or marking the exit, from the phone: refused, nothing stored.
    let mut dropped = edited.clone();
    dropped.monitoring.procedure.decisions.clear();
    let mut marked = edited.clone();
    marked.monitoring.exit = Some(Exit {
        mode: ExitMode::AfterAssistance,
        date: "2026-11-28".parse().unwrap(),
    });
    let out = push(
        s,
        &li,
        vec![
            change("p3", Some(r3.0), at, &dropped),
            change("p4", Some(r3.0), at, &marked),
        ],
    );
    assert_eq!(refused(&out.results[0]), "office_only");
    assert_eq!(refused(&out.results[1]), "office_only");

    // An edit made before the decision reached the phone (base r1, no decision) is a field
    // edit of its own: stored, merged, and the decision stays.
    let mut stale = plain.clone();
    stale.address = "小雷宰村二组".into();
    let merged = &push(
        s,
        &li,
        vec![change("p5", Some(r1.0), "2026-11-28T11:00:00Z", &stale)],
    )
    .results[0];
    assert_ne!(merged.status, PushStatus::Rejected, "{merged:?}");
    let page = pull(s, &li, r3.0, 10);
    let now = &page.households.last().unwrap().household;
    assert_eq!(now.address, "小雷宰村二组");
    assert_eq!(now.phone, "13900000001");
    assert_eq!(now.monitoring.procedure.decisions, vec![decision]);
    assert_eq!(now.monitoring.exit, None);
}
