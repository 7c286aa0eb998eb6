//! The office API over real HTTP, each scenario on SQLite and on PostgreSQL: roles and areas,
//! the dashboard (against the domain's own figures, and "a year ago" from backdated history),
//! the queue and a decision the worker's phone pulls, stale decisions, the exit procedure (a start
//! refused with the list of unmet conditions, a full run to the county's approval that the worker's
//! phone pulls, an approval refused after a new risk, a withdrawal that closes it), exports read back (CSV bytes, XLSX with
//! calamine), the 公示 list without private data (and with an exit in its 公示), and the audit
//! trail.

use chrono::{Days, NaiveDate};
use serde_json::{json, Value};
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::{ExitMode, ProcedureKind};
use shouwang_domain::office::dashboard::Dashboard;
use shouwang_domain::office::wire::{Audit, ExitNotEligible, Queue, Stored};
use shouwang_domain::sync::wire::*;
use shouwang_domain::sync::Via;
use shouwang_domain::{Household, Policy};
use shouwang_server::demo;
use shouwang_server::store::{Session, Storage};
use shouwang_server::Limits;

use crate::both::on_both;
use crate::support::{Reply, TestServer};

const V1: &str = demo::VILLAGES[0].0;
const V2: &str = demo::VILLAGES[1].0;
const TOWNSHIP: &str = demo::TOWNSHIP;
const OTHER_TOWNSHIP: &str = "532328101";

on_both!(
    workers_are_refused_and_other_townships_see_nothing,
    the_dashboard_is_the_domains_figures_with_a_year_ago_from_history,
    a_decision_is_a_new_revision_the_workers_phone_pulls,
    an_exit_start_is_refused_with_the_list_of_unmet_conditions,
    an_exit_runs_its_steps_and_the_workers_phone_pulls_the_elimination,
    the_exits_county_approval_is_refused_after_a_new_risk,
    an_open_exit_is_withdrawn_and_leaves_the_queue,
    exports_read_back_cell_by_cell,
    the_publicity_list_holds_no_id_number_or_phone,
    the_publicity_list_shows_an_exit_once_its_village_review_is_approved,
    the_audit_lists_who_changed_which_field,
);

/// The server's "today": the township's calendar day (Beijing), whatever the machine's zone.
fn today() -> NaiveDate {
    shouwang_server::AppState::new((), Limits::default()).today()
}

fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

/// The county admin `county` (the county of the township), who approves the county's step;
/// returns the token.
fn county(s: &TestServer) -> String {
    s.user("county", Role::Admin, &[&TOWNSHIP[..6]]);
    s.login("county", "county-office")
}

/// Users: worker `w1` (village 1), reviewer `rev` (the township), reviewer `far` (another
/// township); returns their tokens.
fn people(s: &TestServer) -> (String, String, String) {
    s.user("w1", Role::Worker, &[V1]);
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    s.user("far", Role::Reviewer, &[OTHER_TOWNSHIP]);
    (
        s.login("w1", "phone"),
        s.login("rev", "office"),
        s.login("far", "office2"),
    )
}

/// Stores households as a loader would (no HTTP validation), returning their revisions.
fn seed(s: &TestServer, households: &[Household], bases: &[Option<u64>]) -> Vec<u64> {
    let session = Session {
        account: Account {
            username: "w1".into(),
            display_name: "w1".into(),
            role: Role::Admin,
            areas: vec![TOWNSHIP.into()],
            must_change_password: false,
        },
        device_id: DeviceId("loader".into()),
    };
    let changes = households
        .iter()
        .zip(bases.iter().chain(std::iter::repeat(&None)))
        .enumerate()
        .map(|(i, (h, base))| Change {
            change_id: ChangeId(format!("seed-{}-{i}-{}", h.id.0, base.unwrap_or(0))),
            base_revision: base.map(Revision),
            edited_at: "2026-01-01T08:00:00Z".into(),
            household: h.clone(),
        })
        .collect();
    s.store_changes(&session, Via::Office, changes)
        .into_iter()
        .map(|r| {
            assert!(r.error.is_none(), "{:?}", r.error);
            r.revision.unwrap().0
        })
        .collect()
}

/// The demo township's first household (sample 01) with its procedure waiting for village review
/// and its consent signed.
fn waiting_for_review() -> Household {
    let mut h = crate::kit::signed_consent(demo::households().remove(0));
    let p = &mut h.monitoring.procedure;
    p.lead_found = Some(days_ago(3));
    p.home_check = Some(days_ago(2));
    h
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

/// Raw GET (the test client reads bodies as text; an XLSX is binary).
fn get_bytes(s: &TestServer, path: &str, token: &str) -> (u16, String, Vec<u8>) {
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build(),
    );
    let mut resp = agent
        .get(format!("{}{path}", s.base()))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = resp
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    (resp.status().as_u16(), ct, body)
}

fn workers_are_refused_and_other_townships_see_nothing(s: &TestServer) {
    let (worker, _, far) = people(s);
    let revs = seed(s, &[waiting_for_review()], &[]);
    let id = waiting_for_review().id.0;
    for path in [
        "/api/v1/office/dashboard",
        "/api/v1/office/queue",
        "/api/v1/office/export.csv",
        "/api/v1/office/export.xlsx",
        "/api/v1/office/audit?village=532328",
    ] {
        let reply = s.get_as(path, Some(&worker));
        assert_eq!(reply.status, 403, "{path}: {}", reply.body);
        assert_eq!(reason(&reply), "forbidden_role", "{path}");
    }
    let decision =
        json!({"step": "village_review", "approve": true, "comment": "", "base_revision": revs[0]});
    let reply = s.post(
        &format!("/api/v1/office/households/{id}/decision"),
        Some(&worker),
        &decision,
    );
    assert_eq!(
        (reply.status, reason(&reply).as_str()),
        (403, "forbidden_role")
    );
    assert_eq!(s.get_as("/api/v1/office/dashboard", None).status, 401);

    // A reviewer of another township sees nothing of this one.
    let board: Dashboard = s.get_as("/api/v1/office/dashboard", Some(&far)).parse();
    assert_eq!(board.total.households, 0);
    assert!(board.villages.is_empty());
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&far)).parse();
    assert!(queue.items.is_empty());
    let csv = s.get_as("/api/v1/office/export.csv", Some(&far));
    assert_eq!(csv.body.lines().count(), 1, "only the header: {}", csv.body);
    // Another township's household and village answer as unknown ones (#10).
    let reply = s.get_as(&format!("/api/v1/office/audit?household={id}"), Some(&far));
    assert_eq!((reply.status, reason(&reply).as_str()), (404, "not_found"));
    let reply = s.get_as(
        &format!("/api/v1/office/publicity?village={V1}"),
        Some(&far),
    );
    assert_eq!((reply.status, reason(&reply).as_str()), (404, "not_found"));
    let reply = s.post(
        &format!("/api/v1/office/households/{id}/decision"),
        Some(&far),
        &decision,
    );
    assert_eq!((reply.status, reason(&reply).as_str()), (404, "not_found"));
}

fn the_dashboard_is_the_domains_figures_with_a_year_ago_from_history(s: &TestServer) {
    let (_, rev, _) = people(s);
    let before = demo::households();
    let revs = seed(s, &before, &[]);
    // What the server holds now was received 400 days ago...
    s.block_on(
        sqlx::query("UPDATE history SET received_at = $1")
            .bind(format!("{}T08:00:00.000Z", days_ago(400)))
            .execute(s.store.pool()),
    )
    .unwrap();
    // ...and since then every 脱贫户 earns 6,000 yuan more in wages.
    let mut now = before.clone();
    let mut bases = Vec::new();
    let mut changed = Vec::new();
    for (h, r) in now.iter_mut().zip(&revs) {
        if h.household_type == shouwang_domain::model::HouseholdType::FormerlyPoor {
            h.income.wages += shouwang_domain::Money::yuan(6_000);
            changed.push(h.clone());
            bases.push(Some(*r));
        }
    }
    assert!(!changed.is_empty());
    seed(s, &changed, &bases);

    let reply = s.get_as("/api/v1/office/dashboard", Some(&rev));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let board: Dashboard = reply.parse();
    assert_eq!(board.as_of, today());
    assert_eq!(board.total.households, 48);
    let villages: Vec<(&str, u32)> = board
        .villages
        .iter()
        .map(|v| (v.area_code.as_str(), v.households))
        .collect();
    assert_eq!(villages, [(V1, 24), (V2, 24)]);

    // Exactly what the domain computes on the same versions.
    let mut sorted_now = now.clone();
    sorted_now.sort_by(|a, b| a.id.cmp(&b.id));
    let mut sorted_before = before.clone();
    sorted_before.sort_by(|a, b| a.id.cmp(&b.id));
    let expected = shouwang_domain::office::dashboard(
        &sorted_now,
        &sorted_before,
        &Policy::builtin(),
        today(),
    );
    assert_eq!(board, expected);

    let income = &board.total.formerly_poor_income;
    assert_eq!(income.year_ago_households, income.households);
    let (now_pc, ago_pc) = (
        income.per_capita_net.unwrap(),
        income.year_ago_per_capita_net.unwrap(),
    );
    // 6,000 more per household: per person, 6,000 × households ÷ people more.
    let more = shouwang_domain::Money::yuan(6_000 * i64::from(income.households))
        .per_capita(income.people)
        .unwrap();
    assert!(
        (now_pc - ago_pc - more).fen().abs() <= 1,
        "{now_pc} {ago_pc} {more}"
    );
    assert!(income.growth_per_mille.unwrap() > 0);
    for d in &board.definitions {
        assert!(!d.definition.zh.is_empty() && !d.definition.en.is_empty());
    }

    // As of a day before anything was received, a year earlier there was nothing.
    let early: Dashboard = s
        .get_as(
            &format!("/api/v1/office/dashboard?date={}", days_ago(40)),
            Some(&rev),
        )
        .parse();
    assert_eq!(early.total.formerly_poor_income.year_ago_households, 0);
    let bad = s.get_as("/api/v1/office/dashboard?date=yesterday", Some(&rev));
    assert_eq!((bad.status, reason(&bad).as_str()), (400, "bad_request"));
}

fn pull(s: &TestServer, token: &str, cursor: u64) -> PullResponse {
    let reply = s.post(
        "/api/v1/sync/pull",
        Some(token),
        &PullRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("phone".into()),
            cursor: Revision(cursor),
            limit: 100,
        },
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.parse()
}

fn a_decision_is_a_new_revision_the_workers_phone_pulls(s: &TestServer) {
    let (worker, rev, _) = people(s);
    let h = waiting_for_review();
    let first = seed(s, std::slice::from_ref(&h), &[])[0];
    let cursor = pull(s, &worker, 0).cursor.0;

    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&rev)).parse();
    assert_eq!(queue.items.len(), 1);
    let item = &queue.items[0];
    assert_eq!(
        (item.household.household_id.as_str(), item.revision.0),
        (h.id.0.as_str(), first)
    );
    assert_eq!(item.next_step, ProcedureStep::VillageReview);
    assert_eq!(item.deadline, Some(days_ago(3) + Days::new(15)));
    assert!(!item.overdue);

    let path = format!("/api/v1/office/households/{}/decision", h.id.0);
    let reply = s.post(
        &path,
        Some(&rev),
        &json!({"step": "village_review", "approve": true, "comment": "评议通过", "base_revision": first}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let stored: Stored = reply.parse();
    assert!(stored.revision.0 > first);
    assert_eq!(stored.status, PushStatus::Stored);

    // The worker's next sync brings the decision down.
    let page = pull(s, &worker, cursor);
    assert_eq!(page.households.len(), 1);
    let pulled = &page.households[0];
    assert_eq!(pulled.revision, stored.revision);
    let p = &pulled.household.monitoring.procedure;
    assert_eq!(
        (p.village_review, p.publicity_start),
        (Some(today()), Some(today()))
    );
    assert_eq!(p.decisions.len(), 1);
    assert_eq!(
        (p.decisions[0].by.as_str(), p.decisions[0].approved),
        ("rev", true)
    );
    // The history says who.
    let history = s
        .get_as(
            &format!("/api/v1/households/{}/history", h.id.0),
            Some(&worker),
        )
        .json();
    let last = history["versions"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["username"], "rev");

    // The same decision on the old revision is stale.
    let stale = s.post(
        &path,
        Some(&rev),
        &json!({"step": "village_review", "approve": true, "comment": "", "base_revision": first}),
    );
    assert_eq!((stale.status, reason(&stale).as_str()), (409, "stale"));
    // The step now waiting is 公示, which cannot close on its first day; a return needs a comment.
    let base = stored.revision.0;
    let early = s.post(
        &path,
        Some(&rev),
        &json!({"step": "publicity", "approve": true, "base_revision": base}),
    );
    assert_eq!(
        (early.status, reason(&early).as_str()),
        (422, "publicity_too_short")
    );
    let wrong = s.post(
        &path,
        Some(&rev),
        &json!({"step": "county_approval", "approve": true, "base_revision": base}),
    );
    assert_eq!((wrong.status, reason(&wrong).as_str()), (422, "wrong_step"));
    let bare = s.post(
        &path,
        Some(&rev),
        &json!({"step": "publicity", "approve": false, "comment": " ", "base_revision": base}),
    );
    assert_eq!(
        (bare.status, reason(&bare).as_str()),
        (422, "comment_required")
    );
    let returned = s.post(
        &path,
        Some(&rev),
        &json!({"step": "publicity", "approve": false, "comment": "公示名单张贴位置不对", "base_revision": base}),
    );
    assert_eq!(returned.status, 200, "{}", returned.body);
    let page = pull(s, &worker, pulled.revision.0);
    let decisions = &page.households[0].household.monitoring.procedure.decisions;
    assert_eq!(decisions.last().unwrap().comment, "公示名单张贴位置不对");
    let missing = s.post(
        "/api/v1/office/households/nope/decision",
        Some(&rev),
        &json!({"step": "publicity", "approve": true, "base_revision": 1}),
    );
    assert_eq!(
        (missing.status, reason(&missing).as_str()),
        (404, "not_found")
    );
}

fn an_exit_start_is_refused_with_the_list_of_unmet_conditions(s: &TestServer) {
    let (_, rev, _) = people(s);
    // Demo household 7 is the sample "lack of labour, exit blocked".
    let nobody = demo::households()[6].clone();
    let revs = seed(s, std::slice::from_ref(&nobody), &[]);
    let path = format!("/api/v1/office/households/{}/exit", nobody.id.0);
    let reply = s.post(
        &path,
        Some(&rev),
        &json!({"mode": "natural", "base_revision": revs[0]}),
    );
    assert_eq!(
        (reply.status, reason(&reply).as_str()),
        (422, "exit_not_eligible")
    );
    let refused: ExitNotEligible = reply.parse();
    let unmet: Vec<&str> = refused.unmet.iter().map(|r| r.rule.as_str()).collect();
    assert!(unmet.contains(&"exit.someone_can_work"), "{unmet:?}");
    assert!(
        unmet.len() >= 2,
        "every unmet condition is listed: {unmet:?}"
    );
    for r in &refused.unmet {
        assert!(!r.text.zh.is_empty() && !r.text.en.is_empty(), "{r:?}");
    }
    // Exactly the domain's list, in its order.
    let expected: Vec<String> = shouwang_domain::classify(&nobody, &Policy::builtin(), today())
        .exit
        .unmet
        .iter()
        .map(|r| r.rule.clone())
        .collect();
    assert_eq!(unmet, expected);
    assert!(refused.message.zh.contains("家中无劳动能力成员"));
    assert!(refused.message.en.contains("Nobody can work"));
    // Nothing was stored: the queue has no exit and the revision is unchanged.
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&rev)).parse();
    assert!(queue
        .items
        .iter()
        .all(|i| i.procedure != ProcedureKind::Exit));
    let later = s.post(
        &path,
        Some(&rev),
        &json!({"mode": "natural", "base_revision": revs[0]}),
    );
    assert_eq!(
        later.status, 422,
        "still the first revision: {}",
        later.body
    );
    let future = s.post(
        &path,
        Some(&rev),
        &json!({"mode": "natural", "started": today() + Days::new(1), "base_revision": revs[0]}),
    );
    let future: ExitNotEligible = future.parse();
    assert_eq!(future.unmet[0].rule, "exit.date_in_future");
}

/// Demo household 8 (the sample "exit eligible") moved to village 1, the worker `w1`'s.
fn exit_ready() -> Household {
    let mut h = demo::households()[7].clone();
    h.area.code = V1.into();
    h.area.name = demo::VILLAGES[0].1.into();
    h
}

/// Posts the office's decision on the exit of `id` and answers the stored version.
fn exit_decision(
    s: &TestServer,
    token: &str,
    id: &str,
    body: Value,
) -> Result<Stored, (u16, String, Value)> {
    let mut body = body;
    body["procedure"] = json!("exit");
    let reply = s.post(
        &format!("/api/v1/office/households/{id}/decision"),
        Some(token),
        &body,
    );
    if reply.status == 200 {
        Ok(reply.parse())
    } else {
        Err((reply.status, reason(&reply), reply.json()))
    }
}

/// The households of the queue with an exit waiting.
fn exits_queued(s: &TestServer, token: &str) -> Vec<String> {
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(token)).parse();
    queue
        .items
        .into_iter()
        .filter(|i| i.procedure == ProcedureKind::Exit)
        .map(|i| i.household.household_id)
        .collect()
}

fn an_open_exit_is_withdrawn_and_leaves_the_queue(s: &TestServer) {
    let (worker, rev, far) = people(s);
    let h = exit_ready();
    let id = h.id.0.clone();
    let first = seed(s, std::slice::from_ref(&h), &[])[0];
    let reply = s.post(
        &format!("/api/v1/office/households/{id}/exit"),
        Some(&rev),
        &json!({"mode": "natural", "base_revision": first}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let opened: Stored = reply.parse();
    assert_eq!(exits_queued(s, &rev), std::slice::from_ref(&id));

    let path = format!("/api/v1/office/households/{id}/exit/withdraw");
    let body = |reason: &str, base: u64| json!({"reason": reason, "base_revision": base});
    // Only the office, and only in its own areas.
    let reply = s.post(&path, Some(&worker), &body("不再符合", opened.revision.0));
    assert_eq!(
        (reply.status, reason(&reply)),
        (403, "forbidden_role".into())
    );
    let reply = s.post(&path, Some(&far), &body("不再符合", opened.revision.0));
    assert_eq!((reply.status, reason(&reply)), (404, "not_found".into()));
    // The revision before the exit was opened is stale.
    let reply = s.post(&path, Some(&rev), &body("不再符合", first));
    assert_eq!((reply.status, reason(&reply)), (409, "stale".into()));
    // A withdrawal needs its reason.
    let reply = s.post(&path, Some(&rev), &body("  ", opened.revision.0));
    assert_eq!(
        (reply.status, reason(&reply)),
        (422, "reason_required".into())
    );
    assert_eq!(
        exits_queued(s, &rev),
        std::slice::from_ref(&id),
        "nothing stored yet"
    );

    let reply = s.post(
        &path,
        Some(&rev),
        &body("家中新增大病患者", opened.revision.0),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let withdrawn: Stored = reply.parse();
    assert!(withdrawn.revision.0 > opened.revision.0);
    let p = withdrawn
        .household
        .monitoring
        .exit_procedure
        .clone()
        .unwrap();
    let w = p.withdrawn.unwrap();
    assert_eq!(
        (w.date, w.by.as_str(), w.reason.as_str()),
        (today(), "rev", "家中新增大病患者")
    );
    assert_eq!(withdrawn.household.monitoring.exit, None);
    assert!(exits_queued(s, &rev).is_empty(), "out of the queue");
    // The worker's phone pulls the withdrawal.
    let pulled = pull(s, &worker, 0);
    let mine = pulled
        .households
        .iter()
        .find(|c| c.household.id.0 == id)
        .unwrap();
    assert_eq!(mine.revision, withdrawn.revision);
    // Closed: withdrawing again is refused, and a new exit may be started.
    let reply = s.post(&path, Some(&rev), &body("再次撤回", withdrawn.revision.0));
    assert_eq!((reply.status, reason(&reply)), (422, "no_open_exit".into()));
    let reply = s.post(
        &format!("/api/v1/office/households/{id}/exit"),
        Some(&rev),
        &json!({"mode": "natural", "base_revision": withdrawn.revision.0}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(exits_queued(s, &rev), [id]);
}

fn an_exit_runs_its_steps_and_the_workers_phone_pulls_the_elimination(s: &TestServer) {
    let (worker, rev, _) = people(s);
    let h = exit_ready();
    let id = h.id.0.clone();
    let first = seed(s, std::slice::from_ref(&h), &[])[0];
    let cursor = pull(s, &worker, 0).cursor.0;

    // The village proposed the exit six days ago; the office opens it.
    let started = days_ago(6);
    let reply = s.post(
        &format!("/api/v1/office/households/{id}/exit"),
        Some(&rev),
        &json!({"mode": "after_assistance", "started": started, "base_revision": first}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let opened: Stored = reply.parse();
    assert_eq!(opened.household.monitoring.exit, None, "not yet eliminated");
    let p = opened.household.monitoring.exit_procedure.clone().unwrap();
    assert_eq!(
        (p.mode, p.started, p.started_by.as_str()),
        (ExitMode::AfterAssistance, started, "rev")
    );

    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&rev)).parse();
    let item = queue
        .items
        .iter()
        .find(|i| i.household.household_id == id)
        .unwrap();
    assert_eq!(
        (item.procedure, item.next_step, item.revision),
        (
            ProcedureKind::Exit,
            ProcedureStep::VillageReview,
            opened.revision
        )
    );
    assert_eq!(item.exit_mode, Some(ExitMode::AfterAssistance));
    assert_eq!(item.deadline, Some(started + Days::new(15)));
    assert_eq!(item.days_left, Some(9));
    assert!(!item.overdue);

    // Village review held on the first day, 公示 from then on.
    let reviewed = exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "village_review", "approve": true, "comment": "评议通过",
               "on": started, "base_revision": opened.revision}),
    )
    .unwrap();
    // The same decision on the version before it is stale.
    let stale = exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "village_review", "approve": true, "base_revision": opened.revision}),
    )
    .unwrap_err();
    assert_eq!((stale.0, stale.1.as_str()), (409, "stale"));
    let wrong = exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "county_approval", "approve": true, "base_revision": reviewed.revision}),
    )
    .unwrap_err();
    assert_eq!((wrong.0, wrong.1.as_str()), (422, "wrong_step"));
    let published = exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "publicity", "approve": true, "base_revision": reviewed.revision}),
    )
    .unwrap();
    // The township returns it once, then approves.
    let returned = exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "township_check", "approve": false, "comment": "补充务工收入证明",
               "base_revision": published.revision}),
    )
    .unwrap();
    assert_eq!(
        returned
            .household
            .monitoring
            .exit_procedure
            .as_ref()
            .unwrap()
            .township_check,
        None
    );
    let checked = exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "township_check", "approve": true, "base_revision": returned.revision}),
    )
    .unwrap();
    assert_eq!(checked.household.monitoring.exit, None);
    let county = county(s);
    let approved = exit_decision(
        s,
        &county,
        &id,
        json!({"step": "county_approval", "approve": true, "comment": "同意消除",
               "base_revision": checked.revision}),
    )
    .unwrap();
    let exit = approved.household.monitoring.exit.clone().unwrap();
    assert_eq!((exit.mode, exit.date), (ExitMode::AfterAssistance, today()));

    // The worker's next sync brings the elimination and every decision down.
    let page = pull(s, &worker, cursor);
    assert_eq!(page.households.len(), 1);
    let pulled = &page.households[0];
    assert_eq!(pulled.revision, approved.revision);
    let m = &pulled.household.monitoring;
    assert_eq!(m.exit, Some(exit));
    let p = m.exit_procedure.as_ref().unwrap();
    assert_eq!(
        (
            p.village_review,
            p.publicity_start,
            p.publicity_end,
            p.township_check,
            p.county_approval
        ),
        (
            Some(started),
            Some(started),
            Some(today()),
            Some(today()),
            Some(today())
        )
    );
    let decided: Vec<(ProcedureStep, bool)> =
        p.decisions.iter().map(|d| (d.step, d.approved)).collect();
    assert_eq!(
        decided,
        [
            (ProcedureStep::VillageReview, true),
            (ProcedureStep::Publicity, true),
            (ProcedureStep::TownshipCheck, false),
            (ProcedureStep::TownshipCheck, true),
            (ProcedureStep::CountyApproval, true),
        ]
    );
    let by: Vec<&str> = p.decisions.iter().map(|d| d.by.as_str()).collect();
    assert_eq!(
        by,
        ["rev", "rev", "rev", "rev", "county"],
        "the county's step by the county"
    );

    // Done: out of the queue, counted once among the exits, and not started again.
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&rev)).parse();
    assert!(queue.items.iter().all(|i| i.household.household_id != id));
    let board: Dashboard = s.get_as("/api/v1/office/dashboard", Some(&rev)).parse();
    assert_eq!(board.total.exits.households, 1);
    let again = s.post(
        &format!("/api/v1/office/households/{id}/exit"),
        Some(&rev),
        &json!({"mode": "natural", "base_revision": approved.revision}),
    );
    let again: ExitNotEligible = again.parse();
    assert_eq!(again.unmet[0].rule, "exit.already_marked");
}

fn the_exits_county_approval_is_refused_after_a_new_risk(s: &TestServer) {
    let (_, rev, _) = people(s);
    let h = exit_ready();
    let id = h.id.0.clone();
    let first = seed(s, std::slice::from_ref(&h), &[])[0];
    let started = days_ago(5);
    let opened: Stored = s
        .post(
            &format!("/api/v1/office/households/{id}/exit"),
            Some(&rev),
            &json!({"mode": "natural", "started": started, "base_revision": first}),
        )
        .parse();
    let mut base = opened.revision;
    for (step, on) in [
        ("village_review", Some(started)),
        ("publicity", None),
        ("township_check", None),
    ] {
        let mut body = json!({"step": step, "approve": true, "base_revision": base});
        if let Some(on) = on {
            body["on"] = json!(on);
        }
        base = exit_decision(s, &rev, &id, body).unwrap().revision;
    }
    // Meanwhile the worker records that the household's water became unsafe.
    let mut now = s
        .block_on(
            s.store
                .household(&shouwang_server::store::Scope::new(vec![V1.into()]), &id),
        )
        .unwrap()
        .unwrap()
        .1;
    now.guarantees.water_unsafe = true;
    let base = seed(s, &[now], &[Some(base.0)])[0];
    let (status, why, body) = exit_decision(
        s,
        &county(s),
        &id,
        json!({"step": "county_approval", "approve": true, "base_revision": base}),
    )
    .unwrap_err();
    assert_eq!((status, why.as_str()), (422, "exit_not_eligible"));
    let refused: ExitNotEligible = serde_json::from_value(body).unwrap();
    let unmet: Vec<&str> = refused.unmet.iter().map(|r| r.rule.as_str()).collect();
    assert!(unmet.contains(&"exit.guarantees_secured"), "{unmet:?}");
    // Still waiting for the county, not eliminated.
    let queue: Queue = s.get_as("/api/v1/office/queue", Some(&rev)).parse();
    let item = queue
        .items
        .iter()
        .find(|i| i.household.household_id == id)
        .unwrap();
    assert_eq!(
        (item.procedure, item.next_step, item.revision.0),
        (ProcedureKind::Exit, ProcedureStep::CountyApproval, base)
    );
    assert!(item
        .flags
        .iter()
        .any(|f| f.reason.rule == "exit.guarantees_secured"));
}

fn exports_read_back_cell_by_cell(s: &TestServer) {
    use calamine::{Data, Reader, Xlsx};
    let (_, rev, _) = people(s);
    let households = demo::households();
    seed(s, &households, &[]);

    let csv = s.get_as("/api/v1/office/export.csv?sheet=households", Some(&rev));
    assert_eq!(csv.status, 200);
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    assert!(csv.body.starts_with("\u{feff}记录编号,户编号,所在地区代码,所在地区名称,家庭住址,户主姓名,户主证件号码,联系电话,家庭人口数"));
    assert_eq!(csv.body.lines().count(), 49);
    let members = s.get_as("/api/v1/office/export.csv?sheet=members", Some(&rev));
    assert!(members.body.starts_with(
        "\u{feff}户记录编号,户编号,所在地区代码,户主姓名,成员编号,姓名,证件类型,证件号码"
    ));
    let people: usize = households.iter().map(|h| h.members.len()).sum();
    assert_eq!(members.body.lines().count(), people + 1);
    let bad = s.get_as("/api/v1/office/export.csv?sheet=visits", Some(&rev));
    assert_eq!((bad.status, reason(&bad).as_str()), (400, "bad_request"));

    let (status, content_type, bytes) = get_bytes(s, "/api/v1/office/export.xlsx", &rev);
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["户", "成员"]);
    let sheet = book.worksheet_range("户").unwrap();
    assert_eq!(sheet.height(), 49);
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let text = |s: &str| Data::String(s.to_owned());
    assert_eq!(cell(0, 0), text("记录编号"));
    assert_eq!(cell(0, 5), text("户主姓名"));
    assert_eq!(cell(0, 6), text("户主证件号码"));
    assert_eq!(cell(0, 8), text("家庭人口数"));
    // Rows follow village, 户编号: the first is the first demo household.
    let first = &households[0];
    let head = first.head().unwrap();
    assert_eq!(cell(1, 0), text(&first.id.0));
    assert_eq!(cell(1, 2), text(V1));
    assert_eq!(cell(1, 5), text(&head.name));
    assert_eq!(cell(1, 6), text(&head.id_number), "an ID number stays text");
    assert_eq!(cell(1, 7), text(&first.phone));
    assert_eq!(cell(1, 8), Data::Float(f64::from(first.size())));
    let wages = (0..sheet.width() as u32)
        .find(|c| cell(0, *c) == text("工资性收入"))
        .unwrap();
    assert_eq!(
        cell(1, wages),
        Data::Float(first.income.wages.fen() as f64 / 100.0)
    );

    let members = book.worksheet_range("成员").unwrap();
    assert_eq!(members.height(), people + 1);
    let m = |r: u32, c: u32| members.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(m(0, 5), text("姓名"));
    assert_eq!(m(0, 7), text("证件号码"));
    assert_eq!(m(1, 0), text(&first.id.0));
    assert_eq!(m(1, 5), text(&first.members[0].name));
    assert_eq!(m(1, 7), text(&first.members[0].id_number));
}

fn the_publicity_list_holds_no_id_number_or_phone(s: &TestServer) {
    let (_, rev, _) = people(s);
    let mut h = waiting_for_review();
    h.monitoring.procedure.village_review = Some(days_ago(1));
    h.monitoring.procedure.publicity_start = Some(days_ago(1));
    h.members[1].health.serious_illness = true;
    seed(s, &[h.clone()], &[]);

    let reply = s.get_as(
        &format!("/api/v1/office/publicity?village={V1}"),
        Some(&rev),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let head = h.head().unwrap().name.clone();
    assert!(reply.body.contains(&head), "{}", reply.body);
    let notice = reply.json();
    assert_eq!(notice["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        notice["rows"][0]["publicity_end"],
        json!(days_ago(1) + Days::new(4))
    );
    for m in &h.members {
        assert_eq!(m.id_number.len(), 18);
        assert!(!reply.body.contains(&m.id_number), "{}", reply.body);
    }
    assert!(!h.phone.is_empty() && !reply.body.contains(&h.phone));
    assert!(!reply.body.contains("患有大病") && !reply.body.contains("serious_illness"));

    let masked = s.get_as(
        &format!("/api/v1/office/publicity?village={V1}&names=masked"),
        Some(&rev),
    );
    assert!(!masked.body.contains(&head));
    let bad = s.get_as("/api/v1/office/publicity?village=5323", Some(&rev));
    assert_eq!((bad.status, reason(&bad).as_str()), (400, "bad_request"));
}

fn the_publicity_list_shows_an_exit_once_its_village_review_is_approved(s: &TestServer) {
    let (_, rev, _) = people(s);
    let exiting = exit_ready();
    let id = exiting.id.0.clone();
    let mut identifying = waiting_for_review();
    identifying.monitoring.procedure.village_review = Some(days_ago(1));
    identifying.monitoring.procedure.publicity_start = Some(days_ago(1));
    let bases = seed(s, &[exiting.clone(), identifying.clone()], &[]);
    let path = format!("/api/v1/office/publicity?village={V1}");
    let private = |body: &str| {
        for h in [&exiting, &identifying] {
            for m in &h.members {
                assert_eq!(m.id_number.len(), 18);
                assert!(!body.contains(&m.id_number), "{body}");
            }
            assert!(!h.phone.is_empty() && !body.contains(&h.phone), "{body}");
        }
    };

    // Opened, not yet through village review: not on the notice.
    let started = days_ago(2);
    let opened: Stored = s
        .post(
            &format!("/api/v1/office/households/{id}/exit"),
            Some(&rev),
            &json!({"mode": "natural", "started": started, "base_revision": bases[0]}),
        )
        .parse();
    let before = s.get_as(&path, Some(&rev));
    assert_eq!(before.status, 200, "{}", before.body);
    assert_eq!(before.json()["exits"], json!([]));
    assert_eq!(before.json()["rows"].as_array().unwrap().len(), 1);

    // The village reviewed it on its first day: its 公示 runs from then.
    exit_decision(
        s,
        &rev,
        &id,
        json!({"step": "village_review", "approve": true, "on": started,
               "base_revision": opened.revision}),
    )
    .unwrap();
    let reply = s.get_as(&path, Some(&rev));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let notice = reply.json();
    let head = exiting.head().unwrap().name.clone();
    assert_eq!(
        notice["exits"],
        json!([{
            "household_number": exiting.household_number,
            "head_name": head,
            "household_size": exiting.size(),
            "mode": "natural",
            "risks": exiting.monitoring.risks.iter().map(|r| r.kind).collect::<Vec<_>>(),
            "publicity_start": started,
            "publicity_end": started + Days::new(4),
        }])
    );
    assert_eq!(
        notice["rows"][0]["head_name"],
        json!(identifying.head().unwrap().name)
    );
    private(&reply.body);
    assert!(!reply.body.contains("患有大病") && !reply.body.contains("serious_illness"));

    let masked = s.get_as(&format!("{path}&names=masked"), Some(&rev));
    assert_eq!(masked.status, 200, "{}", masked.body);
    assert_eq!(masked.json()["exits"].as_array().unwrap().len(), 1);
    assert!(!masked.body.contains(&head), "{}", masked.body);
    private(&masked.body);
}

fn the_audit_lists_who_changed_which_field(s: &TestServer) {
    let (worker, rev, _) = people(s);
    let h = waiting_for_review();
    let first = seed(s, std::slice::from_ref(&h), &[])[0];
    // The worker edits the wages from the phone.
    let mut edited = h.clone();
    edited.income.wages = shouwang_domain::Money::yuan(30_000);
    let reply = s.post(
        "/api/v1/sync/push",
        Some(&worker),
        &PushRequest {
            protocol: PROTOCOL_VERSION,
            device_id: DeviceId("phone".into()),
            changes: vec![Change {
                change_id: ChangeId("edit-1".into()),
                base_revision: Some(Revision(first)),
                edited_at: "2026-02-01T09:00:00Z".into(),
                household: edited,
            }],
        },
    );
    assert_eq!(reply.status, 200, "{}", reply.body);

    let audit: Audit = s
        .get_as(
            &format!("/api/v1/office/audit?household={}", h.id.0),
            Some(&rev),
        )
        .parse();
    assert_eq!(audit.entries.len(), 2);
    let latest = &audit.entries[0];
    assert_eq!(
        (latest.username.as_str(), latest.device_id.as_str()),
        ("w1", "phone")
    );
    assert!(!latest.created);
    let paths: Vec<&str> = latest.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["income.wages"]);
    assert_eq!(latest.changes[0].label.as_ref().unwrap().zh, "工资性收入");
    assert_eq!(latest.changes[0].after, Some(json!("30000")));
    assert!(audit.entries[1].created);

    let village: Value = s
        .get_as(
            &format!("/api/v1/office/audit?village={V1}&limit=1"),
            Some(&rev),
        )
        .json();
    assert_eq!(village["entries"].as_array().unwrap().len(), 1);
    assert_eq!(village["entries"][0]["area_code"], V1);
    let neither = s.get_as("/api/v1/office/audit", Some(&rev));
    assert_eq!(
        (neither.status, reason(&neither).as_str()),
        (400, "bad_request")
    );
}
