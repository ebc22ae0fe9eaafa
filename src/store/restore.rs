//! Bringing a deleted record back under its own id (the TUI's undo of a
//! delete): what a delete takes away is read first, inside the deleting
//! transaction, and restored as it was — id, fields, phones, e-mails, tags,
//! creation time and, for a deal, its stage history.

use super::db::params;
use super::{Writer, codec, links};
use crate::error::{Error, Result};
use crate::model::{Activity, Company, Deal, Entity, Person, StageMove, Task};

/// A record as it was just before its delete.
#[derive(Debug, Clone, PartialEq)]
pub enum Removed {
    /// A person with phones, e-mails and tags.
    Person(Box<Person>),
    /// A company with phones, e-mails and tags.
    Company(Box<Company>),
    /// A deal with its tags and stage history.
    Deal(Box<Deal>, Vec<StageMove>),
    /// A task (done or open).
    Task(Box<Task>),
    /// An activity.
    Activity(Box<Activity>),
}

impl Removed {
    /// Kind and id of the record.
    pub fn target(&self) -> (Entity, i64) {
        match self {
            Removed::Person(p) => (Entity::Person, p.id),
            Removed::Company(c) => (Entity::Company, c.id),
            Removed::Deal(d, _) => (Entity::Deal, d.id),
            Removed::Task(t) => (Entity::Task, t.id),
            Removed::Activity(a) => (Entity::Activity, a.id),
        }
    }
}

impl Writer<'_> {
    /// Reads everything a delete of this record would take away.
    pub fn removed(&self, entity: Entity, id: i64) -> Result<Removed> {
        Ok(match entity {
            Entity::Person => Removed::Person(Box::new(self.person(id)?)),
            Entity::Company => Removed::Company(Box::new(self.company(id)?)),
            Entity::Deal => Removed::Deal(
                Box::new(self.deal(id)?),
                super::deals::history(self.conn(), id)?,
            ),
            Entity::Task => Removed::Task(Box::new(self.task(id)?)),
            Entity::Activity => Removed::Activity(Box::new(self.activity(id)?)),
            // A call is a record of what the phone system said: kept, not
            // deleted (its activity and task are deleted on their own).
            Entity::Call => {
                return Err(crate::error::Error::invalid(
                    "a call is not deleted; delete its activity or task instead",
                ));
            }
            Entity::Rate
            | Entity::Goal
            | Entity::Notification
            | Entity::Message
            | Entity::Segment
            | Entity::Campaign => {
                return Err(crate::error::Error::invalid(format!(
                    "{entity} is not a customer record; see `kariz rate list` and `kariz goal list`"
                )));
            }
            Entity::Case => {
                return Err(Error::invalid(
                    "cases are closed, not deleted; use `kariz case close`".to_string(),
                ));
            }
            Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => {
                return Err(Error::invalid(format!(
                    "{entity} records are not deleted here; see docs/quotes.md"
                )));
            }
        })
    }

    /// Inserts a deleted record again under its own id, logged as a
    /// create. Its links to others (a person's company, a task's deal…)
    /// must still exist: a record deleted meanwhile is reported by name.
    pub fn restore(&mut self, record: &Removed) -> Result<()> {
        let (entity, id) = record.target();
        if self.current_version(entity, id).is_ok() {
            return Err(Error::invalid(format!(
                "{entity} {id} exists again; nothing to restore"
            )));
        }
        self.set_restore_id(id);
        let (created, version) = match record {
            Removed::Person(p) => {
                self.add_person(p.data.clone())?;
                (p.created_at, p.version)
            }
            Removed::Company(c) => {
                self.add_company(c.data.clone())?;
                (c.created_at, c.version)
            }
            Removed::Deal(d, history) => {
                self.add_deal(d.data.clone())?;
                self.restore_deal_times(d, history)?;
                (d.created_at, d.version)
            }
            Removed::Task(t) => {
                self.add_task(t.data.clone())?;
                self.conn().execute(
                    "UPDATE tasks SET done_at = ?1 WHERE id = ?2",
                    params![t.done_at.map(codec::ts), id],
                )?;
                (t.created_at, t.version)
            }
            Removed::Activity(a) => {
                self.add_activity(a.data.clone())?;
                (a.created_at, a.version)
            }
        };
        // The old version plus one: a screen still showing the record
        // from before the delete must reload before it saves.
        let sql = format!(
            "UPDATE {} SET created_at = ?1, version = ?2 WHERE id = ?3",
            links::table(entity)
        );
        self.conn()
            .execute(&sql, params![codec::ts(created), version + 1, id])?;
        Ok(())
    }

    /// A restored deal keeps its stage times and its whole stage history
    /// instead of the fresh "created now" row `add_deal` wrote.
    fn restore_deal_times(&self, deal: &Deal, history: &[StageMove]) -> Result<()> {
        self.conn().execute(
            "UPDATE deals SET stage_entered_at = ?1, closed_at = ?2 WHERE id = ?3",
            params![
                codec::ts(deal.stage_entered_at),
                deal.closed_at.map(codec::ts),
                deal.id
            ],
        )?;
        self.conn().execute(
            "DELETE FROM deal_stage_history WHERE deal_id = ?1",
            [deal.id],
        )?;
        let mut insert = self.conn().prepare_cached(
            "INSERT INTO deal_stage_history (deal_id, from_stage, to_stage, at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for step in history {
            insert.execute(params![
                deal.id,
                step.from_stage,
                step.to_stage,
                codec::ts(step.at),
                step.actor
            ])?;
        }
        Ok(())
    }
}
