//! Work put off until the browser is idle: after the frame that shows a keystroke, at the latest
//! after a timeout (`requestIdleCallback`; a zero timeout where the browser has none, as Safari).
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::window;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Runs `f` once the browser is idle, at the latest after `timeout_ms`.
pub fn when_idle(timeout_ms: u32, f: impl FnOnce() + 'static) {
    let w = window();
    let callback = Closure::once_into_js(f);
    let idle = js_sys::Reflect::has(&w, &JsValue::from_str("requestIdleCallback")).unwrap_or(false);
    if idle {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(timeout_ms);
        let _ = w.request_idle_callback_with_options(callback.unchecked_ref(), &options);
    } else {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}

/// A job run once at the next idle time after it was asked for, however often it was asked
/// for in between; it can also be run at once or called off. (`Send` for the reactive system's
/// sake: a browser tab has one thread.)
#[derive(Clone)]
pub struct IdleJob(SendWrapper<Rc<Job>>);

struct Job {
    run: Box<dyn Fn()>,
    timeout_ms: u32,
    /// Asked for and not yet run.
    pending: Cell<bool>,
    /// Bumped by `cancel` and `run_now`: a callback of an older generation does nothing.
    generation: Cell<u32>,
}

impl IdleJob {
    pub fn new(timeout_ms: u32, run: impl Fn() + 'static) -> IdleJob {
        IdleJob(SendWrapper::new(Rc::new(Job {
            run: Box::new(run),
            timeout_ms,
            pending: Cell::new(false),
            generation: Cell::new(0),
        })))
    }

    /// Runs the job at the next idle time (once, if asked for several times before).
    pub fn request(&self) {
        let job = &self.0;
        if job.pending.replace(true) {
            return;
        }
        let generation = job.generation.get();
        let job = Rc::clone(job);
        when_idle(job.timeout_ms, move || {
            if job.generation.get() == generation && job.pending.replace(false) {
                (job.run)();
            }
        });
    }

    /// Runs the job now, whether it was asked for or not.
    pub fn run_now(&self) {
        self.cancel();
        (self.0.run)();
    }

    /// Calls off a pending run.
    pub fn cancel(&self) {
        let job = &self.0;
        job.pending.set(false);
        job.generation.set(job.generation.get().wrapping_add(1));
    }
}
