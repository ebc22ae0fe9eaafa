//! Quotes, invoices and payments in the store: accepting onto the deal
//! with the per-pipeline stage, the change log and the change feed,
//! stale versions, products kept for their lines, payments over the
//! amount owed.

use super::*;
use kariz::error::Error;
use kariz::model::totals::Discount;
use kariz::model::{DocKind, DocLine, DocStatus, Entity, PaymentData, ProductData};

fn config() -> Config {
    Config::parse(
        "[sales]\naccept_stage = \"Won\"\n[sales.accept_stages]\nsales = \"Negotiation\"\n",
        "test",
    )
    .unwrap()
}

fn line(product_id: Option<i64>, price: i64) -> DocLine {
    DocLine {
        product_id,
        description: "Router".into(),
        unit: None,
        quantity_milli: 1500,
        unit_price: price,
        discount: Discount::Percent(1000),
        tax_bp: 900,
    }
}

/// A quote accepted on a deal already won (or lost) sets its value but
/// does not move it back to the accept stage.
#[test]
fn a_quote_accepted_on_a_won_deal_keeps_the_deal_won() {
    let db = TempDb::new();
    let mut s = db.open_with(config(), "sara");
    let deal_id = s
        .write(now(), |w| w.add_deal(deal("Routers", "Won")))
        .unwrap();
    let (id, _) = s
        .write(now(), |w| w.add_quote(deal_id, None, None))
        .unwrap();
    let q = s.doc(DocKind::Quote, id).unwrap();
    let mut data = q.data.clone();
    data.lines.push(line(None, 8000));
    s.write(now(), |w| w.update_doc(DocKind::Quote, id, q.version, data))
        .unwrap();
    s.write(now(), |w| w.set_quote_status(id, None, DocStatus::Sent))
        .unwrap();
    s.write(now(), |w| w.set_quote_status(id, None, DocStatus::Accepted))
        .unwrap();
    let d = s.deal(deal_id).unwrap();
    assert_eq!(d.data.stage, "Won");
    assert_eq!(d.data.value_minor, 11_772);
}

#[test]
fn an_accepted_quote_sets_the_deal_and_everything_is_logged() {
    let db = TempDb::new();
    let mut s = db.open_with(config(), "sara");
    let before = s.last_change_id().unwrap();
    let p = s.write(now(), |w| w.add_person(person("Reza"))).unwrap();
    let mut d = deal("Routers", "Lead");
    d.person_id = Some(p);
    let deal_id = s.write(now(), |w| w.add_deal(d)).unwrap();
    let product = s
        .write(now(), |w| {
            w.add_product(ProductData {
                code: "R1".into(),
                name: "Router".into(),
                active: true,
                ..ProductData::default()
            })
        })
        .unwrap();
    let (id, number) = s
        .write(now(), |w| w.add_quote(deal_id, None, None))
        .unwrap();
    assert_eq!(number.to_string(), "2026-0001");
    let q = s.doc(DocKind::Quote, id).unwrap();
    assert_eq!(q.data.person_id, Some(p));
    let mut data = q.data.clone();
    // 1.5 × $80.00 = $120.00; 10% off = $12.00; 9% tax on $108 = $9.72.
    data.lines.push(line(Some(product), 8000));
    s.write(now(), |w| {
        w.update_doc(DocKind::Quote, id, q.version, data.clone())
    })
    .unwrap();
    // A stale version is a conflict.
    let stale = s.write(now(), |w| w.update_doc(DocKind::Quote, id, q.version, data));
    assert!(matches!(stale, Err(Error::Conflict { .. })), "{stale:?}");
    s.write(now(), |w| w.set_quote_status(id, None, DocStatus::Sent))
        .unwrap();
    s.write(now(), |w| w.set_quote_status(id, None, DocStatus::Accepted))
        .unwrap();
    let q = s.doc(DocKind::Quote, id).unwrap();
    assert_eq!(q.totals.total, 11_772);
    let d = s.deal(deal_id).unwrap();
    assert_eq!(d.data.value_minor, 11_772);
    // The pipeline's own accept stage wins over the global one.
    assert_eq!(d.data.stage, "Negotiation");
    let removed = s.write(now(), |w| w.delete_product(product, None));
    assert!(
        removed.unwrap_err().to_string().contains("inactive"),
        "a product on a line stays"
    );
    let (invoice, _) = s
        .write(now(), |w| w.invoice_from(DocKind::Quote, id))
        .unwrap();
    let pay = |amount| PaymentData {
        invoice_id: invoice,
        amount,
        paid_on: now().date_naive(),
        method: None,
        reference: None,
    };
    let over = s.write(now(), |w| w.add_payment(pay(11_773)));
    assert!(over.unwrap_err().to_string().contains("still owes"));
    s.write(now(), |w| w.add_payment(pay(11_772))).unwrap();
    let kinds: Vec<Entity> = s
        .changes_since(before, 100)
        .unwrap()
        .into_iter()
        .map(|c| c.entity)
        .collect();
    for kind in [
        Entity::Product,
        Entity::Quote,
        Entity::Invoice,
        Entity::Payment,
    ] {
        assert!(kinds.contains(&kind), "{kind} not in the feed: {kinds:?}");
    }
    let logged = s
        .changes(&kariz::store::ChangeFilter {
            entity: Some(kariz::model::LoggedKind::Record(Entity::Quote)),
            entity_id: Some(id),
            ..Default::default()
        })
        .unwrap();
    assert!(
        logged.iter().any(|c| c.field.as_deref() == Some("lines")),
        "{logged:?}"
    );
    assert!(
        logged
            .iter()
            .any(|c| c.field.as_deref() == Some("status") && c.new.as_deref() == Some("accepted")),
        "{logged:?}"
    );
}
