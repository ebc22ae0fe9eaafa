//! The document as text: every label, date and amount formatted in the
//! document's language, calendar and digits. The HTML template and the PDF
//! layout both read this, so the two outputs always agree.

use serde::Serialize;

use crate::locale::Locale;
use crate::locale::money;
use crate::text::words;
use crate::vocab::Digits;

use super::document::{Document, Party};

/// A party's printed fields.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Phone, in the document's digits.
    pub phone: String,
    /// Registration number, in the document's digits.
    pub registration_number: String,
    /// Economic code, in the document's digits.
    pub economic_code: String,
    /// Logo path as given (for `<img src>`), empty when none.
    pub logo: String,
    /// "label: value" rows for the filled-in details, in print order.
    pub details: Vec<(String, String)>,
}

/// One formatted line.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// 1-based row number.
    pub index: String,
    /// Description as written.
    pub description: String,
    /// Quantity.
    pub quantity: String,
    /// Unit.
    pub unit: String,
    /// Unit price.
    pub unit_price: String,
    /// Discount ("" when none, so the cell stays empty).
    pub discount: String,
    /// Tax ("" when none).
    pub tax: String,
    /// Line total.
    pub total: String,
}

/// The whole document as text.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `en`, `fa` or `ar` (for `<html lang>`).
    pub lang: String,
    /// `rtl` or `ltr` (for `<html dir>`).
    pub dir: String,
    /// Whether the layout runs right to left.
    pub rtl: bool,
    /// The document title, e.g. "پیش‌فاکتور".
    pub title: String,
    /// Labels by key (`number`, `date`, `due`, `seller`, `buyer`, column
    /// names, totals…), see docs/printing.md.
    pub label: std::collections::BTreeMap<String, String>,
    /// Document number in the document's digits.
    pub number: String,
    /// Issue date in the calendar and digits.
    pub issued: String,
    /// Validity or due date; empty when none.
    pub due: String,
    /// Letterhead.
    pub seller: PartyView,
    /// Customer.
    pub buyer: PartyView,
    /// Currency code.
    pub currency: String,
    /// Currency name in the language ("ریال", "US dollar").
    pub currency_name: String,
    /// The lines.
    pub lines: Vec<LineView>,
    /// Subtotal.
    pub subtotal: String,
    /// Total discount ("" when none).
    pub discount: String,
    /// Total tax ("" when none).
    pub tax: String,
    /// Total with the currency unit.
    pub total: String,
    /// The total in words with the currency name.
    pub total_in_words: String,
    /// Notes as written.
    pub notes: String,
    /// The digit set, for numbers the layout adds (page numbers).
    #[serde(skip)]
    pub digits: Digits,
}

/// The label keys a template may use, each `print.<key>` in the catalogue.
pub const LABELS: &[&str] = &[
    "number",
    "date",
    "seller",
    "buyer",
    "address",
    "phone",
    "registration_number",
    "economic_code",
    "row",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount",
    "tax",
    "line_total",
    "subtotal",
    "total",
    "in_words",
    "notes",
    "currency",
    "page",
];

impl View {
    /// The label for `key` (one of [`LABELS`] or `due`); empty if unknown.
    #[must_use]
    pub fn label_of(&self, key: &str) -> String {
        self.label.get(key).cloned().unwrap_or_default()
    }
}

/// Formats `doc` for printing.
#[must_use]
pub fn view(doc: &Document) -> View {
    let locale = Locale::new(doc.language, doc.calendar, doc.digits);
    let amount = |minor: i64| money::amount(minor, &doc.currency, doc.digits);
    let optional = |minor: i64| {
        if minor == 0 {
            String::new()
        } else {
            amount(minor)
        }
    };
    let mut label: std::collections::BTreeMap<String, String> = LABELS
        .iter()
        .map(|key| {
            (
                (*key).to_owned(),
                locale.t(&format!("print.{key}")).to_owned(),
            )
        })
        .collect();
    let kind = doc.kind.keyword();
    label.insert(
        "due".into(),
        locale.t(&format!("print.due.{kind}")).to_owned(),
    );
    let party = |p: &Party| party_view(p, &locale);
    View {
        lang: doc.language.as_str().to_owned(),
        dir: if locale.is_rtl() { "rtl" } else { "ltr" }.to_owned(),
        rtl: locale.is_rtl(),
        title: locale.t(&format!("print.title.{kind}")).to_owned(),
        label,
        number: island(&locale.digits(&doc.number), locale.is_rtl()),
        issued: island(&locale.date(doc.issued), locale.is_rtl()),
        due: doc
            .due
            .map(|d| island(&locale.date(d), locale.is_rtl()))
            .unwrap_or_default(),
        seller: party(&doc.seller),
        buyer: party(&doc.buyer),
        currency: doc.currency.clone(),
        currency_name: money::unit(&doc.currency, doc.language),
        lines: doc
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| LineView {
                index: locale.number(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                description: line.description.clone(),
                quantity: locale.decimal(&line.quantity.to_plain()),
                unit: line.unit.clone(),
                unit_price: amount(line.unit_price),
                discount: optional(line.discount),
                tax: optional(line.tax),
                total: amount(line.total),
            })
            .collect(),
        subtotal: amount(doc.subtotal),
        discount: optional(doc.discount),
        tax: optional(doc.tax),
        total: money::format(doc.total, &doc.currency, doc.language, doc.digits),
        total_in_words: words::amount(doc.total, &doc.currency, doc.language),
        notes: doc.notes.clone(),
        digits: doc.digits,
    }
}

fn party_view(p: &Party, locale: &Locale) -> PartyView {
    let rtl = locale.is_rtl();
    let phone = island(&locale.digits(&p.phone), rtl);
    let registration_number = island(&locale.digits(&p.registration_number), rtl);
    let economic_code = island(&locale.digits(&p.economic_code), rtl);
    let details = [
        ("address", &p.address),
        ("phone", &phone),
        ("registration_number", &registration_number),
        ("economic_code", &economic_code),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .map(|(key, value)| (locale.t(&format!("print.{key}")).to_owned(), value.clone()))
    .collect();
    PartyView {
        name: p.name.clone(),
        address: p.address.clone(),
        phone,
        registration_number,
        economic_code,
        logo: p
            .logo
            .as_ref()
            .map(|l| l.display().to_string())
            .unwrap_or_default(),
        details,
    }
}

/// Codes, phone numbers and dates read left to right even in a
/// right-to-left document: "۰۲۱-۸۸۰۰۱۲۳۴", "1405-0017" or "٢٠٢٦-١١-٢٢" must
/// not have their parts swapped by the bidi algorithm (a hyphen does not
/// hold digits together the way a slash does, and Arabic-Indic digit
/// groups are laid out right to left even inside a left-to-right isolate).
/// Text without Arabic-script letters is wrapped in a left-to-right
/// override (U+202D … U+202C); text with them, where an override would
/// reverse the letters, in a left-to-right isolate (U+2066 … U+2069).
/// Shaping draws these controls as nothing.
fn island(text: &str, rtl: bool) -> String {
    if !rtl || text.is_empty() {
        return text.to_owned();
    }
    let arabic_letters = text
        .chars()
        .any(|c| c.is_alphabetic() && ('\u{600}'..='\u{6ff}').contains(&c));
    if arabic_letters {
        format!("\u{2066}{text}\u{2069}")
    } else {
        format!("\u{202d}{text}\u{202c}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::sample::sample;
    use crate::vocab::{Calendar, Language};
    use chrono::NaiveDate;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn persian_view_uses_jalali_dates_persian_digits_and_words() {
        let doc = sample(
            Language::Fa,
            Calendar::Jalali,
            Digits::Persian,
            day(),
            3,
            None,
        );
        let v = view(&doc);
        assert!(v.rtl);
        assert_eq!(v.dir, "rtl");
        assert_eq!(v.title, "پیش‌فاکتور");
        // Codes and dates are left-to-right islands in a right-to-left
        // document.
        assert_eq!(v.issued, "\u{202d}۱۴۰۵/۰۹/۰۱\u{202c}");
        assert_eq!(v.due, "\u{202d}۱۴۰۵/۰۹/۱۵\u{202c}");
        assert_eq!(v.number, "\u{202d}۱۴۰۵-۰۰۱۷\u{202c}");
        assert_eq!(island("ثبت ۱۲", true), "\u{2066}ثبت ۱۲\u{2069}");
        assert_eq!(v.label_of("due"), "اعتبار تا");
        assert_eq!(v.lines[2].quantity, "۳۰٫۵");
        assert_eq!(v.lines[0].index, "۱");
        assert_eq!(v.total, "۱٬۹۲۳٬۵۹۷٬۵۰۰ ریال");
        assert_eq!(
            v.total_in_words,
            "یک میلیارد و نهصد و بیست و سه میلیون و پانصد و نود و هفت هزار و پانصد ریال"
        );
        // No discount on line 2: its cell stays empty rather than "0".
        assert_eq!(v.lines[1].discount, "");
    }

    #[test]
    fn english_view_is_left_to_right_without_isolates() {
        let mut doc = sample(
            Language::En,
            Calendar::Gregorian,
            Digits::Latin,
            day(),
            3,
            None,
        );
        doc.kind = crate::print::DocumentKind::Invoice;
        let v = view(&doc);
        assert!(!v.rtl);
        assert_eq!(v.number, "2026-0017");
        assert_eq!(v.title, "Invoice");
        assert_eq!(v.label_of("due"), "Due date");
        assert_eq!(v.issued, "2026-11-22");
        assert_eq!(v.total, "4,288.87 USD");
    }

    #[test]
    fn the_sample_adds_up() {
        for language in [Language::En, Language::Fa, Language::Ar] {
            let doc = sample(language, Calendar::Gregorian, Digits::Latin, day(), 7, None);
            let sum: i64 = doc.lines.iter().map(|l| l.total).sum();
            assert_eq!(doc.total, sum);
            assert_eq!(doc.total, doc.subtotal - doc.discount + doc.tax);
            assert_eq!(doc.lines.len(), 7);
        }
    }
}
