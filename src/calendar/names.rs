//! Month and weekday names for long dates and error messages.

use crate::vocab::Language;

/// Jalali month names, Farvardin to Esfand, in Persian script. Arabic
/// speakers in Iran and Afghanistan use the same names for this calendar.
const JALALI_FA: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

/// Jalali month names in Latin letters, for English text and error messages.
const JALALI_LATIN: [&str; 12] = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
];

/// Gregorian month names in English.
const GREGORIAN_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Gregorian month names as written in Persian.
const GREGORIAN_FA: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// Gregorian month names as written in Arabic (the Levantine/Gulf forms
/// used in Saudi and Emirati business text are the transliterated ones).
const GREGORIAN_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

fn pick(names: &'static [&'static str; 12], month: u32) -> Option<&'static str> {
    names
        .get(usize::try_from(month.checked_sub(1)?).ok()?)
        .copied()
}

/// The name of Jalali `month` (1–12) in `language`.
#[must_use]
pub fn jalali_month(language: Language, month: u32) -> Option<&'static str> {
    match language {
        Language::En => pick(&JALALI_LATIN, month),
        Language::Fa | Language::Ar => pick(&JALALI_FA, month),
    }
}

/// The name of Gregorian `month` (1–12) in `language`.
#[must_use]
pub fn gregorian_month(language: Language, month: u32) -> Option<&'static str> {
    match language {
        Language::En => pick(&GREGORIAN_EN, month),
        Language::Fa => pick(&GREGORIAN_FA, month),
        Language::Ar => pick(&GREGORIAN_AR, month),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_month_number() {
        assert_eq!(jalali_month(Language::Fa, 1), Some("فروردین"));
        assert_eq!(jalali_month(Language::Fa, 9), Some("آذر"));
        assert_eq!(jalali_month(Language::En, 12), Some("Esfand"));
        assert_eq!(gregorian_month(Language::En, 11), Some("November"));
        assert_eq!(gregorian_month(Language::Ar, 1), Some("يناير"));
        assert_eq!(jalali_month(Language::Fa, 0), None);
        assert_eq!(jalali_month(Language::Fa, 13), None);
    }
}
