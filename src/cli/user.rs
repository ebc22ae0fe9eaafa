//! `kariz user`: the team list (who may own records, and by which name
//! people know them).

use super::context::Context;
use super::output;
use crate::model::TeamUser;
use crate::model::user::label;
use crate::store::Store;
use anyhow::Result;
use clap::Subcommand;
use std::collections::HashMap;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the team: login, display name, and who has left
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Add someone to the team (or change their display name, or bring
    /// back someone who left)
    ///
    /// The login is their account name on this server (`id -un`): kariz
    /// records changes under the account that makes them. While the team
    /// list is empty, any owner is accepted (single-user mode); once it has
    /// a member, owners must be on it.
    Add {
        /// Account name on this server
        login: String,
        /// The name people know them by, shown beside the login
        #[arg(long)]
        name: Option<String>,
        /// Their e-mail address (reminders go there when [messages.email] reminders = true)
        #[arg(long)]
        email: Option<String>,
        /// Print the member as JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a team member's display name or e-mail address
    Edit {
        /// Account name on this server
        login: String,
        /// The name people know them by
        #[arg(long)]
        name: Option<String>,
        /// Their e-mail address; an empty value removes it
        #[arg(long)]
        email: Option<String>,
        /// Print the member as JSON
        #[arg(long)]
        json: bool,
    },
    /// Mark someone as having left the team
    ///
    /// Their records and history stay; nothing new can be given to them.
    /// Hand their records to a colleague with `kariz reassign`.
    Rm {
        /// Account name on this server
        login: String,
        /// Print the member as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::List { json } => {
            let team = store.team()?;
            if json {
                return output::json(&team);
            }
            let mut table = out.table(&["login", "name", "e-mail", "status"]);
            for u in &team {
                table.row(vec![
                    u.login.clone(),
                    u.display_name.clone().unwrap_or_default(),
                    u.email.clone().unwrap_or_default(),
                    status(u).to_string(),
                ]);
            }
            table.print("The team list is empty: kariz accepts any owner. Add people with `kariz user add LOGIN --name \"Full Name\"`.")
        }
        Command::Add {
            login,
            name,
            email,
            json,
        } => {
            let added = store.write(now, |w| {
                let added = w.add_user(&login, name.as_deref())?;
                match &email {
                    Some(email) => w.set_user_email(&added.login, Some(email)),
                    None => Ok(added),
                }
            })?;
            // Changes are recorded under account names, so a login with no
            // account here is probably a typo; it is kept (the team may
            // log in elsewhere) but said.
            if !crate::identity::account_exists(&added.login) {
                eprintln!(
                    "note: there is no account {} on this server; kariz records changes under the account that makes them (`id -un`)",
                    crate::text::sanitize::quoted(&added.login)
                );
            }
            if json {
                return output::json(&added);
            }
            output::line(&format!("on the team: {}", added.label()))
        }
        Command::Edit {
            login,
            name,
            email,
            json,
        } => edit(
            &mut store,
            now,
            &login,
            name.as_deref(),
            email.as_deref(),
            json,
        ),
        Command::Rm { login, json } => {
            let left = store.write(now, |w| w.remove_user(&login))?;
            if json {
                return output::json(&left);
            }
            output::line(&format!(
                "{} has left the team; their records stay. Hand them over with `kariz reassign --from {} --to LOGIN`",
                left.label(),
                left.login
            ))
        }
    }
}

/// `user edit`: a member's display name or e-mail address.
fn edit(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    login: &str,
    name: Option<&str>,
    email: Option<&str>,
    json: bool,
) -> Result<()> {
    if name.is_none() && email.is_none() {
        anyhow::bail!("nothing to change: give --name or --email");
    }
    let edited = store.write(now, |w| {
        let Some(mut member) = w.team_member(login)? else {
            return Err(crate::error::Error::Invalid(format!(
                "{} is not on the team list; add them with `kariz user add {login}`",
                crate::text::sanitize::quoted(login)
            )));
        };
        if let Some(name) = name {
            if !member.active {
                return Err(crate::error::Error::Invalid(format!(
                    "{} has left the team; bring them back with `kariz user add {login} --name …`",
                    crate::text::sanitize::quoted(login)
                )));
            }
            member = w.add_user(&member.login, Some(name))?;
        }
        match email {
            Some(email) => w.set_user_email(&member.login, Some(email)),
            None => Ok(member),
        }
    })?;
    if json {
        return output::json(&edited);
    }
    output::line(&format!(
        "on the team: {}{}",
        edited.label(),
        edited
            .email
            .as_deref()
            .map(|e| format!(" <{e}>"))
            .unwrap_or_default()
    ))
}

fn status(user: &TeamUser) -> &'static str {
    if user.active { "active" } else { "left" }
}

/// Display names by login: the team list's, and the acting user's own
/// config name for themselves (a personal setting wins for yourself).
pub struct DisplayNames {
    names: HashMap<String, String>,
}

impl DisplayNames {
    /// Reads the team list and this run's config.
    pub fn load(ctx: &Context, store: &Store) -> Result<DisplayNames> {
        let mut names: HashMap<String, String> = store
            .team()?
            .into_iter()
            .filter_map(|u| u.display_name.map(|name| (u.login, name)))
            .collect();
        if let Some(own) = store.config().user.name.clone() {
            names.insert(ctx.login.clone(), own);
        }
        Ok(DisplayNames { names })
    }

    /// The display name of `login`, if known.
    pub fn name(&self, login: &str) -> Option<String> {
        self.names.get(login).cloned()
    }

    /// `login (Display Name)`, or the login alone.
    pub fn label(&self, login: &str) -> String {
        label(login, self.names.get(login).map(String::as_str))
    }
}
