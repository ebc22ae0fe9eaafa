//! CSV export: a fixed header per kind of record (documented in
//! docs/import-export.md) and one row per record, every cell protected
//! against formula injection. Phones and e-mails are `label:value` joined
//! with ` | `, tags are joined with `, `, custom fields are a JSON object.

use super::{Request, for_each_id, io_error};
use crate::error::{Error, Result};
use crate::interchange::csv_safety::protect;
use crate::model::{Activity, Company, Deal, Entity, Person, Task, contact, snapshot};
use crate::store::Store;
use std::io::Write;

/// The header row for `entity`.
// Long but flat: one column list per kind of record, the documented format.
pub fn header(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Person => &[
            "id",
            "name",
            "company",
            "title",
            "phones",
            "emails",
            "address",
            "birthday",
            "lead_source",
            "owner",
            "tags",
            "notes",
            "custom",
            "campaign",
        ],
        Entity::Company => &[
            "id", "name", "domain", "industry", "phones", "emails", "address", "owner", "tags",
            "notes", "custom",
        ],
        Entity::Deal => &[
            "id",
            "title",
            "pipeline",
            "stage",
            "status",
            "value_minor",
            "currency",
            "probability",
            "expected_close",
            "person_id",
            "person",
            "company_id",
            "company",
            "owner",
            "lost_reason",
            "tags",
            "notes",
            "custom",
            "campaign",
        ],
        Entity::Task => &[
            "id",
            "title",
            "due_date",
            "due_time",
            "priority",
            "done_at",
            "person_id",
            "person",
            "company_id",
            "company",
            "deal_id",
            "deal",
            "owner",
            "notes",
            "repeat",
        ],
        Entity::Activity => &[
            "id",
            "kind",
            "subject",
            "body",
            "occurred_at",
            "author",
            "person_id",
            "person",
            "company_id",
            "company",
            "deal_id",
            "deal",
        ],
        Entity::Call => &[
            "id",
            "kind",
            "number",
            "agent",
            "person_id",
            "company_id",
            "activity_id",
            "task_id",
            "at",
        ],
        // Not exported as records (`kariz rate list`, `kariz goal list`).
        Entity::Rate
        | Entity::Goal
        | Entity::Notification
        | Entity::Message
        | Entity::Segment
        | Entity::Campaign => &[],
        Entity::Product | Entity::Quote | Entity::Order | Entity::Invoice | Entity::Payment => &[],
        Entity::Case => &[
            "id",
            "number",
            "subject",
            "description",
            "status",
            "priority",
            "channel",
            "category",
            "person_id",
            "person",
            "company_id",
            "company",
            "assignee",
            "deal_id",
            "created_at",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "satisfaction",
            "satisfaction_comment",
            "tags",
        ],
    }
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn ts(at: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Campaign names by id, for the `campaign` column.
type CampaignNames = std::collections::HashMap<i64, String>;

fn campaign_name(names: &CampaignNames, id: Option<i64>) -> String {
    id.and_then(|id| names.get(&id).cloned())
        .unwrap_or_default()
}

fn person_row(p: &Person, campaigns: &CampaignNames) -> Vec<String> {
    let d = &p.data;
    vec![
        p.id.to_string(),
        d.name.clone(),
        opt(&p.company),
        opt(&d.title),
        contact::snapshot(&d.phones).unwrap_or_default(),
        contact::snapshot(&d.emails).unwrap_or_default(),
        opt(&d.address),
        opt(&d.birthday),
        opt(&d.lead_source),
        opt(&d.owner),
        d.tags.join(", "),
        opt(&d.notes),
        snapshot::custom(&d.custom).unwrap_or_default(),
        campaign_name(campaigns, d.campaign_id),
    ]
}

fn company_row(c: &Company) -> Vec<String> {
    let d = &c.data;
    vec![
        c.id.to_string(),
        d.name.clone(),
        opt(&d.domain),
        opt(&d.industry),
        contact::snapshot(&d.phones).unwrap_or_default(),
        contact::snapshot(&d.emails).unwrap_or_default(),
        opt(&d.address),
        opt(&d.owner),
        d.tags.join(", "),
        opt(&d.notes),
        snapshot::custom(&d.custom).unwrap_or_default(),
    ]
}

fn deal_row(deal: &Deal, campaigns: &CampaignNames) -> Vec<String> {
    let d = &deal.data;
    vec![
        deal.id.to_string(),
        d.title.clone(),
        d.pipeline.clone(),
        d.stage.clone(),
        deal.status.as_str().to_string(),
        d.value_minor.to_string(),
        d.currency.clone(),
        opt(&d.probability),
        opt(&d.expected_close),
        opt(&d.person_id),
        opt(&deal.person),
        opt(&d.company_id),
        opt(&deal.company),
        opt(&d.owner),
        opt(&d.lost_reason),
        d.tags.join(", "),
        opt(&d.notes),
        snapshot::custom(&d.custom).unwrap_or_default(),
        campaign_name(campaigns, d.campaign_id),
    ]
}

fn task_row(t: &Task) -> Vec<String> {
    let d = &t.data;
    vec![
        t.id.to_string(),
        d.title.clone(),
        opt(&d.due_date),
        d.due_time
            .map(|x| x.format("%H:%M").to_string())
            .unwrap_or_default(),
        d.priority.as_str().to_string(),
        ts(&t.done_at),
        opt(&d.person_id),
        opt(&t.person),
        opt(&d.company_id),
        opt(&t.company),
        opt(&d.deal_id),
        opt(&t.deal),
        opt(&d.owner),
        opt(&d.notes),
        opt(&d.repeat),
    ]
}

fn activity_row(a: &Activity) -> Vec<String> {
    let d = &a.data;
    vec![
        a.id.to_string(),
        d.kind.as_str().to_string(),
        d.subject.clone(),
        opt(&d.body),
        ts(&Some(d.occurred_at)),
        d.author.clone(),
        opt(&d.person_id),
        opt(&a.person),
        opt(&d.company_id),
        opt(&a.company),
        opt(&d.deal_id),
        opt(&a.deal),
    ]
}

fn case_row(k: &crate::model::Case) -> Vec<String> {
    let d = &k.data;
    vec![
        k.id.to_string(),
        k.number.to_string(),
        d.subject.clone(),
        opt(&d.description),
        d.status.clone(),
        d.priority.as_str().to_string(),
        d.channel.as_str().to_string(),
        opt(&d.category),
        opt(&d.person_id),
        opt(&k.person),
        opt(&d.company_id),
        opt(&k.company),
        opt(&d.assignee),
        opt(&d.deal_id),
        ts(&Some(k.created_at)),
        ts(&k.first_response_at),
        ts(&k.resolved_at),
        ts(&k.closed_at),
        opt(&d.satisfaction),
        opt(&d.satisfaction_comment),
        d.tags.join(", "),
    ]
}

fn csv_error(err: csv::Error) -> Error {
    match err.into_kind() {
        csv::ErrorKind::Io(e) => io_error(e),
        other => Error::invalid(format!("a CSV row cannot be written: {other:?}")),
    }
}

pub fn write(
    store: &Store,
    request: &Request,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(),
) -> Result<u64> {
    // CRLF as RFC 4180 asks; spreadsheets read it everywhere.
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut written = 0;
    let campaigns: CampaignNames = store
        .campaigns()?
        .into_iter()
        .map(|c| (c.id, c.data.name))
        .collect();
    for &entity in &request.entities {
        csv.write_record(header(entity)).map_err(csv_error)?;
        for_each_id(store, entity, &request.filter, |id| {
            let row = match entity {
                Entity::Person => person_row(&store.person(id)?, &campaigns),
                Entity::Company => company_row(&store.company(id)?),
                Entity::Deal => deal_row(&store.deal(id)?, &campaigns),
                Entity::Task => task_row(&store.task(id)?),
                Entity::Activity => activity_row(&store.activity(id)?),
                Entity::Call => call_row(&store.call(id)?),
                Entity::Rate
                | Entity::Goal
                | Entity::Notification
                | Entity::Message
                | Entity::Segment
                | Entity::Campaign => {
                    return Err(crate::error::Error::invalid(format!(
                        "{entity} is not a customer record; see `kariz rate list` and `kariz goal list`"
                    )));
                }
                Entity::Case => case_row(&store.case(id)?),
                Entity::Product
                | Entity::Quote
                | Entity::Order
                | Entity::Invoice
                | Entity::Payment => {
                    return Err(crate::error::Error::invalid(format!(
                        "{entity} records are not exported here; products, quotes and invoices have their own export (docs/quotes.md)"
                    )));
                }
            };
            csv.write_record(row.iter().map(|cell| protect(cell).into_owned()))
                .map_err(csv_error)?;
            written += 1;
            progress();
            Ok(())
        })?;
    }
    csv.flush().map_err(io_error)?;
    Ok(written)
}

fn call_row(c: &crate::model::Call) -> Vec<String> {
    vec![
        c.id.to_string(),
        c.data.kind.as_str().to_owned(),
        c.data.number.clone(),
        opt(&c.data.agent),
        opt(&c.data.person_id),
        opt(&c.data.company_id),
        opt(&c.data.activity_id),
        opt(&c.data.task_id),
        c.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_fits_its_header() {
        use crate::model::{ActivityData, ActivityKind, CompanyData, DealData, DealStatus};
        use crate::model::{PersonData, TaskData};
        let at = chrono::DateTime::UNIX_EPOCH;
        let p = Person {
            id: 1,
            data: PersonData::default(),
            company: None,
            created_at: at,
            updated_at: at,
            version: 1,
        };
        assert_eq!(
            person_row(&p, &CampaignNames::new()).len(),
            header(Entity::Person).len()
        );
        let c = Company {
            id: 1,
            data: CompanyData::default(),
            created_at: at,
            updated_at: at,
            version: 1,
        };
        assert_eq!(company_row(&c).len(), header(Entity::Company).len());
        let d = Deal {
            id: 1,
            data: DealData::default(),
            value: String::new(),
            status: DealStatus::Open,
            stage_entered_at: at,
            closed_at: None,
            person: None,
            company: None,
            created_at: at,
            updated_at: at,
            version: 1,
        };
        assert_eq!(
            deal_row(&d, &CampaignNames::new()).len(),
            header(Entity::Deal).len()
        );
        let t = Task {
            id: 1,
            data: TaskData::default(),
            done_at: None,
            person: None,
            company: None,
            deal: None,
            created_at: at,
            updated_at: at,
            version: 1,
        };
        assert_eq!(task_row(&t).len(), header(Entity::Task).len());
        let a = Activity {
            id: 1,
            data: ActivityData {
                kind: ActivityKind::Note,
                subject: "s".into(),
                body: None,
                occurred_at: at,
                author: "a".into(),
                person_id: None,
                company_id: None,
                deal_id: None,
            },
            person: None,
            company: None,
            deal: None,
            created_at: at,
            updated_at: at,
            version: 1,
        };
        assert_eq!(activity_row(&a).len(), header(Entity::Activity).len());
    }

    proptest::proptest! {
        /// A cell written the way export writes it and read back by a CSV
        /// reader, then unprotected, is the original text.
        #[test]
        fn cells_survive_a_csv_round_trip(
            cells in proptest::collection::vec("\\PC{0,20}|[=+@'\\t\\r\\n\",-]{1,6}\\PC{0,6}", 1..6)
        ) {
            let mut csv = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            csv.write_record(cells.iter().map(|c| protect(c).into_owned())).unwrap();
            let bytes = csv.into_inner().unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            let record = reader.records().next().unwrap().unwrap();
            let back: Vec<String> = record
                .iter()
                .map(|c| crate::interchange::csv_safety::unprotect(c).into_owned())
                .collect();
            proptest::prop_assert_eq!(back, cells);
        }
    }
}
