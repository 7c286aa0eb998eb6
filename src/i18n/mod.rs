//! Every user-visible string, one catalogue per language, and the current language as context.
//!
//! A catalogue is a [`Strings`] struct rather than a key → text map: a string missing from one
//! language is a compile error, not a blank on a field worker's screen. Components read text with
//! `use_i18n().lang().strings().field`.

pub mod consent;
mod en;
pub mod imports;
pub mod photos;
mod zh_cn;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

/// All the text of the interface in one language. Strings with `{}` take arguments through
/// [`fill`]. Field names of the household record are not here: they are the standard names of
/// DOMAIN.md §10, from `shouwang_domain::labels`.
#[derive(Debug)]
pub struct Strings {
    pub app_name: &'static str,
    pub app_purpose: &'static str,
    pub language: &'static str,
    pub nav_households: &'static str,
    pub nav_todo: &'static str,
    pub nav_settings: &'static str,
    pub nav_new: &'static str,
    pub loading: &'static str,
    pub search_label: &'static str,
    pub filter_category: &'static str,
    pub filter_warning: &'static str,
    pub filter_any: &'static str,
    pub filter_none: &'static str,
    pub filter_not_visited: &'static str,
    pub filter_overdue: &'static str,
    pub count_households: &'static str,
    pub count_shown: &'static str,
    pub count_monitored: &'static str,
    pub count_red: &'static str,
    pub count_overdue: &'static str,
    pub show_more: &'static str,
    pub empty_list: &'static str,
    pub no_match: &'static str,
    pub head_unknown: &'static str,
    pub members_unit: &'static str,
    pub last_visit: &'static str,
    pub never_visited: &'static str,
    pub section_basic: &'static str,
    pub section_members: &'static str,
    pub section_income: &'static str,
    pub section_guarantees: &'static str,
    pub section_risks: &'static str,
    pub section_measures: &'static str,
    pub section_visits: &'static str,
    pub section_procedure: &'static str,
    pub member_add: &'static str,
    pub member_remove: &'static str,
    pub member_up: &'static str,
    pub member_down: &'static str,
    pub member_n: &'static str,
    pub measure_add: &'static str,
    pub visit_add: &'static str,
    pub remove: &'static str,
    pub use_gps: &'static str,
    pub gps_unsupported: &'static str,
    pub gps_denied: &'static str,
    pub gps_unavailable: &'static str,
    pub gps_timeout: &'static str,
    pub risk_add: &'static str,
    pub risks_suggested: &'static str,
    pub risks_chosen: &'static str,
    pub risks_use_suggested: &'static str,
    pub override_hint: &'static str,
    pub none_selected: &'static str,
    pub village_other: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub draft_saved: &'static str,
    pub draft_restored: &'static str,
    pub discard_draft: &'static str,
    pub draft_stale: &'static str,
    pub errors_block_save: &'static str,
    /// The form in steps: the steps' short names, in order (basic facts, members, income and
    /// spending, 三保障/饮水, risks, measures, visits, procedure).
    pub form_steps: [&'static str; 8],
    pub form_steps_label: &'static str,
    pub form_step_of: &'static str,
    pub form_step_errors: &'static str,
    pub form_prev: &'static str,
    pub form_next: &'static str,
    pub form_first_error: &'static str,
    pub form_judging: &'static str,
    pub member_open: &'static str,
    pub member_back: &'static str,
    pub member_age: &'static str,
    pub member_unnamed: &'static str,
    pub leave_title: &'static str,
    pub leave_text: &'static str,
    pub leave_stay: &'static str,
    pub leave_keep: &'static str,
    pub leave_discard: &'static str,
    pub edit: &'static str,
    pub back: &'static str,
    pub not_found: &'static str,
    pub detail_title: &'static str,
    pub suggested_category: &'static str,
    pub chosen_category: &'static str,
    pub not_suggested: &'static str,
    pub warning_level: &'static str,
    pub per_capita: &'static str,
    pub after_rigid: &'static str,
    pub line: &'static str,
    pub yuan: &'static str,
    pub reasons: &'static str,
    pub findings: &'static str,
    pub no_findings: &'static str,
    pub triggers: &'static str,
    pub exit_title: &'static str,
    pub exit_eligible: &'static str,
    pub exit_not_eligible: &'static str,
    pub exit_not_applicable: &'static str,
    pub measures_suggested: &'static str,
    pub present: &'static str,
    pub missing: &'static str,
    pub todo_visits: &'static str,
    pub todo_procedures: &'static str,
    pub todo_nothing: &'static str,
    pub sync_waiting_login: &'static str,
    pub sync_waiting_soon: &'static str,
    pub sync_refused_one: &'static str,
    pub sync_refused_many: &'static str,
    pub sync_refused_see: &'static str,
    pub sort_label: &'static str,
    pub sort_warning: &'static str,
    pub sort_name: &'static str,
    pub sort_last_visit: &'static str,
    pub sort_days_left: &'static str,
    pub suggested_as: &'static str,
    pub row_refused: &'static str,
    pub row_waiting: &'static str,
    pub show_voided: &'static str,
    pub hide_voided: &'static str,
    pub voided_badge: &'static str,
    pub card_print: &'static str,
    pub card_title: &'static str,
    pub card_contact: &'static str,
    pub card_housing: &'static str,
    pub card_guarantees_ok: &'static str,
    pub card_guarantee_gaps: &'static str,
    pub card_income: &'static str,
    pub card_judgement: &'static str,
    pub card_members_none: &'static str,
    pub col_age: &'static str,
    pub col_school: &'static str,
    pub col_work: &'static str,
    pub health_healthy: &'static str,
    pub card_edit_section: &'static str,
    pub card_recorded_risks: &'static str,
    pub card_no_risks: &'static str,
    pub card_measures_none: &'static str,
    pub card_visits_none: &'static str,
    pub card_add_visit: &'static str,
    pub card_add_measure: &'static str,
    pub card_saved: &'static str,
    pub cancel: &'static str,
    pub measure_implemented: &'static str,
    pub measure_not_implemented: &'static str,
    pub card_printed_on: &'static str,
    pub card_signatures: &'static str,
    pub card_more_visits: &'static str,
    pub card_refused_title: &'static str,
    pub card_refused_fix: &'static str,
    pub card_refused_retrying: &'static str,
    pub card_waiting: &'static str,
    pub card_duplicate_title: &'static str,
    pub card_duplicate_line: &'static str,
    pub card_open_other: &'static str,
    pub dup_prompt_line: &'static str,
    pub dup_prompt_other_person: &'static str,
    pub card_server_says: &'static str,
    pub card_visits_title: &'static str,
    pub card_more: &'static str,
    pub void_action: &'static str,
    pub void_explain: &'static str,
    pub void_confirm: &'static str,
    pub voided_banner: &'static str,
    pub voided_office_only: &'static str,
    pub restore_action: &'static str,
    pub restore_done: &'static str,
    pub restore_needs_sync: &'static str,
    pub move_action: &'static str,
    pub move_explain: &'static str,
    pub move_member: &'static str,
    pub move_kind: &'static str,
    pub move_target: &'static str,
    pub move_target_find: &'static str,
    pub move_target_none: &'static str,
    pub move_new_head: &'static str,
    pub move_confirm: &'static str,
    pub move_done: &'static str,
    pub move_open_new: &'static str,
    pub moves_none: &'static str,
    pub move_line_with: &'static str,
    pub move_line: &'static str,
    pub todo_returned: &'static str,
    pub todo_refused: &'static str,
    pub lead_checked: &'static str,
    pub lead_due_by: &'static str,
    pub lead_choose: &'static str,
    pub lead_record: &'static str,
    pub todo_leads: &'static str,
    pub todo_leads_what: &'static str,
    pub todo_start_procedure: &'static str,
    pub todo_procedure: &'static str,
    pub todo_first_visit: &'static str,
    pub todo_visit: &'static str,
    pub todo_by: &'static str,
    pub todo_asap: &'static str,
    pub todo_returned_what: &'static str,
    pub todo_start_what: &'static str,
    pub todo_procedure_what: &'static str,
    pub todo_first_what: &'static str,
    pub todo_visit_what: &'static str,
    pub todo_count: &'static str,
    pub queue_filter_village: &'static str,
    pub queue_filter_step: &'static str,
    pub queue_filter_overdue: &'static str,
    pub queue_sort_deadline: &'static str,
    pub queue_sort_village: &'static str,
    pub queue_sort_step: &'static str,
    pub queue_shown: &'static str,
    pub audit_find: &'static str,
    pub audit_found: &'static str,
    pub audit_none_found: &'static str,
    pub office_duplicates: &'static str,
    pub duplicates_explain: &'static str,
    pub duplicates_none: &'static str,
    pub duplicates_count: &'static str,
    pub work_months_fmt: &'static str,
    pub procedure_none: &'static str,
    pub duplicate_holder: &'static str,
    pub days_left: &'static str,
    pub days_overdue: &'static str,
    pub settings_storage: &'static str,
    pub storage_used: &'static str,
    pub storage_unknown: &'static str,
    pub storage_persisted: &'static str,
    pub storage_not_persisted: &'static str,
    pub storage_near_quota: &'static str,
    pub households_stored: &'static str,
    pub backup: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    pub import_done: &'static str,
    pub import_failed: &'static str,
    pub update_ready: &'static str,
    pub update_apply: &'static str,
    pub replaced_elsewhere: &'static str,
    pub changed_in_other_tab: &'static str,
    pub reload: &'static str,
    // ---- Deployment: HTTPS and in-app-browser banners, enrolment by QR code ----
    /// The app is open over plain HTTP at a network address (no service worker).
    pub https_needed: &'static str,
    pub in_app_title: &'static str,
    /// In WeChat, QQ and other apps' built-in browsers.
    pub in_app_known: &'static str,
    /// A browser without a service worker or persistent storage.
    pub in_app_other: &'static str,
    /// HTTPS, but the service worker could not be registered (the township CA is not installed).
    pub cert_untrusted: &'static str,
    pub cert_steps_link: &'static str,
    pub enrol_title: &'static str,
    pub enrol_intro: &'static str,
    pub enrol_code: &'static str,
    pub enrol_submit: &'static str,
    pub enrol_busy: &'static str,
    pub enrol_offline: &'static str,
    /// {}: the HTTP status.
    pub enrol_failed: &'static str,
    /// {}: display name, {}: username.
    pub enrol_signed_in: &'static str,
    pub enrol_password_intro: &'static str,
    pub enrol_password_submit: &'static str,
    pub enrol_done: &'static str,
    pub enrol_to_list: &'static str,
    pub ca_title: &'static str,
    pub ca_why: &'static str,
    pub ca_download: &'static str,
    /// {}: the SHA-256 fingerprint.
    pub ca_fingerprint: &'static str,
    pub ca_android: &'static str,
    pub ca_android_1: &'static str,
    pub ca_android_2: &'static str,
    pub ca_android_3: &'static str,
    pub ca_ios: &'static str,
    pub ca_ios_1: &'static str,
    pub ca_ios_2: &'static str,
    pub ca_ios_3: &'static str,
    pub ca_ios_4: &'static str,
    pub ca_browsers: &'static str,
    pub office_enrol: &'static str,
    pub enrol_sheet_village: &'static str,
    pub enrol_sheet_choose: &'static str,
    pub enrol_sheet_workers: &'static str,
    pub enrol_sheet_none: &'static str,
    pub enrol_sheet_make: &'static str,
    pub enrol_sheet_replaces: &'static str,
    pub enrol_sheet_print: &'static str,
    pub enrol_sheet_title: &'static str,
    pub enrol_sheet_scan: &'static str,
    pub enrol_sheet_ca: &'static str,
    /// {}: date and time.
    pub enrol_sheet_expires: &'static str,
    /// {}: the code.
    pub enrol_sheet_code: &'static str,
    pub enrol_sheet_http: &'static str,
    /// A screen's code (a lazily loaded module) could not be fetched.
    pub screen_load_failed: &'static str,
    /// Fetch a screen's code again.
    pub screen_load_retry: &'static str,
    pub storage_unavailable: &'static str,
    pub storage_blocked: &'static str,
    pub storage_quota_exceeded: &'static str,
    pub storage_changed_elsewhere: &'static str,
    pub storage_unreadable: &'static str,
    pub storage_other: &'static str,
    pub not_an_amount: &'static str,
    pub not_a_number: &'static str,
    pub dismiss: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub device_id: &'static str,
    pub login_submit: &'static str,
    pub logging_in: &'static str,
    pub login_offline: &'static str,
    pub login_failed: &'static str,
    pub signed_in_as: &'static str,
    pub change_password_title: &'static str,
    pub change_password_intro: &'static str,
    pub old_password: &'static str,
    pub new_password: &'static str,
    pub repeat_password: &'static str,
    pub password_submit: &'static str,
    pub password_too_short: &'static str,
    pub password_mismatch: &'static str,
    pub password_changed: &'static str,
    pub login_to_list: &'static str,
    pub logout: &'static str,
    pub logout_note: &'static str,
    pub role_worker: &'static str,
    pub role_reviewer: &'static str,
    pub role_admin: &'static str,
    pub sync_title: &'static str,
    pub sync_now: &'static str,
    pub sync_signed_out: &'static str,
    pub sync_login: &'static str,
    pub sync_signed_out_again: &'static str,
    pub sync_password_required: &'static str,
    pub sync_running: &'static str,
    pub sync_pushing: &'static str,
    pub sync_pulling: &'static str,
    pub sync_waiting: &'static str,
    pub sync_all_sent: &'static str,
    pub sync_last: &'static str,
    pub sync_never: &'static str,
    pub sync_offline: &'static str,
    pub sync_unreachable: &'static str,
    pub sync_retry_later: &'static str,
    pub sync_server_error: &'static str,
    pub sync_bad_response: &'static str,
    pub sync_refused: &'static str,
    pub sync_too_large: &'static str,
    pub sync_rejected: &'static str,
    pub sync_refused_count: &'static str,
    // The phone's clock against the server's (issue 11).
    pub sync_clock_ahead: &'static str,
    pub sync_clock_behind: &'static str,
    pub sync_refused_title: &'static str,
    // The township office screens (issue 5).
    pub nav_office: &'static str,
    pub office_queue: &'static str,
    pub office_dashboard: &'static str,
    pub office_publicity: &'static str,
    pub office_audit: &'static str,
    pub office_offline: &'static str,
    pub office_unreachable: &'static str,
    pub office_signed_out: &'static str,
    pub office_not_allowed: &'static str,
    pub office_failed: &'static str,
    pub office_retry: &'static str,
    pub office_as_of: &'static str,
    pub queue_empty: &'static str,
    pub queue_counts: &'static str,
    pub queue_next_step: &'static str,
    pub queue_deadline: &'static str,
    pub queue_publicity: &'static str,
    pub queue_flags: &'static str,
    pub queue_last_decision: &'static str,
    pub queue_approve: &'static str,
    pub queue_return: &'static str,
    pub queue_comment: &'static str,
    pub queue_sending: &'static str,
    pub queue_decided: &'static str,
    pub queue_reload: &'static str,
    pub queue_confirm_title: &'static str,
    pub queue_confirm_approve: &'static str,
    pub queue_confirm_identified: &'static str,
    pub queue_confirm_exit: &'static str,
    pub queue_confirm_return: &'static str,
    pub queue_confirm_yes: &'static str,
    pub queue_confirm_no: &'static str,
    pub queue_not_yours: &'static str,
    pub decision_approved: &'static str,
    pub decision_returned: &'static str,
    pub decisions_title: &'static str,
    pub procedure_next: &'static str,
    pub procedure_done: &'static str,
    pub dash_total: &'static str,
    pub dash_compare: &'static str,
    pub dash_figure: &'static str,
    pub dash_no_alert: &'static str,
    pub dash_none: &'static str,
    pub dash_chart_category: &'static str,
    pub dash_chart_risk: &'static str,
    pub dash_households: &'static str,
    pub dash_people: &'static str,
    pub dash_of: &'static str,
    pub dash_income: &'static str,
    pub dash_lead_days: &'static str,
    pub dash_microcredit: &'static str,
    pub dash_workers: &'static str,
    pub dash_alert_share: &'static str,
    pub exports_title: &'static str,
    pub export_households_csv: &'static str,
    pub export_members_csv: &'static str,
    pub export_xlsx: &'static str,
    pub export_downloading: &'static str,
    pub publicity_title: &'static str,
    /// The heading of the notice's second part: households proposed for 风险消除.
    pub publicity_exit_title: &'static str,
    pub publicity_village: &'static str,
    pub publicity_choose: &'static str,
    pub publicity_masked: &'static str,
    pub publicity_print: &'static str,
    pub publicity_empty: &'static str,
    pub publicity_period: &'static str,
    pub publicity_dated: &'static str,
    pub audit_title: &'static str,
    pub audit_household: &'static str,
    pub audit_show: &'static str,
    pub audit_empty: &'static str,
    pub audit_revision: &'static str,
    pub audit_meta: &'static str,
    pub audit_created: &'static str,
    pub audit_merged: &'static str,
    pub audit_field: &'static str,
    pub audit_before: &'static str,
    pub audit_after: &'static str,
    pub exit_action: &'static str,
    pub exit_done: &'static str,
    pub exit_not_on_server: &'static str,
    pub exit_procedure_done: &'static str,
    pub exit_decisions_title: &'static str,
    pub exit_eliminated: &'static str,
    pub exit_open: &'static str,
    /// The form's note where the exit would be: the office starts and decides it.
    pub exit_from_office: &'static str,
    /// Beneath a field only the township office sets (the identification, its dates).
    pub field_office_owned: &'static str,
    pub exit_refused: &'static str,
    pub exit_refused_at_county: &'static str,
    pub exit_withdraw_action: &'static str,
    pub exit_withdraw_reason: &'static str,
    pub exit_withdraw_done: &'static str,
    pub exit_withdrawn: &'static str,
    pub queue_step_day: &'static str,
    pub office_actions: &'static str,
    pub dash_definitions: &'static str,
    pub dash_overdue_names: &'static str,
    pub dash_age: &'static str,
    pub dash_in_work: &'static str,
    pub dash_measure_todo: &'static str,
    pub office_record_measure: &'static str,
    /// Signing out with unsynced edits: the count of households.
    pub logout_unsynced: &'static str,
    pub logout_anyway: &'static str,
}

/// Replaces each `{}` of `template` with the next argument.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut parts = template.split("{}").peekable();
    while let Some(part) = parts.next() {
        out.push_str(part);
        if parts.peek().is_some() {
            if let Some(a) = args.next() {
                out.push_str(&a.to_string());
            }
        }
    }
    out
}

/// A message in both languages from the catalogues, for text that is stored or sent rather
/// than shown at once (e.g. a refusal kept with a record).
pub fn text_of(pick: impl Fn(&Strings) -> &'static str) -> shouwang_domain::Text {
    shouwang_domain::Text::new(pick(Lang::ZhCn.strings()), pick(Lang::En.strings()))
}

/// A language of the interface. Simplified Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文
    #[default]
    ZhCn,
    /// English
    En,
}

impl Strings {
    /// The name of an account's role.
    pub fn role_name(&self, role: shouwang_domain::sync::wire::Role) -> &'static str {
        use shouwang_domain::sync::wire::Role;
        match role {
            Role::Worker => self.role_worker,
            Role::Reviewer => self.role_reviewer,
            Role::Admin => self.role_admin,
        }
    }
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The catalogue of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &zh_cn::STRINGS,
            Lang::En => &en::STRINGS,
        }
    }

    /// The office's import and lead screens' text.
    pub fn imports(self) -> &'static imports::ImportStrings {
        match self {
            Lang::ZhCn => &imports::ZH_CN,
            Lang::En => &imports::EN,
        }
    }

    /// The consent's text (the card's 承诺授权书, the signature pad).
    pub fn consent(self) -> &'static consent::ConsentStrings {
        match self {
            Lang::ZhCn => &consent::ZH_CN,
            Lang::En => &consent::EN,
        }
    }

    /// The photos' text (the card's 照片, the storage panel).
    pub fn photos(self) -> &'static photos::PhotoStrings {
        match self {
            Lang::ZhCn => &photos::ZH_CN,
            Lang::En => &photos::EN,
        }
    }

    /// BCP 47 tag, used for `<html lang>` and as the stored setting.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language named in itself, the same whatever the interface language is.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "简体中文",
            Lang::En => "English",
        }
    }

    /// The same language for messages made by the domain crate.
    pub fn domain(self) -> shouwang_domain::text::Lang {
        match self {
            Lang::ZhCn => shouwang_domain::text::Lang::Zh,
            Lang::En => shouwang_domain::text::Lang::En,
        }
    }

    /// The language of a BCP 47 tag, if the app has it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// localStorage key of the chosen language.
const LANG_STORAGE_KEY: &str = "shouwang.lang";

/// The current language, shared through context. Copy it into closures freely.
#[derive(Debug, Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    /// The current language (tracked: a view reading it re-renders on a switch).
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// Switch the interface language.
    pub fn set_lang(self, lang: Lang) {
        self.0.set(lang);
    }
}

/// Provide the language context: the stored choice, else the default. A switch is saved and
/// reflected in `<html lang>` so screen readers and fonts follow it.
pub fn provide_i18n_context() {
    let stored = LocalStorage::get::<String>(LANG_STORAGE_KEY)
        .ok()
        .and_then(|code| Lang::from_code(&code));
    let lang = RwSignal::new(stored.unwrap_or_default());

    Effect::new(move |_| {
        let lang = lang.get();
        // A failed save only means the choice is not remembered next time; the switch still works.
        let _ = LocalStorage::set(LANG_STORAGE_KEY, lang.code());
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        document().set_title(lang.strings().app_name);
    });

    provide_context(I18n(lang));
}

/// The language context. Panics if [`provide_i18n_context`] was not called above, a programming error.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_language_is_simplified_chinese() {
        assert_eq!(Lang::default(), Lang::ZhCn);
        assert_eq!(Lang::default().code(), "zh-CN");
    }

    #[test]
    fn every_language_round_trips_through_its_code() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn no_catalogue_has_a_blank_string() {
        for lang in Lang::ALL {
            // Every field, through the Debug form: no empty string literal anywhere.
            let debug = format!(
                "{:?}{:?}{:?}{:?}",
                lang.strings(),
                lang.imports(),
                lang.photos(),
                lang.consent()
            );
            assert!(!debug.contains(": \"\""), "blank string in {}", lang.code());
        }
    }

    #[test]
    fn templates_take_the_same_number_of_arguments_in_every_language() {
        let zh = format!(
            "{:?}{:?}{:?}{:?}",
            Lang::ZhCn.strings(),
            Lang::ZhCn.imports(),
            Lang::ZhCn.photos(),
            Lang::ZhCn.consent()
        );
        let en = format!(
            "{:?}{:?}{:?}{:?}",
            Lang::En.strings(),
            Lang::En.imports(),
            Lang::En.photos(),
            Lang::En.consent()
        );
        let count = |s: &str| s.matches("{}").count();
        assert_eq!(count(&zh), count(&en));
        assert_eq!(fill("a {} b {}", &[&1, &"x"]), "a 1 b x");
    }

    #[test]
    fn chinese_catalogue_names_the_work() {
        assert!(Lang::ZhCn.strings().app_name.contains("守望"));
        assert!(Lang::ZhCn
            .strings()
            .app_purpose
            .contains("防止返贫动态监测和帮扶"));
    }
}
