//! Tasks: reads, writes, done and reopen.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Writer, codec, found, repeat};
use crate::error::{Error, Result};
use crate::model::{Entity, Priority, Task, TaskData};
use chrono::NaiveDate;

const COLUMNS: &str = "t.id, t.title, t.due_date, t.due_time, t.priority, t.done_at, t.person_id,
    t.company_id, t.deal_id, t.owner, t.notes, t.created_at, t.updated_at, t.version,
    p.name, c.name, d.title, t.repeat, t.remind";

const FROM: &str = "FROM tasks t LEFT JOIN people p ON p.id = t.person_id
    LEFT JOIN companies c ON c.id = t.company_id LEFT JOIN deals d ON d.id = t.deal_id";

fn from_row(row: &Row<'_>) -> db::Result<Task> {
    Ok(Task {
        id: row.get(0)?,
        data: TaskData {
            title: row.get(1)?,
            due_date: codec::get_opt_date(row, 2)?,
            due_time: codec::get_opt_time(row, 3)?,
            priority: codec::get_parsed(row, 4, |s| Priority::parse(s).ok())?,
            person_id: row.get(6)?,
            company_id: row.get(7)?,
            deal_id: row.get(8)?,
            owner: row.get(9)?,
            notes: row.get(10)?,
            repeat: row.get(17)?,
            remind: row.get(18)?,
        },
        done_at: codec::get_opt_ts(row, 5)?,
        created_at: codec::get_ts(row, 11)?,
        updated_at: codec::get_ts(row, 12)?,
        version: row.get(13)?,
        person: row.get(14)?,
        company: row.get(15)?,
        deal: row.get(16)?,
    })
}

/// One task.
pub fn get(conn: &Connection, id: i64) -> Result<Task> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE t.id = ?1");
    found(conn.query_row(&sql, [id], from_row), Entity::Task, id)
}

/// The latest occurrence that completing repeating task `id` created.
pub fn next_of(conn: &Connection, id: i64) -> Result<Option<Task>> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE t.follows_id = ?1 ORDER BY t.id DESC LIMIT 1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// Which tasks, relative to a given day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TaskWindow {
    /// Every open task.
    #[default]
    Open,
    /// Open and due on the day.
    Today,
    /// Open and due before the day.
    Overdue,
    /// Open and due in the given number of days after the day.
    Upcoming(u32),
    /// Done tasks.
    Done,
    /// Every task.
    All,
}

/// Which tasks to list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// The window relative to `today`.
    pub window: TaskWindow,
    /// The user's local date (injected, never read from the clock here).
    pub today: NaiveDate,
    /// Only this owner's.
    pub owner: Option<String>,
    /// With `owner`: also tasks nobody owns (Today's "my tasks": an
    /// unassigned task is everyone's to see, so it is not lost).
    pub unowned_too: bool,
    /// Only those linked to this person.
    pub person_id: Option<i64>,
    /// Only those linked to this company (directly or through its people).
    pub company_id: Option<i64>,
    /// Only those linked to this deal.
    pub deal_id: Option<i64>,
    /// At most this many (0 = all).
    pub limit: usize,
}

/// The list order: due date (undated last), time (untimed last), priority,
/// id. A window that bounds the due date has no undated task, so its order
/// leaves out `due_date IS NULL` and is then exactly the order of the
/// `tasks_open_in_order` index (migration 015): a page is read off the index
/// instead of sorting every task in the window. The priority expression
/// must stay the index's, character for character.
fn order_sql(window: TaskWindow) -> &'static str {
    match window {
        TaskWindow::Today | TaskWindow::Overdue | TaskWindow::Upcoming(_) => {
            "t.due_date, t.due_time IS NULL, t.due_time,
             CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, t.id"
        }
        // Open tasks are read in two parts (see `parts`).
        TaskWindow::Open | TaskWindow::Done | TaskWindow::All => {
            "t.due_date IS NULL, t.due_date, t.due_time IS NULL, t.due_time,
             CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, t.id"
        }
    }
}

/// The window's end date (`today` plus the upcoming days).
fn until(filter: &TaskFilter) -> chrono::NaiveDate {
    let days = match filter.window {
        TaskWindow::Upcoming(days) => days,
        _ => 0,
    };
    filter
        .today
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(filter.today)
}

/// The conditions a filter sets, as SQL and the parameters it binds, in
/// order: the window with the dates it bounds, then each filter that is
/// set; one that is not set adds nothing. Written as `(?3 IS NULL OR
/// t.owner = ?3)` with NULLs bound, every unset filter was still evaluated
/// on every row the index walk read: a third of the cost of counting
/// Today's sections.
struct Conditions {
    /// The FROM clause for choosing tasks: the join to people is only
    /// needed to match a company through its people.
    from: &'static str,
    /// `WHERE` with the window and the filters.
    sql: String,
    /// What `?1`, `?2`, … bind, in order.
    params: Vec<db::Value>,
}

impl Conditions {
    /// The conditions of `filter` over `window`, narrowed by `split` (a
    /// fixed condition or empty; see [`parts`]).
    fn new(filter: &TaskFilter, window: TaskWindow, split: &str) -> Conditions {
        let mut c = Conditions {
            from: "FROM tasks t",
            sql: String::from("WHERE "),
            params: Vec::new(),
        };
        let today = || codec::date(filter.today).into();
        match window {
            TaskWindow::Open => c.sql.push_str("t.done_at IS NULL"),
            TaskWindow::Today => c.first(
                |n| format!("t.done_at IS NULL AND t.due_date = ?{n}"),
                today(),
            ),
            TaskWindow::Overdue => c.first(
                |n| format!("t.done_at IS NULL AND t.due_date < ?{n}"),
                today(),
            ),
            TaskWindow::Upcoming(_) => {
                c.first(
                    |n| format!("t.done_at IS NULL AND t.due_date > ?{n}"),
                    today(),
                );
                c.add(
                    |n| format!("t.due_date <= ?{n}"),
                    codec::date(until(filter)).into(),
                );
            }
            TaskWindow::Done => c.sql.push_str("t.done_at IS NOT NULL"),
            TaskWindow::All => c.sql.push_str("TRUE"),
        }
        c.sql.push_str(split);
        if let Some(owner) = &filter.owner {
            // An unowned task is everyone's to see on Today: a fixed
            // fragment chosen by a flag, never user text.
            let unowned = if filter.unowned_too {
                " OR t.owner IS NULL"
            } else {
                ""
            };
            c.add(
                |n| format!("(t.owner = ?{n}{unowned})"),
                owner.clone().into(),
            );
        }
        if let Some(person) = filter.person_id {
            c.add(|n| format!("t.person_id = ?{n}"), person.into());
        }
        if let Some(company) = filter.company_id {
            c.from = "FROM tasks t LEFT JOIN people p ON p.id = t.person_id";
            c.add(
                |n| format!("(t.company_id = ?{n} OR p.company_id = ?{n})"),
                company.into(),
            );
        }
        if let Some(deal) = filter.deal_id {
            c.add(|n| format!("t.deal_id = ?{n}"), deal.into());
        }
        c
    }

    /// Starts the clause with a condition on the first parameter, `value`.
    fn first(&mut self, condition: impl Fn(usize) -> String, value: db::Value) {
        self.params.push(value);
        self.sql.push_str(&condition(self.params.len()));
    }

    /// Adds a condition on the next parameter, `value`.
    fn add(&mut self, condition: impl Fn(usize) -> String, value: db::Value) {
        self.sql.push_str(" AND ");
        self.first(condition, value);
    }

    /// The number the next parameter binds as (a page's LIMIT).
    fn next(&self) -> usize {
        self.params.len() + 1
    }
}

/// How many tasks match `filter` (its limit ignored), for headings that
/// show a count while listing only the first rows.
pub fn count(conn: &Connection, filter: &TaskFilter) -> Result<i64> {
    // Without a company filter no join is needed, and the count is answered
    // from the open-tasks index alone (a million tasks: milliseconds, where
    // the join to people cost a lookup per task).
    let c = Conditions::new(filter, filter.window, "");
    let sql = format!("SELECT count(*) {} {}", c.from, c.sql);
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_row(db::params_from_iter(c.params), |r| r.get(0))?)
}

/// [`count`], counting no further than `cap`.
pub fn count_up_to(conn: &Connection, filter: &TaskFilter, cap: usize) -> Result<i64> {
    let mut c = Conditions::new(filter, filter.window, "");
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 {} {} LIMIT ?{}) AS capped",
        c.from,
        c.sql,
        c.next()
    );
    c.params.push(i64::try_from(cap).unwrap_or(i64::MAX).into());
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_row(db::params_from_iter(c.params), |r| r.get(0))?)
}

/// One statement of [`list`]: a window and a condition narrowing it, its
/// order, and whether that order is the `tasks_open_in_order` index's own
/// (see [`order_sql`]), so that a page is read off the index in order.
struct Part {
    window: TaskWindow,
    split: &'static str,
    order: &'static str,
    indexed: bool,
}

/// The statements [`list`] runs one after the other. Open tasks come dated
/// first, then undated: as two statements, each is read in the order of the
/// open-tasks index, where one statement ordered by `due_date IS NULL` first
/// sorted every open task (10k: a fifth of `task list`; 10k to show a page
/// of one).
fn parts(window: TaskWindow) -> Vec<Part> {
    // Within each part, the order of a dated window: the index's.
    let dated = order_sql(TaskWindow::Today);
    let part = |split, order, indexed| Part {
        window,
        split,
        order,
        indexed,
    };
    match window {
        TaskWindow::Open => vec![
            part(" AND t.due_date IS NOT NULL", dated, true),
            part(" AND t.due_date IS NULL", dated, true),
        ],
        TaskWindow::Today | TaskWindow::Overdue | TaskWindow::Upcoming(_) => {
            vec![part("", order_sql(window), true)]
        }
        TaskWindow::Done | TaskWindow::All => vec![part("", order_sql(window), false)],
    }
}

/// The query of [`list`] for one part and the filter's conditions `c`;
/// `whole` when every matching task is read, else a page whose LIMIT binds
/// as `c.next()`.
fn list_sql(c: &Conditions, part: &Part, whole: bool) -> String {
    let Part { order, indexed, .. } = part;
    let (from, filters, limit) = (c.from, &c.sql, c.next());
    if whole {
        // Every matching task: one join, and no LIMIT, whose top-N sort
        // SQLite does in a B-tree even for -1. Choosing the ids first pays
        // only when a page is a small part of the matches; here it sorted
        // everything twice (10k open tasks: 43 ms against 28).
        return format!("SELECT {COLUMNS} {FROM} {filters} ORDER BY {order}");
    }
    if *indexed {
        // The index walk yields tasks already in order and stops after the
        // page; the filters (but a company's) read only indexed columns, so
        // a task's row and its names are looked up only once it is on the
        // page. No sort and no list of ids to build (Today's three sections
        // at 10k tasks: 16.8M instructions through a page of ids, 11.5M
        // this way).
        return format!("SELECT {COLUMNS} {FROM} {filters} ORDER BY {order} LIMIT ?{limit}");
    }
    // An order the index does not hold is sorted: the page of ids is chosen
    // from the tasks table alone (joined to people only for a company
    // filter), then joined for the names; joining first made SQLite look up
    // person, company and deal for every matching task before sorting
    // (30,000 overdue tasks: 140 ms for a page of 200).
    format!(
        "SELECT {COLUMNS} {FROM}
         WHERE t.id IN (SELECT t.id {from} {filters} ORDER BY {order} LIMIT ?{limit})
         ORDER BY {order}"
    )
}

/// Tasks matching `filter`, earliest due first (undated last).
pub fn list(conn: &Connection, filter: &TaskFilter) -> Result<Vec<Task>> {
    let whole = filter.limit == 0;
    let mut tasks = Vec::new();
    for part in parts(filter.window) {
        let left = filter.limit.saturating_sub(tasks.len());
        if !whole && left == 0 {
            break;
        }
        let mut c = Conditions::new(filter, part.window, part.split);
        let sql = list_sql(&c, &part, whole);
        let mut stmt = conn.prepare_cached(&sql)?;
        if !whole {
            c.params
                .push(i64::try_from(left).unwrap_or(i64::MAX).into());
        }
        let rows = stmt.query_map(db::params_from_iter(c.params), from_row)?;
        for task in rows {
            tasks.push(task?);
        }
    }
    Ok(tasks)
}

impl Writer<'_> {
    fn check_task(&self, data: &mut TaskData, before: Option<&TaskData>) -> Result<()> {
        data.validate().map_err(Error::Invalid)?;
        repeat::canonicalize(data, self.config.display.calendar)?;
        self.check_owner(
            data.owner.as_deref(),
            before.and_then(|b| b.owner.as_deref()),
        )?;
        self.require(Entity::Person, data.person_id)?;
        self.require(Entity::Company, data.company_id)?;
        self.require(Entity::Deal, data.deal_id)
    }

    /// Creates a task; returns the new id.
    pub fn add_task(&mut self, mut data: TaskData) -> Result<i64> {
        self.check_task(&mut data, None)?;
        let id: i64 = self.conn().insert_id(
            "INSERT INTO tasks (id, title, due_date, due_time, priority, person_id, company_id,
                    deal_id, owner, notes, created_at, updated_at, repeat, remind)
                 VALUES (?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?12, ?13)",
            params![
                data.title,
                data.due_date.map(codec::date),
                data.due_time.map(codec::time),
                data.priority.as_str(),
                data.person_id,
                data.company_id,
                data.deal_id,
                data.owner,
                data.notes,
                codec::ts(self.now),
                self.take_restore_id(),
                data.repeat,
                data.remind,
            ],
        )?;
        self.log_create(Entity::Task, id, &data)?;
        Ok(id)
    }

    /// Replaces a task's fields if nobody saved since `expected_version`.
    pub fn update_task(&mut self, id: i64, expected_version: i64, data: TaskData) -> Result<()> {
        let before = get(self.conn(), id)?.data;
        self.update_task_over(id, expected_version, before, data)
    }

    /// [`Writer::update_task`] over the stored record `before`, already read
    /// in this transaction (a patch reads it to merge onto).
    pub(super) fn update_task_over(
        &mut self,
        id: i64,
        expected_version: i64,
        before: TaskData,
        mut data: TaskData,
    ) -> Result<()> {
        self.check_task(&mut data, Some(&before))?;
        if self.unchanged(Entity::Task, id, expected_version, &before, &data)? {
            return Ok(());
        }
        self.claim_version(Entity::Task, id, expected_version)?;
        self.conn()
            .prepare_cached(
                "UPDATE tasks SET title = ?1, due_date = ?2, due_time = ?3, priority = ?4,
                    person_id = ?5, company_id = ?6, deal_id = ?7, owner = ?8, notes = ?9,
                    repeat = ?11, remind = ?12, next_template = NULL
                 WHERE id = ?10",
            )?
            .execute(params![
                data.title,
                data.due_date.map(codec::date),
                data.due_time.map(codec::time),
                data.priority.as_str(),
                data.person_id,
                data.company_id,
                data.deal_id,
                data.owner,
                data.notes,
                id,
                data.repeat,
                data.remind,
            ])?;
        self.log_update(Entity::Task, id, &before, &data)?;
        Ok(())
    }

    fn set_done(&mut self, id: i64, expected_version: Option<i64>, done: bool) -> Result<()> {
        let now = self.now;
        self.set_done_at(id, expected_version, done.then_some(now))
    }

    fn set_done_at(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<()> {
        let done = at.is_some();
        self.hold(Entity::Task, id)?;
        let task = get(self.conn(), id)?;
        if task.done_at.is_some() == done {
            let state = if done { "already done" } else { "not done" };
            return Err(Error::invalid(format!("task {id} is {state}")));
        }
        self.claim_version(Entity::Task, id, expected_version.unwrap_or(task.version))?;
        let new = at.map(codec::ts);
        self.conn().execute(
            "UPDATE tasks SET done_at = ?1 WHERE id = ?2",
            params![new, id],
        )?;
        let old = task.done_at.map(codec::ts);
        self.log_field(Entity::Task, id, "done_at", old.as_deref(), new.as_deref())?;
        if done {
            self.create_next_occurrence(&task)?;
        } else {
            self.drop_untouched_next(id)?;
        }
        Ok(())
    }

    /// Marks a task done now.
    pub fn complete_task(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        self.set_done(id, expected_version, true)
    }

    /// Marks a task done at `at`: an import keeps when it was done.
    pub fn complete_task_at(&mut self, id: i64, at: chrono::DateTime<chrono::Utc>) -> Result<()> {
        self.set_done_at(id, None, Some(at))
    }

    /// Marks a done task open again.
    pub fn reopen_task(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        self.set_done(id, expected_version, false)
    }

    /// Deletes a task.
    pub fn delete_task(&mut self, id: i64, expected_version: Option<i64>) -> Result<()> {
        let before = get(self.conn(), id)?;
        if let Some(v) = expected_version {
            self.claim_version(Entity::Task, id, v)?;
        }
        let deleted = self
            .conn()
            .execute("DELETE FROM tasks WHERE id = ?1", [id])?;
        self.check_changed(Entity::Task, id, deleted)?;
        self.log_delete(Entity::Task, id, &before.data)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations;

    /// The query plans of the list's parts for `window`, owner filter or
    /// not.
    fn plans(window: TaskWindow, owner: Option<&str>) -> Vec<String> {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::all().to_latest(&mut conn).unwrap();
        let filter = TaskFilter {
            window,
            today: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            owner: owner.map(str::to_owned),
            unowned_too: owner.is_some(),
            limit: 200,
            ..TaskFilter::default()
        };
        let mut plans = Vec::new();
        for part in parts(window) {
            let mut c = Conditions::new(&filter, part.window, part.split);
            let sql = list_sql(&c, &part, false);
            c.params.push(200.into());
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt
                .query_map(db::params_from_iter(c.params), |r| r.get::<_, String>(3))
                .unwrap();
            plans.push(rows.map(Result::unwrap).collect::<Vec<_>>().join("\n"));
        }
        plans
    }

    #[test]
    fn todays_windows_read_a_page_off_the_ordered_index() {
        // Open tasks too: dated, then undated, each off the index.
        for window in [
            TaskWindow::Overdue,
            TaskWindow::Today,
            TaskWindow::Upcoming(7),
            TaskWindow::Open,
        ] {
            for owner in [None, Some("sara")] {
                for plan in plans(window, owner) {
                    // The page comes off the index in order: nothing is
                    // sorted.
                    assert!(
                        plan.contains("USING INDEX tasks_open_in_order"),
                        "{window:?} {owner:?}: {plan}"
                    );
                    assert!(
                        !plan.contains("TEMP B-TREE"),
                        "{window:?} {owner:?}: {plan}"
                    );
                }
            }
        }
    }
}
