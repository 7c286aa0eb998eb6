//! A township's own certificate authority, for a LAN with no public name: `shouwang tls init
//! --host NAME_OR_IP …` makes the CA once (kept for later runs, so phones that installed it keep
//! trusting the server) and a server certificate for the hosts, signed by it.
//!
//! The CA is name-constrained to the hosts it was made for: installed on a worker's own phone,
//! it can vouch for the township server and nothing else (not a bank, not a search engine).
//! A host outside the constraints needs a new CA (`--new-ca`), which every phone must install.
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context};
use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    NameConstraints, SanType,
};
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use time::{Duration, OffsetDateTime};

/// Apple accepts at most 825 days for a server certificate of a user-installed CA.
pub const DEFAULT_DAYS: u32 = 825;
/// The CA lasts long: replacing it means installing it again on every phone.
const CA_YEARS: i64 = 10;

/// The files of a township's TLS directory (`data/tls` by default).
#[derive(Clone, Debug)]
pub struct TownshipFiles {
    pub dir: PathBuf,
}

impl TownshipFiles {
    pub fn ca_cert(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }
    pub fn ca_key(&self) -> PathBuf {
        self.dir.join("ca-key.pem")
    }
    pub fn cert(&self) -> PathBuf {
        self.dir.join("cert.pem")
    }
    pub fn key(&self) -> PathBuf {
        self.dir.join("key.pem")
    }
}

/// What `tls init` made.
#[derive(Debug)]
pub struct Made {
    /// A new CA was made (phones must install it); false when the existing one signed.
    pub new_ca: bool,
    pub ca_fingerprint: String,
    pub not_after: chrono::DateTime<chrono::Utc>,
}

/// Makes (or reuses) the CA in `files.dir` and a server certificate for `hosts` valid `days`.
pub fn init(
    files: &TownshipFiles,
    hosts: &[String],
    days: u32,
    new_ca: bool,
) -> anyhow::Result<Made> {
    if hosts.is_empty() {
        bail!("give the names or addresses phones use to reach the server: --host NAME_OR_IP");
    }
    let sans = hosts
        .iter()
        .map(|h| san(h))
        .collect::<anyhow::Result<Vec<_>>>()?;
    std::fs::create_dir_all(&files.dir)
        .with_context(|| format!("cannot create {}", files.dir.display()))?;
    let now = OffsetDateTime::now_utc();
    let reuse = !new_ca && files.ca_cert().is_file() && files.ca_key().is_file();
    let (ca_pem, ca_key) = if reuse {
        let pem = std::fs::read_to_string(files.ca_cert())?;
        let key = KeyPair::from_pem(&std::fs::read_to_string(files.ca_key())?)
            .with_context(|| format!("{} is not a key", files.ca_key().display()))?;
        (pem, key)
    } else {
        let key = KeyPair::generate()?;
        let params = ca_params(hosts, &sans, now);
        let cert = params.self_signed(&key)?;
        write(&files.ca_key(), key.serialize_pem().as_bytes(), true)?;
        write(&files.ca_cert(), cert.pem().as_bytes(), false)?;
        (cert.pem(), key)
    };
    let issuer = Issuer::from_ca_cert_pem(&ca_pem, &ca_key)
        .with_context(|| format!("{} is not a CA certificate", files.ca_cert().display()))?;

    let mut params = CertificateParams::default();
    params.subject_alt_names = sans;
    params.distinguished_name = name(&hosts[0]);
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(i64::from(days));
    let key = KeyPair::generate()?;
    let cert = params.signed_by(&key, &issuer)?;

    let ca_der = rustls::pki_types::pem::PemObject::from_pem_slice(ca_pem.as_bytes())
        .context("the CA file is not PEM")?;
    for host in hosts {
        verify(&ca_der, cert.der(), host).with_context(|| {
            format!(
                "the existing CA in {} does not cover {host}: run again with --new-ca \
                 (every phone must then install the new CA)",
                files.dir.display()
            )
        })?;
    }
    // The chain a browser needs: the server's certificate, then the CA.
    write(&files.key(), key.serialize_pem().as_bytes(), true)?;
    write(
        &files.cert(),
        format!("{}{}", cert.pem(), ca_pem).as_bytes(),
        false,
    )?;
    let (_, not_after) = super::validity(cert.der())?;
    Ok(Made {
        new_ca: !reuse,
        ca_fingerprint: crate::deploy::fingerprint(ca_der.as_ref()),
        not_after,
    })
}

fn san(host: &str) -> anyhow::Result<SanType> {
    Ok(match host.parse::<IpAddr>() {
        Ok(ip) => SanType::IpAddress(ip),
        Err(_) => SanType::DnsName(
            host.to_ascii_lowercase()
                .try_into()
                .with_context(|| format!("{host:?} is neither a host name nor an IP address"))?,
        ),
    })
}

fn name(common: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "守望 Shouwang");
    dn.push(DnType::CommonName, common);
    dn
}

fn ca_params(hosts: &[String], sans: &[SanType], now: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(&format!("守望乡镇证书 {}", hosts[0]));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(365 * CA_YEARS);
    let mut permitted = Vec::new();
    let mut any_ip = false;
    for san in sans {
        match san {
            SanType::DnsName(n) => permitted.push(GeneralSubtree::DnsName(n.as_str().to_owned())),
            SanType::IpAddress(ip) => {
                any_ip = true;
                let prefix = if ip.is_ipv4() { 32 } else { 128 };
                permitted.push(GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(
                    *ip, prefix,
                )));
            }
            _ => {}
        }
    }
    if !permitted
        .iter()
        .any(|p| matches!(p, GeneralSubtree::DnsName(_)))
    {
        // Only addresses: names are limited to the reserved `.invalid`, i.e. none.
        permitted.push(GeneralSubtree::DnsName("invalid".into()));
    }
    let excluded = if any_ip {
        Vec::new()
    } else {
        // Only names: no address at all.
        vec![
            GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix([0; 4], 0)),
            GeneralSubtree::IpAddress(CidrSubnet::from_v6_prefix([0; 16], 0)),
        ]
    };
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: permitted,
        excluded_subtrees: excluded,
    });
    params
}

/// Whether a browser trusting only `ca` accepts `cert` for `host` (webpki, as rustls checks).
pub fn verify(
    ca: &CertificateDer<'_>,
    cert: &CertificateDer<'_>,
    host: &str,
) -> anyhow::Result<()> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.clone().into_owned())?;
    let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        super::provider(),
    )
    .build()?;
    let name = ServerName::try_from(host.to_owned())?;
    verifier.verify_server_cert(cert, &[], &name, &[], UnixTime::now())?;
    Ok(())
}

/// Writes a file anyone may read (a certificate); see [`write_file`].
pub fn write_public(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_file(path, bytes, false)
}

fn write(path: &Path, bytes: &[u8], secret: bool) -> anyhow::Result<()> {
    write_file(path, bytes, secret)
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a server watching the
/// file never reads half of it; `secret` files (keys) are readable by their owner only.
pub fn write_file(path: &Path, bytes: &[u8], secret: bool) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    let mut file = options
        .open(&tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> (tempfile::TempDir, TownshipFiles) {
        let tmp = tempfile::tempdir().unwrap();
        let files = TownshipFiles {
            dir: tmp.path().join("tls"),
        };
        (tmp, files)
    }

    fn der(path: &Path) -> CertificateDer<'static> {
        use rustls::pki_types::pem::PemObject;
        CertificateDer::from_pem_file(path).unwrap()
    }

    #[test]
    fn the_server_certificate_is_trusted_by_a_phone_that_installed_the_ca() {
        let (_tmp, files) = dir();
        let made = init(
            &files,
            &["shouwang.lan".into(), "192.168.1.10".into()],
            825,
            false,
        )
        .unwrap();
        assert!(made.new_ca);
        let (ca, cert) = (der(&files.ca_cert()), der(&files.cert()));
        verify(&ca, &cert, "shouwang.lan").unwrap();
        verify(&ca, &cert, "192.168.1.10").unwrap();
        assert!(verify(&ca, &cert, "other.lan").is_err());
        super::super::presented_from_files(&files.cert(), &files.key()).unwrap();
    }

    #[test]
    fn the_ca_cannot_vouch_for_any_other_site() {
        let (_tmp, files) = dir();
        init(&files, &["shouwang.lan".into()], 825, false).unwrap();
        // Someone holding the CA key signs a certificate for a bank: a phone must refuse it.
        let ca_key = KeyPair::from_pem(&std::fs::read_to_string(files.ca_key()).unwrap()).unwrap();
        let ca_pem = std::fs::read_to_string(files.ca_cert()).unwrap();
        let issuer = Issuer::from_ca_cert_pem(&ca_pem, &ca_key).unwrap();
        for host in ["bank.example.com", "10.0.0.1"] {
            let params = CertificateParams::new(vec![host.to_string()]).unwrap();
            let forged = params
                .signed_by(&KeyPair::generate().unwrap(), &issuer)
                .unwrap();
            assert!(
                verify(&der(&files.ca_cert()), forged.der(), host).is_err(),
                "{host}"
            );
        }
    }

    #[test]
    fn a_second_run_keeps_the_ca_phones_installed() {
        let (_tmp, files) = dir();
        let first = init(&files, &["shouwang.lan".into()], 825, false).unwrap();
        let second = init(&files, &["shouwang.lan".into()], 30, false).unwrap();
        assert!(!second.new_ca);
        assert_eq!(first.ca_fingerprint, second.ca_fingerprint);
        assert!(second.not_after < first.not_after);
        let err = init(&files, &["elsewhere.lan".into()], 825, false).unwrap_err();
        assert!(format!("{err:#}").contains("--new-ca"), "{err:#}");
        let third = init(&files, &["elsewhere.lan".into()], 825, true).unwrap();
        assert!(third.new_ca);
        assert_ne!(third.ca_fingerprint, first.ca_fingerprint);
    }

    #[test]
    fn keys_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let (_tmp, files) = dir();
        init(&files, &["10.1.2.3".into()], 825, false).unwrap();
        for key in [files.key(), files.ca_key()] {
            let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", key.display());
        }
    }
}
