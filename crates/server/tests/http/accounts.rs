//! Accounts under attack (issue 11): sign-ins throttled per account and per client address, the
//! lockout answered 429 with when to retry — the right password too — until it ends or is
//! unlocked; tokens that expire when unused and whose last use is recorded; a password change
//! that signs every other device out. Each on SQLite and PostgreSQL, on a fixed clock.
use std::sync::Arc;

use chrono::Duration;
use serde_json::json;
use shouwang_domain::sync::wire::*;
use shouwang_server::state::FixedClock;
use shouwang_server::store::Storage;

use crate::kit::{api_error, at, on_both, V1};
use crate::support::{Reply, TestServer, PASSWORD};

on_both!(
    wrong_passwords_get_growing_blocks_then_a_lockout_the_right_one_cannot_pass,
    an_unlock_ends_the_lockout,
    a_success_forgets_the_failures,
    attempts_made_at_once_are_throttled_too,
    one_client_guessing_many_accounts_is_throttled_by_its_address,
    the_old_password_is_not_guessed_faster_through_the_password_change,
    a_password_change_signs_out_every_other_device,
    an_unused_token_expires_and_a_used_one_records_its_last_use,
);

fn login_from(s: &TestServer, username: &str, password: &str, client: &str) -> Reply {
    let body = json!({"username": username, "password": password,
                      "device_id": "phone-1", "device_name": "test"});
    s.request(
        "POST",
        "/api/v1/auth/login",
        &[
            ("Content-Type", "application/json"),
            ("X-Forwarded-For", client),
        ],
        body.to_string().as_bytes(),
    )
}

fn login(s: &TestServer, username: &str, password: &str) -> Reply {
    login_from(s, username, password, "10.0.0.1")
}

/// Asserts `reply` refuses a blocked sign-in: 429, the API's error, and `Retry-After`.
#[track_caller]
fn blocked(reply: &Reply) -> serde_json::Value {
    let body = api_error(reply, 429, "too_many_attempts");
    let seconds: u64 = reply
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After: {:?}", reply.headers));
    assert!(seconds >= 1);
    body
}

fn wrong_passwords_get_growing_blocks_then_a_lockout_the_right_one_cannot_pass(
    s: &TestServer,
    clock: &Arc<FixedClock>,
) {
    s.user("li", Role::Worker, &[V1]);
    let mut now = at(crate::kit::NOW);
    // Four mistakes cost nothing.
    for _ in 0..4 {
        api_error(&login(s, "li", "wrong"), 401, "bad_credentials");
    }
    // From the fifth, each failure blocks the account for longer: 30 s, 1, 2, 4, 8 min.
    for wait in [30, 60, 120, 240, 480] {
        api_error(&login(s, "li", "wrong"), 401, "bad_credentials");
        let refused = login(s, "li", PASSWORD);
        let body = blocked(&refused);
        let until = now + Duration::seconds(wait);
        let local = until
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%H:%M:%S")
            .to_string();
        assert!(
            body["message"]["zh"].as_str().unwrap().contains(&local),
            "says when, in Beijing time: {body}"
        );
        now += Duration::seconds(wait - 1);
        clock.set(now);
        blocked(&login(s, "li", PASSWORD));
        now += Duration::seconds(1);
        clock.set(now);
    }
    // The tenth failure locks the account out for 30 minutes; the right password cannot pass.
    api_error(&login(s, "li", "wrong"), 401, "bad_credentials");
    let refused = login(s, "li", PASSWORD);
    blocked(&refused);
    for minutes in [1, 15, 29] {
        clock.set(now + Duration::minutes(minutes));
        let again = login(s, "li", PASSWORD);
        blocked(&again);
    }
    clock.set(now + Duration::minutes(30));
    assert_eq!(login(s, "li", PASSWORD).status, 200, "the lockout ends");
}

/// Ten wrong passwords for `username`, each once the block of the one before has passed: the
/// account is then locked out. Returns the time of the last.
fn lock_out(s: &TestServer, clock: &FixedClock, username: &str) -> chrono::DateTime<chrono::Utc> {
    let mut now = at(crate::kit::NOW);
    for wait in [0, 0, 0, 0, 30, 60, 120, 240, 480, 0] {
        api_error(&login(s, username, "wrong"), 401, "bad_credentials");
        now += Duration::seconds(wait);
        clock.set(now);
    }
    now
}

fn an_unlock_ends_the_lockout(s: &TestServer, clock: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    lock_out(s, clock, "li");
    let refused = login(s, "li", PASSWORD);
    blocked(&refused);
    assert_eq!(refused.header("retry-after"), Some("1800"));
    assert!(s.block_on(s.store.unlock("li")).unwrap());
    assert_eq!(login(s, "li", PASSWORD).status, 200);
    assert!(!s.block_on(s.store.unlock("li")).unwrap(), "nothing left");
}

fn a_success_forgets_the_failures(s: &TestServer, _: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    for _ in 0..3 {
        for _ in 0..4 {
            api_error(&login(s, "li", "wrong"), 401, "bad_credentials");
        }
        assert_eq!(login(s, "li", PASSWORD).status, 200);
    }
    // An unknown name is counted like a real one: a lockout says nothing of who exists.
    for _ in 0..5 {
        api_error(&login(s, "nobody", "wrong"), 401, "bad_credentials");
    }
    blocked(&login(s, "nobody", "wrong"));
}

fn attempts_made_at_once_are_throttled_too(s: &TestServer, _: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let guesses: Vec<_> = (0..30)
            .map(|i| scope.spawn(move || login(s, "li", &format!("guess-{i}")).status))
            .collect();
        guesses.into_iter().map(|g| g.join().unwrap()).collect()
    });
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 30, "{statuses:?}");
    assert_eq!(
        checked, 5,
        "only the free four and the fifth are checked: {statuses:?}"
    );
    blocked(&login(s, "li", PASSWORD));
}

fn one_client_guessing_many_accounts_is_throttled_by_its_address(
    s: &TestServer,
    _: &Arc<FixedClock>,
) {
    s.user("li", Role::Worker, &[V1]);
    // Twenty failures from one address, each on another name: no account is blocked.
    for i in 0..20 {
        api_error(
            &login_from(s, &format!("user{i}"), "wrong", "203.0.113.9"),
            401,
            "bad_credentials",
        );
    }
    api_error(
        &login_from(s, "user20", "wrong", "203.0.113.9"),
        401,
        "bad_credentials",
    );
    // The address is blocked now, for every account, the right password too …
    blocked(&login_from(s, "li", PASSWORD, "203.0.113.9"));
    // … while the worker on another connection signs in.
    assert_eq!(login_from(s, "li", PASSWORD, "198.51.100.4").status, 200);
}

fn the_old_password_is_not_guessed_faster_through_the_password_change(
    s: &TestServer,
    _: &Arc<FixedClock>,
) {
    s.user("li", Role::Worker, &[V1]);
    let token = s.login("li", "phone");
    let change = |old: &str| {
        s.post(
            "/api/v1/auth/password",
            Some(&token),
            &json!({"old_password": old, "new_password": "a-new-password"}),
        )
    };
    for _ in 0..5 {
        api_error(&change("wrong"), 401, "bad_credentials");
    }
    blocked(&change(PASSWORD));
}

fn a_password_change_signs_out_every_other_device(s: &TestServer, _: &Arc<FixedClock>) {
    s.user("li", Role::Worker, &[V1]);
    let here = s.login("li", "phone-here");
    let lost = s.login("li", "phone-lost");
    assert_eq!(s.get_as("/api/v1/me", Some(&lost)).status, 200);
    let changed = s.post(
        "/api/v1/auth/password",
        Some(&here),
        &json!({"old_password": PASSWORD, "new_password": "a-new-password"}),
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    api_error(&s.get_as("/api/v1/me", Some(&lost)), 401, "unauthorized");
    assert_eq!(
        s.get_as("/api/v1/me", Some(&here)).status,
        200,
        "the device that proved the old password stays signed in"
    );
    api_error(&login(s, "li", PASSWORD), 401, "bad_credentials");
    assert_eq!(login(s, "li", "a-new-password").status, 200);
    // The administrator's reset signs out every device, this one too.
    let password = shouwang_server::auth::one_time_password();
    s.block_on(async {
        s.store
            .set_password("li", &shouwang_server::auth::hash_password(&password), true)
            .await
            .unwrap();
        s.store.revoke_devices("li", None).await.unwrap()
    });
    api_error(&s.get_as("/api/v1/me", Some(&here)), 401, "unauthorized");
}

fn an_unused_token_expires_and_a_used_one_records_its_last_use(
    s: &TestServer,
    clock: &Arc<FixedClock>,
) {
    s.user("li", Role::Worker, &[V1]);
    let start = at(crate::kit::NOW);
    let kept = s.login("li", "phone-kept");
    let idle = s.login("li", "phone-idle");
    let last_used = |device: &str| {
        s.block_on(s.store.devices(Some("li")))
            .unwrap()
            .into_iter()
            .find(|d| d.device_id == device)
            .unwrap()
            .last_seen_at
    };
    // Used every 50 days (weeks offline), a token lives on.
    for days in [50, 100, 150] {
        clock.set(start + Duration::days(days));
        assert_eq!(
            s.get_as("/api/v1/me", Some(&kept)).status,
            200,
            "day {days}"
        );
        assert_eq!(
            last_used("phone-kept"),
            shouwang_domain::sync::plan::time_text(start + Duration::days(days))
        );
    }
    // Use within a minute of the last is not written again (no write per call).
    clock.set(start + Duration::days(150) + Duration::seconds(59));
    assert_eq!(s.get_as("/api/v1/me", Some(&kept)).status, 200);
    assert_eq!(
        last_used("phone-kept"),
        shouwang_domain::sync::plan::time_text(start + Duration::days(150))
    );
    // The other was not used for 150 days: past the 60-day idle expiry, signed out.
    api_error(&s.get_as("/api/v1/me", Some(&idle)), 401, "unauthorized");
    let revoked = s
        .block_on(s.store.devices(Some("li")))
        .unwrap()
        .into_iter()
        .find(|d| d.device_id == "phone-idle")
        .unwrap();
    assert!(revoked.revoked_at.is_some(), "device list shows it ended");
}
