//! The line form of a quote page: description, quantity, unit, unit price
//! (in the quote's currency), discount (`5%` or an amount) and tax rate.
//! Numbers are shown in the user's digits and read in any digits. Saving
//! writes the draft's lines at the version the page showed. Also the
//! payment form of a quote's invoice: amount (prefilled with what is
//! still owed), date in the configured calendar, method and reference.

use super::{Base, Field, FieldKind, Form, FormContext};
use crate::model::money::{decimal_string, parse_amount};
use crate::model::totals::{
    Discount, parse_discount, parse_percent, parse_quantity, percent_text, quantity_text,
};
use crate::model::{DocLine, InvoiceBalance, PaymentData};
use crate::tui::change::Change;
use crate::tui::quotes::{QuoteChange, QuoteView};

/// What a line form edits: which quote, which line, and the rest of the
/// lines as the page showed them.
#[derive(Debug, Clone)]
pub struct LineBase {
    /// Quote id.
    pub quote_id: i64,
    /// Version seen.
    pub version: i64,
    /// The line edited (`None`: a new line at the end).
    pub index: Option<usize>,
    /// The quote's currency.
    pub currency: String,
    /// Every line of the quote, as shown.
    pub lines: Vec<DocLine>,
    /// The line as the form opened it (its product link is kept).
    pub line: DocLine,
}

/// The form for line `index` of the quote on `view`, or (`None`) a new
/// line from `seed` (a picked product or free text).
pub fn quote_line_form(view: &QuoteView, index: Option<usize>, seed: Option<DocLine>) -> Form {
    let currency = view.quote.data.currency.clone();
    let line = index
        .and_then(|i| view.quote.data.lines.get(i).cloned())
        .or(seed)
        .unwrap_or(DocLine {
            product_id: None,
            description: String::new(),
            unit: None,
            quantity_milli: 1000,
            unit_price: 0,
            discount: Discount::None,
            tax_bp: 0,
        });
    let discount = match line.discount {
        Discount::None => String::new(),
        Discount::Percent(bp) => format!("{}%", percent_text(bp)),
        Discount::Amount(a) => decimal_string(a, &currency),
    };
    let fields = vec![
        Field::new(
            "description",
            "field.line_description",
            FieldKind::Text,
            &line.description,
        )
        .required(),
        Field::new(
            "quantity",
            "field.quantity",
            FieldKind::Number,
            &quantity_text(line.quantity_milli),
        )
        .required(),
        Field::new(
            "unit",
            "field.unit",
            FieldKind::Text,
            line.unit.as_deref().unwrap_or(""),
        ),
        Field::new(
            "price",
            "field.unit_price",
            FieldKind::Number,
            &decimal_string(line.unit_price, &currency),
        )
        .required(),
        Field::new("discount", "field.discount", FieldKind::Number, &discount),
        Field::new(
            "tax",
            "field.tax_rate",
            FieldKind::Number,
            &percent_text(line.tax_bp),
        ),
    ];
    Form {
        title: if index.is_some() {
            "form.edit_line"
        } else {
            "form.new_line"
        },
        fields,
        focus: 0,
        target: Some((view.quote.id, view.quote.version)),
        base: Base::QuoteLine(Box::new(LineBase {
            quote_id: view.quote.id,
            version: view.quote.version,
            index,
            currency,
            lines: view.quote.data.lines.clone(),
            line,
        })),
        notice: None,
    }
}

/// Reads the form back into the quote's lines; each refused field keeps
/// its message.
pub(super) fn to_change(form: &mut Form, base: LineBase, ctx: &FormContext<'_>) -> Option<Change> {
    let say = |e: &crate::model::input_error::InputError| ctx.locale.input_error(e);
    let mut line = base.line.clone();
    line.description = form.text("description").unwrap_or_default();
    line.unit = form.text("unit");
    if let Some(text) = form.text("quantity") {
        match parse_quantity(&text) {
            Ok(q) => line.quantity_milli = q,
            Err(e) => form.fail("quantity", say(&e)),
        }
    }
    match parse_amount(&form.text("price").unwrap_or_default(), &base.currency) {
        Ok(p) => line.unit_price = p,
        Err(e) => form.fail("price", say(&e.into())),
    }
    match parse_discount(&form.text("discount").unwrap_or_default(), &base.currency) {
        Ok(d) => line.discount = d,
        Err(e) => form.fail("discount", say(&e)),
    }
    match form.text("tax").map(|t| parse_percent(&t)).transpose() {
        Ok(t) => line.tax_bp = t.unwrap_or(0),
        Err(e) => form.fail("tax", say(&e)),
    }
    // The line's own figures (a discount above its amount) are checked
    // here, next to the field, rather than by the store.
    if let Err(e) = crate::model::totals::line(&line.input()) {
        form.fail("discount", e);
    }
    let mut lines = base.lines;
    match base.index.and_then(|i| lines.get_mut(i)) {
        Some(slot) => *slot = line,
        None => lines.push(line),
    }
    Some(Change::Quote(Box::new(QuoteChange::Lines {
        id: base.quote_id,
        version: Some(base.version),
        lines,
    })))
}

/// What a payment form records against: the quote's invoice.
#[derive(Debug, Clone)]
pub struct PaymentBase {
    /// Quote id.
    pub quote_id: i64,
    /// The invoice paid.
    pub invoice_id: i64,
    /// The invoice's currency.
    pub currency: String,
}

/// The payment form for `balance`, the invoice of the quote on `view`:
/// the amount starts at what is still owed, the date at today.
pub fn payment_form(view: &QuoteView, balance: &InvoiceBalance) -> Form {
    let currency = balance.invoice.data.currency.clone();
    let fields = vec![
        Field::new(
            "amount",
            "field.amount",
            FieldKind::Number,
            &decimal_string(balance.outstanding, &currency),
        )
        .required(),
        Field::new("date", "field.date", FieldKind::Date, "today").required(),
        Field::new("method", "field.method", FieldKind::Text, ""),
        Field::new("reference", "field.reference", FieldKind::Text, ""),
    ];
    Form {
        title: "form.payment",
        fields,
        focus: 0,
        target: None,
        base: Base::Payment(Box::new(PaymentBase {
            quote_id: view.quote.id,
            invoice_id: balance.invoice.id,
            currency,
        })),
        notice: None,
    }
}

/// Reads the payment form; each refused field keeps its message. The
/// store refuses more than the invoice still owes (shown on the amount).
pub(super) fn payment_to_change(
    form: &mut Form,
    base: &PaymentBase,
    ctx: &FormContext<'_>,
) -> Option<Change> {
    let amount = match parse_amount(&form.text("amount").unwrap_or_default(), &base.currency) {
        Ok(a) => a,
        Err(e) => {
            form.fail("amount", ctx.locale.input_error(&e.into()));
            0
        }
    };
    let paid_on = form.date("date", ctx).unwrap_or(ctx.today);
    let data = PaymentData {
        invoice_id: base.invoice_id,
        amount,
        paid_on,
        method: form.text("method"),
        reference: form.text("reference"),
    };
    Some(Change::Quote(Box::new(QuoteChange::Payment {
        id: base.quote_id,
        data,
    })))
}
