//! Server configuration: defaults, then a TOML file, then environment variables, then flags —
//! each later source overrides the earlier ones.
//!
//! ```toml
//! # shouwang.toml
//! addr = "0.0.0.0:8080"
//! dist = "dist"
//! database_url = "sqlite://data/shouwang.db"   # or postgres://user:pass@host/db
//! max_body_mb = 16
//! log_format = "json"                          # or "text"
//! admin_area = "532328"                        # the first admin's area ("" = everything)
//! time_zone = "Asia/Shanghai"                  # the township's calendar: its "today", shown times
//! token_idle_days = 60                         # a device token unused this long expires
//! data_dir = "data"                             # ACME state, the township CA, attachments/
//!
//! # HTTPS: certificate files (reloaded when they change) …
//! tls_cert = "data/tls/cert.pem"
//! tls_key = "data/tls/key.pem"
//! tls_ca = "data/tls/ca.pem"                    # offered to phones (default: ca.pem beside tls_cert)
//! # … or ACME (Let's Encrypt unless acme_directory says otherwise)
//! acme_domain = "shouwang.example.gov.cn"
//! acme_contact = "it@example.gov.cn"
//! http_addr = "0.0.0.0:80"                      # plain HTTP: redirects to HTTPS, ACME challenges
//! public_url = "https://shouwang.example.gov.cn"
//!
//! # Slow and hostile connections
//! max_connections = 512
//! header_timeout_secs = 20
//! idle_timeout_secs = 60
//! body_timeout_secs = 30
//! ```
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// The embedded default: a SQLite file under ./data, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/shouwang.db";

/// Where the server keeps what is not in the database (ACME state, the township CA, the bytes
/// of attachments).
pub const DEFAULT_DATA_DIR: &str = "data";

/// Settings as read from a file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub addr: Option<SocketAddr>,
    pub dist: Option<PathBuf>,
    pub database_url: Option<String>,
    pub max_body_mb: Option<usize>,
    pub log_format: Option<LogFormat>,
    pub admin_area: Option<String>,
    pub time_zone: Option<String>,
    pub token_idle_days: Option<u32>,
    pub data_dir: Option<PathBuf>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_ca: Option<PathBuf>,
    pub acme_domain: Option<String>,
    pub acme_contact: Option<String>,
    pub acme_directory: Option<String>,
    pub acme_directory_ca: Option<PathBuf>,
    pub http_addr: Option<SocketAddr>,
    pub public_url: Option<String>,
    pub max_connections: Option<usize>,
    pub header_timeout_secs: Option<u64>,
    pub idle_timeout_secs: Option<u64>,
    pub body_timeout_secs: Option<u64>,
}

/// How log lines are written to stderr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per event, for a log collector.
    Json,
}

impl FileConfig {
    /// Reads `path`; a missing or malformed file is an error that names it.
    pub fn read(path: &Path) -> anyhow::Result<FileConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("{} is not a valid configuration", path.display()))
    }
}

/// The township's time zone from its IANA name (`Asia/Shanghai`, `Asia/Urumqi`, `UTC`).
pub fn time_zone(name: &str) -> anyhow::Result<chrono_tz::Tz> {
    name.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        anyhow::anyhow!(
            "time_zone {name:?} is not a time zone name; use an IANA name such as \"Asia/Shanghai\""
        )
    })
}

/// Whether an area prefix can be assigned: 0, 2, 4, 6, 9 or 12 digits.
pub fn valid_area_prefix(prefix: &str) -> bool {
    matches!(prefix.len(), 0 | 2 | 4 | 6 | 9 | 12) && prefix.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_every_key_reads() {
        let c: FileConfig = toml::from_str(
            "addr = \"0.0.0.0:9000\"\ndist = \"d\"\ndatabase_url = \"postgres://x/y\"\n\
             max_body_mb = 4\nlog_format = \"json\"\nadmin_area = \"532328\"\n\
             time_zone = \"Asia/Urumqi\"\ntoken_idle_days = 30\n",
        )
        .unwrap();
        assert_eq!(c.time_zone.as_deref(), Some("Asia/Urumqi"));
        assert_eq!(c.token_idle_days, Some(30));
        assert_eq!(c.addr.unwrap().port(), 9000);
        assert_eq!(c.max_body_mb, Some(4));
        assert_eq!(c.log_format, Some(LogFormat::Json));
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(
            time_zone("Asia/Shanghai").unwrap(),
            chrono_tz::Asia::Shanghai
        );
        assert_eq!(time_zone("UTC").unwrap(), chrono_tz::UTC);
        let e = time_zone("Beijing").unwrap_err().to_string();
        assert!(e.contains("Asia/Shanghai"), "{e}");
    }

    #[test]
    fn the_deployment_keys_read() {
        let c: FileConfig = toml::from_str(
            "tls_cert = \"data/tls/cert.pem\"\ntls_key = \"data/tls/key.pem\"\n\
             acme_domain = \"a.example\"\nacme_contact = \"it@a.example\"\n\
             http_addr = \"0.0.0.0:80\"\npublic_url = \"https://a.example\"\n\
             max_connections = 100\nheader_timeout_secs = 5\nidle_timeout_secs = 9\n\
             body_timeout_secs = 7\ndata_dir = \"/var/lib/shouwang\"\n",
        )
        .unwrap();
        assert_eq!(c.http_addr.unwrap().port(), 80);
        assert_eq!(c.max_connections, Some(100));
        assert_eq!(c.acme_domain.as_deref(), Some("a.example"));
    }

    #[test]
    fn an_unknown_key_is_refused() {
        assert!(toml::from_str::<FileConfig>("adr = \"x\"").is_err());
    }

    #[test]
    fn area_prefixes_are_levels_of_the_code() {
        for ok in ["", "53", "5323", "532328", "532328100", "532328100201"] {
            assert!(valid_area_prefix(ok), "{ok}");
        }
        for bad in ["5", "53232", "5323281002", "53232810020x", "53%"] {
            assert!(!valid_area_prefix(bad), "{bad}");
        }
    }
}
