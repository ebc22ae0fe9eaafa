//! A delete or merge that would change linked rows the connected role may
//! not change (PostgreSQL, #11). Deleting with unlink sets the records
//! pointing at a person, company or deal to NULL, and a merge re-points
//! them; for a rep, a colleague's deal or task is out of reach (roles.sql's
//! row policies), and so is every case, quote, order or invoice (no
//! GRANT). Row security skips such a row without an error and the DELETE
//! then fails on the foreign key, so the store refuses before writing,
//! naming the rows and their owners; checking each UPDATE's row count and
//! the DELETE's foreign-key error are the safety nets. SQLite has no roles:
//! nothing here runs there.

use super::links::{self, Dependants};
use super::{Writer, pg_roles};
use crate::error::{Error, Result};
use crate::model::Entity;
use crate::text::sanitize::visible;

/// Linked records of one kind, and owner, that the role may not change.
struct Blocked {
    entity: Entity,
    ids: Vec<i64>,
    /// `Some(owner)`: blocked by the own-rows policy (`None`: nobody owns
    /// it); `None`: the role has no GRANT to change that kind at all.
    owner: Option<Option<String>>,
}

impl Writer<'_> {
    /// Refuses, before anything is written, to unlink or re-point the
    /// records `deps` linked to `entity` `id` when the role may not
    /// change some of them.
    pub(super) fn refuse_out_of_reach(
        &self,
        entity: Entity,
        id: i64,
        label: &str,
        deps: &Dependants,
    ) -> Result<()> {
        if !self.conn().is_postgres() || deps.is_empty() {
            return Ok(());
        }
        let blocked = self.out_of_reach(entity, id, deps)?;
        if blocked.is_empty() {
            return Ok(());
        }
        Err(refusal(entity, id, label, &blocked))
    }

    /// Fails with the refusal when an UPDATE unlinking or re-pointing
    /// `dep` `dep_id` changed no row: row security skipped it (it exists,
    /// it was just read), which the check above should have foreseen.
    pub(super) fn check_relinked(
        &self,
        (entity, id, label): (Entity, i64, &str),
        dep: Entity,
        dep_id: i64,
        changed: usize,
    ) -> Result<()> {
        if changed > 0 || !self.conn().is_postgres() {
            return Ok(());
        }
        let owner = if owned(dep) {
            let sql = format!("SELECT owner FROM {} WHERE id = ?1", links::table(dep));
            Some(self.conn().query_row(&sql, [dep_id], |r| r.get(0))?)
        } else {
            None
        };
        let blocked = Blocked {
            entity: dep,
            ids: vec![dep_id],
            owner,
        };
        Err(refusal(entity, id, label, &[blocked]))
    }

    /// Deletes `entity` `id`, whose links were cleared or moved; a foreign
    /// key that still holds it on PostgreSQL means rows the role could not
    /// change, said as the refusal rather than the server's words.
    pub(super) fn delete_unlinked(&self, entity: Entity, id: i64, label: &str) -> Result<usize> {
        let sql = format!("DELETE FROM {} WHERE id = ?1", links::table(entity));
        match self.conn().execute(&sql, [id]) {
            Ok(deleted) => Ok(deleted),
            Err(err) => match err.referencing_table() {
                Some(table) if self.conn().is_postgres() => Err(Error::Denied(format!(
                    "{entity} {id} ({}) is still linked to {}{}",
                    visible(label),
                    table.replace('_', " "),
                    tail(entity)
                ))),
                _ => Err(err.into()),
            },
        }
    }

    /// The records of `deps` the role may not change, by kind and owner.
    fn out_of_reach(&self, entity: Entity, id: i64, deps: &Dependants) -> Result<Vec<Blocked>> {
        let mut every_row = None;
        let mut blocked = Vec::new();
        for (dep, ids) in deps.groups.iter().filter(|(_, ids)| !ids.is_empty()) {
            let table = links::table(*dep);
            let granted: bool = self.conn().query_row(
                "SELECT has_table_privilege(current_user, ?1, 'UPDATE')",
                [table],
                |r| r.get(0),
            )?;
            if !granted {
                blocked.push(Blocked {
                    entity: *dep,
                    ids: ids.clone(),
                    owner: None,
                });
                continue;
            }
            if !owned(*dep) {
                continue;
            }
            let every_row = match every_row {
                Some(known) => known,
                None => *every_row.insert(pg_roles::may_change_every_row(self.conn())?),
            };
            if !every_row {
                blocked.extend(self.others_rows(entity, id, *dep)?);
            }
        }
        Ok(blocked)
    }

    /// `dep` records linked to `entity` `id` that someone else (or no one)
    /// owns, grouped by owner: roles.sql gives a rep only rows whose owner
    /// is their login.
    fn others_rows(&self, entity: Entity, id: i64, dep: Entity) -> Result<Vec<Blocked>> {
        let Some(column) = links::column_for(entity) else {
            return Ok(Vec::new());
        };
        // Table and column names come from fixed lists, never user text.
        let sql = format!(
            "SELECT id, owner FROM {} WHERE {column} = ?1 AND owner IS DISTINCT FROM current_user::text
              ORDER BY owner NULLS LAST, id",
            links::table(dep)
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        let mut groups: Vec<Blocked> = Vec::new();
        for (row, owner) in rows {
            match groups.last_mut() {
                Some(last) if last.owner.as_ref() == Some(&owner) => last.ids.push(row),
                _ => groups.push(Blocked {
                    entity: dep,
                    ids: vec![row],
                    owner: Some(owner),
                }),
            }
        }
        Ok(groups)
    }
}

/// Kinds a rep may change only when they own the row (roles.sql).
fn owned(entity: Entity) -> bool {
    matches!(entity, Entity::Deal | Entity::Task)
}

/// "person 12 (Dara) has 1 deal (#4) owned by sara, 1 case (#7), which
/// your role may not change; only a manager or an admin can delete or merge it".
fn refusal(entity: Entity, id: i64, label: &str, blocked: &[Blocked]) -> Error {
    let held: Vec<String> = blocked
        .iter()
        .map(|b| {
            let rows = Dependants {
                groups: vec![(b.entity, b.ids.clone())],
            }
            .describe();
            match &b.owner {
                Some(Some(owner)) => format!("{rows} owned by {}", visible(owner)),
                Some(None) => format!("{rows} owned by no one"),
                None => rows,
            }
        })
        .collect();
    Error::Denied(format!(
        "{entity} {id} ({}) has {}{}",
        visible(label),
        held.join(", "),
        tail(entity)
    ))
}

/// What every refusal here ends with: why, and who may.
fn tail(entity: Entity) -> String {
    let what = match entity {
        Entity::Person | Entity::Company => "delete or merge",
        _ => "delete",
    };
    format!(", which your role may not change; only a manager or an admin can {what} it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_names_the_rows_their_owners_and_who_may() {
        let blocked = [
            Blocked {
                entity: Entity::Deal,
                ids: vec![4, 9],
                owner: Some(Some("sara".into())),
            },
            Blocked {
                entity: Entity::Task,
                ids: vec![3],
                owner: Some(None),
            },
            Blocked {
                entity: Entity::Case,
                ids: vec![7],
                owner: None,
            },
        ];
        let Error::Denied(said) = refusal(Entity::Person, 12, "Dara", &blocked) else {
            panic!("not a refusal");
        };
        assert_eq!(
            said,
            "person 12 (Dara) has 2 deals (#4, #9) owned by sara, 1 task (#3) owned by no one, 1 case (#7), which your role may not change; only a manager or an admin can delete or merge it"
        );
        let Error::Denied(deal) = refusal(Entity::Deal, 5, "Order", &blocked[1..2]) else {
            panic!("not a refusal");
        };
        assert!(
            deal.ends_with("only a manager or an admin can delete it"),
            "{deal}"
        );
    }
}
