//! `shouwang classify`: classify households from a JSON file with the domain rules.

use std::path::PathBuf;

/// Arguments of `shouwang classify`.
#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// JSON file with one household or a list of households.
    pub file: PathBuf,
    /// Policy file to use instead of the built-in policy.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Date to judge on (YYYY-MM-DD); today if omitted.
    #[arg(long)]
    pub date: Option<String>,
    /// Print the reasons behind each result.
    #[arg(long)]
    pub explain: bool,
}

/// Run the command.
pub fn run(_args: ClassifyArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
