//! `shouwang user …` and `shouwang device …`: accounts, their areas and passwords, lockouts,
//! and the devices users are signed in on.
use anyhow::{bail, Context};
use chrono_tz::Tz;
use clap::Subcommand;

use shouwang_domain::limits;
use shouwang_domain::sync::wire::Role;
use shouwang_server::auth;
use shouwang_server::config;
use shouwang_server::store::{NewUser, Storage};

use crate::{open, Calendar};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; prints a one-time password to change at first sign-in.
    Add {
        username: String,
        /// worker (villages), reviewer (a township) or admin (a county).
        #[arg(long)]
        role: RoleArg,
        /// An area-code prefix the user may see: 12 digits for a village, 9 for a township,
        /// 6 for a county. Repeat for several villages.
        #[arg(long = "area")]
        areas: Vec<String>,
        /// The name shown in the app [default: the username].
        #[arg(long)]
        name: Option<String>,
    },
    /// List users with their roles and areas.
    List,
    /// Give a user one more area.
    Assign { username: String, area: String },
    /// Take an area from a user.
    Unassign { username: String, area: String },
    /// Set a new one-time password, sign the user out everywhere and end a lockout.
    ResetPassword { username: String },
    /// End the lockout of a user after too many wrong passwords.
    Unlock { username: String },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// List sign-ins (one per device and login) with their last use, in the township's time.
    List {
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a user's sign-ins: all of them, or those of one device.
    Revoke {
        username: String,
        #[arg(long)]
        device: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum RoleArg {
    Worker,
    Reviewer,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Worker => Role::Worker,
            RoleArg::Reviewer => Role::Reviewer,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// A stored RFC 3339 time in the township's zone, to the second.
fn local_time(stored: &str, time_zone: Tz) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| {
            t.with_timezone(&time_zone)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| stored.to_owned())
}

pub fn check_area(role: Role, area: &str) -> anyhow::Result<()> {
    if !config::valid_area_prefix(area) {
        bail!("{area:?} is not an area-code prefix (2, 4, 6, 9 or 12 digits)");
    }
    let fits = match role {
        Role::Worker => area.len() == 12,
        Role::Reviewer => area.len() == 9,
        Role::Admin => area.len() <= 6,
    };
    if !fits {
        bail!(
            "a {} is given {} (here {area:?})",
            match role {
                Role::Worker => "worker",
                Role::Reviewer => "reviewer",
                Role::Admin => "admin",
            },
            match role {
                Role::Worker => "villages: 12-digit codes",
                Role::Reviewer => "a township: a 9-digit prefix",
                Role::Admin => "a county, city or province: 6, 4 or 2 digits, or \"\" for all",
            }
        );
    }
    Ok(())
}

pub async fn user(cmd: UserCommand, database_url: &str) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    match cmd {
        UserCommand::Add {
            username,
            role,
            areas,
            name,
        } => {
            let role = Role::from(role);
            if username.trim().is_empty() || username.chars().any(char::is_whitespace) {
                bail!("a username is one word without spaces");
            }
            let name = name.unwrap_or_else(|| username.clone());
            for (key, value) in [("username", &username), ("display_name", &name)] {
                if let Some(problem) = limits::check_text(key, value) {
                    bail!("{}", problem.message.en);
                }
            }
            for area in &areas {
                check_area(role, area)?;
            }
            let password = auth::one_time_password();
            store
                .create_user(NewUser {
                    display_name: name,
                    username: username.clone(),
                    role,
                    areas,
                    password_hash: auth::hash_password(&password),
                    must_change_password: true,
                })
                .await?;
            println!("created {username}; one-time password: {password}");
            println!("(shown once; the user chooses a new password at first sign-in)");
        }
        UserCommand::List => {
            for a in store.users().await? {
                println!(
                    "{}\t{}\t{:?}\t{}{}",
                    a.username,
                    a.display_name,
                    a.role,
                    a.areas
                        .iter()
                        .map(|p| if p.is_empty() { "(all)" } else { p.as_str() })
                        .collect::<Vec<_>>()
                        .join(","),
                    if a.must_change_password {
                        "\t(one-time password)"
                    } else {
                        ""
                    }
                );
            }
        }
        UserCommand::Assign { username, area } => {
            let user = store
                .user(&username)
                .await?
                .with_context(|| format!("no user {username}"))?;
            check_area(user.account.role, &area)?;
            store.set_area(&username, &area, true).await?;
            println!("{username} may now see {area}");
        }
        UserCommand::Unassign { username, area } => {
            store.set_area(&username, &area, false).await?;
            println!("{username} may no longer see {area}");
        }
        UserCommand::ResetPassword { username } => {
            let password = auth::one_time_password();
            store
                .set_password(&username, &auth::hash_password(&password), true)
                .await?;
            let revoked = store.revoke_devices(&username, None).await?;
            store.unlock(&username).await?;
            println!("{username}: one-time password {password}; {revoked} sign-in(s) revoked");
        }
        UserCommand::Unlock { username } => {
            if store.user(&username).await?.is_none() {
                bail!("no user {username}");
            }
            if store.unlock(&username).await? {
                println!("{username} may sign in again");
            } else {
                println!("{username} was not locked out");
            }
        }
    }
    store.close().await;
    Ok(())
}

pub async fn device(
    cmd: DeviceCommand,
    database_url: &str,
    calendar: Calendar,
) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    let tz = calendar.time_zone;
    match cmd {
        DeviceCommand::List { user } => {
            let expired_before = shouwang_domain::sync::plan::time_text(
                chrono::Utc::now() - chrono::Duration::days(i64::from(calendar.token_idle_days)),
            );
            for d in store.devices(user.as_deref()).await? {
                let state = match &d.revoked_at {
                    Some(at) => format!("revoked {}", local_time(at, tz)),
                    None if d.last_seen_at < expired_before => "expired (unused)".into(),
                    None => "active".into(),
                };
                println!(
                    "{}\t{}\t{}\tsince {}\tlast used {}\t{}",
                    d.username,
                    d.device_id,
                    d.device_name,
                    local_time(&d.created_at, tz),
                    local_time(&d.last_seen_at, tz),
                    state
                );
            }
        }
        DeviceCommand::Revoke { username, device } => {
            let n = store.revoke_devices(&username, device.as_deref()).await?;
            println!("{n} sign-in(s) of {username} revoked");
        }
    }
    store.close().await;
    Ok(())
}
