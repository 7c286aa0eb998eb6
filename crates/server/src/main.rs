//! `shouwang`: the township server and its command line.

#![forbid(unsafe_code)]

mod accounts_cmd;
mod classify_cmd;

use std::{net::SocketAddr, path::PathBuf};

use anyhow::{bail, Context};
use chrono_tz::Tz;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use shouwang_domain::sync::wire::Role;
use shouwang_server::config::{self, FileConfig, LogFormat};
use shouwang_server::state::{DEFAULT_TIME_ZONE, DEFAULT_TOKEN_IDLE_DAYS};
use shouwang_server::store::{NewUser, SqlStore, Storage};
use shouwang_server::{auth, demo, AppState, Limits};

/// 守望 Shouwang: township server and tools for dynamic monitoring to prevent return to poverty.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// A TOML configuration file (keys: addr, dist, database_url, max_body_mb, log_format,
    /// admin_area, time_zone, token_idle_days); environment variables and flags override it.
    #[arg(long, global = true, env = "SHOUWANG_CONFIG")]
    config: Option<PathBuf>,
    /// The database: sqlite://FILE (default sqlite://data/shouwang.db) or postgres://…
    #[arg(long, global = true, env = "SHOUWANG_DATABASE_URL")]
    database_url: Option<String>,
    /// The township's time zone, an IANA name: its calendar day is the server's "today", and
    /// times are shown in it [default: Asia/Shanghai].
    #[arg(long, global = true, env = "SHOUWANG_TIME_ZONE")]
    time_zone: Option<String>,
    /// Days a device token may go unused before it expires [default: 60].
    #[arg(long, global = true, env = "SHOUWANG_TOKEN_IDLE_DAYS")]
    token_idle_days: Option<u32>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the built app and the API.
    Serve(ServeArgs),
    /// Classify households from a JSON file and print the results.
    Classify(classify_cmd::ClassifyArgs),
    /// Manage users: add, list, assign areas, reset passwords, unlock.
    #[command(subcommand)]
    User(accounts_cmd::UserCommand),
    /// List or revoke the devices users are signed in on.
    #[command(subcommand)]
    Device(accounts_cmd::DeviceCommand),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "SHOUWANG_ADDR")]
    addr: Option<SocketAddr>,
    /// Directory of the built app (the output of `trunk build`) [default: dist].
    #[arg(long, env = "SHOUWANG_DIST")]
    dist: Option<PathBuf>,
    /// Load a demo township (2 villages, 48 households, demo users) into an empty database.
    #[arg(long)]
    demo: bool,
    /// Log lines as text or JSON [default: text].
    #[arg(long, env = "SHOUWANG_LOG_FORMAT")]
    log_format: Option<LogFormat>,
    /// Largest request body in MiB, after decompression [default: 16].
    #[arg(long, env = "SHOUWANG_MAX_BODY_MB")]
    max_body_mb: Option<usize>,
    /// Area prefix of the administrator created on an empty database ("" = everything).
    #[arg(long, env = "SHOUWANG_ADMIN_AREA")]
    admin_area: Option<String>,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = config_file(&cli).and_then(|file| {
        let format = match &cli.command {
            Command::Serve(a) => a.log_format.or(file.log_format).unwrap_or_default(),
            _ => LogFormat::Text,
        };
        init_logs(format);
        let database_url = cli
            .database_url
            .clone()
            .or_else(|| file.database_url.clone())
            .unwrap_or_else(|| config::DEFAULT_DATABASE_URL.to_owned());
        let calendar = Calendar {
            time_zone: match cli.time_zone.as_deref().or(file.time_zone.as_deref()) {
                Some(name) => config::time_zone(name)?,
                None => DEFAULT_TIME_ZONE,
            },
            token_idle_days: cli
                .token_idle_days
                .or(file.token_idle_days)
                .unwrap_or(DEFAULT_TOKEN_IDLE_DAYS),
        };
        if calendar.token_idle_days == 0 {
            bail!("token_idle_days must be at least 1");
        }
        match cli.command {
            Command::Serve(args) => serve(args, file, database_url, calendar),
            Command::Classify(args) => classify_cmd::run(args),
            Command::User(cmd) => runtime()?.block_on(accounts_cmd::user(cmd, &database_url)),
            Command::Device(cmd) => {
                runtime()?.block_on(accounts_cmd::device(cmd, &database_url, calendar))
            }
        }
    });
    // A clear one-paragraph error and a non-zero exit; no backtrace for a user's mistake.
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The settings of time: the township's zone and how long an unused token lives.
#[derive(Clone, Copy, Debug)]
pub struct Calendar {
    pub time_zone: Tz,
    pub token_idle_days: u32,
}

fn config_file(cli: &Cli) -> anyhow::Result<FileConfig> {
    match &cli.config {
        Some(path) => FileConfig::read(path),
        None => Ok(FileConfig::default()),
    }
}

fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

pub async fn open(database_url: &str) -> anyhow::Result<SqlStore> {
    SqlStore::open(database_url)
        .await
        .with_context(|| format!("cannot open the database {database_url}"))
}

#[tokio::main]
async fn serve(
    args: ServeArgs,
    file: FileConfig,
    database_url: String,
    calendar: Calendar,
) -> anyhow::Result<()> {
    let addr = args
        .addr
        .or(file.addr)
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let dist = args
        .dist
        .or(file.dist)
        .unwrap_or_else(|| PathBuf::from("dist"));
    let max_body_mb = args.max_body_mb.or(file.max_body_mb).unwrap_or(16);
    let admin_area = args.admin_area.or(file.admin_area).unwrap_or_default();
    accounts_cmd::check_area(Role::Admin, &admin_area).context("admin_area")?;
    shouwang_server::check_dist(&dist)?;

    let store = open(&database_url).await?;
    tracing::info!(database = %redact(&database_url), "database ready");
    if store.user_count().await? == 0 {
        let password = auth::one_time_password();
        store
            .create_user(NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                role: Role::Admin,
                areas: vec![admin_area.clone()],
                password_hash: auth::hash_password(&password),
                must_change_password: true,
            })
            .await?;
        println!("================================================================");
        println!(" 首次启动：已创建管理员账号 / first start: administrator created");
        println!("   用户名 username:              admin");
        println!("   一次性密码 one-time password: {password}");
        println!(" 仅显示这一次；登录后请设置自己的密码。");
        println!(" Shown only this once; sign in and choose your own password.");
        println!("================================================================");
    }
    let state = AppState::new(
        store.clone(),
        Limits {
            max_body_bytes: max_body_mb * 1024 * 1024,
            token_idle_days: calendar.token_idle_days,
            ..Limits::default()
        },
    )
    .with_time_zone(calendar.time_zone);
    tracing::info!(time_zone = %calendar.time_zone, today = %state.today(), "township calendar");
    if args.demo {
        if demo::load(&store, &state.policy, state.now(), state.today()).await? {
            println!("demo township loaded: 2 villages, 48 households");
        }
        println!("demo users (password {}):", demo::PASSWORD);
        for (username, name, _, area) in demo::users() {
            println!("   {username:<10} {name} ({area})");
        }
    }

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(
        "serving {} at http://{}",
        dist.display(),
        listener.local_addr()?
    );
    // With the peer's address, so sign-ins are throttled per client too.
    let app =
        shouwang_server::router(dist, state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped with an error")?;
    store.close().await;
    Ok(())
}

/// A database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
