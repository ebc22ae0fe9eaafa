//! `kariz company`: companies.

use super::args::{self, apply_custom, points, set_text};
use super::context::Context;
use super::output::{self, Render};
use super::render;
use super::resolve;
use crate::config::FieldEntity;
use crate::model::{Company, CompanyData};
use crate::store::{CompanyFilter, PageKey, Store};
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a company
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Print the new record as JSON
        #[arg(long)]
        json: bool,
    },
    /// List companies by name
    List {
        /// Only companies owned by this user
        #[arg(long)]
        owner: Option<String>,
        /// Only companies with this tag
        #[arg(long)]
        tag: Option<String>,
        #[command(flatten)]
        select: super::segment::Select,
        /// At most this many (0 = all)
        #[arg(long)]
        limit: Option<usize>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one company with its people, deals, open tasks and timeline
    Show {
        /// Company id or exact name
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a company's fields (only the flags given change)
    Edit {
        /// Company id or exact name
        id: String,
        #[command(flatten)]
        fields: Fields,
        /// Empty a field: domain, industry, phones, emails, address, owner, notes, tags
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Remove a company (refused while people, deals, tasks or activities link to it)
    Rm {
        /// Company id or exact name
        id: String,
        /// Keep linked people, deals, tasks and activities, without this company
        #[arg(long)]
        unlink: bool,
        #[command(flatten)]
        expect: args::Expect,
    },
}

/// The fields a company can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// Name
    #[arg(long)]
    name: Option<String>,
    /// Website or e-mail domain, e.g. example.com
    #[arg(long)]
    domain: Option<String>,
    /// Industry
    #[arg(long)]
    industry: Option<String>,
    /// Phone, optionally labelled, e.g. "work:+98 21 8877 6655" (repeat; replaces the list on edit)
    #[arg(long = "phone", value_name = "[LABEL:]NUMBER")]
    phones: Vec<String>,
    /// E-mail, optionally labelled (repeat; replaces the list on edit)
    #[arg(long = "email", value_name = "[LABEL:]ADDRESS")]
    emails: Vec<String>,
    /// Postal address
    #[arg(long)]
    address: Option<String>,
    /// Owner [default on add: you]
    #[arg(long)]
    owner: Option<String>,
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
    "domain", "industry", "phones", "emails", "address", "owner", "notes", "tags",
];

impl Fields {
    fn apply(&self, store: &Store, data: &mut CompanyData) -> Result<()> {
        if let Some(name) = &self.name {
            data.name = name.clone();
        }
        set_text(&mut data.domain, &self.domain);
        set_text(&mut data.industry, &self.industry);
        set_text(&mut data.address, &self.address);
        set_text(&mut data.owner, &self.owner);
        set_text(&mut data.notes, &self.notes);
        if !self.phones.is_empty() {
            data.phones = points(&self.phones, "work");
        }
        if !self.emails.is_empty() {
            data.emails = points(&self.emails, "work");
        }
        if !self.tags.is_empty() {
            data.tags = self.tags.clone();
        }
        apply_custom(
            store.config(),
            FieldEntity::Company,
            &self.custom,
            &mut data.custom,
        )
    }
}

fn clear(data: &mut CompanyData, fields: &[String]) -> Result<()> {
    args::check_clear(fields, CLEARABLE)?;
    let c = |f: &str| args::clears(fields, f);
    if c("domain") {
        data.domain = None;
    }
    if c("industry") {
        data.industry = None;
    }
    if c("phones") {
        data.phones.clear();
    }
    if c("emails") {
        data.emails.clear();
    }
    if c("address") {
        data.address = None;
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

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, json } => {
            let mut data = CompanyData {
                owner: Some(store.actor().to_string()),
                ..CompanyData::default()
            };
            fields.apply(&store, &mut data)?;
            let id = store.write(now, |w| w.add_company(data))?;
            report(&store, id, json, "Added")
        }
        Command::List {
            owner,
            tag,
            select,
            limit,
            json,
        } => {
            let filter = CompanyFilter {
                owner,
                tag,
                segment: select.resolve(ctx, &store)?,
            };
            list(&store, &out, &filter, limit, json)
        }
        Command::Show { id, json } => {
            let id = resolve::company(&store, &id)?;
            show(ctx, &store, &out, id, json)
        }
        Command::Edit {
            id,
            fields,
            clear: cleared,
            edit: args::EditFlags { version, json },
        } => {
            let id = resolve::company(&store, &id)?;
            let company = store.company(id)?;
            let mut data = company.data.clone();
            clear(&mut data, &cleared)?;
            fields.apply(&store, &mut data)?;
            // Without --version only the fields given are written, onto the
            // record as stored at write time (field-level, see store::patch).
            store.write(now, |w| match version {
                Some(expected) => w.update_company(id, expected, data),
                None => w.patch_company(id, &company.data, &data),
            })?;
            let verb = if store.company(id)?.version == company.version {
                "Nothing to change in"
            } else {
                "Changed"
            };
            report(&store, id, json, verb)
        }
        Command::Rm {
            id,
            unlink,
            expect: args::Expect { version },
        } => {
            let id = resolve::company(&store, &id)?;
            let company = store.company(id)?;
            store.write(now, |w| w.delete_company(id, version, unlink))?;
            output::line(&format!("Removed company {id} ({}).", company.data.name))
        }
    }
}

fn report(store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let company = store.company(id)?;
    if json {
        return output::json(&company);
    }
    output::line(&format!(
        "{verb} company {id} ({}), version {}.",
        company.data.name, company.version
    ))
}

fn list(
    store: &Store,
    out: &Render,
    filter: &CompanyFilter,
    limit: Option<usize>,
    json: bool,
) -> Result<()> {
    let all = output::all_pages(
        limit.filter(|n| *n > 0),
        |after, n| store.companies(filter, after, n),
        PageKey::after_company,
    )?;
    if json {
        return output::json(&all);
    }
    let mut table = out
        .table(&["id", "name", "domain", "industry", "phone", "owner", "tags"])
        .align_right("id");
    for c in &all {
        table.row(vec![
            c.id.to_string(),
            c.data.name.clone(),
            c.data.domain.clone().unwrap_or_default(),
            c.data.industry.clone().unwrap_or_default(),
            c.data
                .phones
                .first()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
            c.data.owner.clone().unwrap_or_default(),
            c.data.tags.join(", "),
        ]);
    }
    table.print("No companies match.")
}

/// Everything on one company's page.
#[derive(Serialize)]
struct CompanyPage {
    #[serde(flatten)]
    company: Company,
    people: Vec<crate::model::Person>,
    deals: Vec<crate::model::Deal>,
    open_tasks: Vec<crate::model::Task>,
    activities: Vec<crate::model::Activity>,
    receivables: super::sales_doc::Receivables,
}

fn show(ctx: &Context, store: &Store, out: &Render, id: i64, json: bool) -> Result<()> {
    let records = crate::pages::company(store, id, ctx.clock.today(), super::SHOW_LIMITS)?;
    let page = CompanyPage {
        company: records.company,
        people: records.people,
        deals: records.deals,
        open_tasks: records.open_tasks,
        activities: records.activities,
        receivables: super::sales_doc::Receivables::of_company(store, id, ctx.clock.today())?,
    };
    if json {
        return output::json(&page);
    }
    let c = &page.company;
    output::line(&format!(
        "Company {} — {}  (version {})",
        c.id, c.data.name, c.version
    ))?;
    let mut d = out.details();
    d.field("Domain", c.data.domain.clone())
        .field("Industry", c.data.industry.clone())
        .field("Phones", render::contact_points(&c.data.phones, out))
        .field("E-mails", render::contact_points(&c.data.emails, out))
        .field("Address", c.data.address.clone())
        .field("Owner", c.data.owner.clone())
        .field("Tags", Some(c.data.tags.join(", ")))
        .field(
            "Custom",
            render::custom_values(
                store.config(),
                crate::config::FieldEntity::Company,
                &c.data.custom,
                out,
            ),
        )
        .field("Notes", c.data.notes.clone())
        .field("Created", Some(out.local_time(&ctx.clock, c.created_at)))
        .field("Changed", Some(out.local_time(&ctx.clock, c.updated_at)));
    output::raw(&d.render())?;
    output::raw(&format!("\nPeople ({})\n", out.count(page.people.len())))?;
    let mut table = out
        .table(&["id", "name", "title", "phone", "email"])
        .align_right("id");
    for p in &page.people {
        table.row(vec![
            p.id.to_string(),
            p.data.name.clone(),
            p.data.title.clone().unwrap_or_default(),
            p.data
                .phones
                .first()
                .map(|x| x.value.clone())
                .unwrap_or_default(),
            p.data
                .emails
                .first()
                .map(|x| x.value.clone())
                .unwrap_or_default(),
        ]);
    }
    output::raw(&table.render("  none"))?;
    render::print_deals_section(&page.deals, store.config(), ctx, out)?;
    render::print_tasks_section("Open tasks", &page.open_tasks, ctx, out)?;
    page.receivables.print(out)?;
    render::print_timeline(&page.activities, ctx, out)
}
