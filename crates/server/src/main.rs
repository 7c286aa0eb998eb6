//! `shouwang`: the township server and its command line.

#![forbid(unsafe_code)]

mod classify_cmd;

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// 守望 Shouwang: township server and tools for dynamic monitoring to prevent return to poverty.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the built app and the API.
    Serve(ServeArgs),
    /// Classify households from a JSON file and print the results.
    Classify(classify_cmd::ClassifyArgs),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory of the built app (the output of `trunk build`).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let result = match Cli::parse().command {
        Command::Serve(args) => serve(args),
        Command::Classify(args) => classify_cmd::run(args),
    };
    // A clear one-paragraph error and a non-zero exit; no backtrace for a user's mistake.
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    shouwang_server::check_dist(&args.dist)?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    tracing::info!(
        "serving {} at http://{}",
        args.dist.display(),
        listener.local_addr()?
    );
    axum::serve(listener, shouwang_server::router(args.dist))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped with an error")
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
