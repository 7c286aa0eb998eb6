//! Checks of a loaded policy that the types cannot express: prefixes, years, duplicates, that no
//! level lowers the line, limits within bounds, warning rules in order, and the tables.
use super::{calendar, Policy, PolicyError, Rules};

impl Policy {
    /// Checks what the types cannot: prefixes, years, duplicates, and that no level lowers the line.
    pub(super) fn check(&self, file: &str, text: &str) -> Result<(), PolicyError> {
        let national_line = self.national.rules.line.amount();
        if !national_line.is_positive() {
            return Err(PolicyError::at_key(
                file,
                text,
                "national.rules.line",
                0,
                "the national line must be above zero".into(),
            ));
        }
        if let Err(msg) = check_rules(&self.national.rules) {
            return Err(PolicyError::at_key(file, text, "national.rules", 0, msg));
        }
        self.check_tables(file, text)?;
        for (i, e) in self.areas.iter().enumerate() {
            let fail = |key: &str, msg: String| {
                Err(PolicyError::at_key(
                    file,
                    text,
                    &format!("areas[{i}].{key}"),
                    i,
                    msg,
                ))
            };
            let len = e.prefix.len();
            if !e.prefix.bytes().all(|b| b.is_ascii_digit()) || !matches!(len, 2 | 4 | 6 | 9 | 12) {
                return fail(
                    "prefix",
                    format!(
                        "{:?} is not a 2, 4, 6, 9 or 12-digit area-code prefix",
                        e.prefix
                    ),
                );
            }
            if !(2000..=2100).contains(&e.year) {
                return fail("year", format!("{} is not a plausible policy year", e.year));
            }
            let own: Vec<&str> = [2, 4, 6, 9, 12]
                .into_iter()
                .filter(|&n| n <= len)
                .map(|n| &e.prefix[..n])
                .collect();
            if let Err(msg) = check_rules(&self.resolve_prefixes(&own, e.year).rules) {
                return fail("rules", msg);
            }
            if self.areas[..i]
                .iter()
                .any(|o| o.prefix == e.prefix && o.year == e.year)
            {
                return fail("year", format!("{} {} is set twice", e.prefix, e.year));
            }
            if let Some(line) = &e.line {
                let amount = line.amount();
                if !amount.is_positive() {
                    return fail("line", "the line must be above zero".into());
                }
                let parents: Vec<&str> = [2, 4, 6, 9]
                    .into_iter()
                    .filter(|&n| n < len)
                    .map(|n| &e.prefix[..n])
                    .collect();
                let inherited = self.resolve_prefixes(&parents, e.year);
                if amount < inherited.line() {
                    return fail(
                        "line",
                        format!(
                            "{} {} sets {amount} yuan, below the {} yuan it inherits from {} {}: a lower level may only raise the line",
                            e.name,
                            e.year,
                            inherited.line(),
                            inherited.source.name,
                            inherited.source.year
                        ),
                    );
                }
            }
        }
        Ok(())
    }
}

/// A 2-, 4-, 6-, 9- or 12-digit area-code prefix (or empty, for national, where `national_ok`).
fn valid_prefix(p: &str, national_ok: bool) -> bool {
    (national_ok && p.is_empty())
        || (p.bytes().all(|b| b.is_ascii_digit()) && matches!(p.len(), 2 | 4 | 6 | 9 | 12))
}

impl Policy {
    /// Checks the `rural_income`, `terms` and `calendar` tables.
    fn check_tables(&self, file: &str, text: &str) -> Result<(), PolicyError> {
        let fail = |key: String, msg: String| Err(PolicyError::at_key(file, text, &key, 0, msg));
        for (i, e) in self.rural_income.iter().enumerate() {
            if !valid_prefix(&e.prefix, true) {
                return fail(
                    format!("rural_income[{i}].prefix"),
                    format!("{:?} is not an area-code prefix", e.prefix),
                );
            }
            if !e.amount.is_positive() {
                return fail(
                    format!("rural_income[{i}].amount"),
                    "the figure must be above zero".into(),
                );
            }
            if self.rural_income[..i]
                .iter()
                .any(|o| o.prefix == e.prefix && o.year == e.year)
            {
                return fail(
                    format!("rural_income[{i}].year"),
                    format!("{:?} {} is set twice", e.prefix, e.year),
                );
            }
        }
        for (i, e) in self.terms.iter().enumerate() {
            if !valid_prefix(&e.prefix, true) {
                return fail(
                    format!("terms[{i}].prefix"),
                    format!("{:?} is not an area-code prefix", e.prefix),
                );
            }
            if self.terms[..i]
                .iter()
                .any(|o| o.prefix == e.prefix && o.from == e.from)
            {
                return fail(
                    format!("terms[{i}].from"),
                    format!("{:?} from {} is set twice", e.prefix, e.from),
                );
            }
            if e.prefix.is_empty() && (e.object.is_none() || e.categories.is_none()) {
                return fail(
                    format!("terms[{i}]"),
                    "a national term list needs `object` and `categories`".into(),
                );
            }
        }
        for (i, t) in self.consent_texts.iter().enumerate() {
            // A consent names its text by id and version: each pair must name one wording.
            let province_ok = t.province.is_empty()
                || (t.province.len() == 2 && valid_prefix(&t.province, false));
            if !province_ok {
                return fail(
                    format!("consent_texts[{i}].province"),
                    format!("{:?} is not a 2-digit province code", t.province),
                );
            }
            if t.id.trim().is_empty() || t.version == 0 || t.body.trim().is_empty() {
                return fail(
                    format!("consent_texts[{i}]"),
                    "a consent text needs an id, a version from 1 and a body".into(),
                );
            }
            if self.consent_texts[..i]
                .iter()
                .any(|o| o.id == t.id && o.version == t.version)
            {
                return fail(
                    format!("consent_texts[{i}].version"),
                    format!("{:?} version {} is set twice", t.id, t.version),
                );
            }
        }
        if let Err(msg) = self.calendar.check() {
            return fail("calendar".into(), msg);
        }
        Ok(())
    }
}

/// What the types cannot say about a rule set: limits within bounds, warning rules in order.
fn check_rules(r: &Rules) -> Result<(), String> {
    use calendar::MAX_LIMIT_DAYS;
    let limits = [
        (
            "procedure.max_days_from_lead",
            Some(r.procedure.max_days_from_lead),
        ),
        (
            "procedure.home_check_within_days",
            r.procedure.home_check_within_days,
        ),
        ("exit.procedure_max_days", Some(r.exit.procedure_max_days)),
    ];
    for (key, days) in limits {
        if days.is_some_and(|d| d == 0 || d > MAX_LIMIT_DAYS) {
            return Err(format!("{key} must be 1 to {MAX_LIMIT_DAYS} days"));
        }
    }
    let levels: Vec<_> = r.warning.rules.iter().map(|w| w.level).collect();
    if levels.contains(&crate::classify::WarningLevel::Green) {
        return Err(
            "warning.rules: green is what no rule gives; it cannot be a rule's level".into(),
        );
    }
    if levels.windows(2).any(|w| w[0] < w[1]) {
        return Err(
            "warning.rules must be listed severest first (red, then orange, then yellow)".into(),
        );
    }
    for (i, w) in r.warning.rules.iter().enumerate() {
        if r.warning.rules[..i].iter().any(|o| o.when == w.when) {
            return Err(format!("warning.rules: {:?} is listed twice", w.when));
        }
    }
    Ok(())
}
