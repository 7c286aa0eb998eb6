//! Who may see and who may decide (#10), over real HTTP on SQLite and PostgreSQL:
//!
//! - a route walker: for every route and every role of one township, the ids and revisions of
//!   another county's household answer 404 (or the role's own refusal: 401 anonymous, 403 a
//!   worker at the office) and no answer — lists and exports included — holds a field of it;
//! - the procedure's steps by role: 乡镇审核 only by the township's reviewers, 县级审定 only by a
//!   county admin, each refusal a message in both languages and nothing stored.
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};
use serde_json::{json, Value};
use shouwang_domain::office::wire::{Queue, Stored};
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::{demo, AppState, Limits};

use crate::both::on_both;
use crate::support::{Reply, TestServer};

const V1: &str = demo::VILLAGES[0].0;
const TOWNSHIP: &str = demo::TOWNSHIP;
const COUNTY: &str = "532328";
/// A village of another county: its household is the one nobody here may see.
const FAR_VILLAGE: &str = "532329101201";
const SECRET_NAME: &str = "隐秘户主";
const SECRET_PHONE: &str = "13712345678";
const SECRET_ADDRESS: &str = "远方村九组 9 号";

on_both!(
    another_countys_household_answers_404_and_shows_nothing_on_any_route,
    each_step_is_decided_by_its_role,
    a_step_after_a_short_publicity_is_refused,
);

fn today() -> NaiveDate {
    AppState::new((), Limits::default()).today()
}

fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

fn change(change_id: &str, base: Option<u64>, h: &Household) -> Change {
    Change {
        change_id: ChangeId(change_id.into()),
        base_revision: base.map(Revision),
        edited_at: "2026-11-28T09:00:00Z".into(),
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

fn reason(reply: &Reply) -> String {
    let v = reply.json();
    for lang in ["zh", "en"] {
        assert!(
            v["message"][lang].as_str().is_some_and(|m| !m.is_empty()),
            "{v}"
        );
    }
    v["reason"].as_str().unwrap().to_owned()
}

/// The household of the other county, with fields that must never show here.
fn secret() -> Household {
    // The demo's 13th household: the first sample again, with ID numbers of its own.
    let mut h = demo::households().remove(12);
    h.id.0 = "far-household".into();
    h.area.code = FAR_VILLAGE.into();
    h.area.name = "远方县远方乡远方村".into();
    h.phone = SECRET_PHONE.into();
    h.address = SECRET_ADDRESS.into();
    let head = h
        .members
        .iter_mut()
        .find(|m| m.relation == shouwang_domain::model::Relation::Head)
        .unwrap();
    head.name = SECRET_NAME.into();
    h
}

fn secret_id_number() -> String {
    let h = secret();
    h.head().unwrap().id_number.clone()
}

/// No field of the secret household in `body`.
fn shows_nothing(what: &str, body: &str) {
    for needle in [
        SECRET_NAME.to_owned(),
        SECRET_PHONE.to_owned(),
        SECRET_ADDRESS.to_owned(),
        secret_id_number(),
        "far-household".to_owned(),
        FAR_VILLAGE.to_owned(),
    ] {
        assert!(!body.contains(&needle), "{what} shows {needle}: {body}");
    }
}

fn xlsx_text(s: &TestServer, token: &str) -> String {
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build(),
    );
    let mut resp = agent
        .get(format!("{}/api/v1/office/export.xlsx", s.base()))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    if resp.status() != 200 {
        return resp.body_mut().read_to_string().unwrap();
    }
    let bytes = resp.body_mut().read_to_vec().unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                if let Data::String(v) = cell {
                    text.push_str(v);
                    text.push('\t');
                }
            }
        }
    }
    text
}

fn another_countys_household_answers_404_and_shows_nothing_on_any_route(s: &TestServer) {
    s.user("w1", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    s.user("county", Role::Admin, &[COUNTY]);
    s.user("far-w", Role::Worker, &[FAR_VILLAGE]);
    let far = s.login("far-w", "far-phone");
    let far_rev = push(s, &far, vec![change("far-1", None, &secret())]).results[0]
        .revision
        .unwrap()
        .0;
    let mut own = demo::households().remove(0);
    own.area.code = V1.into();
    let worker = s.login("w1", "phone");
    let own_rev = push(s, &worker, vec![change("own-1", None, &own)]).results[0]
        .revision
        .unwrap()
        .0;

    let id = "far-household";
    let callers = [
        ("anonymous", None),
        ("worker", Some(worker.clone())),
        ("reviewer", Some(s.login("rev", "office"))),
        ("county admin", Some(s.login("county", "county-office"))),
    ];
    let decision = json!({"procedure": "identification", "step": "village_review",
        "approve": true, "comment": "x", "base_revision": far_rev});
    for (role, token) in &callers {
        let token = token.as_deref();
        let expect = |route: &str, reply: &Reply, office: bool| {
            let allowed = match (token, office, *role) {
                (None, _, _) => (401, "unauthorized"),
                (Some(_), true, "worker") => (403, "forbidden_role"),
                _ => (404, "not_found"),
            };
            assert_eq!(
                (reply.status, reason(reply).as_str()),
                allowed,
                "{role} {route}: {}",
                reply.body
            );
            shows_nothing(&format!("{role} {route}"), &reply.body);
        };
        let gets = [
            (format!("/api/v1/households/{id}/history"), false),
            (format!("/api/v1/office/audit?household={id}"), true),
            (format!("/api/v1/office/audit?village={FAR_VILLAGE}"), true),
            (
                format!("/api/v1/office/audit?village={}", &FAR_VILLAGE[..6]),
                true,
            ),
            (
                format!("/api/v1/office/publicity?village={FAR_VILLAGE}"),
                true,
            ),
        ];
        for (route, office) in &gets {
            expect(route, &s.get_as(route, token), *office);
        }
        let posts = [
            (
                format!("/api/v1/office/households/{id}/decision"),
                decision.clone(),
            ),
            (
                format!("/api/v1/office/households/{id}/exit"),
                json!({"mode": "natural", "base_revision": far_rev}),
            ),
            (
                format!("/api/v1/office/households/{id}/exit/withdraw"),
                json!({"reason": "x", "base_revision": far_rev}),
            ),
        ];
        for (route, body) in &posts {
            expect(route, &s.post(route, token, body), true);
        }
        let Some(token) = token else { continue };
        // Every list and export this caller may read holds nothing of it.
        for route in [
            "/api/v1/conflicts",
            "/api/v1/office/queue",
            "/api/v1/office/dashboard",
            "/api/v1/office/export.csv?sheet=households",
            "/api/v1/office/export.csv?sheet=members",
        ] {
            shows_nothing(
                &format!("{role} {route}"),
                &s.get_as(route, Some(token)).body,
            );
        }
        shows_nothing(&format!("{role} export.xlsx"), &xlsx_text(s, token));
        let pulled = s.post(
            "/api/v1/sync/pull",
            Some(token),
            &json!({"protocol": PROTOCOL_VERSION, "device_id": "d", "cursor": 0, "limit": 1000}),
        );
        assert_eq!(pulled.status, 200);
        shows_nothing(&format!("{role} pull"), &pulled.body);

        // A push naming the other county's revision as its base, or its household under a
        // village of ours: refused, with nothing of it in the answer, and nothing stored.
        let mut edited = own.clone();
        edited.address = format!("{role} 改的地址");
        let mut claimed = secret();
        claimed.area.code = V1.into();
        let out = push(
            s,
            token,
            vec![
                change(&format!("{role}-base"), Some(far_rev), &edited),
                change(&format!("{role}-claim"), Some(far_rev), &claimed),
                change(&format!("{role}-claim-nobase"), None, &claimed),
            ],
        );
        let reasons: Vec<&str> = out
            .results
            .iter()
            .map(|r| r.error.as_ref().map_or("", |e| e.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            ["unknown_base", "forbidden_area", "forbidden_area"],
            "{role}: {out:?}"
        );
        // (The answer names the household id the caller sent, and nothing else of it.)
        shows_nothing(
            &format!("{role} push answer"),
            &serde_json::to_string(&out)
                .unwrap()
                .replace("\"far-household\"", "\"\""),
        );
    }
    // The audit of our own household names only our own versions.
    let reviewer = s.login("rev", "office-2");
    let audit = s.get_as(
        &format!("/api/v1/office/audit?household={}", own.id.0),
        Some(&reviewer),
    );
    assert_eq!(audit.status, 200, "{}", audit.body);
    shows_nothing("the own household's audit", &audit.body);
    let versions: Value = audit.json();
    assert_eq!(
        versions["entries"].as_array().unwrap().len(),
        1,
        "only its creation"
    );
    // The other county's household is as its worker left it.
    let history = s.get_as(&format!("/api/v1/households/{id}/history"), Some(&far));
    assert_eq!(history.json()["versions"].as_array().unwrap().len(), 1);
    assert!(own_rev > 0);
}

/// A household of village 1 waiting for the village review (its consent signed), stored; its
/// revision.
fn waiting(s: &TestServer, worker: &str) -> (String, u64) {
    let mut h = crate::kit::signed_consent(demo::households().remove(0));
    h.area.code = V1.into();
    let p = &mut h.monitoring.procedure;
    p.lead_found = Some(days_ago(12));
    p.home_check = Some(days_ago(11));
    let r = push(s, worker, vec![change("w-1", None, &h)]).results[0]
        .revision
        .unwrap()
        .0;
    (h.id.0, r)
}

fn decide(s: &TestServer, token: &str, id: &str, body: Value) -> Reply {
    s.post(
        &format!("/api/v1/office/households/{id}/decision"),
        Some(token),
        &body,
    )
}

fn each_step_is_decided_by_its_role(s: &TestServer) {
    s.user("w1", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    s.user("county", Role::Admin, &[COUNTY]);
    let (worker, rev, county) = (
        s.login("w1", "phone"),
        s.login("rev", "office"),
        s.login("county", "county-office"),
    );
    let (id, mut base) = waiting(s, &worker);
    let step = |step: &str, on: Option<NaiveDate>, base: u64| {
        let mut b = json!({"step": step, "approve": true, "base_revision": base});
        if let Some(on) = on {
            b["on"] = json!(on);
        }
        b
    };
    for (name, on) in [("village_review", Some(days_ago(10))), ("publicity", None)] {
        let reply = decide(s, &rev, &id, step(name, on, base));
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        base = reply.parse::<Stored>().revision.0;
    }
    // 乡镇审核 is the township's: not the county admin's.
    let reply = decide(s, &county, &id, step("township_check", None, base));
    assert_eq!(
        (reply.status, reason(&reply).as_str()),
        (403, "not_your_step"),
        "{}",
        reply.body
    );
    let ok = decide(s, &rev, &id, step("township_check", None, base));
    assert_eq!(ok.status, 200, "{}", ok.body);
    base = ok.parse::<Stored>().revision.0;
    // 县级审定 is the county's: the township reviewer is refused, in words, and nothing changes.
    for approve in [true, false] {
        let mut body = step("county_approval", None, base);
        body["approve"] = json!(approve);
        body["comment"] = json!("乡镇想替县里决定");
        let reply = decide(s, &rev, &id, body);
        assert_eq!(
            (reply.status, reason(&reply).as_str()),
            (403, "not_your_step")
        );
        assert!(reply.json()["message"]["zh"]
            .as_str()
            .unwrap()
            .contains("县级管理员"));
    }
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&rev)).parse();
    let item = queue
        .items
        .iter()
        .find(|i| i.household.household_id == id)
        .unwrap();
    assert_eq!(item.revision.0, base, "the refusals stored nothing");
    // The county admin approves it: identified.
    let reply = decide(s, &county, &id, step("county_approval", None, base));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let stored: Stored = reply.parse();
    let m = &stored.household.monitoring;
    assert_eq!(m.procedure.county_approval, Some(today()));
    assert_eq!(m.identified_on, Some(today()));
    assert_eq!(m.procedure.decisions.last().unwrap().by, "county");
}

fn a_step_after_a_short_publicity_is_refused(s: &TestServer) {
    s.user("w1", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let (worker, rev) = (s.login("w1", "phone"), s.login("rev", "office"));
    let (id, base) = waiting(s, &worker);
    // The worker cannot close the 公示 from the phone…
    let mut h = s
        .block_on(shouwang_server::store::Storage::household(
            &s.store,
            &shouwang_server::store::Scope::new(vec![V1.into()]),
            &id,
        ))
        .unwrap()
        .unwrap()
        .1;
    let p = &mut h.monitoring.procedure;
    p.village_review = Some(days_ago(2));
    p.publicity_start = Some(days_ago(2));
    p.publicity_end = Some(days_ago(1));
    let out = push(s, &worker, vec![change("short", Some(base), &h)]);
    assert_eq!(
        out.results[0].error.as_ref().map(|e| e.reason.as_str()),
        Some("office_only")
    );
    // …and a 公示 recorded too short (a record from before the rule, loaded by the office) stops
    // the township's check, however the queue shows it.
    let loaded = s.store_changes(
        &s.block_on(shouwang_server::store::Storage::session(
            &s.store,
            &shouwang_server::auth::token_hash(&rev),
        ))
        .unwrap()
        .unwrap(),
        shouwang_domain::sync::Via::Office,
        vec![change("legacy", Some(base), &h)],
    );
    let base = loaded[0].revision.unwrap().0;
    let reply = decide(
        s,
        &rev,
        &id,
        json!({"step": "township_check", "approve": true, "base_revision": base}),
    );
    assert_eq!(
        (reply.status, reason(&reply).as_str()),
        (422, "publicity_too_short"),
        "{}",
        reply.body
    );
}
