//! `kariz rules check|test`: the config's `[[rules]]` validated and told in
//! words, and replayed against the change log and current data without
//! writing (docs/automation.md).

use super::context::Context;
use super::output;
use anyhow::{Result, anyhow};
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the rules in the config and print each in words
    Check {
        /// Print the rules as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show what the rules would have done for the stage moves and new cases since a time, and for the time triggers due now (nothing is written)
    Test {
        /// How far back: days like 30d, or weeks like 2w
        #[arg(long, default_value = "30d", value_name = "AGO")]
        since: String,
        /// Print the results as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct Described<'a> {
    #[serde(flatten)]
    rule: &'a crate::config::rules::Rule,
    description: String,
}

/// Runs one subcommand.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Check { json } => check(ctx, json),
        Command::Test { since, json } => test(ctx, &since, json),
    }
}

fn describe(rule: &crate::config::rules::Rule) -> String {
    let actions: Vec<String> = rule.actions.iter().map(|a| a.describe()).collect();
    format!("{}: {}", rule.trigger.describe(), actions.join("; then "))
}

fn check(ctx: &Context, json: bool) -> Result<()> {
    let config = ctx.config()?;
    let out = ctx.render(&config);
    if json {
        let rules: Vec<Described> = config
            .rules
            .iter()
            .map(|rule| Described {
                rule,
                description: describe(rule),
            })
            .collect();
        return output::json(&rules);
    }
    if config.rules.is_empty() {
        return out
            .sentence("No rules in the config (add [[rules]] tables, see docs/automation.md).");
    }
    for rule in &config.rules {
        out.sentence(&format!(
            "Rule {}: {}.",
            crate::text::display::isolate(&rule.name),
            describe(rule)
        ))?;
    }
    out.sentence(&format!(
        "{} rules, all valid.",
        out.count(config.rules.len())
    ))
}

fn test(ctx: &Context, since: &str, json: bool) -> Result<()> {
    let days = parse_days(since)?;
    let store = ctx.open()?;
    let out = ctx.render(store.config());
    let from = ctx.clock.now_utc() - chrono::Duration::days(i64::from(days));
    let replayed = crate::remind::replay(&store, &ctx.clock, from)?;
    if json {
        return output::json(&replayed);
    }
    if replayed.is_empty() {
        return out.sentence("No rule would have run.");
    }
    for r in &replayed {
        let when = match r.at {
            Some(at) => out.local_time(&ctx.clock, at),
            None => "now".to_owned(),
        };
        let state = if r.already_ran { "ran" } else { "would run" };
        out.sentence(&format!(
            "{when} {} {state} for {}: {}",
            crate::text::display::isolate(&r.rule),
            r.event_key,
            r.actions.join("; ")
        ))?;
    }
    Ok(())
}

fn parse_days(text: &str) -> Result<u32> {
    let t = text.trim();
    let (n, factor) = match (t.strip_suffix('d'), t.strip_suffix('w')) {
        (Some(n), _) => (n, 1),
        (_, Some(n)) => (n, 7),
        _ => (t, 1),
    };
    n.parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|d| *d <= 3660)
        .ok_or_else(|| {
            anyhow!(
                "--since: {} is not a time back; write days like 30d or weeks like 2w",
                crate::text::sanitize::quoted(text)
            )
        })
}
