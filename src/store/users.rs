//! The team list (`users`), the owner rule, and handing a leaver's records
//! to a colleague (`reassign`).
//!
//! Bootstrap rule: while the team list is empty kariz is single-user and
//! any owner is accepted (as before there was a list). Once one user is on
//! it, an owner that is set or changed must be an active member; records
//! already owned by someone else keep their owner until it is changed.

use super::db;
use super::db::{Connection, OptionalExtension, params};
use super::{Writer, codec};
use crate::error::{Error, Result};
use crate::model::user::{self, TeamUser};
use crate::model::{Entity, Snapshot};
use crate::text::sanitize::quoted;
use serde::Serialize;

const COLUMNS: &str = "id, login, display_name, active, created_at, updated_at, version, email";

fn from_row(row: &db::Row<'_>) -> db::Result<TeamUser> {
    Ok(TeamUser {
        id: row.get(0)?,
        login: row.get(1)?,
        display_name: row.get(2)?,
        active: row.get::<_, i64>(3)? != 0,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
        version: row.get(6)?,
        email: row.get(7)?,
    })
}

/// Every member of the team list, active or not, by login.
pub fn list(conn: &Connection) -> Result<Vec<TeamUser>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM users ORDER BY login"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// The member with this login.
pub fn get(conn: &Connection, login: &str) -> Result<Option<TeamUser>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM users WHERE login = ?1"))?
        .query_row([login], from_row)
        .optional()?)
}

/// Why `owner` may not be set as a record's owner, or `None` when it may.
pub fn owner_problem(conn: &Connection, owner: &str) -> Result<Option<String>> {
    // One indexed lookup in the common case (imports check every row);
    // the whole list is read only to explain a refusal.
    let allowed: bool = conn
        .prepare_cached(
            "SELECT NOT EXISTS (SELECT 1 FROM users)
                 OR EXISTS (SELECT 1 FROM users WHERE login = ?1 AND active = 1)",
        )?
        .query_row([owner], |r| r.get(0))?;
    if allowed {
        return Ok(None);
    }
    let team = list(conn)?;
    if team.is_empty() {
        return Ok(None);
    }
    let active: Vec<&str> = team
        .iter()
        .filter(|u| u.active)
        .map(|u| u.login.as_str())
        .collect();
    if active.contains(&owner) {
        return Ok(None);
    }
    let suggestions = user::closest(owner, active.iter().copied());
    let hint = match suggestions.as_slice() {
        [] => format!("the team is: {}", active.join(", ")),
        some => format!("did you mean {}?", some.join(", ")),
    };
    let left = team.iter().any(|u| !u.active && u.login == owner);
    Ok(Some(if left {
        format!(
            "owner {} has left the team; give it to someone on it ({hint}), or bring them back with `kariz user add {owner}`",
            quoted(owner)
        )
    } else {
        format!(
            "owner {} is not on the team; {hint} (`kariz user list` shows the team, `kariz user add LOGIN` adds someone)",
            quoted(owner)
        )
    }))
}

/// How many records a reassignment moves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Reassigned {
    /// People.
    pub people: usize,
    /// Companies.
    pub companies: usize,
    /// Deals (open or closed: the owner of a won deal is who gets asked).
    pub deals: usize,
    /// Open tasks (done ones keep who did them).
    pub tasks: usize,
}

/// What a reassignment touches: the kind of record, the query for its ids
/// (open tasks only), and where its count goes.
type Counter = fn(&mut Reassigned) -> &mut usize;
const REASSIGNED: [(Entity, &str, Counter); 4] = [
    (
        Entity::Person,
        "SELECT id FROM people WHERE owner = ?1 ORDER BY id",
        |c| &mut c.people,
    ),
    (
        Entity::Company,
        "SELECT id FROM companies WHERE owner = ?1 ORDER BY id",
        |c| &mut c.companies,
    ),
    (
        Entity::Deal,
        "SELECT id FROM deals WHERE owner = ?1 ORDER BY id",
        |c| &mut c.deals,
    ),
    (
        Entity::Task,
        "SELECT id FROM tasks WHERE owner = ?1 AND done_at IS NULL ORDER BY id",
        |c| &mut c.tasks,
    ),
];

fn owned_ids(conn: &Connection, sql: &str, login: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([login], |r| r.get(0))?;
    Ok(rows.collect::<db::Result<Vec<i64>>>()?)
}

/// What `reassign from → …` would move, without moving it.
pub fn reassign_counts(conn: &Connection, from: &str) -> Result<Reassigned> {
    let mut counts = Reassigned::default();
    for (_, sql, count) in REASSIGNED {
        *count(&mut counts) = owned_ids(conn, sql, from)?.len();
    }
    Ok(counts)
}

impl Writer<'_> {
    /// Refuses an owner that is not an active team member, unless it is
    /// unchanged (`before`) or the team list is empty (single-user mode).
    pub(super) fn check_owner(&self, owner: Option<&str>, before: Option<&str>) -> Result<()> {
        let Some(owner) = owner else {
            return Ok(());
        };
        if before == Some(owner) {
            return Ok(());
        }
        match owner_problem(self.conn(), owner)? {
            // The default owner is the acting login: say so plainly.
            Some(_) if owner == self.actor() => Err(Error::rejected(
                format!(
                    "you ({}) are not on this database's team list, so records cannot be yours; ask whoever manages it to add you, or give the record to someone on the team",
                    quoted(owner)
                ),
                crate::error::Remedy::TeamOwner,
            )),
            Some(problem) => Err(Error::Invalid(problem)),
            None => Ok(()),
        }
    }

    /// Adds `login` to the team list, or updates the display name of (and
    /// brings back) a member already on it. Returns the member as stored.
    pub fn add_user(&mut self, login: &str, display_name: Option<&str>) -> Result<TeamUser> {
        let login = user::check_login(login).map_err(Error::Invalid)?;
        let display_name = user::check_display_name(display_name).map_err(Error::Invalid)?;
        let now = codec::ts(self.now);
        if let Some(before) = get(self.conn(), &login)? {
            let mut after = before.clone();
            after.active = true;
            if display_name.is_some() {
                after.display_name = display_name;
            }
            if after == before {
                return Ok(before);
            }
            self.conn().execute(
                "UPDATE users SET display_name = ?1, active = 1, updated_at = ?2,
                    version = version + 1 WHERE id = ?3",
                params![after.display_name, now, before.id],
            )?;
            self.log_user_diff(&before, &after)?;
            return get(self.conn(), &login)?.ok_or_else(|| gone(&login));
        }
        self.conn().execute(
            "INSERT INTO users (login, display_name, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)",
            params![login, display_name, now],
        )?;
        let added = get(self.conn(), &login)?.ok_or_else(|| gone(&login))?;
        self.log_user(added.id, "create", None, None, Some(&added.to_json()))?;
        Ok(added)
    }

    /// The member with this login, read in this transaction.
    pub fn team_member(&self, login: &str) -> Result<Option<TeamUser>> {
        get(self.conn(), login)
    }

    /// Sets (or with `None` clears) the e-mail address of a member on the
    /// team list; logged as a change of the member. Returns the member.
    pub fn set_user_email(&mut self, login: &str, email: Option<&str>) -> Result<TeamUser> {
        let before = get(self.conn(), login)?.ok_or_else(|| not_on_team(login))?;
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => {
                let point = crate::model::ContactPoint {
                    label: String::new(),
                    value: e.to_owned(),
                };
                point.validate_email().map_err(Error::from)?;
                Some(e.to_owned())
            }
            None => None,
        };
        if before.email == email {
            return Ok(before);
        }
        self.conn().execute(
            "UPDATE users SET email = ?1, updated_at = ?2, version = version + 1 WHERE id = ?3",
            params![email, codec::ts(self.now), before.id],
        )?;
        let after = get(self.conn(), login)?.ok_or_else(|| gone(login))?;
        self.log_user_diff(&before, &after)?;
        Ok(after)
    }

    /// Marks `login` as having left: their records stay (hand them over
    /// with [`Writer::reassign`]), nothing new can be given to them.
    pub fn remove_user(&mut self, login: &str) -> Result<TeamUser> {
        let before = get(self.conn(), login)?.ok_or_else(|| not_on_team(login))?;
        if !before.active {
            return Ok(before);
        }
        self.conn().execute(
            "UPDATE users SET active = 0, updated_at = ?1, version = version + 1 WHERE id = ?2",
            params![codec::ts(self.now), before.id],
        )?;
        let after = get(self.conn(), login)?.ok_or_else(|| gone(login))?;
        self.log_user_diff(&before, &after)?;
        Ok(after)
    }

    fn log_user_diff(&self, before: &TeamUser, after: &TeamUser) -> Result<()> {
        for (field, old, new) in crate::model::snapshot::diff(&before.fields(), &after.fields()) {
            self.log_user(
                before.id,
                "update",
                Some(field),
                old.as_deref(),
                new.as_deref(),
            )?;
        }
        Ok(())
    }

    /// Gives every person, company and deal owned by `from`, and every open
    /// task, to `to`: one version bump and one logged field change per
    /// record, all in this transaction. `to` must pass the owner rule.
    pub fn reassign(&mut self, from: &str, to: &str) -> Result<Reassigned> {
        if from == to {
            return Err(Error::invalid(format!(
                "the old and the new owner are both {}; nothing to move",
                quoted(from)
            )));
        }
        self.check_owner(Some(to), None)?;
        let now = codec::ts(self.now);
        let mut counts = Reassigned::default();
        for (entity, sql, count) in REASSIGNED {
            let ids = owned_ids(self.conn(), sql, from)?;
            // The table name comes from a fixed list, never from user text.
            let update = format!(
                "UPDATE {} SET owner = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                super::links::table(entity)
            );
            for &id in &ids {
                let changed = self
                    .conn()
                    .prepare_cached(&update)?
                    .execute(params![to, now, id])?;
                self.check_changed(entity, id, changed)?;
                self.log_field(entity, id, "owner", Some(from), Some(to))?;
            }
            *count(&mut counts) = ids.len();
        }
        Ok(counts)
    }
}

fn not_on_team(login: &str) -> Error {
    Error::Invalid(format!(
        "{} is not on the team list; `kariz user list` shows who is",
        quoted(login)
    ))
}

/// A row that vanished inside our own transaction: cannot happen, but is
/// reported rather than unwrapped.
fn gone(login: &str) -> Error {
    Error::Invalid(format!(
        "team member {} vanished while being saved; try again",
        quoted(login)
    ))
}
