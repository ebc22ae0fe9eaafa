//! Printable quotes, orders and invoices (issue 15): a plain [`Document`]
//! value in, an HTML page or a PDF file out.
//!
//! - `document`: the value a quote, order or invoice becomes for printing.
//! - `view`: the document as text in its language, calendar and digits,
//!   shared by both outputs.
//! - `html`: a Jinja-style template the user can copy and change.
//! - `pdf`: shaped, bidi-ordered text laid out on pages (krilla).
//! - `fonts`: the font files, from the config or the system.
//! - `sample`: a sample document for `kariz print sample`.
//!
//! See docs/printing.md.

pub mod document;
pub mod fonts;
pub mod html;
pub mod pdf;
pub mod sample;
pub mod view;

use std::path::PathBuf;

pub use document::{Document, DocumentKind, Line, Party, Quantity};
pub use fonts::FontSettings;

use crate::vocab::Paper;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF file with embedded fonts.
    Pdf,
    /// An HTML page from the template.
    Html,
}

/// How to print, from the `[print]` config section.
#[derive(Debug, Clone, Default)]
pub struct PrintSettings {
    /// Fonts set in the config.
    pub fonts: FontSettings,
    /// Folder with the user's templates (`document.html`, `quote.html`…).
    pub templates: Option<PathBuf>,
    /// Paper size of the PDF.
    pub paper: Paper,
}

/// Why a document could not be printed. Each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No font file of a needed kind was found.
    #[error(
        "no font found for printing: kariz needs {what}. Install {package} (Debian/Ubuntu: apt-get install {package_first}), or set `font = \"/path/to/font.ttf\"` under [print] in the config. Searched: {looked}"
    , package_first = package.split_whitespace().next().unwrap_or(package))]
    FontMissing {
        /// Which font is missing.
        what: String,
        /// The package that provides it.
        package: String,
        /// The folders searched.
        looked: String,
    },
    /// A font file could not be read or is not a font.
    #[error("cannot use the font {path}: {message}; check [print] font / font_bold in the config")]
    FontUnreadable {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A template could not be read or rendered.
    #[error("the print template {path} failed: {message}")]
    Template {
        /// The template file.
        path: String,
        /// What went wrong (with the line, for syntax errors).
        message: String,
    },
    /// The logo could not be read.
    #[error("cannot use the logo {path}: {message}; set [print.seller] logo to a PNG or JPEG file")]
    Logo {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The PDF writer failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// Renders `doc` in `format`: the bytes of a PDF file or an HTML page.
pub fn render(
    doc: &Document,
    format: Format,
    settings: &PrintSettings,
) -> Result<Vec<u8>, PrintError> {
    let view = view::view(doc);
    match format {
        Format::Html => {
            html::render(&view, doc.kind, settings.templates.as_deref()).map(String::into_bytes)
        }
        Format::Pdf => pdf::render(&view, doc, settings),
    }
}
