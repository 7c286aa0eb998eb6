//! Sync benchmark: prints figures, asserts nothing about time (see `scripts/bench-server`).
//!
//! Runs the real `shouwang` binary as a separate process on loopback, on a fresh SQLite file or a
//! fresh PostgreSQL database, and drives it over HTTP like phones do:
//!
//! 1. one device pushes 10 batches of 1,000 distinct households (bulk ingest);
//! 2. 200 devices (200 logins over 4 worker accounts, one village each) push 50 households each,
//!    all at once, in batches of 10 and then of 50: latency of every push request and throughput
//!    (after 20 pushes of one device alone, for the latency of a push that does not queue).
//!
//! Households are the domain's 12 sample households (`crates/domain/samples`) with fresh ids, moved
//! to the bench villages. At the end every household is pulled back over HTTP (as a county admin)
//! and counted in the database: the run fails unless the server holds exactly what was sent.
//!
//! ```sh
//! cargo build --release -p shouwang-server --bin shouwang --example sync_bench
//! target/release/examples/sync_bench --db sqlite
//! target/release/examples/sync_bench --db postgres --postgres-url postgres://postgres@127.0.0.1:5432/postgres
//! ```
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use clap::{Parser, ValueEnum};
use serde::de::DeserializeOwned;
use serde::Serialize;

use shouwang_domain::sync::wire::{
    Account, Change, ChangeId, ChangePasswordRequest, DeviceId, LoginRequest, LoginResponse,
    PullRequest, PullResponse, PushRequest, PushResponse, PushStatus, PROTOCOL_VERSION,
};
use shouwang_domain::Household;
use shouwang_server::store::{SqlStore, Storage};

/// ODK Central's published figure: 41 submissions/s on a 2 GB VM.
const ODK_PER_SECOND: f64 = 41.0;
const PASSWORD: &str = "bench-password-1";
/// The county of the bench villages (元谋县), and its township.
const COUNTY: &str = "532328";
const TOWNSHIP: &str = "532328100";

use shouwang_server::demo::SAMPLES;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Db {
    Sqlite,
    Postgres,
}

/// Sync benchmark against the real `shouwang` binary over loopback.
#[derive(Debug, Parser)]
struct Args {
    /// The database to run on: a fresh SQLite file, or a fresh database in a PostgreSQL cluster.
    #[arg(long, value_enum)]
    db: Db,
    /// A PostgreSQL cluster URL allowed to CREATE DATABASE (needed with --db postgres).
    #[arg(long, env = "SHOUWANG_TEST_POSTGRES_URL")]
    postgres_url: Option<String>,
    /// The `shouwang` binary [default: ../shouwang beside this program, i.e. target/release].
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Bulk ingest: pushes from one device …
    #[arg(long, default_value_t = 10)]
    bulk_pushes: usize,
    /// … of this many households each.
    #[arg(long, default_value_t = 1000)]
    bulk_size: usize,
    /// Simulated devices pushing at the same time.
    #[arg(long, default_value_t = 200)]
    devices: usize,
    /// Worker accounts (one village each) the devices are spread over.
    #[arg(long, default_value_t = 4)]
    accounts: usize,
    /// Households each device pushes.
    #[arg(long, default_value_t = 50)]
    per_device: usize,
    /// Households per push request in the many-device runs (one run per value).
    #[arg(long, value_delimiter = ',', default_value = "10,50")]
    batches: Vec<usize>,
    /// Append the summary rows (tab-separated) to this file.
    #[arg(long)]
    summary: Option<PathBuf>,
    /// Write the server's process id here, so a calling script can stop it whatever happens.
    #[arg(long)]
    server_pid_file: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    ensure!(
        args.accounts >= 1 && args.accounts <= 99,
        "--accounts 1..99"
    );
    ensure!(args.devices >= 1 && args.bulk_size >= 1 && args.per_device >= 1);
    for &b in &args.batches {
        ensure!(
            b >= 1 && args.per_device % b == 0,
            "a batch size must divide --per-device ({b} does not divide {})",
            args.per_device
        );
    }
    let bin = match &args.bin {
        Some(bin) => bin.clone(),
        None => std::env::current_exe()?
            .parent()
            .and_then(Path::parent)
            .context("no folder above this program")?
            .join("shouwang"),
    };
    ensure!(bin.is_file(), "no shouwang binary at {}", bin.display());
    let work = tempfile::tempdir()?;
    fs::write(
        work.path().join("index.html"),
        "<!doctype html><title>bench</title>",
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;

    let (label, database_url, pg_database) = match args.db {
        Db::Sqlite => {
            let url = format!("sqlite://{}/bench.db", work.path().display());
            println!("database: a fresh SQLite file (WAL, synchronous = FULL), {url}");
            ("SQLite", url, None)
        }
        Db::Postgres => {
            let admin = args
                .postgres_url
                .clone()
                .context("--db postgres needs --postgres-url (or SHOUWANG_TEST_POSTGRES_URL)")?;
            let name = format!("sync_bench_{}", std::process::id());
            let settings = runtime.block_on(create_database(&admin, &name))?;
            println!("database: a fresh PostgreSQL database {name} ({settings})");
            (
                "PostgreSQL",
                with_database(&admin, &name),
                Some((admin, name)),
            )
        }
    };

    let result = run(&args, &bin, work.path(), label, &database_url, &runtime);
    if let Some((admin, name)) = pg_database {
        if let Err(e) = runtime.block_on(drop_database(&admin, &name)) {
            eprintln!("warning: cannot drop the bench database {name}: {e:#}");
        }
    }
    result
}

fn run(
    args: &Args,
    bin: &Path,
    work: &Path,
    label: &str,
    database_url: &str,
    runtime: &tokio::runtime::Runtime,
) -> anyhow::Result<()> {
    // Accounts through the command line, as an administrator makes them; each has a one-time
    // password that is changed over HTTP before the first sync.
    let villages: Vec<String> = (1..=args.accounts)
        .map(|i| format!("{TOWNSHIP}{i:03}"))
        .collect();
    let mut accounts = Vec::new();
    for (i, village) in villages.iter().enumerate() {
        let name = format!("worker{}", i + 1);
        let otp = user_add(bin, database_url, &name, "worker", village)?;
        accounts.push((name, otp));
    }
    let admin_otp = user_add(bin, database_url, "county", "admin", COUNTY)?;

    let server = Server::start(bin, database_url, work, args.server_pid_file.as_deref())?;
    println!(
        "server:   {} (pid {}), on {}",
        bin.display(),
        server.child.id(),
        server.base
    );
    let client = Client::new(&server.base);
    let mut passwords_changed = 0;
    for (name, otp) in accounts
        .iter()
        .chain(std::iter::once(&("county".to_owned(), admin_otp)))
    {
        let token = client.login(name, otp, "setup")?;
        let account: Account = client.post(
            "/api/v1/auth/password",
            Some(&token),
            &ChangePasswordRequest {
                old_password: otp.clone(),
                new_password: PASSWORD.into(),
            },
        )?;
        ensure!(!account.must_change_password);
        passwords_changed += 1;
    }
    println!(
        "accounts: {} workers (villages {}…{}), 1 county admin; {passwords_changed} one-time passwords changed",
        args.accounts,
        villages[0],
        villages[villages.len() - 1]
    );
    println!(
        "records:  the {} domain samples with fresh ids, {:.1} KB of JSON each on average",
        SAMPLES.len(),
        SAMPLES.iter().map(|s| s.len()).sum::<usize>() as f64 / SAMPLES.len() as f64 / 1000.0
    );

    let samples: Vec<Household> = SAMPLES
        .iter()
        .map(|s| serde_json::from_str(s))
        .collect::<Result<_, _>>()
        .context("a domain sample does not parse")?;
    let mut ids = Ids::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut errors = 0usize;

    // 1. Bulk ingest from one device.
    section(&format!(
        "1. one device, {} pushes of {} households ({label})",
        args.bulk_pushes, args.bulk_size
    ));
    let token = client.login(&accounts[0].0, PASSWORD, "bulk-device")?;
    let bodies: Vec<Vec<u8>> = (0..args.bulk_pushes)
        .map(|_| {
            let changes: Vec<Change> = (0..args.bulk_size)
                .map(|_| ids.change(&samples, &villages[0]))
                .collect();
            push_body("bulk-device", changes)
        })
        .collect();
    let mut times = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let started = Instant::now();
        let outcome = client.push(&token, body);
        let took = started.elapsed();
        match outcome.and_then(|r| all_stored(&r, args.bulk_size)) {
            Ok(()) => times.push(took),
            Err(e) => {
                errors += 1;
                eprintln!("push {} failed: {e:#}", i + 1);
            }
        }
    }
    let total: Duration = times.iter().sum();
    let households = times.len() * args.bulk_size;
    let rate = households as f64 / total.as_secs_f64();
    println!(
        "request body: {:.1} MB of JSON per push (uncompressed)",
        bodies[0].len() as f64 / 1e6
    );
    println!(
        "per push:     {} ms",
        times
            .iter()
            .map(|t| format!("{:.0}", ms(*t)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let stats = Stats::of(&times);
    println!(
        "{households} households in {:.2} s: {:.0} households/s ({:.1}× ODK Central's 41/s); \
         per push p50 {:.0} ms, max {:.0} ms",
        total.as_secs_f64(),
        rate,
        rate / ODK_PER_SECOND,
        stats.p50,
        stats.max
    );
    rows.push(Row {
        scenario: format!("1 device, {}/push", args.bulk_size),
        requests: times.len(),
        households,
        stats,
        rate,
    });
    drop(bodies);

    // 2. Many devices at once.
    section(&format!(
        "2. {} devices ({} logins over {} accounts) pushing {} households each ({label})",
        args.devices, args.devices, args.accounts, args.per_device
    ));
    let started = Instant::now();
    let tokens = login_devices(&server.base, &accounts, args.devices)?;
    println!(
        "{} logins (argon2 each) in {:.2} s",
        tokens.len(),
        started.elapsed().as_secs_f64()
    );
    // The same requests with nobody else pushing: what a push costs when it does not queue.
    let idle_batch = args.batches[0];
    let idle: Vec<Vec<u8>> = (0..20)
        .map(|_| {
            let changes = (0..idle_batch)
                .map(|_| ids.change(&samples, &villages[0]))
                .collect();
            push_body("device-000", changes)
        })
        .collect();
    let (latencies, failed, wall) = many_devices(
        &server.base,
        vec![("device-000".into(), tokens[0].clone(), idle)],
        idle_batch,
    );
    errors += failed;
    let stats = Stats::of(&latencies);
    let rate = (latencies.len() * idle_batch) as f64 / wall.as_secs_f64();
    println!(
        "alone first: 1 device, {} pushes of {idle_batch}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        stats.p50,
        stats.p99,
        stats.max
    );
    rows.push(Row {
        scenario: format!("1 device alone, {idle_batch}/push"),
        requests: latencies.len(),
        households: latencies.len() * idle_batch,
        stats,
        rate,
    });
    for &batch in &args.batches {
        let pushes_per_device = args.per_device / batch;
        // Every body is made before the clock starts, so the clients' work on these two cores is
        // sending and reading only.
        let work: Vec<(String, String, Vec<Vec<u8>>)> = tokens
            .iter()
            .enumerate()
            .map(|(d, token)| {
                let device = format!("device-{d:03}");
                let village = &villages[d % args.accounts];
                let bodies = (0..pushes_per_device)
                    .map(|_| {
                        let changes = (0..batch).map(|_| ids.change(&samples, village)).collect();
                        push_body(&device, changes)
                    })
                    .collect();
                (device, token.clone(), bodies)
            })
            .collect();
        let (latencies, failed, wall) = many_devices(&server.base, work, batch);
        errors += failed;
        let households = latencies.len() * batch;
        let rate = households as f64 / wall.as_secs_f64();
        let stats = Stats::of(&latencies);
        println!(
            "all {} at once, batches of {batch}: {} push requests ({} per device), {} failed",
            args.devices,
            latencies.len() + failed,
            pushes_per_device,
            failed
        );
        println!(
            "  latency per push: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            stats.p50, stats.p99, stats.max
        );
        println!(
            "  {households} households in {:.2} s: {:.0} households/s, {:.0} requests/s \
             ({:.1}× ODK Central's 41/s)",
            wall.as_secs_f64(),
            rate,
            latencies.len() as f64 / wall.as_secs_f64(),
            rate / ODK_PER_SECOND
        );
        rows.push(Row {
            scenario: format!("{} devices, {batch}/push", args.devices),
            requests: latencies.len(),
            households,
            stats,
            rate,
        });
    }

    // 3. Nothing lost, nothing twice.
    section(&format!(
        "3. check: does the server hold what was sent? ({label})"
    ));
    let token = client.login("county", PASSWORD, "check")?;
    let started = Instant::now();
    let pulled = client.pull_all(&token)?;
    let took = started.elapsed();
    let distinct: HashSet<&str> = pulled.iter().map(String::as_str).collect();
    let count = runtime.block_on(async {
        let store = SqlStore::open(database_url).await?;
        let n = store.household_count().await;
        store.close().await;
        n
    })?;
    let missing = ids
        .sent
        .iter()
        .filter(|id| !distinct.contains(id.as_str()))
        .count();
    let extra = distinct
        .iter()
        .filter(|id| !ids.sent.contains(**id))
        .count();
    println!(
        "pulled {} households over HTTP in {:.2} s ({:.0}/s, pages of 1,000)",
        pulled.len(),
        took.as_secs_f64(),
        pulled.len() as f64 / took.as_secs_f64()
    );
    let ok = errors == 0
        && pulled.len() == ids.sent.len()
        && distinct.len() == ids.sent.len()
        && missing == 0
        && extra == 0
        && count == ids.sent.len() as i64;
    println!(
        "sent {} distinct households; pulled {} ({} distinct, {missing} missing, {extra} unknown); \
         households table: {count} rows; failed requests: {errors} → {}",
        ids.sent.len(),
        pulled.len(),
        distinct.len(),
        if ok { "OK, exactly once" } else { "MISMATCH" }
    );

    if let Some(path) = &args.summary {
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        for r in &rows {
            writeln!(
                file,
                "{label}\t{}\t{}\t{}\t{:.1}\t{:.1}\t{:.1}\t{:.0}\t{:.1}×",
                r.scenario,
                r.requests,
                r.households,
                r.stats.p50,
                r.stats.p99,
                r.stats.max,
                r.rate,
                r.rate / ODK_PER_SECOND
            )?;
        }
        writeln!(
            file,
            "{label}\tcheck: pulled back, counted\t{errors} failed\t{} sent\t-\t-\t-\t{} pulled, {count} rows\t{}",
            ids.sent.len(),
            pulled.len(),
            if ok { "OK" } else { "MISMATCH" }
        )?;
    }
    drop(server);
    if !ok {
        bail!("the server does not hold exactly the households sent");
    }
    Ok(())
}

fn section(title: &str) {
    println!("\n--- {title}");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One line of the summary table.
struct Row {
    scenario: String,
    requests: usize,
    households: usize,
    stats: Stats,
    rate: f64,
}

/// Latency percentiles in milliseconds (nearest rank).
struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
}

impl Stats {
    fn of(times: &[Duration]) -> Stats {
        let mut sorted: Vec<f64> = times.iter().map(|t| ms(*t)).collect();
        sorted.sort_by(f64::total_cmp);
        let rank = |q: f64| {
            if sorted.is_empty() {
                return f64::NAN;
            }
            let i = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
            sorted[i - 1]
        };
        Stats {
            p50: rank(0.50),
            p99: rank(0.99),
            max: rank(1.0),
        }
    }
}

/// Fresh household ids and change ids, and every household id sent.
#[derive(Default)]
struct Ids {
    next: u64,
    sent: HashSet<String>,
}

impl Ids {
    /// A new household: the next domain sample with a fresh id, moved to `village`.
    fn change(&mut self, samples: &[Household], village: &str) -> Change {
        let n = self.next;
        self.next += 1;
        let mut h = samples[n as usize % samples.len()].clone();
        h.id.0 = format!("b3e7c4a0-0000-4000-8000-{n:012x}");
        h.area.code = village.to_owned();
        h.area.name = format!("云南省楚雄彝族自治州元谋县元马镇测试村{}", &village[9..]);
        h.area.code_year = 2024;
        h.household_number = format!("{village}{:04}", n % 10_000);
        self.sent.insert(h.id.0.clone());
        Change {
            change_id: ChangeId(format!("c-{n:012x}")),
            base_revision: None,
            edited_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            household: h,
        }
    }
}

fn push_body(device: &str, changes: Vec<Change>) -> Vec<u8> {
    serde_json::to_vec(&PushRequest {
        protocol: PROTOCOL_VERSION,
        device_id: DeviceId(device.to_owned()),
        changes,
    })
    .expect("a push request serializes")
}

/// Every change of a push was stored as new (not a retry, merge or rejection).
fn all_stored(response: &PushResponse, expected: usize) -> anyhow::Result<()> {
    ensure!(
        response.results.len() == expected,
        "{} results for {expected} changes",
        response.results.len()
    );
    for r in &response.results {
        if r.status != PushStatus::Stored {
            bail!(
                "household {} answered {:?}: {:?}",
                r.household_id.0,
                r.status,
                r.error
            );
        }
    }
    Ok(())
}

/// Logs in `devices` devices, spread round-robin over the accounts, from a few threads.
fn login_devices(
    base: &str,
    accounts: &[(String, String)],
    devices: usize,
) -> anyhow::Result<Vec<String>> {
    let threads = 8;
    let mut tokens = vec![String::new(); devices];
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || -> anyhow::Result<Vec<(usize, String)>> {
                    let client = Client::new(base);
                    (t..devices)
                        .step_by(threads)
                        .map(|d| {
                            let user = &accounts[d % accounts.len()].0;
                            Ok((d, client.login(user, PASSWORD, &format!("device-{d:03}"))?))
                        })
                        .collect()
                })
            })
            .collect();
        for handle in handles {
            for (d, token) in handle.join().expect("login thread")? {
                tokens[d] = token;
            }
        }
        Ok(())
    })?;
    Ok(tokens)
}

/// One thread per device, all released at once; each pushes its bodies one after the other on
/// its own connection. Returns the latency of every successful push, the failures, and the wall
/// time from release to the last answer.
fn many_devices(
    base: &str,
    work: Vec<(String, String, Vec<Vec<u8>>)>,
    batch: usize,
) -> (Vec<Duration>, usize, Duration) {
    let barrier = Arc::new(Barrier::new(work.len() + 1));
    let handles: Vec<_> = work
        .into_iter()
        .map(|(device, token, bodies)| {
            let barrier = Arc::clone(&barrier);
            let client = Client::new(base);
            std::thread::spawn(move || {
                let mut latencies = Vec::with_capacity(bodies.len());
                let mut failed = 0;
                barrier.wait();
                for body in &bodies {
                    let started = Instant::now();
                    let outcome = client.push(&token, body);
                    let took = started.elapsed();
                    match outcome.and_then(|r| all_stored(&r, batch)) {
                        Ok(()) => latencies.push(took),
                        Err(e) => {
                            failed += 1;
                            eprintln!("{device}: push failed: {e:#}");
                        }
                    }
                }
                (latencies, failed, Instant::now())
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    let mut all = Vec::new();
    let mut failed = 0;
    let mut last = started;
    for handle in handles {
        let (latencies, f, done) = handle.join().expect("device thread");
        all.extend(latencies);
        failed += f;
        last = last.max(done);
    }
    (all, failed, last - started)
}

/// A blocking HTTP client on its own connection (one per simulated phone).
struct Client {
    base: String,
    agent: ureq::Agent,
}

impl Client {
    fn new(base: &str) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(120)))
            .build();
        Client {
            base: base.to_owned(),
            agent: ureq::Agent::new_with_config(config),
        }
    }

    fn post_bytes(&self, path: &str, token: Option<&str>, body: &[u8]) -> anyhow::Result<Vec<u8>> {
        let url = format!("{}{path}", self.base);
        let mut req = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json");
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        let mut response = req.send(body).with_context(|| format!("POST {url}"))?;
        let status = response.status().as_u16();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()
            .with_context(|| format!("reading the answer to POST {url}"))?;
        if status != 200 {
            bail!(
                "POST {path}: HTTP {status}: {}",
                String::from_utf8_lossy(&bytes)
            );
        }
        Ok(bytes)
    }

    fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> anyhow::Result<T> {
        let bytes = self.post_bytes(path, token, &serde_json::to_vec(body)?)?;
        serde_json::from_slice(&bytes).with_context(|| format!("the answer to POST {path}"))
    }

    fn login(&self, username: &str, password: &str, device: &str) -> anyhow::Result<String> {
        let reply: LoginResponse = self.post(
            "/api/v1/auth/login",
            None,
            &LoginRequest {
                username: username.into(),
                password: password.into(),
                device_id: DeviceId(device.into()),
                device_name: "sync_bench".into(),
            },
        )?;
        Ok(reply.token)
    }

    fn push(&self, token: &str, body: &[u8]) -> anyhow::Result<PushResponse> {
        let bytes = self.post_bytes("/api/v1/sync/push", Some(token), body)?;
        serde_json::from_slice(&bytes).context("the answer to a push")
    }

    /// Every household id in the caller's areas, following the cursor from 0.
    fn pull_all(&self, token: &str) -> anyhow::Result<Vec<String>> {
        let mut cursor = shouwang_domain::sync::wire::Revision(0);
        let mut ids = Vec::new();
        loop {
            let page: PullResponse = self.post(
                "/api/v1/sync/pull",
                Some(token),
                &PullRequest {
                    protocol: PROTOCOL_VERSION,
                    device_id: DeviceId("check".into()),
                    cursor,
                    limit: 1000,
                },
            )?;
            ids.extend(page.households.into_iter().map(|h| h.household.id.0));
            ensure!(page.cursor >= cursor, "the pull cursor went back");
            cursor = page.cursor;
            if !page.more {
                return Ok(ids);
            }
        }
    }
}

/// `shouwang user add`; returns the one-time password it prints.
fn user_add(
    bin: &Path,
    database_url: &str,
    name: &str,
    role: &str,
    area: &str,
) -> anyhow::Result<String> {
    let out = Command::new(bin)
        .args(["--database-url", database_url, "user", "add", name])
        .args(["--role", role, "--area", area])
        .env("RUST_LOG", "warn")
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    ensure!(
        out.status.success(),
        "user add {name}: {}{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.split_once("one-time password: ").map(|(_, p)| p.trim()))
        .map(str::to_owned)
        .with_context(|| format!("no one-time password in {stdout:?}"))
}

/// The `shouwang serve` process; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(
        bin: &Path,
        database_url: &str,
        work: &Path,
        pid_file: Option<&Path>,
    ) -> anyhow::Result<Server> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let addr = format!("127.0.0.1:{port}");
        // Logs at the default level (one line per push, as in production), to a file.
        let log = fs::File::create(work.join("server.log"))?;
        let child = Command::new(bin)
            .args(["--database-url", database_url, "serve", "--addr", &addr])
            .arg("--dist")
            .arg(work)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        if let Some(path) = pid_file {
            fs::write(path, child.id().to_string())?;
        }
        let mut server = Server {
            child,
            base: format!("http://{addr}"),
        };
        let client = Client::new(&server.base);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let url = format!("{}/api/v1/health", server.base);
            if matches!(client.agent.get(&url).call(), Ok(r) if r.status() == 200) {
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                let log = fs::read_to_string(work.join("server.log")).unwrap_or_default();
                bail!("the server exited ({status}) before answering:\n{log}");
            }
            ensure!(
                Instant::now() < deadline,
                "the server did not answer in 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates database `name`; returns the cluster's durability settings, to print.
async fn create_database(admin_url: &str, name: &str) -> anyhow::Result<String> {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .with_context(|| format!("cannot connect to {admin_url}"))?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .context("CREATE DATABASE")?;
    let mut settings = Vec::new();
    for setting in ["server_version", "fsync", "synchronous_commit"] {
        let value: String = sqlx::query(&format!("SHOW {setting}"))
            .fetch_one(&mut conn)
            .await?
            .try_get(0)?;
        settings.push(format!("{setting} = {value}"));
    }
    conn.close().await?;
    Ok(settings.join(", "))
}

async fn drop_database(admin_url: &str, name: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

/// The cluster URL with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}
