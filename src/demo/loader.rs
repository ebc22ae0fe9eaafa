//! Loads the embedded demo CSV files into a store, placing every relative
//! day offset around the injected clock's today.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::money::parse_amount;
use crate::model::{
    ActivityData, ActivityKind, CompanyData, ContactPoint, DealData, PersonData, Priority,
    TaskData, optional_text,
};
use crate::store::{Store, Writer};
use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use std::collections::HashMap;

const COMPANIES: &str = include_str!("../../demo-data/companies.csv");
const PEOPLE: &str = include_str!("../../demo-data/people.csv");
const DEALS: &str = include_str!("../../demo-data/deals.csv");
const TASKS: &str = include_str!("../../demo-data/tasks.csv");
const ACTIVITIES: &str = include_str!("../../demo-data/activities.csv");

/// How many records the demo data produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoCounts {
    /// Companies.
    pub companies: usize,
    /// People.
    pub people: usize,
    /// Deals.
    pub deals: usize,
    /// Tasks.
    pub tasks: usize,
    /// Activities.
    pub activities: usize,
}

/// One CSV file's rows as header → value maps, with the file name and line
/// kept for error messages.
struct Rows {
    file: &'static str,
    rows: Vec<(usize, HashMap<String, String>)>,
}

fn read(file: &'static str, text: &str) -> Result<Rows> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::invalid(format!("demo-data/{file}: {e}")))?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::invalid(format!("demo-data/{file}: {e}")))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let map = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        rows.push((line, map));
    }
    Ok(Rows { file, rows })
}

/// Context for one row: reads columns and builds errors naming file and line.
struct Row<'a> {
    file: &'static str,
    line: usize,
    map: &'a HashMap<String, String>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        self.map.get(column).map(|s| s.trim()).unwrap_or("")
    }

    fn opt(&self, column: &str) -> Option<String> {
        optional_text(Some(self.get(column).to_string()))
    }

    fn err(&self, message: impl std::fmt::Display) -> Error {
        Error::invalid(format!(
            "demo-data/{}, line {}: {message}",
            self.file, self.line
        ))
    }

    fn offset(&self, column: &str) -> Result<Option<i64>> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<i64>()
            .map(Some)
            .map_err(|_| self.err(format!("{column} {v:?} is not a day offset")))
    }

    fn time(&self, column: &str) -> Result<Option<NaiveTime>> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        NaiveTime::parse_from_str(v, "%H:%M")
            .map(Some)
            .map_err(|_| self.err(format!("{column} {v:?} is not HH:MM")))
    }

    fn points(&self, column: &str) -> Vec<ContactPoint> {
        self.get(column)
            .split('|')
            .filter(|p| !p.trim().is_empty())
            .map(|p| ContactPoint::parse(p, "work"))
            .collect()
    }

    fn tags(&self) -> Vec<String> {
        self.get("tags")
            .split('|')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn link(&self, column: &str, keys: &HashMap<String, i64>) -> Result<Option<i64>> {
        let key = self.get(column);
        if key.is_empty() {
            return Ok(None);
        }
        keys.get(key)
            .copied()
            .map(Some)
            .ok_or_else(|| self.err(format!("{column} {key:?} is not a known key")))
    }
}

fn each<'a>(rows: &'a Rows) -> impl Iterator<Item = Row<'a>> {
    rows.rows.iter().map(|(line, map)| Row {
        file: rows.file,
        line: *line,
        map,
    })
}

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    let days = Days::new(offset.unsigned_abs());
    let shifted = if offset >= 0 {
        today.checked_add_days(days)
    } else {
        today.checked_sub_days(days)
    };
    shifted.unwrap_or(today)
}

/// `YYYY-MM-DD`, or `YYYY@N`: born in YYYY, birthday N days from today.
fn birthday(row: &Row<'_>, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let v = row.get("birthday");
    if v.is_empty() {
        return Ok(None);
    }
    if let Some((year, offset)) = v.split_once('@') {
        let year: i32 = year
            .parse()
            .map_err(|_| row.err(format!("birthday {v:?}")))?;
        let offset: i64 = offset
            .parse()
            .map_err(|_| row.err(format!("birthday {v:?}")))?;
        let on = day(today, offset);
        // 29 February in a non-leap birth year becomes 28 February.
        let date = NaiveDate::from_ymd_opt(year, on.month(), on.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, on.month(), 28));
        return Ok(date);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| row.err(format!("birthday {v:?} is neither YYYY-MM-DD nor YYYY@N")))
}

fn at(clock: &Clock, offset: i64, time: NaiveTime) -> chrono::DateTime<chrono::Utc> {
    clock.local_to_utc(day(clock.today(), offset), time)
}

fn hour(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()
}

/// Loads every demo record in one transaction.
pub fn load_demo_data(store: &mut Store, clock: &Clock) -> Result<DemoCounts> {
    let files = [
        read("companies.csv", COMPANIES)?,
        read("people.csv", PEOPLE)?,
        read("deals.csv", DEALS)?,
        read("tasks.csv", TASKS)?,
        read("activities.csv", ACTIVITIES)?,
    ];
    store.write(clock.now_utc(), |w| load(w, clock, &files))
}

/// The team's logins and display names (the builder first).
type Team = Vec<(String, &'static str)>;

fn load(w: &mut Writer<'_>, clock: &Clock, files: &[Rows; 5]) -> Result<DemoCounts> {
    let [companies, people, deals, tasks, activities] = files;

    w.stamp(at(clock, -180, hour(9)));
    let team = super::team(w.actor());
    for (login, name) in &team {
        w.add_user(login, Some(name))?;
    }
    let company_ids = load_companies(w, clock, companies, &team)?;
    let person_ids = load_people(w, clock, people, &company_ids, &team)?;
    let mut deal_ids = HashMap::new();
    for row in each(deals) {
        let id = load_deal(w, clock, &row, &person_ids, &company_ids, &team)?;
        deal_ids.insert(row.get("key").to_string(), id);
    }
    let links = Links {
        people: &person_ids,
        companies: &company_ids,
        deals: &deal_ids,
    };
    let counts = DemoCounts {
        companies: company_ids.len(),
        people: person_ids.len(),
        deals: deal_ids.len(),
        tasks: load_tasks(w, clock, tasks, &links, &team)?,
        activities: load_activities(w, clock, activities, &links, &team)?,
    };
    let mut customers: Vec<i64> = person_ids.values().copied().collect();
    customers.sort_unstable();
    let logins: Vec<String> = team.iter().map(|(login, _)| login.clone()).collect();
    super::cases::add(w, clock.now_utc(), &customers, &logins)?;
    super::sales::add(w, clock.now_utc(), &deal_ids)?;
    w.stamp(clock.now_utc());
    Ok(counts)
}

/// The ids of the records loaded so far, by their key in the files.
struct Links<'a> {
    people: &'a HashMap<String, i64>,
    companies: &'a HashMap<String, i64>,
    deals: &'a HashMap<String, i64>,
}

fn load_companies(
    w: &mut Writer<'_>,
    clock: &Clock,
    rows: &Rows,
    team: &Team,
) -> Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    for row in each(rows) {
        w.stamp(at(clock, -120, hour(9)));
        let data = CompanyData {
            name: row.get("name").to_string(),
            domain: row.opt("domain"),
            industry: row.opt("industry"),
            phones: row.points("phones"),
            emails: row.points("emails"),
            address: row.opt("address"),
            owner: row.opt("owner").map(|o| super::team_login(team, o)),
            notes: row.opt("notes"),
            tags: row.tags(),
            ..CompanyData::default()
        };
        let id = w.add_company(data).map_err(|e| row.err(e))?;
        ids.insert(row.get("key").to_string(), id);
    }
    Ok(ids)
}

fn load_people(
    w: &mut Writer<'_>,
    clock: &Clock,
    rows: &Rows,
    company_ids: &HashMap<String, i64>,
    team: &Team,
) -> Result<HashMap<String, i64>> {
    let today = clock.today();
    let mut ids = HashMap::new();
    for row in each(rows) {
        w.stamp(at(clock, -100, hour(9)));
        let data = PersonData {
            name: row.get("name").to_string(),
            company_id: row.link("company", company_ids)?,
            title: row.opt("title"),
            phones: row.points("phones"),
            emails: row.points("emails"),
            address: row.opt("address"),
            birthday: birthday(&row, today)?,
            lead_source: row.opt("lead_source"),
            owner: row.opt("owner").map(|o| super::team_login(team, o)),
            notes: row.opt("notes"),
            tags: row.tags(),
            ..PersonData::default()
        };
        let id = w.add_person(data).map_err(|e| row.err(e))?;
        ids.insert(row.get("key").to_string(), id);
    }
    Ok(ids)
}

/// Tasks, some completed at their `done` offset; returns how many.
fn load_tasks(
    w: &mut Writer<'_>,
    clock: &Clock,
    rows: &Rows,
    links: &Links<'_>,
    team: &Team,
) -> Result<usize> {
    let today = clock.today();
    let mut count = 0;
    for row in each(rows) {
        let due = row.offset("due")?;
        w.stamp(at(clock, due.unwrap_or(0).min(0) - 5, hour(9)));
        let data = TaskData {
            title: row.get("title").to_string(),
            due_date: due.map(|d| day(today, d)),
            due_time: row.time("due_time")?,
            priority: Priority::parse(row.get("priority")).map_err(|e| row.err(e))?,
            person_id: row.link("person", links.people)?,
            company_id: row.link("company", links.companies)?,
            deal_id: row.link("deal", links.deals)?,
            owner: row.opt("owner").map(|o| super::team_login(team, o)),
            notes: row.opt("notes"),
            repeat: row.opt("repeat"),
            remind: None,
        };
        let id = w.add_task(data).map_err(|e| row.err(e))?;
        if let Some(done) = row.offset("done")? {
            w.stamp(at(clock, done, hour(16)));
            w.complete_task(id, None).map_err(|e| row.err(e))?;
        }
        count += 1;
    }
    Ok(count)
}

/// Activities at their offset and time; returns how many.
fn load_activities(
    w: &mut Writer<'_>,
    clock: &Clock,
    rows: &Rows,
    links: &Links<'_>,
    team: &Team,
) -> Result<usize> {
    let mut count = 0;
    for row in each(rows) {
        let offset = row.offset("at")?.unwrap_or(0);
        let time = row.time("at_time")?.unwrap_or(hour(10));
        let occurred = at(clock, offset, time);
        w.stamp(occurred);
        let data = ActivityData {
            kind: ActivityKind::parse(row.get("kind")).map_err(|e| row.err(e))?,
            subject: row.get("subject").to_string(),
            body: row.opt("body"),
            occurred_at: occurred,
            author: row
                .opt("author")
                .map_or_else(|| "kariz".into(), |a| super::team_login(team, a)),
            person_id: row.link("person", links.people)?,
            company_id: row.link("company", links.companies)?,
            deal_id: row.link("deal", links.deals)?,
        };
        w.add_activity(data).map_err(|e| row.err(e))?;
        count += 1;
    }
    Ok(count)
}

/// A deal is created in the first stage of its history and moved through
/// the rest at their offsets, so the stage history is real.
fn load_deal(
    w: &mut Writer<'_>,
    clock: &Clock,
    row: &Row<'_>,
    people: &HashMap<String, i64>,
    companies: &HashMap<String, i64>,
    team: &[(String, &str)],
) -> Result<i64> {
    let mut steps = Vec::new();
    for step in row
        .get("history")
        .split('|')
        .filter(|s| !s.trim().is_empty())
    {
        let (stage, offset) = step
            .split_once('@')
            .ok_or_else(|| row.err(format!("history step {step:?} is not Stage@offset")))?;
        let offset: i64 = offset
            .trim()
            .parse()
            .map_err(|_| row.err(format!("history step {step:?} has no day offset")))?;
        steps.push((stage.trim().to_string(), offset));
    }
    let Some((first_stage, first_offset)) = steps.first().cloned() else {
        return Err(row.err("history is empty"));
    };
    let currency = row.get("currency").to_string();
    let probability = match row.get("probability") {
        "" => None,
        p => Some(
            p.parse::<u8>()
                .map_err(|_| row.err(format!("probability {p:?}")))?,
        ),
    };
    let data = DealData {
        title: row.get("title").to_string(),
        pipeline: row.get("pipeline").to_string(),
        stage: first_stage,
        value_minor: parse_amount(row.get("value"), &currency).map_err(|e| row.err(e))?,
        currency,
        probability,
        expected_close: row.offset("expected_close")?.map(|d| day(clock.today(), d)),
        person_id: row.link("person", people)?,
        company_id: row.link("company", companies)?,
        owner: row.opt("owner").map(|o| super::team_login(team, o)),
        lost_reason: None,
        notes: row.opt("notes"),
        campaign_id: None,
        tags: row.tags(),
        custom: Default::default(),
    };
    w.stamp(at(clock, first_offset, hour(11)));
    let id = w.add_deal(data).map_err(|e| row.err(e))?;
    for (stage, offset) in steps.iter().skip(1) {
        w.stamp(at(clock, *offset, hour(11)));
        let reason = row.opt("lost_reason");
        let is_lost = w
            .config()
            .pipeline(row.get("pipeline"))
            .and_then(|p| p.stage(stage))
            .is_some_and(|s| s.kind == crate::config::StageKind::Lost);
        w.move_deal(id, None, stage, if is_lost { reason } else { None })
            .map_err(|e| row.err(e))?;
    }
    Ok(id)
}
