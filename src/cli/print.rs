//! `kariz print`: printable documents. `sample` prints a sample quote to
//! check fonts, templates and the letterhead; `template` writes the
//! built-in HTML template out to be copied and changed. `quote print`,
//! `invoice print` etc. use the same `crate::print` library.

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};

use super::context::Context;
use super::sales_doc::{settings, write_out};
use crate::print::{self, DocumentKind, Format};
use crate::vocab::{Calendar, Digits, Language};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print a sample quote (three lines with Latin codes inside Persian or
    /// Arabic text) to check fonts, the template and the letterhead
    Sample(SampleArgs),
    /// Write the built-in HTML template, to copy into the templates folder
    /// and change (docs/printing.md lists the placeholders)
    Template(TemplateArgs),
}

#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Language of the document: en, fa or ar [default: the display language]
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// gregorian or jalali [default: jalali for fa, else gregorian]
    #[arg(long)]
    calendar: Option<String>,
    /// latin, persian or arabic [default: the language's own]
    #[arg(long)]
    digits: Option<String>,
    /// quote, order or invoice
    #[arg(long, default_value = "quote")]
    kind: String,
    /// pdf or html
    #[arg(long, default_value = "pdf")]
    format: String,
    /// Number of lines (more than a page's worth shows the page breaks)
    #[arg(long, default_value_t = 3)]
    lines: usize,
    /// File to write (required for PDF; HTML goes to standard output without it)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// File to write [default: standard output]
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<()> {
    match cmd {
        Command::Sample(args) => sample(ctx, args),
        Command::Template(args) => write_out(
            args.output.as_deref(),
            print::html::DEFAULT_TEMPLATE.as_bytes(),
        ),
    }
}

fn keyword<T: Copy>(
    flag: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T> {
    parse(text).with_context(|| format!("--{flag} {text:?}: use {allowed}"))
}

fn sample(ctx: &Context, args: SampleArgs) -> Result<()> {
    let config = ctx.config()?;
    let language = match &args.lang {
        Some(text) => keyword("lang", text, Language::from_keyword, "en, fa or ar")?,
        None => config.display.language,
    };
    let calendar = match &args.calendar {
        Some(text) => keyword(
            "calendar",
            text,
            Calendar::from_keyword,
            "gregorian or jalali",
        )?,
        None if language == Language::Fa => Calendar::Jalali,
        None => Calendar::Gregorian,
    };
    let digits = match &args.digits {
        Some(text) => keyword(
            "digits",
            text,
            Digits::from_keyword,
            "latin, persian or arabic",
        )?,
        None => match language {
            Language::Fa => Digits::Persian,
            Language::Ar => Digits::Arabic,
            Language::En => Digits::Latin,
        },
    };
    let kind = match args.kind.as_str() {
        "quote" => DocumentKind::Quote,
        "order" => DocumentKind::Order,
        "invoice" => DocumentKind::Invoice,
        other => bail!("--kind {other:?}: use quote, order or invoice"),
    };
    let format = match args.format.as_str() {
        "pdf" => Format::Pdf,
        "html" => Format::Html,
        other => bail!("--format {other:?}: use pdf or html"),
    };
    if format == Format::Pdf && args.output.is_none() {
        bail!("a PDF needs a file to go to: add -o FILE.pdf");
    }
    let (settings, seller) = settings(ctx, &config);
    let mut doc = print::sample::sample(
        language,
        calendar,
        digits,
        ctx.clock.today(),
        args.lines.max(1),
        seller,
    );
    doc.kind = kind;
    let bytes = print::render(&doc, format, &settings)?;
    write_out(args.output.as_deref(), &bytes)
}
