//! What can happen to the interface (keys, loaded data, write results) and
//! what the update function asks the loop to do about it.

use crossterm::event::KeyEvent;

use super::change::{Applied, Change};
use super::overlays::{PickOption, PickPurpose};
use super::state::{Column, ContactRow, Page, PageRef, TodayRow};
use crate::model::Entity;

/// Input to [`super::update::update`].
#[derive(Debug, Clone)]
pub enum Action {
    /// A key press.
    Key(KeyEvent),
    /// Text pasted into the terminal.
    Paste(String),
    /// The terminal was resized.
    Resize(u16, u16),
    /// The Today view's rows.
    TodayLoaded(Vec<TodayRow>),
    /// The Today view's task sections only (after a task changed).
    TodayTasksLoaded(Vec<TodayRow>),
    /// A page of the contact list (`reset`: replaces the rows).
    ContactsLoaded {
        /// Replace instead of append.
        reset: bool,
        /// The rows.
        rows: Vec<ContactRow>,
        /// Whether another page follows.
        more: bool,
        /// Records matching the filters.
        total: i64,
    },
    /// A page to push (`replace`: refreshes the top page instead).
    PageLoaded {
        /// The page.
        page: Page,
        /// Refresh rather than open.
        replace: bool,
    },
    /// The board's columns.
    PipelineLoaded(Vec<Column>),
    /// One deal reloaded after a change (`None`: it is gone).
    DealLoaded {
        /// Its id.
        id: i64,
        /// The deal as stored now.
        deal: Option<Box<crate::model::Deal>>,
    },
    /// One deal reloaded after someone else changed it (the selection
    /// stays on the user's card).
    DealRefreshed {
        /// Its id.
        id: i64,
        /// The deal as stored now.
        deal: Option<Box<crate::model::Deal>>,
    },
    /// Options for a picker that was asked for.
    PickerOptions {
        /// Title (translated).
        title: String,
        /// Options.
        options: Vec<PickOption>,
        /// What the choice is for.
        purpose: PickPurpose,
    },
    /// Search answer for query number `seq`.
    SearchAnswer {
        /// Sequence number of the query.
        seq: u64,
        /// Who asked.
        target: SearchTarget,
        /// Matching people and companies, best first.
        rows: Vec<ContactRow>,
    },
    /// The search index finished loading with this many records.
    IndexReady(usize),
    /// A write succeeded.
    Written {
        /// What was done, for the message line.
        label: String,
        /// The record and the inverse change.
        applied: Applied,
        /// Whether `u` can take it back (not for undo itself).
        undoable: bool,
    },
    /// A write failed for a reason other than a conflict.
    WriteFailed(String),
    /// Someone else changed the same fields first.
    Conflicted {
        /// What "keep mine" writes (only the user's own fields).
        change: Change,
        /// The fields changed on both sides.
        rows: Vec<super::change::ConflictRow>,
    },
    /// A load failed; shown in the message line.
    LoadFailed(String),
    /// Other processes committed these changes (from the change feed).
    Feed(Feed),
    /// The contact list reloaded in place after others' changes: the rows
    /// loaded so far, refreshed, keeping the selected record.
    ContactsReloaded {
        /// The rows (as many as were loaded before).
        rows: Vec<ContactRow>,
        /// Whether another page follows.
        more: bool,
        /// Records matching the filters.
        total: i64,
    },
    /// The local date changed (midnight passed) while kariz was open.
    DayChanged,
    /// A minute of the clock passed: SLA clocks on screen count down.
    MinutePassed,
    /// A reported call and its caller's records (caller ID).
    CallLoaded(Box<super::caller::CallerCard>),
    /// Notifications for this user (reminders, rules), oldest first.
    NotificationsLoaded(Vec<String>),
    /// A report computed for the Reports view.
    ReportLoaded(Box<super::reports::Loaded>),
    /// The deals behind a report row.
    ReportDealsLoaded(super::reports::Drill),
    /// Others' changes have settled (the debounce after a feed marked the
    /// report stale): recompute it.
    ReportDue,
    /// The support queue for the Cases view, in queue order.
    CasesLoaded(Vec<crate::desk::QueueItem>),
    /// A quote was printed to this file.
    Printed(std::path::PathBuf),
}

/// What other kariz processes changed, read from the change log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feed {
    /// The change-log rows, oldest first (this process's own left out).
    pub changes: Vec<crate::store::FeedChange>,
    /// Too much changed to go by rows (an import, a flood): reload all.
    pub everything: bool,
}

impl Feed {
    /// Whether there is nothing to act on.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && !self.everything
    }

    /// Whether anything search finds changed: people, companies or deals.
    pub fn touches_search(&self) -> bool {
        self.touches_contacts() || self.changes.iter().any(|c| c.entity == Entity::Deal)
    }

    /// Whether a report's figures may have changed: deals, people (new
    /// people, sources), activities, tasks, exchange rates or goals.
    pub fn touches_reports(&self) -> bool {
        self.everything
            || self.changes.iter().any(|c| {
                matches!(
                    c.entity,
                    Entity::Deal
                        | Entity::Person
                        | Entity::Activity
                        | Entity::Task
                        | Entity::Rate
                        | Entity::Goal
                        | Entity::Message
                )
            })
    }

    /// Whether the support queue may have changed: cases, their
    /// activities (a first reply), or customers' names.
    pub fn touches_cases(&self) -> bool {
        self.everything
            || self.changes.iter().any(|c| {
                matches!(
                    c.entity,
                    Entity::Case | Entity::Activity | Entity::Person | Entity::Company
                )
            })
    }

    /// Whether people or companies changed (lists, search index, names).
    pub fn touches_contacts(&self) -> bool {
        self.everything
            || self
                .changes
                .iter()
                .any(|c| matches!(c.entity, Entity::Person | Entity::Company))
    }
}

/// Who a search is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTarget {
    /// The contact list's search box.
    Contacts,
    /// A picker over people or companies.
    Picker(Entity),
}

/// Work the loop carries out after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the Today view.
    LoadToday,
    /// Reload only the Today view's task sections.
    LoadTodayTasks,
    /// Load the contact list from the start (`reset`) or its next page.
    LoadContacts {
        /// From the start.
        reset: bool,
    },
    /// Load and push a page.
    OpenPage(PageRef),
    /// Reload the top page.
    ReloadPage,
    /// Reload the contact rows loaded so far, in place (others changed
    /// something).
    ReloadContacts,
    /// Load the board.
    LoadPipeline,
    /// Load the support queue (the Cases view's filters).
    LoadCases,
    /// Reload one deal on the board.
    ReloadDeal(i64),
    /// Reload one deal someone else changed (the selection stays).
    RefreshDeal(i64),
    /// Search the index.
    Search {
        /// Sequence number.
        seq: u64,
        /// The query as typed.
        text: String,
        /// Who asked.
        target: SearchTarget,
    },
    /// Write to the database.
    Write {
        /// The change.
        change: Change,
        /// Message on success.
        label: String,
        /// Whether to keep an undo step.
        undoable: bool,
    },
    /// Offer the tags in use.
    PickTag,
    /// Offer the owners in use.
    PickOwner(PickPurpose),
    /// Offer the saved segments that can select these records.
    PickSegment(crate::store::Target),
    /// Load a call someone's phone system reported, and its caller.
    LoadCall(i64),
    /// Load this user's notifications not shown yet, and mark them seen.
    LoadNotifications,
    /// Compute a report for the Reports view.
    LoadReport(super::reports::ReportQuery),
    /// Print quote (id) as a PDF into the documents folder.
    PrintQuote(i64),
    /// Load the deals behind a report row (`label` titles the list).
    LoadReportDeals {
        /// The row's label.
        label: String,
        /// The deal ids.
        ids: Vec<i64>,
    },
}
