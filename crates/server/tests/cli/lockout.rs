//! `shouwang user unlock NAME` ends a lockout, and `shouwang device list` shows each sign-in's
//! real last use in the township's time.
use chrono::{DateTime, Duration, Utc};
use shouwang_domain::sync::wire::{DeviceId, Role};
use shouwang_server::store::{account_key, LoginGate, NewUser, SqlStore, Storage, Throttle};

use super::accounts::{out, shouwang};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Blocks `li` for 30 minutes from `now`, as ten failures would.
fn lock(store: &SqlStore, now: DateTime<Utc>, rt: &tokio::runtime::Runtime) -> LoginGate {
    let throttle = Throttle {
        now,
        window_start: now - Duration::hours(1),
        block_for: &|_, _| Some(Duration::minutes(30)),
    };
    rt.block_on(store.login_attempt(&[account_key("li")], throttle))
        .unwrap()
}

#[test]
fn unlock_ends_a_lockout_and_device_list_shows_the_last_use() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/s.db", dir.path().display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(SqlStore::open(&db)).unwrap();
    rt.block_on(store.create_user(NewUser {
        username: "li".into(),
        display_name: "李四".into(),
        role: Role::Worker,
        areas: vec!["532328100201".into()],
        password_hash: "x".into(),
        must_change_password: false,
    }))
    .unwrap();
    let never = out(&shouwang(&db, &["user", "unlock", "li"]));
    assert!(never.contains("was not locked out"), "{never}");
    let now = Utc::now();
    assert!(matches!(lock(&store, now, &rt), LoginGate::Counted(_)));
    assert!(matches!(lock(&store, now, &rt), LoginGate::Blocked(_)));
    assert!(out(&shouwang(&db, &["user", "unlock", "li"])).contains("li may sign in again"));
    assert!(
        matches!(lock(&store, now, &rt), LoginGate::Counted(_)),
        "unlocked"
    );
    assert!(matches!(lock(&store, now, &rt), LoginGate::Blocked(_)));
    let unlocked = out(&shouwang(&db, &["user", "reset-password", "li"]));
    assert!(unlocked.contains("one-time password"), "{unlocked}");
    assert!(
        matches!(lock(&store, now, &rt), LoginGate::Counted(_)),
        "a reset unlocks too"
    );

    // Signed in at 02:00 UTC, last used at 17:30 UTC: 10:00 and 01:30 the next day in Beijing.
    let signed_in = at("2026-11-30T02:00:00Z");
    rt.block_on(store.add_device(
        "t1",
        "li",
        &DeviceId("phone-1".into()),
        "Android",
        signed_in,
    ))
    .unwrap();
    let used = at("2026-11-30T17:30:00Z");
    rt.block_on(store.touch_session("t1", used, used - Duration::days(60)))
        .unwrap()
        .expect("a live token");
    let list = out(&shouwang(&db, &["device", "list", "--user", "li"]));
    assert!(
        list.contains("since 2026-11-30 10:00:00\tlast used 2026-12-01 01:30:00"),
        "{list}"
    );
    let utc = out(&shouwang(&db, &["--time-zone", "UTC", "device", "list"]));
    assert!(utc.contains("last used 2026-11-30 17:30:00"), "{utc}");
    let e = shouwang(&db, &["--time-zone", "Beijing", "device", "list"]);
    assert!(!e.status.success());
    assert!(String::from_utf8_lossy(&e.stderr).contains("Asia/Shanghai"));
    rt.block_on(store.close());
}
