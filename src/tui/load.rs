//! Loading what a view needs from the store, between frames. Drawing never
//! queries; these functions run when an update asks for them.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::state::{
    Column, ContactRow, CustomerPage, DealPage, Due, Page, PageItem, PageRef, PipelineState,
    SortOrder, TodayRow, Total,
};
use crate::config::{Config, StageKind};
use crate::error::Result;
use crate::model::{Company, Deal, Entity, Person};
use crate::store::recent::RecentKey;
use crate::store::{
    CompanyFilter, DealFilter, PageKey, PersonFilter, Store, TaskFilter, TaskWindow,
};

/// Rows per contact-list page.
pub const PAGE: usize = 200;
/// How much a page loads (the records themselves: `crate::pages`).
const PAGE_LIMITS: crate::pages::Limits = crate::pages::Limits {
    people: 500,
    colleagues: 100,
    activities: 200,
};

/// Rows per Today section: the heading shows the full count, the list the
/// first this many (oldest overdue first), so the view loads as fast with a
/// million tasks as with a hundred.
pub const TODAY_SECTION: usize = 200;

/// How far the first frame counts a section it shows only part of
/// ("Overdue (1,000+)"); the load after the frame counts them all. Counting
/// 330,000 overdue tasks at a million took most of the first frame's time.
pub const FIRST_COUNT: usize = 1_000;

/// The Today view: overdue (oldest first), today, the next 7 days,
/// birthdays today, and open deals past their stage's rot days, at most
/// `section` rows under each heading (the heading counts them all).
pub fn today(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
    owner: Option<&str>,
    section: usize,
) -> Result<Vec<TodayRow>> {
    let mut rows = today_tasks(store, today, owner, section)?;
    let birthdays = store.birthdays_on(today)?;
    if !birthdays.is_empty() {
        rows.push(TodayRow::Heading("today.birthdays", birthdays.len()));
        rows.extend(birthdays.into_iter().map(TodayRow::Birthday));
    }
    let (count, rotting) = rotting_deals(store, now, section)?;
    rows.push(TodayRow::Heading("today.rotting", count));
    rows.extend(
        rotting
            .into_iter()
            .map(|(d, days)| TodayRow::Rotting(d, days)),
    );
    Ok(rows)
}

/// The task sections of the Today view (overdue, today, next 7 days): what
/// changes when a task is done or snoozed, reloaded alone after that; at
/// most `section` tasks under each heading. A load cut below
/// `TODAY_SECTION` (the first frame's) counts a full section only up to
/// `FIRST_COUNT`.
pub fn today_tasks(
    store: &Store,
    today: NaiveDate,
    owner: Option<&str>,
    section: usize,
) -> Result<Vec<TodayRow>> {
    let filter = |window| TaskFilter {
        window,
        today,
        owner: owner.map(str::to_owned),
        unowned_too: true,
        limit: section,
        ..TaskFilter::default()
    };
    let mut rows = Vec::new();
    let sections = [
        ("today.overdue", TaskWindow::Overdue, Due::Overdue),
        ("today.due_today", TaskWindow::Today, Due::Today),
        ("today.upcoming", TaskWindow::Upcoming(7), Due::Upcoming),
    ];
    for (heading, window, due) in sections {
        let list = store.tasks(&filter(window))?;
        let to_usize = |n: i64| usize::try_from(n).unwrap_or(usize::MAX);
        let counted = if list.len() < section {
            TodayRow::Heading(heading, list.len())
        } else if section < TODAY_SECTION {
            match to_usize(store.count_tasks_up_to(&filter(window), FIRST_COUNT)?) {
                n if n >= FIRST_COUNT => TodayRow::HeadingAtLeast(heading, n),
                n => TodayRow::Heading(heading, n),
            }
        } else {
            TodayRow::Heading(heading, to_usize(store.count_tasks(&filter(window))?))
        };
        rows.push(counted);
        rows.extend(list.into_iter().map(|t| TodayRow::Task(t, due)));
    }
    Ok(rows)
}

/// Whether Today's rows are a whole load (`TODAY_SECTION` rows under each
/// heading, or all it counts when fewer): false after a load cut to the
/// first screen's height.
pub fn today_is_whole(rows: &[TodayRow]) -> bool {
    let mut expected = 0;
    for row in rows {
        match row {
            TodayRow::Heading(_, count) => {
                if expected != 0 {
                    return false;
                }
                expected = (*count).min(TODAY_SECTION);
            }
            TodayRow::HeadingAtLeast(..) => return false,
            _ => expected = expected.saturating_sub(1),
        }
    }
    expected == 0
}

/// Open deals that sat in their stage longer than its rot days: how many,
/// and the `limit` longest-sitting ones with their days in stage. Only the
/// shown deals are loaded whole.
pub fn rotting_deals(
    store: &Store,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<(usize, Vec<(Deal, i64)>)> {
    let config = store.config();
    let mut count = 0;
    let mut ages: Vec<(i64, i64)> = Vec::new();
    for pipeline in &config.pipelines {
        for stage in &pipeline.stages {
            let Some(rot) = stage.rot_days else { continue };
            if stage.kind != crate::config::StageKind::Open {
                continue;
            }
            let before = crate::model::pipeline::rot_cutoff(now, rot);
            let (n, oldest) = store.stale_in_stage(&pipeline.name, &stage.name, before, limit)?;
            count += n;
            ages.extend(
                oldest
                    .into_iter()
                    .map(|(id, entered)| (id, (now - entered).num_days())),
            );
        }
    }
    ages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ages.truncate(limit);
    let mut out = Vec::with_capacity(ages.len());
    for (id, days) in ages {
        out.push((store.deal(id)?, days));
    }
    Ok((count, out))
}

/// A contact-list row for a person.
pub fn person_row(p: &Person) -> ContactRow {
    ContactRow {
        entity: Entity::Person,
        id: p.id,
        name: p.data.name.clone(),
        detail: p.company.clone().unwrap_or_default(),
        email: p
            .data
            .emails
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_default(),
        phone: p
            .data
            .phones
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_default(),
        owner: p.data.owner.clone().unwrap_or_default(),
        tags: p.data.tags.clone(),
    }
}

/// A contact-list row for a company.
pub fn company_row(c: &Company) -> ContactRow {
    ContactRow {
        entity: Entity::Company,
        id: c.id,
        name: c.data.name.clone(),
        detail: c.data.domain.clone().unwrap_or_default(),
        email: c
            .data
            .emails
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_default(),
        phone: c
            .data
            .phones
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_default(),
        owner: c.data.owner.clone().unwrap_or_default(),
        tags: c.data.tags.clone(),
    }
}

/// Where the contact list continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// After this name key (name order).
    Name(PageKey),
    /// After this activity key (last-activity order).
    Recent(RecentKey),
}

/// What the contact list shows.
#[derive(Debug, Clone)]
pub struct ListQuery<'a> {
    /// People or companies.
    pub kind: Entity,
    /// Order.
    pub sort: SortOrder,
    /// Tag filter.
    pub tag: Option<&'a str>,
    /// Owner filter.
    pub owner: Option<&'a str>,
    /// A segment expression that parsed (the filter bar); empty: none.
    pub segment: Option<&'a crate::store::Where>,
}

impl<'a> ListQuery<'a> {
    /// The query of the contact list as shown: its kind, order, tag and
    /// owner filters, and the filter bar's parsed segment.
    pub fn of(
        contacts: &'a super::state::ContactsState,
        segment: Option<&'a crate::store::Where>,
    ) -> ListQuery<'a> {
        ListQuery {
            kind: contacts.kind,
            sort: contacts.sort,
            tag: contacts.tag.as_deref(),
            owner: contacts.owner.as_deref(),
            segment,
        }
    }
}

/// One page of the contact list after `cursor`, with the cursor for the next
/// page (`None` when this was the last).
pub fn contacts_page(
    store: &Store,
    query: &ListQuery<'_>,
    cursor: Option<&Cursor>,
) -> Result<(Vec<ContactRow>, Option<Cursor>)> {
    let mut rows = Vec::new();
    let mut next = None;
    // The filter bar lists its records by name (the activity order reads no segment).
    let sort = if query.segment.is_some() {
        SortOrder::Name
    } else {
        query.sort
    };
    match sort {
        SortOrder::Name => {
            let after = match cursor {
                Some(Cursor::Name(key)) => Some(key),
                _ => None,
            };
            if query.kind == Entity::Company {
                let filter = CompanyFilter {
                    owner: query.owner.map(str::to_owned),
                    tag: query.tag.map(str::to_owned),
                    segment: query.segment.cloned(),
                };
                let page = store.companies(&filter, after, PAGE)?;
                if page.len() == PAGE {
                    next = page.last().map(|c| Cursor::Name(PageKey::after_company(c)));
                }
                rows.extend(page.iter().map(company_row));
            } else {
                let filter = PersonFilter {
                    owner: query.owner.map(str::to_owned),
                    tag: query.tag.map(str::to_owned),
                    company_id: None,
                    unassigned: false,
                    segment: query.segment.cloned(),
                };
                let page = store.people(&filter, after, PAGE)?;
                if page.len() == PAGE {
                    next = page.last().map(|p| Cursor::Name(PageKey::after_person(p)));
                }
                rows.extend(page.iter().map(person_row));
            }
        }
        SortOrder::LastActivity => {
            let after = match cursor {
                Some(Cursor::Recent(key)) => Some(key),
                _ => None,
            };
            let ids = store.by_recent_activity(query.kind, query.owner, query.tag, after, PAGE)?;
            if ids.len() == PAGE {
                next = ids.last().map(|(_, key)| Cursor::Recent(key.clone()));
            }
            for (id, _) in ids {
                rows.push(if query.kind == Entity::Company {
                    company_row(&store.company(id)?)
                } else {
                    person_row(&store.person(id)?)
                });
            }
        }
    }
    Ok((rows, next))
}

/// A search hit as a contact row.
pub fn hit_row(store: &Store, entity: Entity, id: i64) -> Result<ContactRow> {
    let summary = store
        .summary(entity, id)?
        .ok_or(crate::error::Error::NotFound { entity, id })?;
    Ok(ContactRow {
        entity,
        id: summary.id,
        name: summary.name,
        detail: summary.detail.unwrap_or_default(),
        email: summary.email.unwrap_or_default(),
        phone: summary.phone.unwrap_or_default(),
        owner: summary.owner.unwrap_or_default(),
        tags: summary.tags,
    })
}

/// A customer or deal page with everything it shows.
pub fn page(
    store: &Store,
    reference: PageRef,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Page> {
    match reference {
        // A case's clocks are read at `now`.
        PageRef::Case(id) => Ok(Page::Case(Box::new(super::cases::page(store, id, now)?))),
        PageRef::Quote(id) => Ok(Page::Quote(Box::new(super::quotes::page(
            store, id, today,
        )?))),
        PageRef::Deal(id) => {
            let r = crate::pages::deal(store, id, today, PAGE_LIMITS)?;
            Ok(Page::Deal(Box::new(DealPage {
                deal: r.deal,
                history: r.stage_history,
                activities: r.activities,
                tasks: r.open_tasks,
                selected: 0,
                quotes: r.quotes.into_iter().rev().collect(),
            })))
        }
        PageRef::Person(id) => {
            let r = crate::pages::person(store, id, today, PAGE_LIMITS)?;
            let mut page = customer(
                Some(r.person),
                r.company,
                r.colleagues,
                r.deals,
                r.open_tasks,
                r.activities,
            );
            if let Page::Customer(c) = &mut page {
                // A hint, not a requirement: a failed duplicate check must
                // not keep the page from opening.
                c.duplicates = crate::dedupe::find_for_person(store, id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| {
                        let reason = d.reasons.first().map(|r| r.describe()).unwrap_or_default();
                        (d.id, d.name, reason)
                    })
                    .collect();
            }
            let filter = crate::store::DocFilter {
                person_id: Some(id),
                ..Default::default()
            };
            with_receivables(page, store, &filter, today)
        }
        PageRef::Company(id) => {
            let r = crate::pages::company(store, id, today, PAGE_LIMITS)?;
            let page = customer(
                None,
                Some(r.company),
                r.people,
                r.deals,
                r.open_tasks,
                r.activities,
            );
            let filter = crate::store::DocFilter {
                company_id: Some(id),
                ..Default::default()
            };
            with_receivables(page, store, &filter, today)
        }
    }
}

fn customer(
    person: Option<Person>,
    company: Option<Company>,
    people: Vec<crate::model::Person>,
    deals: Vec<Deal>,
    tasks: Vec<crate::model::Task>,
    activities: Vec<crate::model::Activity>,
) -> Page {
    // Selectable rows in the order the page draws them.
    let mut items = Vec::new();
    if person.is_some() && company.is_some() {
        items.push(PageItem::Company);
    }
    items.extend((0..people.len()).map(PageItem::Person));
    items.extend((0..deals.len()).map(PageItem::Deal));
    items.extend((0..tasks.len()).map(PageItem::Task));
    items.extend((0..activities.len()).map(PageItem::Activity));
    Page::Customer(Box::new(CustomerPage {
        person,
        company,
        people,
        deals,
        tasks,
        activities,
        items,
        selected: 0,
        duplicates: Vec::new(),
        receivables: Vec::new(),
    }))
}

/// The customer's receivables per currency (the same sums as the CLI's
/// show pages), each with whether an invoice in it is overdue.
fn receivables(
    store: &Store,
    filter: &crate::store::DocFilter,
    today: NaiveDate,
) -> Result<Vec<(crate::model::Receivable, bool)>> {
    let balances = store.invoice_balances(filter, today)?;
    Ok(crate::model::sales::receivables(&balances)
        .into_iter()
        .map(|r| {
            let overdue = balances
                .iter()
                .any(|b| b.overdue && b.invoice.data.currency == r.currency);
            (r, overdue)
        })
        .collect())
}

/// Fills in a customer page's receivables.
fn with_receivables(
    mut page: Page,
    store: &Store,
    filter: &crate::store::DocFilter,
    today: NaiveDate,
) -> Result<Page> {
    if let Page::Customer(c) = &mut page {
        c.receivables = receivables(store, filter, today)?;
    }
    Ok(page)
}

/// The board of pipeline number `index`: one column per stage with its
/// deals and totals per currency (value and value × probability).
pub fn pipeline(
    store: &Store,
    config: &Config,
    index: usize,
    owner: Option<&str>,
    segment: Option<crate::store::Where>,
) -> Result<Vec<Column>> {
    let Some(pipeline) = config.pipelines.get(index) else {
        return Ok(Vec::new());
    };
    let deals = store.deals(&DealFilter {
        pipeline: Some(pipeline.name.clone()),
        owner: owner.map(str::to_owned),
        segment,
        ..DealFilter::default()
    })?;
    let mut columns: Vec<Column> = pipeline
        .stages
        .iter()
        .map(|stage| Column {
            stage: stage.clone(),
            deals: Vec::new(),
            selected: 0,
            totals: Vec::new(),
        })
        .collect();
    for deal in deals {
        if let Some(i) = pipeline.stage_index(&deal.data.stage) {
            columns[i].deals.push(deal);
        }
    }
    for column in &mut columns {
        if column.stage.kind != StageKind::Open {
            // Closed columns show the most recently closed first.
            column
                .deals
                .sort_by(|a, b| b.closed_at.cmp(&a.closed_at).then(b.id.cmp(&a.id)));
        }
        column.totals = totals(&column.deals, column.stage.probability);
    }
    Ok(columns)
}

/// Puts a reloaded deal where it now belongs on the board (or removes it),
/// keeps the focus on it, and recomputes the totals of the columns touched.
pub fn place_deal(board: &mut PipelineState, id: i64, deal: Option<Deal>) {
    let mut touched = Vec::new();
    for (i, column) in board.columns.iter_mut().enumerate() {
        let before = column.deals.len();
        column.deals.retain(|d| d.id != id);
        if column.deals.len() != before {
            touched.push(i);
        }
    }
    if let Some(deal) = deal {
        let target = board
            .columns
            .iter()
            .position(|c| c.stage.name == deal.data.stage);
        let owner_ok = board
            .owner
            .as_deref()
            .is_none_or(|o| deal.data.owner.as_deref() == Some(o));
        if let Some(i) = target
            && owner_ok
        {
            let column = &mut board.columns[i];
            // Open columns are oldest in stage first, closed ones newest
            // closed first; a deal that just moved belongs at those ends.
            let at = if column.stage.kind == StageKind::Open {
                column.deals.len()
            } else {
                0
            };
            column.deals.insert(at, deal);
            column.selected = at;
            board.focus = i;
            touched.push(i);
        }
    }
    board.follow = None;
    for i in touched {
        let column = &mut board.columns[i];
        column.totals = totals(&column.deals, column.stage.probability);
        column.selected = column.selected.min(column.deals.len().saturating_sub(1));
    }
}

/// [`place_deal`] for a change someone else made: the deal moves, but the
/// user's focused column stays, and so does the selected card if it is
/// still in that column (a colleague's move does not drag the focus away).
pub fn refresh_deal(board: &mut PipelineState, id: i64, deal: Option<Deal>) {
    let focus = board.focus;
    let current = board.current().map(|d| d.id);
    let selected: Vec<usize> = board.columns.iter().map(|c| c.selected).collect();
    place_deal(board, id, deal);
    board.focus = focus.min(board.columns.len().saturating_sub(1));
    for (column, old) in board.columns.iter_mut().zip(selected) {
        column.selected = old.min(column.deals.len().saturating_sub(1));
    }
    if let Some(column) = board.columns.get_mut(board.focus)
        && let Some(at) = column.deals.iter().position(|d| Some(d.id) == current)
    {
        column.selected = at;
    }
}

fn totals(deals: &[Deal], stage_probability: u8) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    for deal in deals {
        let probability = deal.effective_probability(Some(stage_probability));
        let weighted = crate::model::pipeline::weighted_value(deal.data.value_minor, probability);
        match totals.iter_mut().find(|t| t.currency == deal.data.currency) {
            Some(t) => {
                t.value = t.value.saturating_add(deal.data.value_minor);
                t.weighted = t.weighted.saturating_add(weighted);
            }
            None => totals.push(Total {
                currency: deal.data.currency.clone(),
                value: deal.data.value_minor,
                weighted,
            }),
        }
    }
    totals.sort_by(|a, b| a.currency.cmp(&b.currency));
    totals
}

/// Tomorrow, for snoozing.
pub fn tomorrow(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(1)).unwrap_or(today)
}
