//! `kariz admin`: who may do what in a PostgreSQL database (roles enforced
//! by the server; docs/postgresql.md).

use super::context::Context;
use super::output;
use crate::store::AccessRole;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Give a login one kariz role in this PostgreSQL database
    ///
    /// rep: reads everything, changes contacts and the deals and tasks
    /// they own. support: reads everything, changes activities and cases.
    /// manager: changes everything and reassigns. admin: also grants roles
    /// and owns the schema. The login role is created if missing (no
    /// password: it signs in as the same-named system account over the
    /// server's socket); a role it had before is replaced.
    Grant {
        /// The login: a PostgreSQL role named like the system account
        login: String,
        /// What the login may do
        #[arg(long, value_parser = ["rep", "support", "manager", "admin"])]
        role: String,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Take a login's kariz role in this database away (the login itself
    /// stays, for other databases on the server)
    Revoke {
        /// The login
        login: String,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    match command {
        Command::Grant { login, role, json } => {
            let role = AccessRole::parse(&role)
                .ok_or_else(|| crate::Error::invalid(format!("unknown role {role:?}")))?;
            let grant = store.grant_role(&login, role)?;
            if json {
                return output::json(&grant);
            }
            let was = match (grant.created, grant.previous) {
                (true, _) => " (new login)".to_string(),
                (false, Some(old)) if old != grant.role => format!(" (was {})", old.as_str()),
                (false, Some(_)) => " (unchanged)".to_string(),
                (false, None) => String::new(),
            };
            output::line(&format!(
                "{} is now {} ({}){was}",
                grant.login,
                grant.role.as_str(),
                grant.group
            ))
        }
        Command::Revoke { login, json } => {
            let revoke = store.revoke_role(&login)?;
            if json {
                return output::json(&revoke);
            }
            match revoke.previous {
                Some(old) => output::line(&format!(
                    "{} is no longer {} in this database",
                    revoke.login,
                    old.as_str()
                )),
                None => output::line(&format!(
                    "{} had no kariz role in this database; nothing changed",
                    revoke.login
                )),
            }
        }
    }
}
