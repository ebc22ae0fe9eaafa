//! Segment queries (`crate::segment`) as SQL: a `WHERE` fragment for the
//! people, company, deal and task lists, with every value a bound
//! parameter. Keys are fixed words of the grammar; no user text is ever
//! written into the SQL. Text is compared folded (`kariz_fold`, the
//! store's SQL function over `text::fold`).

use super::db;
use super::db::Value;
use crate::error::{Error, Result};
use crate::model::Entity;
use crate::segment::{
    Cmp, Cond, DateKey, ErrorKind, Has, Owner, Query, SegmentError, Status, Term,
};
use crate::text::fold::fold;

/// The records a segment can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// People (table alias `p`).
    Person,
    /// Companies (alias `c`).
    Company,
    /// Deals (alias `d`).
    Deal,
    /// Tasks (alias `t`).
    Task,
}

impl Target {
    fn plural(self) -> &'static str {
        match self {
            Target::Person => "people",
            Target::Company => "companies",
            Target::Deal => "deals",
            Target::Task => "tasks",
        }
    }
}

/// A parsed segment with the acting user (`owner:me`).
#[derive(Debug, Clone, Default)]
pub struct Where {
    /// The parsed expression.
    pub query: Query,
    /// Whom `me` names.
    pub me: String,
}

/// A compiled `WHERE` fragment and its parameters, numbered from the
/// first index given to [`compile`].
#[derive(Debug, Clone, Default)]
pub struct Clause {
    /// SQL, to be ANDed into the caller's WHERE.
    pub sql: String,
    /// Values for `?first`, `?first+1`, ….
    pub params: Vec<Value>,
}

struct Builder {
    target: Target,
    first: usize,
    params: Vec<Value>,
    me: String,
}

impl Builder {
    /// Binds a value and returns its placeholder.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.first + self.params.len() - 1)
    }

    fn refuse(&self, term: &Term, key: &str) -> Error {
        Error::invalid(
            SegmentError {
                column: term.column,
                kind: ErrorKind::NotApplicable {
                    key: key.to_owned(),
                    records: self.target.plural(),
                },
            }
            .to_string(),
        )
    }
}

/// Compiles `filter` for `target`; placeholders start at `?first`.
///
/// # Errors
///
/// A key the target does not have (`status:` on people), naming its column.
pub fn compile(filter: &Where, target: Target, first: usize) -> Result<Clause> {
    let mut b = Builder {
        target,
        first,
        params: Vec::new(),
        me: filter.me.clone(),
    };
    let mut groups = Vec::new();
    for group in &filter.query.any {
        let mut terms = Vec::new();
        for term in group {
            let sql = condition(&mut b, term)?;
            terms.push(if term.negated {
                format!("NOT coalesce({sql}, FALSE)")
            } else {
                format!("({sql})")
            });
        }
        if terms.is_empty() {
            groups.push("TRUE".to_owned());
        } else {
            groups.push(format!("({})", terms.join(" AND ")));
        }
    }
    let sql = if groups.is_empty() {
        "TRUE".to_owned()
    } else {
        format!("({})", groups.join(" OR "))
    };
    Ok(Clause {
        sql,
        params: b.params,
    })
}

/// [`compile`] for an optional filter: no filter selects every record.
pub(super) fn compile_opt(filter: Option<&Where>, target: Target, first: usize) -> Result<Clause> {
    match filter {
        Some(f) => compile(f, target, first),
        None => Ok(Clause {
            sql: "TRUE".to_owned(),
            params: Vec::new(),
        }),
    }
}

fn date_op(cmp: Cmp) -> &'static str {
    cmp.as_str()
}

fn condition(b: &mut Builder, term: &Term) -> Result<String> {
    match b.target {
        Target::Person => person(b, term),
        Target::Company => company(b, term),
        Target::Deal => deal(b, term),
        Target::Task => task(b, term),
    }
}

/// `column` contains the folded `text`.
fn contains(b: &mut Builder, column: &str, text: &str) -> String {
    let p = b.bind(fold(text));
    format!("instr(kariz_fold(coalesce({column}, '')), {p}) > 0")
}

fn owner(b: &mut Builder, column: &str, who: &Owner) -> String {
    match who {
        Owner::Nobody => format!("coalesce({column}, '') = ''"),
        Owner::Me => {
            let me = b.me.clone();
            let p = b.bind(me);
            format!("{column} = {p}")
        }
        Owner::Login(login) => {
            let p = b.bind(login.clone());
            format!("lower({column}) = lower({p})")
        }
    }
}

fn tagged(b: &mut Builder, entity: Entity, id: &str, tag: &str) -> String {
    let p = b.bind(tag.to_owned());
    super::tags::tagged_sql(entity, id, &p).unwrap_or_else(|| "FALSE".to_owned())
}

fn dated(b: &mut Builder, column: &str, cmp: Cmp, date: chrono::NaiveDate) -> String {
    let p = b.bind(date.format("%Y-%m-%d").to_string());
    format!("substr({column}, 1, 10) {} {p}", date_op(cmp))
}

/// An activity of the kind `key` asks for (`called`: a call in or out, a
/// missed one is no call; `contacted`: anything but a note) on the
/// record's timeline, on a day that compares with `date` as written.
/// `whose` says which activities are the record's (`a.person_id = p.id`).
fn timeline(
    b: &mut Builder,
    whose: &str,
    key: DateKey,
    cmp: Cmp,
    date: chrono::NaiveDate,
) -> String {
    let kinds = match key {
        DateKey::Called => "a.kind IN ('incoming_call', 'outgoing_call')",
        _ => "a.kind <> 'note'",
    };
    let day = dated(b, "a.occurred_at", cmp, date);
    format!("EXISTS (SELECT 1 FROM activities a WHERE ({whose}) AND {kinds} AND {day})")
}

fn field(b: &mut Builder, custom: &str, key: &str, value: &str, column: Option<&str>) -> String {
    let path = b.bind(format!("$.\"{key}\""));
    let v = b.bind(fold(value));
    let stored = match column {
        Some(c) => format!("coalesce(json_extract({custom}, {path}), {c})"),
        None => format!("json_extract({custom}, {path})"),
    };
    format!("kariz_fold(coalesce({stored}, '')) = {v}")
}

fn points(b: &mut Builder, column: &str, id: &str, kind: &str) -> String {
    let p = b.bind(kind.to_owned());
    format!("EXISTS (SELECT 1 FROM contact_points cp WHERE cp.{column} = {id} AND cp.kind = {p})")
}

/// A deal of this person or company in a stage (open deals) or pipeline.
fn with_deal(b: &mut Builder, link: &str, id: &str, column: &str, value: &str) -> String {
    let p = b.bind(value.to_owned());
    let open = if column == "stage" {
        " AND dd.status = 'open'"
    } else {
        ""
    };
    format!(
        "EXISTS (SELECT 1 FROM deals dd WHERE dd.{link} = {id}{open}
                 AND lower(dd.{column}) = lower({p}))"
    )
}

/// Attributed to the campaign of this name (ignoring case).
fn campaign(b: &mut Builder, column: &str, name: &str) -> String {
    let p = b.bind(name.trim().to_owned());
    format!(
        "EXISTS (SELECT 1 FROM campaigns cg WHERE cg.id = {column} AND lower(cg.name) = lower({p}))"
    )
}

fn person(b: &mut Builder, term: &Term) -> Result<String> {
    Ok(match &term.cond {
        Cond::Tag(t) => tagged(b, Entity::Person, "p.id", t),
        Cond::Owner(o) => owner(b, "p.owner", o),
        Cond::Source(s) => contains(b, "p.lead_source", s),
        Cond::Campaign(s) => campaign(b, "p.campaign_id", s),
        Cond::City(s) => contains(b, "p.address", s),
        Cond::Name(s) => contains(b, "p.name", s),
        Cond::Company(s) => {
            let inner = contains(b, "cc.name", s);
            format!("EXISTS (SELECT 1 FROM companies cc WHERE cc.id = p.company_id AND {inner})")
        }
        Cond::Stage(s) => with_deal(b, "person_id", "p.id", "stage", s),
        Cond::Pipeline(s) => with_deal(b, "person_id", "p.id", "pipeline", s),
        Cond::Has(h) => match h {
            Has::Email => points(b, "person_id", "p.id", "email"),
            Has::Phone => points(b, "person_id", "p.id", "phone"),
            Has::Owner => "coalesce(p.owner, '') <> ''".to_owned(),
            Has::Company => "p.company_id IS NOT NULL".to_owned(),
            Has::Birthday => "p.birthday IS NOT NULL".to_owned(),
            Has::Tag => "EXISTS (SELECT 1 FROM person_tags x WHERE x.person_id = p.id)".to_owned(),
            Has::Deal => "EXISTS (SELECT 1 FROM deals dd WHERE dd.person_id = p.id)".to_owned(),
        },
        Cond::Date(DateKey::Created, cmp, d) => dated(b, "p.created_at", *cmp, *d),
        Cond::Date(DateKey::Updated, cmp, d) => dated(b, "p.updated_at", *cmp, *d),
        Cond::Date(k @ (DateKey::Called | DateKey::Contacted), cmp, d) => {
            timeline(b, "a.person_id = p.id", *k, *cmp, *d)
        }
        Cond::Field { key, value } => field(b, "p.custom", key, value, None),
        Cond::Text(s) => {
            let p = b.bind(fold(s));
            format!("instr(p.search_text, {p}) > 0")
        }
        Cond::Date(DateKey::Due, ..) => return Err(b.refuse(term, "due")),
        Cond::Status(_) => return Err(b.refuse(term, "status")),
    })
}

fn company(b: &mut Builder, term: &Term) -> Result<String> {
    Ok(match &term.cond {
        Cond::Tag(t) => tagged(b, Entity::Company, "c.id", t),
        Cond::Owner(o) => owner(b, "c.owner", o),
        Cond::City(s) => contains(b, "c.address", s),
        Cond::Name(s) | Cond::Company(s) => contains(b, "c.name", s),
        Cond::Stage(s) => with_deal(b, "company_id", "c.id", "stage", s),
        Cond::Pipeline(s) => with_deal(b, "company_id", "c.id", "pipeline", s),
        Cond::Has(h) => match h {
            Has::Email => points(b, "company_id", "c.id", "email"),
            Has::Phone => points(b, "company_id", "c.id", "phone"),
            Has::Owner => "coalesce(c.owner, '') <> ''".to_owned(),
            Has::Tag => {
                "EXISTS (SELECT 1 FROM company_tags x WHERE x.company_id = c.id)".to_owned()
            }
            Has::Deal => "EXISTS (SELECT 1 FROM deals dd WHERE dd.company_id = c.id)".to_owned(),
            Has::Company | Has::Birthday => return Err(b.refuse(term, "has")),
        },
        Cond::Date(DateKey::Created, cmp, d) => dated(b, "c.created_at", *cmp, *d),
        Cond::Date(DateKey::Updated, cmp, d) => dated(b, "c.updated_at", *cmp, *d),
        // The company's own timeline and its people's.
        Cond::Date(k @ (DateKey::Called | DateKey::Contacted), cmp, d) => timeline(
            b,
            "a.company_id = c.id OR a.person_id IN (SELECT pp.id FROM people pp WHERE pp.company_id = c.id)",
            *k,
            *cmp,
            *d,
        ),
        // A company's industry is a column of its own; a custom field of
        // that name comes first.
        Cond::Field { key, value } => {
            let column = (key == "industry").then_some("c.industry");
            field(b, "c.custom", key, value, column)
        }
        Cond::Text(s) => {
            let p = b.bind(fold(s));
            format!("instr(c.search_text, {p}) > 0")
        }
        Cond::Source(_) => return Err(b.refuse(term, "source")),
        Cond::Campaign(_) => return Err(b.refuse(term, "campaign")),
        Cond::Date(DateKey::Due, ..) => return Err(b.refuse(term, "due")),
        Cond::Status(_) => return Err(b.refuse(term, "status")),
    })
}

/// The deal's customer company: its own, else its contact's.
const DEAL_COMPANY: &str =
    "coalesce(d.company_id, (SELECT pp.company_id FROM people pp WHERE pp.id = d.person_id))";

fn deal(b: &mut Builder, term: &Term) -> Result<String> {
    Ok(match &term.cond {
        Cond::Tag(t) => tagged(b, Entity::Deal, "d.id", t),
        Cond::Owner(o) => owner(b, "d.owner", o),
        Cond::Name(s) => contains(b, "d.title", s),
        Cond::Stage(s) => {
            let p = b.bind(s.clone());
            format!("lower(d.stage) = lower({p})")
        }
        Cond::Pipeline(s) => {
            let p = b.bind(s.clone());
            format!("lower(d.pipeline) = lower({p})")
        }
        Cond::Status(s) => match s {
            Status::Open => "d.status = 'open'".to_owned(),
            Status::Won => "d.status = 'won'".to_owned(),
            Status::Lost => "d.status = 'lost'".to_owned(),
            Status::Done => return Err(b.refuse(term, "status:done")),
        },
        Cond::Company(s) => {
            let inner = contains(b, "cc.name", s);
            format!("EXISTS (SELECT 1 FROM companies cc WHERE cc.id = {DEAL_COMPANY} AND {inner})")
        }
        Cond::Campaign(s) => campaign(b, "d.campaign_id", s),
        Cond::Source(s) => {
            let inner = contains(b, "pp.lead_source", s);
            format!("EXISTS (SELECT 1 FROM people pp WHERE pp.id = d.person_id AND {inner})")
        }
        Cond::City(s) => {
            let p = b.bind(fold(s));
            format!(
                "(EXISTS (SELECT 1 FROM people pp WHERE pp.id = d.person_id
                          AND instr(kariz_fold(coalesce(pp.address, '')), {p}) > 0)
                  OR EXISTS (SELECT 1 FROM companies cc WHERE cc.id = {DEAL_COMPANY}
                          AND instr(kariz_fold(coalesce(cc.address, '')), {p}) > 0))"
            )
        }
        Cond::Has(h) => match h {
            Has::Owner => "coalesce(d.owner, '') <> ''".to_owned(),
            Has::Company => format!("{DEAL_COMPANY} IS NOT NULL"),
            Has::Tag => "EXISTS (SELECT 1 FROM deal_tags x WHERE x.deal_id = d.id)".to_owned(),
            Has::Email => points(b, "person_id", "d.person_id", "email"),
            Has::Phone => points(b, "person_id", "d.person_id", "phone"),
            Has::Birthday | Has::Deal => return Err(b.refuse(term, "has")),
        },
        Cond::Date(DateKey::Created, cmp, d) => dated(b, "d.created_at", *cmp, *d),
        Cond::Date(DateKey::Updated, cmp, d) => dated(b, "d.updated_at", *cmp, *d),
        Cond::Date(k @ (DateKey::Called | DateKey::Contacted), cmp, d) => {
            timeline(b, "a.deal_id = d.id", *k, *cmp, *d)
        }
        Cond::Field { key, value } => field(b, "d.custom", key, value, None),
        Cond::Text(s) => deal_text(b, s),
        Cond::Date(DateKey::Due, ..) => return Err(b.refuse(term, "due")),
    })
}

/// A deal's text: its title, its contact's and its company's names.
fn deal_text(b: &mut Builder, s: &str) -> String {
    let p = b.bind(fold(s));
    format!(
        "(instr(kariz_fold(d.title), {p}) > 0
          OR EXISTS (SELECT 1 FROM people pp WHERE pp.id = d.person_id AND instr(pp.search_text, {p}) > 0)
          OR EXISTS (SELECT 1 FROM companies cc WHERE cc.id = d.company_id AND instr(cc.search_text, {p}) > 0))"
    )
}

fn task(b: &mut Builder, term: &Term) -> Result<String> {
    Ok(match &term.cond {
        Cond::Owner(o) => owner(b, "t.owner", o),
        Cond::Name(s) | Cond::Text(s) => contains(b, "t.title", s),
        Cond::Date(DateKey::Due, cmp, d) => {
            let p = b.bind(d.format("%Y-%m-%d").to_string());
            format!("t.due_date {} {p}", date_op(*cmp))
        }
        Cond::Date(DateKey::Created, cmp, d) => dated(b, "t.created_at", *cmp, *d),
        Cond::Date(DateKey::Updated, cmp, d) => dated(b, "t.updated_at", *cmp, *d),
        Cond::Date(DateKey::Called, ..) => return Err(b.refuse(term, "called")),
        Cond::Date(DateKey::Contacted, ..) => return Err(b.refuse(term, "contacted")),
        Cond::Status(Status::Open) => "t.done_at IS NULL".to_owned(),
        Cond::Status(Status::Done) => "t.done_at IS NOT NULL".to_owned(),
        // A task has no tags: those of the person, company or deal it is for.
        Cond::Tag(tag) => {
            let p = b.bind(tag.clone());
            let linked = [
                (Entity::Person, "t.person_id"),
                (Entity::Company, "t.company_id"),
                (Entity::Deal, "t.deal_id"),
            ]
            .into_iter()
            .filter_map(|(entity, id)| super::tags::tagged_sql(entity, id, &p))
            .collect::<Vec<_>>();
            format!("({})", linked.join(" OR "))
        }
        Cond::Status(_) => return Err(b.refuse(term, "status")),
        Cond::Source(_) => return Err(b.refuse(term, "source")),
        Cond::Campaign(_) => return Err(b.refuse(term, "campaign")),
        Cond::City(_) => return Err(b.refuse(term, "city")),
        Cond::Company(_) => return Err(b.refuse(term, "company")),
        Cond::Stage(_) => return Err(b.refuse(term, "stage")),
        Cond::Pipeline(_) => return Err(b.refuse(term, "pipeline")),
        Cond::Has(_) => return Err(b.refuse(term, "has")),
        Cond::Field { .. } => return Err(b.refuse(term, "field.")),
    })
}

/// Registers `kariz_fold(text)` (`text::fold`) on a connection, so
/// segment terms compare folded text whatever keyboard wrote it.
pub(super) fn register_fold(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "kariz_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| fold(&t)))
        },
    )
}

fn table(target: Target) -> (&'static str, &'static str) {
    match target {
        Target::Person => ("people", "p"),
        Target::Company => ("companies", "c"),
        Target::Deal => ("deals", "d"),
        Target::Task => ("tasks", "t"),
    }
}

/// The target a kind of record is filtered as; `None` for kinds segments
/// do not select.
pub fn target_of(entity: Entity) -> Option<Target> {
    match entity {
        Entity::Person => Some(Target::Person),
        Entity::Company => Some(Target::Company),
        Entity::Deal => Some(Target::Deal),
        Entity::Task => Some(Target::Task),
        _ => None,
    }
}

/// `id_column IN (the matching ids)`, for queries whose table alias is
/// not the segment's own (exports); no filter: `1`.
pub(super) fn id_in(
    filter: Option<&Where>,
    entity: Entity,
    id_column: &str,
    first: usize,
) -> Result<Clause> {
    let Some(filter) = filter else {
        return compile_opt(None, Target::Person, first);
    };
    let target = target_of(entity).ok_or_else(|| {
        Error::rejected(
            format!("a segment does not select {entity} records; it selects people, companies, deals and tasks"),
            crate::error::Remedy::DropFilter("where"),
        )
    })?;
    let clause = compile(filter, target, first)?;
    let (table, alias) = table(target);
    Ok(Clause {
        sql: format!(
            "{id_column} IN (SELECT {alias}.id FROM {table} {alias} WHERE {})",
            clause.sql
        ),
        params: clause.params,
    })
}

/// Ids of the `target` records matching `filter`, in id order.
pub(super) fn ids(conn: &db::Connection, filter: &Where, target: Target) -> Result<Vec<i64>> {
    let clause = compile(filter, target, 1)?;
    let (table, alias) = table(target);
    let sql = format!(
        "SELECT {alias}.id FROM {table} {alias} WHERE {} ORDER BY {alias}.id",
        clause.sql
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(db::params_from_iter(clause.params.iter()), |r| r.get(0))?;
    Ok(rows.collect::<db::Result<Vec<i64>>>()?)
}

impl super::Writer<'_> {
    /// [`ids`] inside this transaction, so a bulk change acts on exactly
    /// the records matching when it commits.
    pub fn matching_ids(&self, filter: &Where, target: Target) -> Result<Vec<i64>> {
        ids(self.conn(), filter, target)
    }
}
