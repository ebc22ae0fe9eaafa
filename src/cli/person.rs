//! `kariz person`: people.

use super::args::{self, apply_custom, opt_date, points, set_text};
use super::context::Context;
use super::output::{self, Render};
use super::render;
use super::resolve;
use crate::config::FieldEntity;
use crate::model::{Person, PersonData};
use crate::people_list;
use crate::store::{PageKey, PersonFilter, PersonLine, Store};
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a person
    Add {
        #[command(flatten)]
        fields: Fields,
        /// Print the new record as JSON
        #[arg(long)]
        json: bool,
    },
    /// List people by name
    List {
        /// Only people owned by this user
        #[arg(long)]
        owner: Option<String>,
        /// Only people with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only people of this company (id or name)
        #[arg(long)]
        company: Option<String>,
        /// Only new leads: people nobody owns yet
        #[arg(long)]
        new_leads: bool,
        #[command(flatten)]
        select: super::segment::Select,
        /// At most this many (0 = all)
        #[arg(long)]
        limit: Option<usize>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
        /// Read the database instead of the people list snapshot in the
        /// cache folder (same list, slower at many people); also
        /// KARIZ_NO_LIST_CACHE=1
        #[arg(
            long,
            env = "KARIZ_NO_LIST_CACHE",
            value_parser = clap::builder::FalseyValueParser::new()
        )]
        no_cache: bool,
    },
    /// Show one person with deals, open tasks and the activity timeline
    Show {
        /// Person id
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a person's fields (only the flags given change); with --where or --segment, every matching person's, in one transaction
    Edit {
        /// Person id (leave out with --where/--segment)
        id: Option<String>,
        #[command(flatten)]
        fields: Fields,
        /// Empty a field: company, title, phones, emails, address, birthday, source, campaign, owner, notes, tags
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
        /// Add a tag, keeping the others (repeat for more)
        #[arg(long, value_name = "TAG")]
        add_tag: Vec<String>,
        /// Remove a tag, keeping the others (repeat for more)
        #[arg(long, value_name = "TAG")]
        remove_tag: Vec<String>,
        #[command(flatten)]
        select: super::segment::Select,
        /// With --where/--segment: print the count and the people, change nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        edit: args::EditFlags,
    },
    /// Remove a person (refused while deals, tasks or activities link to them)
    Rm {
        /// Person id
        id: String,
        /// Keep linked deals, tasks and activities, without this person
        #[arg(long)]
        unlink: bool,
        #[command(flatten)]
        expect: args::Expect,
    },
}

/// The fields a person can be given on the command line.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// Full name
    #[arg(long)]
    name: Option<String>,
    /// Company: an id, or a name (a new company is created if none matches)
    #[arg(long)]
    company: Option<String>,
    /// Job title
    #[arg(long)]
    title: Option<String>,
    /// Phone, optionally labelled, e.g. "mobile:+98 912 345 6789" (repeat for more; replaces the list on edit)
    #[arg(long = "phone", value_name = "[LABEL:]NUMBER")]
    phones: Vec<String>,
    /// E-mail, optionally labelled, e.g. "work:sara@example.com" (repeat for more; replaces the list on edit)
    #[arg(long = "email", value_name = "[LABEL:]ADDRESS")]
    emails: Vec<String>,
    /// Postal address
    #[arg(long)]
    address: Option<String>,
    /// Birthday (YYYY-MM-DD; the other date forms work too)
    #[arg(long)]
    birthday: Option<String>,
    /// Lead source, e.g. web-form, referral, exhibition, cold-call
    #[arg(long)]
    source: Option<String>,
    /// The campaign the lead came from (name or id; see `kariz campaign list`)
    #[arg(long, value_name = "NAME")]
    campaign: Option<String>,
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
    /// Do not contact: yes (messages to this person are skipped) or no
    #[arg(long, value_name = "yes|no")]
    do_not_contact: Option<String>,
}

const CLEARABLE: &[&str] = &[
    "company", "title", "phones", "emails", "address", "birthday", "source", "campaign", "owner",
    "notes", "tags",
];

impl Fields {
    /// The do-not-contact flag given, if any.
    fn do_not_contact(&self) -> Result<Option<bool>> {
        match self.do_not_contact.as_deref().map(str::trim) {
            None => Ok(None),
            Some("yes" | "true" | "on" | "1") => Ok(Some(true)),
            Some("no" | "false" | "off" | "0") => Ok(Some(false)),
            Some(other) => Err(anyhow::anyhow!("--do-not-contact {other:?}: use yes or no")),
        }
    }

    fn apply(&self, ctx: &Context, store: &Store, data: &mut PersonData) -> Result<()> {
        if let Some(name) = &self.name {
            data.name = name.clone();
        }
        set_text(&mut data.title, &self.title);
        set_text(&mut data.address, &self.address);
        set_text(&mut data.lead_source, &self.source);
        if let Some(campaign) = &self.campaign {
            let found = store
                .campaign(campaign)
                .map_err(|e| anyhow::anyhow!("--campaign: {e}"))?;
            data.campaign_id = Some(found.id);
        }
        set_text(&mut data.owner, &self.owner);
        set_text(&mut data.notes, &self.notes);
        if self.birthday.is_some() {
            data.birthday = opt_date("birthday", &self.birthday, ctx.clock.today())?;
        }
        if !self.phones.is_empty() {
            data.phones = points(&self.phones, "mobile");
        }
        if !self.emails.is_empty() {
            data.emails = points(&self.emails, "work");
        }
        if !self.tags.is_empty() {
            data.tags = self.tags.clone();
        }
        apply_custom(
            store.config(),
            FieldEntity::Person,
            &self.custom,
            &mut data.custom,
        )
    }
}

fn clear(data: &mut PersonData, fields: &[String]) -> Result<()> {
    args::check_clear(fields, CLEARABLE)?;
    let c = |f: &str| args::clears(fields, f);
    if c("company") {
        data.company_id = None;
    }
    if c("title") {
        data.title = None;
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
    if c("birthday") {
        data.birthday = None;
    }
    if c("source") {
        data.lead_source = None;
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

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    let mut store = ctx.open()?;
    let out = ctx.render(store.config());
    let now = ctx.clock.now_utc();
    match command {
        Command::Add { fields, json } => add(ctx, &mut store, &fields, json),
        Command::List {
            owner,
            tag,
            company,
            new_leads,
            select,
            limit,
            json,
            no_cache,
        } => {
            let filter = PersonFilter {
                owner,
                tag,
                company_id: company.map(|c| resolve::company(&store, &c)).transpose()?,
                segment: select.resolve(ctx, &store)?,
                unassigned: new_leads,
            };
            let how = Listing {
                limit: limit.filter(|n| *n > 0),
                json,
                cache: ctx.env.cache_dir().ok().filter(|_| !no_cache),
            };
            list(&store, &out, &filter, how)
        }
        Command::Show { id, json } => show(ctx, &store, &out, args::id(&id)?, json),
        Command::Edit {
            id,
            fields,
            clear: cleared,
            add_tag,
            remove_tag,
            select,
            dry_run,
            edit: args::EditFlags { version, json },
        } => {
            super::bulk::one_or_many(&id, &select, "person")?;
            let Some(id) = id else {
                return edit_many(
                    ctx,
                    &mut store,
                    &select,
                    &fields,
                    &cleared,
                    (&add_tag, &remove_tag),
                    (dry_run, json),
                );
            };
            let tags = (add_tag.as_slice(), remove_tag.as_slice());
            edit_one(
                ctx,
                &mut store,
                &id,
                &fields,
                &cleared,
                tags,
                (version, json),
            )
        }
        Command::Rm {
            id,
            unlink,
            expect: args::Expect { version },
        } => {
            let id = args::id(&id)?;
            let person = store.person(id)?;
            store.write(now, |w| w.delete_person(id, version, unlink))?;
            output::line(&format!("Removed person {id} ({}).", person.data.name))
        }
    }
}

fn add(ctx: &Context, store: &mut Store, fields: &Fields, json: bool) -> Result<()> {
    let mut data = PersonData {
        owner: Some(store.actor().to_string()),
        ..PersonData::default()
    };
    fields.apply(ctx, store, &mut data)?;
    let do_not_contact = fields.do_not_contact()?;
    let id = store.write(ctx.clock.now_utc(), |w| {
        data.company_id = resolve::company_in(w, &fields.company)?;
        let id = w.add_person(data)?;
        if let Some(on) = do_not_contact {
            w.set_do_not_contact(id, on)?;
        }
        Ok(id)
    })?;
    report(store, id, json, "Added")
}

/// `person edit ID`.
fn edit_one(
    ctx: &Context,
    store: &mut Store,
    id: &str,
    fields: &Fields,
    cleared: &[String],
    tags: (&[String], &[String]),
    (version, json): (Option<i64>, bool),
) -> Result<()> {
    let id = args::id(id)?;
    let person = store.person(id)?;
    let mut data = person.data.clone();
    clear(&mut data, cleared)?;
    fields.apply(ctx, store, &mut data)?;
    super::bulk::retag(&mut data.tags, tags.0, tags.1);
    let do_not_contact = fields.do_not_contact()?;
    // Without --version only the fields given are written, onto the
    // record as stored at write time (field-level, see store::patch).
    store.write(ctx.clock.now_utc(), |w| {
        if fields.company.is_some() {
            data.company_id = resolve::company_in(w, &fields.company)?;
        }
        match version {
            Some(expected) => w.update_person(id, expected, data)?,
            None => w.patch_person(id, &person.data, &data)?,
        }
        if let Some(on) = do_not_contact {
            w.set_do_not_contact(id, on)?;
        }
        Ok(())
    })?;
    let verb = if store.person(id)?.version == person.version {
        "Nothing to change in"
    } else {
        "Changed"
    };
    report(store, id, json, verb)
}

/// `person edit --where/--segment`: the same edit on every matching person.
fn edit_many(
    ctx: &Context,
    store: &mut Store,
    select: &super::segment::Select,
    fields: &Fields,
    cleared: &[String],
    tags: (&[String], &[String]),
    flags: (bool, bool),
) -> Result<()> {
    if fields.do_not_contact.is_some() {
        anyhow::bail!("--do-not-contact changes one person at a time: give the person's ID");
    }
    let Some(filter) = select.resolve(ctx, store)? else {
        anyhow::bail!("name the people with --where EXPR or --segment NAME");
    };
    let company_id = match &fields.company {
        Some(c) => Some(resolve::company(store, c)?),
        None => None,
    };
    let edit = |store: &Store, data: &mut PersonData| -> Result<()> {
        clear(data, cleared)?;
        fields.apply(ctx, store, data)?;
        if company_id.is_some() {
            data.company_id = company_id;
        }
        Ok(())
    };
    super::bulk::people(ctx, store, &filter, &edit, tags, flags)
}

fn report(store: &Store, id: i64, json: bool, verb: &str) -> Result<()> {
    let person = store.person(id)?;
    if json {
        return output::json(&person);
    }
    output::line(&format!(
        "{verb} person {id} ({}), version {}.",
        person.data.name, person.version
    ))
}

/// How `person list` prints: a page size, JSON, and the cache folder of
/// the people list snapshot (`None`: read the database).
struct Listing {
    limit: Option<usize>,
    json: bool,
    cache: Option<std::path::PathBuf>,
}

/// The columns of `person list`, and which are right-aligned.
const COLUMNS: [&str; 7] = ["id", "name", "company", "phone", "email", "owner", "tags"];
const RIGHT: [bool; 7] = [true, false, false, false, false, false, false];
const NO_ONE: &str = "No people match.";

fn list(store: &Store, out: &Render, filter: &PersonFilter, how: Listing) -> Result<()> {
    let Listing { limit, json, cache } = how;
    let list = if filter.is_everyone() && limit.is_none() && !json {
        // The whole list needs only its cells: from the snapshot when
        // there is a cache folder, else read lean.
        match (cache, store.path()) {
            (Some(cache), Some(db)) => people_list::current(store, db, &cache)?,
            _ => people_list::read_afresh(store)?,
        }
    } else {
        let people = match limit {
            None => store.all_people(filter)?,
            limit => output::all_pages(
                limit,
                |after, n| store.people(filter, after, n),
                PageKey::after_person,
            )?,
        };
        if json {
            return output::json(&people);
        }
        people_list::of_lines(people.into_iter().map(PersonLine::from))
    };
    let rows = || {
        list.lines().map(|l| {
            let texts = [l.name, l.company, l.phone, l.email, l.owner];
            cells(l.id, texts, l.tags())
        })
    };
    out.print_streamed(COLUMNS, RIGHT, rows, NO_ONE)
}

/// A person's cells in [`COLUMNS`]: id, then name, company, first phone,
/// first e-mail and owner as `texts`, then the tags joined.
fn cells<'a>(
    id: i64,
    texts: [&'a str; 5],
    mut tags: impl Iterator<Item = &'a str>,
) -> [Cow<'a, str>; 7] {
    let [name, company, phone, email, owner] = texts.map(Cow::Borrowed);
    let joined = match (tags.next(), tags.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(only), None) => Cow::Borrowed(only),
        (Some(first), Some(second)) => {
            let mut all = format!("{first}, {second}");
            for tag in tags {
                all.push_str(", ");
                all.push_str(tag);
            }
            Cow::Owned(all)
        }
    };
    [
        Cow::Owned(id.to_string()),
        name,
        company,
        phone,
        email,
        owner,
        joined,
    ]
}

/// Everything on one customer's page.
#[derive(Serialize)]
struct PersonPage {
    #[serde(flatten)]
    person: Person,
    do_not_contact: bool,
    deals: Vec<crate::model::Deal>,
    open_tasks: Vec<crate::model::Task>,
    activities: Vec<crate::model::Activity>,
    receivables: super::sales_doc::Receivables,
}

fn show(ctx: &Context, store: &Store, out: &Render, id: i64, json: bool) -> Result<()> {
    let records = crate::pages::person(store, id, ctx.clock.today(), super::SHOW_LIMITS)?;
    let page = PersonPage {
        do_not_contact: store.do_not_contact(id)?,
        person: records.person,
        deals: records.deals,
        open_tasks: records.open_tasks,
        activities: records.activities,
        receivables: super::sales_doc::Receivables::of_person(store, id, ctx.clock.today())?,
    };
    if json {
        return output::json(&page);
    }
    let p = &page.person;
    output::line(&format!(
        "Person {} — {}  (version {})",
        p.id, p.data.name, p.version
    ))?;
    let mut d = out.details();
    d.field(
        "Company",
        p.company
            .clone()
            .map(|c| format!("{c} (company {})", p.data.company_id.unwrap_or_default())),
    )
    .field("Title", p.data.title.clone())
    .field("Phones", render::contact_points(&p.data.phones, out))
    .field("E-mails", render::contact_points(&p.data.emails, out))
    .field("Address", p.data.address.clone())
    .field("Birthday", p.data.birthday.map(|d| out.date(d)))
    .field("Lead source", p.data.lead_source.clone())
    .field(
        "Campaign",
        render::campaign_label(store, p.data.campaign_id),
    )
    .field("Owner", p.data.owner.clone())
    .field(
        "Do not contact",
        page.do_not_contact
            .then(|| "yes — messages are skipped".to_string()),
    )
    .field("Tags", Some(p.data.tags.join(", ")))
    .field(
        "Custom",
        render::custom_values(
            store.config(),
            crate::config::FieldEntity::Person,
            &p.data.custom,
            out,
        ),
    )
    .field("Notes", p.data.notes.clone())
    .field("Created", Some(out.local_time(&ctx.clock, p.created_at)))
    .field("Changed", Some(out.local_time(&ctx.clock, p.updated_at)));
    output::raw(&d.render())?;
    render::print_deals_section(&page.deals, store.config(), ctx, out)?;
    render::print_tasks_section("Open tasks", &page.open_tasks, ctx, out)?;
    page.receivables.print(out)?;
    render::print_timeline(&page.activities, ctx, out)
}
