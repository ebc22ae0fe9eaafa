//! Products, quotes, an invoice and a payment for the demo, so the quote
//! page, the receivables on a customer's page and the sales reports have
//! something to show: a sent pre-invoice in rials with tax, an English
//! draft in dollars with a discount, and a won deal's accepted quote that
//! was invoiced and paid in part (one instalment of four).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::error::Result;
use crate::model::totals::Discount;
use crate::model::{DocKind, DocLine, DocStatus, PaymentData, ProductData};
use crate::store::Writer;

/// A product: code, name, unit, prices (currency, minor units), tax in
/// basis points.
type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, i64)],
    u32,
);

const PRODUCTS: [DemoProduct; 7] = [
    (
        "SKF-6310",
        "بلبرینگ SKF 6310",
        "عدد",
        &[("IRR", 38_500_000)],
        1000,
    ),
    (
        "FLN-H2SH",
        "گیربکس Flender H2SH",
        "دستگاه",
        &[("IRR", 39_000_000_000)],
        1000,
    ),
    (
        "SRV-INST",
        "نصب و راه‌اندازی",
        "ساعت",
        &[("IRR", 12_500_000), ("USD", 4_500)],
        1000,
    ),
    (
        "SPARE-Q",
        "تأمین قطعات یدکی (یک فصل)",
        "فصل",
        &[("IRR", 16_250_000_000)],
        0,
    ),
    (
        "TDL-184",
        "Testo 184 temperature data logger",
        "pcs",
        &[("USD", 5_000), ("AED", 18_500)],
        0,
    ),
    (
        "CAL-CERT",
        "Calibration certificate (ISO 17025)",
        "pcs",
        &[("USD", 350), ("AED", 1_300)],
        0,
    ),
    (
        "SAF-NGN",
        "زعفران نگين ممتاز – ١ كغ",
        "كغ",
        &[("AED", 1_180_000)],
        500,
    ),
];

/// A line from product `code` (its price in `currency`, its tax).
fn line(
    products: &HashMap<&str, (i64, ProductData)>,
    code: &str,
    currency: &str,
    quantity_milli: i64,
    discount: Discount,
) -> Option<DocLine> {
    let (id, product) = products.get(code)?;
    Some(DocLine {
        product_id: Some(*id),
        description: product.name.clone(),
        unit: product.unit.clone(),
        quantity_milli,
        unit_price: *product.prices.get(currency)?,
        discount,
        tax_bp: product.tax_bp,
    })
}

/// Adds the products and, on the deals named by their key in the demo
/// files, the quotes (a deal missing from the files is skipped).
pub(crate) fn add(
    w: &mut Writer<'_>,
    now: DateTime<Utc>,
    deals: &HashMap<String, i64>,
) -> Result<()> {
    w.stamp(now - Duration::days(40));
    let mut products = HashMap::new();
    for (code, name, unit, prices, tax_bp) in PRODUCTS {
        let data = ProductData {
            code: code.into(),
            name: name.into(),
            unit: Some(unit.into()),
            prices: prices.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect(),
            tax_bp,
            active: true,
            description: None,
        };
        let id = w.add_product(data.clone())?;
        products.insert(code, (id, data));
    }
    let q = |code, currency, milli| line(&products, code, currency, milli, Discount::None);
    // The won framework contract: accepted, invoiced, the first of four
    // instalments paid by cheque.
    if let Some(&deal) = deals.get("d-parsian-spares") {
        let at = now - Duration::days(6);
        let lines = [q("SPARE-Q", "IRR", 4000)];
        if let Some(id) = quote(w, at, deal, &lines, DocStatus::Accepted)? {
            w.stamp(at + Duration::days(1));
            let (invoice, _) = w.invoice_from(DocKind::Quote, id)?;
            w.stamp(now - Duration::days(2));
            w.add_payment(PaymentData {
                invoice_id: invoice,
                amount: 16_250_000_000,
                paid_on: (now - Duration::days(2)).date_naive(),
                method: Some("چک".into()),
                reference: Some("قسط ۱ از ۴".into()),
            })?;
        }
    }
    // A pre-invoice sent three days ago, waiting for an answer.
    if let Some(&deal) = deals.get("d-parsian-gearbox") {
        let lines = [q("FLN-H2SH", "IRR", 1000), q("SRV-INST", "IRR", 40_000)];
        quote(w, now - Duration::days(3), deal, &lines, DocStatus::Sent)?;
    }
    // An English draft in dollars with a discount, not sent yet.
    if let Some(&deal) = deals.get("d-rhone-loggers") {
        let lines = [
            line(&products, "TDL-184", "USD", 300_000, Discount::Percent(500)),
            q("CAL-CERT", "USD", 300_000),
        ];
        quote(w, now - Duration::days(1), deal, &lines, DocStatus::Draft)?;
    }
    Ok(())
}

/// A quote on `deal` at `at` with `lines` (any missing product skipped),
/// moved through draft → sent → `status`. Returns its id, or `None` when
/// no line was left.
fn quote(
    w: &mut Writer<'_>,
    at: DateTime<Utc>,
    deal: i64,
    lines: &[Option<DocLine>],
    status: DocStatus,
) -> Result<Option<i64>> {
    let lines: Vec<DocLine> = lines.iter().flatten().cloned().collect();
    if lines.is_empty() {
        return Ok(None);
    }
    w.stamp(at);
    let (id, _) = w.add_quote(deal, None, None)?;
    let draft = w.doc(DocKind::Quote, id)?;
    let mut data = draft.data.clone();
    data.lines = lines;
    w.update_doc(DocKind::Quote, id, draft.version, data)?;
    if status != DocStatus::Draft {
        w.set_quote_status(id, None, DocStatus::Sent)?;
    }
    if status == DocStatus::Accepted {
        w.stamp(at + Duration::hours(5));
        w.set_quote_status(id, None, DocStatus::Accepted)?;
    }
    Ok(Some(id))
}
