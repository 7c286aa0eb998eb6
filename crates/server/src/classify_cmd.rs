//! `shouwang classify FILE.json`: the domain rules on a household file, as JSON or as text.
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use chrono::NaiveDate;
use serde::Serialize;
use shouwang_domain::classify::explain;
use shouwang_domain::text::Lang;
use shouwang_domain::{classify, validate, Classification, Household, Policy, Problem, Severity};

/// Arguments of `classify`.
#[derive(clap::Args, Debug)]
pub struct ClassifyArgs {
    /// A household record (JSON), or a JSON array of them.
    pub file: PathBuf,
    /// A policy file to use instead of the built-in one.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Assessment date, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<String>,
    /// Print the reasoning as readable text instead of JSON.
    #[arg(long)]
    pub explain: bool,
    /// Language of the text: zh (default) or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "zh" | "zh-CN" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        _ => Err(format!("unknown language {s:?}: use zh or en")),
    }
}

/// One household's result, as printed in JSON.
#[derive(Serialize)]
struct Report<'a> {
    household: &'a str,
    problems: Vec<Problem>,
    classification: Classification,
}

/// Runs `classify`.
pub fn run(args: ClassifyArgs) -> anyhow::Result<()> {
    let date = match &args.date {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| anyhow!("--date {d:?} is not a date like 2026-11-29"))?,
        None => chrono::Local::now().date_naive(),
    };
    let policy = match &args.policy {
        Some(path) => {
            let text = read(path)?;
            Policy::from_json(&path.display().to_string(), &text).map_err(|e| anyhow!("{e}"))?
        }
        None => Policy::builtin(),
    };
    let households = read_households(&args.file)?;
    let mut reports = Vec::new();
    let mut text = String::new();
    for h in &households {
        let resolved = policy.resolve(h.area.parsed_code().as_ref(), chrono::Datelike::year(&date));
        let problems = validate(h, &resolved.rules, date);
        let c = classify(h, &policy, date);
        if args.explain {
            text.push_str(&explain(h, &c, args.lang));
            text.push_str(&problems_text(&problems, args.lang));
            text.push('\n');
        } else {
            reports.push(Report {
                household: &h.id.0,
                problems,
                classification: c,
            });
        }
    }
    if args.explain {
        print!("{text}");
    } else if reports.len() == 1 {
        println!("{}", serde_json::to_string_pretty(&reports[0])?);
    } else {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads one household or an array of them, naming the line and key of any problem.
fn read_households(path: &Path) -> anyhow::Result<Vec<Household>> {
    let text = read(path)?;
    let name = path.display();
    let trimmed = text.trim_start();
    let de = &mut serde_json::Deserializer::from_str(&text);
    let result = if trimmed.starts_with('[') {
        serde_path_to_error::deserialize::<_, Vec<Household>>(de)
    } else {
        serde_path_to_error::deserialize::<_, Household>(de).map(|h| vec![h])
    };
    let households = result.map_err(|e| {
        let inner = e.inner();
        anyhow!(
            "{name}:{}:{}: key `{}`: {}",
            inner.line(),
            inner.column(),
            e.path(),
            strip_position(&inner.to_string())
        )
    })?;
    if households.is_empty() {
        bail!("{name}: no household in the file");
    }
    Ok(households)
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

fn problems_text(problems: &[Problem], lang: Lang) -> String {
    let title = match lang {
        Lang::Zh => "十、数据校验",
        Lang::En => "10. Record checks",
    };
    let mut out = format!("\n{title}\n");
    if problems.is_empty() {
        out.push_str(match lang {
            Lang::Zh => "  无问题\n",
            Lang::En => "  no problem found\n",
        });
    }
    for p in problems {
        let mark = match p.severity {
            Severity::Error => "✗",
            Severity::Warning => "!",
        };
        out.push_str(&format!(
            "  [{mark}] {}: {}\n",
            p.field,
            p.message.get(lang)
        ));
    }
    out
}
