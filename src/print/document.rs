//! The printable document: a plain value that quotes, orders and invoices
//! are turned into before printing. It holds every figure already worked
//! out (integer minor units); printing only formats and lays out.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::vocab::{Calendar, Digits, Language};

/// Which document it is; decides the title and the label of `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// A quote or pre-invoice (پیش‌فاکتور): `due` is its validity date.
    Quote,
    /// A sales order.
    Order,
    /// An invoice: `due` is the payment due date.
    Invoice,
}

impl DocumentKind {
    /// The catalogue key part, e.g. `quote` in `print.title.quote`.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            DocumentKind::Quote => "quote",
            DocumentKind::Order => "order",
            DocumentKind::Invoice => "invoice",
        }
    }
}

/// A seller or buyer as printed; empty strings are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Company or person name.
    pub name: String,
    /// Postal address, may span lines.
    pub address: String,
    /// Telephone number(s).
    pub phone: String,
    /// Company registration number (شماره ثبت).
    pub registration_number: String,
    /// Economic code / tax number (کد اقتصادی).
    pub economic_code: String,
    /// A PNG or JPEG logo (the seller's letterhead only).
    pub logo: Option<PathBuf>,
}

/// A quantity as a fixed-point decimal: `value` × 10^-`scale`, e.g. 2.5 is
/// `{ value: 25, scale: 1 }`. Kept exact so "1.25 kg" prints as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// The digits without the decimal point.
    pub value: i64,
    /// How many of them are decimals.
    pub scale: u8,
}

impl Quantity {
    /// A whole quantity.
    #[must_use]
    pub fn whole(value: i64) -> Quantity {
        Quantity { value, scale: 0 }
    }

    /// ASCII decimal text, e.g. `2.5`, `-0.125`, `3`.
    #[must_use]
    pub fn to_plain(self) -> String {
        let digits = self.value.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let sign = if self.value < 0 { "-" } else { "" };
        if scale == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let split = padded.len() - scale;
        let (whole, fraction) = padded.split_at(split);
        format!("{sign}{whole}.{fraction}")
    }
}

/// One line of the document. Amounts are minor units of the document's
/// currency: `total` = quantity × `unit_price` − `discount` + `tax`, as
/// worked out by whoever built the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What is sold; any script, may be long (it wraps).
    pub description: String,
    /// How many.
    pub quantity: Quantity,
    /// Unit of the quantity ("pcs", "عدد", "kg"); may be empty.
    pub unit: String,
    /// Price of one unit.
    pub unit_price: i64,
    /// Discount on the line.
    pub discount: i64,
    /// Tax on the line.
    pub tax: i64,
    /// The line's total.
    pub total: i64,
}

/// Everything a printed quote, order or invoice shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Quote, order or invoice.
    pub kind: DocumentKind,
    /// The document number as issued, e.g. `1405-0017` (ASCII digits; shown
    /// in the document's digits).
    pub number: String,
    /// Date of issue.
    pub issued: NaiveDate,
    /// Validity (quote) or due (order, invoice) date.
    pub due: Option<NaiveDate>,
    /// Language of labels and the amount in words; fa and ar print RTL.
    pub language: Language,
    /// Calendar of the printed dates.
    pub calendar: Calendar,
    /// Digits of the printed numbers.
    pub digits: Digits,
    /// The letterhead.
    pub seller: Party,
    /// The customer.
    pub buyer: Party,
    /// ISO currency code of every amount.
    pub currency: String,
    /// Decimal places of the currency (0 for IRR).
    pub minor_units: u8,
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// Sum of quantity × unit price over the lines.
    pub subtotal: i64,
    /// Sum of the discounts.
    pub discount: i64,
    /// Sum of the taxes.
    pub tax: i64,
    /// What the buyer pays.
    pub total: i64,
    /// Free text printed under the totals (terms, bank account…).
    pub notes: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_print_as_typed() {
        let q = |value, scale| Quantity { value, scale }.to_plain();
        assert_eq!(q(3, 0), "3");
        assert_eq!(q(25, 1), "2.5");
        assert_eq!(q(125, 3), "0.125");
        assert_eq!(q(-5, 2), "-0.05");
        assert_eq!(q(1000, 2), "10.00");
    }
}
