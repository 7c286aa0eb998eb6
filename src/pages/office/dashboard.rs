//! The dashboard (`#/office/dashboard`): the figures of DOMAIN.md §12 for all villages and per
//! village, as the server computes them, each with its definition; the scale alert on top;
//! dropouts by name; bar charts of monitored households; the exports.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::office::dashboard::{AreaFigures, Dashboard, Definition};
use shouwang_domain::office::HouseholdRef;

use super::charts::{BarChart, BarChartProps};
use super::exports::Exports;
use super::{parse, per_mille, record_measure_link, short_names, Fetched, OfficeGate, API};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;

/// The dashboard screen.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <OfficeGate current=Route::OfficeDashboard>
            <h2>{move || i18n.lang().strings().office_dashboard}</h2>
            <Fetched path=Signal::stored(Some(format!("{API}/dashboard"))) show=show_board/>
            <super::lead_figures::DashboardLeads/>
            <Exports/>
            <super::attachments_export::AttachmentsExport/>
        </OfficeGate>
    }
}

fn show_board(text: &str, lang: Lang, reload: RwSignal<u32>) -> AnyView {
    match parse::<Dashboard>(text, lang, reload) {
        Ok(d) => board_view(&d, lang).into_any(),
        Err(failed) => failed,
    }
}

/// The whole board in `lang`.
fn board_view(d: &Dashboard, lang: Lang) -> impl IntoView {
    let t = lang.strings();
    let l = lang.domain();
    let names: Vec<String> = d.villages.iter().map(|v| v.area_name.clone()).collect();
    let short = short_names(&names);
    let mut columns: Vec<(String, &AreaFigures)> = vec![(t.dash_total.to_string(), &d.total)];
    columns.extend(short.iter().cloned().zip(d.villages.iter()));
    let alerts = d
        .scale_alerts
        .iter()
        .map(|a| a.message.get(l).to_string())
        .collect::<Vec<_>>();
    let rows = d
        .definitions
        .iter()
        .map(|def| figure_row(def, &columns, lang))
        .collect_view();
    let header = columns
        .iter()
        .map(|(name, _)| view! { <th scope="col">{name.clone()}</th> })
        .collect_view();
    let definitions = d
        .definitions
        .iter()
        .map(|def| {
            view! {
                <dt>{def.label.get(l).to_string()}</dt>
                <dd>{def.definition.get(l).to_string()}</dd>
            }
        })
        .collect_view();
    let dropouts = d.total.dropouts.clone();
    let by_category = BarChart(BarChartProps {
        title: t.dash_chart_category.to_string(),
        series: d
            .total
            .monitored
            .by_category
            .iter()
            .map(|c| c.category.label().get(l).to_string())
            .collect(),
        rows: short
            .iter()
            .zip(&d.villages)
            .map(|(name, v)| {
                let counts = v.monitored.by_category.iter().map(|c| c.households);
                (name.clone(), counts.collect())
            })
            .collect(),
        testid: "chart-category",
    });
    let by_risk = BarChart(BarChartProps {
        title: t.dash_chart_risk.to_string(),
        series: Vec::new(),
        rows: d
            .total
            .monitored
            .by_risk
            .iter()
            .map(|r| (r.risk.label().get(l).to_string(), vec![r.households]))
            .collect(),
        testid: "chart-risk",
    });
    view! {
        {if alerts.is_empty() {
            view! { <p class="ok-box" data-testid="no-scale-alert">{t.dash_no_alert}</p> }.into_any()
        } else {
            view! {
                <div class="alert-box" role="alert" data-testid="scale-alert">
                    {alerts.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                </div>
            }.into_any()
        }}
        <p class="muted">{fill(t.dash_compare, &[&d.as_of, &d.year_ago])}</p>
        <div class="table-scroll">
            <table class="figures-table" data-testid="dashboard-table">
                <thead><tr><th scope="col">{t.dash_figure}</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <details class="definitions">
            <summary>{t.dash_definitions}</summary>
            <dl>{definitions}</dl>
        </details>
        <h3>{d.definitions.iter().find(|x| x.key == "dropouts").map(|x| x.label.get(l).to_string())}</h3>
        {if dropouts.is_empty() {
            view! { <p class="muted" data-testid="dropouts-none">{t.dash_none}</p> }.into_any()
        } else {
            view! {
                <ul class="dropouts" data-testid="dropouts">
                    {dropouts.into_iter().map(|p| view! {
                        <li>
                            <a href=Route::Detail(p.household_id.clone()).href()>{p.member_name.clone()}</a>
                            " · "{p.village_name.clone()}
                            {p.age.map(|a| format!(" · {}", fill(t.dash_age, &[&a])))}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h3>{t.dash_measure_todo}</h3>
        {measure_todo(d, lang)}
        <div class="charts">
            {by_category}
            {by_risk}
        </div>
    }
}

/// The households the office should record a measure for: monitored with someone able to work
/// and no development measure after the time limit (`overdue`), or with a risk lacking its
/// measure (`gap`); each with the reasons and a link to its form at the measures.
fn measure_todo(d: &Dashboard, lang: Lang) -> AnyView {
    let t = lang.strings();
    let l = lang.domain();
    let label = |key: &str| {
        d.definitions
            .iter()
            .find(|x| x.key == key)
            .map(|x| x.label.get(l).to_string())
            .unwrap_or_default()
    };
    // (household, [(reason kind, text)]), in the order the server lists them.
    let mut todo: Vec<(HouseholdRef, Vec<(&str, String)>)> = Vec::new();
    let mut add = |h: &HouseholdRef, kind: &'static str, text: String| match todo
        .iter_mut()
        .find(|(x, _)| x.household_id == h.household_id)
    {
        Some((_, reasons)) => reasons.push((kind, text)),
        None => todo.push((h.clone(), vec![(kind, text)])),
    };
    for h in &d.total.development_measures.overdue {
        add(h, "overdue", label("development_measures"));
    }
    for g in &d.total.measure_gaps {
        for f in &g.findings {
            add(&g.household, "gap", f.get(l).to_string());
        }
        if g.findings.is_empty() {
            add(&g.household, "gap", label("measure_gaps"));
        }
    }
    if todo.is_empty() {
        return view! { <p class="muted" data-testid="measure-todo-none">{t.dash_none}</p> }
            .into_any();
    }
    let items = todo
        .into_iter()
        .map(|(h, reasons)| {
            let kinds = reasons.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(" ");
            view! {
                <li data-testid="measure-todo-item" data-household=h.household_id.clone()
                    data-village=h.village_code.clone() data-reasons=kinds>
                    <a href=Route::Detail(h.household_id.clone()).href()>{h.head_name.clone()}</a>
                    " · "{h.village_name.clone()}
                    <ul class="reasons">
                        {reasons.into_iter().map(|(k, text)| view! { <li data-reason=k>{text}</li> }).collect_view()}
                    </ul>
                    {record_measure_link(&h.household_id, lang)}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="measure-todo" data-testid="measure-todo">{items}</ul> }.into_any()
}

/// One figure across the columns; its label carries the definition as a tooltip.
fn figure_row(def: &Definition, columns: &[(String, &AreaFigures)], lang: Lang) -> impl IntoView {
    let l = lang.domain();
    let alerting = |f: &AreaFigures| {
        def.key == "scale_alert" && f.scale_alert.as_ref().is_some_and(|a| a.alert)
    };
    let cells = columns
        .iter()
        .map(|(_, f)| {
            let class = if alerting(f) { "alert" } else { "" };
            view! { <td class=class>{cell(&def.key, f, lang)}</td> }
        })
        .collect_view();
    view! {
        <tr data-key=def.key.clone()>
            <th scope="row" title=def.definition.get(l).to_string()>{def.label.get(l).to_string()}</th>
            {cells}
        </tr>
    }
}

/// The figure `key` of `f` as text.
fn cell(key: &str, f: &AreaFigures, lang: Lang) -> String {
    let t = lang.strings();
    let l = lang.domain();
    let dash = || "-".to_string();
    let pm = |v: Option<i64>, signed: bool| v.map(|v| per_mille(v, signed)).unwrap_or_else(dash);
    let hh = |n: u32| fill(t.dash_households, &[&n]);
    let of = |a: u32, b: u32| fill(t.dash_of, &[&a, &b]);
    let sep = match lang {
        Lang::ZhCn => "、",
        Lang::En => ", ",
    };
    match key {
        "households" => f.households.to_string(),
        "people" => f.people.to_string(),
        "formerly_poor_income" => {
            let i = &f.formerly_poor_income;
            let mut s = i
                .per_capita_net
                .map_or_else(dash, |m| format!("{m} {}", t.yuan));
            if let Some(before) = i.year_ago_per_capita_net {
                let growth = pm(i.growth_per_mille, true);
                s.push_str(&format!(" ({})", fill(t.dash_income, &[&before, &growth])));
            }
            s
        }
        "dropouts" => {
            let names: Vec<&str> = f.dropouts.iter().map(|d| d.member_name.as_str()).collect();
            if names.is_empty() {
                "0".into()
            } else {
                format!("{} ({})", names.len(), names.join(sep))
            }
        }
        "medical_insurance_gaps" => format!(
            "{} / {}",
            fill(t.dash_people, &[&f.medical_insurance_gaps.people]),
            hh(f.medical_insurance_gaps.households)
        ),
        "unsafe_housing" => hh(f.unsafe_housing),
        "unsafe_water" => hh(f.unsafe_water),
        "monitored" => hh(f.monitored.households),
        "lead_to_identification" => {
            let x = &f.lead_to_identification;
            match (x.median_days, x.max_days) {
                (Some(m), Some(max)) => fill(t.dash_lead_days, &[&m, &max, &x.households]),
                _ => dash(),
            }
        }
        "development_measures" => {
            let x = &f.development_measures;
            let share = x.coverage_per_mille.map(|v| per_mille(i64::from(v), false));
            let mut s = format!(
                "{} ({})",
                of(x.with_measure, x.households),
                share.unwrap_or_else(dash)
            );
            if !x.overdue.is_empty() {
                let names: Vec<&str> = x.overdue.iter().map(|h| h.head_name.as_str()).collect();
                s.push_str(" · ");
                s.push_str(&fill(t.dash_overdue_names, &[&names.join(sep)]));
            }
            s
        }
        "measure_gaps" => {
            let names: Vec<&str> = f
                .measure_gaps
                .iter()
                .map(|g| g.household.head_name.as_str())
                .collect();
            if names.is_empty() {
                hh(0)
            } else {
                format!("{} ({})", hh(names.len() as u32), names.join(sep))
            }
        }
        "formerly_poor_workers" => {
            let w = &f.formerly_poor_workers;
            let mut s = fill(t.dash_in_work, &[&w.workers, &w.in_work]);
            if w.year_ago_workers > 0 {
                let change = pm(w.change_per_mille, true);
                let before = fill(
                    t.dash_workers,
                    &[&w.year_ago_workers, &w.year_ago_in_work, &change],
                );
                s.push_str(&format!(" ({before})"));
            }
            s
        }
        "relocated" => of(f.relocated.with_someone_in_work, f.relocated.households),
        "microcredit" => {
            let m = &f.microcredit;
            fill(
                t.dash_microcredit,
                &[&m.households, &m.active_households, &m.amount],
            )
        }
        "exits" => {
            let modes: Vec<String> = f
                .exits
                .by_mode
                .iter()
                .map(|m| format!("{} {}", m.mode.label().get(l), m.households))
                .collect();
            format!("{} ({})", hh(f.exits.households), modes.join(", "))
        }
        "scale_alert" => match &f.scale_alert {
            Some(a) => fill(
                t.dash_alert_share,
                &[
                    &a.window_days,
                    &a.newly_at_risk,
                    &pm(a.share_per_mille.map(i64::from), false),
                    &per_mille(i64::from(a.threshold_per_mille), false),
                ],
            ),
            None => dash(),
        },
        _ => dash(),
    }
}
