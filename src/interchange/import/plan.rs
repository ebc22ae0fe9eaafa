//! Deciding, before anything is written, what each row will do: create,
//! update or merge into a matching record, skip, or be rejected. The same
//! plan is what `--dry-run` prints and what the real run executes.

use super::fingerprints::{Kind, RowKeyPrints};
use super::record::{ImportEntity, Issue, Parsed, Record};
use crate::dedupe::{name_key, sorted_words};
use crate::error::Result;
use crate::model::{CompanyData, ContactPoint, Entity, PersonData, Snapshot, snapshot};
use crate::store::{MatchIndex, Store, email_key, phone_key};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What to do with a row that matches a stored record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnDuplicate {
    /// Leave the stored record as it is.
    Skip,
    /// Overwrite the stored fields with the non-empty imported ones.
    Update,
    /// Fill the stored record's empty fields; add phones, e-mails and tags.
    Merge,
}

/// What one row does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new record.
    Create,
    /// Changes a stored record (`--on-duplicate update|merge`).
    Update,
    /// Nothing: a duplicate, or nothing would change.
    Skip,
    /// An error in the row; not imported.
    Reject,
}

/// How a row was matched to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The same external id.
    ExternalId,
    /// A shared e-mail address.
    Email,
    /// A shared phone number (digits compared).
    Phone,
    /// The same name: a company's folded name; for people, a row with no
    /// e-mail or phone whose name is a stored person's or an earlier row's
    /// (a possible duplicate, reported with a warning).
    Name,
    /// A person's office line that the stored person (or earlier row) of
    /// the same name has as an office line too.
    SharedLine,
    /// Activities: the same kind, time, subject and links.
    SameActivity,
}

/// One row's decision.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Line where the row starts.
    pub line: usize,
    /// What it does.
    pub action: Action,
    /// The record's name.
    pub name: String,
    /// The stored record it matched or created (filled in when written).
    pub id: Option<i64>,
    /// The earlier line of the same file it matched, if any.
    pub same_as_line: Option<usize>,
    /// How it matched.
    pub matched_by: Option<MatchedBy>,
    /// The fields an update changes.
    pub changes: Vec<&'static str>,
    /// Errors and warnings.
    pub issues: Vec<Issue>,
    /// The record to write (creates and updates). Boxed: a record is
    /// twice the rest of a step, and an import of a million rows keeps a
    /// step for every row after its record is written and gone.
    #[serde(skip)]
    pub record: Option<Box<Record>>,
    /// The external id to record.
    #[serde(skip)]
    pub external_id: Option<String>,
    /// The stored version an update expects.
    #[serde(skip)]
    pub version: i64,
}

/// A match: a stored record, or an earlier row of this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Stored(i64),
    Row(usize),
}

/// Match keys of stored records plus the rows planned so far.
struct Keys {
    /// Stored records' keys, compared as text.
    external: HashMap<String, i64>,
    email: HashMap<String, i64>,
    /// Phone identities; for people, their personal lines only.
    phone: HashMap<String, i64>,
    /// People's shared lines (office numbers): everyone who has each,
    /// stored or in this file (few, so kept as text for both).
    shared: HashMap<String, Vec<Hit>>,
    /// Companies: folded name. People: folded name with its words sorted,
    /// as `duplicates` compares names.
    name: HashMap<String, i64>,
    /// Stored records that have an external id.
    with_external: HashSet<i64>,
    /// This file's rows' external ids, e-mails, personal phones and names.
    rows: RowKeyPrints,
}

impl Keys {
    fn from(entity: ImportEntity, index: MatchIndex) -> Keys {
        let name = match entity {
            ImportEntity::Person => index
                .by_name
                .into_iter()
                .map(|(k, v)| (sorted_words(&k), v))
                .collect(),
            ImportEntity::Company => index.by_name,
            ImportEntity::Deal | ImportEntity::Task | ImportEntity::Activity => HashMap::new(),
        };
        Keys {
            with_external: index.by_external_id.values().copied().collect(),
            external: index.by_external_id,
            email: index.by_email,
            phone: index.by_phone,
            shared: index
                .by_shared_line
                .into_iter()
                .map(|(k, ids)| (k, ids.into_iter().map(Hit::Stored).collect()))
                .collect(),
            name,
            rows: RowKeyPrints::new(),
        }
    }

    /// Room for the keys of `rows` new records of `entity`, so a big
    /// import does not rehash the table again and again: a person has an
    /// e-mail, a phone and a name; a company mostly a name only.
    fn reserve(&mut self, entity: ImportEntity, rows: usize) {
        let per_row = match entity {
            ImportEntity::Person => 3,
            ImportEntity::Company => 1,
            ImportEntity::Deal | ImportEntity::Task | ImportEntity::Activity => 0,
        };
        self.rows.reserve(rows.saturating_mul(per_row));
    }

    /// The record that has `key` of `kind`: a stored one first (the maps
    /// held stored keys before any row's), then the first row with it.
    fn lookup(&self, kind: Kind, key: &str) -> Option<Hit> {
        let stored = match kind {
            Kind::External => &self.external,
            Kind::Email => &self.email,
            Kind::Phone => &self.phone,
            Kind::Name => &self.name,
        };
        match stored.get(key) {
            Some(id) => Some(Hit::Stored(*id)),
            None => self.rows.get(kind, key).map(Hit::Row),
        }
    }

    /// The match of a row, in the order external id, e-mail, phone (a line
    /// both have as an office line counts only with the same name, as in
    /// `duplicates`), then name: always for companies, and for people only
    /// when the row has no e-mail or phone to tell them apart.
    /// `external_of` gives an earlier row's external id.
    fn find(
        &self,
        external: Option<&str>,
        keys: &RowKeys,
        external_of: impl Fn(usize) -> Option<bool>,
    ) -> Option<(Hit, MatchedBy)> {
        if let Some(hit) = external.and_then(|e| self.lookup(Kind::External, e)) {
            return Some((hit, MatchedBy::ExternalId));
        }
        if let Some(hit) = keys.emails.iter().find_map(|k| self.lookup(Kind::Email, k)) {
            return Some((hit, MatchedBy::Email));
        }
        // A personal line matches anyone who has the number.
        let personal = keys.phones.iter().find_map(|k| {
            self.lookup(Kind::Phone, k)
                .or_else(|| self.shared.get(k).and_then(|hits| hits.first().copied()))
        });
        if let Some(hit) = personal {
            return Some((hit, MatchedBy::Phone));
        }
        // An office line matches a personal line, or an office line of
        // someone with the same name.
        if let Some(hit) = keys.shared.iter().find_map(|k| self.lookup(Kind::Phone, k)) {
            return Some((hit, MatchedBy::Phone));
        }
        let named = keys.name.as_ref().and_then(|k| self.lookup(Kind::Name, k));
        if let Some(named) = named {
            let shares_line = keys
                .shared
                .iter()
                .any(|k| self.shared.get(k).is_some_and(|hits| hits.contains(&named)));
            if shares_line {
                return Some((named, MatchedBy::SharedLine));
            }
        }
        let name_may_match = match keys.entity {
            ImportEntity::Company => true,
            ImportEntity::Person => {
                keys.emails.is_empty() && keys.phones.is_empty() && keys.shared.is_empty()
            }
            ImportEntity::Deal | ImportEntity::Task | ImportEntity::Activity => false,
        };
        let named = named.filter(|_| name_may_match)?;
        // Two records with different external ids are two records of the
        // source system, whatever their names.
        let other_has_external = match named {
            Hit::Stored(id) => self.with_external.contains(&id),
            Hit::Row(i) => external_of(i).unwrap_or(false),
        };
        if keys.entity == ImportEntity::Person && external.is_some() && other_has_external {
            return None;
        }
        Some((named, MatchedBy::Name))
    }

    /// Remembers the keys of new row `row`; where an earlier row has a
    /// key, that row stays the one it names.
    fn remember(&mut self, external: Option<&str>, keys: RowKeys, row: usize) -> Result<()> {
        if let Some(e) = external {
            self.rows.remember(Kind::External, e, row)?;
        }
        for k in &keys.emails {
            self.rows.remember(Kind::Email, k, row)?;
        }
        for k in &keys.phones {
            self.rows.remember(Kind::Phone, k, row)?;
        }
        for k in keys.shared {
            self.shared.entry(k).or_default().push(Hit::Row(row));
        }
        if let Some(k) = &keys.name {
            self.rows.remember(Kind::Name, k, row)?;
        }
        Ok(())
    }
}

/// The match keys of one incoming record, computed once for the lookup
/// and kept for the maps when the record is new.
struct RowKeys {
    entity: ImportEntity,
    emails: Vec<String>,
    /// Phone identities of personal lines (all of a company's phones).
    phones: Vec<String>,
    /// Phone identities of a person's shared lines (office numbers).
    shared: Vec<String>,
    /// Companies: the folded name; people: the folded name's words sorted.
    name: Option<String>,
}

impl RowKeys {
    fn of(entity: ImportEntity, record: &Record) -> RowKeys {
        let (emails, phones) = record.points();
        let person = matches!(record, Record::Person { .. }) && entity == ImportEntity::Person;
        let (shared, personal): (Vec<_>, Vec<_>) = phones
            .iter()
            .partition(|p| person && crate::text::phone::is_shared_line(&p.label));
        let keys = |points: Vec<&ContactPoint>| -> Vec<String> {
            points.iter().filter_map(|p| phone_key(&p.value)).collect()
        };
        RowKeys {
            entity,
            emails: emails.iter().map(|e| email_key(&e.value)).collect(),
            phones: keys(personal),
            shared: keys(shared),
            name: match record {
                Record::Company(c) if entity == ImportEntity::Company => {
                    Some(crate::text::fold::fold(&c.name))
                }
                Record::Person { data, .. } if person => Some(name_key(&data.name)),
                _ => None,
            },
        }
    }
}

/// Plans every row against the store.
pub fn plan(
    store: &Store,
    entity: ImportEntity,
    rows: Vec<Parsed>,
    on_duplicate: OnDuplicate,
) -> Result<Vec<Step>> {
    let mut planner = Planner::new(store, entity, on_duplicate, rows.len())?;
    for row in rows {
        planner.push(Some(store), row)?;
    }
    Ok(planner.finish())
}

impl Step {
    /// A step for the row on `line`, nothing matched or changed yet.
    fn new(
        line: usize,
        action: Action,
        name: String,
        issues: Vec<Issue>,
        external_id: Option<String>,
    ) -> Step {
        Step {
            line,
            action,
            name,
            id: None,
            same_as_line: None,
            matched_by: None,
            changes: vec![],
            issues,
            record: None,
            external_id,
            version: 0,
        }
    }
}

/// Plans rows one at a time, as they are read, remembering the match keys
/// of the stored records and of the rows planned so far (rows of the same
/// file match each other too).
pub struct Planner {
    entity: ImportEntity,
    on_duplicate: OnDuplicate,
    keys: Keys,
    people: Option<MatchIndex>,
    /// Tasks link deals.
    deals: Option<MatchIndex>,
    /// Campaign names (lower case) and ids, for the campaign column.
    campaigns: Vec<(String, i64)>,
    /// What a later row may need of each row planned so far, by index.
    earlier: Vec<Earlier>,
    /// The steps, in file order; empty when they are handed out.
    steps: Vec<Step>,
    /// Set by [`Planner::hand_out_steps`]: the last row's step, until
    /// [`Planner::take_last`] takes it.
    handed_out: Option<Option<Step>>,
}

/// What a later row may need of an earlier one: the line it names as the
/// one it matched, and whether it had an external id (two rows with
/// different external ids are never one record).
#[derive(Debug, Clone, Copy)]
struct Earlier {
    line: usize,
    external: bool,
}

impl Planner {
    /// Loads the match keys of the stored records; `rows` is how many rows
    /// are expected (room is reserved for them).
    pub fn new(
        store: &Store,
        entity: ImportEntity,
        on_duplicate: OnDuplicate,
        rows: usize,
    ) -> Result<Planner> {
        let stored = match entity {
            ImportEntity::Person => Entity::Person,
            ImportEntity::Company => Entity::Company,
            ImportEntity::Deal => Entity::Deal,
            ImportEntity::Task => Entity::Task,
            ImportEntity::Activity => {
                return Err(crate::Error::invalid(
                    "activities are planned by import::activities, not the record planner; this is a bug in kariz",
                ));
            }
        };
        let mut keys = Keys::from(entity, store.match_index(stored)?);
        keys.reserve(entity, rows);
        let people = match entity {
            ImportEntity::Deal | ImportEntity::Task => Some(store.match_index(Entity::Person)?),
            _ => None,
        };
        let deals = match entity {
            ImportEntity::Task => Some(store.match_index(Entity::Deal)?),
            _ => None,
        };
        let campaigns = store
            .campaigns()?
            .into_iter()
            .map(|c| (c.data.name.to_lowercase(), c.id))
            .collect();
        Ok(Planner {
            deals,
            campaigns,
            entity,
            on_duplicate,
            keys,
            people,
            earlier: Vec::with_capacity(rows),
            steps: Vec::new(),
            handed_out: None,
        })
    }

    /// Whether [`Planner::push`] can do without the store: it reads stored
    /// records only to plan updates and merges and to link deals and tasks
    /// to people.
    pub fn needs_store(&self) -> bool {
        self.on_duplicate != OnDuplicate::Skip || self.people.is_some()
    }

    /// Hands each row's step to the caller ([`Planner::take_last`])
    /// instead of keeping it: a streamed import keeps only the steps it
    /// reports, not a step for each of a million rows. Only without
    /// `--on-duplicate update|merge`, whose later rows change an earlier
    /// row's record.
    pub fn hand_out_steps(&mut self) -> Result<()> {
        if self.on_duplicate != OnDuplicate::Skip {
            return Err(crate::Error::invalid(
                "an import that updates or merges rows asked to hand its steps out; this is a bug in kariz",
            ));
        }
        self.handed_out = Some(None);
        Ok(())
    }

    /// The step of the row last pushed, once, when steps are handed out.
    pub fn take_last(&mut self) -> Option<Step> {
        self.handed_out.as_mut().and_then(Option::take)
    }

    /// All the steps kept, in file order (none when they were handed out).
    pub fn finish(self) -> Vec<Step> {
        self.steps
    }

    /// Keeps `step` as the next row's, or hands it out.
    fn record(&mut self, step: Step) {
        self.earlier.push(Earlier {
            line: step.line,
            external: step.external_id.is_some(),
        });
        match &mut self.handed_out {
            Some(slot) => *slot = Some(step),
            None => self.steps.push(step),
        }
    }

    /// Plans one row. `store` may be `None` only when
    /// [`Planner::needs_store`] is false.
    pub fn push(&mut self, store: Option<&Store>, mut row: Parsed) -> Result<()> {
        let (entity, on_duplicate) = (self.entity, self.on_duplicate);
        if let Some(problem) = row.record.as_ref().and_then(Record::name_problem) {
            row.record = None;
            row.issues.push(Issue::error(row.line, None, problem));
        }
        attribute(&self.campaigns, &mut row);
        if let (Some(people), Some(Record::Work { .. })) = (&self.people, &row.record) {
            let store = store.ok_or_else(missing_store)?;
            let indexes = (people, self.deals.as_ref());
            if let Err(issue) = link_work(store, indexes, row.line, row.record.as_mut()) {
                row.record = None;
                row.issues.push(issue);
            }
        }
        let Some(record) = row.record else {
            self.record(Step::new(
                row.line,
                Action::Reject,
                String::new(),
                row.issues,
                None,
            ));
            return Ok(());
        };
        let mut step = Step::new(
            row.line,
            Action::Create,
            record.name().to_string(),
            row.issues,
            row.external_id,
        );
        let row_keys = RowKeys::of(entity, &record);
        let earlier = &self.earlier;
        let external_of = |i: usize| earlier.get(i).map(|e| e.external);
        let found = self
            .keys
            .find(step.external_id.as_deref(), &row_keys, external_of);
        if entity == ImportEntity::Person
            && let Some((hit, MatchedBy::Name)) = found
        {
            step.issues
                .push(possible_duplicate(step.line, hit, earlier, on_duplicate));
        }
        match found {
            None => {
                let index = self.earlier.len();
                self.keys
                    .remember(step.external_id.as_deref(), row_keys, index)?;
                step.record = Some(Box::new(record));
            }
            Some((Hit::Row(earlier), how)) => {
                step.matched_by = Some(how);
                step.same_as_line = self.earlier.get(earlier).map(|e| e.line);
                step.action = Action::Skip;
                // Steps are kept whenever rows may be combined (see
                // `hand_out_steps`), so `earlier` indexes them too.
                if on_duplicate != OnDuplicate::Skip
                    && let Some(target) = self.steps.get_mut(earlier)
                    && let Some(record_of_target) = target.record.as_deref_mut()
                {
                    combine(record_of_target, record, on_duplicate);
                    target.name = record_of_target.name().to_string();
                }
            }
            Some((Hit::Stored(id), how)) => {
                step.matched_by = Some(how);
                step.id = Some(id);
                step.action = Action::Skip;
                matched_stored(store, &mut step, (entity, id), record, on_duplicate)?;
            }
        }
        self.record(step);
        Ok(())
    }
}

/// A row whose record is already stored as `id`: deals and tasks are
/// never changed by an import (a warning says so); people and companies
/// take the row's fields as `on_duplicate` says.
fn matched_stored(
    store: Option<&Store>,
    step: &mut Step,
    (entity, id): (ImportEntity, i64),
    record: Record,
    on_duplicate: OnDuplicate,
) -> Result<()> {
    if on_duplicate == OnDuplicate::Skip {
        return Ok(());
    }
    if matches!(record, Record::Work { .. }) {
        step.issues.push(Issue::warning(
            step.line,
            None,
            format!(
                "{} {id} has this external id; imports do not change stored deals or tasks",
                entity.as_str()
            ),
        ));
        return Ok(());
    }
    let store = store.ok_or_else(missing_store)?;
    against_stored(store, step, id, record, on_duplicate)
}

/// Sets the record's campaign from the row's campaign column: an unknown
/// name rejects the row; a campaign on a company or task is left out with
/// a warning.
fn attribute(campaigns: &[(String, i64)], row: &mut Parsed) {
    let Some(name) = row.campaign.take() else {
        return;
    };
    let wanted = name.trim().to_lowercase();
    let found = campaigns
        .iter()
        .find(|(n, _)| *n == wanted)
        .map(|(_, id)| *id);
    let slot = match row.record.as_mut() {
        Some(Record::Person { data, .. }) => &mut data.campaign_id,
        Some(Record::Work { deal: Some(d), .. }) => &mut d.campaign_id,
        Some(_) => {
            row.issues.push(Issue::warning(
                row.line,
                Some("campaign"),
                "only people and deals have a campaign; left out",
            ));
            return;
        }
        None => return,
    };
    match found {
        Some(id) => *slot = Some(id),
        None => {
            let known: Vec<String> = campaigns.iter().map(|(n, _)| n.clone()).collect();
            let known = if known.is_empty() {
                "there are no campaigns yet".to_string()
            } else {
                format!("known (ignoring case): {}", known.join(", "))
            };
            row.record = None;
            row.issues.push(Issue::error(
                row.line,
                Some("campaign"),
                format!(
                    "no campaign {}; add it first or correct the name ({known})",
                    crate::text::sanitize::quoted(name.trim())
                ),
            ));
        }
    }
}

/// The warning on a person row that has only a name, matched by that name:
/// it may be the same person or a namesake, and nothing in the row tells.
fn possible_duplicate(line: usize, hit: Hit, earlier: &[Earlier], how: OnDuplicate) -> Issue {
    let other = match hit {
        Hit::Stored(id) => format!("person {id}"),
        Hit::Row(i) => format!("line {}", earlier.get(i).map_or(0, |e| e.line)),
    };
    let done = match how {
        OnDuplicate::Skip => "not imported",
        OnDuplicate::Update | OnDuplicate::Merge => "taken as the same person",
    };
    Issue::warning(
        line,
        None,
        format!(
            "possible duplicate of {other}: the same name and no e-mail, phone or id to tell them apart, so {done}; give the row an e-mail, phone or id column to import it as another person"
        ),
    )
}

fn missing_store() -> crate::Error {
    crate::Error::invalid(
        "an import that updates, merges or links records was planned without the store; this is a bug in kariz",
    )
}

/// Resolves a deal's or task's person (an external id, an id or an
/// e-mail) and a task's deal (an external id or an id) to stored records.
fn link_work(
    store: &Store,
    (people, deals): (&MatchIndex, Option<&MatchIndex>),
    line: usize,
    record: Option<&mut Record>,
) -> std::result::Result<(), Issue> {
    let Some(Record::Work {
        deal,
        task,
        person,
        deal_ref,
        ..
    }) = record
    else {
        return Ok(());
    };
    if let Some(text) = person.as_deref() {
        let id = super::activities::resolve(
            text,
            people,
            |id| store.person(id).is_ok(),
            |t| people.by_email.get(&email_key(t)).copied(),
        )
        .ok_or_else(|| {
            Issue::error(
                line,
                Some("person"),
                format!("no stored person has the external id, id or e-mail {text:?}; import the people first"),
            )
        })?;
        if let Some(d) = deal {
            d.person_id = Some(id);
        }
        if let Some(t) = task.as_mut() {
            t.person_id = Some(id);
        }
    }
    if let (Some(text), Some(deals), Some(t)) = (deal_ref.as_deref(), deals, task) {
        let id = super::activities::resolve(text, deals, |id| store.deal(id).is_ok(), |_| None)
            .ok_or_else(|| {
                Issue::error(
                    line,
                    Some("deal"),
                    format!(
                        "no stored deal has the external id or id {text:?}; import the deals first"
                    ),
                )
            })?;
        t.deal_id = Some(id);
    }
    Ok(())
}

/// Plans an update of stored record `id`; a skip when nothing would change.
fn against_stored(
    store: &Store,
    step: &mut Step,
    id: i64,
    incoming: Record,
    how: OnDuplicate,
) -> Result<()> {
    let (mut current, version, before) = match &incoming {
        Record::Person { .. } => {
            let p = store.person(id)?;
            let before = p.data.fields();
            (
                Record::Person {
                    data: p.data,
                    company: p.company,
                },
                p.version,
                before,
            )
        }
        Record::Company(_) => {
            let c = store.company(id)?;
            let before = c.data.fields();
            (Record::Company(c.data), c.version, before)
        }
        Record::Work { .. } => return Ok(()),
    };
    let company_before = match &current {
        Record::Person { company, .. } => company.clone(),
        _ => None,
    };
    combine(&mut current, incoming, how);
    let (after, company_after) = match &current {
        Record::Person { data, company } => (data.fields(), company.clone()),
        Record::Company(data) => (data.fields(), None),
        Record::Work { .. } => (before.clone(), None),
    };
    let mut changes: Vec<&'static str> = snapshot::diff(&before, &after)
        .into_iter()
        .map(|(f, _, _)| f)
        .collect();
    if company_before != company_after {
        changes.push("company");
    }
    step.name = current.name().to_string();
    if !changes.is_empty() {
        step.action = Action::Update;
        step.changes = changes;
        step.version = version;
        step.record = Some(Box::new(current));
    }
    Ok(())
}

fn fill<T: Clone>(target: &mut Option<T>, incoming: Option<T>, overwrite: bool) {
    if incoming.is_some() && (overwrite || target.is_none()) {
        *target = incoming;
    }
}

fn union_points(
    target: &mut Vec<ContactPoint>,
    incoming: Vec<ContactPoint>,
    key: fn(&str) -> String,
    overwrite: bool,
) {
    if overwrite && !incoming.is_empty() {
        *target = incoming;
        return;
    }
    for p in incoming {
        if !target.iter().any(|t| key(&t.value) == key(&p.value)) {
            target.push(p);
        }
    }
}

fn phone_match_key(p: &str) -> String {
    crate::text::fold::phone_digits(p)
}

fn union_tags(target: &mut Vec<String>, incoming: Vec<String>, overwrite: bool) {
    if overwrite && !incoming.is_empty() {
        *target = incoming;
        return;
    }
    for t in incoming {
        if !target.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
            target.push(t);
        }
    }
}

/// Folds `incoming` into `target`: `update` overwrites with every non-empty
/// imported field, `merge` only fills what is empty and adds contact points
/// and tags. The imported owner never replaces a stored one on merge.
fn combine(target: &mut Record, incoming: Record, how: OnDuplicate) {
    let overwrite = how == OnDuplicate::Update;
    match (target, incoming) {
        (
            Record::Person { data, company },
            Record::Person {
                data: new,
                company: new_company,
            },
        ) => {
            merge_person(data, new, overwrite);
            fill(company, new_company, overwrite);
        }
        (Record::Company(data), Record::Company(new)) => merge_company(data, new, overwrite),
        _ => {}
    }
}

fn merge_person(data: &mut PersonData, new: PersonData, overwrite: bool) {
    if overwrite {
        data.name = new.name;
    }
    fill(&mut data.title, new.title, overwrite);
    fill(&mut data.address, new.address, overwrite);
    fill(&mut data.birthday, new.birthday, overwrite);
    fill(&mut data.lead_source, new.lead_source, overwrite);
    fill(&mut data.campaign_id, new.campaign_id, overwrite);
    fill(&mut data.notes, new.notes, overwrite);
    fill(&mut data.owner, new.owner, false);
    union_points(&mut data.phones, new.phones, phone_match_key, overwrite);
    union_points(&mut data.emails, new.emails, email_key, overwrite);
    union_tags(&mut data.tags, new.tags, overwrite);
    for (k, v) in new.custom {
        if overwrite || !data.custom.contains_key(&k) {
            data.custom.insert(k, v);
        }
    }
}

fn merge_company(data: &mut CompanyData, new: CompanyData, overwrite: bool) {
    if overwrite {
        data.name = new.name;
    }
    fill(&mut data.domain, new.domain, overwrite);
    fill(&mut data.industry, new.industry, overwrite);
    fill(&mut data.address, new.address, overwrite);
    fill(&mut data.notes, new.notes, overwrite);
    fill(&mut data.owner, new.owner, false);
    union_points(&mut data.phones, new.phones, phone_match_key, overwrite);
    union_points(&mut data.emails, new.emails, email_key, overwrite);
    union_tags(&mut data.tags, new.tags, overwrite);
    for (k, v) in new.custom {
        if overwrite || !data.custom.contains_key(&k) {
            data.custom.insert(k, v);
        }
    }
}
