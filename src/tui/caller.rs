//! The caller's page: what an open kariz shows over whatever the user is
//! doing when a phone system reports a call (`kariz call incoming`). The
//! change feed brings the new `call` row (`update/live.rs`); this file
//! holds the card's data and the reads that fill it, run by the loop
//! (`App`) like the other loads; `update/caller.rs` decides whether the
//! call rings this user and handles its keys, `views/caller.rs` draws it.

use crate::error::Result;
use crate::model::{Activity, Call, ContactPoint, Deal, DealStatus, Entity};
use crate::store::{ActivityFilter, Caller, DealFilter, OpenCase, Store};

/// Callers loaded in full for one card (the rest of a shared line's
/// matches are not worth the reads; the card says how many there are).
const ENTRIES: usize = 10;
/// Open deals and activities shown per caller.
const DEALS: usize = 5;
const ACTIVITIES: usize = 5;

/// One record the number belongs to, with what the card shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallerEntry {
    /// Who: person or company, name, the matching phone.
    pub caller: Caller,
    /// Every phone of the record.
    pub phones: Vec<ContactPoint>,
    /// Open deals with them.
    pub deals: Vec<Deal>,
    /// Open support cases, most urgent first (`store::open_cases`).
    pub cases: Vec<OpenCase>,
    /// The newest activities.
    pub activities: Vec<Activity>,
}

/// A call and everyone its number belongs to, best match first.
#[derive(Debug, Clone, PartialEq)]
pub struct CallerCard {
    /// The call as recorded.
    pub call: Call,
    /// The records shown, best first (empty: an unknown caller).
    pub entries: Vec<CallerEntry>,
    /// How many records have the number in all (may exceed `entries`).
    pub matches: usize,
    /// The entry shown.
    pub selected: usize,
}

impl CallerCard {
    /// The entry on screen.
    pub fn current(&self) -> Option<&CallerEntry> {
        self.entries.get(self.selected)
    }
}

/// Reads call `id` and the records its number belongs to.
pub fn load(store: &Store, id: i64) -> Result<CallerCard> {
    let call = store.call(id)?;
    let callers = store.callers(&call.data.number)?;
    let matches = callers.len();
    let mut entries = Vec::new();
    for caller in callers.into_iter().take(ENTRIES) {
        entries.push(entry(store, caller)?);
    }
    Ok(CallerCard {
        call,
        entries,
        matches,
        selected: 0,
    })
}

fn entry(store: &Store, caller: Caller) -> Result<CallerEntry> {
    let (person_id, company_id) = match caller.entity {
        Entity::Person => (Some(caller.id), None),
        _ => (None, Some(caller.id)),
    };
    let phones = match caller.entity {
        Entity::Person => store.person(caller.id)?.data.phones,
        _ => store.company(caller.id)?.data.phones,
    };
    let deals = store.deals(&DealFilter {
        status: Some(DealStatus::Open),
        person_id,
        company_id,
        limit: DEALS,
        ..DealFilter::default()
    })?;
    let activities = store.activities(&ActivityFilter {
        person_id,
        company_id,
        limit: ACTIVITIES,
        ..ActivityFilter::default()
    })?;
    let cases = store.open_cases(caller.entity, caller.id)?;
    Ok(CallerEntry {
        caller,
        phones,
        deals,
        cases,
        activities,
    })
}
