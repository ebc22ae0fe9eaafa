//! Field-level edits and tag operations: the writes for several people on
//! one database. The stored record is read inside the write transaction,
//! the user's changed fields are merged onto it (`model::patch`), and the
//! result is written at the version just read, so the version check never
//! makes an edit of untouched fields conflict.

use super::Writer;
use crate::error::{Error, Result};
use crate::model::patch::{self, Patch, apply_tag_ops};
use crate::model::{ActivityData, CaseData, CompanyData, DealData, Entity, PersonData, TaskData};

fn merged<T: Patch>(entity: Entity, id: i64, original: &T, mine: &T, current: &T) -> Result<T> {
    patch::merge(original, mine, current).map_err(|fields| Error::FieldConflict {
        entity,
        id,
        fields,
    })
}

impl Writer<'_> {
    /// Writes the fields of a person that `mine` changed relative to
    /// `original` (the record as the user read it); conflicts only on a
    /// field someone else changed differently since.
    pub fn patch_person(
        &mut self,
        id: i64,
        original: &PersonData,
        mine: &PersonData,
    ) -> Result<()> {
        self.hold(Entity::Person, id)?;
        let current = self.person(id)?;
        let data = merged(Entity::Person, id, original, mine, &current.data)?;
        self.update_person_over(id, current.version, current.data, data)
    }

    /// [`Writer::patch_person`] for a company.
    pub fn patch_company(
        &mut self,
        id: i64,
        original: &CompanyData,
        mine: &CompanyData,
    ) -> Result<()> {
        self.hold(Entity::Company, id)?;
        let current = self.company(id)?;
        let data = merged(Entity::Company, id, original, mine, &current.data)?;
        self.update_company_over(id, current.version, current.data, data)
    }

    /// [`Writer::patch_person`] for a deal (a changed stage is a move).
    pub fn patch_deal(&mut self, id: i64, original: &DealData, mine: &DealData) -> Result<()> {
        self.hold(Entity::Deal, id)?;
        let current = self.deal(id)?;
        let data = merged(Entity::Deal, id, original, mine, &current.data)?;
        self.update_deal_over(id, current.version, current, data)
    }

    /// [`Writer::patch_person`] for a task.
    pub fn patch_task(&mut self, id: i64, original: &TaskData, mine: &TaskData) -> Result<()> {
        self.hold(Entity::Task, id)?;
        let current = self.task(id)?;
        let data = merged(Entity::Task, id, original, mine, &current.data)?;
        self.update_task_over(id, current.version, current.data, data)
    }

    /// [`Writer::patch_person`] for an activity.
    pub fn patch_activity(
        &mut self,
        id: i64,
        original: &ActivityData,
        mine: &ActivityData,
    ) -> Result<()> {
        self.hold(Entity::Activity, id)?;
        let current = self.activity(id)?;
        let data = merged(Entity::Activity, id, original, mine, &current.data)?;
        self.update_activity(id, current.version, data)
    }

    /// [`Writer::patch_person`] for a case (a changed status must be a move
    /// the workflow allows).
    pub fn patch_case(&mut self, id: i64, original: &CaseData, mine: &CaseData) -> Result<()> {
        self.hold(Entity::Case, id)?;
        let current = self.case(id)?;
        let data = merged(Entity::Case, id, original, mine, &current.data)?;
        self.update_case(id, current.version, data)
    }

    /// Adds and removes tags of a person, company or deal, leaving every
    /// other tag as stored (never replaces the list, so tags added by
    /// someone else meanwhile stay). Returns the tags now stored.
    pub fn change_tags(
        &mut self,
        entity: Entity,
        id: i64,
        add: &[String],
        remove: &[String],
    ) -> Result<Vec<String>> {
        self.hold(entity, id)?;
        match entity {
            Entity::Person => {
                let p = self.person(id)?;
                let mut data = p.data.clone();
                apply_tag_ops(&mut data.tags, add, remove);
                self.update_person(id, p.version, data)?;
                Ok(self.person(id)?.data.tags)
            }
            Entity::Company => {
                let c = self.company(id)?;
                let mut data = c.data.clone();
                apply_tag_ops(&mut data.tags, add, remove);
                self.update_company(id, c.version, data)?;
                Ok(self.company(id)?.data.tags)
            }
            Entity::Deal => {
                let d = self.deal(id)?;
                let mut data = d.data.clone();
                apply_tag_ops(&mut data.tags, add, remove);
                self.update_deal(id, d.version, data)?;
                Ok(self.deal(id)?.data.tags)
            }
            Entity::Task
            | Entity::Activity
            | Entity::Call
            | Entity::Rate
            | Entity::Goal
            | Entity::Product
            | Entity::Quote
            | Entity::Order
            | Entity::Invoice
            | Entity::Payment
            | Entity::Notification
            | Entity::Message
            | Entity::Segment
            | Entity::Campaign => Err(Error::invalid(format!(
                "{entity} records have no tags; tag a person, company or deal"
            ))),
            Entity::Case => {
                let k = self.case(id)?;
                let mut data = k.data.clone();
                apply_tag_ops(&mut data.tags, add, remove);
                self.update_case(id, k.version, data)?;
                Ok(self.case(id)?.data.tags)
            }
        }
    }
}
