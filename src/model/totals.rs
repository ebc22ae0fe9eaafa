//! The one place where the figures of a quote, order or invoice are worked
//! out, in integer minor units of the document's currency.
//!
//! Per line, in this order:
//! 1. gross = quantity × unit price. The quantity is kept in thousandths,
//!    so gross = round(quantity_milli × unit_price ÷ 1000).
//! 2. discount = round(gross × percent ÷ 100) for a percent discount (kept
//!    in basis points: 5% is 500), or the amount as given; it may not
//!    exceed the gross.
//! 3. net = gross − discount.
//! 4. tax = round(net × rate ÷ 100) (rate in basis points: 9% is 900).
//! 5. total = net + tax.
//!
//! Every `round` is half away from zero (0.5 → 1, −0.5 → −1), applied per
//! line; the document's subtotal, discount, tax and total are the sums of
//! the lines' figures, so the printed lines always add up to the totals.
//! The currency's minor units (0 for IRR, 2 for USD, 3 for KWD) only
//! decide how the amounts are written: the arithmetic is the same.

use super::input_error::InputError;
use serde::Serialize;

/// A discount on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase", tag = "kind", content = "value")]
pub enum Discount {
    /// No discount.
    #[default]
    None,
    /// A percentage of the line's gross, in basis points (12.5% is 1250).
    Percent(u32),
    /// A fixed amount in minor units.
    Amount(i64),
}

/// The inputs of one line's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    /// Quantity in thousandths (2.5 is 2500).
    pub quantity_milli: i64,
    /// Price of one unit in minor units.
    pub unit_price: i64,
    /// The discount.
    pub discount: Discount,
    /// Tax rate in basis points.
    pub tax_bp: u32,
}

/// The figures of one line or of a whole document, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// Quantity × unit price (before discount and tax).
    pub subtotal: i64,
    /// The discount.
    pub discount: i64,
    /// The tax, on the discounted amount.
    pub tax: i64,
    /// What the buyer pays: subtotal − discount + tax.
    pub total: i64,
}

/// `numerator ÷ denominator` rounded half away from zero; `None` on
/// overflow or a zero denominator.
fn div_round(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.abs() * 2 >= denominator.abs() {
        let away = if (numerator < 0) == (denominator < 0) {
            1
        } else {
            -1
        };
        quotient.checked_add(away)
    } else {
        Some(quotient)
    }
}

const TOO_LARGE: &str = "the amounts are too large to add up; use smaller quantities or prices";

fn to_i64(value: Option<i128>) -> Result<i64, String> {
    value
        .and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| TOO_LARGE.to_string())
}

/// The figures of one line.
pub fn line(input: &LineInput) -> Result<Totals, String> {
    let gross = to_i64(div_round(
        i128::from(input.quantity_milli) * i128::from(input.unit_price),
        1000,
    ))?;
    let discount = match input.discount {
        Discount::None => 0,
        Discount::Percent(bp) => to_i64(div_round(i128::from(gross) * i128::from(bp), 10_000))?,
        Discount::Amount(amount) => amount,
    };
    if discount < 0 || discount > gross.max(0) {
        return Err(format!(
            "a discount of {discount} is more than the line's amount {gross} (minor units)"
        ));
    }
    let net = gross - discount;
    let tax = to_i64(div_round(
        i128::from(net) * i128::from(input.tax_bp),
        10_000,
    ))?;
    Ok(Totals {
        subtotal: gross,
        discount,
        tax,
        total: to_i64(Some(i128::from(net) + i128::from(tax)))?,
    })
}

/// The figures of every line and their sums.
pub fn document(lines: &[LineInput]) -> Result<(Vec<Totals>, Totals), String> {
    let mut each = Vec::with_capacity(lines.len());
    let mut sum = Totals::default();
    for input in lines {
        let t = line(input)?;
        let add = |a: i64, b: i64| a.checked_add(b).ok_or_else(|| TOO_LARGE.to_string());
        sum.subtotal = add(sum.subtotal, t.subtotal)?;
        sum.discount = add(sum.discount, t.discount)?;
        sum.tax = add(sum.tax, t.tax)?;
        sum.total = add(sum.total, t.total)?;
        each.push(t);
    }
    Ok((each, sum))
}

/// Parses a quantity such as `3`, `2.5` or `1.125` (any digits) into
/// thousandths; more than three decimals, a negative or zero quantity is
/// refused.
pub fn parse_quantity(text: &str) -> Result<i64, InputError> {
    let bad = || InputError::Quantity {
        input: text.to_owned(),
    };
    let milli = parse_fixed(text, 3).ok_or_else(bad)?;
    if milli <= 0 {
        return Err(bad());
    }
    Ok(milli)
}

/// Parses a percentage such as `9`, `12.5` or `9%` into basis points
/// (0–100%).
pub fn parse_percent(text: &str) -> Result<u32, InputError> {
    let trimmed = text.trim().trim_end_matches(['%', '٪']);
    parse_fixed(trimmed, 2)
        .and_then(|bp| u32::try_from(bp).ok())
        .filter(|bp| *bp <= 10_000)
        .ok_or_else(|| InputError::Percent {
            input: text.to_owned(),
        })
}

/// `text` as an integer scaled by 10^`scale` (`"2.5"`, 3 → 2500); `None`
/// for anything else than digits with at most `scale` decimals.
fn parse_fixed(text: &str, scale: u32) -> Option<i64> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '٫' | '/' => '.',
            c => crate::text::digits::to_ascii(c).unwrap_or(c),
        })
        .collect();
    let (whole, fraction) = ascii.split_once('.').unwrap_or((&ascii, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > scale as usize {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let padded = format!("{fraction:0<width$}", width = scale as usize);
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().ok()?
    };
    whole.checked_mul(10_i64.pow(scale))?.checked_add(fraction)
}

/// Thousandths as plain text: 2500 → `2.5`, 3000 → `3`.
pub fn quantity_text(milli: i64) -> String {
    let whole = milli / 1000;
    let fraction = (milli % 1000).abs();
    if fraction == 0 {
        return whole.to_string();
    }
    let text = format!("{whole}.{fraction:03}");
    text.trim_end_matches('0').to_string()
}

/// A discount as typed: `5%` (or `٪`) is a percentage, a bare number an
/// amount in `currency`, `0` or nothing none.
pub fn parse_discount(text: &str, currency: &str) -> Result<Discount, InputError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Discount::None);
    }
    if trimmed.ends_with(['%', '٪']) {
        let bp = parse_percent(trimmed)?;
        return Ok(if bp == 0 {
            Discount::None
        } else {
            Discount::Percent(bp)
        });
    }
    let amount = super::money::parse_amount(trimmed, currency).map_err(InputError::Discount)?;
    Ok(if amount == 0 {
        Discount::None
    } else {
        Discount::Amount(amount)
    })
}

/// Basis points as a percentage: 900 → `9`, 1250 → `12.5`.
pub fn percent_text(bp: u32) -> String {
    let whole = bp / 100;
    let fraction = bp % 100;
    if fraction == 0 {
        return whole.to_string();
    }
    format!("{whole}.{fraction:02}")
        .trim_end_matches('0')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(quantity_milli: i64, unit_price: i64, discount: Discount, tax_bp: u32) -> LineInput {
        LineInput {
            quantity_milli,
            unit_price,
            discount,
            tax_bp,
        }
    }

    #[test]
    fn rials_with_percent_discount_and_tax() {
        // 3 × 1,250,000 = 3,750,000; 5% off = 187,500; net 3,562,500;
        // 10% tax = 356,250; total 3,918,750.
        let t = line(&l(3000, 1_250_000, Discount::Percent(500), 1000)).unwrap();
        assert_eq!(
            t,
            Totals {
                subtotal: 3_750_000,
                discount: 187_500,
                tax: 356_250,
                total: 3_918_750
            }
        );
    }

    #[test]
    fn rials_round_half_away_from_zero() {
        // 1 × 15 rials, 10% tax = 1.5 → 2; 1 × 25, 9% = 2.25 → 2.
        assert_eq!(line(&l(1000, 15, Discount::None, 1000)).unwrap().tax, 2);
        assert_eq!(line(&l(1000, 25, Discount::None, 900)).unwrap().tax, 2);
        // 0.5 × 3 = 1.5 → 2.
        assert_eq!(line(&l(500, 3, Discount::None, 0)).unwrap().subtotal, 2);
    }

    #[test]
    fn dollars_with_decimal_quantity() {
        // 2.5 × $19.99 = 4997.5 cents → 4998; 10% off = 499.8 → 500;
        // net 4498; 9% tax = 404.82 → 405; total 4903 ($49.03).
        let t = line(&l(2500, 1999, Discount::Percent(1000), 900)).unwrap();
        assert_eq!(
            t,
            Totals {
                subtotal: 4998,
                discount: 500,
                tax: 405,
                total: 4903
            }
        );
    }

    #[test]
    fn dinars_with_three_decimals_and_amount_discount() {
        // 1.333 × 7.125 KWD = 9497.625 fils → 9498; 0.498 off → 9000;
        // 5% tax = 450; total 9450 fils (9.450 KWD).
        let t = line(&l(1333, 7125, Discount::Amount(498), 500)).unwrap();
        assert_eq!(
            t,
            Totals {
                subtotal: 9498,
                discount: 498,
                tax: 450,
                total: 9450
            }
        );
    }

    #[test]
    fn documents_sum_their_lines() {
        let (each, sum) = document(&[
            l(3000, 1_250_000, Discount::Percent(500), 1000),
            l(1000, 15, Discount::None, 1000),
        ])
        .unwrap();
        assert_eq!(each.len(), 2);
        assert_eq!(sum.subtotal, 3_750_015);
        assert_eq!(sum.tax, 356_252);
        assert_eq!(sum.total, 3_918_767);
        assert_eq!(sum.total, sum.subtotal - sum.discount + sum.tax);
    }

    #[test]
    fn a_discount_above_the_amount_and_overflow_are_errors() {
        assert!(line(&l(1000, 100, Discount::Amount(101), 0)).is_err());
        assert!(line(&l(i64::MAX, i64::MAX, Discount::None, 0)).is_err());
    }

    #[test]
    fn quantities_and_percentages_parse() {
        assert_eq!(parse_quantity("3"), Ok(3000));
        assert_eq!(parse_quantity("2.5"), Ok(2500));
        assert_eq!(parse_quantity("۱٫۱۲۵"), Ok(1125));
        assert!(parse_quantity("1.2345").is_err());
        assert!(parse_quantity("0").is_err());
        assert!(parse_quantity("-1").is_err());
        assert_eq!(parse_percent("9"), Ok(900));
        assert_eq!(parse_percent("12.5%"), Ok(1250));
        assert!(parse_percent("101").is_err());
        assert_eq!(quantity_text(2500), "2.5");
        assert_eq!(quantity_text(3000), "3");
        assert_eq!(percent_text(1250), "12.5");
        assert_eq!(percent_text(900), "9");
    }
}
