//! Payments against invoices, and what each invoice still owes.

use super::db;
use super::db::{Connection, Row, params};
use super::{Writer, codec, found};
use crate::error::{Error, Result};
use crate::model::{DocKind, Entity, InvoiceBalance, Payment, PaymentData};
use crate::store::DocFilter;
use chrono::NaiveDate;

const COLUMNS: &str = "y.id, y.invoice_id, y.amount, y.paid_on, y.method, y.reference,
    y.created_at, y.version, i.currency";

fn from_row(row: &Row<'_>) -> db::Result<Payment> {
    Ok(Payment {
        id: row.get(0)?,
        data: PaymentData {
            invoice_id: row.get(1)?,
            amount: row.get(2)?,
            paid_on: codec::get_opt_date(row, 3)?.unwrap_or_default(),
            method: row.get(4)?,
            reference: row.get(5)?,
        },
        created_at: codec::get_ts(row, 6)?,
        version: row.get(7)?,
        currency: row.get(8)?,
    })
}

/// One payment.
pub fn get(conn: &Connection, id: i64) -> Result<Payment> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payments y JOIN invoices i ON i.id = y.invoice_id WHERE y.id = ?1"
    );
    found(conn.query_row(&sql, [id], from_row), Entity::Payment, id)
}

/// Payments of one invoice (or of all when `None`), oldest first, paid
/// on or after `since`.
pub fn list(
    conn: &Connection,
    invoice_id: Option<i64>,
    since: Option<NaiveDate>,
) -> Result<Vec<Payment>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payments y JOIN invoices i ON i.id = y.invoice_id
         WHERE (?1 IS NULL OR y.invoice_id = ?1) AND (?2 IS NULL OR y.paid_on >= ?2)
         ORDER BY y.paid_on, y.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![invoice_id, since.map(codec::date)], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// What was paid on an invoice.
pub fn paid(conn: &Connection, invoice_id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE invoice_id = ?1")?
        .query_row([invoice_id], |r| r.get(0))?)
}

/// Invoices matching `filter` with what was paid and is still owed on
/// `today`.
pub fn balances(
    conn: &Connection,
    filter: &DocFilter,
    today: NaiveDate,
) -> Result<Vec<InvoiceBalance>> {
    super::sales::list(conn, DocKind::Invoice, filter)?
        .into_iter()
        .map(|invoice| {
            let paid = paid(conn, invoice.id)?;
            Ok(InvoiceBalance::new(invoice, paid, today))
        })
        .collect()
}

impl Writer<'_> {
    /// Records a payment against an invoice; more than it still owes is
    /// refused. Returns the payment's id.
    pub fn add_payment(&mut self, mut data: PaymentData) -> Result<i64> {
        data.validate().map_err(Error::Invalid)?;
        let invoice = super::sales::get(self.conn(), DocKind::Invoice, data.invoice_id)?;
        let owed = invoice.totals.total - paid(self.conn(), invoice.id)?;
        if data.amount > owed {
            return Err(crate::model::input_error::InputError::Overpayment {
                invoice: invoice.label(),
                owed,
                amount: data.amount,
                currency: invoice.data.currency.clone(),
            }
            .into());
        }
        let now = codec::ts(self.now);
        let id: i64 = self.conn().insert_id(
            "INSERT INTO payments (invoice_id, amount, paid_on, method, reference, created_at,
                    updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                data.invoice_id,
                data.amount,
                codec::date(data.paid_on),
                data.method,
                data.reference,
                now
            ],
        )?;
        self.log_create(Entity::Payment, id, &data)?;
        Ok(id)
    }
}

impl super::Store {
    /// One payment.
    pub fn payment(&self, id: i64) -> Result<Payment> {
        get(&self.conn, id)
    }

    /// Payments of one invoice or of all, oldest first.
    pub fn payments(
        &self,
        invoice_id: Option<i64>,
        since: Option<NaiveDate>,
    ) -> Result<Vec<Payment>> {
        list(&self.conn, invoice_id, since)
    }

    /// Invoices with what was paid and is still owed on `today`.
    pub fn invoice_balances(
        &self,
        filter: &DocFilter,
        today: NaiveDate,
    ) -> Result<Vec<InvoiceBalance>> {
        balances(&self.conn, filter, today)
    }

    /// Invoice `id` with what was paid and is still owed on `today`.
    pub fn invoice_balance(&self, id: i64, today: NaiveDate) -> Result<InvoiceBalance> {
        let invoice = self.doc(DocKind::Invoice, id)?;
        let paid = paid(&self.conn, id)?;
        Ok(InvoiceBalance::new(invoice, paid, today))
    }
}
