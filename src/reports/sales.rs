//! Quotes and receivables (issue 15; docs/reports.md#quotes and
//! #receivables): quotes sent and accepted and the acceptance rate per
//! month, invoiced and collected per month and currency, and what is owed
//! by how long it is overdue.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Scope;
use super::period::month_key;
use super::sum::Ratio;
use crate::error::Result;
use crate::model::{DocKind, DocStatus, InvoiceBalance, Payment, SalesDoc};
use crate::store::{DocFilter, Store};
use crate::vocab::Calendar;

/// One month of the quotes report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteMonth {
    /// `1405-09` or `2026-12`.
    pub month: String,
    /// Quotes issued that month that were sent (not drafts).
    pub sent: i64,
    /// Of those, accepted.
    pub accepted: i64,
    /// `accepted / sent`.
    pub acceptance_rate: Ratio,
}

/// One month and currency of money in.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoneyMonth {
    /// `1405-09` or `2026-12`.
    pub month: String,
    /// ISO code.
    pub currency: String,
    /// Totals of invoices issued that month (minor units).
    pub invoiced: i64,
    /// Payments paid that month (minor units).
    pub collected: i64,
}

/// The quotes report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuotesReport {
    /// Per month of the period.
    pub months: Vec<QuoteMonth>,
    /// The whole period.
    pub sent: i64,
    /// The whole period.
    pub accepted: i64,
    /// `accepted / sent` over the period.
    pub acceptance_rate: Ratio,
    /// Invoiced and collected per month and currency.
    pub money: Vec<MoneyMonth>,
}

/// Which quote statuses count as sent.
fn was_sent(status: DocStatus) -> bool {
    !matches!(status, DocStatus::Draft)
}

/// The quotes report over quotes, invoices and payments already in scope.
pub fn quotes(
    quotes: &[SalesDoc],
    invoices: &[SalesDoc],
    payments: &[Payment],
    from: NaiveDate,
    to: NaiveDate,
    calendar: Calendar,
) -> QuotesReport {
    let inside = |d: NaiveDate| d >= from && d <= to;
    let mut months: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for q in quotes.iter().filter(|q| inside(q.data.issued_on)) {
        if !was_sent(q.data.status) {
            continue;
        }
        let m = months
            .entry(month_key(q.data.issued_on, calendar))
            .or_default();
        m.0 += 1;
        if q.data.status == DocStatus::Accepted {
            m.1 += 1;
        }
    }
    let mut money: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for i in invoices.iter().filter(|i| inside(i.data.issued_on)) {
        let key = (
            month_key(i.data.issued_on, calendar),
            i.data.currency.clone(),
        );
        money.entry(key).or_default().0 += i.totals.total;
    }
    for p in payments.iter().filter(|p| inside(p.data.paid_on)) {
        let key = (month_key(p.data.paid_on, calendar), p.currency.clone());
        money.entry(key).or_default().1 += p.data.amount;
    }
    let (sent, accepted) = months
        .values()
        .fold((0, 0), |(s, a), (ms, ma)| (s + ms, a + ma));
    QuotesReport {
        months: months
            .into_iter()
            .map(|(month, (sent, accepted))| QuoteMonth {
                month,
                sent,
                accepted,
                acceptance_rate: Ratio::of(accepted, sent),
            })
            .collect(),
        sent,
        accepted,
        acceptance_rate: Ratio::of(accepted, sent),
        money: money
            .into_iter()
            .map(|((month, currency), (invoiced, collected))| MoneyMonth {
                month,
                currency,
                invoiced,
                collected,
            })
            .collect(),
    }
}

/// The age buckets of what is owed, by days past the due date.
pub const BUCKETS: [&str; 5] = ["not_due", "0-30", "31-60", "61-90", "over_90"];

/// What is owed in one currency, by age.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgeRow {
    /// ISO code.
    pub currency: String,
    /// Outstanding per bucket, in the order of [`BUCKETS`] (minor units).
    pub buckets: [i64; 5],
    /// All outstanding.
    pub total: i64,
    /// Invoices with something owed.
    pub invoices: i64,
}

/// The receivables report: one row per currency.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReceivablesReport {
    /// The day the ages are counted to.
    pub as_of: NaiveDate,
    /// Per currency.
    pub rows: Vec<AgeRow>,
}

/// The bucket of an invoice due on `due`, on `today`.
fn bucket(due: Option<NaiveDate>, today: NaiveDate) -> usize {
    let days = due.map_or(0, |d| (today - d).num_days());
    match days {
        ..=0 if due.is_none_or(|d| d >= today) => 0,
        ..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// The receivables report over invoice balances.
pub fn receivables(balances: &[InvoiceBalance], today: NaiveDate) -> ReceivablesReport {
    let mut rows: BTreeMap<String, AgeRow> = BTreeMap::new();
    for b in balances.iter().filter(|b| b.outstanding > 0) {
        let currency = b.invoice.data.currency.clone();
        let row = rows.entry(currency.clone()).or_insert(AgeRow {
            currency,
            buckets: [0; 5],
            total: 0,
            invoices: 0,
        });
        if let Some(slot) = row.buckets.get_mut(bucket(b.invoice.data.due_on, today)) {
            *slot += b.outstanding;
        }
        row.total += b.outstanding;
        row.invoices += 1;
    }
    ReceivablesReport {
        as_of: today,
        rows: rows.into_values().collect(),
    }
}

/// Reads and computes the quotes report for the scope's period.
pub fn run_quotes(store: &Store, scope: &Scope) -> Result<QuotesReport> {
    let since = DocFilter {
        since: Some(scope.period.from),
        ..DocFilter::default()
    };
    // Statuses as of today: a sent quote past its date counts as expired.
    let quotes_in: Vec<_> = store
        .docs(DocKind::Quote, &since)?
        .into_iter()
        .map(|q| q.as_of(scope.today))
        .collect();
    let invoices = store.docs(DocKind::Invoice, &since)?;
    let payments = store.payments(None, Some(scope.period.from))?;
    Ok(quotes(
        &quotes_in,
        &invoices,
        &payments,
        scope.period.from,
        scope.period.to,
        scope.calendar,
    ))
}

/// Reads and computes the receivables report as of the scope's today.
pub fn run_receivables(store: &Store, scope: &Scope) -> Result<ReceivablesReport> {
    let balances = store.invoice_balances(&DocFilter::default(), scope.today)?;
    Ok(receivables(&balances, scope.today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ages_fall_in_their_buckets() {
        let today = day(2026, 12, 31);
        assert_eq!(bucket(Some(day(2027, 1, 5)), today), 0);
        assert_eq!(bucket(None, today), 0);
        assert_eq!(bucket(Some(today), today), 0);
        assert_eq!(bucket(Some(day(2026, 12, 30)), today), 1);
        assert_eq!(bucket(Some(day(2026, 12, 1)), today), 1);
        assert_eq!(bucket(Some(day(2026, 11, 30)), today), 2);
        assert_eq!(bucket(Some(day(2026, 10, 2)), today), 3);
        assert_eq!(bucket(Some(day(2026, 9, 1)), today), 4);
    }
}
