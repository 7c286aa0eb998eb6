//! Small settings in localStorage (through gloo-storage): this device's id.
use gloo_storage::{LocalStorage, Storage};

const DEVICE_KEY: &str = "shouwang.device_id";

/// This browser's device id, made once and kept.
pub fn device_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(DEVICE_KEY) {
        return id;
    }
    let id = crate::ids::new_id("dev");
    let _ = LocalStorage::set(DEVICE_KEY, &id);
    id
}
