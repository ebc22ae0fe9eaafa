//! `kariz goal`: targets per owner, shown on the dashboard with progress.

use super::args;
use super::context::Context;
use super::output;
use crate::store::GoalMetric;
use anyhow::{Result, anyhow, bail};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set (or replace) an owner's goal for a metric
    Set {
        /// The owner, as written on deals
        #[arg(long)]
        owner: String,
        /// won_value, deals_won or activities
        #[arg(long)]
        metric: String,
        /// The period the target is for (month)
        #[arg(long, default_value = "month")]
        period: String,
        /// The target: an amount for won_value (e.g. 25,000.00), else a count
        #[arg(long)]
        target: String,
        /// Currency of a won_value target; default: the report currency
        #[arg(long)]
        currency: Option<String>,
    },
    /// List goals
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Remove a goal by id
    Rm {
        /// Goal id (see `goal list`)
        id: String,
    },
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand, each a few lines
// that parse flags and call the store; splitting it would only add jumps.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Set {
            owner,
            metric,
            period,
            target,
            currency,
        } => {
            let owner = owner.trim().to_string();
            if owner.is_empty() {
                bail!("--owner: name the owner the goal is for");
            }
            let metric = GoalMetric::parse(metric.trim()).ok_or_else(|| {
                anyhow!("--metric {metric:?}: use won_value, deals_won or activities")
            })?;
            if period.trim() != "month" {
                bail!("--period {period:?}: only month goals exist; use --period month");
            }
            let (target_minor, currency) = match metric {
                GoalMetric::WonValue => {
                    let code = currency
                        .map(|c| c.trim().to_ascii_uppercase())
                        .unwrap_or_else(|| store.config().money.report_currency.clone());
                    if crate::model::money::minor_units(&code).is_none() {
                        bail!(
                            "--currency {code:?} is not a known ISO 4217 code; use e.g. USD, IRR"
                        );
                    }
                    let minor = crate::model::money::parse_amount(&target, &code)
                        .map_err(|e| anyhow!("--target: {e}"))?;
                    (minor, Some(code))
                }
                _ => {
                    if currency.is_some() {
                        bail!("--currency is only for won_value goals");
                    }
                    let n = args::id(&target).map_err(|_| {
                        anyhow!("--target {target:?}: use a whole number such as 20")
                    })?;
                    (n, None)
                }
            };
            let id = store.write(now, |w| {
                w.set_goal(&owner, metric, "month", target_minor, currency.as_deref())
            })?;
            output::line(&format!("goal {id}: {owner} {} per month", metric.as_str()))
        }
        Command::List { json } => {
            let goals = store.goals()?;
            if json {
                return output::json(&goals);
            }
            let mut table = out
                .table(&["id", "owner", "metric", "period", "target"])
                .align_right("id")
                .align_right("target");
            for g in &goals {
                table.row(vec![
                    g.id.to_string(),
                    g.owner.clone(),
                    g.metric.as_str().to_string(),
                    g.period.clone(),
                    match &g.currency {
                        Some(c) => out.money(g.target, c),
                        None => out.count(g.target),
                    },
                ]);
            }
            table.print("No goals yet; set one with `kariz goal set --owner NAME --metric deals_won --target 10`.")
        }
        Command::Rm { id } => {
            let id = args::id(&id)?;
            if !store.write(now, |w| w.remove_goal(id))? {
                bail!("no goal {id}; see `kariz goal list`");
            }
            output::line(&format!("goal {id} removed"))
        }
    }
}
