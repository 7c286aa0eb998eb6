//! `shouwang tls init`: the township's own CA and a server certificate, for a LAN with no
//! public name (see [`shouwang_server::tls::township`]).
use std::path::PathBuf;

use clap::Subcommand;

use shouwang_server::config::{self, FileConfig};
use shouwang_server::tls::township::{self, TownshipFiles};

#[derive(Debug, Subcommand)]
pub enum TlsCommand {
    /// Make the township CA (once) and a server certificate for the names and addresses phones
    /// use; phones install the CA from the enrolment page.
    Init {
        /// A host name or IP address of the server, as phones open it; repeat for several.
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        /// Where to write ca.pem, ca-key.pem, cert.pem and key.pem [default: DATA_DIR/tls].
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Days the server certificate is valid (Apple accepts at most 825).
        #[arg(long, default_value_t = township::DEFAULT_DAYS)]
        days: u32,
        /// Make a new CA even if one exists (every phone must then install it again).
        #[arg(long)]
        new_ca: bool,
    },
}

pub fn run(cmd: TlsCommand, file: &FileConfig) -> anyhow::Result<()> {
    match cmd {
        TlsCommand::Init {
            hosts,
            dir,
            days,
            new_ca,
        } => {
            let days = days.clamp(1, 825);
            let dir = dir.unwrap_or_else(|| {
                file.data_dir
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(config::DEFAULT_DATA_DIR))
                    .join("tls")
            });
            let files = TownshipFiles { dir };
            let made = township::init(&files, &hosts, days, new_ca)?;
            if made.new_ca {
                println!("new township CA: {}", files.ca_cert().display());
                println!(
                    "  (its key {} signs server certificates: keep it, back it up, never share it)",
                    files.ca_key().display()
                );
            } else {
                println!(
                    "township CA kept: {} (phones that installed it keep trusting the server)",
                    files.ca_cert().display()
                );
            }
            println!("CA SHA-256 fingerprint: {}", made.ca_fingerprint);
            println!(
                "server certificate for {}: {} (valid until {})",
                hosts.join(", "),
                files.cert().display(),
                made.not_after.format("%Y-%m-%d")
            );
            println!("key: {}", files.key().display());
            println!();
            println!("serve with:");
            println!("  shouwang serve --addr 0.0.0.0:443 --http-addr 0.0.0.0:80 \\");
            println!(
                "    --tls-cert {} --tls-key {}",
                files.cert().display(),
                files.key().display()
            );
            println!(
                "phones install the CA from the enrolment page (or http://{}/township-ca.crt)",
                hosts[0]
            );
            Ok(())
        }
    }
}
