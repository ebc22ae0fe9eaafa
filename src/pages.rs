//! What a customer or deal page holds, gathered from the store in one
//! place for both front-ends: `kariz person|company|deal show` prints it,
//! the TUI's page (`tui::load::page`) draws it. Each front-end only chooses
//! how much to load ([`Limits`]) and how to show it.

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::{Activity, Company, Deal, Person, StageMove, Task};
use crate::store::{ActivityFilter, DealFilter, PersonFilter, Store, TaskFilter, TaskWindow};

/// How much of the long lists a page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A company's people.
    pub people: usize,
    /// A person's colleagues (their company's other people); 0 skips the
    /// company and colleagues entirely.
    pub colleagues: usize,
    /// Timeline entries, newest first; 0 for all.
    pub activities: usize,
}

/// What a person's page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRecords {
    /// The person.
    pub person: Person,
    /// Their company, when colleagues are loaded.
    pub company: Option<Company>,
    /// Their company's other people.
    pub colleagues: Vec<Person>,
    /// Deals with them.
    pub deals: Vec<Deal>,
    /// Open tasks.
    pub open_tasks: Vec<Task>,
    /// The timeline, newest first.
    pub activities: Vec<Activity>,
}

/// What a company's page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRecords {
    /// The company.
    pub company: Company,
    /// Its people.
    pub people: Vec<Person>,
    /// Deals with this customer.
    pub deals: Vec<Deal>,
    /// Open tasks.
    pub open_tasks: Vec<Task>,
    /// The timeline, newest first.
    pub activities: Vec<Activity>,
}

/// What a deal page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DealRecords {
    /// The deal.
    pub deal: Deal,
    /// Every stage move, oldest first.
    pub stage_history: Vec<StageMove>,
    /// Open tasks.
    pub open_tasks: Vec<Task>,
    /// The timeline, newest first.
    pub activities: Vec<Activity>,
    /// Its quotes (latest revisions), by number.
    pub quotes: Vec<crate::model::SalesDoc>,
}

/// A person's page: the person, their deals, open tasks (as of `today`) and
/// timeline, and with `limits.colleagues` their company and colleagues.
pub fn person(store: &Store, id: i64, today: NaiveDate, limits: Limits) -> Result<PersonRecords> {
    let person = store.person(id)?;
    let (company, colleagues) = match person.data.company_id {
        Some(cid) if limits.colleagues > 0 => {
            let company = store.company(cid)?;
            let colleagues = store
                .people(
                    &PersonFilter {
                        company_id: Some(cid),
                        ..PersonFilter::default()
                    },
                    None,
                    // One more, as the person is among them.
                    limits.colleagues + 1,
                )?
                .into_iter()
                .filter(|p| p.id != id)
                .take(limits.colleagues)
                .collect();
            (Some(company), colleagues)
        }
        _ => (None, Vec::new()),
    };
    Ok(PersonRecords {
        person,
        company,
        colleagues,
        deals: store.deals(&DealFilter {
            person_id: Some(id),
            ..DealFilter::default()
        })?,
        open_tasks: store.tasks(&TaskFilter {
            window: TaskWindow::Open,
            today,
            person_id: Some(id),
            ..TaskFilter::default()
        })?,
        activities: store.activities(&ActivityFilter {
            person_id: Some(id),
            limit: limits.activities,
            ..ActivityFilter::default()
        })?,
    })
}

/// A company's page: the company, its people, deals, open tasks (as of
/// `today`) and timeline.
pub fn company(store: &Store, id: i64, today: NaiveDate, limits: Limits) -> Result<CompanyRecords> {
    Ok(CompanyRecords {
        company: store.company(id)?,
        people: store.people(
            &PersonFilter {
                company_id: Some(id),
                ..PersonFilter::default()
            },
            None,
            limits.people,
        )?,
        deals: store.deals(&DealFilter {
            company_id: Some(id),
            ..DealFilter::default()
        })?,
        open_tasks: store.tasks(&TaskFilter {
            window: TaskWindow::Open,
            today,
            company_id: Some(id),
            ..TaskFilter::default()
        })?,
        activities: store.activities(&ActivityFilter {
            company_id: Some(id),
            limit: limits.activities,
            ..ActivityFilter::default()
        })?,
    })
}

/// A deal's page: the deal, its stage history, open tasks (as of `today`)
/// and timeline.
pub fn deal(store: &Store, id: i64, today: NaiveDate, limits: Limits) -> Result<DealRecords> {
    Ok(DealRecords {
        deal: store.deal(id)?,
        stage_history: store.stage_history(id)?,
        open_tasks: store.tasks(&TaskFilter {
            window: TaskWindow::Open,
            today,
            deal_id: Some(id),
            ..TaskFilter::default()
        })?,
        activities: store.activities(&ActivityFilter {
            deal_id: Some(id),
            limit: limits.activities,
            ..ActivityFilter::default()
        })?,
        // A sent quote past its valid-until date shows as expired.
        quotes: store
            .docs(
                crate::model::DocKind::Quote,
                &crate::store::DocFilter {
                    deal_id: Some(id),
                    ..Default::default()
                },
            )?
            .into_iter()
            .map(|q| q.as_of(today))
            .collect(),
    })
}
