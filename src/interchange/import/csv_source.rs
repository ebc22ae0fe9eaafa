//! CSV rows to records, through the column plan.

use super::csv_blocks::{Blocks, Text};
use super::csv_text::{CsvItem, CsvReader, sniff_delimiter};
use super::fields::{self, DateCell};
use super::mapping::{ColumnPlan, NamePart, Target};
use super::record::{ImportEntity, Issue, Parsed, Record};
use super::work_items::{self, WorkCells};
use crate::config::{Config, FieldEntity};
use crate::error::{Error, Remedy};
use crate::interchange::csv_safety::unprotect;
use crate::model::{CompanyData, ContactPoint, PersonData};
use std::collections::{BTreeMap, HashMap};

/// What a CSV import needs besides the text.
pub struct CsvSettings<'a> {
    /// What the rows are.
    pub entity: ImportEntity,
    /// Explicit `column → field` mappings.
    pub map: &'a BTreeMap<String, String>,
    /// The config (custom fields).
    pub config: &'a Config,
    /// Owner of records whose row names none.
    pub default_owner: &'a str,
}

#[cfg(test)]
impl<'a> CsvSettings<'a> {
    /// Settings of the unit tests: no explicit mappings, owner "t".
    pub(crate) fn for_tests(entity: ImportEntity, config: &'a Config) -> CsvSettings<'a> {
        static NO_MAP: BTreeMap<String, String> = BTreeMap::new();
        CsvSettings {
            entity,
            map: &NO_MAP,
            config,
            default_owner: "t",
        }
    }
}

/// The rows of a CSV file as records, with the column plan used.
pub struct CsvRead {
    /// How each column was used.
    pub plan: ColumnPlan,
    /// One entry per data row, in file order.
    pub rows: Vec<Parsed>,
}

/// Reads a whole CSV text. Fails only when the header itself is unusable;
/// row problems are issues on their rows.
pub fn read(text: &str, settings: &CsvSettings<'_>) -> Result<CsvRead, Error> {
    let mut rows = rows(text, settings)?;
    let parsed = rows.by_ref().collect();
    Ok(CsvRead {
        plan: rows.plan,
        rows: parsed,
    })
}

/// The data rows of a CSV text, converted one at a time as they are read,
/// so an import can plan and write the first rows before the last are read.
pub struct CsvRows<'a> {
    text: Text<'a>,
    /// Where the next record starts in the loaded text, and its line.
    pos: usize,
    line: usize,
    delimiter: u8,
    headers: Vec<String>,
    /// How each column is used.
    pub plan: ColumnPlan,
    settings: &'a CsvSettings<'a>,
}

/// Reads the header of a CSV text and returns its rows. Fails only when the
/// header itself is unusable; row problems are issues on their rows.
pub fn rows<'a>(text: &'a str, settings: &'a CsvSettings<'a>) -> Result<CsvRows<'a>, Error> {
    start(Text::Whole(text), settings)
}

/// [`rows`] of a UTF-8 file read a block at a time, so that the whole
/// text is never held (check it first with
/// [`super::csv_blocks::check_utf8`]: a row that does not decode here is
/// only a rejected row).
pub fn rows_of_file<'a>(
    file: std::fs::File,
    settings: &'a CsvSettings<'a>,
) -> Result<CsvRows<'a>, Error> {
    let blocks = Blocks::new(Box::new(file)).map_err(Error::invalid)?;
    start(Text::Read(blocks), settings)
}

/// The header of `text` read, and the rows after it.
pub(super) fn start<'a>(
    text: Text<'a>,
    settings: &'a CsvSettings<'a>,
) -> Result<CsvRows<'a>, Error> {
    let mut rows = CsvRows {
        delimiter: sniff_delimiter(text.loaded()),
        text,
        pos: 0,
        line: 1,
        headers: Vec::new(),
        plan: ColumnPlan::default(),
        settings,
    };
    let headers = match rows.next_item() {
        None => {
            return Err(Error::invalid(
                "the file is empty; the first line must be a header",
            ));
        }
        Some(CsvItem::Bad(p)) => {
            return Err(Error::invalid(format!(
                "line {}: the header line is broken: {}",
                p.line, p.reason
            )));
        }
        Some(CsvItem::Row(r)) => r.fields,
    };
    let plan = ColumnPlan::new(&headers, settings.map)?;
    let has_name = plan.columns.iter().any(|(_, t)| {
        matches!(
            t,
            Some(
                Target::Name
                    | Target::NamePart(_)
                    | Target::Email { .. }
                    | Target::Phone { .. }
                    | Target::EmailList
                    | Target::PhoneList
            )
        ) || matches!(t, Some(Target::Company))
            || (matches!(settings.entity, ImportEntity::Deal | ImportEntity::Task)
                && matches!(t, Some(Target::Title)))
    });
    if !has_name {
        return Err(Error::rejected(
            format!(
                "no column holds a name; the columns are: {}; map one of them to name",
                headers.join(", ")
            ),
            Remedy::ColumnMap,
        ));
    }
    rows.headers = headers;
    rows.plan = plan;
    Ok(rows)
}

impl CsvRows<'_> {
    /// The next record of the text, or a problem with one; `None` at its
    /// end. What is loaded ends at a line end, so a row read from it is
    /// whole; a problem that ran to the end of it (a quote not closed yet)
    /// may be mended by the next block, so it is read again once more is
    /// loaded.
    fn next_item(&mut self) -> Option<CsvItem> {
        loop {
            let loaded = self.text.loaded();
            let mut reader = CsvReader::resume(loaded, self.pos, self.line, self.delimiter);
            let item = reader.next();
            let whole = match &item {
                Some(CsvItem::Row(_)) => true,
                Some(CsvItem::Bad(_)) => reader.position() < loaded.len(),
                None => false,
            };
            if whole || self.text.complete() {
                self.pos = reader.position();
                self.line = reader.line();
                return item;
            }
            let Text::Read(blocks) = &mut self.text else {
                return item;
            };
            if let Err(reason) = blocks.more(self.pos) {
                // Nothing more can be read: the rest is one rejected row.
                let line = self.line;
                self.text = Text::Whole("");
                self.pos = 0;
                return Some(CsvItem::Bad(super::csv_text::CsvProblem {
                    line,
                    field: 0,
                    reason,
                }));
            }
            self.pos = 0;
        }
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        let item = self.next_item()?;
        let headers = &self.headers;
        Some(match item {
            CsvItem::Bad(p) => {
                // Field 0: the problem is not in one field.
                let column = p.field.checked_sub(1).and_then(|i| headers.get(i));
                let column = column.map(String::as_str);
                Parsed::rejected(p.line, Issue::error(p.line, column, p.reason))
            }
            CsvItem::Row(r) if r.fields.len() != headers.len() => Parsed::rejected(
                r.line,
                Issue::error(
                    r.line,
                    None,
                    format!(
                        "the row has {} fields but the header has {} (a missing or extra delimiter, or an unquoted comma)",
                        r.fields.len(),
                        headers.len()
                    ),
                ),
            ),
            CsvItem::Row(r) => convert(&self.plan, r.line, &r.fields, self.settings),
        })
    }
}

/// The cells of one row gathered by target.
#[derive(Default)]
struct Gathered {
    name: Option<String>,
    parts: BTreeMap<NamePart, String>,
    emails: Vec<(Option<u32>, String, String, String)>,
    email_labels: HashMap<u32, String>,
    phones: Vec<(Option<u32>, String, String, String)>,
    phone_labels: HashMap<u32, String>,
    company: Option<String>,
    title: Option<String>,
    tags: Vec<String>,
    notes: Vec<String>,
    owner: Option<String>,
    birthday: Option<(String, String)>,
    address: Vec<String>,
    external_id: Option<String>,
    lead_source: Option<String>,
    campaign: Option<String>,
    domain: Option<String>,
    industry: Option<String>,
    custom: Vec<(String, String, String)>,
    person: Option<String>,
    deal_ref: Option<String>,
    done: Option<Option<chrono::DateTime<chrono::Utc>>>,
    work: WorkCells,
}

fn put(slot: &mut Option<String>, value: &str) {
    if slot.is_none() {
        *slot = Some(value.to_string());
    }
}

/// One row's cells, in the plan's column order, to a record (JSON deals
/// and tasks come through here too, their keys as the columns).
pub(super) fn convert(
    plan: &ColumnPlan,
    line: usize,
    cells: &[String],
    s: &CsvSettings<'_>,
) -> Parsed {
    let mut issues = Vec::new();
    let mut g = Gathered::default();
    for ((header, target), raw) in plan.columns.iter().zip(cells) {
        let cell = unprotect(raw.trim());
        let cell = cell.as_ref();
        if cell.is_empty() {
            continue;
        }
        let Some(target) = target else { continue };
        match target {
            Target::Email { .. }
            | Target::EmailLabel(_)
            | Target::Phone { .. }
            | Target::PhoneList
            | Target::EmailList
            | Target::PhoneLabel(_) => gather_point(&mut g, target, header, cell),
            Target::Person
            | Target::Pipeline
            | Target::Stage
            | Target::Value
            | Target::Currency
            | Target::Probability
            | Target::ExpectedClose
            | Target::Due
            | Target::Priority
            | Target::ValueMinor
            | Target::LostReason
            | Target::DueTime
            | Target::Repeat
            | Target::Deal
            | Target::Done => gather_work(&mut g, target, header, cell),
            _ => gather_contact(&mut g, target, header, cell, line, &mut issues),
        }
    }
    let campaign = g.campaign.take();
    let record = build(g, line, s, &mut issues);
    let external_id = record.as_ref().ok().and_then(|(_, e)| e.clone());
    Parsed {
        line,
        external_id,
        campaign,
        record: record
            .ok()
            .map(|(r, _)| r)
            .filter(|_| issues.iter().all(|i| i.warning)),
        issues,
    }
}

/// An e-mail or phone cell, or the label of one.
fn gather_point(g: &mut Gathered, target: &Target, header: &str, cell: &str) {
    match target {
        Target::Email { slot, label } => {
            for v in fields::split_multi(cell) {
                g.emails
                    .push((*slot, label.clone(), v.to_string(), header.to_owned()));
            }
        }
        Target::EmailLabel(slot) => {
            g.email_labels.insert(*slot, cell.to_string());
        }
        Target::Phone { slot, label } => {
            for v in fields::split_multi(cell) {
                g.phones
                    .push((*slot, label.clone(), v.to_string(), header.to_owned()));
            }
        }
        Target::PhoneList => {
            for (label, value) in fields::labelled_list(cell, "mobile") {
                g.phones.push((None, label, value, header.to_owned()));
            }
        }
        Target::EmailList => {
            for (label, value) in fields::labelled_list(cell, "work") {
                g.emails.push((None, label, value, header.to_owned()));
            }
        }
        Target::PhoneLabel(slot) => {
            g.phone_labels.insert(*slot, cell.to_string());
        }
        _ => {}
    }
}

/// A deal's or task's own cell (pipeline, stage, value, due…).
fn gather_work(g: &mut Gathered, target: &Target, header: &str, cell: &str) {
    match target {
        Target::Person => put(&mut g.person, cell),
        Target::Pipeline => g.work.pipeline = Some((cell.to_string(), header.to_owned())),
        Target::Stage => g.work.stage = Some((cell.to_string(), header.to_owned())),
        Target::Value => g.work.value = Some((cell.to_string(), header.to_owned())),
        Target::Currency => g.work.currency = Some((cell.to_string(), header.to_owned())),
        Target::Probability => g.work.probability = Some((cell.to_string(), header.to_owned())),
        Target::ExpectedClose => {
            g.work.expected_close = Some((cell.to_string(), header.to_owned()));
        }
        Target::Due => g.work.due = Some((cell.to_string(), header.to_owned())),
        Target::Priority => g.work.priority = Some((cell.to_string(), header.to_owned())),
        Target::ValueMinor => g.work.value_minor = Some((cell.to_string(), header.to_owned())),
        Target::LostReason => put(&mut g.work.lost_reason, cell),
        Target::DueTime => g.work.due_time = Some((cell.to_string(), header.to_owned())),
        Target::Repeat => put(&mut g.work.repeat, cell),
        Target::Deal => put(&mut g.deal_ref, cell),
        // "no", "false", "0" and "open" say the task is not done.
        Target::Done if matches!(cell.to_lowercase().as_str(), "no" | "false" | "0" | "open") => {}
        Target::Done => {
            g.done = Some(
                chrono::DateTime::parse_from_rfc3339(cell)
                    .ok()
                    .map(|t| t.with_timezone(&chrono::Utc)),
            );
        }
        _ => {}
    }
}

/// A person's or company's cell: names, company, tags, notes, custom
/// values and the like.
fn gather_contact(
    g: &mut Gathered,
    target: &Target,
    header: &str,
    cell: &str,
    line: usize,
    issues: &mut Vec<Issue>,
) {
    match target {
        Target::Name => put(&mut g.name, cell),
        Target::NamePart(part) => {
            g.parts.insert(*part, cell.to_string());
        }
        Target::Company => put(&mut g.company, cell),
        Target::Title => put(&mut g.title, cell),
        Target::Tags => g.tags.extend(fields::tags_from(cell, line, header, issues)),
        Target::Notes => g.notes.push(cell.to_string()),
        Target::Owner => put(&mut g.owner, cell),
        Target::Birthday => g.birthday = Some((cell.to_string(), header.to_owned())),
        Target::Address => g.address.push(cell.to_string()),
        Target::ExternalId => put(&mut g.external_id, cell),
        Target::LeadSource => put(&mut g.lead_source, cell),
        Target::Campaign => put(&mut g.campaign, cell),
        Target::Domain => put(&mut g.domain, cell),
        Target::Industry => put(&mut g.industry, cell),
        Target::Custom(name) => g
            .custom
            .push((name.clone(), cell.to_string(), header.to_owned())),
        Target::CustomObject => match fields::custom_object(cell) {
            Ok(pairs) => g.custom.extend(
                pairs
                    .into_iter()
                    .map(|(name, raw)| (name, raw, header.to_owned())),
            ),
            Err(e) => issues.push(Issue::error(line, Some(header), e)),
        },
        Target::Ignore => {}
        _ => {}
    }
}

fn points(
    found: &[(Option<u32>, String, String, String)],
    labels: &HashMap<u32, String>,
    line: usize,
    issues: &mut Vec<Issue>,
    check: fn(&str, &str, usize, &str) -> Result<ContactPoint, Issue>,
) -> Vec<ContactPoint> {
    let mut out: Vec<ContactPoint> = Vec::new();
    for (slot, default, value, column) in found {
        let label = slot
            .and_then(|s| labels.get(&s))
            .map_or_else(|| default.clone(), |l| fields::clean_label(l, default));
        match check(value, &label, line, column) {
            Ok(p) if !out.iter().any(|o| o.value == p.value) => out.push(p),
            Ok(_) => {}
            Err(issue) => issues.push(issue),
        }
    }
    out
}

type Built = (Record, Option<String>);

fn build(
    mut g: Gathered,
    line: usize,
    s: &CsvSettings<'_>,
    issues: &mut Vec<Issue>,
) -> Result<Built, ()> {
    if matches!(s.entity, ImportEntity::Deal | ImportEntity::Task) {
        return build_work(g, line, s, issues);
    }
    let emails = points(&g.emails, &g.email_labels, line, issues, fields::email);
    let phones = points(&g.phones, &g.phone_labels, line, issues, fields::phone);
    let name = record_name(&mut g, &emails, &phones, line, s, issues)?;
    let address = (!g.address.is_empty()).then(|| g.address.join(", "));
    let notes = (!g.notes.is_empty()).then(|| g.notes.join("\n"));
    let owner = g.owner.or_else(|| Some(s.default_owner.to_string()));
    let custom = custom_values(&g.custom, line, s, issues);
    let record = match s.entity {
        ImportEntity::Person => {
            let birthday = g.birthday.as_ref().and_then(|b| birthday(b, line, issues));
            let mut data = PersonData {
                name,
                title: g.title,
                phones,
                emails,
                address,
                birthday,
                lead_source: g.lead_source,
                owner,
                notes,
                tags: g.tags,
                custom,
                ..PersonData::default()
            };
            if let Err(e) = data.validate() {
                issues.push(Issue::error(line, None, e));
            }
            Record::Person {
                data,
                company: g.company,
            }
        }
        ImportEntity::Company => {
            let mut data = CompanyData {
                name,
                domain: g.domain,
                industry: g.industry,
                phones,
                emails,
                address,
                owner,
                notes,
                tags: g.tags,
                custom,
            };
            if let Err(e) = data.validate() {
                issues.push(Issue::error(line, None, e));
            }
            Record::Company(data)
        }
        ImportEntity::Deal | ImportEntity::Task | ImportEntity::Activity => return Err(()),
    };
    Ok((record, g.external_id))
}

/// A person's or company's name: its name column, else its name parts
/// joined; in a company file its company column. With none, the row is
/// named after its company (a person), e-mail or phone, with a warning;
/// with none of those either it is refused.
fn record_name(
    g: &mut Gathered,
    emails: &[ContactPoint],
    phones: &[ContactPoint],
    line: usize,
    s: &CsvSettings<'_>,
    issues: &mut Vec<Issue>,
) -> Result<String, ()> {
    let joined: Vec<&str> = g.parts.values().map(String::as_str).collect();
    let mut name = g.name.take().unwrap_or_else(|| joined.join(" "));
    if name.trim().is_empty() && s.entity == ImportEntity::Company {
        // In a company file, the "Company" column is the name.
        name = g.company.take().unwrap_or_default();
    }
    if name.trim().is_empty() {
        let fallback = match s.entity {
            ImportEntity::Person => g.company.clone(),
            _ => None,
        }
        .or_else(|| emails.first().map(|e| e.value.clone()))
        .or_else(|| phones.first().map(|p| p.value.clone()));
        let Some(fallback) = fallback else {
            issues.push(Issue::error(
                line,
                None,
                "the row has no name, company, e-mail or phone",
            ));
            return Err(());
        };
        issues.push(Issue::warning(
            line,
            None,
            format!("no name; named after {fallback:?}"),
        ));
        name = fallback;
    }
    Ok(name)
}

/// The row's custom values, each checked against the config's field.
fn custom_values(
    cells: &[(String, String, String)],
    line: usize,
    s: &CsvSettings<'_>,
    issues: &mut Vec<Issue>,
) -> crate::model::CustomValues {
    let field_entity = match s.entity {
        ImportEntity::Person => FieldEntity::Person,
        _ => FieldEntity::Company,
    };
    let mut custom = crate::model::CustomValues::default();
    for (field, raw, column) in cells {
        if let Err(e) = fields::custom(s.config, field_entity, field, raw, &mut custom) {
            issues.push(Issue::error(line, Some(column), e));
        }
    }
    custom
}

/// A birthday cell (value, column): a date, or nothing with a warning
/// when it has no year and an error when it is not a date.
fn birthday(
    (raw, column): &(String, String),
    line: usize,
    issues: &mut Vec<Issue>,
) -> Option<chrono::NaiveDate> {
    match fields::date(raw) {
        Ok(DateCell::Date(d)) => return Some(d),
        Ok(DateCell::Empty) => {}
        Ok(DateCell::NoYear) => issues.push(Issue::warning(
            line,
            Some(column),
            format!("birthday {raw:?} has no year, which kariz cannot store; left out"),
        )),
        Err(e) => issues.push(Issue::error(line, Some(column), e)),
    }
    None
}

/// A deal or task row: the name column is its title.
fn build_work(
    g: Gathered,
    line: usize,
    s: &CsvSettings<'_>,
    issues: &mut Vec<Issue>,
) -> Result<Built, ()> {
    let joined: Vec<&str> = g.parts.values().map(String::as_str).collect();
    // In a deal or task file a "Title" column is the record's title (a
    // task file's "Deal" column is the deal's title, not the task's).
    let title = g
        .title
        .clone()
        .or_else(|| g.name.clone())
        .unwrap_or_else(|| joined.join(" "));
    if title.trim().is_empty() {
        issues.push(Issue::error(
            line,
            None,
            format!(
                "a {} needs a title (a name or title column)",
                s.entity.as_str()
            ),
        ));
        return Err(());
    }
    let owner = g
        .owner
        .clone()
        .or_else(|| Some(s.default_owner.to_string()));
    let notes = (!g.notes.is_empty()).then(|| g.notes.join("\n"));
    let (deal, task) = if s.entity == ImportEntity::Deal {
        let mut deal = work_items::deal(title, &g.work, s.config, line, issues);
        deal.owner = owner;
        deal.notes = notes;
        deal.tags = g.tags;
        for (field, raw, column) in &g.custom {
            if let Err(e) =
                fields::custom(s.config, FieldEntity::Deal, field, raw, &mut deal.custom)
            {
                issues.push(Issue::error(line, Some(column), e));
            }
        }
        if let Err(e) = deal.validate() {
            issues.push(Issue::error(line, None, e));
        }
        (Some(Box::new(deal)), None)
    } else {
        let mut task = work_items::task(title, &g.work, line, issues);
        task.owner = owner;
        task.notes = notes;
        if let Err(e) = task.validate() {
            issues.push(Issue::error(line, None, e));
        }
        (None, Some(task))
    };
    let record = Record::Work {
        deal,
        task,
        person: g.person,
        company: g.company,
        deal_ref: g.deal_ref.filter(|_| s.entity == ImportEntity::Task),
        done: g.done.filter(|_| s.entity == ImportEntity::Task),
    };
    Ok((record, g.external_id))
}
