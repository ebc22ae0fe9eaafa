//! `kariz order`, `kariz invoice` and `kariz payment`: orders and invoices
//! made from accepted quotes, payments against invoices, and the CSV an
//! accounting program reads and writes.

use std::path::{Path, PathBuf};

use super::args;
use super::context::Context;
use super::output::{self, Render};
use super::sales_doc::{self, PrintArgs};
use crate::model::money::{decimal_string, parse_amount};
use crate::model::{DocKind, InvoiceBalance, PaymentData};
use crate::store::{DocFilter, Store};
use anyhow::{Result, anyhow};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Make an order from an accepted quote (its lines copied)
    FromQuote {
        /// Quote number or #id
        quote: String,
        /// Print the order as JSON
        #[arg(long)]
        json: bool,
    },
    /// List orders
    List {
        /// Only orders of this deal
        #[arg(long)]
        deal: Option<String>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show an order
    Show {
        /// Order number or #id
        number: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Print an order as PDF or HTML and print the file's path
    Print(PrintArgs),
}

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Make an invoice from an order (its lines copied), due after [sales] payment_terms_days
    FromOrder {
        /// Order number or #id
        order: String,
        /// Print the invoice as JSON
        #[arg(long)]
        json: bool,
    },
    /// Make an invoice straight from an accepted quote
    FromQuote {
        /// Quote number or #id
        quote: String,
        /// Print the invoice as JSON
        #[arg(long)]
        json: bool,
    },
    /// List invoices with what was paid and is still owed
    List {
        /// Only unpaid invoices past their due date
        #[arg(long)]
        overdue: bool,
        /// Only invoices of this person (id)
        #[arg(long)]
        person: Option<String>,
        /// Only invoices of this company (id or exact name), its people's too
        #[arg(long)]
        company: Option<String>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show an invoice with its payments
    Show {
        /// Invoice number or #id
        number: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Write invoices issued since a day as CSV for an accounting program
    Export {
        /// First day of issue, e.g. 2026-01-01
        #[arg(long, value_name = "DATE")]
        since: String,
        /// File to write [default: standard output]
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print an invoice as PDF or HTML and print the file's path
    Print(PrintArgs),
}

#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Record a payment against an invoice
    Add {
        /// Invoice number or #id
        #[arg(long)]
        invoice: String,
        /// Amount in the invoice's currency, e.g. 1250000 or 19.99
        #[arg(long)]
        amount: String,
        /// Day it was paid [default: today]
        #[arg(long)]
        date: Option<String>,
        /// How: cash, card, transfer, cheque…
        #[arg(long)]
        method: Option<String>,
        /// Bank or cheque reference
        #[arg(long = "ref", value_name = "REF")]
        reference: Option<String>,
        /// Print the payment as JSON
        #[arg(long)]
        json: bool,
    },
    /// Record payments from a CSV file (columns: invoice, amount, date,
    /// method, reference); a bad row stops the import and nothing is written
    Import {
        /// The CSV file
        file: PathBuf,
        /// Print the count as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_order(ctx: &Context, command: OrderCommand) -> Result<()> {
    let mut store = ctx.open()?;
    match command {
        OrderCommand::FromQuote { quote, json } => {
            let quote = sales_doc::find(&store, DocKind::Quote, &quote)?;
            let (id, _) = store.write(ctx.clock.now_utc(), |w| w.order_from_quote(quote.id))?;
            report(ctx, &store, DocKind::Order, id, json)
        }
        OrderCommand::List { deal, json } => {
            let filter = DocFilter {
                deal_id: deal.as_deref().map(args::id).transpose()?,
                ..DocFilter::default()
            };
            let orders = store.docs(DocKind::Order, &filter)?;
            if json {
                return output::json(&orders);
            }
            sales_doc::table(&orders, &ctx.render(store.config())).print("No orders yet.")
        }
        OrderCommand::Show { number, json } => {
            let order = sales_doc::find(&store, DocKind::Order, &number)?;
            if json {
                return output::json(&order);
            }
            sales_doc::show(&order, &ctx.render(store.config()))
        }
        OrderCommand::Print(a) => sales_doc::print_doc(ctx, DocKind::Order, a),
    }
}

pub fn run_invoice(ctx: &Context, command: InvoiceCommand) -> Result<()> {
    let mut store = ctx.open()?;
    let now = ctx.clock.now_utc();
    match command {
        InvoiceCommand::FromOrder { order, json } => {
            let order = sales_doc::find(&store, DocKind::Order, &order)?;
            let (id, _) = store.write(now, |w| w.invoice_from(DocKind::Order, order.id))?;
            report(ctx, &store, DocKind::Invoice, id, json)
        }
        InvoiceCommand::FromQuote { quote, json } => {
            let quote = sales_doc::find(&store, DocKind::Quote, &quote)?;
            let (id, _) = store.write(now, |w| w.invoice_from(DocKind::Quote, quote.id))?;
            report(ctx, &store, DocKind::Invoice, id, json)
        }
        InvoiceCommand::List {
            overdue,
            person,
            company,
            json,
        } => {
            let filter = DocFilter {
                person_id: person.as_deref().map(args::id).transpose()?,
                company_id: company
                    .as_deref()
                    .map(|c| super::resolve::company(&store, c))
                    .transpose()?,
                ..DocFilter::default()
            };
            let mut balances = store.invoice_balances(&filter, ctx.clock.today())?;
            if overdue {
                balances.retain(|b| b.overdue);
            }
            if json {
                return output::json(&balances);
            }
            balance_table(&balances, &ctx.render(store.config()))
        }
        InvoiceCommand::Show { number, json } => {
            let invoice = sales_doc::find(&store, DocKind::Invoice, &number)?;
            show_invoice(ctx, &store, invoice, json)
        }
        InvoiceCommand::Export { since, output } => {
            let since = args::date("since", &since, ctx.clock.today())?;
            export(ctx, &store, since, output.as_deref())
        }
        InvoiceCommand::Print(a) => sales_doc::print_doc(ctx, DocKind::Invoice, a),
    }
}

fn show_invoice(
    ctx: &Context,
    store: &Store,
    invoice: crate::model::SalesDoc,
    json: bool,
) -> Result<()> {
    let payments = store.payments(Some(invoice.id), None)?;
    let paid: i64 = payments.iter().map(|p| p.data.amount).sum();
    let balance = InvoiceBalance::new(invoice, paid, ctx.clock.today());
    if json {
        return output::json(&serde_json::json!({
            "invoice": balance.invoice,
            "paid": balance.paid,
            "outstanding": balance.outstanding,
            "overdue": balance.overdue,
            "payments": payments,
        }));
    }
    let out = ctx.render(store.config());
    sales_doc::show(&balance.invoice, &out)?;
    let currency = &balance.invoice.data.currency;
    let mut details = out.details();
    details
        .field("Paid", Some(out.money(balance.paid, currency)))
        .field(
            "Outstanding",
            Some(out.money(balance.outstanding, currency)),
        )
        .field("Overdue", balance.overdue.then(|| "yes".to_string()));
    output::lines(&details.render())?;
    let mut table = out
        .table(&["Id", "Date", "Amount", "Method", "Reference"])
        .align_right("Amount");
    for p in &payments {
        table.row(vec![
            out.count(p.id),
            out.date(p.data.paid_on),
            out.money(p.data.amount, currency),
            p.data.method.clone().unwrap_or_default(),
            p.data.reference.clone().unwrap_or_default(),
        ]);
    }
    table.print("No payments yet.")
}

fn balance_table(balances: &[InvoiceBalance], out: &Render) -> Result<()> {
    let mut table = out
        .table(&[
            "Id", "Number", "Issued", "Due", "Customer", "Total", "Paid", "Owed", "Overdue",
        ])
        .align_right("Total")
        .align_right("Paid")
        .align_right("Owed");
    for b in balances {
        let currency = &b.invoice.data.currency;
        table.row(vec![
            out.count(b.invoice.id),
            out.digits(&b.invoice.label()),
            out.date(b.invoice.data.issued_on),
            b.invoice
                .data
                .due_on
                .map(|d| out.date(d))
                .unwrap_or_default(),
            output::cut(&b.invoice.customer(), 30),
            out.money(b.invoice.totals.total, currency),
            out.money(b.paid, currency),
            out.money(b.outstanding, currency),
            if b.overdue { "overdue" } else { "" }.to_string(),
        ]);
    }
    table.print("No invoices match.")
}

fn report(ctx: &Context, store: &Store, kind: DocKind, id: i64, json: bool) -> Result<()> {
    let doc = store.doc(kind, id)?;
    if json {
        return output::json(&doc);
    }
    let out = ctx.render(store.config());
    out.sentence(&format!(
        "Made {} {} ({}), total {}.",
        kind.as_str(),
        out.digits(&doc.label()),
        crate::text::display::isolate(&doc.customer()),
        out.money(doc.totals.total, &doc.data.currency)
    ))
}

const EXPORT_HEADER: [&str; 15] = [
    "number",
    "issued_on",
    "due_on",
    "customer",
    "person_id",
    "company_id",
    "deal_id",
    "currency",
    "subtotal",
    "discount",
    "tax",
    "total",
    "paid",
    "outstanding",
    "status",
];

fn export(
    ctx: &Context,
    store: &Store,
    since: chrono::NaiveDate,
    path: Option<&Path>,
) -> Result<()> {
    let filter = DocFilter {
        since: Some(since),
        ..DocFilter::default()
    };
    let balances = store.invoice_balances(&filter, ctx.clock.today())?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(EXPORT_HEADER)?;
    for b in &balances {
        let doc = &b.invoice;
        let money = |m: i64| decimal_string(m, &doc.data.currency);
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let row = [
            doc.label(),
            doc.data.issued_on.to_string(),
            doc.data.due_on.map(|d| d.to_string()).unwrap_or_default(),
            doc.customer(),
            opt(doc.data.person_id),
            opt(doc.data.company_id),
            opt(doc.data.deal_id),
            doc.data.currency.clone(),
            money(doc.totals.subtotal),
            money(doc.totals.discount),
            money(doc.totals.tax),
            money(doc.totals.total),
            money(b.paid),
            money(b.outstanding),
            if b.outstanding <= 0 {
                "paid"
            } else if b.overdue {
                "overdue"
            } else {
                "open"
            }
            .to_string(),
        ];
        writer.write_record(
            row.iter()
                .map(|cell| crate::interchange::csv_safety::protect(cell).into_owned()),
        )?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow!("{e}"))?;
    super::sales_doc::write_out(path, &bytes)
}

pub fn run_payment(ctx: &Context, command: PaymentCommand) -> Result<()> {
    let mut store = ctx.open()?;
    match command {
        PaymentCommand::Add {
            invoice,
            amount,
            date,
            method,
            reference,
            json,
        } => {
            let invoice = sales_doc::find(&store, DocKind::Invoice, &invoice)?;
            let today = ctx.clock.today();
            let data = PaymentData {
                invoice_id: invoice.id,
                amount: parse_amount(&amount, &invoice.data.currency)
                    .map_err(|e| args::refused("amount", e))?,
                paid_on: args::opt_date("date", &date, today)?.unwrap_or(today),
                method,
                reference,
            };
            let id = store.write(ctx.clock.now_utc(), |w| w.add_payment(data))?;
            let payment = store.payment(id)?;
            if json {
                return output::json(&payment);
            }
            let out = ctx.render(store.config());
            out.sentence(&format!(
                "Recorded payment {} of {} on invoice {}.",
                out.count(id),
                out.money(payment.data.amount, &payment.currency),
                out.digits(&invoice.label())
            ))
        }
        PaymentCommand::Import { file, json } => import(ctx, &mut store, &file, json),
    }
}

/// One CSV row as a payment; `line` names the row in errors.
fn payment_row(
    store: &Store,
    headers: &csv::StringRecord,
    row: &csv::StringRecord,
    today: chrono::NaiveDate,
) -> Result<PaymentData> {
    let cell = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let invoice = cell("invoice").ok_or_else(|| anyhow!("the invoice column is empty"))?;
    let invoice = sales_doc::find(store, DocKind::Invoice, invoice)?;
    let amount = cell("amount").ok_or_else(|| anyhow!("the amount column is empty"))?;
    let amount =
        parse_amount(amount, &invoice.data.currency).map_err(|e| anyhow!("amount: {e}"))?;
    let paid_on = match cell("date") {
        Some(d) => crate::model::dates::parse_date(d, today).map_err(|e| anyhow!("date: {e}"))?,
        None => today,
    };
    Ok(PaymentData {
        invoice_id: invoice.id,
        amount,
        paid_on,
        method: cell("method").map(str::to_string),
        reference: cell("reference").map(str::to_string),
    })
}

fn import(ctx: &Context, store: &mut Store, file: &Path, json: bool) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
    let headers = reader
        .headers()
        .map_err(|e| anyhow!("{}: {e}", file.display()))?
        .clone();
    let today = ctx.clock.today();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let at =
            |e: anyhow::Error| anyhow!("{} line {line}: {e}; nothing was imported", file.display());
        let record = record.map_err(|e| at(e.into()))?;
        let line = record.position().map_or(line as u64, |p| p.line());
        let data = payment_row(store, &headers, &record, today)
            .map_err(|e| anyhow!("{} line {line}: {e}; nothing was imported", file.display()))?;
        rows.push((line, data));
    }
    let count = rows.len();
    let name = file.display().to_string();
    store.write(ctx.clock.now_utc(), |w| {
        for (line, data) in rows {
            w.add_payment(data).map_err(|e| {
                crate::error::Error::invalid(format!(
                    "{name} line {line}: {e}; nothing was imported"
                ))
            })?;
        }
        Ok(())
    })?;
    if json {
        return output::json(&serde_json::json!({ "imported": count }));
    }
    let out = ctx.render(store.config());
    out.sentence(&format!("Recorded {} payments.", out.count(count)))
}
