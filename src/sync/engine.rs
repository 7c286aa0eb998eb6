//! One sync: push the outbox in batches, then pull pages from the cursor. Every step is saved
//! as soon as it is done (answers applied per batch, cursor per page), and nothing is marked
//! sent before the server's answer is stored, so a sync cut off anywhere resumes where it
//! stopped: edits keep their change ids until acknowledged, and a resend is stored once. The
//! photos go after both (`crate::attachments::upload`), never holding the records up.
use shouwang_domain::model::HouseholdId;
use shouwang_domain::sync::wire::{
    ApiError, ChangeId, DeviceId, PullRequest, PullResponse, PushRequest, PushResponse, PushResult,
    PushStatus, Revision, PROTOCOL_VERSION,
};

use super::client::{self, ClientError};
use super::session::{self, Session};
use super::SyncError;
use crate::i18n::text_of;
use crate::storage::Store;
use shouwang_domain::sync::device::{self, Sent};

/// Households per push at first (halved after a 413).
pub const PUSH_BATCH: usize = 100;
/// Households per pull page.
pub const PULL_LIMIT: u32 = 200;
const PUSH_PATH: &str = "/api/v1/sync/push";
const PULL_PATH: &str = "/api/v1/sync/pull";

/// Where a running sync is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `total` unsynced households sent.
    Pushing { done: u32, total: u32 },
    /// Households received so far.
    Pulling { received: u32 },
}

/// What a finished sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Changes the server accepted.
    pub pushed: u32,
    /// Changes the server refused (they stay on the device, with the reason).
    pub refused: u32,
    /// Households received.
    pub pulled: u32,
}

/// Runs one sync of `store` for `session` from device `device`. `progress` hears where it is;
/// `applied` hears the ids of households whose content a pulled page changed.
pub async fn sync_once(
    store: &Store,
    session: &Session,
    device: &DeviceId,
    progress: &dyn Fn(Progress),
    applied: &dyn Fn(&[String]),
) -> Result<Report, SyncError> {
    let mut report = Report::default();
    let username = session.account.username.as_str();
    let mut cursor = session::cursor(username);
    push(store, session, device, progress, &mut report, &mut cursor).await?;
    session::set_cursor(username, cursor);
    pull(
        store,
        session,
        device,
        progress,
        applied,
        &mut report,
        cursor,
    )
    .await?;
    // The pictures go only after the records, and whatever happens to them is theirs: a
    // failure here never marks a record or the sync failed (the next sync resumes them).
    crate::attachments::upload::send_waiting(store, &session.token).await;
    crate::attachments::purge::purge(store, crate::storage::today()).await;
    Ok(report)
}

async fn push(
    store: &Store,
    session: &Session,
    device: &DeviceId,
    progress: &dyn Fn(Progress),
    report: &mut Report,
    cursor: &mut u64,
) -> Result<(), SyncError> {
    let ids: Vec<String> = store
        .pending()
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let total = ids.len() as u32;
    let mut done = 0;
    let mut batch = PUSH_BATCH;
    while done < ids.len() {
        progress(Progress::Pushing {
            done: done as u32,
            total,
        });
        let chunk = &ids[done..(done + batch).min(ids.len())];
        let records = store.load_many(chunk).await?;
        let (changes, sent): (Vec<_>, Vec<Sent>) =
            records.iter().filter_map(device::change_of).unzip();
        if !changes.is_empty() {
            let request = PushRequest {
                protocol: PROTOCOL_VERSION,
                device_id: device.clone(),
                changes,
            };
            let answer: Result<PushResponse, ClientError> =
                client::post_compressed(PUSH_PATH, Some(&session.token), &request).await;
            match answer {
                Ok(response) => {
                    store.acknowledge(&sent, &response.results).await?;
                    for r in &response.results {
                        match r.status {
                            PushStatus::Rejected => report.refused += 1,
                            _ => report.pushed += 1,
                        }
                    }
                    *cursor = device::cursor_after_push(*cursor, &response.results);
                }
                Err(ClientError::Api { status: 413, error }) => {
                    if let Some(smaller) = device::smaller_batch(chunk.len()) {
                        batch = smaller;
                        continue;
                    }
                    // One household alone is over the limit: it stays here, refused, with the
                    // server's message, and the others still go.
                    let refusals = too_large(&sent, error);
                    store.acknowledge(&sent, &refusals).await?;
                    report.refused += refusals.len() as u32;
                }
                Err(e) => return Err(e.into()),
            }
        }
        done += chunk.len();
    }
    if total > 0 {
        progress(Progress::Pushing { done: total, total });
    }
    Ok(())
}

/// Refusals of `sent` for being too large, with the server's error or the app's own words.
fn too_large(sent: &[Sent], error: Option<ApiError>) -> Vec<PushResult> {
    let error = error.unwrap_or_else(|| ApiError {
        reason: "too_large".into(),
        message: text_of(|t| t.sync_too_large),
    });
    sent.iter()
        .map(|s| PushResult {
            change_id: ChangeId(s.change_id.clone()),
            household_id: HouseholdId(s.household_id.clone()),
            status: PushStatus::Rejected,
            revision: None,
            conflicts: Vec::new(),
            error: Some(error.clone()),
            warnings: Vec::new(),
        })
        .collect()
}

async fn pull(
    store: &Store,
    session: &Session,
    device: &DeviceId,
    progress: &dyn Fn(Progress),
    applied: &dyn Fn(&[String]),
    report: &mut Report,
    mut cursor: u64,
) -> Result<(), SyncError> {
    let username = session.account.username.as_str();
    loop {
        progress(Progress::Pulling {
            received: report.pulled,
        });
        let request = PullRequest {
            protocol: PROTOCOL_VERSION,
            device_id: device.clone(),
            cursor: Revision(cursor),
            limit: PULL_LIMIT,
        };
        let page: PullResponse = client::post(PULL_PATH, Some(&session.token), &request).await?;
        let changed = store.apply_pulled(&page.households).await?;
        if !changed.is_empty() {
            applied(&changed);
        }
        report.pulled += page.households.len() as u32;
        // Saved after the page is applied: an interruption re-pulls at most this page.
        let advanced = page.cursor.0 != cursor;
        cursor = page.cursor.0;
        session::set_cursor(username, cursor);
        // A server that says "more" without moving on would keep this loop going forever.
        if !page.more || !advanced {
            break;
        }
    }
    progress(Progress::Pulling {
        received: report.pulled,
    });
    Ok(())
}
