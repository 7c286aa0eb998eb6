//! `shouwang import households|people`: the office's imports from the command line, as the
//! server's own imports do them ([`shouwang_server::importer`]): a report per problem (file,
//! sheet, row, column, message), progress while storing, and a non-zero exit when a row was
//! refused (the good households are stored all the same).
use std::path::PathBuf;

use anyhow::{bail, Context};
use shouwang_domain::import::people::enrolment_sheets;
use shouwang_domain::import::{ImportProblem, Table};
use shouwang_domain::sync::wire::{Account, DeviceId, Role};
use shouwang_domain::text::Lang;
use shouwang_server::importer::Importer;
use shouwang_server::store::{Session, SqlStore};
use shouwang_server::{sheets, AppState, Limits};

use crate::{open, Calendar};

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Households in the national layout: an XLSX with the sheets 户 and 成员 (as the office's
    /// export writes them), or the households CSV and the members CSV.
    Households {
        #[arg(required = true, num_args = 1..=2)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// A roster of workers and reviewers (姓名, 手机号码, 角色, 负责村; 用户名 optional): creates
    /// the accounts and prints each village's enrolment sheet with the one-time passwords.
    People {
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// Only this area (an area-code prefix); rows outside it are refused [default: all].
    #[arg(long)]
    area: Option<String>,
    /// Report what the import would do; store nothing.
    #[arg(long)]
    dry_run: bool,
    /// The language of the report.
    #[arg(long, default_value = "zh")]
    lang: LangArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

fn tables(files: &[PathBuf], app: &AppState<SqlStore>) -> anyhow::Result<Vec<Table>> {
    let mut out = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match sheets::read(&name, &bytes, &app.import_rules.limits) {
            Ok(t) => out.extend(t),
            Err(p) => bail!("{}", line(&p, Lang::En)),
        }
    }
    Ok(out)
}

/// `file:sheet:row:column: message`, the parts that are known.
fn line(p: &ImportProblem, lang: Lang) -> String {
    let mut place = vec![p.at.file.clone()];
    if !p.at.sheet.is_empty() {
        place.push(p.at.sheet.clone());
    }
    if let Some(row) = p.at.row {
        place.push(row.to_string());
    }
    if let Some(c) = p.at.cell.as_ref().or(p.at.column.as_ref()) {
        place.push(
            format!("{c} {}", p.at.column.as_deref().unwrap_or(""))
                .trim()
                .to_owned(),
        );
    }
    let kind = if p.is_error() { "error" } else { "warning" };
    format!("{}: {kind}: {}", place.join(":"), p.message.get(lang))
}

/// Runs an import on the database at `database_url`, in the township's calendar.
pub async fn run(cmd: ImportCommand, database_url: &str, calendar: Calendar) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    let app = AppState::new(store.clone(), Limits::default()).with_time_zone(calendar.time_zone);
    let done = import(cmd, &app).await;
    store.close().await;
    done
}

async fn import(cmd: ImportCommand, app: &AppState<SqlStore>) -> anyhow::Result<()> {
    let store = app.store.clone();
    let common = match &cmd {
        ImportCommand::Households { common, .. } | ImportCommand::People { common, .. } => common,
    };
    let area = common.area.clone().unwrap_or_default();
    if !shouwang_server::config::valid_area_prefix(&area) {
        bail!("{area:?} is not an area-code prefix (2, 4, 6, 9 or 12 digits)");
    }
    let importer = Importer {
        store: store.clone(),
        session: Session {
            account: Account {
                username: "import".into(),
                display_name: "命令行导入".into(),
                role: Role::Admin,
                areas: vec![area],
                must_change_password: false,
            },
            device_id: DeviceId("command-line".into()),
        },
        policy: app.policy.clone(),
        rules: app.import_rules.clone(),
        sources: app.sources.clone(),
        now: app.now(),
        today: app.today(),
    };
    let (lang, dry_run) = (Lang::from(common.lang), common.dry_run);
    match cmd {
        ImportCommand::Households { files, .. } => {
            let tables = tables(&files, app)?;
            let prepared = importer.prepare(tables).await?;
            let report = if dry_run {
                prepared.report(true, &app.import_rules)
            } else {
                importer
                    .store(prepared, |done, total| async move {
                        eprintln!("stored {done}/{total} households");
                    })
                    .await?
            };
            for p in &report.problems {
                println!("{}", line(p, lang));
            }
            if report.problems_left_off > 0 {
                println!("… {} more problem(s) not listed", report.problems_left_off);
            }
            let c = report.counts;
            println!(
                "{}{} household row(s): {} new, {} changed, {} unchanged, {} refused",
                if dry_run { "dry run: " } else { "" },
                c.rows,
                c.new,
                c.changed,
                c.unchanged,
                c.refused
            );
            if report.errors().next().is_some() {
                bail!(
                    "some rows were refused (listed above); the others were {}",
                    if dry_run { "checked" } else { "imported" }
                );
            }
        }
        ImportCommand::People { file, .. } => {
            let tables = tables(&[file], app)?;
            let Some(table) = tables.into_iter().find(|t| t.rows.len() > 1) else {
                bail!("the roster is empty");
            };
            let report = importer.people(&table, dry_run).await?;
            for p in &report.problems {
                println!("{}", line(p, lang));
            }
            for name in &report.existing {
                println!("{name}: exists, left as it is");
            }
            for sheet in enrolment_sheets(&report.created) {
                println!("== {} ==", sheet.area_code);
                for e in sheet.people {
                    let pw = e.password.as_deref().unwrap_or("(dry run)");
                    println!(
                        "  {}\t{}\tone-time password: {pw}",
                        e.display_name, e.username
                    );
                }
            }
            println!(
                "{}{} account(s) created, {} existing",
                if dry_run { "dry run: " } else { "" },
                report.created.len(),
                report.existing.len()
            );
            if !report.problems.is_empty() {
                bail!("some rows were refused (listed above)");
            }
        }
    }
    Ok(())
}
