//! Calendar and working days (工作日): the holiday calendar of the State Council's notices, and
//! time limits counted in either kind of day.
//!
//! A working day is a Monday to Friday that is not a day off (法定节假日 and the days of 放假调休),
//! or a Saturday or Sunday the notice makes a working day (调休上班). The calendar is data
//! (`crates/domain/policy/calendar.json`, one entry per year with its notice as source); a
//! policy file may carry its own under the key `calendar`. A year the file does not hold, or holds
//! as `complete: false` (only the statutory days of 《全国年节及纪念日放假办法》, before the year's
//! notice is out), is still counted — weekends only, or statutory days without 调休 — and every
//! deadline that runs through it says so ([`WorkCalendar::gaps`]).
//!
//! "Within N working days of D" ends on the N-th working day after D (D itself not counted), and
//! "within N days" on D + N, as the procedure's calendar-day limit always did.
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The calendar that ships with the app and the server.
pub const BUILTIN_CALENDAR: &str = include_str!("../../policy/calendar.json");

/// How a time limit counts its days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// 自然日: every day counts.
    #[default]
    Calendar,
    /// 工作日: only working days count.
    Working,
}

/// Days off in a row, e.g. 春节 2025-01-28 to 2025-02-04.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaysOff {
    /// 元旦, 春节, ….
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One year of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: i32,
    /// The notice (or law) the days come from.
    pub source: String,
    /// False while only the statutory days are known (the year's 放假调休 notice not yet out).
    #[serde(default = "yes")]
    pub complete: bool,
    /// Days off, weekends inside them included.
    pub days_off: Vec<DaysOff>,
    /// Saturdays and Sundays that are working days (调休上班).
    #[serde(default)]
    pub working_weekends: Vec<NaiveDate>,
}

fn yes() -> bool {
    true
}

/// The holiday calendar.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkCalendar {
    #[serde(default)]
    pub name: String,
    pub years: Vec<CalendarYear>,
}

/// The longest time limit counted (a guard: a policy's limits are days or weeks).
pub const MAX_LIMIT_DAYS: u32 = 1000;

impl WorkCalendar {
    /// The calendar shipped in the binary (checked by a test).
    pub fn builtin() -> WorkCalendar {
        let c: WorkCalendar = serde_json::from_str(BUILTIN_CALENDAR)
            .unwrap_or_else(|e| panic!("the built-in calendar is invalid: {e}"));
        c
    }

    fn year(&self, year: i32) -> Option<&CalendarYear> {
        self.years.iter().find(|y| y.year == year)
    }

    /// True for a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        match self.year(d.year()) {
            None => !weekend,
            Some(y) => {
                if y.working_weekends.contains(&d) {
                    return true;
                }
                !weekend && !y.days_off.iter().any(|o| o.from <= d && d <= o.to)
            }
        }
    }

    /// The last day of a limit of `days` from `start`; `None` past the end of dates or above
    /// [`MAX_LIMIT_DAYS`].
    pub fn deadline(&self, start: NaiveDate, days: u32, count: DayCount) -> Option<NaiveDate> {
        if days > MAX_LIMIT_DAYS {
            return None;
        }
        match count {
            DayCount::Calendar => start.checked_add_days(Days::new(u64::from(days))),
            DayCount::Working => {
                let mut d = start;
                let mut left = days;
                while left > 0 {
                    d = d.succ_opt()?;
                    if self.is_working_day(d) {
                        left -= 1;
                    }
                }
                Some(d)
            }
        }
    }

    /// Working days after `from` up to and including `to` (negative, counted the same way, when
    /// `to` is before `from`). Bounded: a span longer than ten years counts calendar days.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        if (hi - lo).num_days() > 3660 {
            return (to - from).num_days();
        }
        let n = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count() as i64;
        sign * n
    }

    /// The years from `from` to `to` whose days off are not all known: absent, or statutory days
    /// only. A working-day count through them may be off by the 调休 of that year.
    pub fn gaps(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        (lo.year()..=hi.year())
            .filter(|y| self.year(*y).is_none_or(|c| !c.complete))
            .collect()
    }

    /// Checks what the types cannot; the message names the year.
    pub fn check(&self) -> Result<(), String> {
        for (i, y) in self.years.iter().enumerate() {
            if self.years[..i].iter().any(|o| o.year == y.year) {
                return Err(format!("calendar year {} is set twice", y.year));
            }
            for o in &y.days_off {
                if o.from > o.to || o.from.year() != y.year && o.to.year() != y.year {
                    return Err(format!(
                        "calendar {}: days off {} ({} to {}) are not in order or not in the year",
                        y.year, o.name, o.from, o.to
                    ));
                }
            }
            for d in &y.working_weekends {
                if d.year() != y.year || !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                    return Err(format!(
                        "calendar {}: working weekend day {d} is not a Saturday or Sunday of the year",
                        y.year
                    ));
                }
                if y.days_off.iter().any(|o| o.from <= *d && *d <= o.to) {
                    return Err(format!(
                        "calendar {}: {d} is both a day off and a working day",
                        y.year
                    ));
                }
            }
        }
        Ok(())
    }
}
