//! The sync context: the session, the state the status line shows, and the runner that syncs
//! whenever there is something to send and a network — a few seconds after each save (an edit
//! of a household already waiting included: every save has a new change id), when the browser
//! comes online, when the app becomes visible again, on a timer while it is open — and on the
//! button, retrying network and server failures with backoff until it succeeds or is
//! restarted. A refused edit is not sent again by itself until it is corrected (the button
//! still sends it).
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use shouwang_domain::sync::wire::{ApiError, DeviceId};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::engine::{self, Progress};
use super::session::{self, Session};
use super::{backoff, SyncError};
use crate::lazy::on_demand;
use crate::state::AppState;
use crate::storage::Store;

/// How long after a save made online the app syncs by itself: the pause lets a worker who saves
/// several households in a row send them together.
const AUTO_SYNC_DELAY_MS: u32 = 3000;
/// How often, while the app is open, it looks for something to send.
const TIMER_MS: u32 = 60_000;
/// While open and visible, the office's news is pulled at least this often.
const PULL_EVERY_MS: f64 = 15.0 * 60_000.0;

/// Sync state shared through context; `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct SyncContext {
    /// The signed-in account, if any.
    pub session: RwSignal<Option<Session>>,
    /// Where the running sync is (`None` when none runs).
    pub progress: RwSignal<Option<Progress>>,
    /// A sync attempt is under way.
    pub busy: RwSignal<bool>,
    /// Households with an unsynced edit (refused ones included).
    pub waiting: RwSignal<u32>,
    /// Of those, the edits the server has not refused: what an automatic sync sends.
    pub untried: RwSignal<u32>,
    /// An automatic sync is due in a few seconds (after a save).
    pub soon: RwSignal<bool>,
    /// The households with an edit waiting to upload (refused ones included), by id.
    pub unsent: RwSignal<Vec<String>>,
    /// Households the server refused, with its reason (by id).
    pub refused: RwSignal<Vec<(String, ApiError)>>,
    /// When the last sync finished (ms since 1970).
    pub last_sync: RwSignal<Option<f64>>,
    /// Why the last sync failed, until one succeeds.
    pub error: RwSignal<Option<SyncError>>,
    /// The server's clock minus this phone's (ms), from the last answer (see `client`).
    pub clock_skew: RwSignal<Option<f64>>,
    /// Raised by each start, so a retry waiting from an earlier run knows it was superseded.
    runs: StoredValue<u64>,
    /// The outbox's change ids at its last reading (none before the first): a new one is a save
    /// to send. What waits at the start goes with the start's own sync.
    known: StoredValue<Option<Vec<String>>>,
    /// A save arrived while a sync ran: sync again once it ends.
    again: StoredValue<bool>,
    app: AppState,
}

impl SyncContext {
    /// Syncs now, unless a sync is already under way or nobody is signed in. A retry waiting
    /// for its turn is cancelled: this run takes its place, starting the backoff afresh.
    pub fn sync_now(self) {
        if self.busy.get_untracked() || self.session.get_untracked().is_none() {
            return;
        }
        let run = self.runs.get_value() + 1;
        self.runs.set_value(run);
        // Busy at once, so the tap shows on the status line before the first request goes.
        self.busy.set(true);
        leptos::task::spawn_local(self.run(run));
    }

    /// Signs in as `session` and syncs.
    pub fn sign_in(self, session: Session) {
        session::save(&session);
        self.session.set(Some(session));
        self.error.set(None);
        self.sync_now();
    }

    /// Forgets the session (the server is asked to revoke the token when reachable). Local
    /// records, drafts and unsynced edits stay.
    pub fn sign_out(self) {
        self.runs.update_value(|r| *r += 1);
        let token = self.session.get_untracked().map(|s| s.token);
        session::clear();
        self.session.set(None);
        self.error.set(None);
        if let Some(token) = token {
            leptos::task::spawn_local(async move {
                let _ = super::client::post_empty("/api/v1/auth/logout", Some(&token)).await;
            });
        }
    }

    /// Re-reads the outbox: how many wait, which were refused; a change id not seen before is
    /// a save, sent a few seconds later.
    pub async fn refresh_pending(self) {
        let Some(store) = self.app.store() else {
            return;
        };
        if let Ok(pending) = store.pending().await {
            let fresh = self.known.with_value(|known| {
                known.as_ref().is_some_and(|known| {
                    pending
                        .iter()
                        .any(|(_, p)| p.untried() && !known.contains(&p.change_id))
                })
            });
            self.known.set_value(Some(
                pending.iter().map(|(_, p)| p.change_id.clone()).collect(),
            ));
            self.waiting.set(pending.len() as u32);
            self.unsent
                .set(pending.iter().map(|(id, _)| id.clone()).collect());
            self.untried
                .set(pending.iter().filter(|(_, p)| p.untried()).count() as u32);
            self.refused.set(
                pending
                    .into_iter()
                    .filter_map(|(id, p)| p.rejected.map(|e| (id, e)))
                    .collect(),
            );
            if fresh {
                self.send_soon();
            }
        }
    }

    /// Syncs a few seconds from now (after a save), unless a run started meanwhile takes it:
    /// one already running syncs again when it ends.
    fn send_soon(self) {
        if self.busy.get_untracked() {
            self.again.set_value(true);
            return;
        }
        if self.session.get_untracked().is_none() || self.soon.get_untracked() {
            return;
        }
        self.soon.set(true);
        let run = self.runs.get_value();
        leptos::task::spawn_local(async move {
            sleep(AUTO_SYNC_DELAY_MS).await;
            self.soon.set(false);
            // A run started meanwhile (the button, `online`, a retry) sends this save; a retry
            // waiting on the network or the server keeps its own time.
            if self.runs.get_value() == run
                && !self.retry_pending()
                && window().navigator().on_line()
            {
                self.sync_now();
            }
        });
    }

    /// A retry is waiting for its turn (the network or the server failed).
    fn retry_pending(self) -> bool {
        self.error.get_untracked().is_some_and(|e| e.retried())
    }

    /// Syncs by itself when there is something to send — or the office's news has not been
    /// pulled for a while — and a network, and nothing needs the worker first (a sign-in, a new
    /// password, a refused request) or waits for its retry.
    fn sync_if_due(self) {
        let needs_worker = self.error.get_untracked().is_some_and(|e| !e.retried());
        if needs_worker || self.retry_pending() || !window().navigator().on_line() {
            return;
        }
        let stale = self
            .last_sync
            .get_untracked()
            .is_none_or(|t| js_sys::Date::now() - t > PULL_EVERY_MS);
        if self.untried.get_untracked() > 0 || stale {
            self.sync_now();
        }
    }

    async fn run(self, run: u64) {
        let device = DeviceId(crate::storage::settings::device_id());
        let mut attempt = 0;
        loop {
            let (Some(store), Some(session)) = (self.app.store(), self.session.get_untracked())
            else {
                self.busy.set(false);
                return;
            };
            // The browser knows it has no network: wait for its `online` event rather than
            // wake the radio for retries that cannot succeed.
            if !window().navigator().on_line() {
                self.busy.set(false);
                self.error.set(Some(SyncError::Offline));
                return;
            }
            self.busy.set(true);
            let app = self.app;
            let received = Rc::new(Cell::new(false));
            let heard = received.clone();
            let progress = self.progress;
            // Failing to fetch the sync module is a network failure: retried like one.
            let result = sync_module(
                store,
                session.clone(),
                device.clone(),
                Rc::new(move |p| progress.set(Some(p))),
                Rc::new(move |ids: &[String]| {
                    heard.set(true);
                    // A form open on one of them (here or in another tab) is told, so it does
                    // not save over the version just received.
                    app.announce_saved_many(ids);
                    app.changed_elsewhere.update(|seen| {
                        seen.extend(
                            ids.iter()
                                .filter(|id| !seen.contains(id))
                                .cloned()
                                .collect::<Vec<_>>(),
                        )
                    });
                }),
            )
            .await
            .unwrap_or(Err(SyncError::Unreachable));
            self.busy.set(false);
            self.progress.set(None);
            self.clock_skew.set(super::client::clock_skew_ms());
            // Answers to a push change no summary; only pulled versions do.
            if received.get() {
                self.app.refresh().await;
            }
            self.refresh_pending().await;
            let error = match result {
                Ok(_) => {
                    let now = js_sys::Date::now();
                    session::set_last_sync(now);
                    self.last_sync.set(Some(now));
                    self.error.set(None);
                    // A save made while this run pushed goes now.
                    if self.again.get_value() {
                        self.again.set_value(false);
                        self.sync_now();
                    }
                    return;
                }
                // The connection dropped with the network: say so, and wait for it to return.
                Err(SyncError::Unreachable) if !window().navigator().on_line() => {
                    SyncError::Offline
                }
                Err(e) => e,
            };
            match error {
                SyncError::SignedOut => {
                    session::clear();
                    self.session.set(None);
                }
                SyncError::PasswordChange => {
                    let mut s = session;
                    s.account.must_change_password = true;
                    session::save(&s);
                    self.session.set(Some(s));
                }
                _ => {}
            }
            let retried = error.retried();
            self.error.set(Some(error));
            if !retried || self.runs.get_value() != run {
                return;
            }
            attempt += 1;
            let wait = backoff::delay_ms(attempt, js_sys::Math::random());
            sleep(wait).await;
            if self.runs.get_value() != run {
                return; // the button or the network coming back started a new run
            }
        }
    }
}

/// Creates the sync context: reads the session, keeps the waiting count current, and syncs
/// at start (signed in) and whenever the browser comes online.
pub fn provide_sync_context(app: AppState) -> SyncContext {
    let sync = SyncContext {
        session: RwSignal::new(session::load()),
        progress: RwSignal::new(None),
        busy: RwSignal::new(false),
        waiting: RwSignal::new(0),
        untried: RwSignal::new(0),
        soon: RwSignal::new(false),
        unsent: RwSignal::new(Vec::new()),
        refused: RwSignal::new(Vec::new()),
        last_sync: RwSignal::new(session::last_sync()),
        error: RwSignal::new(None),
        clock_skew: RwSignal::new(None),
        runs: StoredValue::new(0),
        known: StoredValue::new(None),
        again: StoredValue::new(false),
        app,
    };
    provide_context(sync);

    // Every save, import or pulled page changes the summaries: count the outbox again.
    Effect::new(move |_| {
        app.summaries.track();
        if app.ready.get() {
            leptos::task::spawn_local(sync.refresh_pending());
        }
    });
    // Sync once the store is open, if signed in.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if app.ready.get() && app.store().is_some() {
            sync.sync_now();
            return true;
        }
        false
    });
    let on_online = Closure::<dyn Fn()>::new(move || sync.sync_now());
    let _ = window().add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    // The app comes back to the screen (the worker switched back to it, or woke the phone).
    let on_visible = Closure::<dyn Fn()>::new(move || {
        if !document().hidden() {
            sync.sync_if_due();
        }
    });
    let _ = document()
        .add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    let on_timer = Closure::<dyn Fn()>::new(move || {
        if !document().hidden() {
            sync.sync_if_due();
        }
    });
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        on_timer.as_ref().unchecked_ref(),
        TIMER_MS as i32,
    );
    // The listeners and the timer live as long as the page, like the app.
    on_online.forget();
    on_visible.forget();
    on_timer.forget();
    sync
}

/// The sync context.
pub fn use_sync() -> SyncContext {
    expect_context::<SyncContext>()
}

/// Hears where a running sync is.
type OnProgress = Rc<dyn Fn(Progress)>;
/// Hears the ids of households a pulled page changed.
type OnApplied = Rc<dyn Fn(&[String])>;

on_demand! {
    module = sync, preload = preload_sync;
    /// One sync (see [`engine::sync_once`]). In the split build its code — the engine, the wire
    /// types, merging pulled versions, classifying them — is a module of its own, fetched at the
    /// first sync (or in the background after the start) rather than before the list can show.
    async fn sync_module(
        store: Store,
        session: Session,
        device: DeviceId,
        progress: OnProgress,
        applied: OnApplied,
    ) -> Result<engine::Report, SyncError> {
        engine::sync_once(&store, &session, &device, &*progress, &*applied).await
    }
}

/// Fetches the sync module (see [`crate::lazy`]) without syncing.
pub async fn preload() -> Result<(), crate::lazy::LoadError> {
    preload_sync().await
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            ms.min(i32::MAX as u32) as i32,
        );
    });
    let _ = JsFuture::from(promise).await;
}
