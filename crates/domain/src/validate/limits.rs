//! Every free-text field, list and amount of a record against [`crate::limits`]: the first check
//! of a record, so that an over-long value is refused at its field before any other rule reads
//! it (and before a message could quote it).
//!
//! The number of risks has its own rule and message in `monitoring.rs`; GPS positions, months in
//! work and disability grades are checked with their fields.
use super::Problem;
use crate::limits::{check_amount, check_items, check_text};
use crate::model::{Decision, Household};
use crate::Money;

/// Pushes a problem for every field of `h` over its limit.
pub(super) fn check(h: &Household, out: &mut Vec<Problem>) {
    let mut text = |path: &dyn Fn() -> String, key: &str, value: &str| {
        // `key` is the table's key; the path with indices is made only for a problem.
        if let Some(mut p) = check_text(key, value) {
            p.field = path();
            out.push(p);
        }
    };
    let top = |key: &'static str| move || key.to_owned();
    text(&top("id"), "id", &h.id.0);
    text(
        &top("household_number"),
        "household_number",
        &h.household_number,
    );
    text(&top("area.code"), "area.code", &h.area.code);
    text(&top("area.name"), "area.name", &h.area.name);
    text(&top("address"), "address", &h.address);
    text(&top("phone"), "phone", &h.phone);
    text(
        &top("resettlement_site"),
        "resettlement_site",
        &h.resettlement_site,
    );
    for (i, m) in h.members.iter().enumerate() {
        let at = |f: &'static str| move || format!("members[{i}].{f}");
        text(&at("id"), "members.id", &m.id);
        text(&at("name"), "members.name", &m.name);
        text(&at("id_number"), "members.id_number", &m.id_number);
        text(&at("work_place"), "members.work_place", &m.work_place);
    }
    let mon = &h.monitoring;
    text(
        &top("monitoring.override_reason"),
        "monitoring.override_reason",
        &mon.override_reason,
    );
    text(&top("monitoring.helper"), "monitoring.helper", &mon.helper);
    let decisions = |list: &'static str, all: &[Decision], out: &mut Vec<Problem>| {
        out.extend(check_items(list, all.len()));
        for (i, d) in all.iter().enumerate() {
            for (f, value) in [("by", &d.by), ("comment", &d.comment)] {
                if let Some(mut p) = check_text(&format!("{list}.{f}"), value) {
                    p.field = format!("{list}[{i}].{f}");
                    out.push(p);
                }
            }
        }
    };
    let mut later = Vec::new();
    decisions(
        "monitoring.procedure.decisions",
        &mon.procedure.decisions,
        &mut later,
    );
    if let Some(exit) = &mon.exit_procedure {
        let key = "monitoring.exit_procedure.started_by";
        text(&top(key), key, &exit.started_by);
        if let Some(w) = &exit.withdrawn {
            let key = "monitoring.exit_procedure.withdrawn.by";
            text(&top(key), key, &w.by);
            let key = "monitoring.exit_procedure.withdrawn.reason";
            text(&top(key), key, &w.reason);
        }
        decisions(
            "monitoring.exit_procedure.decisions",
            &exit.decisions,
            &mut later,
        );
    }
    for (i, l) in mon.leads.iter().enumerate() {
        let at = |f: &'static str| move || format!("monitoring.leads[{i}].{f}");
        let fields = [
            ("id", &l.id),
            ("source", &l.source),
            ("month", &l.month),
            ("member_id", &l.member_id),
            ("name", &l.name),
            ("id_number", &l.id_number),
            ("details", &l.details),
            ("by", &l.by),
        ];
        for (f, value) in fields {
            text(&at(f), &format!("monitoring.leads.{f}"), value);
        }
        if let Some(o) = &l.outcome {
            text(
                &at("outcome.reason"),
                "monitoring.leads.outcome.reason",
                &o.reason,
            );
            text(&at("outcome.by"), "monitoring.leads.outcome.by", &o.by);
        }
    }
    for (i, m) in h.measures.iter().enumerate() {
        let at = |f: &'static str| move || format!("measures[{i}].{f}");
        text(&at("id"), "measures.id", &m.id);
        text(&at("content"), "measures.content", &m.content);
    }
    for (i, v) in h.visits.iter().enumerate() {
        let at = |f: &'static str| move || format!("visits[{i}].{f}");
        text(&at("id"), "visits.id", &v.id);
        text(&at("visitor"), "visits.visitor", &v.visitor);
        text(&at("notes"), "visits.notes", &v.notes);
    }
    for (i, a) in h.attachments.iter().enumerate() {
        let at = |f: &'static str| move || format!("attachments[{i}].{f}");
        text(&at("id"), "attachments.id", &a.id);
        text(&at("of"), "attachments.of", &a.of);
        text(
            &at("content_type"),
            "attachments.content_type",
            &a.content_type,
        );
        text(
            &at("thumb"),
            "attachments.thumb",
            a.thumb.as_deref().unwrap_or(""),
        );
        text(&at("by"), "attachments.by", &a.by);
    }
    if let Some(c) = &h.consent {
        for (f, value) in [
            ("text_id", &c.text_id),
            ("signer", &c.signer),
            ("witness", &c.witness),
            ("signature", &c.signature),
        ] {
            text(&|| format!("consent.{f}"), &format!("consent.{f}"), value);
        }
    }
    out.append(&mut later);
    out.extend(check_items("attachments", h.attachments.len()));
    out.extend(check_items("members", h.members.len()));
    out.extend(check_items("measures", h.measures.len()));
    out.extend(check_items("visits", h.visits.len()));
    out.extend(check_items("monitoring.leads", mon.leads.len()));
    amounts(h, out);
}

fn amounts(h: &Household, out: &mut Vec<Problem>) {
    let i = &h.income;
    let s = &i.spending;
    let fields: [(&str, Option<Money>); 11] = [
        ("income.wages", Some(i.wages)),
        ("income.business", Some(i.business)),
        ("income.property", Some(i.property)),
        ("income.transfers", Some(i.transfers)),
        ("income.production_costs", Some(i.production_costs)),
        ("income.insurance_claims", Some(i.insurance_claims)),
        ("income.spending.medical", Some(s.medical)),
        ("income.spending.inpatient", Some(s.inpatient)),
        (
            "income.spending.largest_single_stay",
            Some(s.largest_single_stay),
        ),
        ("income.spending.education", Some(s.education)),
        ("income.previous_net", i.previous_net),
    ];
    for (path, amount) in fields {
        if let Some(p) = amount.and_then(|a| check_amount(path, a)) {
            out.push(p);
        }
    }
    for (n, l) in h.monitoring.leads.iter().enumerate() {
        if let Some(mut p) = l
            .amount
            .and_then(|a| check_amount("monitoring.leads.amount", a))
        {
            p.field = format!("monitoring.leads[{n}].amount");
            out.push(p);
        }
    }
    for (n, m) in h.measures.iter().enumerate() {
        if let Some(mut p) = m.amount.and_then(|a| check_amount("measures.amount", a)) {
            p.field = format!("measures[{n}].amount");
            out.push(p);
        }
    }
}
