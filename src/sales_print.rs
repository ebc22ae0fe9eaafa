//! A stored quote, order or invoice made printable, for both front-ends:
//! the [`Document`] built from it (buyer from the customer records, lines
//! and figures from `model::totals`), the `[print]` settings with paths
//! relative to the config's folder, and writing the file. `kariz quote
//! print` and the interface's print key use the same steps.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::money::minor_units;
use crate::model::{DocKind, SalesDoc};
use crate::print::{self, Document, DocumentKind, Format, Line, Party, PrintSettings, Quantity};
use crate::store::Store;

/// The buyer as printed: the company (else the person) with its address
/// and first phone.
fn buyer(store: &Store, doc: &SalesDoc) -> Result<Party> {
    let mut party = Party::default();
    if let Some(id) = doc.data.company_id {
        let company = store.company(id)?;
        party.name = company.data.name;
        party.address = company.data.address.unwrap_or_default();
        party.phone = company
            .data
            .phones
            .first()
            .map(|p| p.value.clone())
            .unwrap_or_default();
    }
    if let Some(id) = doc.data.person_id {
        let person = store.person(id)?;
        if party.name.is_empty() {
            party.name = person.data.name;
        } else {
            party.name = format!("{} — {}", party.name, person.data.name);
        }
        if party.address.is_empty() {
            party.address = person.data.address.unwrap_or_default();
        }
        if party.phone.is_empty() {
            party.phone = person
                .data
                .phones
                .first()
                .map(|p| p.value.clone())
                .unwrap_or_default();
        }
    }
    Ok(party)
}

/// A quantity in thousandths as the printed decimal, without trailing
/// zeros (2500 → 2.5).
fn quantity(milli: i64) -> Quantity {
    let mut q = Quantity {
        value: milli,
        scale: 3,
    };
    while q.scale > 0 && q.value % 10 == 0 {
        q.value /= 10;
        q.scale -= 1;
    }
    q
}

/// The printable document of a stored quote, order or invoice, in the
/// display language, calendar and digits of the config.
pub fn document(store: &Store, doc: &SalesDoc, seller: Option<Party>) -> Result<Document> {
    let config = store.config();
    let (figures, sum) = doc.data.figures().map_err(Error::Invalid)?;
    let lines = doc
        .data
        .lines
        .iter()
        .zip(&figures)
        .map(|(line, fig)| Line {
            description: line.description.clone(),
            quantity: quantity(line.quantity_milli),
            unit: line.unit.clone().unwrap_or_default(),
            unit_price: line.unit_price,
            discount: fig.discount,
            tax: fig.tax,
            total: fig.total,
        })
        .collect();
    Ok(Document {
        kind: match doc.kind {
            DocKind::Quote => DocumentKind::Quote,
            DocKind::Order => DocumentKind::Order,
            DocKind::Invoice => DocumentKind::Invoice,
        },
        number: doc.label(),
        issued: doc.data.issued_on,
        due: doc.data.due_on,
        language: config.display.language,
        calendar: config.display.calendar,
        digits: config.display.digits,
        seller: seller.unwrap_or_default(),
        buyer: buyer(store, doc)?,
        currency: doc.data.currency.clone(),
        minor_units: minor_units(&doc.data.currency).unwrap_or(2),
        lines,
        subtotal: sum.subtotal,
        discount: sum.discount,
        tax: sum.tax,
        total: sum.total,
        notes: doc.data.notes.clone().unwrap_or_default(),
    })
}

/// The `[print]` settings with relative paths taken from `base` (the
/// config's folder), and the configured letterhead when it has a name.
pub fn settings(config: &Config, base: &Path) -> (PrintSettings, Option<Party>) {
    let resolve = |p: &Option<PathBuf>| p.as_ref().map(|p| base.join(p));
    let print = &config.print;
    let templates = resolve(&print.templates).or_else(|| {
        let default = base.join("templates");
        default.is_dir().then_some(default)
    });
    let settings = PrintSettings {
        fonts: crate::print::FontSettings {
            font: resolve(&print.font),
            font_bold: resolve(&print.font_bold),
        },
        templates,
        paper: print.paper,
    };
    let seller = (!print.seller.name.trim().is_empty()).then(|| Party {
        name: print.seller.name.clone(),
        address: print.seller.address.clone(),
        phone: print.seller.phone.clone(),
        registration_number: print.seller.registration_number.clone(),
        economic_code: print.seller.economic_code.clone(),
        logo: resolve(&print.seller.logo),
    });
    (settings, seller)
}

/// The file name a printed document gets: `quote-1405-0017.pdf`, a
/// revision as `quote-1405-0017-r2.pdf`.
pub fn file_name(doc: &SalesDoc, format: Format) -> String {
    let ext = if format == Format::Pdf { "pdf" } else { "html" };
    let label = doc.label().replace('/', "-r");
    format!("{}-{label}.{ext}", doc.kind.as_str())
}

/// Renders `doc` as a PDF into `folder` (made if missing) and returns the
/// file's path. A missing font is refused with the font and the package
/// to install named (`print::PrintError`); nothing is written then.
pub fn pdf_into(
    store: &Store,
    doc: &SalesDoc,
    config_dir: &Path,
    folder: &Path,
) -> Result<PathBuf> {
    let (settings, seller) = settings(store.config(), config_dir);
    let document = document(store, doc, seller)?;
    let bytes = print::render(&document, Format::Pdf, &settings)
        .map_err(|e| Error::invalid(e.to_string()))?;
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::invalid(format!("cannot make the folder {}: {e}", folder.display())))?;
    let path = folder.join(file_name(doc, Format::Pdf));
    std::fs::write(&path, &bytes)
        .map_err(|e| Error::invalid(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}
