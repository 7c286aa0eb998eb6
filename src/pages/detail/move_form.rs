//! 成员迁出或分户: a member moves into a new household of their own (分户), into another
//! household on this device (迁出, found by its head's name), or out of the area. The domain's
//! [`move_member`] decides and writes the move into both households; both are saved in one
//! transaction, so neither is ever left without the other's line.
use chrono::NaiveDate;
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::lifecycle::{move_member, Destination, Move, MAX_REASON_CHARS};
use shouwang_domain::model::{HouseholdId, MoveKind, Relation};
use shouwang_domain::summary::Summary;

use super::card::label;
use super::save_edits;
use crate::i18n::{fill, use_i18n};
use crate::ids::new_id;
use crate::routes::Route;
use crate::state::use_app_state;
use crate::storage::{today, Stored};

/// Households offered as a destination at most.
const MATCHES: usize = 8;

/// The move form of `stored`'s household.
#[component]
pub fn MoveForm(stored: Stored) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let open = RwSignal::new(false);
    let h = StoredValue::new(stored.household);
    let base = stored.local_rev;
    let member = RwSignal::new(
        h.with_value(|h| h.members.first().map(|m| m.id.clone()).unwrap_or_default()),
    );
    let kind = RwSignal::new(MoveKind::SplitOff);
    let find = RwSignal::new(String::new());
    let target = RwSignal::new(None::<String>);
    let relation = RwSignal::new(Relation::Other);
    let new_head = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = super::use_card_done().moved;
    let busy = RwSignal::new(false);
    let own_id = h.with_value(|h| h.id.0.clone());
    let matches = Memo::new(move |_| {
        let q = find.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        state.summaries.with(|all| {
            all.iter()
                .filter(|s| !s.voided && s.id != own_id && s.head_name.contains(q.trim()))
                .take(MATCHES)
                .cloned()
                .collect::<Vec<Summary>>()
        })
    });
    let head_leaves = move || {
        h.with_value(|h| {
            h.members
                .iter()
                .any(|m| m.id == member.get() && m.relation == Relation::Head)
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let t = lang.strings();
        error.set(None);
        let Ok(day) = date.get_untracked().parse::<NaiveDate>() else {
            error.set(Some(format!("{}: -", label("monitoring.moves.date", lang))));
            return;
        };
        let to_id = target.get_untracked();
        let k = kind.get_untracked();
        if k == MoveKind::MovedOut && to_id.is_none() {
            error.set(Some(t.move_target_find.to_string()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let joined = match (&to_id, state.store()) {
                (Some(id), Some(store)) if k == MoveKind::MovedOut => {
                    store.load(id).await.ok().flatten()
                }
                _ => None,
            };
            let new_household = HouseholdId(new_id("household"));
            let to = match (k, &joined) {
                (MoveKind::SplitOff, _) => Destination::NewHousehold(&new_household),
                (MoveKind::MovedOut, Some(j)) => Destination::Into {
                    to: &j.household,
                    relation: relation.get_untracked(),
                },
                _ => Destination::Away,
            };
            let (m, head, why) = (
                member.get_untracked(),
                new_head.get_untracked(),
                reason.get_untracked(),
            );
            let mv = Move {
                member_id: &m,
                to,
                new_head: (!head.is_empty()).then_some(head.as_str()),
                date: day,
                reason: &why,
                new_id: &|what: &str| new_id(what),
            };
            let moved = match move_member(&h.get_value(), &mv, today()) {
                Ok(moved) => moved,
                Err(e) => {
                    error.set(Some(e.message().get(lang.domain()).to_string()));
                    busy.set(false);
                    return;
                }
            };
            let name = h.with_value(|h| {
                h.members
                    .iter()
                    .find(|x| x.id == m)
                    .map(|x| x.name.clone())
                    .unwrap_or_default()
            });
            let mut edits = vec![(moved.from, Some(base))];
            let other = moved.to.as_ref().map(|o| o.id.0.clone());
            if let Some(to) = moved.to {
                let rev = joined.as_ref().map(|j| j.local_rev);
                edits.push((to, rev));
            }
            match save_edits(state, edits).await {
                Ok(_) => {
                    done.set(Some((name, other)));
                    open.set(false);
                }
                Err(e) => error.set(Some(e.message(t))),
            }
            busy.set(false);
        });
    };
    move || {
        let lang = i18n.lang();
        let t = lang.strings();
        let l = lang.domain();
        let finished = done.get().map(|(name, other)| view! {
            <p class="ok-box" role="status" data-testid="move-done">
                {fill(t.move_done, &[&name])}" "
                {other.map(|o| view! { <a href=Route::Detail(o).href() data-testid="move-open">{t.move_open_new}</a> })}
            </p>
        });
        if !open.get() {
            return view! {
                {finished}
                <button type="button" class="secondary" data-testid="move-open-form"
                    on:click=move |_| { done.set(None); open.set(true); }>{t.move_action}</button>
            }
            .into_any();
        }
        let members = h.with_value(|h| {
            h.members
                .iter()
                .map(|m| {
                    let id = m.id.clone();
                    let selected = member.get_untracked() == id;
                    view! { <option value=id selected=selected>{format!("{}（{}）", m.name, m.relation.label().get(l))}</option> }
                })
                .collect_view()
        });
        let kinds = MoveKind::CHOICES
            .into_iter()
            .map(|k| view! { <option value=format!("{k:?}") selected=kind.get_untracked() == k>{k.label().get(l).to_string()}</option> })
            .collect_view();
        let staying = move || {
            h.with_value(|h| {
                h.members
                    .iter()
                    .filter(|x| x.id != member.get())
                    .map(|x| view! { <option value=x.id.clone()>{x.name.clone()}</option> })
                    .collect_view()
            })
        };
        view! {
            <form class="confirm-box move-form" data-testid="move-form" on:submit=submit>
                <p><b>{t.move_action}</b></p>
                <p class="note">{t.move_explain}</p>
                <div class="field">
                    <label for="move-member">{t.move_member}</label>
                    <select id="move-member" data-testid="move-member" on:change=move |ev| member.set(event_target_value(&ev))>{members}</select>
                </div>
                <div class="field">
                    <label for="move-kind">{label("monitoring.moves.kind", lang)}</label>
                    <select id="move-kind" data-testid="move-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        kind.set(MoveKind::CHOICES.into_iter().find(|k| format!("{k:?}") == v).unwrap_or(MoveKind::SplitOff));
                    }>{kinds}</select>
                </div>
                <Show when=move || kind.get() == MoveKind::MovedOut>
                    <div class="field">
                        <label for="move-find">{t.move_target_find}</label>
                        <input id="move-find" type="search" data-testid="move-find" on:input=move |ev| { find.set(event_target_value(&ev)); target.set(None); }/>
                    </div>
                    <fieldset class="choices" data-testid="move-targets">
                        <legend>{t.move_target}</legend>
                        {move || {
                            let list = matches.get();
                            if list.is_empty() && !find.with(|f| f.trim().is_empty()) {
                                return view! { <p class="muted">{t.move_target_none}</p> }.into_any();
                            }
                            list.into_iter().map(|s| {
                                let (id, id2) = (s.id.clone(), s.id.clone());
                                let dom = format!("move-to-{}", s.id);
                                view! {
                                    <div class="field check">
                                        <input type="radio" name="move-target" id=dom.clone() value=id.clone()
                                            checked=move || target.get().as_deref() == Some(id.as_str())
                                            on:change=move |_| target.set(Some(id2.clone()))/>
                                        <label for=dom>{format!("{} · {}", s.head_name, s.village_name)}</label>
                                    </div>
                                }
                            }).collect_view().into_any()
                        }}
                    </fieldset>
                    <div class="field">
                        <label for="move-relation">{label("members.relation", lang)}</label>
                        <select id="move-relation" data-testid="move-relation" on:change=move |ev| {
                            let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                            relation.set(Relation::ALL.get(i).copied().unwrap_or(Relation::Other));
                        }>
                            {Relation::ALL.iter().enumerate().map(|(i, r)| view! {
                                <option value=i.to_string() selected=*r == Relation::Other>{r.label().get(l).to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=head_leaves>
                    <div class="field">
                        <label for="move-new-head">{t.move_new_head}</label>
                        <select id="move-new-head" data-testid="move-new-head" on:change=move |ev| new_head.set(event_target_value(&ev))>
                            <option value="">"-"</option>
                            {staying}
                        </select>
                    </div>
                </Show>
                <div class="field">
                    <label for="move-date">{label("monitoring.moves.date", lang)}</label>
                    <input id="move-date" type="date" prop:value=date.get_untracked() on:input=move |ev| date.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="move-reason">{label("monitoring.moves.reason", lang)}</label>
                    <textarea id="move-reason" rows="2" maxlength=MAX_REASON_CHARS.to_string() data-testid="move-reason"
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                {move || error.get().map(|e| view! { <p class="problem error" role="alert" data-testid="move-error">{e}</p> })}
                <div class="actions">
                    <button type="submit" data-testid="move-confirm" disabled=move || busy.get()>{t.move_confirm}</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>{t.cancel}</button>
                </div>
            </form>
        }
        .into_any()
    }
}
