//! `kariz quote`: quotes (pre-invoices) on a deal — lines, statuses,
//! revisions and printing.

use super::args;
use super::context::Context;
use super::output;
use super::sales_doc::{self, PrintArgs};
use crate::model::money::parse_amount;
use crate::model::totals::{Discount, parse_percent, parse_quantity};
use crate::model::{DocKind, DocLine, DocStatus, SalesDoc};
use crate::store::{DocFilter, Store};
use anyhow::{Result, anyhow, bail};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a draft quote on a deal, for the deal's customer
    Add {
        /// Deal id
        #[arg(long)]
        deal: String,
        /// Currency code [default: the deal's]
        #[arg(long)]
        currency: Option<String>,
        /// Last day the offer holds [default: [sales] quote_valid_days from today]
        #[arg(long, value_name = "DATE")]
        valid_until: Option<String>,
        /// Text printed under the totals (terms, bank account…)
        #[arg(long)]
        notes: Option<String>,
        /// Print the new quote as JSON
        #[arg(long)]
        json: bool,
    },
    /// Add, change, remove or reorder the lines of a draft quote
    #[command(subcommand)]
    Line(LineCommand),
    /// List quotes (latest revisions unless --all)
    List {
        /// Only quotes of this deal
        #[arg(long)]
        deal: Option<String>,
        /// Only quotes in this status: draft, sent, accepted, rejected, expired, revised
        #[arg(long)]
        status: Option<String>,
        /// Earlier revisions too
        #[arg(long)]
        all: bool,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show a quote: fields, lines and totals
    Show {
        /// Number (e.g. 1405-0017; 1405-0017/1 for a revision) or #id
        number: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Mark a draft quote sent to the customer
    Send(StatusArgs),
    /// Mark a sent quote accepted: the deal takes its total (and moves to [sales] accept_stage)
    Accept(StatusArgs),
    /// Mark a sent quote rejected
    Reject(StatusArgs),
    /// Mark a sent quote expired
    Expire(StatusArgs),
    /// Make a new draft revision of a sent, rejected or expired quote; the earlier one stays readable
    Revise {
        /// Number or #id
        number: String,
        /// Print the new revision as JSON
        #[arg(long)]
        json: bool,
    },
    /// Print a quote as PDF or HTML and print the file's path
    Print(PrintArgs),
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Number or #id
    number: String,
    /// Fail with a conflict (exit 4) unless the quote is still at this version
    #[arg(long)]
    version: Option<i64>,
    /// Print the quote as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum LineCommand {
    /// Add a line: a product (its name, unit, price and tax) or free text
    Add {
        /// Quote number or #id
        number: String,
        #[command(flatten)]
        fields: LineFields,
        /// Print the quote as JSON
        #[arg(long)]
        json: bool,
    },
    /// Change line N (only the flags given change)
    Edit {
        /// Quote number or #id
        number: String,
        /// Line number, from 1
        line: usize,
        #[command(flatten)]
        fields: LineFields,
        /// Print the quote as JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove line N
    Rm {
        /// Quote number or #id
        number: String,
        /// Line number, from 1
        line: usize,
        /// Print the quote as JSON
        #[arg(long)]
        json: bool,
    },
    /// Move line N to place TO
    Move {
        /// Quote number or #id
        number: String,
        /// Line number, from 1
        line: usize,
        /// New place, from 1
        #[arg(long)]
        to: usize,
        /// Print the quote as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct LineFields {
    /// Product code or #id (fills description, unit, price and tax)
    #[arg(long)]
    product: Option<String>,
    /// What is sold (free text, or instead of the product's name)
    #[arg(long)]
    description: Option<String>,
    /// Quantity, decimals allowed, e.g. 2.5 [default: 1]
    #[arg(long)]
    qty: Option<String>,
    /// Unit, e.g. pcs, kg
    #[arg(long)]
    unit: Option<String>,
    /// Unit price in the quote's currency, e.g. 1250000 or 19.99
    #[arg(long)]
    price: Option<String>,
    /// Discount: a percentage (5%) or an amount in the quote's currency (1000)
    #[arg(long)]
    discount: Option<String>,
    /// Tax rate in percent, e.g. 10
    #[arg(long)]
    tax: Option<String>,
}

impl LineFields {
    fn apply(&self, store: &Store, currency: &str, line: &mut DocLine) -> Result<()> {
        if let Some(code) = &self.product {
            let product = super::sales_doc::find_product(store, code)?;
            line.product_id = Some(product.id);
            line.description = product.data.name.clone();
            line.unit = product.data.unit.clone();
            line.tax_bp = product.data.tax_bp;
            match product.data.prices.get(currency) {
                Some(price) => line.unit_price = *price,
                None if self.price.is_some() => {}
                None => bail!(
                    "product {} has no price in {currency}; give one with --price, or add it with `kariz product edit {} --price {currency}=…`",
                    product.data.code,
                    product.data.code
                ),
            }
        }
        if let Some(text) = &self.description {
            line.description = text.clone();
        }
        if let Some(q) = &self.qty {
            line.quantity_milli = parse_quantity(q).map_err(|e| args::refused("qty", e))?;
        }
        args::set_text(&mut line.unit, &self.unit);
        if let Some(p) = &self.price {
            line.unit_price = parse_amount(p, currency).map_err(|e| args::refused("price", e))?;
        }
        if let Some(d) = &self.discount {
            line.discount = discount(d, currency)?;
        }
        if let Some(t) = &self.tax {
            line.tax_bp = parse_percent(t).map_err(|e| args::refused("tax", e))?;
        }
        Ok(())
    }
}

/// `5%` → a percent discount; `1000` → an amount; `0` → none.
fn discount(text: &str, currency: &str) -> Result<Discount> {
    crate::model::totals::parse_discount(text, currency).map_err(|e| args::refused("discount", e))
}

fn status(text: &str) -> Result<DocStatus> {
    DocStatus::parse(text).ok_or_else(|| {
        anyhow!("--status {text:?}: use draft, sent, accepted, rejected, expired or revised")
    })
}

/// The place `n` (from 1) of a quote's lines, or an error naming the count.
fn place(quote: &SalesDoc, n: usize) -> Result<usize> {
    let count = quote.data.lines.len();
    if n == 0 || n > count {
        bail!(
            "quote {} has {count} line(s); give a line number from 1 to {count}",
            quote.label()
        );
    }
    Ok(n - 1)
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let now = ctx.clock.now_utc();
    match command {
        Command::Add {
            deal,
            currency,
            valid_until,
            notes,
            json,
        } => {
            let deal = args::id(&deal)?;
            let valid = args::opt_date("valid-until", &valid_until, ctx.clock.today())?;
            let (id, _) = store.write(now, |w| {
                let (id, number) = w.add_quote(deal, currency.map(|c| c.to_uppercase()), valid)?;
                if notes.is_some() {
                    let quote = w.doc(DocKind::Quote, id)?;
                    let mut data = quote.data.clone();
                    data.notes = notes;
                    w.update_doc(DocKind::Quote, id, quote.version, data)?;
                }
                Ok((id, number))
            })?;
            report(ctx, &store, id, json, "Started")
        }
        Command::Line(cmd) => line(ctx, &mut store, cmd),
        Command::List {
            deal,
            status: wanted,
            all,
            json,
        } => {
            let wanted = wanted.as_deref().map(status).transpose()?;
            let filter = DocFilter {
                deal_id: deal.as_deref().map(args::id).transpose()?,
                // Expired is worked out on read (a sent quote past its
                // date), so the status filter applies after that.
                status: None,
                all_revisions: all || wanted == Some(DocStatus::Revised),
                ..DocFilter::default()
            };
            let today = ctx.clock.today();
            let quotes: Vec<SalesDoc> = store
                .docs(DocKind::Quote, &filter)?
                .into_iter()
                .map(|q| q.as_of(today))
                .filter(|q| wanted.is_none_or(|w| q.data.status == w))
                .collect();
            if json {
                return output::json(&quotes);
            }
            sales_doc::table(&quotes, &ctx.render(store.config()))
                .print("No quotes match: start one with `kariz quote add --deal ID`.")
        }
        Command::Show { number, json } => {
            let quote = sales_doc::find(&store, DocKind::Quote, &number)?.as_of(ctx.clock.today());
            if json {
                return output::json(&quote);
            }
            sales_doc::show(&quote, &ctx.render(store.config()))
        }
        Command::Send(a) => set_status(ctx, &mut store, a, DocStatus::Sent, "Sent"),
        Command::Accept(a) => set_status(ctx, &mut store, a, DocStatus::Accepted, "Accepted"),
        Command::Reject(a) => set_status(ctx, &mut store, a, DocStatus::Rejected, "Rejected"),
        Command::Expire(a) => set_status(ctx, &mut store, a, DocStatus::Expired, "Expired"),
        Command::Revise { number, json } => {
            let quote = sales_doc::find(&store, DocKind::Quote, &number)?;
            let id = store.write(now, |w| w.revise_quote(quote.id))?;
            report(ctx, &store, id, json, "Revised: new draft")
        }
        Command::Print(a) => sales_doc::print_doc(ctx, DocKind::Quote, a),
    }
}

fn set_status(
    ctx: &Context,
    store: &mut Store,
    a: StatusArgs,
    to: DocStatus,
    verb: &str,
) -> Result<()> {
    let quote = sales_doc::find(store, DocKind::Quote, &a.number)?;
    store.write(ctx.clock.now_utc(), |w| {
        w.set_quote_status(quote.id, a.version, to)
    })?;
    report(ctx, store, quote.id, a.json, verb)
}

fn line(ctx: &Context, store: &mut Store, cmd: LineCommand) -> Result<()> {
    let (number, json) = match &cmd {
        LineCommand::Add { number, json, .. }
        | LineCommand::Edit { number, json, .. }
        | LineCommand::Rm { number, json, .. }
        | LineCommand::Move { number, json, .. } => (number.clone(), *json),
    };
    let quote = sales_doc::find(store, DocKind::Quote, &number)?;
    let currency = quote.data.currency.clone();
    let mut data = quote.data.clone();
    match cmd {
        LineCommand::Add { fields, .. } => {
            let mut new = DocLine {
                product_id: None,
                description: String::new(),
                unit: None,
                quantity_milli: 1000,
                unit_price: 0,
                discount: Discount::None,
                tax_bp: 0,
            };
            if fields.product.is_none() && fields.description.is_none() {
                bail!("a line needs --product CODE or --description TEXT");
            }
            fields.apply(store, &currency, &mut new)?;
            data.lines.push(new);
        }
        LineCommand::Edit { line, fields, .. } => {
            let i = place(&quote, line)?;
            if let Some(target) = data.lines.get_mut(i) {
                fields.apply(store, &currency, target)?;
            }
        }
        LineCommand::Rm { line, .. } => {
            let i = place(&quote, line)?;
            data.lines.remove(i);
        }
        LineCommand::Move { line, to, .. } => {
            let i = place(&quote, line)?;
            let j = place(&quote, to).map_err(|e| anyhow!("--to: {e}"))?;
            let moved = data.lines.remove(i);
            data.lines.insert(j, moved);
        }
    }
    store.write(ctx.clock.now_utc(), |w| {
        w.update_doc(DocKind::Quote, quote.id, quote.version, data)
    })?;
    report(ctx, store, quote.id, json, "Changed")
}

fn report(ctx: &Context, store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let quote = store.doc(DocKind::Quote, id)?.as_of(ctx.clock.today());
    if json {
        return output::json(&quote);
    }
    let out = ctx.render(store.config());
    out.sentence(&format!(
        "{verb} quote {} ({}), {} line(s), total {}, status {}, version {}.",
        out.digits(&quote.label()),
        crate::text::display::isolate(&quote.customer()),
        out.count(quote.data.lines.len()),
        out.money(quote.totals.total, &quote.data.currency),
        quote.data.status,
        out.count(quote.version)
    ))
}
