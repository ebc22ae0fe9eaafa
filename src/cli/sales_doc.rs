//! What `kariz quote`, `order` and `invoice` share: finding a document by
//! number or id, its table, its page and its printing.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::context::Context;
use super::output::{self, Render, Table};
use crate::config::Config;
use crate::model::totals::{self, Discount};
use crate::model::{DocKind, DocNumber, Product, SalesDoc};
use crate::print::{self, Document, Format, Party, PrintSettings};
use crate::store::Store;
use anyhow::{Context as _, Result, anyhow, bail};

/// The document typed on the command line: a number (`1405-0017`, the
/// latest revision; `1405-0017/2`, that revision) or an id (`#12`, `12`).
pub fn find(store: &Store, kind: DocKind, text: &str) -> Result<SalesDoc> {
    let trimmed = text.trim();
    let (number, revision) = match trimmed.split_once('/') {
        Some((n, r)) => {
            let revision = super::args::id(r)
                .map_err(|_| anyhow!("{text:?}: the revision after / is a whole number"))?;
            (n, Some(revision))
        }
        None => (trimmed, None),
    };
    if let Some(number) = DocNumber::parse(number) {
        return Ok(store.doc_by_number(kind, number, revision)?);
    }
    let id = super::args::id(trimmed).map_err(|_| {
        anyhow!(
            "{text:?} is not a {} number or id; write it as year-number, e.g. 1405-0017, or #id",
            kind.as_str()
        )
    })?;
    Ok(store.doc(kind, id)?)
}

/// The list of documents as a table.
pub fn table(docs: &[SalesDoc], out: &Render) -> Table {
    let mut table = out
        .table(&[
            "Id", "Number", "Status", "Issued", "Due", "Customer", "Deal", "Total",
        ])
        .align_right("Total");
    for doc in docs {
        table.row(vec![
            out.count(doc.id),
            out.digits(&doc.label()),
            doc.data.status.as_str().to_string(),
            out.date(doc.data.issued_on),
            doc.data.due_on.map(|d| out.date(d)).unwrap_or_default(),
            output::cut(&doc.customer(), 30),
            output::cut(doc.deal.as_deref().unwrap_or_default(), 30),
            out.money(doc.totals.total, &doc.data.currency),
        ]);
    }
    table
}

/// A document's page: fields, lines and totals.
pub fn show(doc: &SalesDoc, out: &Render) -> Result<()> {
    let mut details = out.details();
    let money = |v: i64| out.money(v, &doc.data.currency);
    details
        .field("Number", Some(out.digits(&doc.label())))
        .field("Kind", Some(doc.kind.as_str().to_string()))
        .field("Status", Some(doc.data.status.as_str().to_string()))
        .field("Customer", Some(doc.customer()))
        .field("Deal", doc.deal.clone())
        .field("Issued", Some(out.date(doc.data.issued_on)))
        .field(
            if doc.kind == DocKind::Quote {
                "Valid until"
            } else {
                "Due"
            },
            doc.data.due_on.map(|d| out.date(d)),
        )
        .field("Currency", Some(doc.data.currency.clone()))
        .field("Subtotal", Some(money(doc.totals.subtotal)))
        .field("Discount", Some(money(doc.totals.discount)))
        .field("Tax", Some(money(doc.totals.tax)))
        .field("Total", Some(money(doc.totals.total)))
        .field("Notes", doc.data.notes.clone())
        .field("Version", Some(out.count(doc.version)));
    output::lines(&details.render())?;
    lines_table(doc, out)?.print("No lines yet: add one with `kariz quote line add`.")
}

fn lines_table(doc: &SalesDoc, out: &Render) -> Result<Table> {
    let (figures, _) = doc.data.figures().map_err(|e| anyhow!(e))?;
    let mut table = out
        .table(&[
            "#",
            "Description",
            "Qty",
            "Unit",
            "Price",
            "Discount",
            "Tax %",
            "Total",
        ])
        .align_right("Total");
    for (i, (line, fig)) in doc.data.lines.iter().zip(&figures).enumerate() {
        table.row(vec![
            out.count(i + 1),
            output::cut(&line.description, 40),
            out.decimal(&totals::quantity_text(line.quantity_milli)),
            line.unit.clone().unwrap_or_default(),
            out.money(line.unit_price, &doc.data.currency),
            match line.discount {
                Discount::None => String::new(),
                Discount::Percent(bp) => out.decimal(&format!("{}%", totals::percent_text(bp))),
                Discount::Amount(_) => out.money(fig.discount, &doc.data.currency),
            },
            out.decimal(&totals::percent_text(line.tax_bp)),
            out.money(fig.total, &doc.data.currency),
        ]);
    }
    Ok(table)
}

/// The printable document of a stored quote, order or invoice, in the
/// display language, calendar and digits of the config.
pub fn document(store: &Store, doc: &SalesDoc, seller: Option<Party>) -> Result<Document> {
    Ok(crate::sales_print::document(store, doc, seller)?)
}

/// The flags of `quote print`, `order print` and `invoice print`.
#[derive(Debug, clap::Args)]
pub struct PrintArgs {
    /// Number (e.g. 1405-0017, or 1405-0017/2 for a revision) or #id
    pub number: String,
    /// pdf or html
    #[arg(long, default_value = "pdf")]
    pub format: String,
    /// File to write [default: KIND-NUMBER.pdf (or .html) in the current folder]
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the path written as JSON
    #[arg(long)]
    pub json: bool,
}

/// Prints a document to a file and prints the file's path.
pub fn print_doc(ctx: &Context, kind: DocKind, args: PrintArgs) -> Result<()> {
    let store = ctx.open()?;
    let doc = find(&store, kind, &args.number)?;
    let format = match args.format.as_str() {
        "pdf" => Format::Pdf,
        "html" => Format::Html,
        other => bail!("--format {other:?}: use pdf or html"),
    };
    let (settings, seller) = settings(ctx, store.config());
    let document = document(&store, &doc, seller)?;
    let bytes = print::render(&document, format, &settings)?;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(crate::sales_print::file_name(&doc, format)));
    std::fs::write(&path, &bytes).map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    if args.json {
        return output::json(&serde_json::json!({ "path": path.display().to_string() }));
    }
    output::line(&path.display().to_string())
}

/// The receivables section of a person's or company's page: invoiced,
/// paid and outstanding per currency, and the invoices still owed.
#[derive(Debug, serde::Serialize)]
pub struct Receivables {
    /// Per currency.
    pub totals: Vec<crate::model::Receivable>,
    /// Invoices with something still owed, overdue ones marked.
    pub unpaid: Vec<crate::model::InvoiceBalance>,
}

impl Receivables {
    fn of(
        store: &Store,
        filter: &crate::store::DocFilter,
        today: chrono::NaiveDate,
    ) -> Result<Self> {
        let balances = store.invoice_balances(filter, today)?;
        let totals = crate::model::sales::receivables(&balances);
        let unpaid = balances.into_iter().filter(|b| b.outstanding > 0).collect();
        Ok(Receivables { totals, unpaid })
    }

    /// A person's invoices.
    pub fn of_person(store: &Store, id: i64, today: chrono::NaiveDate) -> Result<Self> {
        let filter = crate::store::DocFilter {
            person_id: Some(id),
            ..Default::default()
        };
        Self::of(store, &filter, today)
    }

    /// A company's invoices (its people's too).
    pub fn of_company(store: &Store, id: i64, today: chrono::NaiveDate) -> Result<Self> {
        let filter = crate::store::DocFilter {
            company_id: Some(id),
            ..Default::default()
        };
        Self::of(store, &filter, today)
    }

    /// Prints the section; nothing when there was never an invoice.
    pub fn print(&self, out: &Render) -> Result<()> {
        if self.totals.is_empty() {
            return Ok(());
        }
        output::raw("\nReceivables\n")?;
        let mut table = out
            .table(&["Currency", "Invoiced", "Paid", "Outstanding"])
            .align_right("Invoiced")
            .align_right("Paid")
            .align_right("Outstanding");
        for r in &self.totals {
            table.row(vec![
                r.currency.clone(),
                out.money(r.invoiced, &r.currency),
                out.money(r.paid, &r.currency),
                out.money(r.outstanding, &r.currency),
            ]);
        }
        output::raw(&table.render("  none"))?;
        let mut unpaid = out
            .table(&["Invoice", "Due", "Outstanding", "Overdue"])
            .align_right("Outstanding");
        for b in &self.unpaid {
            unpaid.row(vec![
                out.digits(&b.invoice.label()),
                b.invoice
                    .data
                    .due_on
                    .map(|d| out.date(d))
                    .unwrap_or_default(),
                out.money(b.outstanding, &b.invoice.data.currency),
                if b.overdue { "OVERDUE" } else { "" }.to_string(),
            ]);
        }
        if !unpaid.is_empty() {
            output::raw(&unpaid.render("  none"))?;
        }
        Ok(())
    }
}

/// The `[print]` settings with relative paths taken from the config's
/// folder, and the configured letterhead when it has a name.
pub fn settings(ctx: &Context, config: &Config) -> (PrintSettings, Option<Party>) {
    let base = ctx
        .config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    crate::sales_print::settings(config, &base)
}

/// Writes to `path` and prints the path, or writes to standard output.
pub fn write_out(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!("{}", path.display());
        }
        None => {
            std::io::stdout().write_all(bytes)?;
        }
    }
    Ok(())
}

/// The product typed on the command line: a code or `#id`.
pub fn find_product(store: &Store, text: &str) -> Result<Product> {
    if let Some(product) = store.product_by_code(text)? {
        return Ok(product);
    }
    match super::args::id(text) {
        Ok(id) => Ok(store.product(id)?),
        Err(_) => bail!(
            "there is no product with code {}; `kariz product list --all` shows the codes",
            crate::text::sanitize::quoted(text)
        ),
    }
}
