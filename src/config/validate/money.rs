//! `[money]`: currency codes must be well-formed, known to kariz's currency
//! table (so amounts can be stored in minor units) and consistent.

use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::raw::RawMoney;
use crate::config::types::MoneyConfig;
use crate::model::money::minor_units;

/// Checks one code: shape first (the common typo is lower case), then
/// whether kariz knows how many minor units it has.
fn currency_code(value: &Spanned<String>, key: &str, ctx: &Ctx<'_>) -> Result<String, ConfigError> {
    let code = value.get_ref();
    let well_formed = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    if !well_formed {
        return Err(ctx.error(
            value.span(),
            key,
            format!("currency {code:?} is not an ISO 4217 code; use three upper-case letters such as USD, IRR, AED"),
        ));
    }
    if minor_units(code).is_none() {
        return Err(ctx.error(
            value.span(),
            key,
            format!("currency {code:?} is not a known ISO 4217 code; use a code such as USD, EUR, IRR, AED"),
        ));
    }
    Ok(code.clone())
}

/// Builds the money settings. A missing `default_currency` becomes the first
/// listed currency (or USD), and an absent or empty list becomes just the
/// default, so both keys can be left out independently.
pub(super) fn money(raw: Option<RawMoney>, ctx: &Ctx<'_>) -> Result<MoneyConfig, ConfigError> {
    let Some(raw) = raw.filter(|r| {
        r.currencies.is_some() || r.default_currency.is_some() || r.report_currency.is_some()
    }) else {
        return Ok(MoneyConfig::default());
    };
    let mut currencies: Vec<String> = Vec::new();
    for (index, value) in raw
        .currencies
        .iter()
        .flat_map(|list| list.get_ref())
        .enumerate()
    {
        let key = format!("money.currencies[{index}]");
        let code = currency_code(value, &key, ctx)?;
        if currencies.contains(&code) {
            return Err(ctx.error(
                value.span(),
                &key,
                format!("currency {code:?} is listed twice; allowed: each currency once"),
            ));
        }
        currencies.push(code);
    }
    let default_currency = match &raw.default_currency {
        Some(value) => {
            let key = "money.default_currency";
            let code = currency_code(value, key, ctx)?;
            if !currencies.is_empty() && !currencies.contains(&code) {
                return Err(ctx.error(
                    value.span(),
                    key,
                    format!(
                        "default_currency {code:?} is not in currencies; allowed: {}, or add {code} to currencies",
                        currencies.join(", ")
                    ),
                ));
            }
            code
        }
        None => currencies
            .first()
            .cloned()
            .unwrap_or_else(|| MoneyConfig::default().default_currency),
    };
    if currencies.is_empty() {
        currencies.push(default_currency.clone());
    }
    let report_currency = match &raw.report_currency {
        Some(value) => currency_code(value, "money.report_currency", ctx)?,
        None => default_currency.clone(),
    };
    Ok(MoneyConfig {
        default_currency,
        currencies,
        report_currency,
    })
}
