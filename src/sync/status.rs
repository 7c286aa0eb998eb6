//! What the worker sees of sync: one status line on every screen (`#sync-status`, with the
//! `#sync-now` button or a link to log in) that says what waits and why — and, for a refused
//! household, the reason in words with a link to the to-do list — and a section in settings.
use leptos::prelude::*;

use super::context::use_sync;
use super::engine::Progress;
use super::SyncError;
use crate::i18n::{fill, use_i18n, Lang};
use crate::routes::Route;
use crate::state::use_app_state;

/// What the status line says, as plain values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusView {
    pub signed_in: bool,
    /// A sync is under way (before its first progress report too).
    pub busy: bool,
    pub progress: Option<Progress>,
    /// Households with an edit the server has not refused yet (to send).
    pub waiting: u32,
    /// An automatic sync is due in a few seconds.
    pub soon: bool,
    pub refused: usize,
    /// The refused household and the server's reason, when only one is refused.
    pub refused_one: Option<(String, String)>,
    /// The last successful sync, already formatted.
    pub last_sync: Option<String>,
    pub error: Option<SyncError>,
    /// The server's clock minus the phone's, in whole minutes, from its last answer.
    pub clock_skew_minutes: Option<i64>,
}

/// A phone clock further than this from the server's is pointed out: its edit times decide
/// conflicts, and its "today" dates visits.
pub const CLOCK_WARN_MINUTES: i64 = 5;

/// The status line's text in `lang`: progress while a sync runs, else the last error or the
/// last sync; then how many households wait to upload and why (the error already said so, or
/// an automatic sync comes in a moment, or the worker must log in), and what was refused.
pub fn status_line(lang: Lang, v: &StatusView) -> String {
    let t = lang.strings();
    let mut parts = Vec::new();
    match v.progress {
        Some(Progress::Pushing { done, total }) => {
            parts.push(fill(t.sync_pushing, &[&done, &total]))
        }
        Some(Progress::Pulling { received }) => parts.push(fill(t.sync_pulling, &[&received])),
        None if v.busy => parts.push(t.sync_running.to_string()),
        None => parts.push(match (&v.error, v.signed_in, &v.last_sync) {
            (Some(e), _, _) => e.message(lang),
            (None, false, _) => t.sync_signed_out.to_string(),
            (None, true, Some(time)) => fill(t.sync_last, &[time]),
            (None, true, None) => t.sync_never.to_string(),
        }),
    }
    if !matches!(v.progress, Some(Progress::Pushing { .. })) {
        if v.waiting > 0 {
            let mut waiting = fill(t.sync_waiting, &[&v.waiting]);
            let why = match (&v.error, v.signed_in) {
                (_, false) => Some(t.sync_waiting_login),
                (None, true) if v.soon && !v.busy => Some(t.sync_waiting_soon),
                _ => None,
            };
            if let Some(why) = why {
                waiting.push_str(why);
            }
            parts.push(waiting);
        } else if v.signed_in
            && !v.busy
            && v.progress.is_none()
            && v.error.is_none()
            && v.last_sync.is_some()
            && v.refused == 0
        {
            parts.push(t.sync_all_sent.to_string());
        }
    }
    match &v.refused_one {
        Some((name, reason)) if v.refused == 1 => {
            parts.push(fill(t.sync_refused_one, &[name, reason]))
        }
        _ if v.refused > 0 => parts.push(fill(t.sync_refused_many, &[&v.refused])),
        _ => {}
    }
    match v.clock_skew_minutes {
        Some(m) if m < -CLOCK_WARN_MINUTES => parts.push(fill(t.sync_clock_ahead, &[&-m])),
        Some(m) if m > CLOCK_WARN_MINUTES => parts.push(fill(t.sync_clock_behind, &[&m])),
        _ => {}
    }
    parts.join(" · ")
}

/// A time as the status shows it, in the device's time zone: `HH:MM` today, else `MM-DD HH:MM`.
pub fn short_time(millis: f64) -> String {
    let d = js_sys::Date::new(&millis.into());
    let now = js_sys::Date::new_0();
    let hm = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
    let same_day = d.get_full_year() == now.get_full_year()
        && d.get_month() == now.get_month()
        && d.get_date() == now.get_date();
    if same_day {
        hm
    } else {
        format!("{:02}-{:02} {hm}", d.get_month() + 1, d.get_date())
    }
}

/// The current status, read from the sync context (tracked).
fn current_view() -> impl Fn() -> StatusView + Copy {
    let sync = use_sync();
    let state = use_app_state();
    let i18n = use_i18n();
    move || StatusView {
        signed_in: sync.session.with(Option::is_some),
        busy: sync.busy.get(),
        progress: sync.progress.get(),
        waiting: sync.untried.get(),
        soon: sync.soon.get(),
        refused: sync.refused.with(Vec::len),
        refused_one: sync.refused.with(|r| match r.as_slice() {
            [(id, e)] => Some((
                head_name(state, id),
                e.message.get(i18n.lang().domain()).to_string(),
            )),
            _ => None,
        }),
        last_sync: sync.last_sync.get().map(short_time),
        error: sync.error.get(),
        clock_skew_minutes: sync
            .clock_skew
            .get()
            .map(|ms| (ms / 60_000.0).round() as i64),
    }
}

/// The name a household goes by in a message: its 户主, or its id when none is recorded.
pub fn head_name(state: crate::state::AppState, id: &str) -> String {
    state.summaries.with(|all| {
        all.iter()
            .find(|s| s.id == id)
            .map(|s| s.head_name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.to_string())
    })
}

/// The status line under the top bar, on every screen.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let t = move || i18n.lang().strings();
    let view = current_view();
    let problem = move || {
        sync.error
            .with(|e| e.as_ref().is_some_and(|e| !e.retried()))
    };
    view! {
        <div class="sync-bar" class:problem=problem>
            <p id="sync-status" data-testid="sync-status" role="status" aria-live="polite">
                {move || status_line(i18n.lang(), &view())}
                <Show when=move || !sync.refused.with(Vec::is_empty)>
                    " "<a href=Route::Todo.href() data-testid="sync-refused-link">{move || t().sync_refused_see}</a>
                </Show>
            </p>
            <Show
                when=move || sync.session.with(Option::is_some)
                fallback=move || view! {
                    <a id="sync-login" data-testid="sync-login" class="button secondary" href=Route::Login.href()>
                        {move || t().sync_login}
                    </a>
                }
            >
                <Show
                    when=move || !sync.session.with(|s| s.as_ref().is_some_and(|s| s.account.must_change_password))
                    fallback=move || view! {
                        <a id="sync-login" data-testid="sync-login" class="button secondary" href=Route::Login.href()>
                            {move || t().password_submit}
                        </a>
                    }
                >
                    <button
                        id="sync-now"
                        data-testid="sync-now"
                        type="button"
                        class="secondary"
                        disabled=move || sync.busy.get()
                        on:click=move |_| sync.sync_now()
                    >
                        {move || t().sync_now}
                    </button>
                </Show>
            </Show>
        </div>
    }
}

/// The sync section of settings: account, status, refused records, log out.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_app_state();
    let t = move || i18n.lang().strings();
    let view = current_view();
    let account = move || sync.session.get().map(|s| s.account);
    // Signing out with unsynced edits asks once more: they would be sent by the next account.
    let confirm_logout = RwSignal::new(false);
    let logout = move |_| {
        if sync.waiting.get_untracked() > 0 && !confirm_logout.get_untracked() {
            confirm_logout.set(true);
        } else {
            confirm_logout.set(false);
            sync.sign_out();
        }
    };
    let role = move |r| t().role_name(r);
    let name_of = move |id: &str| head_name(state, id);
    view! {
        <h2>{move || t().sync_title}</h2>
        <p data-testid="sync-account">
            {move || match account() {
                Some(a) => fill(t().signed_in_as, &[&a.display_name, &role(a.role)]),
                None => t().sync_signed_out.to_string(),
            }}
        </p>
        <p data-testid="sync-detail">{move || status_line(i18n.lang(), &view())}</p>
        <Show when=move || !sync.refused.with(Vec::is_empty)>
            <h3>{move || t().sync_refused_title}</h3>
            <ul class="refused" data-testid="sync-refused">
                {move || {
                    let lang = i18n.lang().domain();
                    sync.refused
                        .get()
                        .into_iter()
                        .map(|(id, e)| {
                            let href = Route::Detail(id.clone()).href();
                            view! {
                                <li>
                                    <a href=href>{name_of(&id)}</a>
                                    ": "
                                    {e.message.get(lang).to_string()}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
        <Show
            when=move || account().is_some()
            fallback=move || view! {
                <a class="button" href=Route::Login.href() data-testid="settings-login">{move || t().sync_login}</a>
            }
        >
            <Show when=move || confirm_logout.get()>
                <p class="problem warning" role="alert" data-testid="logout-unsynced">
                    {move || fill(t().logout_unsynced, &[&sync.waiting.get()])}
                </p>
            </Show>
            <button type="button" class="secondary" data-testid="logout" on:click=logout>
                {move || if confirm_logout.get() { t().logout_anyway } else { t().logout }}
            </button>
            <p class="note">{move || t().logout_note}</p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_in() -> StatusView {
        StatusView {
            signed_in: true,
            last_sync: Some("10:42".into()),
            ..StatusView::default()
        }
    }

    #[test]
    fn the_line_shows_the_last_sync_and_what_waits() {
        let v = StatusView {
            waiting: 3,
            ..signed_in()
        };
        assert_eq!(status_line(Lang::ZhCn, &v), "上次同步 10:42 · 待上传 3 户");
        assert_eq!(
            status_line(Lang::En, &signed_in()),
            "Last sync 10:42 · All uploaded"
        );
    }

    #[test]
    fn a_sync_shows_at_once_before_its_first_progress() {
        let v = StatusView {
            busy: true,
            ..signed_in()
        };
        assert_eq!(status_line(Lang::ZhCn, &v), "正在同步…");
        assert!(!status_line(Lang::En, &v).contains("All uploaded"));
    }

    #[test]
    fn progress_is_shown_while_a_sync_runs() {
        let v = StatusView {
            progress: Some(Progress::Pushing {
                done: 40,
                total: 120,
            }),
            waiting: 120,
            ..signed_in()
        };
        assert_eq!(status_line(Lang::ZhCn, &v), "上传 40/120");
        let v = StatusView {
            progress: Some(Progress::Pulling { received: 200 }),
            ..signed_in()
        };
        assert_eq!(status_line(Lang::ZhCn, &v), "下载 200");
    }

    #[test]
    fn a_phone_clock_more_than_five_minutes_off_is_pointed_out() {
        let off = |m| StatusView {
            clock_skew_minutes: Some(m),
            ..signed_in()
        };
        assert_eq!(
            status_line(Lang::ZhCn, &off(5)),
            status_line(Lang::ZhCn, &signed_in())
        );
        assert_eq!(
            status_line(Lang::ZhCn, &off(-5)),
            status_line(Lang::ZhCn, &signed_in())
        );
        assert_eq!(
            status_line(Lang::ZhCn, &off(-480)),
            "上次同步 10:42 · 全部已上传 · 手机时间比服务器快约 480 分钟，请把日期和时间设为自动"
        );
        assert!(status_line(Lang::En, &off(6)).ends_with(
            "This phone's clock is about 6 min behind the server's: set date and time to automatic"
        ));
    }

    #[test]
    fn errors_and_sign_out_are_said_with_what_still_waits_and_why() {
        let v = StatusView {
            error: Some(SyncError::Offline),
            waiting: 2,
            ..signed_in()
        };
        assert_eq!(
            status_line(Lang::ZhCn, &v),
            "无网络，稍后自动重试 · 待上传 2 户"
        );
        let v = StatusView {
            waiting: 1,
            refused: 2,
            ..StatusView::default()
        };
        assert_eq!(
            status_line(Lang::En, &v),
            "Not logged in: records stay on this device · 1 waiting to upload (log in to upload) · 2 refused by the server, not uploaded"
        );
    }

    #[test]
    fn a_save_waits_a_moment_for_the_automatic_sync() {
        let v = StatusView {
            waiting: 1,
            soon: true,
            ..signed_in()
        };
        assert_eq!(
            status_line(Lang::ZhCn, &v),
            "上次同步 10:42 · 待上传 1 户（马上自动上传）"
        );
    }

    #[test]
    fn one_refusal_is_told_with_its_reason_and_nothing_reads_as_all_sent() {
        let v = StatusView {
            refused: 1,
            refused_one: Some(("王建国".into(), "无权修改该村的农户".into())),
            ..signed_in()
        };
        assert_eq!(
            status_line(Lang::ZhCn, &v),
            "上次同步 10:42 · 王建国户未上传：无权修改该村的农户"
        );
        assert!(!status_line(Lang::En, &v).contains("All uploaded"));
    }
}
