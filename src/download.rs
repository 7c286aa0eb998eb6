//! Offering a file the app made or fetched as a download (a backup, an office export).
use wasm_bindgen::JsCast;

/// Offers `blob` as a download named `name`, through a temporary object URL and link.
pub fn save_blob(blob: &web_sys::Blob, name: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Some(a) = leptos::prelude::document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers `text` as a download named `name`, of type `mime`.
pub fn save_text(text: &str, mime: &str, name: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_blob(&blob, name);
    }
}
