//! Pictures leaving the phone: a photo the server holds leaves once the policy's period is over
//! (`attachments.keep_on_phone_days`, decided by the domain's
//! [`shouwang_domain::policy::AttachmentRules::may_leave_phone`]), so a phone keeps the recent
//! pictures of its villages offline without filling up over the years. Its thumbnail stays (the
//! card still shows it offline) and the photo itself comes back from the server when it is
//! looked at while online ([`super::AttachmentImage`]). A picture the server does not hold, or
//! refused, never leaves: it is the only copy.
use chrono::{Datelike, NaiveDate};

use super::store;
use crate::storage::{with_policy, Store};

/// Deletes from the phone every photo and signature that may leave it on `today`; returns how
/// many left. Failures leave the pictures where they are, for a later round.
pub async fn purge(records: &Store, today: NaiveDate) -> u32 {
    let Ok(entries) = store::entries().await else {
        return 0;
    };
    let mut left = 0;
    for e in entries
        .iter()
        .filter(|e| e.thumb_of.is_none() && e.uploaded)
    {
        let Some(kept_on) = e.stored_at.as_deref().and_then(day_of) else {
            continue;
        };
        let area = match records.load(&e.household).await {
            Ok(Some(s)) => s.household.area.parsed_code(),
            _ => None,
        };
        let leaves = with_policy(|p| {
            p.resolve(area.as_ref(), today.year())
                .rules
                .attachments
                .may_leave_phone(e.uploaded, kept_on, today)
        });
        if leaves && store::remove(&e.sha).await.is_ok() {
            left += 1;
        }
    }
    left
}

/// The calendar day of an ISO 8601 time as the device wrote it (`2026-12-02T…`).
fn day_of(iso: &str) -> Option<NaiveDate> {
    iso.get(..10)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::day_of;

    #[test]
    fn the_day_a_picture_was_kept_is_read_from_its_time() {
        assert_eq!(
            day_of("2026-12-02T18:30:00.000Z"),
            "2026-12-02".parse().ok()
        );
        assert_eq!(day_of("garbage"), None);
    }
}
