//! Every change is saved as a draft, in batches: written when the browser is idle after a change
//! (at the latest half a second later), and at once when the page is hidden or unloaded — a
//! reload or a closed tab right after a keystroke still finds it — when the form is left, and
//! before a save or a discard takes the draft store over.
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shouwang_domain::Household;

use super::idle::IdleJob;
use crate::state::AppState;

/// The autosave of one open form.
#[derive(Clone)]
pub(crate) struct Autosave {
    /// There is a change the draft store does not have yet.
    dirty: SendWrapper<Rc<Cell<bool>>>,
    job: IdleJob,
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
        let place = Rc::new(place);
        let write = {
            let dirty = dirty.clone();
            move || {
                if !dirty.replace(false) {
                    return;
                }
                let (Some(store), Some(h)) = (state.store(), draft.try_get_untracked()) else {
                    return;
                };
                let place = place.clone();
                let base_rev = place.base_rev.try_get_untracked().flatten();
                // The write is issued in this task's first step (before any await), so a page
                // being unloaded still hands it to IndexedDB.
                leptos::task::spawn_local(async move {
                    match store
                        .save_draft(&place.key, &h, base_rev, &place.form_id)
                        .await
                    {
                        Ok(()) => {
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
            job: IdleJob::new(500, write),
        };
        let on_change = autosave.clone();
        Effect::new(move |first: Option<()>| {
            draft.track();
            if first.is_some() {
                on_change.dirty.set(true);
                on_change.job.request();
            }
        });
        let flush = autosave.clone();
        let hidden = window_event_listener_untyped("visibilitychange", move |_| {
            if document().hidden() {
                flush.flush();
            }
        });
        let flush = autosave.clone();
        let unloaded = window_event_listener_untyped("pagehide", move |_| flush.flush());
        let flush = autosave.clone();
        on_cleanup(move || {
            hidden.remove();
            unloaded.remove();
            // Leaving the form by any way (a link, the back button) writes what is pending.
            flush.flush();
        });
        autosave
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
        self.dirty.set(true);
        self.job.request();
    }
}
