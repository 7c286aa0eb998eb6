//! The leads' figures, as the server counts them (the domain's `lead_figures`): per source,
//! leads open, overdue, included and not, rows unmatched; and the days from lead to outcome.
//! On the leads screen and on the dashboard.
use leptos::prelude::*;
use shouwang_domain::office::leads::{LeadFigures, SourceFigures};

use super::{parse, API};
use crate::i18n::{fill, Lang};

/// The dashboard's lead figures (`GET leads/figures`).
#[component]
pub fn DashboardLeads() -> impl IntoView {
    view! { <super::Fetched path=Signal::stored(Some(format!("{API}/leads/figures"))) show=show_figures/> }
}

fn show_figures(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    match parse::<LeadFigures>(text, lang, reload) {
        Ok(f) => figures_view(&f, lang),
        Err(failed) => failed,
    }
}

/// The figures as a table, one row per source and the total, with the days to outcome.
pub fn figures_view(f: &LeadFigures, lang: Lang) -> AnyView {
    let t = lang.imports();
    let l = lang.domain();
    let row = |s: &SourceFigures, name: String| {
        view! {
            <tr data-testid="lead-figures-row">
                <th scope="row">{name}</th>
                <td>{s.leads}</td>
                <td>{s.open}</td>
                <td>{s.overdue}</td>
                <td>{s.included}</td>
                <td>{s.excluded}</td>
                <td>{s.unmatched}</td>
            </tr>
        }
    };
    let rows = f
        .sources
        .iter()
        .map(|s| row(s, s.name.get(l).to_string()))
        .collect_view();
    let d = &f.days_to_outcome;
    let days = match (d.median_days, d.max_days) {
        (Some(median), Some(max)) => {
            fill(t.figures_days, &[&d.closed, &d.within_limit, &median, &max])
        }
        _ => t.figures_no_days.to_string(),
    };
    view! {
        <section class="lead-figures" data-testid="lead-figures">
            <h3>{t.figures_title}</h3>
            <div class="table-scroll">
                <table class="figures-table">
                    <thead><tr>
                        <th scope="col">{t.figures_source}</th>
                        <th scope="col">{t.figures_leads}</th>
                        <th scope="col">{t.figures_open}</th>
                        <th scope="col">{t.figures_overdue}</th>
                        <th scope="col">{t.figures_included}</th>
                        <th scope="col">{t.figures_excluded}</th>
                        <th scope="col">{t.figures_unmatched}</th>
                    </tr></thead>
                    <tbody>{rows}{row(&f.total, t.figures_total.to_string())}</tbody>
                </table>
            </div>
            <p data-testid="lead-days">{days}</p>
        </section>
    }
    .into_any()
}
