//! `kariz rate`: exchange rates with dates, for converting report totals
//! (docs/reports.md#money-across-currencies).

use super::args;
use super::context::Context;
use super::output;
use crate::model::exchange::{Rate, RateValue};
use crate::model::money::minor_units;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set a rate: 1 FROM = RATE TO, e.g. `kariz rate set USD IRR 1050000`
    Set {
        /// Currency converted from (ISO 4217)
        from: String,
        /// Currency converted to (ISO 4217)
        to: String,
        /// How many TO one FROM buys, in major units
        rate: String,
        /// The day it holds from (either calendar); default: today
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// List every rate by pair and day
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Import rates from a CSV file with the columns from,to,date,rate
    /// (all or nothing: one bad row and none are set)
    Import {
        /// The CSV file
        file: PathBuf,
    },
}

/// A currency code typed by a person: upper-cased and known to kariz.
fn currency(text: &str, what: &str) -> Result<String> {
    let code = text.trim().to_ascii_uppercase();
    if minor_units(&code).is_none() {
        bail!("{what} {text:?} is not a known ISO 4217 currency code; use e.g. USD, IRR, EUR, AED");
    }
    Ok(code)
}

fn rate(from: &str, to: &str, value: &str, day: NaiveDate) -> Result<Rate> {
    let from = currency(from, "from currency")?;
    let to = currency(to, "to currency")?;
    if from == to {
        bail!("a rate converts between two different currencies; both are {from}");
    }
    let rate = RateValue::parse(value).map_err(anyhow::Error::msg)?;
    Ok(Rate {
        from,
        to,
        day,
        rate,
    })
}

#[derive(Serialize)]
struct RateRow {
    from: String,
    to: String,
    date: NaiveDate,
    rate: String,
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand, each a few lines
// that parse flags and call the store; splitting it would only add jumps.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let today = ctx.clock.today();
    let now = ctx.clock.now_utc();
    match command {
        Command::Set {
            from,
            to,
            rate: value,
            date,
        } => {
            let day = args::opt_date("date", &date, today)?.unwrap_or(today);
            let r = rate(&from, &to, &value, day)?;
            store.write(now, |w| w.set_rate(&r))?;
            output::line(&format!(
                "1 {} = {} {} from {}",
                r.from,
                r.rate.to_text(),
                r.to,
                out.date(r.day)
            ))
        }
        Command::List { json } => {
            let rates = store.rates()?;
            if json {
                let rows: Vec<RateRow> = rates
                    .into_iter()
                    .map(|r| RateRow {
                        from: r.from,
                        to: r.to,
                        date: r.day,
                        rate: r.rate.to_text(),
                    })
                    .collect();
                return output::json(&rows);
            }
            let mut table = out
                .table(&["from", "to", "date", "rate"])
                .align_right("rate");
            for r in &rates {
                table.row(vec![
                    r.from.clone(),
                    r.to.clone(),
                    out.date(r.day),
                    out.digits(&r.rate.to_text()),
                ]);
            }
            table.print("No exchange rates yet; set one with `kariz rate set USD IRR 1050000`.")
        }
        Command::Import { file } => {
            let mut reader = csv::ReaderBuilder::new()
                .trim(csv::Trim::All)
                .from_path(&file)
                .with_context(|| format!("opening {}", file.display()))?;
            let headers = reader
                .headers()
                .with_context(|| format!("{}: reading the header", file.display()))?
                .clone();
            let column = |name: &str| {
                headers
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        anyhow!(
                            "{}: no {name:?} column; the header must name from, to, date and rate",
                            file.display()
                        )
                    })
            };
            let (cf, ct, cd, cr) = (
                column("from")?,
                column("to")?,
                column("date")?,
                column("rate")?,
            );
            let mut rates = Vec::new();
            for (index, record) in reader.records().enumerate() {
                let line = index + 2;
                let record = record.with_context(|| format!("{} line {line}", file.display()))?;
                let cell = |i: usize| record.get(i).unwrap_or("");
                let day = args::date("date", cell(cd), today)
                    .and_then(|day| rate(cell(cf), cell(ct), cell(cr), day))
                    .with_context(|| {
                        format!(
                            "{} line {line}: fix the row and import again; no rate was set",
                            file.display()
                        )
                    })?;
                rates.push(day);
            }
            let n = rates.len();
            store.write(now, |w| {
                for r in &rates {
                    w.set_rate(r)?;
                }
                Ok(())
            })?;
            output::line(&format!("{n} rates set from {}", file.display()))
        }
    }
}
