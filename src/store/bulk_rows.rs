//! People made ready for the bulk insert away from the database: every
//! column the insert writes that is computed from the record (folded name,
//! sort key, search text, custom fields and the change-log JSON) is worked
//! out by [`prepare_person`], which needs no connection, so an import can
//! run it on a second thread while the writer thread only executes inserts.

use super::bulk::TagIds;
use super::db::params;
use super::{Writer, codec, scan};
use crate::config::FieldEntity;
use crate::error::{Error, Result};
use crate::locale::collate::sort_key;
use crate::model::{Entity, PersonData, Snapshot};
use crate::text::fold::fold;

/// A validated person and the derived columns of its row.
#[derive(Debug)]
pub struct PreparedPerson {
    pub(super) data: PersonData,
    pub(super) external_id: Option<String>,
    pub(super) name_folded: String,
    pub(super) sort_key: Vec<u8>,
    pub(super) search_text: String,
    pub(super) custom: String,
    /// The change-log `create` row's JSON; `None` when the import logs
    /// one `import` row for all its people instead.
    pub(super) change_log: Option<String>,
}

/// Validates `data` (its `company_id` already resolved; `company` is that
/// company's name, for the search text) and computes its derived columns;
/// with `log_create`, its own change-log `create` row too.
pub fn prepare_person(
    mut data: PersonData,
    company: Option<&str>,
    external_id: Option<String>,
    log_create: bool,
) -> Result<PreparedPerson> {
    data.validate().map_err(Error::Invalid)?;
    Ok(PreparedPerson {
        name_folded: fold(&data.name),
        sort_key: sort_key(&data.name),
        search_text: scan::person_search_text(&data, company),
        custom: codec::custom(&data.custom)?,
        change_log: log_create.then(|| data.to_json()),
        external_id,
        data,
    })
}

impl Writer<'_> {
    /// Inserts a person made by [`prepare_person`], with its contact points,
    /// tags and change-log `create` row (if it was prepared with one); returns
    /// its id.
    pub(super) fn insert_prepared_person(
        &mut self,
        person: PreparedPerson,
        tag_ids: &mut TagIds,
    ) -> Result<i64> {
        let PreparedPerson {
            data,
            external_id,
            name_folded,
            sort_key,
            search_text,
            custom,
            change_log,
        } = person;
        tag_ids.check_new(
            self,
            FieldEntity::Person,
            &data.custom,
            data.owner.as_deref(),
        )?;
        let now = tag_ids.stamp(self.now);
        let id: i64 = self
            .conn()
            .insert_id(
                "INSERT INTO people (name, name_folded, company_id, title, address, birthday,
                    lead_source, owner, notes, custom, search_text, created_at, updated_at,
                    external_id, sort_key, campaign_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)",
                params![
                    data.name,
                    name_folded,
                    data.company_id,
                    data.title,
                    data.address,
                    data.birthday.map(codec::date),
                    data.lead_source,
                    data.owner,
                    data.notes,
                    custom,
                    search_text,
                    now,
                    external_id,
                    sort_key,
                    data.campaign_id
                ],
            )
            .map_err(|e| {
                super::bulk::duplicate_external_id(
                    e,
                    Entity::Person,
                    external_id.as_deref().unwrap_or(""),
                )
            })?;
        self.insert_points("person_id", id, &data.phones, &data.emails)?;
        self.insert_tags(Entity::Person, id, &data.tags, tag_ids)?;
        if let Some(json) = change_log {
            self.log_create_json(Entity::Person, id, &json, &now)?;
        }
        Ok(id)
    }
}
