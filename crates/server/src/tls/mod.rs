//! HTTPS in the binary. The certificate the server presents lives in a [`CertStore`], which the
//! TLS handshakes read and which is replaced while the server runs: by [`files`] when the PEM
//! files change (a renewed certificate needs no restart), or by [`acme`] when it obtains or
//! renews one itself. [`township`] makes a township's own CA and server certificate
//! (`shouwang tls init`) for a LAN with no public name; [`redirect`] is the plain-HTTP port that
//! sends browsers to HTTPS and answers ACME's HTTP challenges.
//!
//! rustls with the ring provider throughout (no C toolchain beyond `cc`).
pub mod acme;
pub mod files;
pub mod redirect;
pub mod township;

use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio_rustls::TlsAcceptor;

/// The crypto provider of every TLS config here.
pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A certificate with its key, as the handshakes present it, and when it expires.
#[derive(Clone, Debug)]
pub struct Presented {
    pub key: Arc<CertifiedKey>,
    pub not_after: DateTime<Utc>,
    pub not_before: DateTime<Utc>,
}

/// The certificate the server presents now; empty until one is loaded (handshakes then fail).
#[derive(Debug, Default)]
pub struct CertStore(RwLock<Option<Presented>>);

impl CertStore {
    pub fn new() -> Arc<CertStore> {
        Arc::new(CertStore::default())
    }

    /// Presents `cert` from the next handshake on.
    pub fn set(&self, cert: Presented) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some(cert);
    }

    pub fn current(&self) -> Option<Presented> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.current().map(|c| c.key)
    }
}

/// The TLS side of the listener: HTTP/2 or HTTP/1.1 by ALPN, the certificate from `store`.
pub fn acceptor(store: Arc<CertStore>) -> anyhow::Result<TlsAcceptor> {
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .context("TLS versions")?
        .with_no_client_auth()
        .with_cert_resolver(store);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// A certificate chain and key from PEM text, checked to belong together.
pub fn presented_from_pem(chain_pem: &[u8], key_pem: &[u8]) -> anyhow::Result<Presented> {
    let chain = CertificateDer::pem_slice_iter(chain_pem)
        .collect::<Result<Vec<_>, _>>()
        .context("the certificate file is not PEM")?;
    if chain.is_empty() {
        bail!("the certificate file holds no certificate");
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem).context("the key file holds no PEM key")?;
    let (not_before, not_after) = validity(&chain[0])?;
    let key = CertifiedKey::from_der(chain, key, &provider())
        .context("the key does not belong to the certificate")?;
    Ok(Presented {
        key: Arc::new(key),
        not_after,
        not_before,
    })
}

/// A certificate and key from two PEM files.
pub fn presented_from_files(cert: &Path, key: &Path) -> anyhow::Result<Presented> {
    let chain = std::fs::read(cert).with_context(|| format!("cannot read {}", cert.display()))?;
    let key_pem = std::fs::read(key).with_context(|| format!("cannot read {}", key.display()))?;
    presented_from_pem(&chain, &key_pem)
        .with_context(|| format!("{} and {}", cert.display(), key.display()))
}

/// When a certificate starts and stops being valid.
pub fn validity(der: &CertificateDer<'_>) -> anyhow::Result<(DateTime<Utc>, DateTime<Utc>)> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref())
        .map_err(|e| anyhow::anyhow!("not an X.509 certificate: {e}"))?;
    let at = |t: x509_parser::time::ASN1Time| {
        DateTime::from_timestamp(t.timestamp(), 0).context("certificate date out of range")
    };
    Ok((
        at(cert.validity().not_before)?,
        at(cert.validity().not_after)?,
    ))
}
