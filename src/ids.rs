//! Ids made on the device: UUID version 7, so they sort in the order they were made (the merge
//! rule places items added on two devices in id order, which is then creation order).
use std::fmt::Write;

/// A new time-ordered UUID (RFC 9562 version 7). `_kind` names what it is for, for readers.
pub fn new_id(_kind: &str) -> String {
    let millis = js_sys::Date::now() as u64;
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
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
    bytes[6..].copy_from_slice(&random);
    format_v7(bytes)
}

/// Sets the version and variant bits and writes the canonical 8-4-4-4-12 form.
pub fn format_v7(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::format_v7;

    #[test]
    fn version_seven_layout() {
        let s = format_v7([0xff; 16]);
        assert_eq!(s, "ffffffff-ffff-7fff-bfff-ffffffffffff");
        assert_eq!(s.len(), 36);
    }

    #[test]
    fn later_timestamps_sort_later() {
        let mut a = [0u8; 16];
        let mut b = [0u8; 16];
        a[5] = 1;
        b[5] = 2;
        b[15] = 0; // randomness never outweighs the timestamp
        a[15] = 0xff;
        assert!(format_v7(a) < format_v7(b));
    }
}
