//! A sample document per language, for `kariz print sample`: checks the
//! fonts, the template and the letterhead without any quote in the
//! database. The Persian one mixes Latin product codes and digits into
//! Persian text on purpose, the hard case for bidi.

use chrono::{Days, NaiveDate};

use crate::vocab::{Calendar, Digits, Language};

use super::document::{Document, DocumentKind, Line, Party, Quantity};

/// (description, quantity, unit, unit price in minor units, discount %)
type SampleLine = (&'static str, Quantity, &'static str, i64, i64);

fn lines_for(language: Language) -> (&'static str, Vec<SampleLine>) {
    let q = |value, scale| Quantity { value, scale };
    match language {
        Language::Fa => (
            "IRR",
            vec![
                (
                    "لپ‌تاپ Lenovo ThinkPad X1 Carbon (کد LNV-X1C-12)",
                    q(2, 0),
                    "دستگاه",
                    850_000_000,
                    5,
                ),
                (
                    "نصب و راه‌اندازی شبکه در دفتر مرکزی، پیکربندی فایروال FortiGate 60F و آموزش ۱۲ نفر از کارکنان در دو جلسه",
                    q(1, 0),
                    "خدمت",
                    120_000_000,
                    0,
                ),
                ("کابل شبکه Cat6 ساخت Legrand", q(305, 1), "متر", 450_000, 0),
            ],
        ),
        Language::Ar => (
            "AED",
            vec![
                (
                    "حاسوب محمول Lenovo ThinkPad X1 Carbon (رمز LNV-X1C-12)",
                    q(2, 0),
                    "جهاز",
                    650_000,
                    5,
                ),
                (
                    "تركيب وتشغيل شبكة المكتب الرئيسي، وإعداد جدار الحماية FortiGate 60F، وتدريب 12 موظفًا في جلستين",
                    q(1, 0),
                    "خدمة",
                    150_000,
                    0,
                ),
                ("كابل شبكة Cat6 من Legrand", q(305, 1), "متر", 1_250, 0),
            ],
        ),
        Language::En => (
            "USD",
            vec![
                (
                    "Lenovo ThinkPad X1 Carbon laptop (code LNV-X1C-12)",
                    q(2, 0),
                    "pcs",
                    180_000,
                    5,
                ),
                (
                    "Network installation at the head office: FortiGate 60F firewall set-up and training for 12 staff in two sessions",
                    q(1, 0),
                    "service",
                    45_000,
                    0,
                ),
                ("Cat6 network cable by Legrand", q(305, 1), "m", 95, 0),
            ],
        ),
    }
}

/// Tax rate of the sample, percent (Iran's VAT is 10%).
const TAX_PERCENT: i64 = 10;

/// The sample document in `language`, issued `today`, with `count` lines
/// (the three sample lines repeated; more than a page's worth shows the
/// page breaks). `seller` replaces the sample letterhead when given.
#[must_use]
pub fn sample(
    language: Language,
    calendar: Calendar,
    digits: Digits,
    today: NaiveDate,
    count: usize,
    seller: Option<Party>,
) -> Document {
    let (currency, base) = lines_for(language);
    let lines: Vec<Line> = base
        .iter()
        .cycle()
        .take(count)
        .map(
            |&(description, quantity, unit, unit_price, discount_percent)| {
                let gross = times(quantity, unit_price);
                let discount = gross * discount_percent / 100;
                let tax = (gross - discount) * TAX_PERCENT / 100;
                Line {
                    description: description.to_owned(),
                    quantity,
                    unit: unit.to_owned(),
                    unit_price,
                    discount,
                    tax,
                    total: gross - discount + tax,
                }
            },
        )
        .collect();
    let subtotal = lines.iter().map(|l| times(l.quantity, l.unit_price)).sum();
    let discount = lines.iter().map(|l| l.discount).sum();
    let tax = lines.iter().map(|l| l.tax).sum();
    let total = lines.iter().map(|l| l.total).sum();
    let (seller_default, buyer, notes, number) = parties(language);
    Document {
        kind: DocumentKind::Quote,
        number: number.to_owned(),
        issued: today,
        due: today.checked_add_days(Days::new(14)),
        language,
        calendar,
        digits,
        seller: seller.unwrap_or(seller_default),
        buyer,
        currency: currency.to_owned(),
        minor_units: crate::model::money::minor_units(currency).unwrap_or(0),
        lines,
        subtotal,
        discount,
        tax,
        total,
        notes: notes.to_owned(),
    }
}

/// quantity × price in minor units, rounded half away from zero.
fn times(quantity: Quantity, price: i64) -> i64 {
    let scale = 10i128.pow(u32::from(quantity.scale));
    let product = i128::from(quantity.value) * i128::from(price);
    let rounded = (product + scale / 2) / scale;
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

fn parties(language: Language) -> (Party, Party, &'static str, &'static str) {
    let party = |name: &str, address: &str, phone: &str, reg: &str, code: &str| Party {
        name: name.to_owned(),
        address: address.to_owned(),
        phone: phone.to_owned(),
        registration_number: reg.to_owned(),
        economic_code: code.to_owned(),
        logo: None,
    };
    match language {
        Language::Fa => (
            party(
                "شرکت نمونه کاریز",
                "تهران، خیابان ولیعصر، پلاک ۱۲۳۴",
                "021-88001234",
                "54321",
                "411122223333",
            ),
            party(
                "بازرگانی آفتاب",
                "اصفهان، خیابان چهارباغ بالا، پلاک ۵۶",
                "031-36201122",
                "",
                "411199998888",
            ),
            "این پیش‌فاکتور نمونه است. اعتبار قیمت‌ها تا تاریخ درج‌شده است.\nپرداخت به حساب شبا IR12 0120 0000 0000 1234 5678 90",
            "1405-0017",
        ),
        Language::Ar => (
            party(
                "شركة كاريز للتجارة",
                "دبي، شارع الشيخ زايد، برج 12",
                "+971-4-1234567",
                "CN-1234567",
                "100123456700003",
            ),
            party(
                "مؤسسة الشمس",
                "أبوظبي، شارع حمدان",
                "+971-2-7654321",
                "",
                "100987654300003",
            ),
            "هذا عرض سعر تجريبي. الأسعار سارية حتى التاريخ المذكور.",
            "2026-0017",
        ),
        Language::En => (
            party(
                "Kariz Sample Ltd",
                "12 High Street, Cambridge CB2 1AB",
                "+44 1223 000000",
                "01234567",
                "GB123456789",
            ),
            party(
                "Sunrise Trading",
                "5 Market Square, Leeds LS1 6AB",
                "+44 113 000000",
                "",
                "",
            ),
            "This is a sample quotation. Prices are valid until the date shown.",
            "2026-0017",
        ),
    }
}
