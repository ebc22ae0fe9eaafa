//! Companies: reads and writes.

use super::contact_points::{self, Owner};
use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::filters::{Filters, limit_sql};
use super::{PageKey, Writer, codec, found, people, scan, tags};
use crate::config::FieldEntity;
use crate::error::{Error, Result};
use crate::locale::collate::sort_key;
use crate::model::{Company, CompanyData, Entity};
use crate::text::fold::fold;

const COLUMNS: &str = "c.id, c.name, c.domain, c.industry, c.address, c.owner, c.notes, c.custom,
    c.created_at, c.updated_at, c.version";

fn from_row(row: &Row<'_>) -> db::Result<Company> {
    Ok(Company {
        id: row.get(0)?,
        data: CompanyData {
            name: row.get(1)?,
            domain: row.get(2)?,
            industry: row.get(3)?,
            address: row.get(4)?,
            owner: row.get(5)?,
            notes: row.get(6)?,
            custom: codec::get_custom(row, 7)?,
            ..CompanyData::default()
        },
        created_at: codec::get_ts(row, 8)?,
        updated_at: codec::get_ts(row, 9)?,
        version: row.get(10)?,
    })
}

fn complete(conn: &Connection, mut company: Company) -> Result<Company> {
    let (phones, emails) = contact_points::load(conn, Owner::Company(company.id))?;
    company.data.phones = phones;
    company.data.emails = emails;
    company.data.tags = tags::load(conn, Entity::Company, company.id)?;
    Ok(company)
}

/// One company.
pub fn get(conn: &Connection, id: i64) -> Result<Company> {
    let sql = format!("SELECT {COLUMNS} FROM companies c WHERE c.id = ?1");
    let company = found(conn.query_row(&sql, [id], from_row), Entity::Company, id)?;
    complete(conn, company)
}

/// The first company whose folded name equals the folded `name`.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Company>> {
    let sql =
        format!("SELECT {COLUMNS} FROM companies c WHERE c.name_folded = ?1 ORDER BY c.id LIMIT 1");
    let company = conn.query_row(&sql, [fold(name)], from_row).optional()?;
    company.map(|c| complete(conn, c)).transpose()
}

/// Which companies to list.
#[derive(Debug, Clone, Default)]
pub struct CompanyFilter {
    /// Only those owned by this user.
    pub owner: Option<String>,
    /// Only those carrying this tag.
    pub tag: Option<String>,
    /// Only those a segment selects.
    pub segment: Option<super::Where>,
}

/// A page of companies ordered by name (`locale::collate` order), after `after`.
pub fn list(
    conn: &Connection,
    filter: &CompanyFilter,
    after: Option<&PageKey>,
    limit: usize,
) -> Result<Vec<Company>> {
    let mut f = Filters::default();
    if let Some(owner) = &filter.owner {
        f.add_on(owner.as_str(), |n| format!("c.owner = ?{n}"));
    }
    if let Some(tag) = &filter.tag {
        f.add_tag(Entity::Company, "c.id", tag);
    }
    f.add_after("c", after.unwrap_or(&PageKey::START));
    f.add_segment(filter.segment.as_ref(), super::Target::Company)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM companies c {} ORDER BY c.sort_key, c.id{}",
        f.where_sql(),
        limit_sql(limit)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(db::params_from_iter(f.values), from_row)?;
    let companies = rows.collect::<db::Result<Vec<_>>>()?;
    complete_many(conn, companies)
}

/// [`complete`] for a page: contact points and tags in one query each.
fn complete_many(conn: &Connection, mut companies: Vec<Company>) -> Result<Vec<Company>> {
    let ids: Vec<i64> = companies.iter().map(|c| c.id).collect();
    let mut points = contact_points::load_many(conn, true, &ids)?;
    let mut tags = tags::load_many(conn, Entity::Company, &ids)?;
    for company in &mut companies {
        let (phones, emails) = points.remove(&company.id).unwrap_or_default();
        company.data.phones = phones;
        company.data.emails = emails;
        company.data.tags = tags.remove(&company.id).unwrap_or_default();
    }
    Ok(companies)
}

/// The key to pass as `after` to continue listing after this company.
pub fn page_key(company: &Company) -> PageKey {
    PageKey {
        key: sort_key(&company.data.name),
        id: company.id,
    }
}

impl Writer<'_> {
    fn check_company(&self, data: &mut CompanyData, before: Option<&CompanyData>) -> Result<()> {
        data.check().map_err(Error::from)?;
        self.check_owner(
            data.owner.as_deref(),
            before.and_then(|b| b.owner.as_deref()),
        )?;
        self.check_custom(
            FieldEntity::Company,
            before.map(|b| &b.custom),
            &data.custom,
        )
    }

    /// `store_person_parts` (people.rs) for a company.
    fn store_company_parts(
        &self,
        id: i64,
        data: &CompanyData,
        before: Option<&CompanyData>,
    ) -> Result<()> {
        if before.is_none_or(|b| b.phones != data.phones || b.emails != data.emails) {
            contact_points::replace(self.conn(), Owner::Company(id), &data.phones, &data.emails)?;
        }
        if before.is_none_or(|b| b.tags != data.tags) {
            tags::replace(self.conn(), Entity::Company, id, &data.tags)?;
        }
        Ok(())
    }

    /// Creates a company; returns the new id.
    pub fn add_company(&mut self, mut data: CompanyData) -> Result<i64> {
        self.check_company(&mut data, None)?;
        let id: i64 = self.conn().insert_id(
            "INSERT INTO companies (id, name, name_folded, domain, industry, address, owner, notes,
                    custom, search_text, created_at, updated_at, sort_key)
                 VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
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
                codec::ts(self.now),
                sort_key(&data.name),
                self.take_restore_id(),
            ],
        )?;
        self.store_company_parts(id, &data, None)?;
        self.log_create(Entity::Company, id, &data)?;
        Ok(id)
    }

    /// Replaces a company's fields if nobody saved since `expected_version`.
    pub fn update_company(
        &mut self,
        id: i64,
        expected_version: i64,
        data: CompanyData,
    ) -> Result<()> {
        let before = get(self.conn(), id)?.data;
        self.update_company_over(id, expected_version, before, data)
    }

    /// [`Writer::update_company`] over the stored record `before`, already read
    /// in this transaction (a patch reads it to merge onto).
    pub(super) fn update_company_over(
        &mut self,
        id: i64,
        expected_version: i64,
        before: CompanyData,
        mut data: CompanyData,
    ) -> Result<()> {
        self.check_company(&mut data, Some(&before))?;
        if self.unchanged(Entity::Company, id, expected_version, &before, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Company, id, expected_version)?;
        self.conn()
            .prepare_cached(
                "UPDATE companies SET name = ?1, name_folded = ?2, domain = ?3, industry = ?4,
                    address = ?5, owner = ?6, notes = ?7, custom = ?8, search_text = ?9,
                    sort_key = ?11
                 WHERE id = ?10",
            )?
            .execute(params![
                data.name,
                fold(&data.name),
                data.domain,
                data.industry,
                data.address,
                data.owner,
                data.notes,
                codec::custom(&data.custom)?,
                scan::company_search_text(&data),
                id,
                sort_key(&data.name)
            ])?;
        self.store_company_parts(id, &data, Some(&before))?;
        if before.name != data.name {
            // People are found by their company's name too.
            let ids: Vec<i64> = self
                .conn()
                .prepare_cached("SELECT id FROM people WHERE company_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<db::Result<_>>()?;
            for person in ids {
                people::refresh_search_text(self.conn(), person)?;
            }
        }
        self.log_update(Entity::Company, id, &before, &data)?;
        Ok(())
    }

    /// Fails unless company `id` exists.
    pub fn require_company(&self, id: i64) -> Result<()> {
        self.require(Entity::Company, Some(id))
    }

    /// The id of the company with this (folded) name, creating it, owned by
    /// the actor, when there is none.
    pub fn find_or_create_company(&mut self, name: &str) -> Result<i64> {
        if let Some(company) = by_name(self.conn(), name)? {
            return Ok(company.id);
        }
        self.add_company(CompanyData {
            name: name.to_string(),
            owner: Some(self.actor.to_string()),
            ..CompanyData::default()
        })
    }

    /// Deletes a company. Refuses while people, deals, tasks or activities
    /// point at it, unless `unlink` is set.
    pub fn delete_company(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        unlink: bool,
    ) -> Result<()> {
        // Locked first, so no record links to it between the read of its
        // links and the delete (PostgreSQL).
        self.hold(Entity::Company, id)?;
        let before = get(self.conn(), id)?;
        self.unlink_or_refuse(Entity::Company, id, &before.data.name, unlink)?;
        if let Some(v) = expected_version {
            self.claim_version(Entity::Company, id, v)?;
        }
        self.delete_unlinked(Entity::Company, id, &before.data.name)?;
        self.log_delete(Entity::Company, id, &before.data)?;
        Ok(())
    }
}
