//! `[sales]`: the stage a deal moves to when a quote is accepted (globally
//! or per pipeline; each must name a stage of the pipelines it applies to),
//! the payment terms and the validity of new quotes.

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::raw::RawSales;
use crate::config::types::{Pipeline, SalesConfig};
use crate::text::sanitize::quoted;
use toml::Spanned;

pub(super) fn sales(
    raw: Option<RawSales>,
    pipelines: &[Pipeline],
    ctx: &Ctx<'_>,
) -> Result<SalesConfig, ConfigError> {
    let Some(raw) = raw else {
        return Ok(SalesConfig::default());
    };
    let defaults = SalesConfig::default();
    let days = |value: &Option<Spanned<i64>>, key: &str, default: u32| match value {
        None => Ok(default),
        Some(v) => u32::try_from(*v.get_ref())
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| ctx.error(v.span(), key, "a number of days from 1 to 3650")),
    };
    let mut accept_stages = std::collections::BTreeMap::new();
    for (pipeline_name, stage) in raw.accept_stages.unwrap_or_default() {
        let key = format!("sales.accept_stages.{pipeline_name}");
        let Some(pipeline) = pipelines
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(&pipeline_name))
        else {
            let names: Vec<&str> = pipelines.iter().map(|p| p.name.as_str()).collect();
            return Err(ctx.error(
                stage.span(),
                &key,
                format!(
                    "there is no pipeline {}; pipelines: {}",
                    quoted(&pipeline_name),
                    names.join(", ")
                ),
            ));
        };
        let name = stage_in(pipeline, &stage, &key, ctx)?;
        accept_stages.insert(pipeline.name.clone(), name);
    }
    let accept_stage = match &raw.accept_stage {
        None => None,
        Some(stage) => {
            let mut canonical = None;
            for pipeline in pipelines
                .iter()
                .filter(|p| !accept_stages.contains_key(&p.name))
            {
                canonical = Some(stage_in(pipeline, stage, "sales.accept_stage", ctx)?);
            }
            Some(canonical.unwrap_or_else(|| stage.get_ref().trim().to_string()))
        }
    };
    Ok(SalesConfig {
        accept_stage,
        accept_stages,
        payment_terms_days: days(
            &raw.payment_terms_days,
            "sales.payment_terms_days",
            defaults.payment_terms_days,
        )?,
        quote_valid_days: days(
            &raw.quote_valid_days,
            "sales.quote_valid_days",
            defaults.quote_valid_days,
        )?,
    })
}

/// The stage's name as the pipeline spells it, or an error naming both.
fn stage_in(
    pipeline: &Pipeline,
    stage: &Spanned<String>,
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<String, ConfigError> {
    match pipeline.stage(stage.get_ref().trim()) {
        Some(found) => Ok(found.name.clone()),
        None => {
            let names: Vec<&str> = pipeline.stages.iter().map(|s| s.name.as_str()).collect();
            Err(ctx.error(
                stage.span(),
                key,
                format!(
                    "pipeline {} has no stage {}; its stages: {} (set a stage per pipeline under [sales.accept_stages])",
                    quoted(&pipeline.name),
                    quoted(stage.get_ref()),
                    names.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn sales_defaults_and_values() {
        let config = Config::parse("", "t").unwrap();
        assert_eq!(config.sales.payment_terms_days, 30);
        assert_eq!(config.sales.accept_stage_for("sales"), None);
        let config = Config::parse(
            "[sales]\naccept_stage = \"won\"\npayment_terms_days = 14\n",
            "t",
        )
        .unwrap();
        assert_eq!(config.sales.payment_terms_days, 14);
        assert_eq!(config.sales.accept_stage_for("sales"), Some("Won"));
    }

    #[test]
    fn sales_errors_name_the_key() {
        let err = Config::parse("[sales]\naccept_stage = \"Signed\"\n", "t")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("sales.accept_stage") && err.contains("Negotiation"),
            "{err}"
        );
        let err = Config::parse("[sales.accept_stages]\nnope = \"Won\"\n", "t")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no pipeline"), "{err}");
        let err = Config::parse("[sales]\npayment_terms_days = 0\n", "t")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sales.payment_terms_days"), "{err}");
    }
}
