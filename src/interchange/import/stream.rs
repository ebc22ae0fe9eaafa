//! A CSV import of people that reads, plans and prepares rows on a second
//! thread while this one writes the rows already planned, instead of
//! reading and planning the whole file first: reading and planning a
//! million rows takes about as long as inserting half of them.
//!
//! Only for the common case where no stored record is read while planning
//! (`--on-duplicate skip`, people): rows are then only created, skipped or
//! rejected, and a later row never changes an earlier one. The writes still
//! run in one transaction committed at the end, so the result is the same
//! as the plan-then-apply path: all or nothing, with the same steps for the
//! report. A rejected row (without `--partial`) stops the writing and the
//! transaction is rolled back once the rest of the file is planned.

use super::Summary;
use super::apply::with_line;
use super::csv_source::CsvRows;
use super::plan::{Action, Planner, Step};
use super::record::Record;
use crate::error::Result;
use crate::model::{CompanyData, Entity};
use crate::store::{
    BulkImport, CompanyIds, ImportSize, PreparedPerson, Store, Writer, prepare_person,
};
use crate::text::fold::fold;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::mpsc;

/// Rows planned per message from the reading thread to the writer.
const BATCH: usize = 512;

/// What the writer is sent, in file order. Nearly every item is a person,
/// so the companies' unused room costs nothing worth a box per person.
#[allow(clippy::large_enum_variant)]
enum Item {
    /// A company named by a person, to create with this id (reserved by
    /// the store's import session, so people can be prepared with it on
    /// the reading thread).
    Company { id: i64, name: String },
    /// A new person: its line, the index of its step among the reported
    /// ones (if it has something to report), and the prepared row.
    Person {
        line: usize,
        reported: Option<usize>,
        person: Result<PreparedPerson>,
    },
}

/// What a streamed import did.
pub struct Streamed {
    /// What the rows did, counted.
    pub summary: Summary,
    /// The steps with errors or warnings, in file order, ids of created
    /// records filled in: all that the output and `--report` name. A row
    /// created without a word is only counted; a step for each of a
    /// million rows was 160 MB.
    pub steps: Vec<Step>,
    /// Whether the import was committed (false when a row was rejected and
    /// `partial` was not set: nothing is written then).
    pub written: bool,
}

/// Whether `planner`'s import can be streamed by [`import_people`].
pub fn can_stream(planner: &Planner) -> bool {
    !planner.needs_store()
}

/// Plans `rows` with `planner` and writes them as they are planned, in one
/// transaction. `tick` is called after each written person. The people
/// created are logged as one change-log `import` row naming `source` (the
/// file), not one `create` row each.
pub fn import_people(
    store: &mut Store,
    now: DateTime<Utc>,
    source: &str,
    rows: CsvRows<'_>,
    planner: Planner,
    partial: bool,
    tick: &mut dyn FnMut(),
) -> Result<Streamed> {
    if !can_stream(&planner) {
        return Err(crate::Error::invalid(
            "a streamed import was asked to read stored records; this is a bug in kariz",
        ));
    }
    let companies = store.match_index(Entity::Company)?.by_name;
    let owner = store.actor().to_string();
    let mut outcome: Option<(Summary, Vec<Step>)> = None;
    let mut blocked = false;
    // The session drops the indexes once as many people were inserted as
    // were stored, and builds them again before committing.
    let written = store.bulk_import(now, ImportSize::Streamed, |w| {
        let company_ids = w.reserve_company_ids()?;
        w.trust_inserts(true)?;
        let (planned, written) = std::thread::scope(|scope| -> Result<_> {
            let (sender, batches) = mpsc::sync_channel::<Vec<Item>>(8);
            let producer = scope
                .spawn(move || produce(rows, planner, companies, company_ids, partial, sender));
            let written = write_items(w, batches, &owner, tick);
            let planned = producer.join().map_err(|_| {
                crate::Error::invalid("the thread reading the file stopped; this is a bug in kariz")
            })?;
            Ok((planned?, written?))
        })?;
        w.trust_inserts(false)?;
        log_import(w.writer()?, source, &written.runs)?;
        let (summary, mut steps) = planned;
        for (index, id) in written.reported {
            if let Some(step) = steps.get_mut(index) {
                step.id = Some(id);
            }
        }
        blocked = !partial && summary.rejected > 0;
        outcome = Some((summary, steps));
        if blocked {
            // Rolls the transaction back: nothing is imported.
            return Err(crate::Error::invalid("rows rejected"));
        }
        Ok(())
    });
    match (written, outcome) {
        (Err(_), Some((summary, steps))) if blocked => Ok(Streamed {
            summary,
            steps,
            written: false,
        }),
        (Ok(()), Some((summary, steps))) => Ok(Streamed {
            summary,
            steps,
            written: true,
        }),
        (Err(e), _) => Err(e),
        (Ok(()), None) => Err(crate::Error::invalid(
            "a streamed import ended without its plan; this is a bug in kariz",
        )),
    }
}

/// Writes the change-log rows of the people created: one `import` row
/// for each run of their ids (see [`Written::runs`]).
fn log_import(w: &mut Writer<'_>, source: &str, runs: &[(i64, i64)]) -> Result<()> {
    for &(first, last) in runs {
        let people = last - first + 1;
        let json = serde_json::json!({ "file": source, "people": people }).to_string();
        w.log_import(Entity::Person, first, last, &json)?;
    }
    Ok(())
}

/// The ids of the people a streamed import created.
#[derive(Default)]
struct Written {
    /// Runs of ids that follow each other, first and last. On SQLite the
    /// import has the file to itself and that is one run. On PostgreSQL
    /// another writer may take people ids between two of the import's
    /// batches; each run then gets its own change-log row, so that no
    /// range names a person this import did not create.
    runs: Vec<(i64, i64)>,
    /// The ids of the people whose steps are reported, by index among
    /// the reported steps.
    reported: Vec<(usize, i64)>,
}

/// The writer's side: inserts what arrives and returns the ids of the new
/// people.
fn write_items(
    w: &mut BulkImport<'_, '_>,
    batches: mpsc::Receiver<Vec<Item>>,
    owner: &str,
    tick: &mut dyn FnMut(),
) -> Result<Written> {
    let mut written = Written::default();
    for batch in batches {
        // PostgreSQL draws the batch's ids at once and writes its people
        // at the end; SQLite inserts each person as it comes.
        let people = batch
            .iter()
            .filter(|item| matches!(item, Item::Person { .. }))
            .count();
        w.expect_people(people)?;
        for item in batch {
            match item {
                Item::Company { id, name } => {
                    w.add_company_as(
                        id,
                        CompanyData {
                            name,
                            owner: Some(owner.to_string()),
                            ..CompanyData::default()
                        },
                    )?;
                }
                Item::Person {
                    line,
                    reported,
                    person,
                } => {
                    let id = with_line(line, person.and_then(|p| w.insert_person(p)))?;
                    match written.runs.last_mut() {
                        Some((_, last)) if *last + 1 == id => *last = id,
                        _ => written.runs.push((id, id)),
                    }
                    if let Some(index) = reported {
                        written.reported.push((index, id));
                    }
                    tick();
                }
            }
        }
        w.flush()?;
    }
    Ok(written)
}

/// The companies people name: stored ones and those this import creates.
struct Firms {
    /// Folded name → id, stored and created so far.
    by_folded_name: HashMap<String, i64>,
    /// The names as written in the file, so each spelling is folded once.
    by_written_name: HashMap<String, i64>,
    /// Ids the import's session reserved for new companies.
    ids: CompanyIds,
}

impl Firms {
    /// The id of the company `name` (as written); a new company is added
    /// to `batch` ahead of the person who names it.
    fn id_of(&mut self, name: &str, batch: &mut Vec<Item>) -> i64 {
        if let Some(id) = self.by_written_name.get(name) {
            return *id;
        }
        let folded = fold(name);
        let id = match self.by_folded_name.get(&folded) {
            Some(id) => *id,
            None => {
                let id = self.ids.allocate();
                self.by_folded_name.insert(folded, id);
                batch.push(Item::Company {
                    id,
                    name: name.to_string(),
                });
                id
            }
        };
        self.by_written_name.insert(name.to_string(), id);
        id
    }
}

/// The reading side: reads and plans every row, and sends the new people
/// (and the companies they name) to the writer, until a row is rejected
/// without `partial` or the writer stops. Returns what the rows did,
/// counted, and the steps with something to report.
fn produce(
    rows: CsvRows<'_>,
    mut planner: Planner,
    companies: HashMap<String, i64>,
    company_ids: CompanyIds,
    partial: bool,
    sender: mpsc::SyncSender<Vec<Item>>,
) -> Result<(Summary, Vec<Step>)> {
    planner.hand_out_steps()?;
    let mut firms = Firms {
        by_folded_name: companies,
        by_written_name: HashMap::new(),
        ids: company_ids,
    };
    let mut summary = Summary::default();
    let mut reported: Vec<Step> = Vec::new();
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let mut sending = true;
    for row in rows {
        planner.push(None, row)?;
        let Some(mut step) = planner.take_last() else {
            continue;
        };
        summary.count(&step);
        if step.action == Action::Reject && !partial {
            sending = false;
            batch.clear();
        }
        let (line, action) = (step.line, step.action.clone());
        let record = step.record.take();
        let external_id = step.external_id.take();
        let index = if step.issues.is_empty() {
            None
        } else {
            reported.push(step);
            Some(reported.len() - 1)
        };
        if !sending || action != Action::Create {
            continue;
        }
        let Some(Record::Person { mut data, company }) = record.map(|r| *r) else {
            return Err(crate::Error::invalid(format!(
                "line {line}: a streamed import met a record that is not a person; this is a bug in kariz"
            )));
        };
        if let Some(name) = &company {
            data.company_id = Some(firms.id_of(name, &mut batch));
        }
        batch.push(Item::Person {
            line,
            reported: index,
            person: prepare_person(data, company.as_deref(), external_id, false),
        });
        if batch.len() >= BATCH {
            if sender.send(std::mem::take(&mut batch)).is_err() {
                // The writer stopped on an error, which it reports.
                return Ok((summary, reported));
            }
            batch.reserve(BATCH);
        }
    }
    if sending && !batch.is_empty() {
        let _ = sender.send(batch);
    }
    Ok((summary, reported))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::interchange::import::csv_source::{self, CsvSettings};
    use crate::interchange::import::{ImportEntity, OnDuplicate, apply, plan};
    use crate::model::PersonData;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    /// A store holding one person and one company, as both paths start.
    fn store() -> Store {
        let mut store = Store::open_in_memory(Config::default_config(), "t").unwrap();
        store
            .write(now(), |w| {
                let acme = w.find_or_create_company("Acme")?;
                w.add_person(PersonData {
                    name: "Stored".into(),
                    company_id: Some(acme),
                    emails: vec![crate::model::ContactPoint {
                        label: "work".into(),
                        value: "stored@example.com".into(),
                    }],
                    ..PersonData::default()
                })
            })
            .unwrap();
        store
    }

    fn streamed(store: &mut Store, text: &str, partial: bool) -> Streamed {
        let config = store.config().clone();
        let settings = CsvSettings::for_tests(ImportEntity::Person, &config);
        let rows = csv_source::rows(text, &settings).unwrap();
        let planner = Planner::new(store, ImportEntity::Person, OnDuplicate::Skip, 10).unwrap();
        let mut ticks = 0;
        let result = import_people(
            store,
            now(),
            "people.csv",
            rows,
            planner,
            partial,
            &mut || ticks += 1,
        )
        .unwrap();
        let created = result.summary.created;
        assert_eq!(ticks, if result.written { created } else { ticks });
        result
    }

    fn planned_then_applied(store: &mut Store, text: &str) -> Vec<Step> {
        let config = store.config().clone();
        let settings = CsvSettings::for_tests(ImportEntity::Person, &config);
        let read = csv_source::read(text, &settings).unwrap();
        let mut steps = plan(store, ImportEntity::Person, read.rows, OnDuplicate::Skip).unwrap();
        apply(store, now(), &mut steps, &mut || {}).unwrap();
        steps
    }

    /// What a test compares of a step and of a stored person.
    fn summary(steps: &[Step]) -> Vec<(usize, Action, Option<i64>, Option<usize>)> {
        steps
            .iter()
            .map(|s| (s.line, s.action.clone(), s.id, s.same_as_line))
            .collect()
    }

    /// Id, name, company, e-mails and tags of a stored person.
    type Stored = (i64, String, Option<String>, Vec<String>, Vec<String>);

    fn everyone(store: &Store) -> Vec<Stored> {
        let count = store.count(Entity::Person).unwrap();
        (1..=count)
            .map(|id| {
                let p = store.person(id).unwrap();
                let emails = p.data.emails.iter().map(|e| e.value.clone()).collect();
                (id, p.data.name, p.company, emails, p.data.tags)
            })
            .collect()
    }

    const CSV: &str = "name,email,company,tags,external id\n\
        Sara,sara@example.com,Acme,vip,x1\n\
        Stored again,STORED@example.com,Other,,\n\
        Ali,ali@example.com,New Co,\"vip,lead\",x2\n\
        Sara twice,sara@example.com,,,\n\
        Nika,nika@example.com,new co,,\n\
        Same id,other@example.com,,,x2\n\
        Sara,,,,\n\
        ,zed@example.com,,,\n";

    #[test]
    fn streaming_writes_what_planning_then_applying_writes() {
        let mut a = store();
        let mut b = store();
        let streamed = streamed(&mut a, CSV, false);
        let applied = planned_then_applied(&mut b, CSV);
        assert!(streamed.written);
        assert_eq!(
            streamed.summary,
            crate::interchange::import::Summary::of(&applied)
        );
        assert_eq!(streamed.summary.skipped, 4);
        // Only the steps with something to say are kept: here the name-only
        // "Sara", a possible duplicate of line 2, and a person created
        // without a name (with the id the writer gave it).
        let said: Vec<Step> = applied
            .into_iter()
            .filter(|s| !s.issues.is_empty())
            .collect();
        assert_eq!(summary(&streamed.steps), summary(&said));
        assert_eq!(
            summary(&said),
            [
                (8, Action::Skip, None, Some(2)),
                (9, Action::Create, Some(5), None)
            ]
        );
        let issues = |steps: &[Step]| steps.iter().map(|s| s.issues.clone()).collect::<Vec<_>>();
        assert_eq!(issues(&streamed.steps), issues(&said));
        assert_eq!(everyone(&a), everyone(&b));
        assert_eq!(a.count(Entity::Company).unwrap(), 2);
        assert_eq!(b.count(Entity::Company).unwrap(), 2);
        // "new co" is the company "New Co" created two lines above.
        let people = everyone(&a);
        assert_eq!(people[3].2.as_deref(), Some("New Co"));
    }

    #[test]
    fn a_rejected_row_writes_nothing_unless_partial() {
        let text = "name,email\nSara,sara@example.com\n,\nAli,ali@example.com\n";
        let mut store = store();
        let blocked = streamed(&mut store, text, false);
        assert!(!blocked.written);
        assert_eq!((blocked.summary.created, blocked.summary.rejected), (2, 1));
        assert_eq!(summary(&blocked.steps), [(3, Action::Reject, None, None)]);
        assert_eq!(store.count(Entity::Person).unwrap(), 1);
        let partial = streamed(&mut store, text, true);
        assert!(partial.written);
        assert_eq!(store.count(Entity::Person).unwrap(), 3);
    }

    #[test]
    fn one_import_row_in_the_history_of_each_person_created() {
        let mut store = store();
        let result = streamed(&mut store, CSV, false);
        assert_eq!(result.summary.created, 4);
        assert_eq!(store.count(Entity::Person).unwrap(), 5);
        let created = [2, 3, 4, 5];
        let history = |id: i64| {
            store
                .changes(&crate::store::ChangeFilter {
                    entity: Some(Entity::Person.into()),
                    entity_id: Some(id),
                    ..Default::default()
                })
                .unwrap()
        };
        for id in created {
            let rows = history(id);
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert_eq!(rows[0].op, "import");
            assert_eq!((rows[0].entity_id, rows[0].last_id), (2, Some(5)));
            assert_eq!(rows[0].actor, "t");
            assert_eq!(
                rows[0].new.as_deref(),
                Some(r#"{"file":"people.csv","people":4}"#)
            );
        }
        // The stored person keeps its own `create` row only.
        let stored = history(1);
        assert_eq!(
            stored.iter().map(|r| r.op.as_str()).collect::<Vec<_>>(),
            ["create"]
        );
        // The new company has its own `create` row.
        let companies = store
            .changes(&crate::store::ChangeFilter {
                entity: Some(Entity::Company.into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(companies.len(), 2);
    }

    #[test]
    fn a_big_import_rebuilds_the_indexes_it_dropped() {
        let mut store = store();
        let indexes = |store: &Store| store.index_names().unwrap();
        let before = indexes(&store);
        let mut text = String::from("name,email,company\n");
        for i in 0..crate::store::DEFER_INDEXES_FROM + 10 {
            text.push_str(&format!("P {i},p{i}@example.com,C {}\n", i % 50));
        }
        let result = streamed(&mut store, &text, false);
        assert!(result.written);
        assert_eq!(
            store.count(Entity::Person).unwrap() as usize,
            crate::store::DEFER_INDEXES_FROM + 11
        );
        assert_eq!(indexes(&store), before);
    }
}
