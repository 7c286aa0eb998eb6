//! How phones reach this server, as the enrolment page and the QR sheet need to say it: the
//! public address when one is configured, whether the server speaks HTTPS itself, its plain-HTTP
//! port, and the township CA phones must install when the certificate is the township's own.
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use rustls::pki_types::{pem::PemObject, CertificateDer};
use sha2::{Digest, Sha256};

/// What the server knows about its deployment.
#[derive(Clone, Debug, Default)]
pub struct Deploy {
    /// `https://name[:port]` as phones open it (`--public-url`); else taken from each request's
    /// `Host`.
    pub public_url: Option<String>,
    /// The server terminates TLS itself (certificate files or ACME).
    pub https: bool,
    /// The plain-HTTP port that redirects to HTTPS and offers the township CA, when there is one.
    pub http_port: Option<u16>,
    pub township_ca: Option<TownshipCa>,
}

/// A CA certificate to offer to phones.
#[derive(Clone, Debug)]
pub struct TownshipCa {
    pub der: Arc<[u8]>,
    /// SHA-256 of the DER, as `AB:CD:…` (what Android and iOS show in the certificate's details).
    pub fingerprint: String,
}

impl TownshipCa {
    /// Reads the first certificate of a PEM file.
    pub fn read(path: &Path) -> anyhow::Result<TownshipCa> {
        let der = CertificateDer::from_pem_file(path)
            .with_context(|| format!("{} is not a PEM certificate", path.display()))?;
        Ok(TownshipCa::from_der(der.as_ref()))
    }

    pub fn from_der(der: &[u8]) -> TownshipCa {
        TownshipCa {
            der: der.into(),
            fingerprint: fingerprint(der),
        }
    }
}

/// SHA-256 of `der` in the colon-separated upper-case hex that certificate viewers show.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

impl Deploy {
    /// The app's address for a request that named `host` (its `Host` header): the configured
    /// public address, else `https://host` when the server speaks TLS, else `http://host`.
    pub fn base_url(&self, host: Option<&str>) -> Option<String> {
        if let Some(url) = &self.public_url {
            return Some(url.trim_end_matches('/').to_owned());
        }
        let host = host.filter(|h| valid_host(h))?;
        let scheme = if self.https { "https" } else { "http" };
        Some(format!("{scheme}://{host}"))
    }

    /// Where a phone without the township CA downloads it: over the plain-HTTP port when there is
    /// one (the HTTPS address warns until the CA is installed), else beside the app.
    pub fn township_ca_url(&self, host: Option<&str>) -> Option<String> {
        self.township_ca.as_ref()?;
        let path = crate::web::TOWNSHIP_CA_PATH;
        match (self.http_port, host.filter(|h| valid_host(h))) {
            (Some(port), Some(host)) => {
                let name = host_name(host);
                let port = if port == 80 {
                    String::new()
                } else {
                    format!(":{port}")
                };
                Some(format!("http://{name}{port}{path}"))
            }
            _ => self.base_url(host).map(|base| format!("{base}{path}")),
        }
    }
}

/// A `Host` header value: a name or address with an optional port, nothing else.
pub fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// The name of a `Host` value without its port (`[::1]:8443` → `[::1]`).
pub fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..h.len() + 1]);
    }
    host.split(':').next().unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_the_configured_one_else_the_requests_host() {
        let mut d = Deploy {
            https: true,
            ..Deploy::default()
        };
        assert_eq!(
            d.base_url(Some("town.example:8443")).unwrap(),
            "https://town.example:8443"
        );
        assert_eq!(d.base_url(Some("evil\"><script>")), None);
        assert_eq!(d.base_url(None), None);
        d.public_url = Some("https://shouwang.example.cn/".into());
        assert_eq!(
            d.base_url(Some("10.0.0.2")).unwrap(),
            "https://shouwang.example.cn"
        );
    }

    #[test]
    fn the_ca_is_offered_over_the_plain_http_port_when_there_is_one() {
        let mut d = Deploy {
            https: true,
            http_port: Some(80),
            township_ca: Some(TownshipCa::from_der(b"not really a certificate")),
            ..Deploy::default()
        };
        assert_eq!(
            d.township_ca_url(Some("192.168.1.10:443")).unwrap(),
            "http://192.168.1.10/township-ca.crt"
        );
        d.http_port = Some(8080);
        assert_eq!(
            d.township_ca_url(Some("[fe80::1]:8443")).unwrap(),
            "http://[fe80::1]:8080/township-ca.crt"
        );
        d.http_port = None;
        assert_eq!(
            d.township_ca_url(Some("town.lan:8443")).unwrap(),
            "https://town.lan:8443/township-ca.crt"
        );
        d.township_ca = None;
        assert_eq!(d.township_ca_url(Some("town.lan")), None);
    }

    #[test]
    fn fingerprints_read_as_certificate_viewers_show_them() {
        let f = fingerprint(b"abc");
        assert_eq!(f.len(), 32 * 3 - 1);
        assert!(f.starts_with("BA:78:16:BF"));
    }
}
