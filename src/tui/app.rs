//! The application: state plus the things update must not touch (the
//! store, the clock, the search thread). It carries out effects and feeds
//! their results back through `update`.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender};

use super::action::{Action, Effect, Feed, SearchTarget};
use super::change::{self, Applied, Change, apply, is_conflict};
use super::load::{self, Cursor, ListQuery};
use super::overlays::{PickOption, PickPurpose};
use super::search_index::{Reply, Request, SearchIndex};
use super::state::{Page, State, TodayRow};
use super::update::update;
use crate::clock::Clock;
use crate::error::Error;
use crate::model::Entity;
use crate::search::{Hit, Reindex, reindex_plan};
use crate::store::{FeedChange, Poll, Store};

/// Quiet time after others' last change before a stale report is
/// recomputed.
pub const REPORT_SETTLE: std::time::Duration = std::time::Duration::from_millis(300);
/// Longest a stale report waits while changes keep coming.
pub const REPORT_MAX_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Where searches run.
pub enum SearchBackend {
    /// In this thread (tests, small databases).
    Inline(SearchIndex),
    /// On the search thread.
    Thread {
        /// Requests to it.
        requests: Sender<Request>,
        /// Its replies.
        replies: Receiver<Reply>,
    },
}

/// The clock's time in whole minutes since 1970 (a redraw a minute at most).
fn unix_minute(clock: &Clock) -> i64 {
    clock.now_utc().timestamp().div_euclid(60)
}

/// The running application.
pub struct App {
    /// What is on screen.
    pub state: State,
    store: Store,
    clock: Clock,
    search: SearchBackend,
    cursor: Option<Cursor>,
    /// Change-log id ranges `(after, last]` this app wrote itself: the
    /// change feed's copies of them are skipped (already on screen).
    own: Vec<(i64, i64)>,
    /// When the shown report became stale and when the last change that
    /// kept it so was seen (the debounce, see [`App::tick`]).
    stale_since: Option<(std::time::Instant, std::time::Instant)>,
    /// The count of stale-making feeds last seen by the debounce.
    stale_seen: u64,
    /// The clock's minute (Unix minutes) last told to the state.
    minute: i64,
    /// Today holds only the first screen's rows; the rest load after the
    /// first frame.
    today_cut: bool,
}

impl App {
    /// This user's unseen notifications, marked seen as they are shown.
    fn load_notifications(&mut self, now: chrono::DateTime<chrono::Utc>) -> Vec<Action> {
        let user = self.state.session.user.clone();
        let loaded = self.store.unseen_notifications(&user).and_then(|list| {
            let ids: Vec<i64> = list.iter().map(|n| n.id).collect();
            if !ids.is_empty() {
                self.store.write(now, |w| w.mark_seen(&ids))?;
            }
            Ok(list.into_iter().map(|n| n.data.text).collect::<Vec<_>>())
        });
        match loaded {
            Ok(texts) if texts.is_empty() => Vec::new(),
            Ok(texts) => vec![Action::NotificationsLoaded(texts)],
            Err(err) => Self::failed(&err),
        }
    }

    /// An app over `store`, showing the Today view once started.
    pub fn new(state: State, store: Store, clock: Clock, search: SearchBackend) -> App {
        let minute = unix_minute(&clock);
        App {
            state,
            store,
            clock,
            search,
            cursor: None,
            own: Vec::new(),
            stale_since: None,
            stale_seen: 0,
            minute,
            today_cut: false,
        }
    }

    /// An app that searches in this thread, with the index loaded now.
    pub fn inline(state: State, store: Store, clock: Clock) -> crate::error::Result<App> {
        let index = SearchIndex::load(&store)?;
        let mut app = App::new(state, store, clock, SearchBackend::Inline(index));
        let n = match &app.search {
            SearchBackend::Inline(index) => index.len(),
            SearchBackend::Thread { .. } => 0,
        };
        app.dispatch(Action::IndexReady(n));
        Ok(app)
    }

    /// Reads the team list (owner pickers, display names), then loads the
    /// first view whole.
    pub fn start(&mut self) {
        self.start_first_screen();
        self.after_first_frame();
    }

    /// Reads the team list and what the first screen shows of Today: a
    /// screen's height under each heading (with full counts), not the
    /// hundreds a scroll may reach — at 10k contacts that halved the load
    /// before the first frame. `after_first_frame` loads the rest.
    pub fn start_first_screen(&mut self) {
        match self.store.team() {
            Ok(team) => self.state.session.team = team,
            Err(err) => self.dispatch(Action::LoadFailed(err.to_string())),
        }
        let section = usize::from(self.state.size.1).clamp(1, load::TODAY_SECTION);
        match self.read_today(section) {
            Ok(rows) => {
                self.today_cut = !load::today_is_whole(&rows);
                self.dispatch(Action::TodayLoaded(rows));
            }
            Err(err) => self.dispatch(Action::LoadFailed(err.to_string())),
        }
        self.run_effects(vec![Effect::LoadNotifications]);
    }

    /// Loads the rest of Today when the first screen showed only part of
    /// it; true when the state changed and wants a frame.
    pub fn after_first_frame(&mut self) -> bool {
        if !std::mem::take(&mut self.today_cut) {
            return false;
        }
        self.run_effects(vec![Effect::LoadToday]);
        true
    }

    /// The Today view with at most `section` rows under each heading.
    fn read_today(&self, section: usize) -> crate::error::Result<Vec<TodayRow>> {
        let owner = self.today_owner();
        let (today, now) = (self.clock.today(), self.clock.now_utc());
        load::today(&self.store, today, now, owner.as_deref(), section)
    }

    /// Whose tasks Today shows: the user's own unless everyone's were asked
    /// for.
    fn today_owner(&self) -> Option<String> {
        (!self.state.today_view.everyone).then(|| self.state.session.user.clone())
    }

    /// The store, for tests that check what was written.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Applies an action and everything it leads to.
    pub fn dispatch(&mut self, action: Action) {
        self.state.now = self.clock.now_utc();
        self.state.today = self.clock.today();
        self.state.session.offset = *self.clock.now_local().offset();
        let effects = update(&mut self.state, action);
        self.run_effects(effects);
    }

    fn run_effects(&mut self, effects: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            for action in self.perform(effect) {
                self.state.now = self.clock.now_utc();
                queue.extend(update(&mut self.state, action));
            }
        }
    }

    /// Notices the local date changing (midnight) or the minute (SLA
    /// clocks) and reloads what depends on it; true when it did. Cheap:
    /// two clock reads.
    pub fn tick(&mut self) -> bool {
        if self.report_due() {
            self.dispatch(Action::ReportDue);
            return true;
        }
        let minute = unix_minute(&self.clock);
        let new_minute = minute != self.minute;
        self.minute = minute;
        if self.clock.today() != self.state.today {
            // Reloads everything on screen, SLA clocks included.
            self.dispatch(Action::DayChanged);
            return true;
        }
        if new_minute {
            self.dispatch(Action::MinutePassed);
        }
        new_minute
    }

    /// The debounce of the Reports view: a report others' changes made
    /// stale is recomputed once no change has come for [`REPORT_SETTLE`]
    /// (a burst of writes costs one recomputation, not one each), and at
    /// the latest [`REPORT_MAX_WAIT`] after the first. Monotonic time of
    /// the machine, not the injected clock: it paces work, it dates nothing.
    fn report_due(&mut self) -> bool {
        if !self.state.reports.stale {
            self.stale_since = None;
            return false;
        }
        let now = std::time::Instant::now();
        let (first, last) = self.stale_since.get_or_insert((now, now));
        if self.state.reports.stale_changes != self.stale_seen {
            self.stale_seen = self.state.reports.stale_changes;
            *last = now;
        }
        let due = now.duration_since(*last) >= REPORT_SETTLE
            || now.duration_since(*first) >= REPORT_MAX_WAIT;
        if due {
            self.stale_since = None;
        }
        due
    }

    /// Takes what the change watcher found: leaves out this app's own
    /// writes, brings the search index up to date, then lets `update`
    /// reload what is on screen. True when anything was left to show.
    pub fn feed(&mut self, poll: Poll) -> bool {
        let feed = match poll {
            Poll::Quiet => return false,
            Poll::Flood { last } => {
                self.own.retain(|&(_, mine)| mine > last);
                Feed {
                    changes: Vec::new(),
                    everything: true,
                }
            }
            Poll::Changes(rows) => {
                let newest = rows.last().map_or(0, |r| r.id);
                let changes: Vec<FeedChange> = rows
                    .into_iter()
                    .filter(|r| !self.own.iter().any(|&(a, b)| r.id > a && r.id <= b))
                    .collect();
                // Ranges the feed has passed will not come again.
                self.own.retain(|&(_, last)| last > newest);
                Feed {
                    changes,
                    everything: false,
                }
            }
        };
        if feed.is_empty() {
            return false;
        }
        self.reindex_feed(&feed);
        self.dispatch(Action::Feed(feed));
        true
    }

    /// Others' changes to people, companies and deals reach the search
    /// index: one by one, each with the texts holding its name (a person's
    /// deals, a company's people and deals), imports by a reload (as for
    /// this app's own writes, see [`App::reindex`]).
    fn reindex_feed(&mut self, feed: &Feed) {
        let plan = if feed.everything {
            Reindex::Everything
        } else {
            reindex_plan(&feed.changes)
        };
        match plan {
            Reindex::Nothing => {}
            Reindex::Records(records) => self.refresh_index(Some(records)),
            Reindex::Everything => self.refresh_index(None),
        }
    }

    /// Takes answers from the search thread; true when any arrived.
    pub fn poll_background(&mut self) -> bool {
        let replies: Vec<Reply> = match &self.search {
            SearchBackend::Thread { replies, .. } => replies.try_iter().collect(),
            SearchBackend::Inline(_) => Vec::new(),
        };
        let any = !replies.is_empty();
        for reply in replies {
            let action = match reply {
                Reply::Ready(n) => Action::IndexReady(n),
                Reply::Failed(message) => Action::LoadFailed(message),
                Reply::Hits { seq, target, hits } => self.answer(seq, target, &hits),
            };
            self.dispatch(action);
        }
        any
    }

    fn answer(&self, seq: u64, target: SearchTarget, hits: &[Hit]) -> Action {
        let rows = hits
            .iter()
            .filter(|h| match target {
                SearchTarget::Picker(entity) => h.entity == entity,
                SearchTarget::Contacts => true,
            })
            .filter_map(|h| load::hit_row(&self.store, h.entity, h.id).ok())
            .collect();
        Action::SearchAnswer { seq, target, rows }
    }

    fn failed(err: &Error) -> Vec<Action> {
        vec![Action::LoadFailed(err.to_string())]
    }

    /// Carries out one effect against the store.
    fn perform(&mut self, effect: Effect) -> Vec<Action> {
        let today = self.clock.today();
        let now = self.clock.now_utc();
        match effect {
            Effect::LoadToday => match self.read_today(load::TODAY_SECTION) {
                Ok(rows) => vec![Action::TodayLoaded(rows)],
                Err(err) => Self::failed(&err),
            },
            Effect::LoadTodayTasks => {
                let owner = self.today_owner();
                match load::today_tasks(&self.store, today, owner.as_deref(), load::TODAY_SECTION) {
                    Ok(rows) => vec![Action::TodayTasksLoaded(rows)],
                    Err(err) => Self::failed(&err),
                }
            }
            Effect::LoadContacts { reset } => self.load_contacts(reset),
            Effect::ReloadContacts => self.reload_contacts(),
            Effect::LoadCases => {
                let filter = self.state.cases.filter(&self.state.session.user);
                match super::cases::queue(&self.store, &filter, now) {
                    Ok(rows) => vec![Action::CasesLoaded(rows)],
                    Err(err) => Self::failed(&err),
                }
            }
            Effect::LoadNotifications => self.load_notifications(now),
            Effect::LoadCall(id) => match super::caller::load(&self.store, id) {
                Ok(card) => vec![Action::CallLoaded(Box::new(card))],
                Err(err) => Self::failed(&err),
            },
            Effect::OpenPage(reference) => match load::page(&self.store, reference, today, now) {
                Ok(page) => vec![Action::PageLoaded {
                    page,
                    replace: false,
                }],
                Err(err) => Self::failed(&err),
            },
            Effect::ReloadPage => self.reload_page(today, now),
            Effect::LoadPipeline => self.load_pipeline(),
            Effect::ReloadDeal(id) => self.reload_deal(id),
            Effect::RefreshDeal(id) => self.refresh_deal(id),
            Effect::Search { seq, text, target } => match &mut self.search {
                SearchBackend::Inline(index) => {
                    let hits = index.search(&text);
                    vec![self.answer(seq, target, &hits)]
                }
                SearchBackend::Thread { requests, .. } => {
                    let _ = requests.send(Request::Query { seq, target, text });
                    Vec::new()
                }
            },
            Effect::Write {
                change,
                label,
                undoable,
            } => self.write(change, label, undoable),
            Effect::PickTag => self.pick_tag(),
            Effect::LoadReport(query) => {
                match super::report_load::report(&self.store, &query, self.clock.now_local()) {
                    Ok(loaded) => vec![Action::ReportLoaded(Box::new(loaded))],
                    Err(err) => Self::failed(&err),
                }
            }
            Effect::PrintQuote(id) => self.print_quote(id),
            Effect::LoadReportDeals { label, ids } => {
                match super::report_load::deals(&self.store, &label, &ids) {
                    Ok(drill) => vec![Action::ReportDealsLoaded(drill)],
                    Err(err) => Self::failed(&err),
                }
            }
            Effect::PickSegment(target) => self.pick_segment(target),
            Effect::PickOwner(purpose) => self.pick_owner(purpose),
        }
    }

    /// The first page of the contact list (`reset`) or the next one.
    fn load_contacts(&mut self, reset: bool) -> Vec<Action> {
        if reset {
            self.cursor = None;
        } else if self.cursor.is_none() {
            return Vec::new();
        }
        let (segment, total) = match self.contacts_filter() {
            Ok(found) => found,
            Err(err) => return Self::failed(&err),
        };
        let contacts = &self.state.contacts;
        let query = ListQuery::of(contacts, segment.as_ref());
        match load::contacts_page(&self.store, &query, self.cursor.as_ref()) {
            Ok((rows, next)) => {
                let more = next.is_some();
                self.cursor = next;
                vec![Action::ContactsLoaded {
                    reset,
                    rows,
                    more,
                    total,
                }]
            }
            Err(err) => Self::failed(&err),
        }
    }

    /// The open page read again; a deleted record's page closes.
    fn reload_page(
        &mut self,
        today: chrono::NaiveDate,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<Action> {
        let Some(reference) = self.state.pages.last().map(Page::reference) else {
            return Vec::new();
        };
        match load::page(&self.store, reference, today, now) {
            Ok(page) => vec![Action::PageLoaded {
                page,
                replace: true,
            }],
            // The record is gone (deleted): close its page.
            Err(Error::NotFound { .. }) => {
                self.state.pages.pop();
                super::update::refresh(&self.state)
                    .into_iter()
                    .flat_map(|e| self.perform(e))
                    .collect()
            }
            Err(err) => Self::failed(&err),
        }
    }

    /// A deal this user changed, read again to place on the board.
    fn reload_deal(&self, id: i64) -> Vec<Action> {
        match self.store.deal(id) {
            Ok(deal) => vec![Action::DealLoaded {
                id,
                deal: Some(Box::new(deal)),
            }],
            Err(Error::NotFound { .. }) => vec![Action::DealLoaded { id, deal: None }],
            Err(err) => Self::failed(&err),
        }
    }

    /// A deal another process changed, for the board.
    fn refresh_deal(&self, id: i64) -> Vec<Action> {
        match self.store.deal(id) {
            Ok(deal) => {
                // A deal in another pipeline leaves this board (its
                // stage may share a name with one shown here).
                let shown = self
                    .store
                    .config()
                    .pipelines
                    .get(self.state.pipeline.pipeline);
                let here = shown.is_some_and(|p| p.name == deal.data.pipeline);
                vec![Action::DealRefreshed {
                    id,
                    deal: here.then(|| Box::new(deal)),
                }]
            }
            Err(Error::NotFound { .. }) => vec![Action::DealRefreshed { id, deal: None }],
            Err(err) => Self::failed(&err),
        }
    }

    /// The tag picker's options.
    fn pick_tag(&self) -> Vec<Action> {
        match self.store.tags() {
            Ok(tags) => vec![Action::PickerOptions {
                title: self.state.t("picker.tag").to_owned(),
                options: tags
                    .into_iter()
                    .map(|t| PickOption {
                        label: t.name,
                        detail: (t.people + t.companies + t.deals).to_string(),
                        id: None,
                    })
                    .collect(),
                purpose: PickPurpose::FilterTag,
            }],
            Err(err) => Self::failed(&err),
        }
    }

    /// The saved segments that fit `target`, to pick one.
    fn pick_segment(&self, target: crate::store::Target) -> Vec<Action> {
        match self.store.saved_segments_for(target, self.clock.today()) {
            Ok(segments) => vec![Action::PickerOptions {
                title: self.state.t("picker.segment").to_owned(),
                options: segments
                    .into_iter()
                    .map(|s| PickOption {
                        label: s.name,
                        detail: s.expression,
                        id: Some(s.id),
                    })
                    .collect(),
                purpose: PickPurpose::Segment,
            }],
            Err(err) => Self::failed(&err),
        }
    }

    /// The owners to pick from, for `purpose`.
    fn pick_owner(&self, purpose: PickPurpose) -> Vec<Action> {
        match self.store.owners() {
            Ok(owners) => vec![Action::PickerOptions {
                title: self.state.t("picker.owner").to_owned(),
                options: owners
                    .into_iter()
                    .map(|o| PickOption {
                        label: o,
                        detail: String::new(),
                        id: None,
                    })
                    .collect(),
                purpose,
            }],
            Err(err) => Self::failed(&err),
        }
    }

    /// Prints quote `id` as a PDF into the documents folder, the same way
    /// `kariz quote print` does (`sales_print`); a missing font or folder
    /// is a message, nothing written.
    fn print_quote(&mut self, id: i64) -> Vec<Action> {
        let session = &self.state.session;
        let Some(folder) = session.documents.clone() else {
            let text = session.locale.t("quote.no_documents_folder").to_owned();
            return vec![Action::LoadFailed(text)];
        };
        let printed = self
            .store
            .doc(crate::model::DocKind::Quote, id)
            .and_then(|doc| {
                crate::sales_print::pdf_into(&self.store, &doc, &session.config_dir, &folder)
            });
        match printed {
            Ok(path) => vec![Action::Printed(path)],
            Err(err) => Self::failed(&err),
        }
    }

    /// The board, with only the deals the filter bar selects.
    fn load_pipeline(&self) -> Vec<Action> {
        let board = &self.state.pipeline;
        let applied = board.filter.applied.trim();
        let segment = if applied.is_empty() {
            None
        } else {
            match self.store.where_of(applied, self.clock.today()) {
                Ok(filter) => Some(filter),
                Err(err) => return Self::failed(&err),
            }
        };
        let config = self.store.config().clone();
        let owner = board.owner.as_deref();
        match load::pipeline(&self.store, &config, board.pipeline, owner, segment) {
            Ok(columns) => vec![Action::PipelineLoaded(columns)],
            Err(err) => Self::failed(&err),
        }
    }

    /// The filter bar's expression for the store, and the count for the
    /// title: every record of the kind, or those the filter selects.
    fn contacts_filter(&self) -> crate::error::Result<(Option<crate::store::Where>, i64)> {
        let contacts = &self.state.contacts;
        let applied = contacts.filter.applied.trim();
        if applied.is_empty() {
            return Ok((None, self.store.count(contacts.kind).unwrap_or(0)));
        }
        let filter = self.store.where_of(applied, self.clock.today())?;
        let target = match contacts.kind {
            crate::model::Entity::Company => crate::store::Target::Company,
            _ => crate::store::Target::Person,
        };
        let total = self.store.matching_ids(&filter, target)?.len();
        Ok((Some(filter), i64::try_from(total).unwrap_or(i64::MAX)))
    }

    /// Reloads as many contact rows as are loaded now (at least a page),
    /// so a colleague's change does not cut the list the user scrolled.
    fn reload_contacts(&mut self) -> Vec<Action> {
        let (segment, total) = match self.contacts_filter() {
            Ok(found) => found,
            Err(err) => return Self::failed(&err),
        };
        let contacts = &self.state.contacts;
        let query = ListQuery::of(contacts, segment.as_ref());
        let want = contacts.rows.len().max(1);
        let mut rows = Vec::new();
        let mut cursor = None;
        loop {
            match load::contacts_page(&self.store, &query, cursor.as_ref()) {
                Ok((page, next)) => {
                    rows.extend(page);
                    cursor = next;
                }
                Err(err) => return Self::failed(&err),
            }
            if cursor.is_none() || rows.len() >= want {
                break;
            }
        }
        let more = cursor.is_some();
        self.cursor = cursor;
        vec![Action::ContactsReloaded { rows, more, total }]
    }

    fn write(&mut self, change: Change, label: String, undoable: bool) -> Vec<Action> {
        let now = self.clock.now_utc();
        match apply(&mut self.store, now, &change) {
            Ok(applied) => {
                if let Some((after, last)) = self.store.last_write()
                    && last > after
                {
                    self.own.push((after, last));
                }
                self.reindex(&change, &applied);
                let label = super::quotes::written_label(
                    &self.store,
                    &self.state.session,
                    &change,
                    (applied.entity, applied.id),
                    label,
                );
                vec![Action::Written {
                    label,
                    applied,
                    undoable,
                }]
            }
            Err(err) if is_conflict(&err) => self.conflict(change, &err),
            Err(err) => vec![Action::WriteFailed(
                self.state.session.locale.store_error(&err),
            )],
        }
    }

    /// People and companies changed: the search index must see it. Each
    /// record written is refreshed with the texts holding its name (a full
    /// reload takes seconds at a million records): a company's people are
    /// found by its name too, so their texts are read again with it.
    fn reindex(&mut self, change: &Change, applied: &Applied) {
        let records: Option<Vec<(Entity, i64)>> = match (applied.entity, change) {
            // A bulk change: each person, company and deal it touched (a
            // refresh reads the texts holding a record's name with it).
            (_, Change::Batch(changes)) => {
                let searched: Vec<(Entity, i64)> = changes
                    .iter()
                    .filter_map(Change::target)
                    .filter(|(e, _)| matches!(e, Entity::Person | Entity::Company | Entity::Deal))
                    .collect();
                if searched.is_empty() {
                    return;
                }
                Some(searched)
            }
            // The person and the company made for them in the same write.
            (
                Entity::Person,
                Change::Person {
                    new_company: Some(_),
                    ..
                },
            ) => {
                let company = self
                    .store
                    .person(applied.id)
                    .ok()
                    .and_then(|p| p.data.company_id);
                let made = company.map(|id| (Entity::Company, id));
                Some(
                    [(Entity::Person, applied.id)]
                        .into_iter()
                        .chain(made)
                        .collect(),
                )
            }
            // The record kept and the one merged into it (gone now); a
            // company's people moved with it are read with the one kept.
            (entity @ (Entity::Person | Entity::Company), Change::Merge { keep, other, .. }) => {
                Some(vec![(entity, *keep), (entity, *other)])
            }
            (Entity::Person, _) => Some(vec![(Entity::Person, applied.id)]),
            (Entity::Company, _) => Some(vec![(Entity::Company, applied.id)]),
            // A deal's title and customer are searched too.
            (Entity::Deal, _) => Some(vec![(Entity::Deal, applied.id)]),
            _ => return,
        };
        self.refresh_index(records);
    }

    /// Refreshes these records in the search index, or all (`None`).
    fn refresh_index(&mut self, records: Option<Vec<(Entity, i64)>>) {
        match (&mut self.search, records) {
            (SearchBackend::Inline(index), Some(records)) => {
                for (entity, id) in records {
                    let _ = index.refresh(&self.store, entity, id);
                }
            }
            (SearchBackend::Inline(index), None) => {
                if let Ok(fresh) = SearchIndex::load(&self.store) {
                    *index = fresh;
                }
            }
            (SearchBackend::Thread { requests, .. }, Some(records)) => {
                for (entity, id) in records {
                    let _ = requests.send(Request::Update { entity, id });
                }
            }
            (SearchBackend::Thread { requests, .. }, None) => {
                let _ = requests.send(Request::Reload);
            }
        }
    }

    fn conflict(&self, change: Change, err: &Error) -> Vec<Action> {
        match change::conflict_details(&self.store, change, err) {
            Ok((change, rows)) => vec![Action::Conflicted { change, rows }],
            Err(_) => vec![Action::WriteFailed(
                self.state.session.locale.store_error(err),
            )],
        }
    }
}
