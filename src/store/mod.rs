//! The SQLite store: the only place that writes SQL.
//!
//! Reads are free functions over a `&Connection` in one file per entity;
//! every write goes through [`Store::write`], which opens a `BEGIN IMMEDIATE`
//! transaction and hands out a [`Writer`] that also records the change log
//! in that same transaction.
//!
//! SQLite stays in here: nothing outside `src/store/` names rusqlite (the
//! `seal` test checks it), no connection is handed out, and errors leave as
//! engine-free [`Error`] variants, so a second backend can stand behind the
//! same API.

mod activities;
mod backup;
mod bulk;
mod bulk_import;
mod bulk_rows;
mod callerid;
mod calls;
mod campaigns;
mod cases;
mod changelog;
mod codec;
mod companies;
mod contact_points;
pub(crate) mod db;
mod deals;
mod derived;
mod engine_error;
mod export_reads;
mod feed;
mod files;
mod filters;
mod forget;
mod health;
mod health_pg;
mod links;
mod lock;
mod merge;
mod messages;
mod migrations;
mod notifications;
mod open;
mod outbox;
mod patch;
mod payments;
mod people;
mod person_lines;
mod pg_batch;
mod pg_error;
mod pg_links;
mod pg_open;
mod pg_peek;
mod pg_roles;
mod pg_turns;
mod products;
mod rates;
mod reader;
pub mod recent;
mod repeat;
mod reports;
mod restore;
pub mod rules;
mod sales;
pub mod scan;
mod scattered;
#[cfg(test)]
mod seal;
mod segment_sql;
mod segments;
pub mod shared;
mod stages;
mod tags;
mod tasks;
mod transfer;
mod users;
mod writer;
mod writer_reads;

pub use activities::ActivityFilter;
pub use backup::{BackupSummary, RestoreOutcome, restore, summarize as inspect_backup};
pub use bulk::{MatchIndex, email_key, phone_key};
pub use bulk_import::{BulkImport, CompanyIds, DEFER_INDEXES_FROM, ImportPhases, ImportSize};
pub use bulk_rows::{PreparedPerson, prepare_person};
pub use callerid::{Caller, MAX_CALLERS, OpenCase};
pub use campaigns::{CampaignCounts, CampaignDeal};
pub use cases::CaseFilter;
pub use changelog::ChangeFilter;
pub use codec::parse_ts as parse_time;
pub use companies::CompanyFilter;
pub use deals::DealFilter;
pub use export_reads::{DayStart, DuplicateKeys, RecordFilter, SearchTextRow};
pub use feed::{ChangeWatcher, FeedChange, Poll};
pub use files::{peek_meta, side_files};
pub use forget::Forgotten;
pub use health::{Check, Health, Status, check_health};
pub use merge::{FieldChange, MergePlan, MergeVersions, Moved};
pub use messages::MessageFilter;
pub use open::{BUSY_TIMEOUT, create_at_schema_version};
pub use outbox::{OutboxRow, OutboxState, QueuedMessage};
pub use people::PersonFilter;
pub use person_lines::PersonLine;
pub use pg_open::{is_server_url, shown as url_without_password};
pub use pg_peek::{clear_demo as clear_server_demo, has_tables as server_has_tables};
pub use pg_roles::{AccessRole, RoleGrant, RoleRevoke};
pub use rates::{Goal, GoalMetric};
pub use reader::{Reader, engine_version, open_reader};
pub use reports::{DealRows, DoneTask, Move, MoveWindow, ReportDeal, ReportFilter};
pub use restore::Removed;
pub use sales::DocFilter;
pub use scan::SearchSource;
pub use segment_sql::{Target, Where};
pub use segments::SavedSegment;
pub use stages::{OrphanedDeal, Remap, StageCount};
pub use tags::TagCount;
pub use tasks::{TaskFilter, TaskWindow};
pub use transfer::CopiedTable;
pub use users::Reassigned;
pub use writer::Writer;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Activity, ChangeEntry, Company, Deal, Entity, Person, StageMove, Task};
use chrono::{DateTime, NaiveDate, Utc};
use db::Connection;
use std::path::{Path, PathBuf};

/// Position after which the next page of a name-ordered list starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    /// The sort key (`locale::collate::sort_key`) of the last row shown.
    pub key: Vec<u8>,
    /// Its id, to break ties.
    pub id: i64,
}

impl PageKey {
    /// A key before every row (sort keys are never below the empty one, ids
    /// never below `i64::MIN`): the first page continues "after" it, so the
    /// first and later pages are one statement whose parameters always have
    /// a type (PostgreSQL prepares it once instead of typing it by the
    /// values of every call) and SQLite still seeks the (sort_key, id) index.
    pub(super) const START: PageKey = PageKey {
        key: Vec::new(),
        id: i64::MIN,
    };

    /// The key that continues a person list after `person`.
    pub fn after_person(person: &Person) -> PageKey {
        people::page_key(person)
    }

    /// The key that continues a company list after `company`.
    pub fn after_company(company: &Company) -> PageKey {
        companies::page_key(company)
    }
}

/// An open kariz database with the config and the acting user.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held while open, so `restore` can tell that this kariz uses the file.
    _presence: Option<lock::Presence>,
    config: Config,
    actor: String,
    /// Change-log ids `(after, last]` the last write logged, so a front-end
    /// can tell its own changes from others' in the change feed.
    last_write: Option<(i64, i64)>,
    /// How long the phases of the last [`Store::bulk_import`] took.
    last_import: Option<bulk_import::ImportPhases>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. A new file gets mode 0600, a new directory 0700.
    pub fn open(path: &Path, config: Config, actor: impl Into<String>) -> Result<Store> {
        if let Some(url) = path.to_str().filter(|p| pg_open::is_server_url(p)) {
            return Store::open_postgres(url, config, actor);
        }
        // The presence lock comes first when the file exists, so a restore
        // swapping files cannot slip in between opening and locking.
        let early = if path.exists() {
            Some(lock::presence(path)?)
        } else {
            None
        };
        let conn = open::open_file(path)?;
        let presence = match early {
            Some(held) => held,
            None => lock::presence(path)?,
        };
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            _presence: Some(presence),
            config,
            actor: actor.into(),
            last_write: None,
            last_import: None,
        })
    }

    /// Connects to a PostgreSQL database (`postgresql://…`), creating
    /// kariz's schema in an empty one.
    /// Changes are recorded under the database role the server
    /// authenticated rather than the name claimed by `actor` (kept only
    /// for a superuser, whom no access rule binds anyway).
    pub fn open_postgres(url: &str, config: Config, actor: impl Into<String>) -> Result<Store> {
        let conn = pg_open::open(url)?;
        let actor = pg_roles::database_actor(&conn)?.unwrap_or_else(|| actor.into());
        Ok(Store {
            conn,
            path: Some(PathBuf::from(url)),
            _presence: None,
            config,
            actor,
            last_write: None,
            last_import: None,
        })
    }

    /// Whether this store is on a PostgreSQL server.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_postgres()
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory(config: Config, actor: impl Into<String>) -> Result<Store> {
        let conn = open::open_memory()?;
        Ok(Store {
            conn,
            path: None,
            _presence: None,
            config,
            actor: actor.into(),
            last_write: None,
            last_import: None,
        })
    }

    /// The file this store was opened from (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The same store validating against `config` (chosen after opening,
    /// when the database's own meta rows decide it).
    pub fn with_config(mut self, config: Config) -> Store {
        self.config = config;
        self
    }

    /// The config the store validates against.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Who is recorded as making changes.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction stamped `now`;
    /// commits if it returns `Ok`, rolls everything back otherwise.
    pub fn write<T>(
        &mut self,
        now: DateTime<Utc>,
        work: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        // SQLite's errors are explained with the file (who holds it, its
        // permissions); PostgreSQL's already say what the server said.
        let path = self.path.clone().filter(|_| !self.conn.is_postgres());
        let busy = |e: Error| match &path {
            Some(p) => open::explain(p, e),
            None => e,
        };
        let tx = self.conn.transaction().map_err(|e| busy(e.into()))?;
        let mut writer = Writer::new(tx, &self.actor, now, &self.config);
        // On SQLite the write lock is held from BEGIN IMMEDIATE: the ids
        // logged after this read are this transaction's alone. PostgreSQL's
        // writers run side by side and place their rows at the commit,
        // which finds them itself (a round trip saved).
        let before = if writer.conn().is_postgres() {
            0
        } else {
            feed::last_change_id(writer.conn()).map_err(busy)?
        };
        let value = work(&mut writer).map_err(busy)?;
        self.last_write = Some(writer.commit(before).map_err(busy)?);
        Ok(value)
    }

    /// The change-log ids `(after, last]` written by this store's last
    /// successful [`Store::write`] (`after == last`: it logged nothing).
    pub fn last_write(&self) -> Option<(i64, i64)> {
        self.last_write
    }

    /// The id of the newest change-log row (0 when there is none).
    pub fn last_change_id(&self) -> Result<i64> {
        feed::last_change_id(&self.conn)
    }

    /// Change-log rows after `after`, oldest first, at most `limit`: the
    /// change feed (see [`ChangeWatcher`]).
    pub fn changes_since(&self, after: i64, limit: usize) -> Result<Vec<FeedChange>> {
        feed::changes_since(&self.conn, after, limit)
    }

    /// Writes a consistent copy of the database to `target` (which must not
    /// exist) while others go on writing; see `backup.rs`.
    pub fn backup(&self, target: &Path) -> Result<BackupSummary> {
        match self.conn.sqlite() {
            Some(conn) => backup::backup(conn, target),
            None => Err(Error::invalid(
                "`kariz backup` copies an SQLite file; back a PostgreSQL database up with pg_dump (docs/postgresql.md)",
            )),
        }
    }

    /// Fails when deals sit in a pipeline or stage the config no longer has,
    /// listing them and how to fix it, so no deal is silently orphaned.
    pub fn check_stages(&self) -> Result<()> {
        stages::check(&self.conn, &self.config)
    }

    /// Deals whose pipeline or stage the config does not define.
    pub fn orphaned_deals(&self) -> Result<Vec<OrphanedDeal>> {
        stages::orphaned(&self.conn, &self.config)
    }

    /// Deal counts per pipeline and stage as stored.
    pub fn stage_counts(&self) -> Result<Vec<StageCount>> {
        stages::counts(&self.conn)
    }

    /// Reads a meta value.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        open::meta(&self.conn, key)
    }

    /// Match keys (external id, e-mail, phone, company name) of every
    /// record of `entity`, for imports.
    pub fn match_index(&self, entity: Entity) -> Result<MatchIndex> {
        bulk::match_index(&self.conn, entity)
    }

    /// Parses a filter expression for this store's acting user (`owner:me`),
    /// relative dates counted from `today`.
    pub fn where_of(&self, expression: &str, today: NaiveDate) -> Result<Where> {
        let query =
            crate::segment::parse(expression, today).map_err(|e| Error::invalid(e.to_string()))?;
        Ok(Where {
            query,
            me: self.actor.clone(),
        })
    }

    /// Ids of the records of `target` a filter selects, in id order.
    pub fn matching_ids(&self, filter: &Where, target: Target) -> Result<Vec<i64>> {
        segment_sql::ids(&self.conn, filter, target)
    }

    /// Every saved segment, by name.
    pub fn saved_segments(&self) -> Result<Vec<SavedSegment>> {
        segments::all(&self.conn)
    }

    /// The saved segments whose expression parses and can select
    /// `target` records (no `status:` for people, …), by name.
    pub fn saved_segments_for(
        &self,
        target: Target,
        today: NaiveDate,
    ) -> Result<Vec<SavedSegment>> {
        Ok(segments::all(&self.conn)?
            .into_iter()
            .filter(|s| {
                self.where_of(&s.expression, today)
                    .and_then(|w| segment_sql::compile(&w, target, 1))
                    .is_ok()
            })
            .collect())
    }

    /// Every campaign, by name.
    pub fn campaigns(&self) -> Result<Vec<crate::model::Campaign>> {
        campaigns::all(&self.conn)
    }

    /// The campaign of this name (ignoring case) or id, if any.
    pub fn find_campaign(&self, key: &str) -> Result<Option<crate::model::Campaign>> {
        campaigns::find(&self.conn, key)
    }

    /// The campaign of this name or id; an error naming the known ones.
    pub fn campaign(&self, key: &str) -> Result<crate::model::Campaign> {
        campaigns::resolve(&self.conn, key)
    }

    /// The campaign with this id.
    pub fn campaign_by_id(&self, id: i64) -> Result<crate::model::Campaign> {
        campaigns::get(&self.conn, id)
    }

    /// How many people and deals name each campaign, by id.
    pub fn campaign_links(&self) -> Result<std::collections::BTreeMap<i64, (i64, i64)>> {
        campaigns::link_counts(&self.conn)
    }

    /// People reached and leads per campaign in `[from, to)`.
    pub fn campaign_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        owner: Option<&str>,
    ) -> Result<std::collections::BTreeMap<i64, CampaignCounts>> {
        campaigns::counts(&self.conn, from, to, owner)
    }

    /// Deals attributed to campaigns, created or closed in `[from, to)`.
    pub fn campaign_deals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        pipeline: Option<&str>,
        owner: Option<&str>,
    ) -> Result<Vec<CampaignDeal>> {
        campaigns::deals(&self.conn, from, to, pipeline, owner)
    }

    /// The saved segment of this name (ignoring case) or id.
    pub fn saved_segment(&self, key: &str) -> Result<Option<SavedSegment>> {
        segments::find(&self.conn, key)
    }

    /// One person with phones, e-mails and tags.
    pub fn person(&self, id: i64) -> Result<Person> {
        people::get(&self.conn, id)
    }

    /// The people of `ids` with phones, e-mails and tags, read together;
    /// ids that name no one are left out, and the order is not kept.
    pub fn people_with_ids(&self, ids: &[i64]) -> Result<Vec<Person>> {
        people::get_many(&self.conn, ids)
    }

    /// A page of people ordered by folded name.
    pub fn people(
        &self,
        filter: &PersonFilter,
        after: Option<&PageKey>,
        limit: usize,
    ) -> Result<Vec<Person>> {
        people::list(&self.conn, filter, after, limit)
    }

    /// Every person `filter` lets through, ordered as [`Store::people`]'s
    /// pages: a whole list at once, for less work than paging through it.
    pub fn all_people(&self, filter: &PersonFilter) -> Result<Vec<Person>> {
        people::list_all(&self.conn, filter)
    }

    /// Hands every person's listing line (the cells `person list`
    /// prints) to `each`, in the order of [`Store::people`]'s pages.
    pub fn each_person_line(&self, each: &mut dyn FnMut(PersonLine)) -> Result<()> {
        person_lines::each(&self.conn, each)
    }

    /// The listing lines of those of `ids` who exist, in no particular order.
    pub fn person_lines_with_ids(&self, ids: &[i64]) -> Result<Vec<PersonLine>> {
        person_lines::with_ids(&self.conn, ids)
    }

    /// People whose birthday comes round on `day` in the configured calendar
    /// (Jalali birthdays on the Jalali date; 29 Feb and 30 Esfand on the
    /// month's last day in a common year).
    pub fn birthdays_on(&self, day: NaiveDate) -> Result<Vec<Person>> {
        people::birthdays_on(&self.conn, day, self.config.display.calendar)
    }

    /// Number of people.
    pub fn count(&self, entity: Entity) -> Result<i64> {
        links::count(&self.conn, entity)
    }

    /// One company with phones, e-mails and tags.
    pub fn company(&self, id: i64) -> Result<Company> {
        companies::get(&self.conn, id)
    }

    /// A page of companies ordered by folded name.
    pub fn companies(
        &self,
        filter: &CompanyFilter,
        after: Option<&PageKey>,
        limit: usize,
    ) -> Result<Vec<Company>> {
        companies::list(&self.conn, filter, after, limit)
    }

    /// Finds a company by exact (folded) name.
    pub fn company_by_name(&self, name: &str) -> Result<Option<Company>> {
        companies::by_name(&self.conn, name)
    }

    /// One deal.
    pub fn deal(&self, id: i64) -> Result<Deal> {
        deals::get(&self.conn, id)
    }

    /// Deals matching a filter, by pipeline, stage order is the caller's.
    pub fn deals(&self, filter: &DealFilter) -> Result<Vec<Deal>> {
        deals::list(&self.conn, filter)
    }

    /// Ids by latest activity, newest first (see [`recent::by_recent_activity`]).
    pub fn by_recent_activity(
        &self,
        entity: Entity,
        owner: Option<&str>,
        tag: Option<&str>,
        after: Option<&recent::RecentKey>,
        limit: usize,
    ) -> Result<Vec<(i64, recent::RecentKey)>> {
        recent::by_recent_activity(&self.conn, entity, owner, tag, after, limit)
    }

    /// A person's, company's or deal's list-row summary (`None`: no such
    /// record).
    pub fn summary(&self, entity: Entity, id: i64) -> Result<Option<recent::Summary>> {
        recent::summary(&self.conn, entity, id)
    }

    /// The list-row summaries of the `entity` records of `ids` that exist,
    /// in no particular order: what `kariz search` prints of its hits.
    pub fn summaries(&self, entity: Entity, ids: &[i64]) -> Result<Vec<recent::Summary>> {
        scattered::on_both_cores(&self.conn, self.path(), ids, |conn, ids| {
            recent::summaries(conn, entity, ids)
        })
    }

    /// The team list, active members and leavers, by login.
    pub fn team(&self) -> Result<Vec<crate::model::TeamUser>> {
        users::list(&self.conn)
    }

    /// One member of the team list.
    pub fn team_user(&self, login: &str) -> Result<Option<crate::model::TeamUser>> {
        users::get(&self.conn, login)
    }

    /// Why `owner` may not own records (not on the team, or left, with the
    /// closest logins), or `None` when it may. An empty team list accepts
    /// anyone.
    pub fn owner_problem(&self, owner: &str) -> Result<Option<String>> {
        users::owner_problem(&self.conn, owner)
    }

    /// What reassigning `from`'s records would move.
    pub fn reassign_counts(&self, from: &str) -> Result<Reassigned> {
        users::reassign_counts(&self.conn, from)
    }

    /// Owners named on people, companies or deals, sorted.
    pub fn owners(&self) -> Result<Vec<String>> {
        recent::owners(&self.conn)
    }

    /// A deal's stage history, oldest first.
    pub fn stage_history(&self, deal_id: i64) -> Result<Vec<StageMove>> {
        deals::history(&self.conn, deal_id)
    }

    /// One task.
    pub fn task(&self, id: i64) -> Result<Task> {
        tasks::get(&self.conn, id)
    }

    /// The occurrence of a repeating task that completing `id` created.
    pub fn next_occurrence(&self, id: i64) -> Result<Option<Task>> {
        tasks::next_of(&self.conn, id)
    }

    /// Tasks matching a filter, by due date.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        tasks::list(&self.conn, filter)
    }

    /// How many tasks match `filter`, ignoring its limit.
    pub fn count_tasks(&self, filter: &TaskFilter) -> Result<i64> {
        tasks::count(&self.conn, filter)
    }

    /// [`Store::count_tasks`], counting no further than `cap`: a heading
    /// that says "1,000+" without stepping through every match.
    pub fn count_tasks_up_to(&self, filter: &TaskFilter, cap: usize) -> Result<i64> {
        tasks::count_up_to(&self.conn, filter, cap)
    }

    /// Open deals rotting in one stage (see [`recent::stale_in_stage`]).
    pub fn stale_in_stage(
        &self,
        pipeline: &str,
        stage: &str,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<recent::Stale> {
        recent::stale_in_stage(&self.conn, pipeline, stage, before, limit)
    }

    /// One activity.
    pub fn activity(&self, id: i64) -> Result<Activity> {
        activities::get(&self.conn, id)
    }

    /// One reported call.
    pub fn call(&self, id: i64) -> Result<crate::model::Call> {
        calls::get(&self.conn, id)
    }

    /// The people and companies a calling number belongs to, best first
    /// (see [`callerid::callers`]).
    pub fn callers(&self, number: &str) -> Result<Vec<Caller>> {
        callerid::callers(&self.conn, number)
    }

    /// The open support cases of a person or company.
    pub fn open_cases(&self, entity: Entity, id: i64) -> Result<Vec<OpenCase>> {
        callerid::open_cases(&self.conn, entity, id)
    }

    /// Activities matching a filter, newest first.
    pub fn activities(&self, filter: &ActivityFilter) -> Result<Vec<Activity>> {
        activities::list(&self.conn, filter)
    }

    /// Tags with how many records carry each.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        tags::counts(&self.conn)
    }

    /// Every exchange rate.
    pub fn rates(&self) -> Result<Vec<crate::model::exchange::Rate>> {
        rates::all(&self.conn)
    }

    /// Every goal.
    pub fn goals(&self) -> Result<Vec<Goal>> {
        rates::goals(&self.conn)
    }

    /// Deals for reports (see [`reports::deals`]).
    pub fn report_deals(&self, filter: &ReportFilter, rows: DealRows) -> Result<Vec<ReportDeal>> {
        reports::deals(&self.conn, filter, rows)
    }

    /// Stage moves of the filtered deals, by deal and time.
    pub fn report_moves(&self, filter: &ReportFilter, window: MoveWindow) -> Result<Vec<Move>> {
        reports::moves(&self.conn, filter, window)
    }

    /// People created in `[from, to)` per lead source.
    pub fn people_by_source(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        owner: Option<&str>,
        source: Option<&str>,
    ) -> Result<Vec<(Option<String>, i64)>> {
        reports::people_by_source(&self.conn, from, to, owner, source)
    }

    /// Activity counts per author, local day and kind.
    pub fn activity_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        offset_seconds: i32,
        author: Option<&str>,
    ) -> Result<Vec<(String, NaiveDate, String, i64)>> {
        reports::activity_counts(&self.conn, from, to, offset_seconds, author)
    }

    /// Tasks done in `[from, to)`.
    pub fn tasks_done(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        owner: Option<&str>,
    ) -> Result<Vec<DoneTask>> {
        reports::tasks_done(&self.conn, from, to, owner)
    }

    /// Open tasks due before `today`, per owner.
    pub fn overdue_tasks(
        &self,
        today: NaiveDate,
        owner: Option<&str>,
    ) -> Result<Vec<(Option<String>, i64)>> {
        reports::overdue_tasks(&self.conn, today, owner)
    }

    /// The change log, newest first.
    pub fn changes(&self, filter: &ChangeFilter) -> Result<Vec<ChangeEntry>> {
        changelog::list(&self.conn, filter)
    }
}

/// Maps "no row" to a typed not-found error.
pub(crate) fn found<T>(result: db::Result<T>, entity: Entity, id: i64) -> Result<T> {
    match result {
        Ok(v) => Ok(v),
        Err(db::Error::QueryReturnedNoRows) => Err(Error::NotFound { entity, id }),
        Err(e) => Err(e.into()),
    }
}
