//! Sending the pictures, after the records: for each Blob on the phone not yet on the server
//! whose household the server already has, `PUT households/{hid}/attachments/{sha}`.
//!
//! Idempotent and resumable: the address is the SHA-256, so a resend stores nothing twice, and
//! the server's listing marks what it already holds without sending it again. A round stops at
//! the first network failure and the next sync picks up where it stopped. It never touches a
//! record's sync state: its failures are its own.
use std::collections::BTreeMap;

use serde::Deserialize;
use shouwang_domain::Text;

use super::store::{self, Entry, Mark};
use crate::storage::Store;
use crate::sync::client::{self, ClientError};

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Sent and stored (or found already stored).
    pub uploaded: u32,
    /// Refused for good (too large, not a picture).
    pub refused: u32,
    /// Left for a later round (the record not on the server yet, or the network gone).
    pub left: u32,
}

#[derive(Deserialize)]
struct Listing {
    attachments: Vec<Listed>,
}

#[derive(Deserialize)]
struct Listed {
    id: String,
    stored: bool,
}

fn base(household: &str) -> String {
    format!("/api/v1/households/{household}/attachments")
}

/// The refusal kept with an entry: the server's message in both languages, as JSON.
fn refusal_text(status: u16, error: Option<shouwang_domain::sync::wire::ApiError>) -> String {
    let message = error
        .map(|e| e.message)
        .unwrap_or_else(|| Text::new(format!("HTTP {status}"), format!("HTTP {status}")));
    serde_json::to_string(&message).unwrap_or_else(|_| format!("HTTP {status}"))
}

/// A kept refusal in `lang`'s words.
pub fn refusal_in(kept: &str, lang: crate::i18n::Lang) -> String {
    serde_json::from_str::<Text>(kept)
        .map(|t| t.get(lang.domain()).to_string())
        .unwrap_or_else(|_| kept.to_string())
}

/// Sends what waits, with the device token `token`. Stops quietly at a network failure.
pub async fn send_waiting(records: &Store, token: &str) -> Round {
    let mut round = Round::default();
    let Ok(entries) = store::entries().await else {
        return round;
    };
    let mut by_household: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for e in entries
        .into_iter()
        .filter(|e| !e.uploaded && e.refused.is_none())
    {
        by_household.entry(e.household.clone()).or_default().push(e);
    }
    for (household, waiting) in by_household {
        // The server answers 409 for a record it has not got: no request until it has one.
        let listed: Vec<String> = match records.load(&household).await {
            Ok(Some(s)) if s.server_rev.is_some() => s
                .household
                .attachments
                .iter()
                .flat_map(|a| a.blobs().map(str::to_string).collect::<Vec<_>>())
                .collect(),
            _ => {
                round.left += waiting.len() as u32;
                continue;
            }
        };
        let held: Vec<String> = match client::get_text(&base(&household), Some(token)).await {
            Ok(text) => serde_json::from_str::<Listing>(&text)
                .map(|l| {
                    l.attachments
                        .into_iter()
                        .filter(|a| a.stored)
                        .map(|a| a.id)
                        .collect()
                })
                .unwrap_or_default(),
            Err(ClientError::Network) => {
                round.left += waiting.len() as u32;
                return round;
            }
            Err(_) => {
                round.left += waiting.len() as u32;
                continue;
            }
        };
        for e in waiting {
            if held.contains(&e.sha) {
                if store::mark(&e.sha, Mark::Uploaded).await.is_ok() {
                    round.uploaded += 1;
                }
                continue;
            }
            // A picture the synced record does not list yet goes with a later version.
            if !listed.contains(&e.sha) {
                round.left += 1;
                continue;
            }
            match send_one(&household, &e, token).await {
                Sent::Stored => round.uploaded += 1,
                Sent::Refused => round.refused += 1,
                Sent::Later => round.left += 1,
                Sent::Stop => {
                    round.left += 1;
                    return round;
                }
            }
        }
    }
    round
}

enum Sent {
    Stored,
    Refused,
    Later,
    Stop,
}

async fn send_one(household: &str, e: &Entry, token: &str) -> Sent {
    let Ok(Some(blob)) = store::blob(&e.sha).await else {
        return Sent::Later;
    };
    let path = format!("{}/{}", base(household), e.sha);
    match client::put_blob(&path, Some(token), &blob, &e.content_type).await {
        Ok(_) => match store::mark(&e.sha, Mark::Uploaded).await {
            Ok(()) => Sent::Stored,
            Err(_) => Sent::Later,
        },
        // The record with this picture is not on the server yet: after the next push.
        Err(ClientError::Api { status: 409, .. }) => Sent::Later,
        Err(ClientError::Api {
            status: status @ (400 | 413 | 415 | 422),
            error,
        }) => {
            let why = refusal_text(status, error);
            match store::mark(&e.sha, Mark::Refused(&why)).await {
                Ok(()) => Sent::Refused,
                Err(_) => Sent::Later,
            }
        }
        Err(ClientError::Api { status: 404, .. }) => Sent::Later,
        // Offline, signed out, the server failing: the round ends, the next sync resumes.
        Err(_) => Sent::Stop,
    }
}
