//! Export: records to CSV, vCard 4.0, JSON or iCalendar, streamed page by
//! page in id order so memory stays flat however many records there are.

mod csv_rows;
mod ics;
mod json;
pub mod lines;

use crate::error::{Error, Remedy, Result};
use crate::model::Entity;
use crate::store::{RecordFilter, Store};
use std::io::Write;

/// Records read per page.
const PAGE: usize = 500;

/// An export file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row, cells protected against
    /// formula injection.
    Csv,
    /// vCard 4.0 cards (people or companies).
    Vcard,
    /// A JSON array of the records as `kariz … list --json` prints them.
    Json,
    /// iCalendar: tasks as VTODO, meetings and calls as VEVENT.
    Ics,
}

impl Format {
    /// The lower-case name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Vcard => "vcard",
            Format::Json => "json",
            Format::Ics => "ics",
        }
    }

    /// The kinds of record exported when none is asked for.
    pub fn default_entities(self) -> Vec<Entity> {
        match self {
            Format::Ics => vec![Entity::Task, Entity::Activity],
            _ => vec![Entity::Person],
        }
    }

    /// Fails when the format cannot hold `entity`.
    pub fn check(self, entity: Entity) -> Result<()> {
        let fits = match self {
            Format::Csv | Format::Json => true,
            Format::Vcard => matches!(entity, Entity::Person | Entity::Company),
            Format::Ics => matches!(entity, Entity::Task | Entity::Activity),
        };
        if fits {
            Ok(())
        } else {
            let allowed = match self {
                Format::Vcard => "person or company",
                _ => "task or activity",
            };
            Err(Error::rejected(
                format!(
                    "{} export cannot hold {entity} records, only {allowed} ones; csv and json hold every kind",
                    self.as_str()
                ),
                Remedy::RecordKind(allowed),
            ))
        }
    }
}

/// What to export.
#[derive(Debug, Clone)]
pub struct Request {
    /// File format.
    pub format: Format,
    /// Kinds of record, in output order (one for every format but ICS).
    pub entities: Vec<Entity>,
    /// Which records.
    pub filter: RecordFilter,
    /// The clock, whose zone converts task due times given in local time.
    pub clock: crate::clock::Clock,
}

impl Request {
    /// Checks the request; the error says which option to change.
    pub fn check(&self) -> Result<()> {
        if self.entities.is_empty() {
            return Err(Error::invalid(
                "nothing to export: no kind of record chosen",
            ));
        }
        if self.format != Format::Ics && self.entities.len() > 1 {
            return Err(Error::rejected(
                format!(
                    "{} export holds one kind of record at a time",
                    self.format.as_str()
                ),
                Remedy::RecordKind("person, company, deal, task or activity"),
            ));
        }
        for &entity in &self.entities {
            self.format.check(entity)?;
            self.filter.check(entity)?;
        }
        Ok(())
    }

    /// How many records will be read (for a progress bar).
    pub fn total(&self, store: &Store) -> Result<u64> {
        let mut total = 0;
        for &entity in &self.entities {
            total += store.count_matching(entity, &self.filter)?;
        }
        Ok(total)
    }
}

pub(crate) fn io_error(err: std::io::Error) -> Error {
    Error::io("writing the export", err)
}

/// Calls `each` with every matching id of `entity`, in id order, a page at
/// a time.
pub(crate) fn for_each_id(
    store: &Store,
    entity: Entity,
    filter: &RecordFilter,
    mut each: impl FnMut(i64) -> Result<()>,
) -> Result<()> {
    let mut after = 0;
    loop {
        let ids = store.ids_after(entity, filter, after, PAGE)?;
        let Some(&last) = ids.last() else {
            return Ok(());
        };
        for id in &ids {
            each(*id)?;
        }
        if ids.len() < PAGE {
            return Ok(());
        }
        after = last;
    }
}

/// Writes the export to `out`, calling `progress` after each record read;
/// returns the number of records written.
pub fn write(
    store: &Store,
    request: &Request,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(),
) -> Result<u64> {
    request.check()?;
    let written = match request.format {
        Format::Csv => csv_rows::write(store, request, out, progress)?,
        Format::Json => json::write(store, request, out, progress)?,
        Format::Vcard => write_vcards(store, request, out, progress)?,
        Format::Ics => ics::write(store, request, out, progress)?,
    };
    out.flush().map_err(io_error)?;
    Ok(written)
}

fn write_vcards(
    store: &Store,
    request: &Request,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(),
) -> Result<u64> {
    use crate::interchange::vcard::write as card;
    let mut written = 0;
    let mut text = String::new();
    for &entity in &request.entities {
        for_each_id(store, entity, &request.filter, |id| {
            text.clear();
            match entity {
                Entity::Company => card::company(&mut text, &store.company(id)?),
                _ => card::person(&mut text, &store.person(id)?),
            }
            out.write_all(text.as_bytes()).map_err(io_error)?;
            written += 1;
            progress();
            Ok(())
        })?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::PersonData;
    use chrono::{TimeZone, Utc};

    /// More people than one page holds, added in reverse name order so id
    /// order and name order differ.
    fn store_with(n: usize) -> Store {
        let mut store = Store::open_in_memory(Config::default_config(), "tester").unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 6, 30, 0).unwrap();
        store
            .write(now, |w| {
                for i in (0..n).rev() {
                    w.add_person(PersonData {
                        name: format!("Person {i:05}"),
                        ..PersonData::default()
                    })?;
                }
                Ok(())
            })
            .unwrap();
        store
    }

    fn request(format: Format) -> Request {
        Request {
            format,
            entities: format.default_entities(),
            filter: RecordFilter::default(),
            clock: crate::clock::Clock::from_env_value(Some("2026-11-22T10:00:00+00:00")).unwrap(),
        }
    }

    #[test]
    fn pages_cover_every_record_once_in_id_order() {
        let n = 2 * PAGE + 7;
        let store = store_with(n);
        let mut out = Vec::new();
        let mut seen = 0;
        let written = write(&store, &request(Format::Json), &mut out, &mut || seen += 1).unwrap();
        assert_eq!((written, seen), (n as u64, n));
        let records: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        let ids: Vec<i64> = records.iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, (1..=n as i64).collect::<Vec<_>>());
        assert_eq!(request(Format::Json).total(&store).unwrap(), n as u64);
    }

    #[test]
    fn an_empty_database_exports_headers_only() {
        let store = store_with(0);
        let mut out = Vec::new();
        write(&store, &request(Format::Csv), &mut out, &mut || {}).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,name,company,title,phones,emails,address,birthday,lead_source,owner,tags,notes,custom,campaign\r\n"
        );
        let mut out = Vec::new();
        write(&store, &request(Format::Ics), &mut out, &mut || {}).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n")
        );
    }
}
