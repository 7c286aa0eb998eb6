//! Browser entry point: install the panic hook and mount the app. Everything else lives in the library
//! so tests can mount components.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shouwang_app::app::App);
}
