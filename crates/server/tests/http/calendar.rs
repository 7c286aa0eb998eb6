//! The township's calendar (issue 11): on a machine whose clock and zone are UTC (every container
//! and cloud default), at 17:30 UTC — 01:30 the next morning in Beijing — the server's "today" is
//! Beijing's, so a visit the phone dated today is accepted; the office sees times in the
//! township's zone; an edit stamped more than a day ahead of the server's clock is refused.
//!
//! Each scenario runs with `TZ=UTC`: the test binary runs itself again in that zone (unless the
//! whole run already is), on SQLite and PostgreSQL.
use std::process::Command;
use std::sync::Arc;

use chrono::Duration;
use shouwang_domain::sync::wire::*;
use shouwang_server::state::FixedClock;
use shouwang_server::store::Storage;
use shouwang_server::Limits;

use crate::kit::{api_error, at, change, fixed_with, household, push, NOW, TOWNSHIP, V1};
use crate::support::{Db, TestServer};

/// Runs `body` in a process whose machine time zone is UTC: this one if it is, else the test
/// binary again with `TZ=UTC`, running only the test `name`.
fn with_machine_zone_utc(name: &str, body: impl FnOnce()) {
    if std::env::var("TZ").as_deref() == Ok("UTC") {
        assert_eq!(
            chrono::Local::now().offset().local_minus_utc(),
            0,
            "the machine's zone is UTC"
        );
        body();
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--test-threads=1"])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("1 passed"),
        "the test ran under TZ=UTC: {text}"
    );
}

/// Runs a scenario on SQLite and on PostgreSQL under `TZ=UTC`, on a server whose clock says
/// [`NOW`] (17:30 UTC), in the township's zone `$zone` (`None`: the default, Beijing).
macro_rules! in_utc {
    ($($name:ident($zone:expr)),* $(,)?) => {$(
        mod $name {
            use super::*;
            #[test]
            fn sqlite() {
                let name = concat!("calendar::", stringify!($name), "::sqlite");
                with_machine_zone_utc(name, || {
                    let (s, clock) = fixed_with(Db::Sqlite, Limits::default(), $zone).unwrap();
                    super::$name(&s, &clock);
                });
            }
            #[test]
            fn postgres() {
                let name = concat!("calendar::", stringify!($name), "::postgres");
                with_machine_zone_utc(name, || {
                    if let Some((s, clock)) = fixed_with(Db::Postgres, Limits::default(), $zone) {
                        super::$name(&s, &clock);
                    }
                });
            }
        }
    )*};
}

in_utc!(
    at_1730_utc_a_visit_dated_beijings_today_is_accepted(None),
    a_server_set_to_utc_keeps_the_utc_day(Some(chrono_tz::UTC)),
    an_edit_stamped_more_than_a_day_ahead_is_refused(None),
    the_office_sees_times_in_the_townships_zone(None),
);

/// A household whose visit is dated `date`.
fn visited_on(id: &str, date: &str) -> shouwang_domain::Household {
    let mut h = household(id, V1);
    h.visits[0].date = date.parse().unwrap();
    h
}

fn worker(s: &TestServer) -> String {
    s.user("li", Role::Worker, &[V1]);
    s.login("li", "phone")
}

fn at_1730_utc_a_visit_dated_beijings_today_is_accepted(s: &TestServer, _: &Arc<FixedClock>) {
    assert_eq!(s.state.today().to_string(), "2026-12-01");
    let token = worker(s);
    let out = push(
        s,
        &token,
        vec![change("c1", NOW, &visited_on("h1", "2026-12-01"))],
    );
    assert_eq!(out[0].status, PushStatus::Stored, "{:?}", out[0].error);
    // The office's queue and dashboard count days on the same calendar.
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let rev = s.login("rev", "office");
    let queue = s.get_as("/api/v1/office/queue", Some(&rev)).json();
    assert_eq!(queue["as_of"], "2026-12-01");
    let board = s.get_as("/api/v1/office/dashboard", Some(&rev)).json();
    assert_eq!(board["as_of"], "2026-12-01");
    // A visit dated tomorrow in Beijing is still in the future.
    let out = push(
        s,
        &token,
        vec![change("c2", NOW, &visited_on("h2", "2026-12-02"))],
    );
    assert_eq!(out[0].status, PushStatus::Rejected);
    let error = out[0].error.as_ref().unwrap();
    assert_eq!(error.reason, "invalid_record");
    assert!(
        error.message.zh.contains("2026-12-01"),
        "{}",
        error.message.zh
    );
}

fn a_server_set_to_utc_keeps_the_utc_day(s: &TestServer, _: &Arc<FixedClock>) {
    assert_eq!(s.state.today().to_string(), "2026-11-30");
    let token = worker(s);
    let out = push(
        s,
        &token,
        vec![change("c1", NOW, &visited_on("h1", "2026-12-01"))],
    );
    assert_eq!(out[0].status, PushStatus::Rejected);
    assert!(out[0]
        .error
        .as_ref()
        .unwrap()
        .message
        .zh
        .contains("晚于今天（2026-11-30）"));
}

fn an_edit_stamped_more_than_a_day_ahead_is_refused(s: &TestServer, _: &Arc<FixedClock>) {
    let token = worker(s);
    let now = at(NOW);
    let stamp = |d: Duration| shouwang_domain::sync::plan::time_text(now + d);
    let out = push(
        s,
        &token,
        vec![
            change("far", "9999-12-31T23:59:59Z", &household("h1", V1)),
            change("day", &stamp(Duration::hours(25)), &household("h2", V1)),
            change("drift", &stamp(Duration::hours(23)), &household("h3", V1)),
        ],
    );
    for refused in &out[..2] {
        assert_eq!(refused.status, PushStatus::Rejected);
        let error = refused.error.as_ref().unwrap();
        assert_eq!(error.reason, "edited_in_future");
        assert!(
            error.message.zh.contains("日期和时间设为自动"),
            "{}",
            error.message.zh
        );
        assert!(
            error.message.en.contains("automatic"),
            "{}",
            error.message.en
        );
    }
    assert_eq!(
        out[2].status,
        PushStatus::Stored,
        "a phone's drift is allowed"
    );
    // Nothing of the refused edits is stored, so none can win a later conflict.
    let history = s.get_as("/api/v1/households/h1/history", Some(&token));
    api_error(&history, 404, "not_found");
    assert_eq!(s.block_on(s.store.household_count()).unwrap(), 1);
}

fn the_office_sees_times_in_the_townships_zone(s: &TestServer, _: &Arc<FixedClock>) {
    let token = worker(s);
    push(s, &token, vec![change("c1", NOW, &household("h1", V1))]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    let rev = s.login("rev", "office");
    let audit = s
        .get_as("/api/v1/office/audit?household=h1", Some(&rev))
        .json();
    let entry = &audit["entries"][0];
    assert_eq!(
        entry["edited_at"], "2026-12-01T01:30:00.000+08:00",
        "{audit}"
    );
    let received = entry["received_at"].as_str().unwrap();
    assert!(received.ends_with("+08:00"), "{received}");
    chrono::DateTime::parse_from_rfc3339(received).unwrap();
}
