//! The application: state plus the things update must not touch (the
//! store, the clock, the search thread). It carries out effects and feeds
//! their results back through `update`.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender};

use super::action::{Action, Effect, SearchTarget};
use super::change::{self, Applied, Change, apply, is_conflict};
use super::load::{self, Cursor, ListQuery};
use super::overlays::{PickOption, PickPurpose};
use super::search_index::{Reply, Request, SearchIndex};
use super::state::{Page, State};
use super::update::update;
use crate::clock::Clock;
use crate::error::Error;
use crate::model::Entity;
use crate::search::Hit;
use crate::store::Store;

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

/// The running application.
pub struct App {
    /// What is on screen.
    pub state: State,
    store: Store,
    clock: Clock,
    search: SearchBackend,
    cursor: Option<Cursor>,
}

impl App {
    /// An app over `store`, showing the Today view once started.
    pub fn new(state: State, store: Store, clock: Clock, search: SearchBackend) -> App {
        App {
            state,
            store,
            clock,
            search,
            cursor: None,
        }
    }

    /// An app that searches in this thread, with the index loaded now.
    pub fn inline(state: State, store: Store, clock: Clock) -> crate::error::Result<App> {
        let index = SearchIndex::load(store.connection())?;
        let mut app = App::new(state, store, clock, SearchBackend::Inline(index));
        let n = match &app.search {
            SearchBackend::Inline(index) => index.len(),
            SearchBackend::Thread { .. } => 0,
        };
        app.dispatch(Action::IndexReady(n));
        Ok(app)
    }

    /// Loads the first view.
    pub fn start(&mut self) {
        self.run_effects(vec![Effect::LoadToday]);
    }

    /// The store, for tests that check what was written.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Applies an action and everything it leads to.
    pub fn dispatch(&mut self, action: Action) {
        self.state.now = self.clock.now_utc();
        self.state.today = self.clock.today();
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
    // Long but flat: one arm per `Effect` variant, each a load or a write
    // turned into the `Action` that reports it.
    fn perform(&mut self, effect: Effect) -> Vec<Action> {
        let today = self.clock.today();
        let now = self.clock.now_utc();
        match effect {
            Effect::LoadToday => match load::today(&self.store, today, now, None) {
                Ok(rows) => vec![Action::TodayLoaded(rows)],
                Err(err) => Self::failed(&err),
            },
            Effect::LoadTodayTasks => match load::today_tasks(&self.store, today, None) {
                Ok(rows) => vec![Action::TodayTasksLoaded(rows)],
                Err(err) => Self::failed(&err),
            },
            Effect::LoadContacts { reset } => {
                if reset {
                    self.cursor = None;
                } else if self.cursor.is_none() {
                    return Vec::new();
                }
                let contacts = &self.state.contacts;
                let query = ListQuery {
                    kind: contacts.kind,
                    sort: contacts.sort,
                    tag: contacts.tag.as_deref(),
                    owner: contacts.owner.as_deref(),
                };
                let total = self.store.count(contacts.kind).unwrap_or(0);
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
            Effect::OpenPage(reference) => match load::page(&self.store, reference, today) {
                Ok(page) => vec![Action::PageLoaded {
                    page,
                    replace: false,
                }],
                Err(err) => Self::failed(&err),
            },
            Effect::ReloadPage => {
                let Some(reference) = self.state.pages.last().map(Page::reference) else {
                    return Vec::new();
                };
                match load::page(&self.store, reference, today) {
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
            Effect::LoadPipeline => {
                let board = &self.state.pipeline;
                let config = self.store.config().clone();
                match load::pipeline(&self.store, &config, board.pipeline, board.owner.as_deref()) {
                    Ok(columns) => vec![Action::PipelineLoaded(columns)],
                    Err(err) => Self::failed(&err),
                }
            }
            Effect::ReloadDeal(id) => match self.store.deal(id) {
                Ok(deal) => vec![Action::DealLoaded {
                    id,
                    deal: Some(Box::new(deal)),
                }],
                Err(Error::NotFound { .. }) => vec![Action::DealLoaded { id, deal: None }],
                Err(err) => Self::failed(&err),
            },
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
            Effect::PickTag => match self.store.tags() {
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
            },
            Effect::PickOwner(purpose) => match self.store.owners() {
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
            },
        }
    }

    fn write(&mut self, change: Change, label: String, undoable: bool) -> Vec<Action> {
        let now = self.clock.now_utc();
        match apply(&mut self.store, now, &change) {
            Ok(applied) => {
                self.reindex(&change, &applied);
                vec![Action::Written {
                    label,
                    applied,
                    undoable,
                }]
            }
            Err(err) if is_conflict(&err) => self.conflict(change, &err),
            Err(err) => vec![Action::WriteFailed(err.to_string())],
        }
    }

    /// People and companies changed: the search index must see it. A
    /// person's own edit refreshes just that record (a full reload takes
    /// seconds at a million records); company changes reach the people's
    /// search texts (their company name), so they reload everything.
    fn reindex(&mut self, change: &Change, applied: &Applied) {
        let records: Option<Vec<(Entity, i64)>> = match (applied.entity, change) {
            (
                Entity::Person,
                Change::Person {
                    new_company: Some(_),
                    ..
                },
            ) => None,
            (Entity::Person, Change::Merge { keep, other, .. }) => {
                Some(vec![(Entity::Person, *keep), (Entity::Person, *other)])
            }
            (Entity::Person, _) => Some(vec![(Entity::Person, applied.id)]),
            (Entity::Company, _) => None,
            _ => return,
        };
        match (&mut self.search, records) {
            (SearchBackend::Inline(index), Some(records)) => {
                for (entity, id) in records {
                    let _ = index.refresh(self.store.connection(), entity, id);
                }
            }
            (SearchBackend::Inline(index), None) => {
                if let Ok(fresh) = SearchIndex::load(self.store.connection()) {
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
        let Some((entity, id)) = change.target() else {
            return vec![Action::WriteFailed(err.to_string())];
        };
        let (theirs, actual) = match change::stored_fields(&self.store, entity, id) {
            Ok(pair) => pair,
            Err(e) => return vec![Action::WriteFailed(e.to_string())],
        };
        let mine = change.fields();
        let mut rows = Vec::new();
        if let (Some(mine), Some(theirs)) = (mine.as_object(), theirs.as_object()) {
            for (field, value) in mine {
                let stored = theirs.get(field).cloned().unwrap_or_default();
                if *value != stored {
                    rows.push((field.clone(), show(value), show(&stored)));
                }
            }
        }
        vec![Action::Conflicted {
            change,
            rows,
            actual,
        }]
    }
}

fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(map) if map.contains_key("value") => {
            map.get("value").map(show).unwrap_or_default()
        }
        other => other.to_string(),
    }
}
