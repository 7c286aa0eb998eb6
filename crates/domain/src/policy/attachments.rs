//! How long pictures stay on the phone: the policy's `attachments` section.
use serde::{Deserialize, Serialize};

/// Photos and signatures on the phone: once the server holds one, it leaves the phone after this
/// period and comes back from the server when it is looked at while online. A phone keeps a
/// village's recent pictures offline without filling up over the years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRules {
    /// Days a picture the server holds stays on the phone after it was kept there.
    pub keep_on_phone_days: u32,
}

impl Default for AttachmentRules {
    fn default() -> Self {
        AttachmentRules {
            keep_on_phone_days: 90,
        }
    }
}

impl AttachmentRules {
    /// Whether a picture kept on the phone on `kept_on` may leave it on `today`: only once the
    /// server holds it (`uploaded`), and only after the period. A picture the server refused or
    /// does not hold yet never leaves: it is the only copy.
    pub fn may_leave_phone(
        &self,
        uploaded: bool,
        kept_on: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> bool {
        uploaded && (today - kept_on).num_days() >= i64::from(self.keep_on_phone_days)
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::AttachmentRules;

    fn day(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    #[rstest]
    #[case::held_and_old(true, "2026-09-02", true)]
    #[case::held_but_recent(true, "2026-09-03", false)]
    #[case::old_but_not_on_the_server(false, "2025-01-01", false)]
    #[case::kept_today(true, "2026-12-01", false)]
    fn a_picture_leaves_the_phone_only_once_the_server_holds_it_and_the_period_is_over(
        #[case] uploaded: bool,
        #[case] kept_on: &str,
        #[case] leaves: bool,
    ) {
        let rules = AttachmentRules::default();
        assert_eq!(rules.keep_on_phone_days, 90);
        assert_eq!(
            rules.may_leave_phone(uploaded, day(kept_on), day("2026-12-01")),
            leaves
        );
    }
}
