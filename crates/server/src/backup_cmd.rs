//! `shouwang backup FILE` and `shouwang restore FILE` (see [`shouwang_server::backup`]).
use std::path::PathBuf;

use shouwang_server::backup;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write (it must not exist yet).
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A file written by `shouwang backup`.
    file: PathBuf,
}

pub async fn backup(args: BackupArgs, database_url: &str) -> anyhow::Result<()> {
    let s = backup::snapshot(database_url, &args.file).await?;
    println!(
        "backup written to {}: {} households, {} versions, {} users (schema {})",
        args.file.display(),
        s.households,
        s.versions,
        s.users,
        s.schema
    );
    Ok(())
}

pub async fn restore(args: RestoreArgs, database_url: &str) -> anyhow::Result<()> {
    let r = backup::restore(database_url, &args.file).await?;
    let s = r.summary;
    println!(
        "restored {}: {} households, {} versions, {} users (schema {}); the server migrates it at its next start",
        args.file.display(),
        s.households,
        s.versions,
        s.users,
        s.schema
    );
    if let Some(kept) = r.kept {
        println!("the replaced database is kept as {}", kept.display());
    }
    Ok(())
}
