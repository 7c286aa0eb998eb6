//! Every change is saved as a draft, in batches: written when the browser is idle after a change
//! (at the latest half a second later), and at once when the form is left, before a save or a
//! discard takes the draft store over, and when the page is hidden or unloaded — a reload or a
//! closed tab right after a keystroke still finds it. An IndexedDB write started while the page
//! unloads may never be committed, so a page going away also leaves the pending change in
//! localStorage (synchronous), where the next opening of the form finds it ([`rescued`]); the
//! draft written to IndexedDB after that change clears it (a write still in flight from before
//! it does not: its transaction may land while the newer one is lost with the page).
use std::cell::Cell;
use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shouwang_domain::Household;

use super::idle::IdleJob;
use crate::state::AppState;
use crate::storage::Draft;

/// The localStorage key of the change left by a page that went away while editing `draft_key`.
fn rescue_key(draft_key: &str) -> String {
    format!("shouwang.draft-rescue.{draft_key}")
}

/// The change a page left as it went away, if any: newer than the stored draft, which a later
/// write would have cleared it with.
pub(crate) fn rescued(draft_key: &str) -> Option<Draft> {
    LocalStorage::get(rescue_key(draft_key)).ok()
}

/// Forgets a rescued change (its draft is in IndexedDB now, or was saved or discarded).
pub(crate) fn clear_rescued(draft_key: &str) {
    LocalStorage::delete(rescue_key(draft_key));
}

/// The autosave of one open form.
#[derive(Clone)]
pub(crate) struct Autosave {
    /// There is a change the draft store does not have yet.
    dirty: SendWrapper<Rc<Cell<bool>>>,
    /// How many changes this form has seen: a write carries the count it was issued at.
    changes: SendWrapper<Rc<Cell<u64>>>,
    job: IdleJob,
    /// Leaves the pending change in localStorage (the page is going away).
    rescue: SendWrapper<Rc<dyn Fn()>>,
}

/// What a draft is written with: where, from which stored revision, by which form.
pub(crate) struct DraftPlace {
    pub key: String,
    pub base_rev: RwSignal<Option<u64>>,
    pub form_id: String,
}

impl Autosave {
    /// Starts saving the changes of `draft` (those after the first render); `written` is set
    /// once a draft is in the store.
    pub fn start(
        state: AppState,
        draft: RwSignal<Household>,
        place: DraftPlace,
        written: RwSignal<bool>,
    ) -> Autosave {
        let dirty = Rc::new(Cell::new(false));
        let changes = Rc::new(Cell::new(0u64));
        // The change count of the last change this form left in localStorage, if it left one.
        let rescued_at: Rc<Cell<Option<u64>>> = Rc::new(Cell::new(None));
        let place = Rc::new(place);
        let rescue = {
            let (dirty, place) = (dirty.clone(), place.clone());
            let (changes, rescued_at) = (changes.clone(), rescued_at.clone());
            move || {
                if !dirty.get() {
                    return;
                }
                let Some(household) = draft.try_get_untracked() else {
                    return;
                };
                let left = Draft {
                    base_rev: place.base_rev.try_get_untracked().flatten(),
                    form: place.form_id.clone(),
                    household,
                };
                if LocalStorage::set(rescue_key(&place.key), &left).is_ok() {
                    rescued_at.set(Some(changes.get()));
                }
            }
        };
        let write = {
            let (dirty, changes) = (dirty.clone(), changes.clone());
            move || {
                if !dirty.replace(false) {
                    return;
                }
                let (Some(store), Some(h)) = (state.store(), draft.try_get_untracked()) else {
                    return;
                };
                let place = place.clone();
                let rescued_at = rescued_at.clone();
                let issued_at = changes.get();
                let base_rev = place.base_rev.try_get_untracked().flatten();
                // The write is issued in this task's first step (before any await), so a page
                // being unloaded still hands it to IndexedDB.
                leptos::task::spawn_local(async move {
                    match store
                        .save_draft(&place.key, &h, base_rev, &place.form_id)
                        .await
                    {
                        Ok(()) => {
                            // A write issued before the last change left in localStorage is
                            // older than it: that change stays there until a later write lands.
                            if rescued_at.get().is_none_or(|at| at <= issued_at) {
                                clear_rescued(&place.key);
                            }
                            written.try_set(true);
                        }
                        Err(e) => {
                            state.storage_error.try_set(Some(e));
                        }
                    }
                });
            }
        };
        let autosave = Autosave {
            dirty: SendWrapper::new(dirty),
            changes: SendWrapper::new(changes),
            job: IdleJob::new(500, write),
            rescue: SendWrapper::new(Rc::new(rescue)),
        };
        let on_change = autosave.clone();
        Effect::new(move |first: Option<()>| {
            draft.track();
            if first.is_some() {
                on_change.changes.set(on_change.changes.get() + 1);
                on_change.dirty.set(true);
                on_change.job.request();
            }
        });
        let flush = autosave.clone();
        let hidden = window_event_listener_untyped("visibilitychange", move |_| {
            if document().hidden() {
                flush.going();
            }
        });
        let flush = autosave.clone();
        let unloaded = window_event_listener_untyped("pagehide", move |_| flush.going());
        let flush = autosave.clone();
        on_cleanup(move || {
            hidden.remove();
            unloaded.remove();
            // Leaving the form by any way (a link, the back button) writes what is pending.
            flush.flush();
        });
        autosave
    }

    /// The page is hidden or going away: the pending change is left in localStorage and written
    /// to the draft store.
    fn going(&self) {
        (self.rescue)();
        self.flush();
    }

    /// Writes a pending change now.
    pub fn flush(&self) {
        if self.dirty.get() {
            self.job.run_now();
        } else {
            self.job.cancel();
        }
    }

    /// Forgets the pending change: the caller saves or drops the draft itself.
    pub fn forget(&self) {
        self.dirty.set(false);
        self.job.cancel();
    }

    /// Takes the current draft as a change to write (a save that failed left it unsaved).
    pub fn mark_changed(&self) {
        self.changes.set(self.changes.get() + 1);
        self.dirty.set(true);
        self.job.request();
    }
}
