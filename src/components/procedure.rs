//! A household's procedures as the worker follows them — 识别程序, and 风险消除程序 once the office
//! opened one: the dates recorded, the next step and its time limit, and the office's decisions
//! (approvals and returns with their comments), which reach the phone with the record at the next
//! sync.
use leptos::prelude::*;
use shouwang_domain::classify::ProcedureStatus;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{Decision, ExitProcedure, Procedure};

use crate::components::field_label_in;
use crate::i18n::{fill, use_i18n, Lang};

/// A decision as one line: `2026-11-29 reviewer 通过「村级民主评议」：comment`.
pub fn decision_line(d: &Decision, lang: Lang) -> String {
    let t = lang.strings();
    let template = if d.approved {
        t.decision_approved
    } else {
        t.decision_returned
    };
    let mut line = fill(
        template,
        &[&d.date, &d.by, &d.step.label().get(lang.domain())],
    );
    if !d.comment.is_empty() {
        line.push_str(match lang {
            Lang::ZhCn => "：",
            Lang::En => ": ",
        });
        line.push_str(&d.comment);
    }
    line
}

/// "Next step: …" (or `done`) with the days left or overdue.
fn next_line(status: &ProcedureStatus, done: &'static str, lang: Lang) -> impl IntoView {
    let t = lang.strings();
    let next = match status.next_step {
        Some(s) => fill(t.procedure_next, &[&s.label().get(lang.domain())]),
        None => done.to_string(),
    };
    let due = status.days_left.map(|d| {
        let text = if d < 0 {
            fill(t.days_overdue, &[&-d])
        } else {
            fill(t.days_left, &[&d])
        };
        let class = if status.overdue { "due overdue" } else { "due" };
        view! { " · "<span class=class>{text}</span> }
    });
    view! { {next}{due} }
}

/// The office's decisions, oldest first, under `title`.
fn decision_list(
    decisions: &[Decision],
    title: &'static str,
    testid: &'static str,
    lang: Lang,
) -> Option<impl IntoView> {
    (!decisions.is_empty()).then(|| {
        let items = decisions
            .iter()
            .map(|d| {
                let class = if d.approved { "approved" } else { "returned" };
                view! { <li class=class>{decision_line(d, lang)}</li> }
            })
            .collect_view();
        view! {
            <h3>{title}</h3>
            <ul class="decisions" data-testid=testid>{items}</ul>
        }
    })
}

/// The recorded dates among `dates` (field key under `prefix`, date) as a definition list.
fn recorded(
    prefix: &str,
    dates: &[(&'static str, Option<chrono::NaiveDate>)],
    lang: Lang,
) -> impl IntoView {
    dates
        .iter()
        .filter_map(|(k, d)| d.map(|d| (*k, d)))
        .map(|(k, d)| {
            let label = field_label_in(&format!("{prefix}.{k}"), lang);
            view! { <dt>{label}</dt><dd data-field=k>{d.to_string()}</dd> }
        })
        .collect_view()
}

/// The procedure `p` and where it stands (`status`, from the classification).
#[component]
pub fn ProcedureCard(p: Procedure, status: ProcedureStatus) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let dates = [
            ("lead_found", p.lead_found),
            ("home_check", p.home_check),
            ("village_review", p.village_review),
            ("publicity_start", p.publicity_start),
            ("publicity_end", p.publicity_end),
            ("township_check", p.township_check),
            ("county_approval", p.county_approval),
        ];
        let steps = p.lead_found.is_some().then(|| {
            view! {
                <h3>{t.section_procedure}</h3>
                <dl class="figures" data-testid="procedure">{recorded("monitoring.procedure", &dates, lang)}</dl>
                <p data-testid="procedure-next">{next_line(&status, t.procedure_done, lang)}</p>
            }
        });
        let decisions = decision_list(&p.decisions, t.decisions_title, "decisions", lang);
        view! { {steps}{decisions} }
    }
}

/// The exit procedure `p` (风险消除程序) and where it stands (`status`, from the domain's
/// exit-procedure status): the way proposed, the steps done, the next one with its time limit
/// (or its withdrawal: when, by whom, why), and the office's decisions.
#[component]
pub fn ExitProcedureCard(p: ExitProcedure, status: ProcedureStatus) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let key = "monitoring.exit_procedure";
        let dates = [
            ("started", Some(p.started)),
            ("village_review", p.village_review),
            ("publicity_start", p.publicity_start),
            ("publicity_end", p.publicity_end),
            ("township_check", p.township_check),
            ("county_approval", p.county_approval),
        ];
        let mode = p.mode.label().get(lang.domain()).to_string();
        view! {
            <section class="exit-procedure" data-testid="exit-procedure">
                <h3>{field_label_in(key, lang)}</h3>
                <dl class="figures">
                    <dt>{field_label_in(&format!("{key}.mode"), lang)}</dt>
                    <dd data-field="mode">{mode}</dd>
                    {recorded(key, &dates, lang)}
                </dl>
                {match &p.withdrawn {
                    Some(w) => view! {
                        <p class="note" data-testid="exit-procedure-withdrawn">
                            {fill(t.exit_withdrawn, &[&w.date, &w.by, &w.reason])}
                        </p>
                    }.into_any(),
                    None => view! {
                        <p data-testid="exit-procedure-next">{next_line(&status, t.exit_procedure_done, lang)}</p>
                    }.into_any(),
                }}
                {decision_list(&p.decisions, t.exit_decisions_title, "exit-decisions", lang)}
            </section>
        }
    }
}
