//! Numbers and amounts of money in words, for the "amount in words" line of
//! printed quotes and invoices (docs/printing.md).
//!
//! - **English**: short scale, no "and" inside a number ("one thousand two
//!   hundred thirty-four"), hyphenated tens ("forty-two").
//! - **Persian**: the cheque style of Iranian invoices: every group is
//!   counted ("یک هزار", "یکصد"), parts are joined with " و ", e.g.
//!   "یک میلیارد و دویست میلیون ریال".
//! - **Arabic**: the counted noun follows the classical rules for a
//!   masculine noun (every currency and scale word here is masculine):
//!   1 → singular followed by "واحد" ("ريال واحد"), 2 → dual ("ريالان"),
//!   3–10 → plural after a feminine-form number ("ثلاثة آلاف"),
//!   11–99 → accusative singular ("أحد عشر ألفًا"), and 100, 1000, … or a
//!   number ending in 00, 01 or 02 above 100 → genitive singular
//!   ("مئة ريال", "مئة وواحد ريال"). 200 before a noun is in construct
//!   state ("مئتا ريال"). Parts are joined with "و" attached to the next
//!   word. Case endings other than the tanween of the accusative are not
//!   written, as on printed invoices.

use crate::model::money::minor_units;
use crate::vocab::Language;

/// `n` in words in `language`.
#[must_use]
pub fn number(n: u64, language: Language) -> String {
    match language {
        Language::En => english(n),
        Language::Fa => persian(n),
        Language::Ar => arabic(n),
    }
}

/// An amount in minor units of `currency` in words, with the currency's
/// name and, when the amount has a fraction, its minor unit: "one thousand
/// two hundred US dollars and fifty cents", "یک میلیارد و دویست میلیون
/// ریال". Negative amounts are prefixed with "minus" / "منفی" / "سالب".
#[must_use]
pub fn amount(minor: i64, currency: &str, language: Language) -> String {
    let decimals = u32::from(minor_units(currency).unwrap_or(2));
    let scale = 10u64.pow(decimals);
    let abs = minor.unsigned_abs();
    let (major, fraction) = (abs / scale, abs % scale);
    let names = currency_names(currency);
    let mut out = String::new();
    if minor < 0 {
        out.push_str(match language {
            Language::En => "minus ",
            Language::Fa => "منفی ",
            Language::Ar => "سالب ",
        });
    }
    out.push_str(&counted(major, names.map(|n| n.major), currency, language));
    if fraction > 0 {
        let and = match language {
            Language::En => " and ",
            Language::Fa => " و ",
            Language::Ar => " و",
        };
        out.push_str(and);
        match names.and_then(|n| n.minor) {
            Some(unit) => out.push_str(&counted(fraction, Some(unit), currency, language)),
            // No name for the minor unit: the fraction as a number over
            // its denominator, as cheques write it ("50/100").
            None => out.push_str(&format!("{fraction}/{scale}")),
        }
    }
    out
}

/// The name of `currency` as written after an amount in words (the
/// singular form; English "rial", Persian "ریال", Arabic "ريال"), or the
/// code itself for a currency without a name here.
#[must_use]
pub fn currency_name(currency: &str, language: Language) -> String {
    match currency_names(currency) {
        Some(names) => names.major.get(language, 1).to_owned(),
        None => currency.to_owned(),
    }
}

/// The forms of one unit's name.
#[derive(Clone, Copy)]
struct Unit {
    /// English singular and plural.
    en: (&'static str, &'static str),
    /// Persian (the noun does not change after a number).
    fa: &'static str,
    /// Arabic singular, dual, plural (3–10) and accusative singular (11–99).
    ar: (&'static str, &'static str, &'static str, &'static str),
}

impl Unit {
    /// The form used after the number `n` (only the English plural and
    /// the Arabic forms vary; see the module comment for Arabic).
    fn get(&self, language: Language, n: u64) -> &'static str {
        match language {
            Language::En if n == 1 => self.en.0,
            Language::En => self.en.1,
            Language::Fa => self.fa,
            Language::Ar => match arabic_form(n) {
                ArabicForm::One | ArabicForm::Genitive => self.ar.0,
                ArabicForm::Two => self.ar.1,
                ArabicForm::Plural => self.ar.2,
                ArabicForm::Accusative => self.ar.3,
            },
        }
    }
}

#[derive(Clone, Copy)]
struct CurrencyNames {
    major: Unit,
    minor: Option<Unit>,
}

const CENT: Unit = Unit {
    en: ("cent", "cents"),
    fa: "سنت",
    ar: ("سنت", "سنتان", "سنتات", "سنتًا"),
};

fn currency_names(code: &str) -> Option<CurrencyNames> {
    let major = match code {
        "IRR" => Unit {
            en: ("rial", "rials"),
            fa: "ریال",
            ar: ("ريال", "ريالان", "ريالات", "ريالًا"),
        },
        "IRT" => Unit {
            en: ("toman", "tomans"),
            fa: "تومان",
            ar: ("تومان", "تومانان", "تومانات", "تومانًا"),
        },
        "USD" => Unit {
            en: ("US dollar", "US dollars"),
            fa: "دلار",
            ar: ("دولار", "دولاران", "دولارات", "دولارًا"),
        },
        "EUR" => Unit {
            en: ("euro", "euros"),
            fa: "یورو",
            ar: ("يورو", "يوروان", "يوروات", "يورو"),
        },
        "AED" => Unit {
            en: ("UAE dirham", "UAE dirhams"),
            fa: "درهم",
            ar: ("درهم", "درهمان", "دراهم", "درهمًا"),
        },
        _ => return None,
    };
    let minor = match code {
        "USD" | "EUR" => Some(CENT),
        "AED" => Some(Unit {
            en: ("fils", "fils"),
            fa: "فلس",
            ar: ("فلس", "فلسان", "فلوس", "فلسًا"),
        }),
        _ => None,
    };
    Some(CurrencyNames { major, minor })
}

/// `n` followed by the unit's right form; the code when there is no name.
fn counted(n: u64, unit: Option<Unit>, code: &str, language: Language) -> String {
    let Some(unit) = unit else {
        return format!("{} {code}", number(n, language));
    };
    let noun = unit.get(language, n);
    match language {
        Language::Ar => match arabic_form(n) {
            ArabicForm::One => format!("{noun} واحد"),
            ArabicForm::Two => noun.to_owned(),
            _ => format!("{} {noun}", arabic_before_noun(n)),
        },
        _ => format!("{} {noun}", number(n, language)),
    }
}

// ---------------------------------------------------------------- English

const EN_ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const EN_TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const EN_SCALES: [&str; 7] = [
    "",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
];

fn at(table: &[&'static str], i: u64) -> &'static str {
    usize::try_from(i)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or("")
}

fn english_below_thousand(n: u64) -> String {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} hundred", at(&EN_ONES, n / 100)));
    }
    let rest = n % 100;
    if rest >= 20 {
        let tens = at(&EN_TENS, rest / 10);
        parts.push(match rest % 10 {
            0 => tens.to_owned(),
            unit => format!("{tens}-{}", at(&EN_ONES, unit)),
        });
    } else if rest > 0 {
        parts.push(at(&EN_ONES, rest).to_owned());
    }
    parts.join(" ")
}

fn english(n: u64) -> String {
    if n == 0 {
        return EN_ONES[0].to_owned();
    }
    groups(n)
        .into_iter()
        .rev()
        .filter(|&(_, g)| g > 0)
        .map(|(scale, g)| {
            let words = english_below_thousand(g);
            match at(&EN_SCALES, scale) {
                "" => words,
                name => format!("{words} {name}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `n` split into groups of three digits: (scale, value), lowest first.
fn groups(mut n: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut scale = 0;
    while n > 0 {
        out.push((scale, n % 1000));
        n /= 1000;
        scale += 1;
    }
    out
}

// ---------------------------------------------------------------- Persian

const FA_ONES: [&str; 20] = [
    "صفر",
    "یک",
    "دو",
    "سه",
    "چهار",
    "پنج",
    "شش",
    "هفت",
    "هشت",
    "نه",
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
];
const FA_TENS: [&str; 10] = [
    "",
    "",
    "بیست",
    "سی",
    "چهل",
    "پنجاه",
    "شصت",
    "هفتاد",
    "هشتاد",
    "نود",
];
const FA_HUNDREDS: [&str; 10] = [
    "",
    "یکصد",
    "دویست",
    "سیصد",
    "چهارصد",
    "پانصد",
    "ششصد",
    "هفتصد",
    "هشتصد",
    "نهصد",
];
const FA_SCALES: [&str; 7] = [
    "",
    "هزار",
    "میلیون",
    "میلیارد",
    "هزار میلیارد",
    "میلیون میلیارد",
    "میلیارد میلیارد",
];

fn persian_below_thousand(n: u64) -> Vec<&'static str> {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(at(&FA_HUNDREDS, n / 100));
    }
    let rest = n % 100;
    if rest >= 20 {
        parts.push(at(&FA_TENS, rest / 10));
        if !rest.is_multiple_of(10) {
            parts.push(at(&FA_ONES, rest % 10));
        }
    } else if rest > 0 {
        parts.push(at(&FA_ONES, rest));
    }
    parts
}

fn persian(n: u64) -> String {
    if n == 0 {
        return FA_ONES[0].to_owned();
    }
    groups(n)
        .into_iter()
        .rev()
        .filter(|&(_, g)| g > 0)
        .map(|(scale, g)| {
            let words = persian_below_thousand(g).join(" و ");
            match at(&FA_SCALES, scale) {
                "" => words,
                name => format!("{words} {name}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" و ")
}

// ----------------------------------------------------------------- Arabic

/// Which form a masculine noun counted by `n` takes (module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArabicForm {
    One,
    Two,
    Plural,
    Accusative,
    Genitive,
}

fn arabic_form(n: u64) -> ArabicForm {
    match (n, n % 100) {
        (1, _) => ArabicForm::One,
        (2, _) => ArabicForm::Two,
        (_, 3..=10) => ArabicForm::Plural,
        (_, 11..=99) => ArabicForm::Accusative,
        _ => ArabicForm::Genitive,
    }
}

/// Units in the form used with a masculine noun (3–10 take the feminine
/// ending, the "polarity" rule).
const AR_ONES: [&str; 11] = [
    "صفر",
    "واحد",
    "اثنان",
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
    "عشرة",
];
const AR_TENS: [&str; 10] = [
    "",
    "",
    "عشرون",
    "ثلاثون",
    "أربعون",
    "خمسون",
    "ستون",
    "سبعون",
    "ثمانون",
    "تسعون",
];
const AR_HUNDREDS: [&str; 10] = [
    "",
    "مئة",
    "مئتان",
    "ثلاثمئة",
    "أربعمئة",
    "خمسمئة",
    "ستمئة",
    "سبعمئة",
    "ثمانمئة",
    "تسعمئة",
];
/// Scale words: singular, dual, plural, accusative singular.
const AR_SCALES: [(&str, &str, &str, &str); 6] = [
    ("ألف", "ألفان", "آلاف", "ألفًا"),
    ("مليون", "مليونان", "ملايين", "مليونًا"),
    ("مليار", "ملياران", "مليارات", "مليارًا"),
    ("تريليون", "تريليونان", "تريليونات", "تريليونًا"),
    ("كوادريليون", "كوادريليونان", "كوادريليونات", "كوادريليونًا"),
    ("كوينتليون", "كوينتليونان", "كوينتليونات", "كوينتليونًا"),
];

/// 1–999 as a standalone number (nominative).
fn arabic_below_thousand(n: u64) -> Vec<String> {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(at(&AR_HUNDREDS, n / 100).to_owned());
    }
    let rest = n % 100;
    match rest {
        0 => {}
        1..=10 => parts.push(at(&AR_ONES, rest).to_owned()),
        11 => parts.push("أحد عشر".to_owned()),
        12 => parts.push("اثنا عشر".to_owned()),
        13..=19 => parts.push(format!("{} عشر", at(&AR_ONES, rest % 10))),
        _ => {
            let tens = at(&AR_TENS, rest / 10);
            parts.push(match rest % 10 {
                0 => tens.to_owned(),
                unit => format!("{} و{tens}", at(&AR_ONES, unit)),
            });
        }
    }
    parts
}

/// A group of 1–999 directly followed by a counted noun: 200 is in the
/// construct state ("مئتا").
fn arabic_group_before_noun(n: u64) -> String {
    if n.is_multiple_of(100) && n / 100 == 2 {
        return "مئتا".to_owned();
    }
    arabic_below_thousand(n).join(" و")
}

/// One group with its scale word, e.g. 3 thousands → "ثلاثة آلاف".
fn arabic_scaled(g: u64, scale: u64) -> String {
    let index = usize::try_from(scale.saturating_sub(1)).unwrap_or(usize::MAX);
    let Some(&(one, two, plural, accusative)) = AR_SCALES.get(index) else {
        return arabic_below_thousand(g).join(" و");
    };
    match arabic_form(g) {
        ArabicForm::One => one.to_owned(),
        ArabicForm::Two => two.to_owned(),
        ArabicForm::Plural => format!("{} {plural}", arabic_group_before_noun(g)),
        ArabicForm::Accusative => format!("{} {accusative}", arabic_group_before_noun(g)),
        ArabicForm::Genitive => format!("{} {one}", arabic_group_before_noun(g)),
    }
}

/// Every group of `n`, highest first, the last one (units) in the form
/// chosen by `last`.
fn arabic_parts(n: u64, last: impl Fn(u64) -> String) -> String {
    groups(n)
        .into_iter()
        .rev()
        .filter(|&(_, g)| g > 0)
        .map(|(scale, g)| {
            if scale == 0 {
                last(g)
            } else {
                arabic_scaled(g, scale)
            }
        })
        .collect::<Vec<_>>()
        .join(" و")
}

fn arabic(n: u64) -> String {
    if n == 0 {
        return AR_ONES[0].to_owned();
    }
    arabic_parts(n, |g| arabic_below_thousand(g).join(" و"))
}

/// `n` as it stands before a counted noun (only 200 in the units group
/// changes, to "مئتا").
fn arabic_before_noun(n: u64) -> String {
    if n == 0 {
        return AR_ONES[0].to_owned();
    }
    arabic_parts(n, arabic_group_before_noun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{Ar, En, Fa};

    #[test]
    fn english_numbers() {
        let cases = [
            (0, "zero"),
            (1, "one"),
            (13, "thirteen"),
            (19, "nineteen"),
            (20, "twenty"),
            (42, "forty-two"),
            (100, "one hundred"),
            (300, "three hundred"),
            (1000, "one thousand"),
            (1234, "one thousand two hundred thirty-four"),
            (70_000, "seventy thousand"),
            (1_000_000, "one million"),
            (1_200_000_000, "one billion two hundred million"),
            (1_000_001, "one million one"),
            (
                999_999,
                "nine hundred ninety-nine thousand nine hundred ninety-nine",
            ),
        ];
        for (n, want) in cases {
            assert_eq!(number(n, En), want, "{n}");
        }
        assert!(number(u64::MAX, En).starts_with("eighteen quintillion"));
    }

    #[test]
    fn persian_numbers() {
        let cases = [
            (0, "صفر"),
            (1, "یک"),
            (11, "یازده"),
            (15, "پانزده"),
            (20, "بیست"),
            (21, "بیست و یک"),
            (100, "یکصد"),
            (500, "پانصد"),
            (1000, "یک هزار"),
            (2000, "دو هزار"),
            (1_000_000, "یک میلیون"),
            (1_200_000_000, "یک میلیارد و دویست میلیون"),
            (123_456, "یکصد و بیست و سه هزار و چهارصد و پنجاه و شش"),
            (1_000_000_000_000, "یک هزار میلیارد"),
            (1_005, "یک هزار و پنج"),
        ];
        for (n, want) in cases {
            assert_eq!(number(n, Fa), want, "{n}");
        }
    }

    #[test]
    fn arabic_numbers() {
        let cases = [
            (0, "صفر"),
            (1, "واحد"),
            (2, "اثنان"),
            (11, "أحد عشر"),
            (12, "اثنا عشر"),
            (15, "خمسة عشر"),
            (20, "عشرون"),
            (21, "واحد وعشرون"),
            (100, "مئة"),
            (200, "مئتان"),
            (1000, "ألف"),
            (2000, "ألفان"),
            (3000, "ثلاثة آلاف"),
            (11_000, "أحد عشر ألفًا"),
            (100_000, "مئة ألف"),
            (200_000, "مئتا ألف"),
            (1_000_000, "مليون"),
            (5_000_000, "خمسة ملايين"),
            (1_000_000_000, "مليار"),
            (1_250, "ألف ومئتان وخمسون"),
        ];
        for (n, want) in cases {
            assert_eq!(number(n, Ar), want, "{n}");
        }
    }

    #[test]
    fn amounts_with_currency_names() {
        let cases = [
            (1_200_000_000, "IRR", Fa, "یک میلیارد و دویست میلیون ریال"),
            (0, "IRR", Fa, "صفر ریال"),
            (12_500_000, "IRT", Fa, "دوازده میلیون و پانصد هزار تومان"),
            (120_050, "USD", Fa, "یک هزار و دویست دلار و پنجاه سنت"),
            (
                120_050,
                "USD",
                En,
                "one thousand two hundred US dollars and fifty cents",
            ),
            (100, "USD", En, "one US dollar"),
            (101, "EUR", En, "one euro and one cent"),
            (5_000, "AED", En, "fifty UAE dirhams"),
            (-300, "IRR", En, "minus three hundred rials"),
            (1, "IRR", Ar, "ريال واحد"),
            (2, "IRR", Ar, "ريالان"),
            (3, "IRR", Ar, "ثلاثة ريالات"),
            (15, "IRR", Ar, "خمسة عشر ريالًا"),
            (100, "IRR", Ar, "مئة ريال"),
            (200, "IRR", Ar, "مئتا ريال"),
            (1_200_000_000, "IRR", Ar, "مليار ومئتا مليون ريال"),
            (250, "AED", Ar, "درهمان وخمسون فلسًا"),
            // KWD has three decimals and no name here: code and fraction.
            (
                1_234_567,
                "KWD",
                En,
                "one thousand two hundred thirty-four KWD and 567/1000",
            ),
        ];
        for (minor, currency, language, want) in cases {
            assert_eq!(
                amount(minor, currency, language),
                want,
                "{minor} {currency}"
            );
        }
    }

    #[test]
    fn currency_names_per_language() {
        assert_eq!(currency_name("IRR", Fa), "ریال");
        assert_eq!(currency_name("IRT", Ar), "تومان");
        assert_eq!(currency_name("USD", En), "US dollar");
        assert_eq!(currency_name("JPY", Fa), "JPY");
    }
}
