//! A certificate from PEM files (`--tls-cert`, `--tls-key`), picked up again whenever the files
//! change — certbot's renewal, or a new `shouwang tls init` — without a restart. A half-written
//! or mismatched pair is logged and skipped: the server keeps presenting the last good one.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{presented_from_files, CertStore};

/// How often the files are looked at (a SIGHUP to the binary also reloads at once).
pub const DEFAULT_POLL: Duration = Duration::from_secs(30);

/// The certificate and key files of a server.
#[derive(Clone, Debug)]
pub struct CertFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl CertFiles {
    /// Loads the pair into `store`; an error names the files and what is wrong.
    pub fn load(&self, store: &CertStore) -> anyhow::Result<()> {
        let presented = presented_from_files(&self.cert, &self.key)?;
        tracing::info!(
            cert = %self.cert.display(),
            not_after = %presented.not_after,
            "certificate loaded"
        );
        store.set(presented);
        Ok(())
    }

    /// Loads the pair now, then again whenever their contents change (looked at every `poll`)
    /// or `reload` is notified, for as long as the returned task runs.
    pub fn watch(
        self,
        store: Arc<CertStore>,
        poll: Duration,
        reload: Arc<tokio::sync::Notify>,
    ) -> anyhow::Result<tokio::task::JoinHandle<()>> {
        self.load(&store)?;
        let mut seen = self.digest();
        Ok(tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = tokio::time::sleep(poll) => {}
                    () = reload.notified() => seen = None,
                }
                let now = self.digest();
                if now.is_some() && now == seen {
                    continue;
                }
                match self.load(&store) {
                    Ok(()) => seen = now,
                    // Keep the last good certificate; try again at the next look.
                    Err(e) => tracing::error!(error = format!("{e:#}"), "certificate not reloaded"),
                }
            }
        }))
    }

    /// What the two files hold now (`None` if either cannot be read).
    fn digest(&self) -> Option<Vec<u8>> {
        let read = |p: &Path| std::fs::read(p).ok();
        let mut hash = Sha256::new();
        hash.update(read(&self.cert)?);
        hash.update(read(&self.key)?);
        Some(hash.finalize().to_vec())
    }
}
