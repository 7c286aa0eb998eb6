//! Backups (issue 12, item 5): a snapshot taken while phones push restores with every push
//! acknowledged before it, each whole; a restore checks its file, keeps what it replaces and
//! waits for the server to stop.
use std::collections::HashMap;
use std::sync::Mutex;

use shouwang_domain::sync::wire::*;
use shouwang_domain::sync::Scope;
use shouwang_domain::Household;
use shouwang_server::backup::{self, ServerLock};
use shouwang_server::store::{SqlStore, Storage};
use shouwang_server::Limits;

use crate::http_support::{Db, TestServer};

const VILLAGE: &str = "532328100201";
const PUSHES: usize = 120;

fn household(n: usize) -> Household {
    let mut h: Household =
        serde_json::from_str(include_str!("../../../domain/samples/01_edge_illness.json")).unwrap();
    h.id.0 = format!("00000000-0000-7000-8000-{n:012}");
    h.area.code = VILLAGE.into();
    h
}

/// Every household of a restored database, by id.
fn households(url: &str) -> HashMap<String, serde_json::Value> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = SqlStore::open(url).await.unwrap();
        let all = store
            .households(&Scope::new(vec![String::new()]))
            .await
            .unwrap();
        store.close().await;
        all.into_iter()
            .map(|(_, h)| (h.id.0.clone(), serde_json::to_value(&h).unwrap()))
            .collect()
    })
}

#[test]
fn a_backup_taken_during_pushes_restores_with_every_acknowledged_record() {
    let dir = tempfile::tempdir().unwrap();
    let live = format!("sqlite://{}/live.db", dir.path().display());
    let s = TestServer::on_url(Db::Sqlite, &live, Limits::default());
    s.user("li", Role::Worker, &[VILLAGE]);
    let token = s.login("li", "phone");
    let acked: Mutex<Vec<(String, serde_json::Value)>> = Mutex::new(Vec::new());
    let file = dir.path().join("backup.db");

    let (before, summary) = std::thread::scope(|scope| {
        scope.spawn(|| {
            for n in 0..PUSHES {
                let h = household(n);
                let reply = s.post(
                    "/api/v1/sync/push",
                    Some(&token),
                    &PushRequest {
                        protocol: PROTOCOL_VERSION,
                        device_id: DeviceId("phone".into()),
                        changes: vec![Change {
                            change_id: ChangeId(format!("c-{n}")),
                            base_revision: None,
                            edited_at: "2026-11-30T08:00:00Z".into(),
                            household: h.clone(),
                        }],
                    },
                );
                assert_eq!(reply.status, 200, "{}", reply.body);
                let answer: PushResponse = reply.parse();
                assert_eq!(
                    answer.results[0].status,
                    PushStatus::Stored,
                    "{:?}",
                    answer.results[0]
                );
                acked
                    .lock()
                    .unwrap()
                    .push((h.id.0.clone(), serde_json::to_value(&h).unwrap()));
            }
        });
        // Once pushes are well under way, a backup while they go on.
        while acked.lock().unwrap().len() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let before = acked.lock().unwrap().clone();
        let summary = s
            .block_on(backup::snapshot(&live, &file))
            .expect("snapshot");
        (before, summary)
    });
    let all = acked.into_inner().unwrap();
    assert_eq!(all.len(), PUSHES);
    assert!(summary.households >= before.len() as i64);

    let restored_url = format!("sqlite://{}/restored/shouwang.db", dir.path().display());
    let restored = s.block_on(backup::restore(&restored_url, &file)).unwrap();
    assert!(restored.kept.is_none(), "nothing was there to replace");
    let got = households(&restored_url);
    for (id, body) in &before {
        assert_eq!(
            got.get(id),
            Some(body),
            "acknowledged before the backup: {id}"
        );
    }
    let pushed: HashMap<_, _> = all.into_iter().collect();
    for (id, body) in &got {
        assert_eq!(
            pushed.get(id),
            Some(body),
            "only whole, acknowledged pushes: {id}"
        );
    }
    assert_eq!(got.len() as i64, summary.households);
    println!(
        "backup during pushes: {} acknowledged before it, {} in it, {} pushed in all",
        before.len(),
        got.len(),
        PUSHES
    );
}

#[test]
fn a_restore_waits_for_the_server_checks_its_file_and_keeps_what_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/shouwang.db", dir.path().display());
    let db = backup::sqlite_file(&url).unwrap();
    let (first, second) = (dir.path().join("first.db"), dir.path().join("second.db"));
    {
        let s = TestServer::on_url(Db::Sqlite, &url, Limits::default());
        s.user("li", Role::Worker, &[VILLAGE]);
        s.block_on(backup::snapshot(&url, &first)).unwrap();
        s.user("wang", Role::Worker, &[VILLAGE]);
        s.block_on(backup::snapshot(&url, &second)).unwrap();
        let taken = s.block_on(backup::snapshot(&url, &second)).unwrap_err();
        assert!(format!("{taken:#}").contains("exists"), "{taken:#}");
        s.block_on(s.store.close());
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();

    // A running server holds the database: no restore under it.
    let lock = ServerLock::take(&db).unwrap();
    let refused = runtime.block_on(backup::restore(&url, &first)).unwrap_err();
    assert!(
        format!("{refused:#}").contains("stop the server"),
        "{refused:#}"
    );
    drop(lock);

    // Not a backup: refused, the database untouched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some bytes").unwrap();
    assert!(runtime.block_on(backup::restore(&url, &junk)).is_err());
    assert_eq!(runtime.block_on(backup::check(&db)).unwrap().users, 2);

    let restored = runtime.block_on(backup::restore(&url, &first)).unwrap();
    assert_eq!(restored.summary.users, 1);
    let kept = restored.kept.expect("the replaced database is kept");
    assert_eq!(runtime.block_on(backup::check(&kept)).unwrap().users, 2);
    assert_eq!(runtime.block_on(backup::check(&db)).unwrap().users, 1);
    // And the restored database starts (migrated, usable).
    let s = TestServer::on_url(Db::Sqlite, &url, Limits::default());
    assert_eq!(s.block_on(s.store.user_count()).unwrap(), 1);
}

#[test]
fn postgresql_is_backed_up_with_its_own_tools() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let file = std::path::Path::new("/nonexistent/backup");
    let err = runtime
        .block_on(backup::snapshot("postgres://u@h/db", file))
        .unwrap_err();
    assert!(format!("{err:#}").contains("pg_dump"), "{err:#}");
    let err = runtime
        .block_on(backup::restore("postgres://u@h/db", file))
        .unwrap_err();
    assert!(format!("{err:#}").contains("pg_restore"), "{err:#}");
}
