//! `kariz campaign`: campaigns people and deals are attributed to (add,
//! list, show, edit, rm). Figures: `kariz report campaigns`.

use super::args;
use super::context::Context;
use super::output::{self, Render};
use crate::model::{Campaign, CampaignChannel, CampaignData};
use crate::store::{Store, Target};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a campaign
    Add {
        /// Its name, unique ignoring case, e.g. "Tehran fair 1405"
        name: String,
        #[command(flatten)]
        fields: Fields,
        /// Print the new campaign as JSON
        #[arg(long)]
        json: bool,
    },
    /// List campaigns with how many people and deals name them
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one campaign: its fields, people and deals attributed, and how many people its segment selects
    Show {
        /// Name or id
        name: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a campaign's fields (only the flags given change)
    Edit {
        /// Name or id
        name: String,
        /// A new name
        #[arg(long = "rename", value_name = "NAME")]
        rename: Option<String>,
        #[command(flatten)]
        fields: Fields,
        /// Empty a field: start, end, segment, notes
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Remove a campaign (refused while people or deals name it)
    Rm {
        /// Name or id
        name: String,
        /// Keep the people and deals that name it, without the campaign
        #[arg(long)]
        unlink: bool,
        /// Print the removed campaign as JSON
        #[arg(long)]
        json: bool,
    },
}

/// The fields a campaign can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// How it reaches people: sms, email, exhibition, web, ad, referral, other [default on add: other]
    #[arg(long)]
    channel: Option<String>,
    /// What it cost in major units, e.g. 1500 or 2500.50 [default on add: 0]
    #[arg(long)]
    cost: Option<String>,
    /// ISO 4217 currency of the cost [default: the config's default currency]
    #[arg(long)]
    currency: Option<String>,
    /// First day (either calendar: 2026-03-01, 1405/01/01)
    #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
    start: Option<String>,
    /// Last day, included
    #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
    end: Option<String>,
    /// The people it targets, as a filter, e.g. "tag:vip city:مشهد" (see docs/segments.md)
    #[arg(long = "where", value_name = "EXPR", conflicts_with = "segment")]
    where_: Option<String>,
    /// The people it targets: a saved segment's filter, copied (name or id)
    #[arg(long, value_name = "NAME")]
    segment: Option<String>,
    /// Notes
    #[arg(long)]
    notes: Option<String>,
}

const CLEARABLE: &[&str] = &["start", "end", "segment", "notes"];

impl Fields {
    fn apply(&self, ctx: &Context, store: &Store, data: &mut CampaignData) -> Result<()> {
        if let Some(channel) = &self.channel {
            data.channel = CampaignChannel::parse(channel).ok_or_else(|| {
                anyhow!(
                    "--channel {}: not a channel; use one of {}",
                    crate::text::sanitize::quoted(channel),
                    CampaignChannel::allowed()
                )
            })?;
        }
        if let Some(currency) = &self.currency {
            data.currency = currency.trim().to_ascii_uppercase();
            if crate::model::money::minor_units(&data.currency).is_none() {
                return Err(anyhow!(
                    "--currency {}: not an ISO 4217 currency code; use three letters such as USD, IRR, AED",
                    crate::text::sanitize::quoted(currency)
                ));
            }
        }
        if let Some(cost) = &self.cost {
            data.cost_minor = crate::model::money::parse_amount(cost, &data.currency)
                .map_err(|e| anyhow!("--cost: {e}"))?;
        }
        let today = ctx.clock.today();
        if self.start.is_some() {
            data.starts_on = args::opt_date("start", &self.start, today)?;
        }
        if self.end.is_some() {
            data.ends_on = args::opt_date("end", &self.end, today)?;
        }
        if let Some(expr) = &self.where_ {
            store
                .where_of(expr, today)
                .map_err(|e| anyhow!("--where: {e}"))?;
            data.segment = Some(expr.trim().to_string());
        }
        if let Some(name) = &self.segment {
            let saved = store.saved_segment(name)?.ok_or_else(|| {
                anyhow!("--segment {name:?}: no such segment; see `kariz segment list`")
            })?;
            data.segment = Some(saved.expression);
        }
        args::set_text(&mut data.notes, &self.notes);
        Ok(())
    }
}

/// A campaign with how many people and deals name it.
#[derive(Debug, Serialize)]
struct Listed {
    #[serde(flatten)]
    campaign: Campaign,
    people: i64,
    deals: i64,
}

/// `campaign show`: the listed figures and the segment's size.
#[derive(Debug, Serialize)]
struct Shown {
    #[serde(flatten)]
    listed: Listed,
    /// People the segment selects now; null without a segment.
    segment_people: Option<usize>,
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    match command {
        Command::Add { name, fields, json } => add(ctx, &mut store, &out, name, &fields, json),
        Command::List { json } => list(&store, &out, json),
        Command::Show { name, json } => show(ctx, &store, &out, &name, json),
        Command::Edit {
            name,
            rename,
            fields,
            clear,
            edit,
        } => {
            let old = store.campaign(&name)?;
            let mut data = old.data.clone();
            args::check_clear(&clear, CLEARABLE)?;
            let c = |f: &str| args::clears(&clear, f);
            if c("start") {
                data.starts_on = None;
            }
            if c("end") {
                data.ends_on = None;
            }
            if c("segment") {
                data.segment = None;
            }
            if c("notes") {
                data.notes = None;
            }
            if let Some(rename) = rename {
                data.name = rename;
            }
            fields.apply(ctx, &store, &mut data)?;
            let version = edit.version.unwrap_or(old.version);
            store.write(ctx.clock.now_utc(), |w| {
                w.update_campaign(old.id, version, data)
            })?;
            let now = store.campaign_by_id(old.id)?;
            if edit.json {
                return output::json(&now);
            }
            let verb = if now.version == old.version {
                "Nothing to change in"
            } else {
                "Changed"
            };
            out.sentence(&format!("{verb} campaign {} ({}).", now.id, now.data.name))
        }
        Command::Rm { name, unlink, json } => {
            let old = store.campaign(&name)?;
            let gone = store.write(ctx.clock.now_utc(), |w| w.delete_campaign(old.id, unlink))?;
            if json {
                return output::json(&gone);
            }
            out.sentence(&format!(
                "Removed campaign {} ({}).",
                gone.id, gone.data.name
            ))
        }
    }
}

fn add(
    ctx: &Context,
    store: &mut Store,
    out: &Render,
    name: String,
    fields: &Fields,
    json: bool,
) -> Result<()> {
    let mut data = CampaignData {
        name,
        channel: CampaignChannel::Other,
        cost_minor: 0,
        currency: store.config().money.default_currency.clone(),
        starts_on: None,
        ends_on: None,
        segment: None,
        notes: None,
    };
    fields.apply(ctx, store, &mut data)?;
    let id = store.write(ctx.clock.now_utc(), |w| w.add_campaign(data))?;
    let added = store.campaign_by_id(id)?;
    if json {
        return output::json(&added);
    }
    out.sentence(&format!(
        "Added campaign {} ({}).",
        added.id, added.data.name
    ))
}

/// "1405/01/01 – 1405/01/10", "from 1405/01/01", "–".
fn period(out: &Render, start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} – {}", out.date(s), out.date(e)),
        (Some(s), None) => format!("{} –", out.date(s)),
        (None, Some(e)) => format!("– {}", out.date(e)),
        (None, None) => "–".to_string(),
    }
}

fn listed(store: &Store) -> Result<Vec<Listed>> {
    let links = store.campaign_links()?;
    Ok(store
        .campaigns()?
        .into_iter()
        .map(|campaign| {
            let (people, deals) = links.get(&campaign.id).copied().unwrap_or_default();
            Listed {
                campaign,
                people,
                deals,
            }
        })
        .collect())
}

fn list(store: &Store, out: &Render, json: bool) -> Result<()> {
    let all = listed(store)?;
    if json {
        return output::json(&all);
    }
    let mut table = out
        .table(&["id", "name", "channel", "cost", "period", "people", "deals"])
        .align_right("id")
        .align_right("cost")
        .align_right("people")
        .align_right("deals");
    for l in &all {
        let c = &l.campaign;
        table.row(vec![
            c.id.to_string(),
            c.data.name.clone(),
            c.data.channel.as_str().to_string(),
            out.money(c.data.cost_minor, &c.data.currency),
            period(out, c.data.starts_on, c.data.ends_on),
            out.count(l.people),
            out.count(l.deals),
        ]);
    }
    table.print("No campaigns; add one with `kariz campaign add NAME --channel sms --cost 1500`.")
}

fn show(ctx: &Context, store: &Store, out: &Render, name: &str, json: bool) -> Result<()> {
    let campaign = store.campaign(name)?;
    let (people, deals) = store
        .campaign_links()?
        .get(&campaign.id)
        .copied()
        .unwrap_or_default();
    let segment_people = match &campaign.data.segment {
        Some(expr) => {
            let filter = store.where_of(expr, ctx.clock.today())?;
            Some(store.matching_ids(&filter, Target::Person)?.len())
        }
        None => None,
    };
    let shown = Shown {
        listed: Listed {
            campaign,
            people,
            deals,
        },
        segment_people,
    };
    if json {
        return output::json(&shown);
    }
    let c = &shown.listed.campaign;
    output::line(&format!(
        "Campaign {} — {}  (version {})",
        c.id, c.data.name, c.version
    ))?;
    let mut d = out.details();
    d.field("Channel", Some(c.data.channel.as_str().to_string()))
        .field("Cost", Some(out.money(c.data.cost_minor, &c.data.currency)))
        .field(
            "Period",
            Some(period(out, c.data.starts_on, c.data.ends_on)),
        )
        .field(
            "Segment",
            c.data.segment.clone().map(|s| match shown.segment_people {
                Some(n) => format!("{s} ({} people now)", out.count(n as i64)),
                None => s,
            }),
        )
        .field("People", Some(out.count(shown.listed.people)))
        .field("Deals", Some(out.count(shown.listed.deals)))
        .field("Notes", c.data.notes.clone())
        .field("Created", Some(out.local_time(&ctx.clock, c.created_at)))
        .field("Changed", Some(out.local_time(&ctx.clock, c.updated_at)));
    output::raw(&d.render())
}
