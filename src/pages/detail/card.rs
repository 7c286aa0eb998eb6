//! The card's sections, in the order a worker and a reviewer read a household, each with a link
//! that opens the form at that section (`#/households/ID/edit?at=SECTION`).
use leptos::prelude::*;
use shouwang_domain::classify::Classification;
use shouwang_domain::labels::{field_name, Label};
use shouwang_domain::model::{Member, MoveKind};
use shouwang_domain::Household;

use super::classification::{ClassificationView, ExitView, SuggestedMeasures, SuggestedRisks};
use super::leads::Leads;
use super::quick_add::{AddMeasure, AddVisit};
use crate::components::{ProcedureCard, WarningBadge};
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::{edit_at, Route};
use crate::storage::{today, Stored};

/// The standard name of a record field in `lang` (the path itself if it has none).
pub fn label(path: &str, lang: Lang) -> String {
    field_name(path)
        .map(|t| t.get(lang.domain()).to_string())
        .unwrap_or_else(|| path.to_string())
}

/// Visits shown on the printed card; earlier ones are counted.
const PRINTED_VISITS: usize = 6;

/// One section: its heading, the link to edit it in the form, and its content.
#[component]
fn Section(
    title: String,
    /// The form section the edit link opens (none: not edited there).
    edit: Option<(String, &'static str)>,
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card-section" data-testid=testid>
            <header>
                <h3>{title}</h3>
                {edit.map(|(id, at)| view! {
                    <a class="edit-link no-print" href=edit_at(&id, at) data-testid=format!("{testid}-edit")>
                        {move || i18n.lang().strings().card_edit_section}
                    </a>
                })}
            </header>
            {children()}
        </section>
    }
}

/// Every section of the card of `stored`, judged as `c`.
#[component]
pub fn Card(stored: Stored, c: Classification) -> impl IntoView {
    let i18n = use_i18n();
    let h = stored.household;
    let c = StoredValue::new(c);
    let id = h.id.0.clone();
    let base = stored.local_rev;
    // The card follows the language as a whole (a switch redraws it), like the office screens.
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let l = lang.domain();
        let edit = |at: &'static str| Some((id.clone(), at));
        let head = h.head().map(|m| m.name.clone()).unwrap_or_default();
        let category = match (
            h.monitoring.category,
            c.with_value(|c| c.suggested_category),
        ) {
            (Some(k), _) => k.label().get(l).to_string(),
            (None, Some(k)) => fill(t.suggested_as, &[&k.label().get(l)]),
            (None, None) => t.not_suggested.to_string(),
        };
        let number = (!h.household_number.is_empty()).then(|| {
            format!(
                " · {} {}",
                label("household_number", lang),
                h.household_number
            )
        });
        let money = |m: Option<shouwang_domain::Money>| {
            m.map(|m| format!("{m} {}", t.yuan))
                .unwrap_or_else(|| "-".into())
        };
        let income = c.with_value(|c| c.income.clone());
        let area = format!("{}（{}）", h.area.name, h.area.code);
        let line = c.with_value(|c| {
            format!(
                "{} {} — {} {}",
                c.line, t.yuan, c.line_source.name, c.line_source.year
            )
        });
        let contact = view! {
            <dl class="figures">
                <dt>{label("address", lang)}</dt><dd data-testid="card-address">{or_dash(&h.address)}</dd>
                <dt>{label("phone", lang)}</dt>
                <dd data-testid="card-phone">
                    {if h.phone.trim().is_empty() { "-".into_any() } else {
                        view! { <a href=format!("tel:{}", h.phone.trim())>{h.phone.clone()}</a> }.into_any()
                    }}
                </dd>
                <dt>{label("area", lang)}</dt><dd>{area}</dd>
                <dt>{label("monitoring.helper", lang)}</dt><dd>{or_dash(&h.monitoring.helper)}</dd>
                {h.relocated.then(|| view! {
                    <dt>{label("resettlement_site", lang)}</dt><dd>{or_dash(&h.resettlement_site)}</dd>
                })}
            </dl>
        };
        let members = view! { <Members members=h.members.clone() lang/> };
        let housing = view! {
            <dl class="figures">
                <dt>{label("housing_grade", lang)}</dt>
                <dd>{h.housing_grade.map(|g| g.label().get(l).to_string()).unwrap_or_else(|| "-".into())}</dd>
            </dl>
            <Guarantees h=h.clone() lang/>
        };
        let income = view! {
            <dl class="figures">
                <dt>{label("net_income", lang)}</dt><dd data-testid="card-net">{money(Some(h.income.net()))}</dd>
                <dt>{t.per_capita}</dt><dd data-testid="per-capita">{money(income.per_capita)}</dd>
                <dt>{t.after_rigid}</dt><dd>{money(income.after_rigid_per_capita)}</dd>
                <dt>{label("income.spending", lang)}</dt><dd>{money(Some(h.income.spending.total()))}</dd>
                <dt>{t.line}</dt><dd data-testid="line">{line}</dd>
            </dl>
        };
        let judgement = view! { <ClassificationView h=h.clone() c/> };
        let risks = view! {
            <h4>{t.card_recorded_risks}</h4>
            {recorded_risks(&h, lang)}
            <h4>{t.risks_suggested}</h4>
            <SuggestedRisks c/>
        };
        let measure_list = view! {
            {measures(&h, lang)}
            <SuggestedMeasures c/>
            <AddMeasure h=h.clone() base/>
        };
        let visit_list = view! {
            {visits(&h, lang)}
            <AddVisit h=h.clone() base/>
        };
        let procedure = view! {
            <ProcedureCard p=h.monitoring.procedure.clone() status=c.with_value(|c| c.procedure.clone())/>
            {h.monitoring.procedure.lead_found.is_none().then(|| view! { <p class="muted">{t.procedure_none}</p> })}
            <ExitView h=h.clone() c/>
        };
        let with_leads = h.clone();
        let leads = (!h.monitoring.leads.is_empty()).then(move || {
            view! {
                <Section title=label("monitoring.leads", lang) edit=None testid="card-leads-section">
                    <Leads h=with_leads base lang/>
                </Section>
            }
        });
        let moved = (!h.monitoring.moves.is_empty()).then(|| {
            let list = moves(&h, lang);
            view! { <Section title=label("monitoring.moves", lang) edit=None testid="card-moves">{list}</Section> }
        });
        view! {
            <header class="household-head">
                <p class="card-title print-only">{t.card_title}</p>
                <h2 data-testid="detail-head">{head}</h2>
                <p class="meta">
                    {h.area.name.clone()}{number}" · "{h.size()}" "{t.members_unit}" · "
                    {h.household_type.label().get(l).to_string()}
                </p>
                <p class="head-badges">
                    <WarningBadge level=c.with_value(|c| c.warning.level)/>" "
                    <span class="category" data-testid="card-category">{category}</span>
                </p>
            </header>
            <Section title=t.card_contact.to_string() edit=edit("basic") testid="card-contact">{contact}</Section>
            <Section title=t.section_members.to_string() edit=edit("members") testid="card-members">{members}</Section>
            <Section title=t.card_housing.to_string() edit=edit("guarantees") testid="card-housing">{housing}</Section>
            <Section title=t.card_income.to_string() edit=edit("income") testid="card-income">{income}</Section>
            <Section title=t.card_judgement.to_string() edit=None testid="card-judgement">{judgement}</Section>
            <Section title=t.section_risks.to_string() edit=edit("risks") testid="card-risks">{risks}</Section>
            <Section title=t.section_measures.to_string() edit=edit("measures") testid="card-measures">{measure_list}</Section>
            <Section title=t.card_visits_title.to_string() edit=edit("visits") testid="card-visits">{visit_list}</Section>
            <super::photos::Photos h=h.clone()/>
            <super::consent::ConsentSection h=h.clone()/>
            {leads}
            <Section title=t.section_procedure.to_string() edit=edit("procedure") testid="card-procedure">{procedure}</Section>
            {moved}
            <footer class="print-only card-foot">
                <p>{fill(t.card_printed_on, &[&today()])}</p>
                <p>{t.card_signatures}</p>
            </footer>
        }
    }
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "-".into()
    } else {
        s.to_string()
    }
}

/// 健康状况 in words: 健康, or each condition (with the 残疾等级).
fn health(m: &Member, lang: Lang) -> String {
    let t = lang.strings();
    if m.health.is_healthy() {
        return t.health_healthy.to_string();
    }
    let mut parts = Vec::new();
    if m.health.chronic_illness {
        parts.push(label("members.health.chronic_illness", lang));
    }
    if m.health.serious_illness {
        parts.push(label("members.health.serious_illness", lang));
    }
    if m.health.disabled {
        let grade = m
            .health
            .disability_grade
            .map(|g| format!(" {g}"))
            .unwrap_or_default();
        parts.push(format!("{}{grade}", label("members.health.disabled", lang)));
    }
    parts.join(if lang == Lang::ZhCn { "、" } else { ", " })
}

/// The members as a table: name, relation, age, health, labour, school or education, work.
#[component]
fn Members(members: Vec<Member>, lang: Lang) -> impl IntoView {
    let t = lang.strings();
    let l = lang.domain();
    if members.is_empty() {
        return view! { <p class="muted">{t.card_members_none}</p> }.into_any();
    }
    let day = today();
    let rows = members
        .into_iter()
        .map(|m| {
            let school = m
                .school_stage
                .map(|s| s.label().get(l).to_string())
                .or_else(|| m.education.map(|e| e.label().get(l).to_string()))
                .unwrap_or_else(|| "-".into());
            let work = if m.in_work() {
                fill(t.work_months_fmt, &[&m.work_place, &m.work_months])
            } else {
                "-".into()
            };
            let class = if m.counted { "" } else { "not-counted" };
            view! {
                <tr class=class data-testid="card-member">
                    <th scope="row">{m.name.clone()}</th>
                    <td>{m.relation.label().get(l).to_string()}</td>
                    <td>{m.age_on(day).map(|a| a.to_string()).unwrap_or_else(|| "-".into())}</td>
                    <td>{health(&m, lang)}</td>
                    <td>{m.labour.label().get(l).to_string()}</td>
                    <td>{school}</td>
                    <td>{work}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="card-table members-table">
                <thead><tr>
                    <th scope="col">{label("members.name", lang)}</th>
                    <th scope="col">{label("members.relation", lang)}</th>
                    <th scope="col">{t.col_age}</th>
                    <th scope="col">{label("members.health", lang)}</th>
                    <th scope="col">{label("members.labour", lang)}</th>
                    <th scope="col">{t.col_school}</th>
                    <th scope="col">{t.col_work}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// 两不愁三保障 and 饮水: each problem found, or that all are secured.
#[component]
fn Guarantees(h: Household, lang: Lang) -> impl IntoView {
    let t = lang.strings();
    let g = h.guarantees;
    let gaps: Vec<String> = [
        (
            g.food_clothing_insecure,
            "guarantees.food_clothing_insecure",
        ),
        (g.housing_unsafe, "guarantees.housing_unsafe"),
        (g.school_dropout, "guarantees.school_dropout"),
        (g.medical_insurance_gap, "guarantees.medical_insurance_gap"),
        (g.water_unsafe, "guarantees.water_unsafe"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| label(key, lang))
    .collect();
    if gaps.is_empty() {
        return view! { <p class="ok-line" data-testid="card-guarantees">{t.card_guarantees_ok}</p> }.into_any();
    }
    view! {
        <p class="label">{t.card_guarantee_gaps}</p>
        <ul class="gaps" data-testid="card-guarantees">{gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul>
    }
    .into_any()
}

fn recorded_risks(h: &Household, lang: Lang) -> AnyView {
    let t = lang.strings();
    let l = lang.domain();
    if h.monitoring.risks.is_empty() {
        return view! { <p class="muted">{t.card_no_risks}</p> }.into_any();
    }
    let items = h
        .monitoring
        .risks
        .iter()
        .map(|r| {
            let kind = r.kind.label().get(l).to_string();
            let sub = r.disaster_kind.map(|d| format!("（{}）", d.label().get(l)));
            let resolved = r
                .resolved_on
                .map(|d| format!(" · {} {d}", label("monitoring.risks.resolved_on", lang)));
            view! { <li>{kind}{sub}{resolved}</li> }
        })
        .collect_view();
    view! { <ol class="recorded-risks" data-testid="card-recorded-risks">{items}</ol> }.into_any()
}

fn measures(h: &Household, lang: Lang) -> AnyView {
    let t = lang.strings();
    let l = lang.domain();
    if h.measures.is_empty() {
        return view! { <p class="muted" data-testid="card-measures-none">{t.card_measures_none}</p> }.into_any();
    }
    let mut list = h.measures.clone();
    list.sort_by_key(|m| std::cmp::Reverse(m.start));
    let items = list
        .into_iter()
        .map(|m| {
            let period = match m.end {
                Some(end) => format!("{} – {end}", m.start),
                None => format!("{} –", m.start),
            };
            let amount = m.amount.map(|a| format!(" · {a} {}", t.yuan));
            let done = if m.implemented {
                t.measure_implemented
            } else {
                t.measure_not_implemented
            };
            view! {
                <li data-testid="card-measure">
                    <b>{m.kind.label().get(l).to_string()}</b>" "{m.content.clone()}
                    <br/><span class="meta">{period}{amount}" · "{done}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="card-list">{items}</ul> }.into_any()
}

fn visits(h: &Household, lang: Lang) -> AnyView {
    let t = lang.strings();
    if h.visits.is_empty() {
        return view! { <p class="muted" data-testid="card-visits-none">{t.card_visits_none}</p> }
            .into_any();
    }
    let mut list = h.visits.clone();
    list.sort_by_key(|v| std::cmp::Reverse(v.date));
    let earlier = list.len().saturating_sub(PRINTED_VISITS);
    let items = list
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let class = if i >= PRINTED_VISITS { "no-print" } else { "" };
            let gps = v.gps.map(|g| format!(" · {:.5}, {:.5}", g.lat, g.lon));
            view! {
                <li class=class data-testid="card-visit">
                    <b>{v.date.to_string()}</b>" "{v.visitor.clone()}<span class="meta">{gps}</span>
                    {(!v.notes.trim().is_empty()).then(|| view! { <br/><span class="notes">{v.notes.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="card-list visits">{items}</ul>
        {(earlier > 0).then(|| view! { <p class="muted print-only">{fill(t.card_more_visits, &[&earlier])}</p> })}
    }
    .into_any()
}

fn moves(h: &Household, lang: Lang) -> AnyView {
    let t = lang.strings();
    let l = lang.domain();
    let items = h
        .monitoring
        .moves
        .iter()
        .map(|m| {
            let kind = m.kind.label().get(l).to_string();
            let line = if m.other_head.is_empty() || m.kind == MoveKind::MovedAway {
                fill(t.move_line, &[&m.date, &m.name, &kind])
            } else {
                fill(t.move_line_with, &[&m.date, &m.name, &kind, &m.other_head])
            };
            let other = m.other_household.clone().map(|o| {
                view! { " "<a class="no-print" href=Route::Detail(o.0).href()>{t.card_open_other}</a> }
            });
            let reason = (!m.reason.is_empty()).then(|| view! { <br/><span class="meta">{m.reason.clone()}</span> });
            view! { <li data-testid="card-move">{line}{other}{reason}</li> }
        })
        .collect_view();
    view! { <ul class="card-list">{items}</ul> }.into_any()
}
