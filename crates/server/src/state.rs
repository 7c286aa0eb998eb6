//! What every handler shares: the store, the limits, the policy the rules judge by, and a clock
//! with the township's calendar. No handler reads the wall clock or a global policy: tests build
//! a state with a fixed clock and see the server's "today" move with it.
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use shouwang_domain::import::{ImportRules, Sources};
use shouwang_domain::Policy;

use crate::blobs::Blobs;
use crate::deploy::Deploy;

/// Limits on what one request may carry, and how long a token lives unused.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Bytes of a request body after decompression.
    pub max_body_bytes: usize,
    /// Changes in one push.
    pub max_push_changes: usize,
    /// Days a device token may go unused before it expires (weeks offline must not sign a
    /// worker out; a lost phone's token must not live for ever).
    pub token_idle_days: u32,
}

/// [`Limits::token_idle_days`] when none is configured.
pub const DEFAULT_TOKEN_IDLE_DAYS: u32 = 60;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 16 * 1024 * 1024,
            max_push_changes: shouwang_domain::limits::CHANGES_PER_PUSH,
            token_idle_days: DEFAULT_TOKEN_IDLE_DAYS,
        }
    }
}

/// Where the server reads the time.
pub trait Clock: Debug + Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told (tests).
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(Mutex::new(at))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The township's time zone when none is configured.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState<S> {
    pub store: S,
    pub limits: Limits,
    /// The rules the server judges by (validation, the office's figures and decisions).
    pub policy: Arc<Policy>,
    /// The imports' limits and header names, and the departments whose lists become leads.
    pub import_rules: Arc<ImportRules>,
    pub sources: Arc<Sources>,
    pub clock: Arc<dyn Clock>,
    /// The township's time zone: its calendar day is the server's "today".
    pub time_zone: Tz,
    /// How phones reach the server (enrolment links, the township CA).
    pub deploy: Arc<Deploy>,
    /// Where the bytes of attachments are kept (`attachments/` of the data directory).
    pub blobs: Arc<Blobs>,
}

impl<S> AppState<S> {
    /// A state with the shipped policy, the system clock and Beijing time, keeping attachments
    /// under the default data directory ([`crate::config::DEFAULT_DATA_DIR`]).
    pub fn new(store: S, limits: Limits) -> AppState<S> {
        AppState {
            store,
            limits,
            policy: Arc::new(Policy::builtin()),
            import_rules: Arc::new(ImportRules::builtin()),
            sources: Arc::new(Sources::builtin()),
            clock: Arc::new(SystemClock),
            time_zone: DEFAULT_TIME_ZONE,
            deploy: Arc::new(Deploy::default()),
            blobs: Arc::new(Blobs::under(std::path::Path::new(
                crate::config::DEFAULT_DATA_DIR,
            ))),
        }
    }

    /// The same state keeping attachments in `blobs`.
    pub fn with_blobs(self, blobs: Blobs) -> AppState<S> {
        AppState {
            blobs: Arc::new(blobs),
            ..self
        }
    }

    /// The same state reached as `deploy` says.
    pub fn with_deploy(self, deploy: Deploy) -> AppState<S> {
        AppState {
            deploy: Arc::new(deploy),
            ..self
        }
    }

    /// The same state reading time from `clock`.
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> AppState<S> {
        AppState { clock, ..self }
    }

    /// The same state in the time zone `time_zone`.
    pub fn with_time_zone(self, time_zone: Tz) -> AppState<S> {
        AppState { time_zone, ..self }
    }

    /// Now, by the server's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The township's calendar day now.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.time_zone).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_day_in_beijing_whatever_the_machine_zone() {
        let clock = Arc::new(FixedClock::new("2026-11-30T17:30:00Z".parse().unwrap()));
        let state = AppState::new((), Limits::default()).with_clock(clock.clone());
        assert_eq!(
            state.today().to_string(),
            "2026-12-01",
            "17:30 UTC is 01:30 in Beijing"
        );
        clock.set("2026-11-30T15:59:59Z".parse().unwrap());
        assert_eq!(state.today().to_string(), "2026-11-30");
        let utc = state.with_time_zone(chrono_tz::UTC);
        assert_eq!(utc.today().to_string(), "2026-11-30");
    }
}
