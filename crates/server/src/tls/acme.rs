//! A certificate obtained and renewed by the server itself over ACME (Let's Encrypt by default,
//! any RFC 8555 directory with `--acme-directory`), with the HTTP-01 challenge answered on the
//! plain-HTTP port ([`super::redirect`]). The ACME protocol is `instant-acme`'s; this module
//! decides when to order and where to keep what it gets:
//!
//! ```text
//! data/acme/account.json          the ACME account (its key), per directory
//! data/acme/<domain>/cert.pem     the certificate chain
//! data/acme/<domain>/key.pem      its key (owner-only)
//! ```
//!
//! A certificate is renewed once two thirds of its lifetime have passed (30 days before the end
//! of a 90-day one), checked every 12 hours and at start; a failure is retried with backoff
//! while the current certificate keeps being served.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use instant_acme::{
    Account, AccountCredentials, AuthorizationStatus, ChallengeType, Identifier, LetsEncrypt,
    NewAccount, NewOrder, OrderStatus, RetryPolicy,
};
use serde::{Deserialize, Serialize};

use super::{presented_from_files, presented_from_pem, CertStore, Presented};

/// Let's Encrypt's production directory.
pub const DEFAULT_DIRECTORY: &str = LetsEncrypt::Production.url();

/// The HTTP-01 challenges being answered now: token → key authorization.
#[derive(Clone, Debug, Default)]
pub struct Challenges(Arc<RwLock<HashMap<String, String>>>);

impl Challenges {
    pub fn get(&self, token: &str) -> Option<String> {
        self.0
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .cloned()
    }

    fn insert(&self, token: String, key_authorization: String) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token, key_authorization);
    }

    fn remove(&self, token: &str) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(token);
    }
}

/// How to reach the ACME server and where to keep state.
#[derive(Clone, Debug)]
pub struct AcmeConfig {
    /// The public name the certificate is for.
    pub domain: String,
    /// An e-mail address for the CA's expiry notices.
    pub contact: Option<String>,
    pub directory: String,
    /// A PEM root to trust for the directory itself (a private ACME server); the system's
    /// roots otherwise.
    pub directory_ca: Option<PathBuf>,
    /// `data/acme`.
    pub state_dir: PathBuf,
}

/// What [`Acme::ensure`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The certificate in use is good for a while yet.
    Kept,
    /// A new certificate was obtained and is now presented.
    Issued,
}

/// The stored account, with the directory it belongs to.
#[derive(Serialize, Deserialize)]
struct StoredAccount {
    directory: String,
    credentials: AccountCredentials,
}

/// Obtains and renews the certificate of one domain into a [`CertStore`].
pub struct Acme {
    config: AcmeConfig,
    challenges: Challenges,
    store: Arc<CertStore>,
    account: tokio::sync::OnceCell<Account>,
}

impl Acme {
    pub fn new(config: AcmeConfig, challenges: Challenges, store: Arc<CertStore>) -> Acme {
        Acme {
            config,
            challenges,
            store,
            account: tokio::sync::OnceCell::new(),
        }
    }

    fn domain_dir(&self) -> PathBuf {
        self.config.state_dir.join(&self.config.domain)
    }

    /// Presents the certificate kept from an earlier run, if there is one that has not expired.
    pub fn load_stored(&self, now: DateTime<Utc>) -> bool {
        let dir = self.domain_dir();
        match presented_from_files(&dir.join("cert.pem"), &dir.join("key.pem")) {
            Ok(cert) if cert.not_after > now => {
                tracing::info!(domain = %self.config.domain, not_after = %cert.not_after, "ACME certificate loaded");
                self.store.set(cert);
                true
            }
            Ok(_) => false,
            Err(e) if dir.join("cert.pem").exists() => {
                tracing::warn!(error = format!("{e:#}"), "stored ACME certificate unusable");
                false
            }
            Err(_) => false,
        }
    }

    /// Orders a certificate when there is none or `now` is past two thirds of its lifetime.
    pub async fn ensure(&self, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
        if self.store.current().is_some_and(|c| !renewal_due(&c, now)) {
            return Ok(Outcome::Kept);
        }
        let presented = self.order().await?;
        tracing::info!(domain = %self.config.domain, not_after = %presented.not_after, "ACME certificate issued");
        self.store.set(presented);
        Ok(Outcome::Issued)
    }

    /// Keeps the certificate current for as long as the task runs.
    pub async fn run(self) {
        let mut backoff = Duration::from_secs(60);
        loop {
            let wait = match self.ensure(Utc::now()).await {
                Ok(_) => {
                    backoff = Duration::from_secs(60);
                    Duration::from_secs(12 * 3600)
                }
                Err(e) => {
                    tracing::error!(domain = %self.config.domain, error = format!("{e:#}"), retry_in = ?backoff, "ACME failed");
                    let wait = backoff;
                    backoff = (backoff * 2).min(Duration::from_secs(6 * 3600));
                    wait
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    async fn account(&self) -> anyhow::Result<&Account> {
        self.account
            .get_or_try_init(|| async {
                let path = self.config.state_dir.join("account.json");
                let builder = || match &self.config.directory_ca {
                    Some(root) => Account::builder_with_root(root),
                    None => Account::builder(),
                };
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let stored: StoredAccount = serde_json::from_str(&text)
                        .with_context(|| format!("{} is damaged", path.display()))?;
                    if stored.directory == self.config.directory {
                        return Ok(builder()?.from_credentials(stored.credentials).await?);
                    }
                }
                let contact = self.config.contact.as_ref().map(|c| format!("mailto:{c}"));
                let contacts: Vec<&str> = contact.iter().map(String::as_str).collect();
                let (account, credentials) = builder()?
                    .create(
                        &NewAccount {
                            contact: &contacts,
                            terms_of_service_agreed: true,
                            only_return_existing: false,
                        },
                        self.config.directory.clone(),
                        None,
                    )
                    .await
                    .with_context(|| {
                        format!("cannot create an account at {}", self.config.directory)
                    })?;
                let stored = StoredAccount {
                    directory: self.config.directory.clone(),
                    credentials,
                };
                std::fs::create_dir_all(&self.config.state_dir)?;
                write_secret(&path, serde_json::to_string_pretty(&stored)?.as_bytes())?;
                Ok(account)
            })
            .await
    }

    async fn order(&self) -> anyhow::Result<Presented> {
        let account = self.account().await?;
        let identifiers = [Identifier::Dns(self.config.domain.clone())];
        let mut order = account.new_order(&NewOrder::new(&identifiers)).await?;
        let mut tokens = Vec::new();
        let mut authorizations = order.authorizations();
        while let Some(authorization) = authorizations.next().await {
            let mut authorization = authorization?;
            match authorization.status {
                AuthorizationStatus::Pending => {}
                AuthorizationStatus::Valid => continue,
                other => bail!("authorization is {other:?}"),
            }
            let mut challenge = authorization
                .challenge(ChallengeType::Http01)
                .context("the ACME server offers no HTTP-01 challenge")?;
            let token = challenge.token.clone();
            self.challenges.insert(
                token.clone(),
                challenge.key_authorization().as_str().to_owned(),
            );
            tokens.push(token);
            challenge.set_ready().await?;
        }
        let retries = RetryPolicy::new().timeout(Duration::from_secs(120));
        let status = order.poll_ready(&retries).await;
        for token in &tokens {
            self.challenges.remove(token);
        }
        match status? {
            OrderStatus::Ready => {}
            other => bail!(
                "the order is {other:?}: is http://{}/.well-known/acme-challenge/ reachable on port 80?",
                self.config.domain
            ),
        }
        let key_pem = order.finalize().await?;
        let chain_pem = order.poll_certificate(&retries).await?;
        let presented = presented_from_pem(chain_pem.as_bytes(), key_pem.as_bytes())?;
        let dir = self.domain_dir();
        std::fs::create_dir_all(&dir)?;
        write_secret(&dir.join("key.pem"), key_pem.as_bytes())?;
        super::township::write_public(&dir.join("cert.pem"), chain_pem.as_bytes())?;
        Ok(presented)
    }
}

/// Whether `cert` should be renewed at `now`: two thirds of its lifetime have passed.
pub fn renewal_due(cert: &Presented, now: DateTime<Utc>) -> bool {
    let lifetime = cert.not_after - cert.not_before;
    now >= cert.not_after - lifetime / 3
}

fn write_secret(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    super::township::write_file(path, bytes, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(days: i64) -> Presented {
        let ca = rcgen::generate_simple_self_signed(vec!["x.test".into()]).unwrap();
        let mut p = presented_from_pem(
            ca.cert.pem().as_bytes(),
            ca.signing_key.serialize_pem().as_bytes(),
        )
        .unwrap();
        p.not_before = "2026-01-01T00:00:00Z".parse().unwrap();
        p.not_after = p.not_before + chrono::Duration::days(days);
        p
    }

    #[test]
    fn a_certificate_is_renewed_once_two_thirds_of_its_life_have_passed() {
        let c = cert(90);
        let day = |d| c.not_before + chrono::Duration::days(d);
        assert!(!renewal_due(&c, day(59)));
        assert!(renewal_due(&c, day(60)), "30 days before the end of 90");
        let short = cert(6);
        assert!(!renewal_due(
            &short,
            short.not_before + chrono::Duration::days(3)
        ));
        assert!(renewal_due(
            &short,
            short.not_before + chrono::Duration::days(4)
        ));
    }
}
