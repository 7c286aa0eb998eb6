//! Voids, restores and double registrations over real HTTP (#13), each scenario on SQLite and on
//! PostgreSQL: a worker voids a household and it leaves the queue, the dashboard and the exports;
//! no worker push clears it; only the office restores it (404 across townships, 403 for a worker,
//! 409 stale, 422 not voided); a push that registers an ID number already in another household of
//! the caller's areas is stored with a warning (none across areas, none in the JSON when there is
//! nothing to say, the same on a resend); the office lists the ID numbers in two households; and
//! households stored before the people index existed are indexed at start.

use serde_json::{json, Value};
use shouwang_domain::model::{Member, Relation, Void};
use shouwang_domain::office::dashboard::Dashboard;
use shouwang_domain::office::wire::{Duplicates, Queue, Stored};
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::demo;
use shouwang_server::store::SqlStore;

use crate::both::on_both;
use crate::support::{Reply, TestServer};

const V1: &str = demo::VILLAGES[0].0;
const V2: &str = demo::VILLAGES[1].0;
const TOWNSHIP: &str = demo::TOWNSHIP;
const OTHER_TOWNSHIP: &str = "532328101";

on_both!(
    a_worker_voids_a_household_and_only_the_office_restores_it,
    a_push_warns_of_an_id_number_already_in_another_household_of_the_area,
    the_office_lists_the_id_numbers_in_two_households_of_its_area,
    households_stored_before_the_people_index_are_indexed_at_start,
);

/// Worker `w1` (village 1), worker `w2` (village 2), reviewer `rev` (the township), reviewer
/// `far` (another township): their tokens.
fn people(s: &TestServer) -> [String; 4] {
    s.user("w1", Role::Worker, &[V1]);
    s.user("w2", Role::Worker, &[V2]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    s.user("far", Role::Reviewer, &[OTHER_TOWNSHIP]);
    [
        s.login("w1", "phone1"),
        s.login("w2", "phone2"),
        s.login("rev", "office"),
        s.login("far", "office2"),
    ]
}

/// Demo household `n` (0-based; even ones are in village 1, odd ones in village 2) as a worker
/// registers it: its lead kept, nothing of the office's part (a worker cannot make that up).
fn demo_household(n: usize) -> Household {
    let mut h = demo::households().remove(n);
    let lead = (
        h.monitoring.procedure.channel,
        h.monitoring.procedure.lead_found,
    );
    h.monitoring = Default::default();
    (
        h.monitoring.procedure.channel,
        h.monitoring.procedure.lead_found,
    ) = lead;
    h
}

fn push(s: &TestServer, token: &str, change: &str, base: Option<u64>, h: &Household) -> PushResult {
    let reply = raw_push(s, token, change, base, h);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mut answer: PushResponse = reply.parse();
    answer.results.remove(0)
}

fn raw_push(s: &TestServer, token: &str, change: &str, base: Option<u64>, h: &Household) -> Reply {
    s.post(
        "/api/v1/sync/push",
        Some(token),
        &PushRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("phone".into()),
            changes: vec![Change {
                change_id: ChangeId(change.into()),
                base_revision: base.map(Revision),
                edited_at: chrono::Utc::now().to_rfc3339(),
                household: h.clone(),
            }],
        },
    )
}

fn stored_rev(r: &PushResult) -> u64 {
    assert!(r.error.is_none(), "{:?}", r.error);
    r.revision.unwrap().0
}

fn reason(reply: &Reply) -> String {
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

/// What the office sees of household `id`: in the queue, in the dashboard's count, in the export.
fn seen_by_office(s: &TestServer, rev: &str, h: &Household) -> (bool, u32, bool) {
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(rev)).parse();
    let dashboard: Dashboard = s.get_as("/api/v1/office/dashboard", Some(rev)).parse();
    let csv = s.get_as("/api/v1/office/export.csv", Some(rev));
    assert_eq!(csv.status, 200);
    (
        queue
            .items
            .iter()
            .any(|i| i.household.household_id == h.id.0),
        dashboard.total.households,
        csv.body.contains(&h.household_number),
    )
}

fn restore(s: &TestServer, token: &str, id: &str, base: u64) -> Reply {
    s.post(
        &format!("/api/v1/office/households/{id}/restore"),
        Some(token),
        &json!({"base_revision": base}),
    )
}

fn a_worker_voids_a_household_and_only_the_office_restores_it(s: &TestServer) {
    let [w1, _, rev, far] = people(s);
    // Sample 01 with a lead: on the queue once its home check is done.
    let mut h = demo_household(0);
    h.monitoring.procedure.home_check = h.monitoring.procedure.lead_found;
    let v1 = stored_rev(&push(s, &w1, "c1", None, &h));
    let other = demo_household(2);
    stored_rev(&push(s, &w1, "c-other", None, &other));
    assert_eq!(seen_by_office(s, &rev, &h), (true, 2, true));

    let mut voided = h.clone();
    voided.monitoring.voided = Some(Void {
        date: chrono::Utc::now().date_naive(),
        by: "w1".into(),
        reason: "与另一户重复登记".into(),
    });
    let v2 = stored_rev(&push(s, &w1, "c2", Some(v1), &voided));
    assert_eq!(
        seen_by_office(s, &rev, &h),
        (false, 1, false),
        "a voided household counts nowhere"
    );

    // A worker who saw the void cannot clear it; one who had not seen it edits the household
    // and the void stays.
    let r = push(s, &w1, "undo-seen", Some(v2), &h);
    assert_eq!(r.status, PushStatus::Rejected, "{r:?}");
    let e = r.error.unwrap();
    assert_eq!(e.reason, "office_only");
    assert!(
        e.message.zh.contains("作废") && !e.message.zh.contains("monitoring"),
        "{}",
        e.message.zh
    );
    let mut current = v2;
    for (i, base) in [Some(v1), None].into_iter().enumerate() {
        let r = push(s, &w1, &format!("unseen-{i}"), base, &h);
        assert_ne!(r.status, PushStatus::Rejected, "base {base:?}: {r:?}");
        current = r.revision.unwrap().0;
        assert_eq!(
            seen_by_office(s, &rev, &h),
            (false, 1, false),
            "base {base:?}: still voided"
        );
    }
    // Only the township's office restores it, from the version it holds.
    let path_id = h.id.0.as_str();
    let as_far = restore(s, &far, path_id, current);
    assert_eq!(
        (as_far.status, reason(&as_far).as_str()),
        (404, "not_found")
    );
    let as_worker = restore(s, &w1, path_id, current);
    assert_eq!(
        (as_worker.status, reason(&as_worker).as_str()),
        (403, "forbidden_role")
    );
    let stale = restore(s, &rev, path_id, v2);
    assert_eq!((stale.status, reason(&stale).as_str()), (409, "stale"));
    let ok = restore(s, &rev, path_id, current);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let stored: Stored = ok.parse();
    assert_eq!(stored.household.monitoring.voided, None);
    assert_eq!(stored.household, h, "back as it was");
    assert_eq!(seen_by_office(s, &rev, &h), (true, 2, true));
    let again = restore(s, &rev, path_id, stored.revision.0);
    assert_eq!((again.status, reason(&again).as_str()), (422, "not_voided"));
    // The worker's phone pulls it back, and the void stays in the history.
    let page: PullResponse = s
        .post(
            "/api/v1/sync/pull",
            Some(&w1),
            &PullRequest {
                protocol: PROTOCOL_VERSION,
                device_id: DeviceId("phone1".into()),
                cursor: Revision(current),
                limit: 10,
            },
        )
        .parse();
    assert_eq!(page.households.len(), 1);
    assert_eq!(page.households[0].household.monitoring.voided, None);
    let history = s
        .get_as(&format!("/api/v1/households/{path_id}/history"), Some(&w1))
        .json();
    let reasons: Vec<Value> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["household"]["monitoring"]["voided"]["reason"].clone())
        .collect();
    assert!(reasons.contains(&json!("与另一户重复登记")), "{reasons:?}");
}

/// A new household `id` (demo household `n`'s record) whose only member, its head, is `person`
/// (registered again: a double registration).
fn registering(n: usize, id: &str, person: &Member) -> Household {
    let mut h = demo_household(n);
    h.id.0 = id.into();
    h.household_number = format!("{id}-no");
    let mut head = person.clone();
    head.relation = Relation::Head;
    h.members = vec![head];
    h
}

fn a_push_warns_of_an_id_number_already_in_another_household_of_the_area(s: &TestServer) {
    let [w1, w2, rev, _] = people(s);
    let first = demo_household(0);
    stored_rev(&push(s, &w1, "c1", None, &first));
    let person = first.members[0].clone();
    let head = person.name.clone();

    // A household with nobody registered elsewhere: the answer is protocol 1's, no warnings key.
    let raw = raw_push(s, &w1, "c2", None, &demo_household(2));
    let v = raw.json();
    assert!(v["results"][0].get("warnings").is_none(), "{v}");

    // The same person registered again in village 1: stored, with the warning on the member.
    let twin = registering(4, "h-twin", &person);
    let r = push(s, &w1, "c3", None, &twin);
    assert_eq!(r.status, PushStatus::Stored);
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    let w = &r.warnings[0];
    assert_eq!(
        (w.field.as_str(), w.code.as_str()),
        ("members[0].id_number", "id_number.duplicate_across")
    );
    assert!(
        w.message.zh.contains(&head) && w.message.zh.contains("小雷宰村"),
        "{}",
        w.message.zh
    );
    // A resend is answered as stored, with the same warning.
    let again = push(s, &w1, "c3", None, &twin);
    assert_eq!(
        (again.status, again.warnings.clone()),
        (PushStatus::AlreadyStored, r.warnings.clone())
    );

    // A worker of village 2 is not told of village 1's households.
    let elsewhere = registering(1, "h-v2", &person);
    let r = push(s, &w2, "c4", None, &elsewhere);
    assert_eq!(
        (r.status, r.warnings.len()),
        (PushStatus::Stored, 0),
        "{r:?}"
    );
    // The township's office is told (it sees both villages).
    let r = push(s, &rev, "c5", None, &registering(6, "h-third", &person));
    assert_eq!(r.warnings.len(), 1, "{r:?}");

    // Voided, a household warns of nothing and is warned about by nobody.
    let lone = demo_household(8);
    let lone_person = lone.members[0].clone();
    let v = stored_rev(&push(s, &w1, "c6", None, &lone));
    let mut voided = lone.clone();
    voided.monitoring.voided = Some(Void {
        date: chrono::Utc::now().date_naive(),
        by: "w1".into(),
        reason: "重复登记".into(),
    });
    let r = push(s, &w1, "c7", Some(v), &voided);
    assert_eq!(
        (r.status, r.warnings.len()),
        (PushStatus::Stored, 0),
        "{r:?}"
    );
    let r = push(
        s,
        &w1,
        "c8",
        None,
        &registering(10, "h-after", &lone_person),
    );
    assert_eq!(
        (r.status, r.warnings.len()),
        (PushStatus::Stored, 0),
        "{r:?}"
    );
}

fn the_office_lists_the_id_numbers_in_two_households_of_its_area(s: &TestServer) {
    let [w1, w2, rev, far] = people(s);
    let first = demo_household(0);
    stored_rev(&push(s, &w1, "c1", None, &first));
    let person = first.members[0].clone();
    stored_rev(&push(s, &w2, "c2", None, &registering(1, "h-v2", &person)));
    stored_rev(&push(s, &w1, "c3", None, &demo_household(2)));

    let list: Duplicates = s.get_as("/api/v1/office/duplicates", Some(&rev)).parse();
    assert_eq!(list.items.len(), 1, "{list:?}");
    assert_eq!(list.items[0].id_number, person.id_number);
    let holders: Vec<(&str, &str)> = list.items[0]
        .holders
        .iter()
        .map(|h| {
            (
                h.household.household_id.as_str(),
                h.household.village_code.as_str(),
            )
        })
        .collect();
    assert_eq!(holders, [(first.id.0.as_str(), V1), ("h-v2", V2)]);
    // Another township sees none of it; a worker is refused.
    let other: Duplicates = s.get_as("/api/v1/office/duplicates", Some(&far)).parse();
    assert!(other.items.is_empty());
    let worker = s.get_as("/api/v1/office/duplicates", Some(&w1));
    assert_eq!(
        (worker.status, reason(&worker).as_str()),
        (403, "forbidden_role")
    );
}

fn households_stored_before_the_people_index_are_indexed_at_start(s: &TestServer) {
    let [w1, _, _, _] = people(s);
    let first = demo_household(0);
    stored_rev(&push(s, &w1, "c1", None, &first));
    // As a database from before the index: its rows are gone.
    s.block_on(sqlx::query("DELETE FROM person_keys").execute(s.store.pool()))
        .expect("delete");
    let person = first.members[0].clone();
    let twin = registering(4, "h-twin", &person);
    assert!(
        push(s, &w1, "c2", None, &twin).warnings.is_empty(),
        "not indexed yet"
    );
    // The server starts again on the same database.
    s.block_on(SqlStore::open(&s.url)).expect("reopen");
    let mut later = registering(6, "h-third", &person);
    later.members[0].name = "第三户".into();
    let r = push(s, &w1, "c3", None, &later);
    assert_eq!(r.warnings.len(), 1, "{r:?}");
}
