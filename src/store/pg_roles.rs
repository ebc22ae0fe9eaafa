//! Who may do what on PostgreSQL (#11): the four group roles of a kariz
//! database, the access rules (`migrations/pg/roles.sql`: GRANTs and row
//! policies the server enforces, so psql cannot go around them), and
//! granting a login one role. SQLite has no roles: its file's permissions
//! are the only rule there.

use super::Store;
use super::db::{self, OptionalExtension};
use crate::error::{Error, Result};
use serde::Serialize;

/// The access rules; placeholders are filled in by [`apply_rules`].
const RULES: &str = include_str!("migrations/pg/roles.sql");

/// The meta key recording which version of [`RULES`] was applied.
pub(super) const RULES_KEY: &str = "access_rules";

/// Raised when roles.sql changes, so the next grant applies the new one.
const RULES_VERSION: &str = "3";

/// What a login may do in a kariz database (docs/postgresql.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccessRole {
    /// Reads everything; changes contacts, and the deals and tasks they own.
    Rep,
    /// Reads everything; changes activities and cases.
    Support,
    /// Changes everything and reassigns.
    Manager,
    /// A manager who also grants roles and owns the schema.
    Admin,
}

impl AccessRole {
    /// Every role, least to most.
    pub const ALL: [AccessRole; 4] = [
        AccessRole::Rep,
        AccessRole::Support,
        AccessRole::Manager,
        AccessRole::Admin,
    ];

    /// The role's word (`rep`, `support`, `manager`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessRole::Rep => "rep",
            AccessRole::Support => "support",
            AccessRole::Manager => "manager",
            AccessRole::Admin => "admin",
        }
    }

    /// The role named by its word.
    pub fn parse(word: &str) -> Option<AccessRole> {
        AccessRole::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

/// What [`Store::grant_role`] did.
#[derive(Debug, Clone, Serialize)]
pub struct RoleGrant {
    /// The login (a PostgreSQL LOGIN role, peer-authenticated).
    pub login: String,
    /// Its role now.
    pub role: AccessRole,
    /// The PostgreSQL group role that stands for it in this database.
    pub group: String,
    /// The role it had before, if any.
    pub previous: Option<AccessRole>,
    /// Whether the login role was created.
    pub created: bool,
}

/// What [`Store::revoke_role`] did.
#[derive(Debug, Clone, Serialize)]
pub struct RoleRevoke {
    /// The login.
    pub login: String,
    /// The role it had (none: there was nothing to revoke).
    pub previous: Option<AccessRole>,
}

impl Store {
    /// Gives `login` exactly one kariz role in this PostgreSQL database,
    /// creating the login role (no password: peer authentication) if
    /// needed, and the access rules if nobody could create them yet.
    pub fn grant_role(&mut self, login: &str, role: AccessRole) -> Result<RoleGrant> {
        let tx = self.roles_transaction(login)?;
        let groups = group_names(&tx)?;
        if !rules_applied(&tx)? {
            apply_rules(&tx, &groups)?;
        }
        let created = !role_exists(&tx, login)?;
        if created {
            // Login roles belong to the whole cluster: an admin of another
            // database may be creating the same one at this moment, and
            // then it exists, which is all this needs.
            tx.execute_batch(&format!(
                "DO $kariz$ BEGIN CREATE ROLE {} LOGIN;
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $kariz$",
                ident(login)
            ))?;
        }
        let previous = current_roles(&tx, login, &groups)?;
        for old in previous.iter().filter(|r| **r != role) {
            tx.execute_batch(&format!(
                "REVOKE {} FROM {}",
                ident(group(&groups, *old)),
                ident(login)
            ))?;
        }
        let admin_option = if role == AccessRole::Admin {
            " WITH ADMIN OPTION"
        } else {
            ""
        };
        tx.execute_batch(&format!(
            "GRANT {} TO {}{admin_option}",
            ident(group(&groups, role)),
            ident(login)
        ))?;
        // Role attributes are not inherited through a group: an admin
        // login needs CREATEROLE itself to make others' logins.
        let create_role = if role == AccessRole::Admin {
            "CREATEROLE"
        } else {
            "NOCREATEROLE"
        };
        if role == AccessRole::Admin || previous.contains(&AccessRole::Admin) {
            tx.execute_batch(&format!("ALTER ROLE {} {create_role}", ident(login)))?;
        }
        tx.commit()?;
        Ok(RoleGrant {
            login: login.to_string(),
            role,
            group: group(&groups, role).to_string(),
            previous: previous.first().copied(),
            created,
        })
    }

    /// Takes `login`'s kariz role in this database away; the login role
    /// itself stays (it may serve other databases of the cluster).
    pub fn revoke_role(&mut self, login: &str) -> Result<RoleRevoke> {
        let tx = self.roles_transaction(login)?;
        let groups = group_names(&tx)?;
        let previous = if role_exists(&tx, login)? {
            current_roles(&tx, login, &groups)?
        } else {
            Vec::new()
        };
        for old in &previous {
            tx.execute_batch(&format!(
                "REVOKE {} FROM {}",
                ident(group(&groups, *old)),
                ident(login)
            ))?;
        }
        if previous.contains(&AccessRole::Admin) {
            tx.execute_batch(&format!("ALTER ROLE {} NOCREATEROLE", ident(login)))?;
        }
        tx.commit()?;
        Ok(RoleRevoke {
            login: login.to_string(),
            previous: previous.first().copied(),
        })
    }

    /// A transaction for changing roles, after the checks every change
    /// shares: PostgreSQL, a plausible login, and a connected role that
    /// may manage roles at all (so a rep gets a sentence, not SQLSTATE).
    fn roles_transaction(&self, login: &str) -> Result<db::Transaction<'_>> {
        if !self.conn.is_postgres() {
            return Err(Error::invalid(
                "roles exist only on PostgreSQL; an SQLite database's only access rule is its file's permissions (docs/team.md)",
            ));
        }
        if login.trim().is_empty() || login.contains('\0') {
            return Err(Error::invalid("the login to grant a role to is empty"));
        }
        let tx = self.conn.transaction()?;
        if !may_create_roles(&tx)? {
            let me: String = tx.query_row("SELECT current_user::text", [], |r| r.get(0))?;
            return Err(Error::Denied(format!(
                "only a kariz admin can grant and revoke roles, and {me} is not one"
            )));
        }
        let superuser: Option<bool> = tx
            .query_row(
                "SELECT rolsuper FROM pg_roles WHERE rolname = ?1",
                [login],
                |r| r.get(0),
            )
            .optional()?;
        if superuser == Some(true) {
            return Err(Error::invalid(format!(
                "{login} is a PostgreSQL superuser, which no access rule binds; give kariz users ordinary login roles"
            )));
        }
        Ok(tx)
    }
}

/// Whether the connected role may create roles (and so the access rules).
pub(super) fn may_create_roles(conn: &db::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
        [],
        |r| r.get(0),
    )?)
}

/// Whether the connected role may change every deal and task, not only
/// those it owns: roles.sql's `kariz_team` policy is for the manager and
/// admin groups, and superusers and BYPASSRLS roles pass every policy.
/// Without the group roles no row rule is in force at all.
pub(super) fn may_change_every_row(conn: &db::Connection) -> Result<bool> {
    // A database name no group role can be named after has none.
    let Ok(groups) = group_names(conn) else {
        return Ok(true);
    };
    let (manager, admin) = (
        group(&groups, AccessRole::Manager),
        group(&groups, AccessRole::Admin),
    );
    Ok(conn.query_row(
        "SELECT me.rolsuper OR me.rolbypassrls
             OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)
             OR EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname IN (?1, ?2)
                          AND pg_has_role(me.oid, g.oid, 'USAGE'))
           FROM pg_roles me WHERE me.rolname = current_user",
        [manager, admin],
        |r| r.get(0),
    )?)
}

/// The name changes are recorded under: the database role, which the
/// server vouches for (peer authentication), unless it is a superuser,
/// which the rules do not bind and which may write any name anyway.
pub(super) fn database_actor(conn: &db::Connection) -> Result<Option<String>> {
    let (me, superuser): (String, bool) = conn.query_row(
        "SELECT rolname::text, rolsuper FROM pg_roles WHERE rolname = current_user",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((!superuser).then_some(me))
}

/// The group roles of this database, in [`AccessRole::ALL`] order:
/// `DB_rep`, `DB_support`, `DB_manager`, `DB_admin`. Roles are
/// cluster-wide; the database's name keeps two kariz databases' teams
/// apart.
fn group_names(conn: &db::Connection) -> Result<[String; 4]> {
    let database: String = conn.query_row("SELECT current_database()::text", [], |r| r.get(0))?;
    // The names go into roles.sql's string literals and must not be cut
    // at PostgreSQL's 63 bytes, where two could become one.
    let plain = database
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !plain || database.len() + "_support".len() > 63 {
        return Err(Error::invalid(format!(
            "kariz names its roles after the database, and {database:?} cannot be part of a role name; use a database name of at most 55 letters, digits, _ or -"
        )));
    }
    Ok(AccessRole::ALL.map(|r| format!("{database}_{}", r.as_str())))
}

fn group(groups: &[String; 4], role: AccessRole) -> &str {
    &groups[role as usize]
}

/// Creates the group roles, GRANTs and row policies (idempotent) and
/// records it in meta.
pub(super) fn apply_rules(conn: &db::Connection, groups: &[String; 4]) -> Result<()> {
    let schema: String = conn.query_row("SELECT current_schema()::text", [], |r| r.get(0))?;
    let mut sql = RULES.replace("@schema@", &ident(&schema));
    for role in AccessRole::ALL {
        sql = sql.replace(&format!("@{}@", role.as_str()), &ident(group(groups, role)));
    }
    conn.execute_batch(&sql)?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        db::params![RULES_KEY, RULES_VERSION],
    )?;
    Ok(())
}

/// Creates the rules on a new database when the opener may create roles
/// (else the first `kariz admin grant` does).
pub(super) fn apply_rules_if_allowed(conn: &db::Connection) -> Result<()> {
    if may_create_roles(conn)? {
        let groups = group_names(conn)?;
        apply_rules(conn, &groups)?;
    }
    Ok(())
}

/// Applies the rules again after a schema upgrade, when they were applied
/// before, so the tables a step added get their GRANTs and policies.
pub(super) fn reapply_rules_if_applied(conn: &db::Connection) -> Result<()> {
    let applied: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [RULES_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    if applied.is_some() {
        let groups = group_names(conn)?;
        apply_rules(conn, &groups)?;
    }
    Ok(())
}

fn rules_applied(conn: &db::Connection) -> Result<bool> {
    let version: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [RULES_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(version.as_deref() == Some(RULES_VERSION))
}

fn role_exists(conn: &db::Connection, name: &str) -> Result<bool> {
    let found: Option<i64> = conn
        .query_row("SELECT 1 FROM pg_roles WHERE rolname = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(found.is_some())
}

/// The kariz roles `login` is a direct member of here (normally one).
fn current_roles(
    conn: &db::Connection,
    login: &str,
    groups: &[String; 4],
) -> Result<Vec<AccessRole>> {
    let mut roles = Vec::new();
    for role in AccessRole::ALL {
        let member: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM pg_auth_members m
                   JOIN pg_roles g ON g.oid = m.roleid
                   JOIN pg_roles u ON u.oid = m.member
                  WHERE g.rolname = ?1 AND u.rolname = ?2",
                [group(groups, role), login],
                |r| r.get(0),
            )
            .optional()?;
        if member.is_some() {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// A role name as a quoted SQL identifier (role names cannot be bound as
/// parameters in CREATE ROLE or GRANT).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_parsed_by_their_word() {
        for role in AccessRole::ALL {
            assert_eq!(AccessRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(AccessRole::parse("boss"), None);
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(ident("ana"), "\"ana\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn the_rules_name_every_placeholder_known() {
        for word in ["@rep@", "@support@", "@manager@", "@admin@", "@schema@"] {
            assert!(RULES.contains(word), "{word}");
        }
    }
}
