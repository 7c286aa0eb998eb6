//! The review queue's filters (village, step, overdue) and order (deadline, name, village,
//! step), for an office working through a township's queue on a desktop.
use leptos::prelude::*;
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::labels::Label;
use shouwang_domain::office::review::OFFICE_STEPS;
use shouwang_domain::office::QueueItem;

use crate::i18n::Lang;

/// How the queue is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Order {
    /// As the server gives it: overdue first, then by days left.
    #[default]
    Deadline,
    Name,
    Village,
    Step,
}

impl Order {
    const ALL: [Order; 4] = [Order::Deadline, Order::Name, Order::Village, Order::Step];

    fn code(self) -> &'static str {
        match self {
            Order::Deadline => "deadline",
            Order::Name => "name",
            Order::Village => "village",
            Order::Step => "step",
        }
    }
}

/// What the queue shows: a village (its code; empty for all), a step, overdue only, the order.
/// Kept above the answer, so a reload after a decision keeps them.
#[derive(Clone, Copy)]
pub(super) struct Filters {
    pub(super) village: RwSignal<String>,
    pub(super) step: RwSignal<Option<ProcedureStep>>,
    pub(super) overdue: RwSignal<bool>,
    pub(super) order: RwSignal<Order>,
}

impl Filters {
    pub(super) fn keep(&self, i: &QueueItem) -> bool {
        let village = self.village.get();
        (village.is_empty() || i.household.village_code == village)
            && self.step.get().is_none_or(|s| s == i.next_step)
            && (!self.overdue.get() || i.overdue)
    }
}

/// The queue's step order (the office's steps, in procedure order).
fn step_rank(s: ProcedureStep) -> usize {
    OFFICE_STEPS
        .iter()
        .position(|x| *x == s)
        .unwrap_or(OFFICE_STEPS.len())
}

/// `list` in `order` (the server's order is the deadline's).
pub(super) fn sorted(mut list: Vec<QueueItem>, order: Order) -> Vec<QueueItem> {
    match order {
        Order::Deadline => {}
        Order::Name => list.sort_by(|a, b| a.household.head_name.cmp(&b.household.head_name)),
        Order::Village => {
            list.sort_by(|a, b| a.household.village_code.cmp(&b.household.village_code))
        }
        Order::Step => list.sort_by_key(|i| step_rank(i.next_step)),
    }
    list
}

/// The filter and order controls, with the villages of the queue (code, name) to choose from.
pub(super) fn filter_bar(
    f: Filters,
    mut villages: Vec<(String, String)>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.strings();
    let l = lang.domain();
    villages.sort();
    villages.dedup();
    let short = super::short_names(&villages.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>());
    let village_options = villages
        .iter()
        .zip(short)
        .map(|((code, _), name)| {
            let selected = f.village.get_untracked() == *code;
            view! { <option value=code.clone() selected=selected>{name}</option> }
        })
        .collect_view();
    let step_options = OFFICE_STEPS
        .iter()
        .map(|s| {
            let selected = f.step.get_untracked() == Some(*s);
            view! { <option value=format!("{s:?}") selected=selected>{s.label().get(l).to_string()}</option> }
        })
        .collect_view();
    let order_options = Order::ALL
        .iter()
        .map(|o| {
            let label = match o {
                Order::Deadline => t.queue_sort_deadline,
                Order::Name => t.sort_name,
                Order::Village => t.queue_sort_village,
                Order::Step => t.queue_sort_step,
            };
            view! { <option value=o.code() selected=f.order.get_untracked() == *o>{label}</option> }
        })
        .collect_view();
    view! {
        <div class="queue-filters no-print" data-testid="queue-filters">
            <div class="field select">
                <label for="queue-village">{t.queue_filter_village}</label>
                <select id="queue-village" data-testid="queue-village" on:change=move |ev| f.village.set(event_target_value(&ev))>
                    <option value="">{t.filter_any}</option>
                    {village_options}
                </select>
            </div>
            <div class="field select">
                <label for="queue-step">{t.queue_filter_step}</label>
                <select id="queue-step" data-testid="queue-step-filter" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.step.set(OFFICE_STEPS.into_iter().find(|s| format!("{s:?}") == v));
                }>
                    <option value="">{t.filter_any}</option>
                    {step_options}
                </select>
            </div>
            <div class="field select">
                <label for="queue-order">{t.sort_label}</label>
                <select id="queue-order" data-testid="queue-order" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.order.set(Order::ALL.into_iter().find(|o| o.code() == v).unwrap_or_default());
                }>{order_options}</select>
            </div>
            <div class="field check">
                <input id="queue-overdue" type="checkbox" data-testid="queue-overdue" prop:checked=f.overdue.get_untracked()
                    on:change=move |ev| f.overdue.set(event_target_checked(&ev))/>
                <label for="queue-overdue">{t.queue_filter_overdue}</label>
            </div>
        </div>
    }
}
