//! Money sums per currency with their conversion to the report currency,
//! and ratios that say "no data" instead of dividing by zero.

use crate::model::exchange::{RateAt, Rates};
use crate::model::money::Money;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A sum being built: per currency, plus converted (see docs/reports.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    by_currency: BTreeMap<String, i64>,
    converted: i64,
    currency: String,
    missing: BTreeSet<String>,
}

impl Sum {
    /// An empty sum converting to `currency`.
    pub fn new(currency: &str) -> Sum {
        Sum {
            by_currency: BTreeMap::new(),
            converted: 0,
            currency: currency.to_string(),
            missing: BTreeSet::new(),
        }
    }

    /// Adds one deal's value, converted per deal at `at` (rounded per deal,
    /// before summing). A currency without a rate is remembered, not zeroed.
    pub fn add(&mut self, minor: i64, currency: &str, at: RateAt, rates: &Rates) {
        let slot = self.by_currency.entry(currency.to_string()).or_insert(0);
        *slot = slot.saturating_add(minor);
        match rates.convert(minor, currency, &self.currency, at) {
            Some(c) => self.converted = self.converted.saturating_add(c),
            None => {
                self.missing.insert(currency.to_string());
            }
        }
    }

    /// The converted total so far, in minor units.
    pub fn converted_minor(&self) -> i64 {
        self.converted
    }

    /// The finished figures.
    pub fn totals(&self) -> Totals {
        Totals {
            by_currency: self
                .by_currency
                .iter()
                .map(|(c, m)| Money {
                    minor: *m,
                    currency: c.clone(),
                })
                .collect(),
            converted: Money {
                minor: self.converted,
                currency: self.currency.clone(),
            },
            missing_rates: self.missing.iter().cloned().collect(),
        }
    }
}

/// Money figures of one row of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// The sum in each deal currency, by code.
    pub by_currency: Vec<Money>,
    /// The sum converted to the report currency; partial when
    /// `missing_rates` is not empty.
    pub converted: Money,
    /// Currencies left out of `converted` for want of a rate.
    pub missing_rates: Vec<String>,
}

/// A fraction 0–1 rounded to four decimals; `None` (JSON null) when the
/// denominator is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Ratio(pub Option<f64>);

impl Ratio {
    /// `part / whole`.
    pub fn of(part: i64, whole: i64) -> Ratio {
        if whole == 0 {
            return Ratio(None);
        }
        let r = part as f64 / whole as f64;
        Ratio(Some((r * 10_000.0).round() / 10_000.0))
    }

    /// As a percentage for tables: "62.5%", or "–".
    pub fn percent(self) -> String {
        match self.0 {
            Some(r) => {
                let p = format!("{:.1}", r * 100.0);
                format!("{}%", p.trim_end_matches(".0"))
            }
            None => "–".to_string(),
        }
    }
}

/// Median of values (mean of the middle two for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let high = *values.get(mid)?;
    if n % 2 == 1 {
        return Some(high as f64);
    }
    let low = *values.get(mid - 1)?;
    Some((low as f64 + high as f64) / 2.0)
}

/// Seconds as days rounded to 0.1.
pub fn days(seconds: f64) -> f64 {
    (seconds / 86_400.0 * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_medians() {
        assert_eq!(Ratio::of(2, 3).0, Some(0.6667));
        assert_eq!(Ratio::of(0, 0).0, None);
        assert_eq!(Ratio::of(1, 2).percent(), "50%");
        assert_eq!(Ratio::of(5, 8).percent(), "62.5%");
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
