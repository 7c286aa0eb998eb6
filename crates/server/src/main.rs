//! `shouwang`: the township server and its command line.

#![forbid(unsafe_code)]

mod classify_cmd;
mod import_cmd;

use std::{net::SocketAddr, path::PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use shouwang_domain::sync::wire::Role;
use shouwang_server::config::{self, FileConfig, LogFormat};
use shouwang_server::store::{NewUser, SqlStore, Storage};
use shouwang_server::{auth, demo, AppState, Limits};

/// 守望 Shouwang: township server and tools for dynamic monitoring to prevent return to poverty.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// A TOML configuration file (keys: addr, dist, database_url, max_body_mb, log_format,
    /// admin_area); environment variables and flags override it.
    #[arg(long, global = true, env = "SHOUWANG_CONFIG")]
    config: Option<PathBuf>,
    /// The database: sqlite://FILE (default sqlite://data/shouwang.db) or postgres://…
    #[arg(long, global = true, env = "SHOUWANG_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the built app and the API.
    Serve(ServeArgs),
    /// Classify households from a JSON file and print the results.
    Classify(classify_cmd::ClassifyArgs),
    /// Manage users: add, list, assign areas, reset passwords.
    #[command(subcommand)]
    User(UserCommand),
    /// List or revoke the devices users are signed in on.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Import households (national layout) or a roster of people.
    #[command(subcommand)]
    Import(import_cmd::ImportCommand),
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

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user; prints a one-time password to change at first sign-in.
    Add {
        username: String,
        /// worker (villages), reviewer (a township) or admin (a county).
        #[arg(long)]
        role: RoleArg,
        /// An area-code prefix the user may see: 12 digits for a village, 9 for a township,
        /// 6 for a county. Repeat for several villages.
        #[arg(long = "area")]
        areas: Vec<String>,
        /// The name shown in the app [default: the username].
        #[arg(long)]
        name: Option<String>,
    },
    /// List users with their roles and areas.
    List,
    /// Give a user one more area.
    Assign { username: String, area: String },
    /// Take an area from a user.
    Unassign { username: String, area: String },
    /// Set a new one-time password and sign the user out everywhere.
    ResetPassword { username: String },
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// List sign-ins (one per device and login).
    List {
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a user's sign-ins: all of them, or those of one device.
    Revoke {
        username: String,
        #[arg(long)]
        device: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum RoleArg {
    Worker,
    Reviewer,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Worker => Role::Worker,
            RoleArg::Reviewer => Role::Reviewer,
            RoleArg::Admin => Role::Admin,
        }
    }
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
        match cli.command {
            Command::Serve(args) => serve(args, file, database_url),
            Command::Classify(args) => classify_cmd::run(args),
            Command::User(cmd) => runtime()?.block_on(user(cmd, &database_url)),
            Command::Device(cmd) => runtime()?.block_on(device(cmd, &database_url)),
            Command::Import(cmd) => runtime()?.block_on(async {
                let store = open(&database_url).await?;
                let done = import_cmd::run(cmd, store.clone()).await;
                store.close().await;
                done
            }),
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

async fn open(database_url: &str) -> anyhow::Result<SqlStore> {
    SqlStore::open(database_url)
        .await
        .with_context(|| format!("cannot open the database {database_url}"))
}

fn check_area(role: Role, area: &str) -> anyhow::Result<()> {
    if !config::valid_area_prefix(area) {
        bail!("{area:?} is not an area-code prefix (2, 4, 6, 9 or 12 digits)");
    }
    let fits = match role {
        Role::Worker => area.len() == 12,
        Role::Reviewer => area.len() == 9,
        Role::Admin => area.len() <= 6,
    };
    if !fits {
        bail!(
            "a {} is given {} (here {area:?})",
            match role {
                Role::Worker => "worker",
                Role::Reviewer => "reviewer",
                Role::Admin => "admin",
            },
            match role {
                Role::Worker => "villages: 12-digit codes",
                Role::Reviewer => "a township: a 9-digit prefix",
                Role::Admin => "a county, city or province: 6, 4 or 2 digits, or \"\" for all",
            }
        );
    }
    Ok(())
}

async fn user(cmd: UserCommand, database_url: &str) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    match cmd {
        UserCommand::Add {
            username,
            role,
            areas,
            name,
        } => {
            let role = Role::from(role);
            if username.trim().is_empty() || username.chars().any(char::is_whitespace) {
                bail!("a username is one word without spaces");
            }
            for area in &areas {
                check_area(role, area)?;
            }
            let password = auth::one_time_password();
            store
                .create_user(NewUser {
                    display_name: name.unwrap_or_else(|| username.clone()),
                    username: username.clone(),
                    role,
                    areas,
                    password_hash: auth::hash_password(&password),
                    must_change_password: true,
                })
                .await?;
            println!("created {username}; one-time password: {password}");
            println!("(shown once; the user chooses a new password at first sign-in)");
        }
        UserCommand::List => {
            for a in store.users().await? {
                println!(
                    "{}\t{}\t{:?}\t{}{}",
                    a.username,
                    a.display_name,
                    a.role,
                    a.areas
                        .iter()
                        .map(|p| if p.is_empty() { "(all)" } else { p.as_str() })
                        .collect::<Vec<_>>()
                        .join(","),
                    if a.must_change_password {
                        "\t(one-time password)"
                    } else {
                        ""
                    }
                );
            }
        }
        UserCommand::Assign { username, area } => {
            let user = store
                .user(&username)
                .await?
                .with_context(|| format!("no user {username}"))?;
            check_area(user.account.role, &area)?;
            store.set_area(&username, &area, true).await?;
            println!("{username} may now see {area}");
        }
        UserCommand::Unassign { username, area } => {
            store.set_area(&username, &area, false).await?;
            println!("{username} may no longer see {area}");
        }
        UserCommand::ResetPassword { username } => {
            let password = auth::one_time_password();
            store
                .set_password(&username, &auth::hash_password(&password), true)
                .await?;
            let revoked = store.revoke_devices(&username, None).await?;
            println!("{username}: one-time password {password}; {revoked} sign-in(s) revoked");
        }
    }
    store.close().await;
    Ok(())
}

async fn device(cmd: DeviceCommand, database_url: &str) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    match cmd {
        DeviceCommand::List { user } => {
            for d in store.devices(user.as_deref()).await? {
                println!(
                    "{}\t{}\t{}\tsince {}\tlast seen {}\t{}",
                    d.username,
                    d.device_id,
                    d.device_name,
                    d.created_at,
                    d.last_seen_at,
                    d.revoked_at
                        .map(|at| format!("revoked {at}"))
                        .unwrap_or_else(|| "active".into())
                );
            }
        }
        DeviceCommand::Revoke { username, device } => {
            let n = store.revoke_devices(&username, device.as_deref()).await?;
            println!("{n} sign-in(s) of {username} revoked");
        }
    }
    store.close().await;
    Ok(())
}

#[tokio::main]
async fn serve(args: ServeArgs, file: FileConfig, database_url: String) -> anyhow::Result<()> {
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
    check_area(Role::Admin, &admin_area).context("admin_area")?;
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
            ..Limits::default()
        },
    );
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
    axum::serve(listener, shouwang_server::router(dist, state))
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
