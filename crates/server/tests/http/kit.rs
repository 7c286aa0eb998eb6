//! What the tests of hostile input, clocks and accounts share: a server on both databases with a
//! fixed clock, a valid household, a push, and the checks of the API's error JSON.
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::state::FixedClock;
use shouwang_server::Limits;

use crate::support::{Db, Reply, TestServer};

pub const V1: &str = "532328100201";
pub const TOWNSHIP: &str = "532328100";

/// The fixed "now" of these tests: 17:30 UTC, already the next day (01:30) in Beijing.
pub const NOW: &str = "2026-11-30T17:30:00Z";

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 time")
}

/// Runs a scenario on SQLite and on PostgreSQL, as two tests, each on a server whose clock is
/// fixed at [`NOW`] (the scenario gets the clock to move it).
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                let (server, clock) = crate::kit::fixed(crate::support::Db::Sqlite).unwrap();
                super::$name(&server, &clock);
            }
            #[test]
            fn postgres() {
                if let Some((server, clock)) = crate::kit::fixed(crate::support::Db::Postgres) {
                    super::$name(&server, &clock);
                }
            }
        }
    )*};
}
pub(crate) use on_both;

/// A server on `db` whose clock is fixed at [`NOW`], in the default time zone (Beijing).
pub fn fixed(db: Db) -> Option<(TestServer, Arc<FixedClock>)> {
    fixed_with(db, Limits::default(), None)
}

/// Like [`fixed`], with `limits` and, if given, another time zone.
pub fn fixed_with(
    db: Db,
    limits: Limits,
    time_zone: Option<chrono_tz::Tz>,
) -> Option<(TestServer, Arc<FixedClock>)> {
    let clock = Arc::new(FixedClock::new(at(NOW)));
    let for_state = clock.clone();
    let server = TestServer::on_with(db, limits, &move |state| {
        let state = state.with_clock(for_state.clone());
        match time_zone {
            Some(tz) => state.with_time_zone(tz),
            None => state,
        }
    })?;
    Some((server, clock))
}

/// A valid household in `village`, from the domain's first sample.
pub fn household(id: &str, village: &str) -> Household {
    let mut h: Household =
        serde_json::from_str(include_str!("../../../domain/samples/01_edge_illness.json")).unwrap();
    h.id.0 = id.into();
    h.area.code = village.into();
    h
}

/// A new household's change, edited at `edited_at`.
pub fn change(change_id: &str, edited_at: &str, h: &Household) -> Change {
    Change {
        change_id: ChangeId(change_id.into()),
        base_revision: None,
        edited_at: edited_at.into(),
        household: h.clone(),
    }
}

/// Pushes `changes` as `token` and returns the whole answer.
pub fn push_reply(s: &TestServer, token: &str, changes: Vec<Change>) -> Reply {
    s.post(
        "/api/v1/sync/push",
        Some(token),
        &PushRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("phone".into()),
            changes,
        },
    )
}

/// Pushes `changes` as `token`; the push itself must succeed.
pub fn push(s: &TestServer, token: &str, changes: Vec<Change>) -> Vec<PushResult> {
    let reply = push_reply(s, token, changes);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.parse::<PushResponse>().results
}

/// Asserts `reply` is the API's error JSON with `status` and `reason` and a message in both
/// languages; returns the body.
#[track_caller]
pub fn api_error(reply: &Reply, status: u16, reason: &str) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        reply.content_type.starts_with("application/json"),
        "{status}: content type {:?}, body {:?}",
        reply.content_type,
        reply.body
    );
    let body = reply.json();
    assert_eq!(body["reason"], reason, "{body}");
    let zh = body["message"]["zh"].as_str().unwrap_or_default();
    let en = body["message"]["en"].as_str().unwrap_or_default();
    assert!(
        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese message: {body}"
    );
    assert!(
        en.starts_with(|c: char| c.is_ascii_uppercase()),
        "no English message: {body}"
    );
    body
}

/// `h` with the shipped 承诺授权书 (text `default`, version 1) signed by its head at the home
/// check, and the signature's attachment: what a household the village proposes for review has
/// (the policy's `procedure.consent_required_before_proposal`).
pub fn signed_consent(mut h: Household) -> Household {
    use shouwang_domain::model::{Attachment, AttachmentSubject, Consent, Relation};
    let signature = "c".repeat(64);
    h.attachments.push(Attachment {
        id: signature.clone(),
        subject: AttachmentSubject::Consent,
        of: String::new(),
        content_type: "image/png".into(),
        bytes: 4_000,
        width: 600,
        height: 240,
        thumb: None,
        taken_at: at("2026-11-20T03:00:00Z"),
        gps: None,
        by: "worker".into(),
    });
    let signer = h
        .members
        .first()
        .map(|m| m.name.clone())
        .unwrap_or_default();
    h.consent = Some(Consent {
        text_id: "default".into(),
        text_version: 1,
        signer,
        relation: Relation::Head,
        signed_on: "2026-11-20".parse().expect("a date"),
        witness: "worker".into(),
        signature,
    });
    h
}
