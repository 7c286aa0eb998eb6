//! Enrolment by QR code (issue 12, item 3), over HTTP on SQLite and PostgreSQL: the office
//! prints codes for the workers of its areas only; a code signs one phone in, once, within a
//! day; the worker then sets their own password, once, and is signed out everywhere else.
use serde_json::{json, Value};
use shouwang_domain::sync::wire::Role;
use shouwang_server::store::Storage;

use crate::http_support::{Reply, TestServer, PASSWORD};

const VILLAGE: &str = "532328100201";
const TOWNSHIP: &str = "532328100";
const OTHER_TOWNSHIP: &str = "532328101";

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use shouwang_server::Limits;
            use crate::http_support::{Db, TestServer};
            #[test]
            fn sqlite() {
                super::$name(&TestServer::on(Db::Sqlite, Limits::default()).unwrap());
            }
            #[test]
            fn postgres() {
                if let Some(server) = TestServer::on(Db::Postgres, Limits::default()) {
                    super::$name(&server);
                }
            }
        }
    )*};
}

on_both!(
    a_code_signs_one_phone_in_once,
    the_worker_sets_their_own_password_once_and_other_phones_are_signed_out,
    an_expired_or_replaced_code_is_refused,
    only_the_office_of_the_workers_areas_prints_codes,
);

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
    v["reason"].as_str().unwrap_or_default().to_owned()
}

fn setup(s: &TestServer) -> String {
    s.user("reviewer", Role::Reviewer, &[TOWNSHIP]);
    s.user("li", Role::Worker, &[VILLAGE]);
    s.login("reviewer", "office-pc")
}

/// The sheet for `usernames`, printed by the office signed in with `token`.
fn sheet(s: &TestServer, token: &str, usernames: &[&str]) -> Reply {
    s.post(
        "/api/v1/enrol/codes",
        Some(token),
        &json!({ "usernames": usernames }),
    )
}

fn code_of(sheet: &Value, username: &str) -> String {
    sheet["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["username"] == username)
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn redeem(s: &TestServer, code: &str, device: &str) -> Reply {
    s.post(
        "/api/v1/enrol",
        None,
        &json!({"code": code, "device_id": device, "device_name": "phone"}),
    )
}

fn a_code_signs_one_phone_in_once(s: &TestServer) {
    let office = setup(s);
    let printed = sheet(s, &office, &["li"]);
    assert_eq!(printed.status, 200, "{}", printed.body);
    let v = printed.json();
    let entry = &v["codes"][0];
    let code = code_of(&v, "li");
    assert_eq!(code.len(), 14, "three groups of four: {code}");
    assert_eq!(entry["url"], format!("{}/#/enrol?code={code}", s.base()));
    assert!(entry["qr_svg"].as_str().unwrap().contains("<svg"));
    assert_eq!(v["app_url"], s.base());

    let first = redeem(s, &code.to_uppercase().replace('-', " "), "phone-1");
    assert_eq!(first.status, 200, "{}", first.body);
    let token = first.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(first.json()["account"]["username"], "li");
    assert_eq!(s.get_as("/api/v1/me", Some(&token)).status, 200);

    let again = redeem(s, &code, "phone-2");
    assert_eq!(again.status, 410);
    assert_eq!(reason(&again), "enrol_code_used");
    let devices = s.block_on(s.store.devices(Some("li"))).unwrap();
    assert_eq!(devices.len(), 1, "one sign-in: {devices:?}");
    assert_eq!(devices[0].device_id, "phone-1");

    let unknown = redeem(s, "aaaa-bbbb-cccc", "phone-3");
    assert_eq!(unknown.status, 404);
    assert_eq!(reason(&unknown), "enrol_code_unknown");
}

fn the_worker_sets_their_own_password_once_and_other_phones_are_signed_out(s: &TestServer) {
    let office = setup(s);
    let old_phone = s.login("li", "old-phone");
    let code = code_of(&sheet(s, &office, &["li"]).json(), "li");
    let token = redeem(s, &code, "new-phone").json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let weak = s.post(
        "/api/v1/enrol/password",
        Some(&token),
        &json!({"new_password": "short"}),
    );
    assert_eq!(reason(&weak), "weak_password");
    let set = s.post(
        "/api/v1/enrol/password",
        Some(&token),
        &json!({"new_password": "li-own-password"}),
    );
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["must_change_password"], false);
    let twice = s.post(
        "/api/v1/enrol/password",
        Some(&token),
        &json!({"new_password": "another-password"}),
    );
    assert_eq!(twice.status, 403);
    assert_eq!(reason(&twice), "enrol_password_not_allowed");
    // A login's token cannot set a password without the old one.
    let login = s.post(
        "/api/v1/enrol/password",
        Some(&office),
        &json!({"new_password": "taken-over!"}),
    );
    assert_eq!(reason(&login), "enrol_password_not_allowed");

    assert_eq!(
        s.get_as("/api/v1/me", Some(&token)).status,
        200,
        "this phone stays signed in"
    );
    assert_eq!(
        s.get_as("/api/v1/me", Some(&old_phone)).status,
        401,
        "the old phone is out"
    );
    let old = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "li", "password": PASSWORD, "device_id": "x"}),
    );
    assert_eq!(old.status, 401, "the old password no longer works");
    let new = s.post(
        "/api/v1/auth/login",
        None,
        &json!({"username": "li", "password": "li-own-password", "device_id": "x"}),
    );
    assert_eq!(new.status, 200, "{}", new.body);
}

fn an_expired_or_replaced_code_is_refused(s: &TestServer) {
    let office = setup(s);
    let v = sheet(s, &office, &["li"]).json();
    let expires: chrono::DateTime<chrono::Utc> = v["expires_at"].as_str().unwrap().parse().unwrap();
    let left = expires - chrono::Utc::now();
    assert!(
        left > chrono::Duration::hours(23) && left <= chrono::Duration::hours(24),
        "a code lasts a day: {left}"
    );
    let code = code_of(&v, "li");
    // A day later (the stored expiry passed).
    s.block_on(
        sqlx::query("UPDATE enrolments SET expires_at = '2000-01-01T00:00:00.000Z'")
            .execute(s.store.pool()),
    )
    .unwrap();
    let late = redeem(s, &code, "phone");
    assert_eq!(late.status, 410);
    assert_eq!(reason(&late), "enrol_code_expired");

    // A reprinted sheet replaces the earlier codes.
    let first = code_of(&sheet(s, &office, &["li"]).json(), "li");
    let second = code_of(&sheet(s, &office, &["li"]).json(), "li");
    assert_ne!(first, second);
    assert_eq!(reason(&redeem(s, &first, "phone")), "enrol_code_unknown");
    assert_eq!(redeem(s, &second, "phone").status, 200);
}

fn only_the_office_of_the_workers_areas_prints_codes(s: &TestServer) {
    let office = setup(s);
    s.user("wang", Role::Worker, &["532328101201"]);
    s.user("other-reviewer", Role::Reviewer, &[OTHER_TOWNSHIP]);
    let workers = s.get_as("/api/v1/enrol/workers", Some(&office));
    assert_eq!(workers.status, 200);
    let names: Vec<String> = workers
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["username"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["li"], "only the workers of the township");

    let foreign = sheet(s, &office, &["li", "wang"]);
    assert_eq!(foreign.status, 404);
    assert_eq!(reason(&foreign), "not_found");
    let other = s.login("other-reviewer", "pc");
    assert_eq!(sheet(s, &other, &["li"]).status, 404);
    let reviewer = sheet(s, &office, &["reviewer"]);
    assert_eq!(reviewer.status, 404, "only workers are enrolled by code");

    let worker = s.login("li", "phone");
    let refused = sheet(s, &worker, &["li"]);
    assert_eq!(refused.status, 403);
    assert_eq!(reason(&refused), "forbidden_role");
    assert_eq!(s.get_as("/api/v1/enrol/workers", None).status, 401);
    assert_eq!(reason(&sheet(s, &office, &[])), "bad_request");
}
