//! Products, quotes (pre-invoices), orders, invoices and payments
//! (issue 15). A quote, an order and an invoice share one shape, a
//! [`SalesDoc`] of a [`DocKind`]; their figures come from
//! [`super::totals`], the one place they are worked out.

use super::snapshot::{self, Snapshot};
use super::totals::{self, Discount, LineInput, Totals};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// The editable fields of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ProductData {
    /// Unique code (ignoring case), e.g. `LNV-X1C`.
    pub code: String,
    /// Name, any script.
    pub name: String,
    /// Unit of sale ("pcs", "عدد", "kg").
    pub unit: Option<String>,
    /// Price per currency code, in minor units.
    pub prices: BTreeMap<String, i64>,
    /// Tax rate in basis points (9% is 900).
    pub tax_bp: u32,
    /// Offered for new lines.
    pub active: bool,
    /// Longer description.
    pub description: Option<String>,
}

impl ProductData {
    /// Checks the fields.
    pub fn validate(&mut self) -> Result<(), String> {
        use super::limits::{MAX_LINE, MAX_NAME, MAX_TEXT, check_line, check_opt_line};
        self.code = self.code.trim().to_string();
        self.name = self.name.trim().to_string();
        if self.code.is_empty() {
            return Err("a product needs a code".into());
        }
        if self.name.is_empty() {
            return Err("a product needs a name".into());
        }
        check_line("the code", &self.code, MAX_LINE)?;
        check_line("the name", &self.name, MAX_NAME)?;
        check_opt_line("the unit", &self.unit, MAX_LINE)?;
        super::limits::check_opt_text("the description", &self.description, MAX_TEXT)?;
        self.unit = super::optional_text(self.unit.take());
        if self.tax_bp > 10_000 {
            return Err("a tax rate is at most 100%".into());
        }
        for (currency, price) in &self.prices {
            if super::money::minor_units(currency).is_none() {
                return Err(format!(
                    "{} is not a currency code; use an ISO code such as IRR or USD",
                    crate::text::sanitize::quoted(currency)
                ));
            }
            if *price < 0 {
                return Err("a price is never negative".into());
            }
        }
        Ok(())
    }

    /// The prices as `IRR 1250000, USD 1999` (minor units).
    pub fn prices_text(&self) -> String {
        self.prices
            .iter()
            .map(|(c, p)| format!("{c} {p}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Snapshot for ProductData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("code", Some(self.code.clone())),
            ("name", Some(self.name.clone())),
            ("unit", self.unit.clone()),
            ("prices", Some(self.prices_text()).filter(|p| !p.is_empty())),
            ("tax", Some(totals::percent_text(self.tax_bp))),
            ("active", Some(self.active.to_string())),
            ("description", self.description.clone()),
        ]
    }
}

/// A stored product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: ProductData,
    /// When added (UTC).
    pub created_at: DateTime<Utc>,
    /// When last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version.
    pub version: i64,
}

/// Quote, order or invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A quote or pre-invoice (پیش‌فاکتور).
    Quote,
    /// A sales order, made from an accepted quote.
    Order,
    /// An invoice, made from an order or an accepted quote.
    Invoice,
}

impl DocKind {
    /// Parses the lower-case name.
    pub fn parse(text: &str) -> Option<DocKind> {
        [DocKind::Quote, DocKind::Order, DocKind::Invoice]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Quote => "quote",
            DocKind::Order => "order",
            DocKind::Invoice => "invoice",
        }
    }

    /// The record kind in the change log.
    pub fn entity(self) -> super::Entity {
        match self {
            DocKind::Quote => super::Entity::Quote,
            DocKind::Order => super::Entity::Order,
            DocKind::Invoice => super::Entity::Invoice,
        }
    }
}

/// Where a document is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    /// A quote being written: its lines can change.
    Draft,
    /// A quote sent to the customer.
    Sent,
    /// A quote the customer accepted.
    Accepted,
    /// A quote the customer declined.
    Rejected,
    /// A quote whose validity ran out.
    Expired,
    /// A quote replaced by a newer revision (kept readable).
    Revised,
    /// An order or invoice in force.
    Open,
}

impl DocStatus {
    /// Every status.
    pub const ALL: [DocStatus; 7] = [
        DocStatus::Draft,
        DocStatus::Sent,
        DocStatus::Accepted,
        DocStatus::Rejected,
        DocStatus::Expired,
        DocStatus::Revised,
        DocStatus::Open,
    ];

    /// The lower-case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Draft => "draft",
            DocStatus::Sent => "sent",
            DocStatus::Accepted => "accepted",
            DocStatus::Rejected => "rejected",
            DocStatus::Expired => "expired",
            DocStatus::Revised => "revised",
            DocStatus::Open => "open",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(text: &str) -> Option<DocStatus> {
        DocStatus::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The statuses a quote may move to from this one.
    pub fn next(self) -> &'static [DocStatus] {
        match self {
            DocStatus::Draft => &[DocStatus::Sent],
            DocStatus::Sent => &[DocStatus::Accepted, DocStatus::Rejected, DocStatus::Expired],
            _ => &[],
        }
    }
}

impl std::fmt::Display for DocStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document number as people say it: year and sequence, e.g.
/// `1405-0017` (Jalali year) or `2026-0017`; each kind counts on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DocNumber {
    /// The year it was issued in (the configured calendar's year).
    pub year: i32,
    /// Its place in that year, from 1.
    pub seq: i64,
}

impl DocNumber {
    /// Parses `1405-0017` or `1405-17` (any digits).
    pub fn parse(text: &str) -> Option<DocNumber> {
        let ascii: String = text
            .trim()
            .chars()
            .map(|c| crate::text::digits::to_ascii(c).unwrap_or(c))
            .collect();
        let (y, s) = ascii.split_once('-')?;
        let year = y.parse::<i32>().ok()?;
        let seq = s.parse::<i64>().ok()?;
        (year > 0 && seq > 0).then_some(DocNumber { year, seq })
    }
}

impl std::fmt::Display for DocNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:04}", self.year, self.seq)
    }
}

/// One line of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocLine {
    /// The product sold, if it is one.
    pub product_id: Option<i64>,
    /// What is sold, as printed.
    pub description: String,
    /// Unit of the quantity.
    pub unit: Option<String>,
    /// Quantity in thousandths (2.5 is 2500).
    pub quantity_milli: i64,
    /// Price of one unit in minor units.
    pub unit_price: i64,
    /// The discount.
    pub discount: Discount,
    /// Tax rate in basis points.
    pub tax_bp: u32,
}

impl DocLine {
    /// The inputs of its figures.
    pub fn input(&self) -> LineInput {
        LineInput {
            quantity_milli: self.quantity_milli,
            unit_price: self.unit_price,
            discount: self.discount,
            tax_bp: self.tax_bp,
        }
    }

    /// One line of text for the change log.
    fn text(&self) -> String {
        let discount = match self.discount {
            Discount::None => String::new(),
            Discount::Percent(bp) => format!(" -{}%", totals::percent_text(bp)),
            Discount::Amount(a) => format!(" -{a}"),
        };
        format!(
            "{} × {} @ {}{discount} tax {}%",
            self.description,
            totals::quantity_text(self.quantity_milli),
            self.unit_price,
            totals::percent_text(self.tax_bp)
        )
    }
}

/// The editable fields of a quote, order or invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocData {
    /// The deal it belongs to.
    pub deal_id: Option<i64>,
    /// The customer person.
    pub person_id: Option<i64>,
    /// The customer company.
    pub company_id: Option<i64>,
    /// ISO code of every amount.
    pub currency: String,
    /// Date of issue.
    pub issued_on: NaiveDate,
    /// Validity date (quote) or payment due date (invoice).
    pub due_on: Option<NaiveDate>,
    /// Where it is in its life.
    pub status: DocStatus,
    /// Free text printed under the totals.
    pub notes: Option<String>,
    /// The lines, in order.
    pub lines: Vec<DocLine>,
}

impl DocData {
    /// Checks the fields and that the figures can be worked out.
    pub fn validate(&mut self) -> Result<(), String> {
        use super::limits::{MAX_TEXT, check_line, check_opt_text};
        self.currency = self.currency.trim().to_uppercase();
        if super::money::minor_units(&self.currency).is_none() {
            return Err(format!(
                "{} is not a currency code; use an ISO code such as IRR or USD",
                crate::text::sanitize::quoted(&self.currency)
            ));
        }
        check_opt_text("the notes", &self.notes, MAX_TEXT)?;
        self.notes = super::optional_text(self.notes.take());
        for line in &mut self.lines {
            line.description = line.description.trim().to_string();
            if line.description.is_empty() {
                return Err("a line needs a description or a product".into());
            }
            check_line("a line's description", &line.description, MAX_TEXT)?;
            if line.quantity_milli <= 0 {
                return Err("a line's quantity is above zero".into());
            }
            if line.unit_price < 0 {
                return Err("a unit price is never negative".into());
            }
            if line.tax_bp > 10_000 {
                return Err("a tax rate is at most 100%".into());
            }
        }
        self.totals().map(|_| ())
    }

    /// The figures of every line and of the whole document.
    pub fn figures(&self) -> Result<(Vec<Totals>, Totals), String> {
        let inputs: Vec<LineInput> = self.lines.iter().map(DocLine::input).collect();
        totals::document(&inputs)
    }

    /// The document's totals.
    pub fn totals(&self) -> Result<Totals, String> {
        self.figures().map(|(_, sum)| sum)
    }
}

impl Snapshot for DocData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        let lines: Vec<String> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{}. {}", i + 1, l.text()))
            .collect();
        vec![
            ("deal_id", snapshot::opt(&self.deal_id)),
            ("person_id", snapshot::opt(&self.person_id)),
            ("company_id", snapshot::opt(&self.company_id)),
            ("currency", Some(self.currency.clone())),
            ("issued_on", Some(self.issued_on.to_string())),
            ("due_on", snapshot::opt(&self.due_on)),
            ("status", Some(self.status.as_str().to_string())),
            ("notes", self.notes.clone()),
            ("lines", Some(lines.join("; ")).filter(|l| !l.is_empty())),
        ]
    }
}

/// A stored quote, order or invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SalesDoc {
    /// Database id (per kind).
    pub id: i64,
    /// Quote, order or invoice.
    pub kind: DocKind,
    /// The number people say.
    #[serde(serialize_with = "number_text")]
    pub number: DocNumber,
    /// Revision of a quote, from 1 (orders and invoices: 1).
    pub revision: i64,
    /// The revision this one replaced.
    pub previous_id: Option<i64>,
    /// What it was made from: the quote of an order, the order or quote
    /// of an invoice.
    pub source: Option<(DocKind, i64)>,
    /// Editable fields.
    #[serde(flatten)]
    pub data: DocData,
    /// The figures, worked out from the lines.
    pub totals: Totals,
    /// Name of the customer person, for display.
    pub person: Option<String>,
    /// Name of the customer company, for display.
    pub company: Option<String>,
    /// Title of the deal, for display.
    pub deal: Option<String>,
    /// When created (UTC).
    pub created_at: DateTime<Utc>,
    /// When last changed (UTC).
    pub updated_at: DateTime<Utc>,
    /// Optimistic-locking version.
    pub version: i64,
}

impl SalesDoc {
    /// The number with the revision when above 1: `1405-0017/2`.
    pub fn label(&self) -> String {
        if self.revision > 1 {
            format!("{}/{}", self.number, self.revision)
        } else {
            self.number.to_string()
        }
    }

    /// The status as of `today`: a sent quote whose valid-until date has
    /// passed is expired, whatever is stored (computed on read, so no
    /// process has to run at midnight; see docs/quotes.md).
    pub fn status_on(&self, today: NaiveDate) -> DocStatus {
        let past = self.data.due_on.is_some_and(|d| d < today);
        if self.kind == DocKind::Quote && self.data.status == DocStatus::Sent && past {
            DocStatus::Expired
        } else {
            self.data.status
        }
    }

    /// The document as shown on `today`: its status as [`SalesDoc::status_on`]
    /// says (for lists, pages, JSON and reports).
    pub fn as_of(mut self, today: NaiveDate) -> SalesDoc {
        self.data.status = self.status_on(today);
        self
    }

    /// The customer as one line.
    pub fn customer(&self) -> String {
        match (&self.person, &self.company) {
            (Some(p), Some(c)) => format!("{p} ({c})"),
            (Some(p), None) => p.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => String::new(),
        }
    }
}

fn number_text<S: serde::Serializer>(n: &DocNumber, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(n)
}

/// The editable fields of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentData {
    /// The invoice paid.
    pub invoice_id: i64,
    /// Amount in the invoice's minor units.
    pub amount: i64,
    /// Day it was paid.
    pub paid_on: NaiveDate,
    /// How (cash, card, transfer, cheque…).
    pub method: Option<String>,
    /// Bank or cheque reference.
    pub reference: Option<String>,
}

impl PaymentData {
    /// Checks the fields.
    pub fn validate(&mut self) -> Result<(), String> {
        use super::limits::{MAX_LINE, check_opt_line};
        if self.amount <= 0 {
            return Err("a payment's amount is above zero".into());
        }
        check_opt_line("the method", &self.method, MAX_LINE)?;
        check_opt_line("the reference", &self.reference, MAX_LINE)?;
        self.method = super::optional_text(self.method.take());
        self.reference = super::optional_text(self.reference.take());
        Ok(())
    }
}

impl Snapshot for PaymentData {
    fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("invoice_id", Some(self.invoice_id.to_string())),
            ("amount", Some(self.amount.to_string())),
            ("paid_on", Some(self.paid_on.to_string())),
            ("method", self.method.clone()),
            ("reference", self.reference.clone()),
        ]
    }
}

/// A stored payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// Database id.
    pub id: i64,
    /// Editable fields.
    #[serde(flatten)]
    pub data: PaymentData,
    /// The invoice's currency.
    pub currency: String,
    /// When recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// Optimistic-locking version.
    pub version: i64,
}

/// What one customer owes in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receivable {
    /// ISO code.
    pub currency: String,
    /// Sum of the invoices' totals.
    pub invoiced: i64,
    /// Sum of the payments.
    pub paid: i64,
    /// Invoiced − paid.
    pub outstanding: i64,
}

/// An invoice with what was paid on it, for lists and receivables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceBalance {
    /// The invoice.
    pub invoice: SalesDoc,
    /// Sum of its payments.
    pub paid: i64,
    /// Total − paid.
    pub outstanding: i64,
    /// Unpaid and past its due date.
    pub overdue: bool,
}

impl InvoiceBalance {
    /// Works out the balance of `invoice` on `today`.
    pub fn new(invoice: SalesDoc, paid: i64, today: NaiveDate) -> InvoiceBalance {
        let outstanding = invoice.totals.total - paid;
        let overdue = outstanding > 0 && invoice.data.due_on.is_some_and(|d| d < today);
        InvoiceBalance {
            invoice,
            paid,
            outstanding,
            overdue,
        }
    }
}

/// Sums invoice balances per currency.
pub fn receivables(balances: &[InvoiceBalance]) -> Vec<Receivable> {
    let mut by: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for b in balances {
        let entry = by.entry(b.invoice.data.currency.as_str()).or_default();
        entry.0 += b.invoice.totals.total;
        entry.1 += b.paid;
    }
    by.into_iter()
        .map(|(currency, (invoiced, paid))| Receivable {
            currency: currency.to_string(),
            invoiced,
            paid,
            outstanding: invoiced - paid,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_and_parse() {
        let n = DocNumber {
            year: 1405,
            seq: 17,
        };
        assert_eq!(n.to_string(), "1405-0017");
        assert_eq!(DocNumber::parse("۱۴۰۵-۱۷"), Some(n));
        assert_eq!(DocNumber::parse("17"), None);
    }

    #[test]
    fn quotes_move_draft_sent_then_decided() {
        assert_eq!(DocStatus::Draft.next(), &[DocStatus::Sent]);
        assert!(DocStatus::Sent.next().contains(&DocStatus::Accepted));
        assert!(DocStatus::Accepted.next().is_empty());
        assert_eq!(DocStatus::parse("SENT"), Some(DocStatus::Sent));
    }

    #[test]
    fn products_need_a_code_a_name_and_known_currencies() {
        let mut p = ProductData {
            code: " P1 ".into(),
            name: "Router".into(),
            active: true,
            ..ProductData::default()
        };
        assert!(p.validate().is_ok());
        assert_eq!(p.code, "P1");
        p.prices.insert("XXQ".into(), 5);
        assert!(p.validate().unwrap_err().contains("currency"));
    }
}
