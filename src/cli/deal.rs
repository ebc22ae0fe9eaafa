//! `kariz deal`: deals and their stages.

use super::args::{self, apply_custom, set_text};
use super::context::Context;
use super::output::{self, Render};
use super::render;
use super::resolve;
use crate::config::{Config, FieldEntity};
use crate::model::{Deal, DealData, DealStatus};
use crate::store::{DealFilter, Store};
use crate::text::display::isolate;
use anyhow::{Result, anyhow};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a deal (in the pipeline's first stage unless --stage is given)
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Print the new record as JSON
        #[arg(long)]
        json: bool,
    },
    /// List deals, grouped by pipeline and stage
    List {
        /// Only this pipeline
        #[arg(long)]
        pipeline: Option<String>,
        /// Only this stage
        #[arg(long)]
        stage: Option<String>,
        /// Only open, won or lost deals
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Only deals owned by this user
        #[arg(long)]
        owner: Option<String>,
        /// Only deals of this person (id)
        #[arg(long)]
        person: Option<String>,
        /// Only deals of this company (id or name)
        #[arg(long)]
        company: Option<String>,
        /// Only deals with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only open deals that sat in their stage longer than its rot days
        #[arg(long)]
        rotting: bool,
        #[command(flatten)]
        select: super::segment::Select,
        /// At most this many, in the list's order (0 = all)
        #[arg(long)]
        limit: Option<usize>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one deal with its stage history, tasks and activities
    Show {
        /// Deal id
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a deal's fields (only the flags given change; a new --stage is a move)
    Edit {
        /// Deal id
        id: String,
        #[command(flatten)]
        fields: Fields,
        /// Empty a field: probability, close, person, company, owner, notes, tags, campaign
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Remove a deal and its stage history (refused while tasks or activities link to it)
    Rm {
        /// Deal id
        id: String,
        /// Keep linked tasks and activities, without this deal
        #[arg(long)]
        unlink: bool,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Move a deal to another stage of its pipeline
    Move {
        /// Deal id (leave out with --where/--segment)
        id: Option<String>,
        /// Target stage name (case-insensitive)
        stage: Option<String>,
        /// Target stage, for many deals: --where EXPR --to STAGE
        #[arg(long, value_name = "STAGE")]
        to: Option<String>,
        /// Why the deal was lost (required when moving into a lost stage)
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        select: super::segment::Select,
        /// With --where/--segment: print the count and the deals, move nothing
        #[arg(long)]
        dry_run: bool,
        /// Print JSON (with --where/--segment: the count and the deals)
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Mark a deal won (moves it to the pipeline's won stage)
    Won {
        /// Deal id
        id: String,
        #[command(flatten)]
        expect: args::Expect,
    },
    /// Mark a deal lost, with the reason
    Lost {
        /// Deal id
        id: String,
        /// Why it was lost, e.g. "price too high"
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        expect: args::Expect,
    },
}

/// Deal status filter.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// In an open stage
    Open,
    /// Won
    Won,
    /// Lost
    Lost,
}

impl From<StatusArg> for DealStatus {
    fn from(s: StatusArg) -> DealStatus {
        match s {
            StatusArg::Open => DealStatus::Open,
            StatusArg::Won => DealStatus::Won,
            StatusArg::Lost => DealStatus::Lost,
        }
    }
}

/// The fields a deal can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// What is being sold
    #[arg(long)]
    title: Option<String>,
    /// Pipeline name [default: the config's first pipeline]
    #[arg(long)]
    pipeline: Option<String>,
    /// Stage name [default: the pipeline's first open stage]
    #[arg(long)]
    stage: Option<String>,
    /// Value in major units, e.g. 1200.50 (no more decimals than the currency has)
    #[arg(long)]
    value: Option<String>,
    /// ISO 4217 currency code [default: the config's default currency]
    #[arg(long)]
    currency: Option<String>,
    /// Win probability 0–100, overriding the stage's
    #[arg(long)]
    probability: Option<u8>,
    /// Expected close date (YYYY-MM-DD, +30d, next friday…)
    #[arg(long, allow_hyphen_values = true)]
    close: Option<String>,
    /// Contact person id
    #[arg(long)]
    person: Option<String>,
    /// Customer company: id or name (a new company is created if none matches)
    #[arg(long)]
    company: Option<String>,
    /// Owner [default on add: you]
    #[arg(long)]
    owner: Option<String>,
    /// Why it was lost (with --stage set to a lost stage)
    #[arg(long)]
    reason: Option<String>,
    /// The campaign the deal came from (name or id; see `kariz campaign list`)
    #[arg(long, value_name = "NAME")]
    campaign: Option<String>,
    /// Notes
    #[arg(long)]
    notes: Option<String>,
    /// Tag (repeat for more; replaces the tags on edit)
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Custom field from the config, KEY=VALUE (empty VALUE removes it)
    #[arg(long = "field", value_name = "KEY=VALUE")]
    custom: Vec<String>,
}

const CLEARABLE: &[&str] = &[
    "probability",
    "close",
    "person",
    "company",
    "owner",
    "notes",
    "tags",
    "campaign",
];

impl Fields {
    /// `--campaign`: the campaign's id, or an error naming the known ones.
    fn apply_campaign(&self, store: &Store, data: &mut DealData) -> Result<()> {
        if let Some(campaign) = &self.campaign {
            let found = store
                .campaign(campaign)
                .map_err(|e| anyhow!("--campaign: {e}"))?;
            data.campaign_id = Some(found.id);
        }
        Ok(())
    }

    fn apply(&self, ctx: &Context, config: &Config, data: &mut DealData) -> Result<()> {
        if let Some(title) = &self.title {
            data.title = title.clone();
        }
        if let Some(pipeline) = &self.pipeline {
            data.pipeline = pipeline.clone();
        }
        if let Some(stage) = &self.stage {
            data.stage = stage.clone();
        }
        if let Some(currency) = &self.currency {
            let code = currency.trim().to_uppercase();
            if crate::model::money::minor_units(&code).is_none() {
                return Err(anyhow!(
                    "--currency {}: not an ISO 4217 currency code; use three letters such as USD, IRR, AED, EUR",
                    crate::text::sanitize::quoted(currency)
                ));
            }
            data.currency = code;
        }
        if let Some(value) = &self.value {
            data.value_minor = args::amount(value, &data.currency)?;
        } else if self.currency.is_some() && data.value_minor != 0 {
            return Err(anyhow!(
                "--currency changes how the value is read; give --value as well"
            ));
        }
        if self.probability.is_some() {
            data.probability = self.probability;
        }
        if self.close.is_some() {
            data.expected_close = args::opt_date("close", &self.close, ctx.clock.today())?;
        }
        if let Some(person) = &self.person {
            data.person_id = Some(args::id(person)?);
        }
        set_text(&mut data.owner, &self.owner);
        set_text(&mut data.lost_reason, &self.reason);
        set_text(&mut data.notes, &self.notes);
        if !self.tags.is_empty() {
            data.tags = self.tags.clone();
        }
        apply_custom(config, FieldEntity::Deal, &self.custom, &mut data.custom)
    }
}

fn clear(data: &mut DealData, fields: &[String]) -> Result<()> {
    args::check_clear(fields, CLEARABLE)?;
    let c = |f: &str| args::clears(fields, f);
    if c("probability") {
        data.probability = None;
    }
    if c("close") {
        data.expected_close = None;
    }
    if c("person") {
        data.person_id = None;
    }
    if c("company") {
        data.company_id = None;
    }
    if c("campaign") {
        data.campaign_id = None;
    }
    if c("owner") {
        data.owner = None;
    }
    if c("notes") {
        data.notes = None;
    }
    if c("tags") {
        data.tags.clear();
    }
    Ok(())
}

/// Spells `--pipeline` and `--stage` as the config does (they are matched
/// ignoring case, like everywhere else), and rejects names it does not have.
fn canonical_filter(
    config: &Config,
    pipeline: Option<String>,
    stage: Option<String>,
) -> Result<(Option<String>, Option<String>)> {
    let pipeline =
        match pipeline {
            None => None,
            Some(name) => Some(config.pipeline(&name).map(|p| p.name.clone()).ok_or_else(
                || {
                    let names: Vec<&str> =
                        config.pipelines.iter().map(|p| p.name.as_str()).collect();
                    anyhow!(
                        "--pipeline {}: not in the config; pipelines: {}",
                        crate::text::sanitize::quoted(&name),
                        names.join(", ")
                    )
                },
            )?),
        };
    let stage = match stage {
        None => None,
        Some(name) => {
            let pipelines: Vec<&crate::config::Pipeline> = match &pipeline {
                Some(p) => config.pipeline(p).into_iter().collect(),
                None => config.pipelines.iter().collect(),
            };
            let found = pipelines.iter().find_map(|p| p.stage(&name));
            Some(found.map(|s| s.name.clone()).ok_or_else(|| {
                let names: Vec<&str> = pipelines.iter().flat_map(|p| p.stage_names()).collect();
                anyhow!(
                    "--stage {}: no such stage; stages: {}",
                    crate::text::sanitize::quoted(&name),
                    names.join(", ")
                )
            })?)
        }
    };
    Ok((pipeline, stage))
}

fn stage_rank(config: &Config, deal: &Deal) -> (usize, usize) {
    let pipeline = config
        .pipelines
        .iter()
        .position(|p| p.name == deal.data.pipeline);
    let stage = config
        .pipeline(&deal.data.pipeline)
        .and_then(|p| p.stage_index(&deal.data.stage));
    (pipeline.unwrap_or(usize::MAX), stage.unwrap_or(usize::MAX))
}

/// Runs one subcommand.
// Long but flat: on purpose, one match arm per subcommand, each a few lines
// that parse flags and call the store; splitting it would only add jumps.
pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, json } => {
            let config = store.config().clone();
            let mut data = DealData {
                pipeline: config.default_pipeline().name.clone(),
                currency: config.money.default_currency.clone(),
                owner: Some(store.actor().to_string()),
                ..DealData::default()
            };
            fields.apply(ctx, &config, &mut data)?;
            fields.apply_campaign(&store, &mut data)?;
            let id = store.write(now, |w| {
                data.company_id = resolve::company_in(w, &fields.company)?;
                w.add_deal(data)
            })?;
            report(ctx, &store, &out, id, json, "Added")
        }
        Command::List {
            pipeline,
            stage,
            status,
            owner,
            person,
            company,
            tag,
            rotting,
            select,
            limit,
            json,
        } => {
            let company_id = company.map(|c| resolve::company(&store, &c)).transpose()?;
            let person_id = person.map(|p| args::id(&p)).transpose()?;
            let (pipeline, stage) = canonical_filter(store.config(), pipeline, stage)?;
            let filter = DealFilter {
                pipeline,
                stage,
                status: status.map(Into::into),
                owner,
                person_id,
                company_id,
                tag,
                limit: 0,
                segment: select.resolve(ctx, &store)?,
            };
            let config = store.config().clone();
            let mut deals = store.deals(&filter)?;
            deals.sort_by_key(|d| stage_rank(&config, d));
            let rows: Vec<render::DealRow> = deals
                .into_iter()
                .map(|d| render::DealRow::new(d, &config, now))
                .filter(|r| !rotting || r.rotting)
                .take(limit.filter(|n| *n > 0).unwrap_or(usize::MAX))
                .collect();
            if json {
                return output::json(&rows);
            }
            render::deal_table(&rows, &out).print("No deals match.")
        }
        Command::Show { id, json } => show(ctx, &store, &out, args::id(&id)?, json),
        Command::Edit {
            id,
            fields,
            clear: cleared,
            edit: args::EditFlags { version, json },
        } => {
            let id = args::id(&id)?;
            let deal = store.deal(id)?;
            let config = store.config().clone();
            let mut data = deal.data.clone();
            clear(&mut data, &cleared)?;
            fields.apply(ctx, &config, &mut data)?;
            fields.apply_campaign(&store, &mut data)?;
            // Without --version only the fields given are written (field-level).
            store.write(now, |w| {
                if fields.company.is_some() {
                    data.company_id = resolve::company_in(w, &fields.company)?;
                }
                match version {
                    Some(expected) => w.update_deal(id, expected, data),
                    None => w.patch_deal(id, &deal.data, &data),
                }
            })?;
            let verb = if store.deal(id)?.version == deal.version {
                "Nothing to change in"
            } else {
                "Changed"
            };
            report(ctx, &store, &out, id, json, verb)
        }
        Command::Rm {
            id,
            unlink,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            let deal = store.deal(id)?;
            store.write(now, |w| w.delete_deal(id, version, unlink))?;
            out.sentence(&format!(
                "Removed deal {id} ({}).",
                isolate(&deal.data.title)
            ))
        }
        Command::Move {
            id,
            stage,
            to,
            reason,
            select,
            dry_run,
            json,
            expect: args::Expect { version },
        } => {
            super::bulk::one_or_many(&id, &select, "deal")?;
            let Some(stage) = to.or(stage) else {
                anyhow::bail!("name the stage to move to: kariz deal move ID STAGE, or --to STAGE");
            };
            let Some(id) = id else {
                let Some(filter) = select.resolve(ctx, &store)? else {
                    anyhow::bail!("name the deals with --where EXPR or --segment NAME");
                };
                return super::bulk::move_deals(
                    ctx,
                    &mut store,
                    &filter,
                    &stage,
                    reason,
                    (dry_run, json),
                );
            };
            let id = args::id(&id)?;
            store.write(now, |w| w.move_deal(id, version, &stage, reason))?;
            report(ctx, &store, &out, id, json, "Moved")
        }
        Command::Won {
            id,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            store.write(now, |w| w.win_deal(id, version))?;
            report(ctx, &store, &out, id, false, "Won")
        }
        Command::Lost {
            id,
            reason,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            store.write(now, |w| w.lose_deal(id, version, &reason))?;
            report(ctx, &store, &out, id, false, "Lost")
        }
    }
}

fn report(
    ctx: &Context,
    store: &Store,
    out: &Render,
    id: i64,
    json: bool,
    verb: &str,
) -> Result<()> {
    let deal = store.deal(id)?;
    if json {
        return output::json(&render::DealRow::new(
            deal,
            store.config(),
            ctx.clock.now_utc(),
        ));
    }
    // The stage by its label in the output's language; --json keeps the
    // stored name.
    let stage = render::deal_value_shown(
        store.config(),
        Some(&deal.data.pipeline),
        "stage",
        &deal.data.stage,
    );
    out.sentence(&format!(
        "{verb} deal {id} ({}): {} · {}, version {}.",
        isolate(&deal.data.title),
        isolate(&stage),
        isolate(&out.money(deal.data.value_minor, &deal.data.currency)),
        deal.version
    ))
}

/// Everything on one deal's page.
#[derive(Serialize)]
struct DealPage {
    #[serde(flatten)]
    row: render::DealRow,
    stage_history: Vec<crate::model::StageMove>,
    open_tasks: Vec<crate::model::Task>,
    activities: Vec<crate::model::Activity>,
}

/// The "Stage history" section of `deal show`.
fn print_stage_history(ctx: &Context, store: &Store, out: &Render, page: &DealPage) -> Result<()> {
    let d = &page.row.deal;
    output::raw("\nStage history\n")?;
    let mut history = out.table(&["when", "from", "to", "by"]);
    let config = store.config();
    let stage =
        |name: &str| render::deal_value_shown(config, Some(&d.data.pipeline), "stage", name);
    for m in &page.stage_history {
        history.row(vec![
            out.local_time(&ctx.clock, m.at),
            m.from_stage
                .as_deref()
                .map_or_else(|| "(new)".into(), stage),
            stage(&m.to_stage),
            m.actor.clone(),
        ]);
    }
    output::raw(&history.render("  none"))
}

fn show(ctx: &Context, store: &Store, out: &Render, id: i64, json: bool) -> Result<()> {
    let records = crate::pages::deal(store, id, ctx.clock.today(), super::SHOW_LIMITS)?;
    let page = DealPage {
        row: render::DealRow::new(records.deal, store.config(), ctx.clock.now_utc()),
        stage_history: records.stage_history,
        open_tasks: records.open_tasks,
        activities: records.activities,
    };
    if json {
        return output::json(&page);
    }
    let r = &page.row;
    let d = &r.deal;
    output::line(&format!(
        "Deal {} — {}  (version {})",
        d.id, d.data.title, d.version
    ))?;
    let mut details = out.details();
    details
        .field("Pipeline", Some(r.pipeline_label.clone()))
        .field(
            "Stage",
            Some(format!(
                "{} ({}, {} days{})",
                r.stage_label,
                d.status.as_str(),
                out.count(r.days_in_stage),
                if r.rotting { ", rotting" } else { "" }
            )),
        )
        .field(
            "Value",
            Some(out.money(d.data.value_minor, &d.data.currency)),
        )
        .field(
            "Probability",
            Some(out.digits(&format!("{}%", r.effective_probability))),
        )
        .field("Expected close", d.data.expected_close.map(|c| out.date(c)))
        .field(
            "Person",
            d.person
                .clone()
                .map(|p| format!("{p} (person {})", d.data.person_id.unwrap_or_default())),
        )
        .field(
            "Company",
            d.company
                .clone()
                .map(|c| format!("{c} (company {})", d.data.company_id.unwrap_or_default())),
        )
        .field("Owner", d.data.owner.clone())
        .field(
            "Campaign",
            render::campaign_label(store, d.data.campaign_id),
        )
        .field("Lost reason", r.lost_reason_label.clone())
        .field("Tags", Some(d.data.tags.join(", ")))
        .field(
            "Custom",
            render::custom_values(
                store.config(),
                crate::config::FieldEntity::Deal,
                &d.data.custom,
                out,
            ),
        )
        .field("Notes", d.data.notes.clone())
        .field("Closed", d.closed_at.map(|c| out.local_time(&ctx.clock, c)))
        .field("Created", Some(out.local_time(&ctx.clock, d.created_at)));
    output::raw(&details.render())?;
    print_stage_history(ctx, store, out, &page)?;
    render::print_tasks_section("Open tasks", &page.open_tasks, ctx, out)?;
    render::print_timeline(&page.activities, ctx, out)
}
