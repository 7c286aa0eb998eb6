//! The place to keep with a photo: the phone's position, only when the worker has already
//! allowed it (as for a visit's 使用当前位置 in the form). A photo never waits on a prompt or a
//! slow fix: without a permission already given, or after a few seconds, it is kept without one.
use js_sys::{Promise, Reflect};
use shouwang_domain::model::Gps;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long a photo waits for a position.
const WAIT_MS: u32 = 5_000;
/// A position this recent is good enough (the worker stands at the same house).
const MAX_AGE_MS: u32 = 5 * 60_000;

/// Whether the browser says geolocation is already granted (`navigator.permissions`).
async fn granted() -> Option<bool> {
    let navigator = web_sys::window()?.navigator();
    let permissions = Reflect::get(&navigator, &"permissions".into()).ok()?;
    let query: js_sys::Function = Reflect::get(&permissions, &"query".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let what = js_sys::Object::new();
    Reflect::set(&what, &"name".into(), &"geolocation".into()).ok()?;
    let promise: Promise = query.call1(&permissions, &what).ok()?.dyn_into().ok()?;
    let status = JsFuture::from(promise).await.ok()?;
    let state = Reflect::get(&status, &"state".into()).ok()?.as_string()?;
    Some(state == "granted")
}

/// The phone's position, if the worker allowed it and a fix comes in time.
pub async fn allowed_position() -> Option<Gps> {
    if granted().await != Some(true) {
        return None;
    }
    let geo = web_sys::window()?.navigator().geolocation().ok()?;
    let promise = Promise::new(&mut |resolve, _reject| {
        let ok_resolve = resolve.clone();
        let ok = Closure::once_into_js(move |pos: web_sys::Position| {
            let _ = ok_resolve.call1(&JsValue::NULL, &pos);
        });
        let fail = Closure::once_into_js(move |_e: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        });
        let options = web_sys::PositionOptions::new();
        options.set_timeout(WAIT_MS);
        options.set_maximum_age(MAX_AGE_MS);
        let _ = geo.get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(fail.unchecked_ref()),
            &options,
        );
    });
    let pos = JsFuture::from(promise).await.ok()?;
    if pos.is_null() {
        return None;
    }
    // Unchecked: Chrome's class is `GeolocationPosition`, not the `Position` web-sys names.
    let pos: web_sys::Position = pos.unchecked_into();
    let c = pos.coords();
    Some(Gps {
        lat: c.latitude(),
        lon: c.longitude(),
        accuracy_m: Some(c.accuracy()),
    })
}
