//! `shouwang`: the township server and its command line.

#![forbid(unsafe_code)]

mod accounts_cmd;
mod backup_cmd;
mod classify_cmd;
mod serve_cmd;
mod tls_cmd;

use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono_tz::Tz;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use shouwang_server::config::{self, FileConfig, LogFormat};
use shouwang_server::state::{DEFAULT_TIME_ZONE, DEFAULT_TOKEN_IDLE_DAYS};
use shouwang_server::store::SqlStore;

/// 守望 Shouwang: township server and tools for dynamic monitoring to prevent return to poverty.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// A TOML configuration file (the keys are the flags' names with `_`, as in the README);
    /// environment variables and flags override it.
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
    Serve(Box<serve_cmd::ServeArgs>),
    /// Classify households from a JSON file and print the results.
    Classify(classify_cmd::ClassifyArgs),
    /// Manage users: add, list, assign areas, reset passwords, unlock.
    #[command(subcommand)]
    User(accounts_cmd::UserCommand),
    /// List or revoke the devices users are signed in on.
    #[command(subcommand)]
    Device(accounts_cmd::DeviceCommand),
    /// HTTPS for a township without a public name: its own CA and server certificate.
    #[command(subcommand)]
    Tls(tls_cmd::TlsCommand),
    /// Write a consistent copy of the database to FILE while the server runs (SQLite).
    Backup(backup_cmd::BackupArgs),
    /// Replace the database with a backup (the server must be stopped; the old file is kept).
    Restore(backup_cmd::RestoreArgs),
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
            Command::Serve(args) => serve_cmd::serve(*args, file, database_url, calendar),
            Command::Classify(args) => classify_cmd::run(args),
            Command::User(cmd) => runtime()?.block_on(accounts_cmd::user(cmd, &database_url)),
            Command::Device(cmd) => {
                runtime()?.block_on(accounts_cmd::device(cmd, &database_url, calendar))
            }
            Command::Tls(cmd) => tls_cmd::run(cmd, &file),
            Command::Backup(args) => runtime()?.block_on(backup_cmd::backup(args, &database_url)),
            Command::Restore(args) => runtime()?.block_on(backup_cmd::restore(args, &database_url)),
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

pub(crate) async fn open(database_url: &str) -> anyhow::Result<SqlStore> {
    SqlStore::open(database_url)
        .await
        .with_context(|| format!("cannot open the database {database_url}"))
}
