//! Everything the screen shows, and nothing it has to ask the database for:
//! drawing reads this state only.

use chrono::{DateTime, NaiveDate, Utc};

use super::change::Change;
use super::forms::Form;
use super::keymap::Keymap;
use super::overlays::Overlay;
use super::theme::Theme;
use crate::config::{Config, Stage};
use crate::locale::Locale;
use crate::model::{Activity, Company, Deal, Entity, Person, StageMove, Task};
use crate::text::display::DisplayOptions;

/// The three main views, switched by number keys and Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Overdue, today, next 7 days, birthdays, rotting deals.
    Today,
    /// People and companies.
    Contacts,
    /// The kanban board.
    Pipeline,
    /// Reports: the dashboard and one page per report.
    Reports,
    /// The support queue.
    Cases,
}

impl View {
    /// In tab order.
    pub const ALL: [View; 5] = [
        View::Today,
        View::Contacts,
        View::Pipeline,
        View::Reports,
        View::Cases,
    ];

    /// Catalogue key of the view's name.
    pub fn title_key(self) -> &'static str {
        match self {
            View::Today => "view.today",
            View::Contacts => "view.contacts",
            View::Pipeline => "view.pipeline",
            View::Reports => "view.reports",
            View::Cases => "view.cases",
        }
    }
}

/// Fixed facts about the session, set at start.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who is using kariz (owner of new records, actor in the log).
    pub user: String,
    /// The database shown in the status line.
    pub db_label: String,
    /// The configuration.
    pub config: Config,
    /// UI strings, dates, digits, money.
    pub locale: Locale,
    /// Bidi and shaping for user text.
    pub display: DisplayOptions,
    /// Resolved key bindings.
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// The user's UTC offset (from the injected clock).
    pub offset: chrono::FixedOffset,
    /// The team list (empty: single-user, any owner), for owner pickers
    /// and display names.
    pub team: Vec<crate::model::TeamUser>,
    /// The user's own display name (`[user] name` in their config).
    pub display_name: Option<String>,
    /// The config's folder: `[print]` paths are relative to it.
    pub config_dir: std::path::PathBuf,
    /// Where printed documents are written (`None`: no home folder).
    pub documents: Option<std::path::PathBuf>,
}

impl Session {
    /// The name to show for an owner or author login: the user's own
    /// display name for themselves, else the team list's, else the login.
    pub fn person_name<'a>(&'a self, login: &'a str) -> &'a str {
        if login == self.user
            && let Some(name) = &self.display_name
        {
            return name;
        }
        self.team
            .iter()
            .find(|u| u.login == login)
            .and_then(|u| u.display_name.as_deref())
            .unwrap_or(login)
    }

    /// The owner the "mine" filters use: the user's login.
    pub fn me(&self) -> &str {
        &self.user
    }

    /// Converts a local date and time (as typed) to UTC.
    pub fn local_to_utc(&self) -> impl Fn(NaiveDate, chrono::NaiveTime) -> DateTime<Utc> + use<> {
        let offset = self.offset;
        move |date, time| {
            use chrono::TimeZone;
            offset
                .from_local_datetime(&date.and_time(time))
                .single()
                .map_or_else(|| date.and_time(time).and_utc(), |t| t.with_timezone(&Utc))
        }
    }
}

/// A line in the message bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text, already translated.
    pub text: String,
    /// Errors are shown in the danger colour.
    pub is_error: bool,
}

/// Which bucket a task on the Today view falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Due before today.
    Overdue,
    /// Due today.
    Today,
    /// Due in the next seven days.
    Upcoming,
}

/// One line of the Today view.
#[derive(Debug, Clone, PartialEq)]
pub enum TodayRow {
    /// A section heading with its count.
    Heading(&'static str, usize),
    /// A section heading whose count was only taken up to this many (the
    /// first frame's; "1,000+").
    HeadingAtLeast(&'static str, usize),
    /// A task.
    Task(Task, Due),
    /// A person whose birthday is today.
    Birthday(Person),
    /// An open deal past its stage's rot days.
    Rotting(Deal, i64),
}

impl TodayRow {
    /// Headings are not selectable.
    pub fn selectable(&self) -> bool {
        !matches!(self, TodayRow::Heading(..) | TodayRow::HeadingAtLeast(..))
    }
}

/// The Today view.
#[derive(Debug, Clone, Default)]
pub struct TodayState {
    /// Sections in order: overdue, today, upcoming, birthdays, rotting.
    pub rows: Vec<TodayRow>,
    /// Index into `rows` (always a selectable row when there is one).
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
    /// Everyone's tasks (with an owner column) instead of only the user's.
    pub everyone: bool,
    /// Ids of the marked tasks (`v`; `*` marks every task shown), for
    /// marking them done in one step.
    pub marked: std::collections::BTreeSet<i64>,
}

/// How the contact list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Alphabetical.
    #[default]
    Name,
    /// Most recent activity first.
    LastActivity,
}

/// One line of the contact list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    /// Person or company.
    pub entity: Entity,
    /// Its id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Company (people) or domain (companies).
    pub detail: String,
    /// First e-mail.
    pub email: String,
    /// First phone.
    pub phone: String,
    /// Owner.
    pub owner: String,
    /// Tags.
    pub tags: Vec<String>,
}

/// The search box of the contact list.
#[derive(Debug, Clone, Default)]
pub struct SearchBox {
    /// What is typed.
    pub input: super::input::TextInput,
    /// Sequence number of the newest query sent; older answers are dropped.
    pub seq: u64,
    /// Results of the newest answered query; `None` while nothing is typed.
    pub results: Option<Vec<ContactRow>>,
    /// Whether the search box has the keyboard.
    pub typing: bool,
    /// The query `seq` was re-run because others changed records: its
    /// answer keeps the selected record instead of jumping to the top.
    pub rerun: Option<u64>,
}

/// The filter bar of the contact list and the board (`f`): a segment expression
/// (docs/segments.md) that filters the list as it is typed.
#[derive(Debug, Clone, Default)]
pub struct FilterBar {
    /// What is typed.
    pub input: super::input::TextInput,
    /// Whether the bar has the keyboard.
    pub typing: bool,
    /// The last expression that parsed: the list shows its records.
    pub applied: String,
    /// Why the text typed does not parse (the list keeps `applied`).
    pub error: Option<String>,
}

/// The contact list.
#[derive(Debug, Clone)]
pub struct ContactsState {
    /// People or companies.
    pub kind: Entity,
    /// Rows loaded so far (keyset pages).
    pub rows: Vec<ContactRow>,
    /// Whether more pages exist after `rows`.
    pub more: bool,
    /// How many records exist with the current filters (for the title).
    pub total: i64,
    /// Selected row in the shown list.
    pub selected: usize,
    /// First row drawn.
    pub offset: usize,
    /// Only this tag.
    pub tag: Option<String>,
    /// Only this owner.
    pub owner: Option<String>,
    /// Order.
    pub sort: SortOrder,
    /// The search box; its results replace the list while a query is typed.
    pub search: SearchBox,
    /// The filter bar.
    pub filter: FilterBar,
    /// Ids of the marked rows (space; `*` marks every row shown), for
    /// bulk actions.
    pub marked: std::collections::BTreeSet<i64>,
}

impl Default for ContactsState {
    fn default() -> Self {
        ContactsState {
            kind: Entity::Person,
            rows: Vec::new(),
            more: false,
            total: 0,
            selected: 0,
            offset: 0,
            tag: None,
            owner: None,
            sort: SortOrder::Name,
            search: SearchBox::default(),
            filter: FilterBar::default(),
            marked: std::collections::BTreeSet::new(),
        }
    }
}

impl ContactsState {
    /// The rows on screen: search results while searching, else the list.
    pub fn shown(&self) -> &[ContactRow] {
        match &self.search.results {
            Some(results) => results,
            None => &self.rows,
        }
    }

    /// The selected row, if any.
    pub fn current(&self) -> Option<&ContactRow> {
        self.shown().get(self.selected)
    }
}

/// Sum of a column's deals in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// ISO code.
    pub currency: String,
    /// Sum of values, minor units.
    pub value: i64,
    /// Sum of value × probability, minor units.
    pub weighted: i64,
}

/// One stage of the board.
#[derive(Debug, Clone)]
pub struct Column {
    /// The stage from the config.
    pub stage: Stage,
    /// Its deals, oldest in stage first.
    pub deals: Vec<Deal>,
    /// Selected card.
    pub selected: usize,
    /// Totals per currency.
    pub totals: Vec<Total>,
}

/// The pipeline board.
#[derive(Debug, Clone, Default)]
pub struct PipelineState {
    /// Index of the pipeline in the config.
    pub pipeline: usize,
    /// One per stage, in config order.
    pub columns: Vec<Column>,
    /// Focused column.
    pub focus: usize,
    /// Only this owner's deals.
    pub owner: Option<String>,
    /// A deal to keep focused across the next reload (after a move).
    pub follow: Option<i64>,
    /// The filter bar (`f`): only the deals its expression selects.
    pub filter: FilterBar,
    /// Ids of the marked cards (space; `*` marks every card shown), for
    /// bulk actions.
    pub marked: std::collections::BTreeSet<i64>,
    /// Laid-out card lines by everything they show, see [`CardKey`]: a
    /// memo for drawing, see `views::pipeline`.
    pub card_cache: std::cell::RefCell<std::collections::HashMap<CardKey, CardText>>,
}

/// What a board card's lines depend on: deal id and version (title, value,
/// owner login), days in stage, width, the rotting mark, the linked
/// person's or company's name, and the owner's display name from the team
/// list. The last two are held by other records (renaming them does not
/// change the deal's version, so the names themselves are part of the key).
pub type CardKey = (i64, i64, i64, usize, bool, String, String);

/// A board card's three lines, laid out for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    /// Title (with the rotting mark).
    pub title: String,
    /// Person or company.
    pub who: String,
    /// Value, owner and days in stage.
    pub meta: String,
}

impl PipelineState {
    /// How many deals the board shows (the filter bar's count).
    pub fn shown(&self) -> usize {
        self.columns.iter().map(|c| c.deals.len()).sum()
    }

    /// The focused deal.
    pub fn current(&self) -> Option<&Deal> {
        let column = self.columns.get(self.focus)?;
        column.deals.get(column.selected)
    }
}

/// What a row of a customer or deal page points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageItem {
    /// A deal (index into `deals`).
    Deal(usize),
    /// An open task (index into `tasks`).
    Task(usize),
    /// An activity (index into `activities`).
    Activity(usize),
    /// A person of the company (index into `people`).
    Person(usize),
    /// The person's company.
    Company,
}

/// The single customer view: a person or a company with its whole history.
#[derive(Debug, Clone)]
pub struct CustomerPage {
    /// The person shown, or `None` for a company page.
    pub person: Option<Person>,
    /// The company shown, or the person's company.
    pub company: Option<Company>,
    /// The company's people (colleagues on a person page).
    pub people: Vec<Person>,
    /// Deals with this customer.
    pub deals: Vec<Deal>,
    /// Open tasks.
    pub tasks: Vec<Task>,
    /// The timeline, newest first.
    pub activities: Vec<Activity>,
    /// Selectable rows in drawing order.
    pub items: Vec<PageItem>,
    /// Selected item.
    pub selected: usize,
    /// Likely duplicates of this customer: (id, name, reason).
    pub duplicates: Vec<(i64, String, String)>,
    /// Invoiced, paid and outstanding per currency, and whether any of
    /// that currency's invoices is overdue (empty: never invoiced).
    pub receivables: Vec<(crate::model::Receivable, bool)>,
}

impl CustomerPage {
    /// Person or company, and its id.
    pub fn subject(&self) -> (Entity, i64) {
        match (&self.person, &self.company) {
            (Some(p), _) => (Entity::Person, p.id),
            (None, Some(c)) => (Entity::Company, c.id),
            (None, None) => (Entity::Person, 0),
        }
    }
}

/// A deal with its stage history, activities and tasks.
#[derive(Debug, Clone)]
pub struct DealPage {
    /// The deal.
    pub deal: Deal,
    /// Every stage move, oldest first.
    pub history: Vec<StageMove>,
    /// Activities, newest first.
    pub activities: Vec<Activity>,
    /// Open tasks.
    pub tasks: Vec<Task>,
    /// Selected task (index), if any.
    pub selected: usize,
    /// Its quotes (latest revisions), newest first.
    pub quotes: Vec<crate::model::SalesDoc>,
}

/// What a deal page's selected row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealRow {
    /// A quote (index into `quotes`).
    Quote(usize),
    /// An open task (index into `tasks`).
    Task(usize),
    /// An activity (index into `activities`).
    Activity(usize),
}

impl DealPage {
    /// How many rows can be selected: quotes, tasks, activities.
    pub fn rows(&self) -> usize {
        self.quotes.len() + self.tasks.len() + self.activities.len()
    }

    /// The selected row.
    pub fn row(&self) -> Option<DealRow> {
        let i = self.selected;
        let (q, t) = (self.quotes.len(), self.tasks.len());
        if i < q {
            Some(DealRow::Quote(i))
        } else if i < q + t {
            Some(DealRow::Task(i - q))
        } else if i < self.rows() {
            Some(DealRow::Activity(i - q - t))
        } else {
            None
        }
    }

    /// The selected task, if a task row is selected.
    pub fn task(&self) -> Option<&Task> {
        match self.row() {
            Some(DealRow::Task(i)) => self.tasks.get(i),
            _ => None,
        }
    }
}

/// A page opened over a view with Enter.
#[derive(Debug, Clone)]
pub enum Page {
    /// A person or company.
    Customer(Box<CustomerPage>),
    /// A deal.
    Deal(Box<DealPage>),
    /// A support case.
    Case(Box<super::cases::CaseView>),
    /// A quote (pre-invoice) of a deal.
    Quote(Box<super::quotes::QuoteView>),
}

/// Which page to (re)load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRef {
    /// A person's page.
    Person(i64),
    /// A company's page.
    Company(i64),
    /// A deal's page.
    Deal(i64),
    /// A case's page.
    Case(i64),
    /// A quote's page.
    Quote(i64),
}

impl Page {
    /// What to load to refresh this page.
    pub fn reference(&self) -> PageRef {
        match self {
            Page::Customer(c) => match c.subject() {
                (Entity::Company, id) => PageRef::Company(id),
                (_, id) => PageRef::Person(id),
            },
            Page::Deal(d) => PageRef::Deal(d.deal.id),
            Page::Case(c) => PageRef::Case(c.page.case.id),
            Page::Quote(q) => PageRef::Quote(q.quote.id),
        }
    }
}

/// One step that `u` can take back.
#[derive(Debug, Clone)]
pub struct UndoStep {
    /// What was done, for the message ("task marked done").
    pub label: String,
    /// The change that reverses it.
    pub change: Change,
}

/// The whole interface state.
#[derive(Debug, Clone)]
pub struct State {
    /// Fixed facts and settings.
    pub session: Session,
    /// The current view.
    pub view: View,
    /// Now, set before each update from the injected clock.
    pub now: DateTime<Utc>,
    /// Today in the user's time zone.
    pub today: NaiveDate,
    /// Terminal size.
    pub size: (u16, u16),
    /// Today view.
    pub today_view: TodayState,
    /// Contacts view.
    pub contacts: ContactsState,
    /// Pipeline view.
    pub pipeline: PipelineState,
    /// Reports view.
    pub reports: super::reports::ReportsState,
    /// Cases view.
    pub cases: super::cases::CasesState,
    /// Pages opened with Enter, the last on top.
    pub pages: Vec<Page>,
    /// Forms, pickers and questions, the last on top.
    pub overlays: Vec<Overlay>,
    /// The message line.
    pub message: Option<Message>,
    /// Changes made in this session that `u` can take back, newest last.
    pub undo: Vec<UndoStep>,
    /// How many people and companies the search index holds; `None` while
    /// it is still loading.
    pub index_size: Option<usize>,
    /// Set when the user quits.
    pub quit: bool,
}

impl State {
    /// A fresh state showing the Today view.
    pub fn new(session: Session, now: DateTime<Utc>, today: NaiveDate, size: (u16, u16)) -> State {
        State {
            session,
            view: View::Today,
            now,
            today,
            size,
            today_view: TodayState::default(),
            contacts: ContactsState::default(),
            pipeline: PipelineState::default(),
            reports: super::reports::ReportsState::default(),
            cases: super::cases::CasesState::default(),
            pages: Vec::new(),
            overlays: Vec::new(),
            message: None,
            undo: Vec::new(),
            index_size: None,
            quit: false,
        }
    }

    /// A UI string.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.session.locale.t(key)
    }

    /// Shows a message.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    /// Shows an error message.
    pub fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: true,
        });
    }

    /// Opens a form on top, its prefilled dates and times in the user's
    /// calendar and digits.
    pub fn open_form(&mut self, mut form: Form) {
        form.localize(&self.session.locale, self.today);
        self.overlays.push(Overlay::Form(Box::new(form)));
    }

    /// The open form, if a form is the top overlay.
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self.overlays.last_mut() {
            Some(Overlay::Form(form)) => Some(form),
            _ => None,
        }
    }

    /// Rows between the tab line and the message and status lines, where
    /// views and the help box are drawn.
    pub fn main_height(&self) -> u16 {
        self.size.1.saturating_sub(3)
    }

    /// Rows of the list area (terminal height minus tabs, status and
    /// message lines and frame), at least 1.
    pub fn list_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(6)).max(1)
    }
}
