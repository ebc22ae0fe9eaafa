//! `kariz product`: products and services sold on quotes, with CSV import
//! and export.

use std::path::{Path, PathBuf};

use super::args::{self, set_text};
use super::context::Context;
use super::output::{self, Render};
use crate::model::money::{decimal_string, parse_amount};
use crate::model::totals::{parse_percent, percent_text};
use crate::model::{Product, ProductData};
use crate::store::Store;
use anyhow::{Result, anyhow};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a product or service
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Print the new product as JSON
        #[arg(long)]
        json: bool,
    },
    /// List products by code (active ones unless --all)
    List {
        /// Inactive products too
        #[arg(long)]
        all: bool,
        /// Only codes or names containing this text
        #[arg(long)]
        search: Option<String>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one product
    Show {
        /// Code or #id
        product: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a product (only the flags given change)
    Edit {
        /// Code or #id
        product: String,
        #[command(flatten)]
        fields: Fields,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Delete a product no quote, order or invoice uses
    Rm {
        /// Code or #id
        product: String,
        /// Print the removed product as JSON
        #[arg(long)]
        json: bool,
    },
    /// Add or update products from a CSV file (columns: code, name, unit,
    /// tax, active, description, then one column per currency code with
    /// the price); a bad row stops the import and nothing is written
    Import {
        /// The CSV file
        file: PathBuf,
        /// Print the count as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write every product as CSV, in the format `product import` reads
    Export {
        /// File to write [default: standard output]
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The fields a product can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// Unique code, e.g. LNV-X1C
    #[arg(long)]
    code: Option<String>,
    /// Name (any script)
    #[arg(long)]
    name: Option<String>,
    /// Unit of sale, e.g. pcs, kg, عدد
    #[arg(long)]
    unit: Option<String>,
    /// A price as CURRENCY=AMOUNT, e.g. IRR=1250000 or USD=19.99 (repeat for several)
    #[arg(long = "price", value_name = "CUR=AMOUNT")]
    prices: Vec<String>,
    /// Tax rate in percent, e.g. 10
    #[arg(long)]
    tax: Option<String>,
    /// Longer description
    #[arg(long)]
    description: Option<String>,
    /// Not offered for new lines
    #[arg(long, conflicts_with = "active")]
    inactive: bool,
    /// Offered again
    #[arg(long)]
    active: bool,
}

/// `IRR=1250000` → (`IRR`, minor units).
fn price(text: &str) -> Result<(String, i64)> {
    let (currency, amount) = text
        .split_once('=')
        .ok_or_else(|| anyhow!("--price {text:?}: write CURRENCY=AMOUNT, e.g. IRR=1250000"))?;
    let currency = currency.trim().to_uppercase();
    let minor = parse_amount(amount, &currency).map_err(|e| anyhow!("--price {text:?}: {e}"))?;
    Ok((currency, minor))
}

impl Fields {
    fn apply(&self, data: &mut ProductData) -> Result<()> {
        if let Some(code) = &self.code {
            data.code = code.clone();
        }
        if let Some(name) = &self.name {
            data.name = name.clone();
        }
        set_text(&mut data.unit, &self.unit);
        set_text(&mut data.description, &self.description);
        for text in &self.prices {
            let (currency, minor) = price(text)?;
            data.prices.insert(currency, minor);
        }
        if let Some(tax) = &self.tax {
            data.tax_bp = parse_percent(tax).map_err(|e| args::refused("tax", e))?;
        }
        if self.inactive {
            data.active = false;
        }
        if self.active {
            data.active = true;
        }
        Ok(())
    }
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, json } => {
            let mut data = ProductData {
                active: true,
                ..ProductData::default()
            };
            fields.apply(&mut data)?;
            let id = store.write(now, |w| w.add_product(data))?;
            report(ctx, &store, id, json, "Added")
        }
        Command::List { all, search, json } => {
            let products = store.products(all, search.as_deref())?;
            if json {
                return output::json(&products);
            }
            list(&products, &ctx.render(store.config()))
        }
        Command::Show { product, json } => {
            let product = super::sales_doc::find_product(&store, &product)?;
            if json {
                return output::json(&product);
            }
            show(&product, &ctx.render(store.config()))
        }
        Command::Edit {
            product,
            fields,
            edit: args::EditFlags { version, json },
        } => {
            let product = super::sales_doc::find_product(&store, &product)?;
            let mut data = product.data.clone();
            fields.apply(&mut data)?;
            let expected = version.unwrap_or(product.version);
            store.write(now, |w| w.update_product(product.id, expected, data))?;
            report(ctx, &store, product.id, json, "Changed")
        }
        Command::Rm { product, json } => {
            let product = super::sales_doc::find_product(&store, &product)?;
            store.write(now, |w| w.delete_product(product.id, Some(product.version)))?;
            if json {
                return output::json(&product);
            }
            ctx.render(store.config()).sentence(&format!(
                "Removed product {} ({}).",
                crate::text::display::isolate(&product.data.code),
                crate::text::display::isolate(&product.data.name)
            ))
        }
        Command::Import { file, json } => import(ctx, &mut store, &file, json),
        Command::Export { output } => export(&store, output.as_deref()),
    }
}

fn report(ctx: &Context, store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let product = store.product(id)?;
    if json {
        return output::json(&product);
    }
    let out = ctx.render(store.config());
    out.sentence(&format!(
        "{verb} product {} ({}), version {}.",
        crate::text::display::isolate(&product.data.code),
        crate::text::display::isolate(&product.data.name),
        out.count(product.version)
    ))
}

fn prices_shown(product: &Product, out: &Render) -> String {
    product
        .data
        .prices
        .iter()
        .map(|(c, p)| out.money(*p, c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(products: &[Product], out: &Render) -> Result<()> {
    let mut table = out.table(&["Id", "Code", "Name", "Unit", "Tax %", "Prices", "Active"]);
    for p in products {
        table.row(vec![
            out.count(p.id),
            p.data.code.clone(),
            output::cut(&p.data.name, 40),
            p.data.unit.clone().unwrap_or_default(),
            out.digits(&percent_text(p.data.tax_bp)),
            prices_shown(p, out),
            if p.data.active { "yes" } else { "no" }.to_string(),
        ]);
    }
    table.print("No products yet: add one with `kariz product add --code … --name …`.")
}

fn show(product: &Product, out: &Render) -> Result<()> {
    let mut details = out.details();
    details
        .field("Id", Some(out.count(product.id)))
        .field("Code", Some(product.data.code.clone()))
        .field("Name", Some(product.data.name.clone()))
        .field("Unit", product.data.unit.clone())
        .field("Prices", Some(prices_shown(product, out)))
        .field(
            "Tax %",
            Some(out.digits(&percent_text(product.data.tax_bp))),
        )
        .field(
            "Active",
            Some(if product.data.active { "yes" } else { "no" }.to_string()),
        )
        .field("Description", product.data.description.clone())
        .field("Version", Some(out.count(product.version)));
    output::lines(&details.render())
}

const FIXED: [&str; 6] = ["code", "name", "unit", "tax", "active", "description"];

/// One CSV row as product fields; `line` names the row in errors.
fn row_data(
    headers: &csv::StringRecord,
    row: &csv::StringRecord,
    line: u64,
) -> Result<ProductData> {
    let cell = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let at = |e: String| anyhow!("line {line}: {e}; nothing was imported");
    let mut data = ProductData {
        code: cell("code").unwrap_or_default().to_string(),
        name: cell("name").unwrap_or_default().to_string(),
        unit: cell("unit").map(str::to_string),
        description: cell("description").map(str::to_string),
        active: !matches!(cell("active"), Some("no" | "false" | "0")),
        ..ProductData::default()
    };
    if let Some(tax) = cell("tax") {
        data.tax_bp = parse_percent(tax).map_err(|e| at(format!("tax: {e}")))?;
    }
    for (i, header) in headers.iter().enumerate() {
        let currency = header.trim().to_uppercase();
        if FIXED.iter().any(|f| f.eq_ignore_ascii_case(&currency)) {
            continue;
        }
        if let Some(value) = row.get(i).map(str::trim).filter(|v| !v.is_empty()) {
            let minor = parse_amount(value, &currency)
                .map_err(|e| at(format!("price in column {header}: {e}")))?;
            data.prices.insert(currency, minor);
        }
    }
    data.validate().map_err(at)?;
    Ok(data)
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
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i as u64 + 2, |p| p.line());
        let record =
            record.map_err(|e| anyhow!("{}: {e}; nothing was imported", file.display()))?;
        rows.push(row_data(&headers, &record, line)?);
    }
    let count = rows.len();
    store.write(ctx.clock.now_utc(), |w| {
        for data in rows {
            match w.product_by_code(&data.code)? {
                Some(existing) => w.update_product(existing.id, existing.version, data)?,
                None => {
                    w.add_product(data)?;
                }
            }
        }
        Ok(())
    })?;
    if json {
        return output::json(&serde_json::json!({ "imported": count }));
    }
    let out = ctx.render(store.config());
    out.sentence(&format!("Imported {} products.", out.count(count)))
}

fn export(store: &Store, path: Option<&Path>) -> Result<()> {
    let products = store.products(true, None)?;
    let currencies: std::collections::BTreeSet<&String> =
        products.iter().flat_map(|p| p.data.prices.keys()).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    header.extend(currencies.iter().map(|c| c.to_string()));
    writer.write_record(&header)?;
    for p in &products {
        let mut row = vec![
            p.data.code.clone(),
            p.data.name.clone(),
            p.data.unit.clone().unwrap_or_default(),
            percent_text(p.data.tax_bp),
            if p.data.active { "yes" } else { "no" }.to_string(),
            p.data.description.clone().unwrap_or_default(),
        ];
        for c in &currencies {
            row.push(
                p.data
                    .prices
                    .get(*c)
                    .map(|m| decimal_string(*m, c))
                    .unwrap_or_default(),
            );
        }
        let protected: Vec<String> = row
            .iter()
            .map(|cell| crate::interchange::csv_safety::protect(cell).into_owned())
            .collect();
        writer.write_record(&protected)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow!("{e}"))?;
    super::sales_doc::write_out(path, &bytes)
}
