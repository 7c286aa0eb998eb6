//! The office's imports over real HTTP, each scenario on SQLite and on PostgreSQL (#16): the
//! demo township's export (XLSX and CSV) imports back storing nothing; a hand-made file with
//! bad rows stores only its good household, which the village's phone pulls, and twice stores
//! nothing new; areas, roles and limits; the roster to accounts; 20,000 households.
use std::time::Duration;

use serde_json::Value;
use shouwang_domain::import::people::PeopleReport;
use shouwang_domain::import::report::{ImportJob, JobStatus};
use shouwang_domain::import::ImportReport;
use shouwang_domain::office::export::{households_sheet, members_sheet};
use shouwang_domain::sync::wire::*;
use shouwang_domain::Household;
use shouwang_server::demo;
use shouwang_server::store::Storage;

use crate::both::on_both;
use crate::support::{Reply, TestServer};

const V1: &str = demo::VILLAGES[0].0;
const TOWNSHIP: &str = demo::TOWNSHIP;

on_both!(
    the_demo_townships_export_imports_back_storing_nothing,
    a_bad_file_stores_only_its_good_household_and_twice_nothing_new,
    imports_stay_in_the_callers_areas_and_limits,
    a_roster_becomes_accounts_with_one_time_passwords,
    twenty_thousand_households_import_and_import_again_as_unchanged,
);

/// A `multipart/form-data` body: the text fields, then the files (name, bytes).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----shouwang-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    for (file, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(600)))
            .build(),
    )
}

/// POSTs an upload as `token`.
pub fn upload(
    s: &TestServer,
    path: &str,
    token: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> Reply {
    let (content_type, body) = multipart(fields, files);
    let auth = format!("Bearer {token}");
    s.request(
        "POST",
        path,
        &[("Authorization", &auth), ("Content-Type", &content_type)],
        &body,
    )
}

/// GETs a file's bytes as `token`.
pub fn download(s: &TestServer, path: &str, token: &str) -> Vec<u8> {
    let mut resp = agent()
        .get(format!("{}{path}", s.base()))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{path}");
    resp.body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_vec()
        .unwrap()
}

/// Imports `files` as `token` and waits for the job; returns its report.
pub fn import(s: &TestServer, token: &str, files: &[(&str, &[u8])], dry_run: bool) -> ImportReport {
    let reply = upload(
        s,
        "/api/v1/office/import/households",
        token,
        &[("dry_run", if dry_run { "true" } else { "false" })],
        files,
    );
    assert!(
        matches!(reply.status, 200 | 202),
        "{}: {}",
        reply.status,
        reply.body
    );
    let mut job: ImportJob = reply.parse();
    for _ in 0..6000 {
        if job.status != JobStatus::Running {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        let r = s.get_as(&format!("/api/v1/office/imports/{}", job.id), Some(token));
        assert_eq!(r.status, 200, "{}", r.body);
        job = r.parse();
        assert!(job.done <= job.total, "{job:?}");
    }
    assert_eq!(job.status, JobStatus::Done, "{job:?}");
    job.report.expect("a finished job has its report")
}

/// The number of versions the server holds (its revision counter).
pub fn revisions(s: &TestServer, _token: &str) -> u64 {
    use sqlx::Row;
    let row = s
        .block_on(
            sqlx::query("SELECT value FROM counters WHERE name = 'revision'")
                .fetch_one(s.store.pool()),
        )
        .unwrap();
    row.try_get::<i64, _>(0).unwrap() as u64
}

/// The demo township loaded; the reviewer's and the worker's tokens.
pub fn demo_township(s: &TestServer) -> (String, String) {
    s.block_on(demo::load(
        &s.store,
        &s.state.policy,
        s.state.now(),
        s.state.today(),
    ))
    .expect("demo");
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    s.user("w1", Role::Worker, &[V1]);
    (s.login("rev", "office"), s.login("w1", "phone"))
}

fn the_demo_townships_export_imports_back_storing_nothing(s: &TestServer) {
    let (rev, _) = demo_township(s);
    let before = revisions(s, &rev);
    let xlsx = download(s, "/api/v1/office/export.xlsx", &rev);
    let report = import(s, &rev, &[("shouwang.xlsx", &xlsx)], false);
    assert_eq!(report.errors().count(), 0, "{:#?}", report.problems);
    assert_eq!(
        (report.counts.rows, report.counts.unchanged),
        (48, 48),
        "{:?}",
        report.counts
    );
    let households = download(s, "/api/v1/office/export.csv?sheet=households", &rev);
    let members = download(s, "/api/v1/office/export.csv?sheet=members", &rev);
    let report = import(
        s,
        &rev,
        &[("households.csv", &households), ("members.csv", &members)],
        false,
    );
    assert_eq!(report.errors().count(), 0, "{:#?}", report.problems);
    assert_eq!(report.counts.unchanged, 48, "{:?}", report.counts);
    assert_eq!(revisions(s, &rev), before, "nothing new was stored");
}

/// A valid 居民身份证号 of the demo county.
fn id_number(birth: &str, seq: u32) -> String {
    let first17 = format!("532328{birth}{:03}", seq % 1000);
    format!(
        "{first17}{}",
        shouwang_domain::id_number::check_char(&first17).unwrap()
    )
}

/// A hand-made 户 CSV and 成员 CSV: one good household, and a bad row of each kind.
fn bad_files() -> (String, String) {
    let (good, two, three, five) = (
        id_number("19800101", 601),
        id_number("19800101", 603),
        id_number("19800101", 605),
        id_number("19800101", 607),
    );
    let mut bad_digit = id_number("19850505", 612);
    let last = if bad_digit.ends_with('0') { "1" } else { "0" };
    bad_digit.replace_range(17.., last);
    let spouse = id_number("19820303", 614);
    let son = id_number("20050101", 621);
    let stranger = id_number("19800101", 631);
    let households = format!(
        "\u{feff}户编号,所在地区代码,户主姓名,户主证件号码,户类型,工资性收入\r\n\
         H001,{V1},张一,{good},一般农户,30000\r\n\
         H002,{V1},张二,{two},一般农户,30000\r\n\
         H003,532328100299,张三,{three},一般农户,30000\r\n\
         H004,{V1},,,一般农户,30000\r\n\
         H005,{V1},张五,{five},脱贫户,三万\r\n"
    );
    let row = |n: &str, name: &str, id: &str, sex: &str, birth: &str, rel: &str| {
        format!("{n},{name},'{id},{sex},{birth},{rel},初中,普通劳动力,是,是\r\n")
    };
    let members = [
        "\u{feff}户编号,姓名,证件号码,性别,出生日期,与户主关系,文化程度,劳动技能,是否参加基本医疗保险,是否参加基本养老保险\r\n".to_owned(),
        row("H001", "张一", &good, "男", "1980-01-01", "户主"),
        row("H001", "李一", &spouse, "女", "1982-03-03", "配偶"),
        row("H002", "张二", &two, "男", "1980-01-01", "户主"),
        row("H002", "李二", &bad_digit, "女", "1985-05-05", "配偶"),
        row("H003", "张三", &three, "男", "1980-01-01", "户主"),
        row("H004", "张四", &son, "男", "2005-01-01", "之子"),
        row("H005", "张五", &five, "男", "1980-01-01", "户主"),
        row("H999", "王九", &stranger, "男", "1980-01-01", "户主"),
    ]
    .concat();
    (households, members)
}

fn a_bad_file_stores_only_its_good_household_and_twice_nothing_new(s: &TestServer) {
    let (rev, worker) = demo_township(s);
    let (h, m) = bad_files();
    let files: [(&str, &[u8]); 2] = [("户.csv", h.as_bytes()), ("成员.csv", m.as_bytes())];
    let dry = import(s, &rev, &files, true);
    assert!(dry.dry_run);
    let found: Vec<(String, u32, String, String)> = dry
        .errors()
        .map(|p| {
            (
                p.at.file.clone(),
                p.at.row.unwrap_or(0),
                p.at.column.clone().unwrap_or_default(),
                p.code.clone(),
            )
        })
        .collect();
    for expected in [
        ("成员.csv", 9, "户编号", "import.household_missing"),
        ("成员.csv", 5, "证件号码", "id_number.checksum"),
        ("户.csv", 4, "所在地区代码", "import.unknown_village"),
        ("户.csv", 5, "", "relation.head_missing"),
        ("户.csv", 6, "工资性收入", "import.bad_cell"),
    ] {
        let e = (
            expected.0.to_owned(),
            expected.1,
            expected.2.to_owned(),
            expected.3.to_owned(),
        );
        assert!(found.contains(&e), "{e:?} not in {found:#?}");
    }
    assert!(dry
        .problems
        .iter()
        .all(|p| !p.message.zh.is_empty() && !p.message.en.is_empty()));
    let before = revisions(s, &rev);
    assert_eq!((dry.counts.new, dry.counts.refused), (1, 4));
    assert_eq!(revisions(s, &rev), before, "a dry run stores nothing");

    let done = import(s, &rev, &files, false);
    assert_eq!(
        (done.counts.new, done.counts.refused),
        (1, 4),
        "{:?}",
        done.counts
    );
    assert_eq!(revisions(s, &rev), before + 1, "one household, one version");
    // The village's phone gets it at its next sync, with its members.
    let pulled: PullResponse = s
        .post("/api/v1/sync/pull", Some(&worker), &serde_json::json!({"protocol": 1, "device_id": "phone", "cursor": before, "limit": 100}))
        .parse();
    assert_eq!(pulled.households.len(), 1);
    let h: &Household = &pulled.households[0].household;
    assert_eq!((h.household_number.as_str(), h.members.len()), ("H001", 2));
    assert_eq!(
        h.area.name,
        demo::VILLAGES[0].1,
        "the village's stored name"
    );
    let history = s
        .get_as(
            &format!("/api/v1/households/{}/history", h.id.0),
            Some(&rev),
        )
        .json();
    assert_eq!(
        history["versions"][0]["username"], "rev",
        "the history says who imported it"
    );

    let again = import(s, &rev, &files, false);
    assert_eq!(
        (again.counts.new, again.counts.unchanged),
        (0, 1),
        "{:?}",
        again.counts
    );
    assert_eq!(
        revisions(s, &rev),
        before + 1,
        "the same file twice: nothing new"
    );
}

fn reason(reply: &Reply) -> String {
    let v: Value = reply.json();
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

fn imports_stay_in_the_callers_areas_and_limits(s: &TestServer) {
    let (rev, worker) = demo_township(s);
    s.user("far", Role::Reviewer, &["532328101"]);
    let far = s.login("far", "far-office");
    let (h, m) = bad_files();
    let files: [(&str, &[u8]); 2] = [("户.csv", h.as_bytes()), ("成员.csv", m.as_bytes())];
    let r = upload(
        s,
        "/api/v1/office/import/households",
        &worker,
        &[("dry_run", "true")],
        &files,
    );
    assert_eq!((r.status, reason(&r).as_str()), (403, "forbidden_role"));
    let other = import(s, &far, &files, false);
    assert_eq!(
        other.counts.new, 0,
        "another township's reviewer stores nothing: {:?}",
        other.counts
    );
    assert!(
        other.errors().any(|p| p.code == "import.outside_area"),
        "{:#?}",
        other.problems
    );
    // The export of the township, imported by the other township: every row outside its areas.
    let xlsx = download(s, "/api/v1/office/export.xlsx", &rev);
    let other = import(s, &far, &[("x.xlsx", &xlsx)], false);
    assert_eq!(
        (other.counts.refused, other.counts.new),
        (48, 0),
        "{:?}",
        other.counts
    );
    let unknown = other
        .errors()
        .filter(|p| p.code == "import.unknown_record")
        .count();
    assert_eq!(
        unknown, 48,
        "a record id outside the caller's areas is no household of theirs"
    );
    // Limits: a file too large, an upload without a file.
    let huge = vec![b'x'; (s.state.import_rules.limits.max_file_bytes + 1) as usize];
    let r = upload(
        s,
        "/api/v1/office/import/households",
        &rev,
        &[("dry_run", "true")],
        &[("big.csv", &huge)],
    );
    let report = r.parse::<ImportJob>().report.unwrap();
    assert_eq!(
        report.problems[0].code,
        "import.file_too_large",
        "{r:?}",
        r = r.body
    );
    let r = upload(
        s,
        "/api/v1/office/import/households",
        &rev,
        &[("dry_run", "true")],
        &[],
    );
    assert_eq!((r.status, reason(&r).as_str()), (400, "no_file"));
    // Every field of an upload has its limit, and a field the call does not take is refused.
    let long_name = format!("{}.csv", "户".repeat(256));
    let r = upload(
        s,
        "/api/v1/office/import/households",
        &rev,
        &[("dry_run", "true")],
        &[(&long_name, b"a,b\r\n")],
    );
    assert_eq!(
        (r.status, reason(&r).as_str()),
        (422, "too_long"),
        "{}",
        r.body
    );
    assert!(r.json()["message"]["zh"]
        .as_str()
        .unwrap()
        .contains("文件名最多 255 个字"));
    let r = upload(
        s,
        "/api/v1/office/leads/upload",
        &rev,
        &[("source", &"m".repeat(33)), ("month", "2026-11")],
        &[("list.csv", b"a,b\r\n")],
    );
    assert_eq!(
        (r.status, reason(&r).as_str()),
        (422, "too_long"),
        "{}",
        r.body
    );
    assert!(r.json()["message"]["en"]
        .as_str()
        .unwrap()
        .contains("at most 32 characters"));
    let r = upload(
        s,
        "/api/v1/office/import/households",
        &rev,
        &[("dry_run", "true"), ("note", "x")],
        &[("a.csv", b"a,b\r\n")],
    );
    assert_eq!(
        (r.status, reason(&r).as_str()),
        (400, "unknown_field"),
        "{}",
        r.body
    );
    let r = s.get_as("/api/v1/office/imports/nope", Some(&rev));
    assert_eq!((r.status, reason(&r).as_str()), (404, "not_found"));
}

fn a_roster_becomes_accounts_with_one_time_passwords(s: &TestServer) {
    let (rev, _) = demo_township(s);
    let roster = format!(
        "姓名,手机号码,角色,负责村\r\n李新,13800000001,驻村干部,{V1}\r\n王新,13800000002,审核员,{TOWNSHIP}\r\n赵外,13800000003,驻村干部,532328101201\r\n"
    );
    let r = upload(
        s,
        "/api/v1/office/import/people",
        &rev,
        &[("dry_run", "false")],
        &[("名单.csv", roster.as_bytes())],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let report: PeopleReport = r.parse();
    assert_eq!(report.created.len(), 2);
    assert_eq!(
        report.problems.len(),
        1,
        "the other township's village is refused"
    );
    let password = report.created[0].password.clone().unwrap();
    let login = s.post("/api/v1/auth/login", None, &serde_json::json!({"username": "13800000001", "password": password, "device_id": "new-phone"}));
    assert_eq!(login.status, 200, "{}", login.body);
    let account = login.parse::<LoginResponse>().account;
    assert!(account.must_change_password, "a one-time password");
    assert_eq!(
        (account.role, account.areas),
        (Role::Worker, vec![V1.to_owned()])
    );
    let again: PeopleReport = upload(
        s,
        "/api/v1/office/import/people",
        &rev,
        &[],
        &[("名单.csv", roster.as_bytes())],
    )
    .parse();
    assert!(again.created.is_empty(), "nobody twice, no password reset");
    assert_eq!(again.existing, ["13800000001", "13800000002"]);
}

/// `n` households over 20 villages of the township, each with distinct numbers.
fn township(n: usize) -> Vec<Household> {
    let samples: Vec<Household> = demo::SAMPLES
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let mut h = samples[i % samples.len()].clone();
            h.id.0 = format!("00000000-0000-7000-9000-{i:012}");
            h.area.code = format!("{TOWNSHIP}{:03}", 201 + i % 20);
            h.area.name = format!("元马镇第{}村", i % 20 + 1);
            h.household_number = format!("{}{i:05}", h.area.code);
            h
        })
        .collect()
}

fn twenty_thousand_households_import_and_import_again_as_unchanged(s: &TestServer) {
    s.user("rev", Role::Reviewer, &[TOWNSHIP]);
    // The villages are known from their worker (one worker for all 20: one password hash).
    let villages: Vec<String> = (0..20)
        .map(|v| format!("{TOWNSHIP}{:03}", 201 + v))
        .collect();
    s.user(
        "w",
        Role::Worker,
        &villages.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let rev = s.login("rev", "office");
    let all = township(20_000);
    let (h, m) = (
        households_sheet(&all).to_csv(),
        members_sheet(&all).to_csv(),
    );
    // The file's record ids are not the server's: leave them out, as a file from elsewhere.
    let strip = |csv: &str| {
        csv.lines()
            .map(|l| l.split_once(',').map_or(l, |(_, rest)| rest).to_owned() + "\r\n")
            .collect::<String>()
    };
    // A new household's natural disaster needs its kind, which the export's risk list leaves out.
    let (h, m) = (
        strip(&h).replace("因自然灾害", "因自然灾害（洪涝）"),
        strip(&m),
    );
    let files: [(&str, &[u8]); 2] = [("户.csv", h.as_bytes()), ("成员.csv", m.as_bytes())];
    let first = import(s, &rev, &files, false);
    assert_eq!(
        first.errors().count(),
        0,
        "{:#?}",
        &first.problems[..first.problems.len().min(5)]
    );
    assert_eq!(
        (first.counts.rows, first.counts.new),
        (20_000, 20_000),
        "{:?}",
        first.counts
    );
    assert_eq!(s.block_on(s.store.household_count()).unwrap(), 20_000);
    let again = import(s, &rev, &files, true);
    assert_eq!(again.counts.unchanged, 20_000, "{:?}", again.counts);
}
