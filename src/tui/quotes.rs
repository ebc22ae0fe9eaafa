//! Quotes (pre-invoices) in the interface: a quote page's data (the quote
//! with its lines' figures, the products offered in the picker), the
//! quote writes (through the store's writer, with their undo where the
//! store has an inverse) and the words for statuses. `update/quotes.rs`
//! handles the keys, `views/quote.rs` draws, `forms/quote.rs` is the line
//! form.

use chrono::NaiveDate;
use serde_json::Value;

use super::change::Change;
use super::state::Session;
use crate::error::{Error, Result};
use crate::model::totals::Totals;
use crate::model::{
    DocKind, DocLine, DocStatus, Entity, InvoiceBalance, PaymentData, Product, SalesDoc,
};
use crate::store::{Store, Writer};

/// A quote page.
#[derive(Debug, Clone)]
pub struct QuoteView {
    /// The quote, its status as of today (a sent quote past its date is
    /// expired).
    pub quote: SalesDoc,
    /// The figures of each line, in order.
    pub figures: Vec<Totals>,
    /// Active products, for the line picker.
    pub products: Vec<Product>,
    /// The invoice made from it, if any, with what was paid and is still
    /// owed.
    pub invoice: Option<InvoiceBalance>,
    /// Selected line.
    pub selected: usize,
}

impl QuoteView {
    /// The selected line.
    pub fn line(&self) -> Option<&DocLine> {
        self.quote.data.lines.get(self.selected)
    }

    /// Whether its lines can change (a draft).
    pub fn editable(&self) -> bool {
        self.quote.data.status == DocStatus::Draft
    }
}

/// Reads quote `id`'s page as of `today`.
pub fn page(store: &Store, id: i64, today: NaiveDate) -> Result<QuoteView> {
    let quote = store.doc(DocKind::Quote, id)?.as_of(today);
    let (figures, _) = quote.data.figures().map_err(Error::Invalid)?;
    let products = store.products(false, None)?;
    let invoice = match store
        .docs_made_from(DocKind::Invoice, (DocKind::Quote, id))?
        .first()
    {
        Some(invoice) => Some(store.invoice_balance(*invoice, today)?),
        None => None,
    };
    Ok(QuoteView {
        quote,
        figures,
        products,
        invoice,
        selected: 0,
    })
}

/// A write to a quote. `version` is the version seen (`None`: current).
#[derive(Debug, Clone, PartialEq)]
pub enum QuoteChange {
    /// Start a draft quote on deal (id), in the deal's currency.
    New {
        /// The deal.
        deal_id: i64,
    },
    /// Replace a draft's lines (a line added, changed, removed or moved).
    Lines {
        /// Quote id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// The lines as they should be.
        lines: Vec<DocLine>,
    },
    /// Move the quote to a status: sent (logs a note on the deal's
    /// timeline), accepted (the deal takes its total and moves per
    /// `[sales] accept_stage`), rejected.
    Status {
        /// Quote id.
        id: i64,
        /// Version seen.
        version: Option<i64>,
        /// The new status.
        to: DocStatus,
    },
    /// Make a new draft revision of a sent, rejected or expired quote.
    Revise {
        /// Quote id.
        id: i64,
    },
    /// Make the invoice from an accepted quote (as `kariz invoice
    /// from-quote`).
    Invoice {
        /// Quote id.
        id: i64,
    },
    /// Record a payment against the invoice made from quote `id` (as
    /// `kariz payment add`).
    Payment {
        /// Quote id.
        id: i64,
        /// The payment.
        data: PaymentData,
    },
}

impl QuoteChange {
    /// The record changed (`None` for a new quote).
    pub fn target(&self) -> Option<(Entity, i64)> {
        match self {
            QuoteChange::New { .. } => None,
            QuoteChange::Lines { id, .. }
            | QuoteChange::Status { id, .. }
            | QuoteChange::Revise { id }
            | QuoteChange::Invoice { id }
            | QuoteChange::Payment { id, .. } => Some((Entity::Quote, *id)),
        }
    }

    /// The same change based on version `new`.
    pub fn set_version(&mut self, new: i64) {
        match self {
            QuoteChange::Lines { version, .. } | QuoteChange::Status { version, .. } => {
                *version = Some(new);
            }
            QuoteChange::New { .. }
            | QuoteChange::Revise { .. }
            | QuoteChange::Invoice { .. }
            | QuoteChange::Payment { .. } => {}
        }
    }

    /// The fields it writes, for the conflict dialog.
    pub fn fields(&self) -> Value {
        match self {
            QuoteChange::New { deal_id } => serde_json::json!({ "deal_id": deal_id }),
            QuoteChange::Lines { lines, .. } => serde_json::json!({ "lines": lines }),
            QuoteChange::Status { to, .. } => serde_json::json!({ "status": to }),
            QuoteChange::Revise { .. } => serde_json::json!({ "revised": true }),
            QuoteChange::Invoice { .. } => serde_json::json!({ "invoiced": true }),
            QuoteChange::Payment { data, .. } => serde_json::json!({ "payment": data }),
        }
    }
}

/// Writes a quote change inside the open transaction; returns the quote
/// written (a new revision's own id) and the change that takes it back.
/// Only line changes have one: the store keeps no inverse of a new
/// quote, a status move or a revision (the confirmations say so).
pub(super) fn write(
    w: &mut Writer<'_>,
    change: &QuoteChange,
) -> Result<(Entity, i64, Option<Change>)> {
    match change {
        QuoteChange::New { deal_id } => {
            let (id, _) = w.add_quote(*deal_id, None, None)?;
            Ok((Entity::Quote, id, None))
        }
        QuoteChange::Lines { id, version, lines } => {
            let before = w.doc(DocKind::Quote, *id)?;
            let mut data = before.data.clone();
            data.lines = lines.clone();
            w.update_doc(DocKind::Quote, *id, version.unwrap_or(before.version), data)?;
            let after = w.doc(DocKind::Quote, *id)?;
            let back = QuoteChange::Lines {
                id: *id,
                version: Some(after.version),
                lines: before.data.lines,
            };
            Ok((Entity::Quote, *id, Some(Change::Quote(Box::new(back)))))
        }
        QuoteChange::Status { id, version, to } => {
            w.set_quote_status(*id, *version, *to)?;
            Ok((Entity::Quote, *id, None))
        }
        QuoteChange::Revise { id } => {
            let new = w.revise_quote(*id)?;
            Ok((Entity::Quote, new, None))
        }
        QuoteChange::Invoice { id } => {
            let (invoice, _) = w.invoice_from(DocKind::Quote, *id)?;
            Ok((Entity::Invoice, invoice, None))
        }
        QuoteChange::Payment { data, .. } => {
            let payment = w.add_payment(data.clone())?;
            Ok((Entity::Payment, payment, None))
        }
    }
}

/// The message after `change` was written: an invoice made from a quote
/// is named by its number (known only after the write); any other change
/// keeps `label`.
pub fn written_label(
    store: &Store,
    session: &Session,
    change: &Change,
    written: (Entity, i64),
    label: String,
) -> String {
    let Change::Quote(quote) = change else {
        return label;
    };
    if !matches!(**quote, QuoteChange::Invoice { .. }) || written.0 != Entity::Invoice {
        return label;
    }
    match store.doc(DocKind::Invoice, written.1) {
        Ok(invoice) => {
            let number = session.locale.digits(&invoice.label());
            session
                .locale
                .tf("quote.msg.invoiced", &[("number", &number)])
        }
        Err(_) => label,
    }
}

/// A status as shown.
pub fn status_label(session: &Session, status: DocStatus) -> String {
    session
        .locale
        .t(&format!("quote.status.{}", status.as_str()))
        .to_owned()
}
