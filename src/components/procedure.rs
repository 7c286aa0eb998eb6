//! The 识别程序 of a household as the worker follows it: the dates recorded, the next step and
//! its time limit, and the office's decisions (approvals and returns with their comments), which
//! reach the phone with the record at the next sync.
use leptos::prelude::*;
use shouwang_domain::classify::ProcedureStatus;
use shouwang_domain::labels::Label;
use shouwang_domain::model::Procedure;

use crate::components::field_label_in;
use crate::i18n::{fill, use_i18n, Lang};

/// A decision as one line: `2026-11-29 reviewer 通过「村级民主评议」：comment`.
pub fn decision_line(d: &shouwang_domain::model::Decision, lang: Lang) -> String {
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

/// The procedure `p` and where it stands (`status`, from the classification).
#[component]
pub fn ProcedureCard(p: Procedure, status: ProcedureStatus) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let recorded = [
            ("lead_found", p.lead_found),
            ("home_check", p.home_check),
            ("village_review", p.village_review),
            ("publicity_start", p.publicity_start),
            ("publicity_end", p.publicity_end),
            ("township_check", p.township_check),
            ("county_approval", p.county_approval),
        ]
        .into_iter()
        .filter_map(|(k, d)| d.map(|d| (k, d)))
        .map(|(k, d)| {
            let label = field_label_in(&format!("monitoring.procedure.{k}"), lang);
            view! { <dt>{label}</dt><dd data-field=k>{d.to_string()}</dd> }
        })
        .collect_view();
        let next = match status.next_step {
            Some(s) => fill(t.procedure_next, &[&s.label().get(lang.domain())]),
            None => t.procedure_done.to_string(),
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
        let steps = p.lead_found.is_some().then(|| {
            view! {
                <h3>{t.section_procedure}</h3>
                <dl class="figures" data-testid="procedure">{recorded}</dl>
                <p data-testid="procedure-next">{next}{due}</p>
            }
        });
        let decisions = (!p.decisions.is_empty()).then(|| {
            let items = p
                .decisions
                .iter()
                .map(|d| {
                    let class = if d.approved { "approved" } else { "returned" };
                    view! { <li class=class>{decision_line(d, lang)}</li> }
                })
                .collect_view();
            view! {
                <h3>{t.decisions_title}</h3>
                <ul class="decisions" data-testid="decisions">{items}</ul>
            }
        });
        view! { {steps}{decisions} }
    }
}
