//! Reads inside a write transaction, so a caller can see a record exactly
//! as it is before changing it (the TUI's undo keeps that as the inverse).

use super::writer::Writer;
use super::{activities, companies, deals, people, tasks};
use crate::error::Result;
use crate::model::{Activity, Company, Deal, Person, Task};

impl Writer<'_> {
    /// A person as stored now, inside this transaction.
    pub fn person(&self, id: i64) -> Result<Person> {
        people::get(self.conn(), id)
    }

    /// A company as stored now, inside this transaction.
    pub fn company(&self, id: i64) -> Result<Company> {
        companies::get(self.conn(), id)
    }

    /// A deal as stored now, inside this transaction.
    pub fn deal(&self, id: i64) -> Result<Deal> {
        deals::get(self.conn(), id)
    }

    /// A task as stored now, inside this transaction.
    pub fn task(&self, id: i64) -> Result<Task> {
        tasks::get(self.conn(), id)
    }

    /// An activity as stored now, inside this transaction.
    pub fn activity(&self, id: i64) -> Result<Activity> {
        activities::get(self.conn(), id)
    }
}
