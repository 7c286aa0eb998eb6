//! How long to wait before retrying a sync that failed for want of a network or a working
//! server: 2 s, doubling at each failure up to 5 minutes, spread by ±20 % so a village's phones
//! coming back online at once do not all call the server in the same second.

/// The first wait, in milliseconds.
pub const FIRST_MS: u32 = 2_000;
/// The longest wait, in milliseconds.
pub const MAX_MS: u32 = 300_000;

/// The wait before retry number `attempt` (1 for the first retry), with `jitter` in `[0, 1)`
/// (a random number; 0.5 gives the middle of the range).
pub fn delay_ms(attempt: u32, jitter: f64) -> u32 {
    let doublings = attempt.saturating_sub(1).min(16);
    let base = (u64::from(FIRST_MS) << doublings).min(u64::from(MAX_MS)) as f64;
    let spread = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    (base * spread).round().min(f64::from(MAX_MS)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_two_seconds_up_to_five_minutes() {
        let middle: Vec<u32> = (1..=10).map(|a| delay_ms(a, 0.5)).collect();
        assert_eq!(
            middle,
            [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]
        );
        assert_eq!(
            delay_ms(1_000, 0.5),
            MAX_MS,
            "no overflow after a long outage"
        );
    }

    #[test]
    fn jitter_spreads_a_wait_by_a_fifth_either_way_and_never_past_the_cap() {
        assert_eq!(delay_ms(1, 0.0), 1_600);
        assert_eq!(delay_ms(1, 0.999_999), 2_400);
        assert_eq!(delay_ms(20, 0.999_999), MAX_MS);
        assert!(delay_ms(9, 0.0) >= 240_000);
    }
}
