//! Exchange rates and the one rule for converting money between currencies.
//!
//! A rate "1 FROM = R TO" is kept as an exact decimal (`mantissa / 10^scale`)
//! so conversion is integer arithmetic: floats would make the same report
//! differ in its last rial from one machine to the next.

use super::money::minor_units;
use crate::text::fold::fold_digits;
use chrono::NaiveDate;
use serde::Serialize;

/// Most significant digits a rate may have; keeps every product in the
/// conversion inside 128 bits (value ≤ 2^63, rate < 10^15, units ≤ 10^4).
const MAX_DIGITS: usize = 15;

/// An exact positive decimal rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateValue {
    mantissa: i128,
    scale: u32,
}

impl RateValue {
    /// Parses "1050000", "1,050,000", "0.000000952" or Persian digits.
    ///
    /// # Errors
    /// A message naming the input when it is not a positive decimal with at
    /// most 15 significant digits.
    pub fn parse(text: &str) -> Result<RateValue, String> {
        let folded = fold_digits(text.trim()).replace([',', '_', '٬'], "");
        let folded = folded.replace('٫', ".");
        let bad = || {
            format!(
                "rate {:?} is not a positive decimal number; use e.g. 1050000 or 0.92",
                crate::text::sanitize::visible(text.trim())
            )
        };
        let (int, frac) = folded.split_once('.').unwrap_or((folded.as_str(), ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let digits: String = format!("{int}{frac}");
        let significant = digits.trim_start_matches('0');
        if significant.len() > MAX_DIGITS {
            return Err(format!(
                "rate {:?} has more than {MAX_DIGITS} significant digits; round it",
                crate::text::sanitize::visible(text.trim())
            ));
        }
        let mantissa: i128 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| bad())?
        };
        if mantissa == 0 {
            return Err(format!(
                "rate {:?} is zero; a rate must be more than 0",
                crate::text::sanitize::visible(text.trim())
            ));
        }
        let scale = u32::try_from(frac.len()).map_err(|_| bad())?;
        Ok(RateValue { mantissa, scale }.normalized())
    }

    /// Drops trailing zeros of the fraction, so equal rates compare equal.
    fn normalized(mut self) -> RateValue {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The plain decimal text, e.g. "1050000" or "0.92".
    pub fn to_text(self) -> String {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return digits;
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        format!("{int}.{frac}")
    }
}

/// One stored rate: on `day`, 1 `from` = `rate` `to` (major units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    /// Currency converted from.
    pub from: String,
    /// Currency converted to.
    pub to: String,
    /// The day the rate holds from.
    pub day: NaiveDate,
    /// How many `to` one `from` buys.
    pub rate: RateValue,
}

/// Which rate a conversion asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RateAt {
    /// The rate of that day (the latest set on or before it).
    Day(NaiveDate),
    /// The latest rate.
    Latest,
}

/// Every known rate, for looking one up by pair and day.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    /// Sorted by (from, to, day).
    rates: Vec<Rate>,
}

impl Rates {
    /// Builds the table from rates in any order.
    pub fn new(mut rates: Vec<Rate>) -> Rates {
        rates.sort_by(|a, b| (&a.from, &a.to, a.day).cmp(&(&b.from, &b.to, b.day)));
        Rates { rates }
    }

    /// The rate for a pair at `at`: the direct rate when one applies, else
    /// the inverse of the opposite pair's. `(rate, inverted)`.
    fn find(&self, from: &str, to: &str, at: RateAt) -> Option<(RateValue, bool)> {
        let pick = |f: &str, t: &str| {
            self.rates
                .iter()
                .filter(|r| r.from == f && r.to == t)
                .filter(|r| match at {
                    RateAt::Day(day) => r.day <= day,
                    RateAt::Latest => true,
                })
                .max_by_key(|r| r.day)
                .map(|r| r.rate)
        };
        pick(from, to)
            .map(|r| (r, false))
            .or_else(|| pick(to, from).map(|r| (r, true)))
    }

    /// Converts `minor` units of `from` into `to`'s minor units at `at`,
    /// rounded half away from zero. `None`: no rate applies (or the figure
    /// does not fit), which callers must name, never count as zero.
    pub fn convert(&self, minor: i64, from: &str, to: &str, at: RateAt) -> Option<i64> {
        if from == to {
            return Some(minor);
        }
        let (rate, inverted) = self.find(from, to, at)?;
        convert_with(minor, from, to, rate, inverted)
    }
}

/// `minor × rate × 10^units(to) / 10^units(from)` (or with the rate
/// inverted), exactly in 128 bits, rounded half away from zero.
fn convert_with(minor: i64, from: &str, to: &str, rate: RateValue, inverted: bool) -> Option<i64> {
    let pow = |n: u32| 10i128.checked_pow(n);
    let units_from = pow(u32::from(minor_units(from)?))?;
    let units_to = pow(u32::from(minor_units(to)?))?;
    let scale = pow(rate.scale)?;
    let (num_rate, den_rate) = if inverted {
        (scale, rate.mantissa)
    } else {
        (rate.mantissa, scale)
    };
    let numerator = i128::from(minor)
        .checked_mul(num_rate)?
        .checked_mul(units_to)?;
    let denominator = den_rate.checked_mul(units_from)?;
    i64::try_from(div_round_half_away(numerator, denominator)?).ok()
}

/// Integer division rounded half away from zero; `None` for a zero divisor.
pub fn div_round_half_away(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.checked_mul(2)?.abs() >= denominator.abs() {
        let away = if (numerator < 0) == (denominator < 0) {
            1
        } else {
            -1
        };
        Some(quotient + away)
    } else {
        Some(quotient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rate(from: &str, to: &str, d: &str, r: &str) -> Rate {
        Rate {
            from: from.into(),
            to: to.into(),
            day: day(d),
            rate: RateValue::parse(r).unwrap(),
        }
    }

    #[test]
    fn parses_and_prints_rates() {
        assert_eq!(RateValue::parse("1,050,000").unwrap().to_text(), "1050000");
        assert_eq!(RateValue::parse("0.920").unwrap().to_text(), "0.92");
        assert_eq!(RateValue::parse("۰٫۵").unwrap().to_text(), "0.5");
        assert_eq!(RateValue::parse(".05").unwrap().to_text(), "0.05");
        assert!(RateValue::parse("0").is_err());
        assert!(RateValue::parse("-3").is_err());
        assert!(RateValue::parse("abc").is_err());
        assert!(RateValue::parse("").is_err());
        assert!(RateValue::parse("1234567890123456").is_err());
    }

    #[test]
    fn converts_by_day_latest_and_inverse() {
        let rates = Rates::new(vec![
            rate("USD", "IRR", "2026-11-01", "1000000"),
            rate("USD", "IRR", "2026-12-01", "1050000"),
            rate("EUR", "USD", "2026-11-01", "1.1"),
        ]);
        // $12.34 = 1234 cents → 12.34 × 1,000,000 rials.
        let nov = RateAt::Day(day("2026-11-30"));
        assert_eq!(rates.convert(1234, "USD", "IRR", nov), Some(12_340_000));
        assert_eq!(
            rates.convert(1234, "USD", "IRR", RateAt::Latest),
            Some(12_957_000)
        );
        // Before the first rate there is none.
        assert_eq!(
            rates.convert(1234, "USD", "IRR", RateAt::Day(day("2026-10-31"))),
            None
        );
        // Inverse: 1,050,000 rials = $1.00; 1,575,000 rials = $1.50.
        assert_eq!(
            rates.convert(1_575_000, "IRR", "USD", RateAt::Latest),
            Some(150)
        );
        // 1 cent of EUR = 1.1 cents → rounds to 1; 5 cents → 5.5 → 6.
        assert_eq!(rates.convert(1, "EUR", "USD", RateAt::Latest), Some(1));
        assert_eq!(rates.convert(5, "EUR", "USD", RateAt::Latest), Some(6));
        // No chaining through USD.
        assert_eq!(rates.convert(100, "EUR", "IRR", RateAt::Latest), None);
        assert_eq!(rates.convert(7, "AED", "AED", RateAt::Latest), Some(7));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round_half_away(5, 2), Some(3));
        assert_eq!(div_round_half_away(-5, 2), Some(-3));
        assert_eq!(div_round_half_away(4, 3), Some(1));
        assert_eq!(div_round_half_away(1, 0), None);
    }

    #[test]
    fn huge_values_do_not_overflow_silently() {
        let rates = Rates::new(vec![rate("USD", "IRR", "2026-11-01", "999999999999999")]);
        assert_eq!(rates.convert(i64::MAX, "USD", "IRR", RateAt::Latest), None);
    }
}
