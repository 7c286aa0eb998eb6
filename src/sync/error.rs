//! Why a sync stopped, in words a field worker can act on, and whether it is retried.
use shouwang_domain::sync::wire::ApiError;

use super::client::ClientError;
use crate::i18n::{fill, Lang};
use crate::storage::StorageError;

/// A failed sync. Nothing local is lost by any of these: unsynced edits stay in the outbox
/// under the same change ids, and the next sync sends them again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// The browser has no network (retried when it comes online).
    Offline,
    /// The browser is online but the server did not answer: no route, down, timed out
    /// (retried by itself).
    Unreachable,
    /// The server failed or is overloaded (5xx, 408, 429; retried by itself).
    Server {
        status: u16,
        error: Option<ApiError>,
    },
    /// The server answered with something that is not the API (retried by itself).
    BadResponse { status: u16 },
    /// The token is missing, revoked or expired: sign in again.
    SignedOut,
    /// The account still has its one-time password: set a new one first.
    PasswordChange,
    /// The server refused the request as a whole (not retried until asked).
    Refused {
        status: u16,
        error: Option<ApiError>,
    },
    /// This device's storage failed.
    Storage(StorageError),
}

impl From<ClientError> for SyncError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Network => SyncError::Unreachable,
            ClientError::BadResponse { status } => SyncError::BadResponse { status },
            ClientError::Api { status: 401, .. } => SyncError::SignedOut,
            ClientError::Api { status: 403, error }
                if error
                    .as_ref()
                    .is_some_and(|e| e.reason == "password_change_required") =>
            {
                SyncError::PasswordChange
            }
            ClientError::Api { status, error } if status >= 500 || matches!(status, 408 | 429) => {
                SyncError::Server { status, error }
            }
            ClientError::Api { status, error } => SyncError::Refused { status, error },
        }
    }
}

impl From<StorageError> for SyncError {
    fn from(e: StorageError) -> Self {
        SyncError::Storage(e)
    }
}

impl SyncError {
    /// Retried by itself, with backoff: the cause is the network or the server, and passes.
    pub fn retried(&self) -> bool {
        matches!(
            self,
            SyncError::Offline
                | SyncError::Unreachable
                | SyncError::Server { .. }
                | SyncError::BadResponse { .. }
        )
    }

    /// The message to show, in `lang`. The server's own message (in both languages) is used
    /// when it sent one.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.strings();
        let server_says =
            |e: &Option<ApiError>| e.as_ref().map(|e| e.message.get(lang.domain()).to_string());
        match self {
            SyncError::Offline => t.sync_offline.to_string(),
            SyncError::Unreachable => t.sync_unreachable.to_string(),
            SyncError::Server { status, error } => match server_says(error) {
                Some(m) => format!("{m} {}", t.sync_retry_later),
                None => fill(t.sync_server_error, &[status]),
            },
            SyncError::BadResponse { status } => fill(t.sync_bad_response, &[status]),
            SyncError::SignedOut => t.sync_signed_out_again.to_string(),
            SyncError::PasswordChange => t.sync_password_required.to_string(),
            SyncError::Refused { status, error } => {
                server_says(error).unwrap_or_else(|| fill(t.sync_refused, &[status]))
            }
            SyncError::Storage(e) => e.message(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shouwang_domain::Text;

    fn api(status: u16, reason: &str) -> ClientError {
        ClientError::Api {
            status,
            error: Some(ApiError {
                reason: reason.into(),
                message: Text::new("请求过大", "Too large"),
            }),
        }
    }

    #[test]
    fn network_and_server_failures_are_retried_and_refusals_are_not() {
        assert!(SyncError::from(ClientError::Network).retried());
        assert!(SyncError::from(api(503, "unavailable")).retried());
        assert!(SyncError::from(ClientError::BadResponse { status: 200 }).retried());
        assert_eq!(
            SyncError::from(api(401, "unauthorized")),
            SyncError::SignedOut
        );
        assert_eq!(
            SyncError::from(api(403, "password_change_required")),
            SyncError::PasswordChange
        );
        assert!(!SyncError::from(api(400, "unsupported_protocol")).retried());
        assert!(!SyncError::SignedOut.retried());
    }

    #[test]
    fn the_server_message_is_shown_in_the_current_language() {
        let e = SyncError::from(api(400, "bad_request"));
        assert_eq!(e.message(Lang::ZhCn), "请求过大");
        assert_eq!(e.message(Lang::En), "Too large");
        assert!(SyncError::Offline.message(Lang::ZhCn).contains("无网络"));
        assert!(SyncError::Unreachable
            .message(Lang::ZhCn)
            .contains("连不上服务器"));
        assert!(SyncError::SignedOut
            .message(Lang::ZhCn)
            .contains("重新登录"));
        assert!(SyncError::SignedOut
            .message(Lang::En)
            .contains("log in again"));
    }
}
