//! Products: reads, writes and the unique code.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Writer, codec, found};
use crate::error::{Error, Result};
use crate::model::{Entity, Product, ProductData};
use crate::text::sanitize::quoted;

const COLUMNS: &str = "id, code, name, unit, prices, tax_bp, active, description, created_at,
    updated_at, version";

fn from_row(row: &Row<'_>) -> db::Result<Product> {
    let prices: String = row.get(4)?;
    let prices =
        serde_json::from_str(&prices).map_err(|e| db::Error::conversion(4, e.to_string()))?;
    Ok(Product {
        id: row.get(0)?,
        data: ProductData {
            code: row.get(1)?,
            name: row.get(2)?,
            unit: row.get(3)?,
            prices,
            tax_bp: row.get(5)?,
            active: row.get(6)?,
            description: row.get(7)?,
        },
        created_at: codec::get_ts(row, 8)?,
        updated_at: codec::get_ts(row, 9)?,
        version: row.get(10)?,
    })
}

/// The key a code is unique by.
fn code_key(code: &str) -> String {
    code.trim().to_lowercase()
}

/// One product.
pub fn get(conn: &Connection, id: i64) -> Result<Product> {
    let sql = format!("SELECT {COLUMNS} FROM products WHERE id = ?1");
    found(conn.query_row(&sql, [id], from_row), Entity::Product, id)
}

/// The product with `code` (ignoring case).
pub fn by_code(conn: &Connection, code: &str) -> Result<Option<Product>> {
    let sql = format!("SELECT {COLUMNS} FROM products WHERE code_key = ?1");
    Ok(conn
        .query_row(&sql, [code_key(code)], from_row)
        .optional()?)
}

/// Products by code; inactive ones only when asked; `search` matches the
/// code or the name (ignoring case).
pub fn list(
    conn: &Connection,
    include_inactive: bool,
    search: Option<&str>,
) -> Result<Vec<Product>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM products
         WHERE (?1 = 1 OR active = 1)
           AND (?2 IS NULL OR code_key LIKE ?2 OR lower(name) LIKE ?2)
         ORDER BY code_key"
    );
    let pattern = search.map(|s| format!("%{}%", s.trim().to_lowercase()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![include_inactive, pattern], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

fn prices_json(data: &ProductData) -> Result<String> {
    serde_json::to_string(&data.prices)
        .map_err(|e| Error::invalid(format!("the prices cannot be stored: {e}")))
}

impl Writer<'_> {
    fn check_product(&self, data: &mut ProductData, id: Option<i64>) -> Result<()> {
        data.validate().map_err(Error::Invalid)?;
        if let Some(other) = by_code(self.conn(), &data.code)?
            && Some(other.id) != id
        {
            return Err(Error::invalid(format!(
                "product code {} is taken by product {} ({}); codes are unique",
                quoted(&data.code),
                other.id,
                other.data.name
            )));
        }
        Ok(())
    }

    /// Adds a product; returns its id.
    pub fn add_product(&mut self, mut data: ProductData) -> Result<i64> {
        self.check_product(&mut data, None)?;
        let id: i64 = self.conn().insert_id(
            "INSERT INTO products (id, code, code_key, name, unit, prices, tax_bp, active,
                    description, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                self.take_restore_id(),
                data.code,
                code_key(&data.code),
                data.name,
                data.unit,
                prices_json(&data)?,
                data.tax_bp,
                data.active,
                data.description,
                codec::ts(self.now),
            ],
        )?;
        self.log_create(Entity::Product, id, &data)?;
        Ok(id)
    }

    /// Replaces a product's fields if nobody saved since `expected_version`.
    pub fn update_product(
        &mut self,
        id: i64,
        expected_version: i64,
        mut data: ProductData,
    ) -> Result<()> {
        let before = get(self.conn(), id)?;
        self.check_product(&mut data, Some(id))?;
        if self.unchanged(Entity::Product, id, expected_version, &before.data, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Product, id, expected_version)?;
        self.conn()
            .prepare_cached(
                "UPDATE products SET code = ?1, code_key = ?2, name = ?3, unit = ?4, prices = ?5,
                    tax_bp = ?6, active = ?7, description = ?8
                 WHERE id = ?9",
            )?
            .execute(params![
                data.code,
                code_key(&data.code),
                data.name,
                data.unit,
                prices_json(&data)?,
                data.tax_bp,
                data.active,
                data.description,
                id
            ])?;
        self.log_update(Entity::Product, id, &before.data, &data)?;
        Ok(())
    }

    /// Deletes a product no line uses; a used one is made inactive instead
    /// by the caller's choice (the error says so).
    pub fn delete_product(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        let product = get(self.conn(), id)?;
        let used: i64 = self.conn().query_row(
            "SELECT count(*) FROM sales_lines WHERE product_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(Error::invalid(format!(
                "product {} is on {used} quote, order or invoice lines and stays for them; make it inactive instead",
                quoted(&product.data.code)
            )));
        }
        if let Some(expected) = expected_version
            && expected != product.version
        {
            return Err(Error::Conflict {
                entity: Entity::Product,
                id,
                expected,
                actual: product.version,
            });
        }
        self.conn()
            .execute("DELETE FROM products WHERE id = ?1", [id])?;
        self.log_delete(Entity::Product, id, &product.data)?;
        Ok(())
    }

    /// A product, read inside this transaction.
    pub fn product(&self, id: i64) -> Result<Product> {
        get(self.conn(), id)
    }

    /// The product with `code`, read inside this transaction.
    pub fn product_by_code(&self, code: &str) -> Result<Option<Product>> {
        by_code(self.conn(), code)
    }
}

impl super::Store {
    /// One product.
    pub fn product(&self, id: i64) -> Result<Product> {
        get(&self.conn, id)
    }

    /// The product with `code` (ignoring case).
    pub fn product_by_code(&self, code: &str) -> Result<Option<Product>> {
        by_code(&self.conn, code)
    }

    /// Products by code.
    pub fn products(&self, include_inactive: bool, search: Option<&str>) -> Result<Vec<Product>> {
        list(&self.conn, include_inactive, search)
    }
}
