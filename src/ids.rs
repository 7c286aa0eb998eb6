//! Ids made on the device: UUID version 7, so they sort in the order they were made (the merge
//! rule places items added on two devices in id order, which is then creation order).
//!
//! The `uuid` crate lays the id out (RFC 9562); the device gives it the time and the random
//! bytes, from the browser's clock and its `crypto.getRandomValues`.
use uuid::Builder;

/// A new time-ordered UUID (RFC 9562 version 7). `_kind` names what it is for, for readers.
pub fn new_id(_kind: &str) -> String {
    let millis = js_sys::Date::now() as u64;
    let mut random = [0u8; 10];
    if web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut random).ok())
        .is_none()
    {
        for b in &mut random {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    v7(millis, &random)
}

/// The version 7 UUID of `millis` since the Unix epoch and 10 random bytes, in the canonical
/// 8-4-4-4-12 form.
pub fn v7(millis: u64, random: &[u8; 10]) -> String {
    Builder::from_unix_timestamp_millis(millis, random)
        .into_uuid()
        .hyphenated()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::v7;

    #[test]
    fn version_seven_layout() {
        let s = v7(0xffff_ffff_ffff, &[0xff; 10]);
        assert_eq!(s, "ffffffff-ffff-7fff-bfff-ffffffffffff");
        assert_eq!(s.len(), 36);
    }

    #[test]
    fn later_timestamps_sort_later() {
        // Randomness never outweighs the timestamp.
        assert!(v7(1, &[0xff; 10]) < v7(2, &[0; 10]));
    }
}
