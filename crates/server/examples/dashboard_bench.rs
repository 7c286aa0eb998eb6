//! Office dashboard benchmark: prints figures, asserts nothing about time.
//!
//! Builds a township of 20,000 households (the domain's 12 sample households with fresh ids,
//! spread over 20 villages), stored twice — a version received 400 days ago and the current one —
//! so the dashboard reads both the current records and "a year ago" from the history. Then it serves
//! the API in-process on loopback and times `GET /api/v1/office/dashboard` as the township
//! reviewer, and separately the domain's computation alone.
//!
//! ```sh
//! cargo run --release -p shouwang-server --example dashboard_bench -- --db sqlite
//! cargo run --release -p shouwang-server --example dashboard_bench -- --db postgres \
//!     --postgres-url postgres://postgres@127.0.0.1:5432/postgres
//! ```
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, ValueEnum};

use shouwang_domain::sync::wire::{Account, Change, ChangeId, DeviceId, Role};
use shouwang_domain::sync::Via;
use shouwang_domain::{Household, Policy};
use shouwang_server::store::{NewUser, PushContext, Session, SqlStore, Storage};
use shouwang_server::{auth, AppState, Limits};

const TOWNSHIP: &str = "532328100";
const PASSWORD: &str = "bench-password-1";
use shouwang_server::demo::SAMPLES;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Parser)]
struct Args {
    #[arg(long, value_enum, default_value = "sqlite")]
    db: DbKind,
    /// A PostgreSQL cluster URL (a fresh database is created in it); default
    /// `SHOUWANG_TEST_POSTGRES_URL`.
    #[arg(long, env = "SHOUWANG_TEST_POSTGRES_URL")]
    postgres_url: Option<String>,
    #[arg(long, default_value_t = 20_000)]
    households: usize,
    #[arg(long, default_value_t = 20)]
    villages: usize,
    /// Timed requests (after one warm-up).
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn township(n: usize, villages: usize) -> Vec<Household> {
    let samples: Vec<Household> = SAMPLES
        .iter()
        .map(|s| serde_json::from_str(s).expect("the domain's samples are households"))
        .collect();
    (0..n)
        .map(|i| {
            let mut h = samples[i % samples.len()].clone();
            let v = i % villages;
            h.id.0 = format!("00000000-0000-7000-9000-{i:012}");
            h.area.code = format!("{TOWNSHIP}{:03}", 201 + v);
            h.area.name = format!("元马镇第{}村", v + 1);
            h.household_number = format!("{}{:05}", h.area.code, i);
            h
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let dir = tempfile::tempdir()?;
    let mut drop_after: Option<(String, String)> = None;
    let url = match args.db {
        DbKind::Sqlite => format!("sqlite://{}/bench.db", dir.path().display()),
        DbKind::Postgres => {
            let admin = args
                .postgres_url
                .clone()
                .context("--postgres-url or SHOUWANG_TEST_POSTGRES_URL is needed for postgres")?;
            let name = format!("dashboard_bench_{}", &auth::new_token()[..12]);
            runtime.block_on(async {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await?;
                anyhow::Ok(())
            })?;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            let url = format!("{base}/{name}");
            drop_after = Some((admin, name));
            url
        }
    };
    let store = runtime.block_on(SqlStore::open(&url))?;
    let households = township(args.households, args.villages);
    println!(
        "dashboard bench: {:?}, {} households in {} villages of township {TOWNSHIP}",
        args.db, args.households, args.villages
    );

    // Seed: every household twice (a year-old version, then the current one).
    let loader = Session {
        account: Account {
            username: "loader".into(),
            display_name: "loader".into(),
            role: Role::Admin,
            areas: vec![TOWNSHIP.into()],
            must_change_password: false,
        },
        device_id: DeviceId("loader".into()),
    };
    let state = AppState::new(store.clone(), Limits::default());
    let ctx = PushContext {
        session: &loader,
        via: Via::Office,
        policy: &state.policy,
        now: state.now(),
        today: state.today(),
    };
    let started = Instant::now();
    let mut revisions = Vec::with_capacity(households.len());
    for batch in households.chunks(1000) {
        let changes = batch
            .iter()
            .map(|h| Change {
                change_id: ChangeId(format!("old-{}", h.id.0)),
                base_revision: None,
                edited_at: "2025-10-01T08:00:00Z".into(),
                household: h.clone(),
            })
            .collect();
        let results = runtime.block_on(store.push(ctx, changes))?;
        revisions.extend(results.into_iter().map(|r| r.revision));
    }
    runtime.block_on(
        sqlx::query("UPDATE history SET received_at = '2025-10-01T08:00:00.000Z'")
            .execute(store.pool()),
    )?;
    for (batch, revs) in households.chunks(1000).zip(revisions.chunks(1000)) {
        let changes = batch
            .iter()
            .zip(revs)
            .map(|(h, r)| {
                let mut h = h.clone();
                h.income.wages += shouwang_domain::Money::yuan(1_000);
                Change {
                    change_id: ChangeId(format!("new-{}", h.id.0)),
                    base_revision: *r,
                    edited_at: "2026-11-01T08:00:00Z".into(),
                    household: h,
                }
            })
            .collect();
        runtime.block_on(store.push(ctx, changes))?;
    }
    println!(
        "seeded {} versions in {}",
        2 * households.len(),
        ms(started.elapsed())
    );

    runtime.block_on(store.create_user(NewUser {
        username: "reviewer".into(),
        display_name: "reviewer".into(),
        role: Role::Reviewer,
        areas: vec![TOWNSHIP.into()],
        password_hash: auth::hash_password(PASSWORD),
        must_change_password: false,
    }))?;
    let dist = tempfile::tempdir()?;
    std::fs::write(dist.path().join("index.html"), "<!doctype html>")?;
    let router = shouwang_server::router(dist.path().to_path_buf(), state.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        axum::serve(listener, router).await.expect("serve");
    });
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build(),
    );
    let request = serde_json::json!({"username": "reviewer", "password": PASSWORD,
        "device_id": "bench", "device_name": "bench"});
    let login: serde_json::Value = serde_json::from_slice(
        &agent
            .post(format!("http://{addr}/api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .send(&serde_json::to_vec(&request)?)?
            .body_mut()
            .read_to_vec()?,
    )?;
    let token = login["token"].as_str().context("login")?.to_owned();

    let mut times = Vec::new();
    let mut size = 0;
    for run in 0..=args.runs {
        let t = Instant::now();
        let mut resp = agent
            .get(format!("http://{addr}/api/v1/office/dashboard"))
            .header("Authorization", &format!("Bearer {token}"))
            .call()?;
        anyhow::ensure!(resp.status() == 200, "dashboard answered {}", resp.status());
        let body = resp.body_mut().with_config().limit(1 << 30).read_to_vec()?;
        if run > 0 {
            times.push(t.elapsed());
        }
        size = body.len();
        if run == 0 {
            let board: shouwang_domain::office::Dashboard = serde_json::from_slice(&body)?;
            println!(
                "dashboard: {} households, {} villages, {} formerly poor households a year ago, {} scale alerts, {} KB of JSON",
                board.total.households,
                board.villages.len(),
                board.total.formerly_poor_income.year_ago_households,
                board.scale_alerts.len(),
                size / 1024
            );
        }
    }
    println!(
        "GET /api/v1/office/dashboard over HTTP ({} runs): median {}, min {}, max {} ({} KB)",
        times.len(),
        ms(median(times.clone())),
        ms(*times.iter().min().expect("runs")),
        ms(*times.iter().max().expect("runs")),
        size / 1024
    );

    // The same, split: reading from the database, and the domain's computation alone.
    let scope = loader.scope();
    let t = Instant::now();
    let now = runtime.block_on(store.households(&scope))?;
    let ago = runtime.block_on(store.households_as_of(&scope, "2025-12-01"))?;
    let read = t.elapsed();
    let now: Vec<Household> = now.into_iter().map(|(_, h)| h).collect();
    let policy = Policy::builtin();
    let day = chrono::Local::now().date_naive();
    let t = Instant::now();
    let board = shouwang_domain::office::dashboard(&now, &ago, &policy, day);
    let compute = t.elapsed();
    println!(
        "of which: read {} current + {} year-old versions {}; domain dashboard() {} ({} villages)",
        now.len(),
        ago.len(),
        ms(read),
        ms(compute),
        board.villages.len()
    );
    runtime.block_on(store.close());
    if let Some((admin, name)) = drop_after {
        runtime.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin).await?;
            sqlx::query(&format!("DROP DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            anyhow::Ok(())
        })?;
    }
    Ok(())
}
