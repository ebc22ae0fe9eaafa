//! The bulk path used by imports: match keys of existing records, a lean
//! insert for new people and companies, and index deferral for big loads.
//!
//! Why a separate path: `add_person` is written for one interactive edit
//! (it looks up the company, deletes before inserting phones and tags);
//! an import of a million rows pays for all of that a million times. The
//! bulk inserts here do the same writes with the same validation and a
//! change-log `create` row per record, or one `import` row for all the
//! people of a streamed import (either way `kariz history` shows where every
//! record came from), but skip the lookups the importer has already done.
//!
//! Everything runs inside the caller's one [`Writer`] transaction, so a
//! killed import leaves nothing behind, including dropped indexes: DDL is
//! transactional in SQLite.

use super::db;
use super::db::{Connection, params};
use super::{Store, Writer, codec, links, scan};
use crate::config::FieldEntity;
use crate::error::{Error, Result};
use crate::locale::collate::sort_key;
use crate::model::{CompanyData, ContactPoint, Entity, Snapshot};
use crate::text::fold::fold;
use std::collections::HashMap;

/// How to find an existing record from an incoming one.
#[derive(Debug, Default, Clone)]
pub struct MatchIndex {
    /// External id → record id.
    pub by_external_id: HashMap<String, i64>,
    /// Lower-cased e-mail → record id (the first record that has it).
    pub by_email: HashMap<String, i64>,
    /// Phone identity (see [`crate::text::phone::identity`]) → record id;
    /// for people only their personal lines.
    pub by_phone: HashMap<String, i64>,
    /// People only: phone identity of a shared line (an office number,
    /// see [`crate::text::phone::is_shared_line`]) → everyone who has it.
    pub by_shared_line: HashMap<String, Vec<i64>>,
    /// Folded name → record id (the first record with that name).
    pub by_name: HashMap<String, i64>,
}

/// The key an e-mail address is matched on.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The key a phone number is matched on: its identity, `None` when it has
/// too few digits to identify anyone (an extension, a typo).
pub fn phone_key(phone: &str) -> Option<String> {
    crate::text::phone::identity(phone)
}

/// Loads the match keys of every record of `entity`.
pub fn match_index(conn: &Connection, entity: Entity) -> Result<MatchIndex> {
    let mut index = MatchIndex::default();
    let table = links::table(entity);
    // Table names come from a fixed list, never from user text.
    let mut stmt = conn.prepare(&format!(
        "SELECT id, external_id FROM {table} WHERE external_id IS NOT NULL"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        index.by_external_id.insert(row.get(1)?, row.get(0)?);
    }
    let owner_column = match entity {
        Entity::Person => "person_id",
        Entity::Company => "company_id",
        _ => return Ok(index),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {owner_column}, kind, value, label FROM contact_points
         WHERE {owner_column} IS NOT NULL ORDER BY {owner_column}, position"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let kind: String = row.get(1)?;
        let value: String = row.get(2)?;
        if kind == "email" {
            index.by_email.entry(email_key(&value)).or_insert(id);
        } else if let Some(key) = phone_key(&value) {
            // Colleagues share office lines: kept apart so that a shared
            // line alone never matches two people (as in `duplicates`).
            let label: String = row.get(3)?;
            if entity == Entity::Person && crate::text::phone::is_shared_line(&label) {
                index.by_shared_line.entry(key).or_default().push(id);
            } else {
                index.by_phone.entry(key).or_insert(id);
            }
        }
    }
    // Companies match by name; for people a name alone only flags a
    // possible duplicate (see interchange::import::plan).
    let mut stmt = conn.prepare(&format!("SELECT id, name_folded FROM {table} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let name: String = row.get(1)?;
        index.by_name.entry(name).or_insert(row.get(0)?);
    }
    Ok(index)
}

/// Indexes dropped for a bulk load, to be built again by
/// [`Writer::restore_indexes`] before the transaction commits.
#[must_use = "restore the indexes before committing"]
pub(super) struct DeferredIndexes {
    sql: Vec<String>,
}

/// Connection settings changed for a big load, put back by
/// [`Store::end_bulk_load`].
#[must_use = "put the settings back with Store::end_bulk_load"]
pub(super) struct BulkSettings {
    cache_size: i64,
}

/// Page cache for a bulk load, in KiB (SQLite's negative `cache_size`).
/// Big enough that a load's pages are not spilled to the WAL and read back
/// again and again; bounded so a huge import still spills (and a killed one
/// is still only an uncommitted WAL tail).
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// What the bulk inserts of one import remember between records: tag ids
/// already looked up or created (so each tag costs one insert into the link
/// table instead of a lookup per record) and the stamped time as text.
#[derive(Debug, Default)]
pub(super) struct TagIds {
    ids: HashMap<String, i64>,
    now: Option<(chrono::DateTime<chrono::Utc>, String)>,
    /// Owners already accepted by the owner rule in this import, so a
    /// million rows with five owners cost five checks.
    owners: std::collections::HashSet<String>,
}

impl TagIds {
    /// What an import checks of each new record before writing it, on
    /// either engine: its custom fields against the config and its owner
    /// against the team (once per owner).
    pub(super) fn check_new(
        &mut self,
        w: &Writer<'_>,
        entity: FieldEntity,
        custom: &crate::model::CustomValues,
        owner: Option<&str>,
    ) -> Result<()> {
        w.check_custom(entity, None, custom)?;
        self.check_owner(w, owner)
    }

    /// Applies the owner rule once per distinct owner of this import.
    pub(super) fn check_owner(&mut self, w: &Writer<'_>, owner: Option<&str>) -> Result<()> {
        let Some(owner) = owner else {
            return Ok(());
        };
        if self.owners.contains(owner) {
            return Ok(());
        }
        w.check_owner(Some(owner), None)?;
        self.owners.insert(owner.to_string());
        Ok(())
    }

    /// The stored form of `now`, formatted once per import.
    pub(super) fn stamp(&mut self, now: chrono::DateTime<chrono::Utc>) -> String {
        match &self.now {
            Some((at, text)) if *at == now => text.clone(),
            _ => {
                let text = codec::ts(now);
                self.now = Some((now, text.clone()));
                text
            }
        }
    }
}

/// Tables whose secondary indexes a big import rebuilds at the end: one
/// sort per index beats a million random B-tree inserts.
const DEFERRABLE: &[&str] = &[
    "people",
    "companies",
    "contact_points",
    "person_tags",
    "company_tags",
];

impl Store {
    /// Sets the connection up for an import, before its transaction: for a
    /// `big` one, a bigger page cache. Durability is untouched: the journal
    /// mode and `synchronous` stay as they are. (Temporary files in memory,
    /// `temp_store = MEMORY`, made the index rebuild slower, not faster:
    /// SQLite then sorts each index as one list instead of sorted runs.)
    pub(super) fn begin_bulk_load(&self, big: bool) -> Result<BulkSettings> {
        // Page-cache size is SQLite's; PostgreSQL's memory is the server's.
        let Some(conn) = self.conn.sqlite() else {
            return Ok(BulkSettings { cache_size: 0 });
        };
        let cache_size: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        if big {
            conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
            // Pages copied, not mapped (see `open::MMAP_SIZE` for reads):
            // a load changes most pages it reads, and a mapped page must be
            // copied into the cache to be changed anyway.
            conn.pragma_update(None, "mmap_size", 0)?;
        }
        Ok(BulkSettings { cache_size })
    }

    /// The names of every index, for tests that check a bulk load put
    /// back the indexes it dropped.
    #[cfg(test)]
    pub(crate) fn index_names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<db::Result<_>>()?;
        Ok(names)
    }

    /// Puts back what [`Store::begin_bulk_load`] changed; called whether the
    /// load committed or not.
    pub(super) fn end_bulk_load(&self, settings: BulkSettings) -> Result<()> {
        if let Some(conn) = self.conn.sqlite() {
            conn.pragma_update(None, "ignore_check_constraints", false)?;
            conn.pragma_update(None, "cache_size", settings.cache_size)?;
            conn.pragma_update(None, "mmap_size", super::open::MMAP_SIZE)?;
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// Turns the evaluation of CHECK constraints off (`false`) for the bulk
    /// inserts of people and companies, and on again.
    ///
    /// Why they may be skipped there: those inserts write only values
    /// validated in Rust or fixed by the code (names trimmed and non-empty,
    /// constant kinds and change-log operations, one owner per contact
    /// point), and SQLite evaluates an `IN (...)` CHECK by building a
    /// temporary B-tree for every row, which cost a fifth of each change-log
    /// insert. [`Store::end_bulk_load`] turns them on again in any case.
    pub(super) fn check_constraints(&mut self, enabled: bool) -> Result<()> {
        // PostgreSQL always checks; only SQLite can skip CHECKs.
        if let Some(conn) = self.conn().sqlite() {
            conn.pragma_update(None, "ignore_check_constraints", !enabled)?;
        }
        Ok(())
    }

    /// Drops the secondary indexes of the tables an import fills. Only for
    /// loads that are large next to what is stored: rebuilding costs a sort
    /// of the whole table.
    pub(super) fn defer_indexes(&mut self) -> Result<DeferredIndexes> {
        // PostgreSQL loads with COPY-sized batches into its own indexes;
        // dropping them would need the owner's rights.
        if self.conn().is_postgres() {
            return Ok(DeferredIndexes { sql: Vec::new() });
        }
        let placeholders = vec!["?"; DEFERRABLE.len()].join(", ");
        let found: Vec<(String, String)> = self
            .conn()
            .prepare(&format!(
                "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({placeholders})"
            ))?
            .query_map(db::params_from_iter(DEFERRABLE), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<db::Result<_>>()?;
        let mut sql = Vec::with_capacity(found.len());
        for (name, create) in found {
            // The name comes from sqlite_master; quote it as an identifier.
            let quoted = format!("\"{}\"", name.replace('"', "\"\""));
            self.conn().execute(&format!("DROP INDEX {quoted}"), [])?;
            sql.push(create);
        }
        Ok(DeferredIndexes { sql })
    }

    /// Builds the indexes dropped by [`Writer::defer_indexes`] again. A
    /// unique index that no longer holds fails here, and the whole import
    /// rolls back.
    pub(super) fn restore_indexes(&mut self, deferred: DeferredIndexes) -> Result<()> {
        for create in deferred.sql {
            self.conn().execute(&create, [])?;
        }
        Ok(())
    }

    /// The id the next company inserted in this transaction gets
    /// (`AUTOINCREMENT`: one past the highest ever handed out). An import
    /// streaming people names its new companies' ids before inserting them.
    pub(super) fn next_company_id(&mut self) -> Result<i64> {
        if self.conn().is_postgres() {
            // The import hands out these ids before inserting the
            // companies; a company another writer added meanwhile would
            // draw one of them from the sequence. Others' writes to
            // companies wait for the import's commit instead (an insert
            // before its trigger draws an id); reads go on.
            self.conn()
                .execute_batch("LOCK TABLE companies IN SHARE ROW EXCLUSIVE MODE")?;
            // The sequence's next value; the explicit inserts move it on
            // (the `_past_id` triggers, migrations/pg/023), as SQLite's
            // AUTOINCREMENT counter moves.
            let next = self.conn().query_row(
                "SELECT greatest(coalesce(pg_sequence_last_value('companies_id_seq'), 0),
                                 coalesce((SELECT max(id) FROM companies), 0)) + 1",
                [],
                |r| r.get(0),
            )?;
            return Ok(next);
        }
        let next = self.conn().query_row(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'companies'), 0),
                        coalesce((SELECT max(id) FROM companies), 0)) + 1",
            [],
            |r| r.get(0),
        )?;
        Ok(next)
    }

    /// Records where a record came from, matched on by the next import.
    pub fn set_external_id(&mut self, entity: Entity, id: i64, external_id: &str) -> Result<()> {
        let sql = format!(
            "UPDATE {} SET external_id = ?1 WHERE id = ?2",
            links::table(entity)
        );
        self.conn()
            .prepare_cached(&sql)?
            .execute(params![external_id, id])
            .map_err(|e| duplicate_external_id(e, entity, external_id))?;
        Ok(())
    }

    /// Creates a company for an import.
    pub(super) fn bulk_add_company(
        &mut self,
        id: Option<i64>,
        mut data: CompanyData,
        external_id: Option<&str>,
        tag_ids: &mut TagIds,
    ) -> Result<i64> {
        data.validate().map_err(Error::Invalid)?;
        tag_ids.check_new(
            self,
            FieldEntity::Company,
            &data.custom,
            data.owner.as_deref(),
        )?;
        let now = tag_ids.stamp(self.now);
        let id: i64 = self
            .conn()
            .insert_id(
                "INSERT INTO companies (name, name_folded, domain, industry, address, owner, notes,
                    custom, search_text, created_at, updated_at, external_id, sort_key, id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13)",
                params![
                    data.name,
                    fold(&data.name),
                    data.domain,
                    data.industry,
                    data.address,
                    data.owner,
                    data.notes,
                    codec::custom(&data.custom)?,
                    scan::company_search_text(&data),
                    now,
                    external_id,
                    sort_key(&data.name),
                    id
                ],
            )
            .map_err(|e| duplicate_external_id(e, Entity::Company, external_id.unwrap_or("")))?;
        self.insert_points("company_id", id, &data.phones, &data.emails)?;
        self.insert_tags(Entity::Company, id, &data.tags, tag_ids)?;
        self.log_create_json(Entity::Company, id, &data.to_json(), &now)?;
        Ok(id)
    }

    pub(super) fn insert_points(
        &self,
        owner_column: &'static str,
        id: i64,
        phones: &[ContactPoint],
        emails: &[ContactPoint],
    ) -> Result<()> {
        if phones.is_empty() && emails.is_empty() {
            return Ok(());
        }
        // Whole statements, not formatted ones: this runs for every record.
        let sql = if owner_column == "person_id" {
            "INSERT INTO contact_points (person_id, kind, label, value, position, phone_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        } else {
            "INSERT INTO contact_points (company_id, kind, label, value, position, phone_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        };
        let mut insert = self.conn().prepare_cached(sql)?;
        for (kind, points) in [("phone", phones), ("email", emails)] {
            for (position, p) in points.iter().enumerate() {
                let key = super::contact_points::caller_key_of(kind, &p.value);
                insert.execute(params![id, kind, p.label, p.value, position as i64, key])?;
            }
        }
        Ok(())
    }

    pub(super) fn insert_tags(
        &self,
        entity: Entity,
        id: i64,
        names: &[String],
        tag_ids: &mut TagIds,
    ) -> Result<()> {
        if names.is_empty() {
            return Ok(());
        }
        let mut attach = self.conn().prepare_cached(if entity == Entity::Person {
            "INSERT INTO person_tags (person_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
        } else {
            "INSERT INTO company_tags (company_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
        })?;
        for name in names {
            let tag_id = self.tag_id(name, tag_ids)?;
            attach.execute(params![id, tag_id])?;
        }
        Ok(())
    }

    /// The id of the tag `name`, created when there is none yet; looked up
    /// once per import.
    pub(super) fn tag_id(&self, name: &str, tag_ids: &mut TagIds) -> Result<i64> {
        // Tag names are unique without regard to case.
        let key = name.to_lowercase();
        if let Some(tag_id) = tag_ids.ids.get(&key) {
            return Ok(*tag_id);
        }
        self.conn()
            .prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([name])?;
        let tag_id: i64 = self
            .conn()
            .prepare_cached("SELECT id FROM tags WHERE lower(name) = lower(?1)")?
            .query_row([name], |r| r.get(0))?;
        tag_ids.ids.insert(key, tag_id);
        Ok(tag_id)
    }
}

/// Turns a unique-index violation on `external_id` into a message that
/// says which id clashed.
pub(super) fn duplicate_external_id(err: db::Error, entity: Entity, external_id: &str) -> Error {
    if err.is_constraint_violation() && err.to_string().contains("external_id") {
        return Error::invalid(format!(
            "another {} already has the external id {external_id:?}",
            entity.as_str()
        ));
    }
    err.into()
}
