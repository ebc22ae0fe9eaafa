//! CSV rows to records, through the column plan.

use super::csv_text::{CsvItem, CsvReader, sniff_delimiter};
use super::fields::{self, DateCell};
use super::mapping::{ColumnPlan, NamePart, Target};
use super::record::{ImportEntity, Issue, Parsed, Record};
use crate::config::{Config, FieldEntity};
use crate::interchange::csv_safety::unprotect;
use crate::model::{CompanyData, ContactPoint, PersonData};
use std::collections::{BTreeMap, HashMap};

/// What a CSV import needs besides the text.
pub struct CsvSettings<'a> {
    /// What the rows are.
    pub entity: ImportEntity,
    /// Explicit `column → field` mappings.
    pub map: &'a BTreeMap<String, String>,
    /// The config (custom fields).
    pub config: &'a Config,
    /// Owner of records whose row names none.
    pub default_owner: &'a str,
}

/// The rows of a CSV file as records, with the column plan used.
pub struct CsvRead {
    /// How each column was used.
    pub plan: ColumnPlan,
    /// One entry per data row, in file order.
    pub rows: Vec<Parsed>,
}

/// Reads a whole CSV text. Fails only when the header itself is unusable;
/// row problems are issues on their rows.
pub fn read(text: &str, settings: &CsvSettings<'_>) -> Result<CsvRead, String> {
    let mut reader = CsvReader::new(text, sniff_delimiter(text));
    let headers = match reader.next() {
        None => return Err("the file is empty; the first line must be a header".into()),
        Some(CsvItem::Bad(p)) => {
            return Err(format!(
                "line {}: the header line is broken: {}",
                p.line, p.reason
            ));
        }
        Some(CsvItem::Row(r)) => r.fields,
    };
    let plan = ColumnPlan::new(&headers, settings.map)?;
    let has_name = plan.columns.iter().any(|(_, t)| {
        matches!(
            t,
            Some(
                Target::Name
                    | Target::NamePart(_)
                    | Target::Email { .. }
                    | Target::Phone { .. }
                    | Target::EmailList
                    | Target::PhoneList
            )
        ) || matches!(t, Some(Target::Company))
    });
    if !has_name {
        return Err(format!(
            "no column holds a name; the columns are: {}. Map one with --map \"COLUMN=name\"",
            headers.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for item in reader {
        match item {
            CsvItem::Bad(p) => {
                let column = headers.get(p.field - 1).map(String::as_str);
                rows.push(Parsed::rejected(
                    p.line,
                    Issue::error(p.line, column, p.reason),
                ));
            }
            CsvItem::Row(r) if r.fields.len() != headers.len() => {
                rows.push(Parsed::rejected(
                    r.line,
                    Issue::error(
                        r.line,
                        None,
                        format!(
                            "the row has {} fields but the header has {} (a missing or extra delimiter, or an unquoted comma)",
                            r.fields.len(),
                            headers.len()
                        ),
                    ),
                ));
            }
            CsvItem::Row(r) => rows.push(convert(&plan, r.line, &r.fields, settings)),
        }
    }
    Ok(CsvRead { plan, rows })
}

/// The cells of one row gathered by target.
#[derive(Default)]
struct Gathered {
    name: Option<String>,
    parts: BTreeMap<NamePart, String>,
    emails: Vec<(Option<u32>, String, String, String)>,
    email_labels: HashMap<u32, String>,
    phones: Vec<(Option<u32>, String, String, String)>,
    phone_labels: HashMap<u32, String>,
    company: Option<String>,
    title: Option<String>,
    tags: Vec<String>,
    notes: Vec<String>,
    owner: Option<String>,
    birthday: Option<(String, String)>,
    address: Vec<String>,
    external_id: Option<String>,
    lead_source: Option<String>,
    domain: Option<String>,
    industry: Option<String>,
    custom: Vec<(String, String, String)>,
}

fn put(slot: &mut Option<String>, value: &str) {
    if slot.is_none() {
        *slot = Some(value.to_string());
    }
}

fn convert(plan: &ColumnPlan, line: usize, cells: &[String], s: &CsvSettings<'_>) -> Parsed {
    let mut issues = Vec::new();
    let mut g = Gathered::default();
    for ((header, target), raw) in plan.columns.iter().zip(cells) {
        let cell = unprotect(raw.trim());
        let cell = cell.as_ref();
        if cell.is_empty() {
            continue;
        }
        let Some(target) = target else { continue };
        match target {
            Target::Name => put(&mut g.name, cell),
            Target::NamePart(part) => {
                g.parts.insert(*part, cell.to_string());
            }
            Target::Email { slot, label } => {
                for v in fields::split_multi(cell) {
                    g.emails
                        .push((*slot, label.clone(), v.to_string(), header.clone()));
                }
            }
            Target::EmailLabel(slot) => {
                g.email_labels.insert(*slot, cell.to_string());
            }
            Target::Phone { slot, label } => {
                for v in fields::split_multi(cell) {
                    g.phones
                        .push((*slot, label.clone(), v.to_string(), header.clone()));
                }
            }
            Target::PhoneList => {
                for (label, value) in fields::labelled_list(cell, "mobile") {
                    g.phones.push((None, label, value, header.clone()));
                }
            }
            Target::EmailList => {
                for (label, value) in fields::labelled_list(cell, "work") {
                    g.emails.push((None, label, value, header.clone()));
                }
            }
            Target::PhoneLabel(slot) => {
                g.phone_labels.insert(*slot, cell.to_string());
            }
            Target::Company => put(&mut g.company, cell),
            Target::Title => put(&mut g.title, cell),
            Target::Tags => g
                .tags
                .extend(fields::tags_from(cell, line, header, &mut issues)),
            Target::Notes => g.notes.push(cell.to_string()),
            Target::Owner => put(&mut g.owner, cell),
            Target::Birthday => g.birthday = Some((cell.to_string(), header.clone())),
            Target::Address => g.address.push(cell.to_string()),
            Target::ExternalId => put(&mut g.external_id, cell),
            Target::LeadSource => put(&mut g.lead_source, cell),
            Target::Domain => put(&mut g.domain, cell),
            Target::Industry => put(&mut g.industry, cell),
            Target::Custom(name) => g
                .custom
                .push((name.clone(), cell.to_string(), header.clone())),
            Target::Ignore => {}
            other => issues.push(Issue::warning(
                line,
                Some(header),
                format!(
                    "{other:?} is a deal or task field; ignored for a {} import",
                    s.entity.as_str()
                ),
            )),
        }
    }
    let record = build(g, line, s, &mut issues);
    let external_id = record.as_ref().ok().and_then(|(_, e)| e.clone());
    Parsed {
        line,
        external_id,
        record: record
            .ok()
            .map(|(r, _)| r)
            .filter(|_| issues.iter().all(|i| i.warning)),
        issues,
    }
}

fn points(
    found: &[(Option<u32>, String, String, String)],
    labels: &HashMap<u32, String>,
    line: usize,
    issues: &mut Vec<Issue>,
    check: fn(&str, &str, usize, &str) -> Result<ContactPoint, Issue>,
) -> Vec<ContactPoint> {
    let mut out: Vec<ContactPoint> = Vec::new();
    for (slot, default, value, column) in found {
        let label = slot
            .and_then(|s| labels.get(&s))
            .map_or_else(|| default.clone(), |l| fields::clean_label(l, default));
        match check(value, &label, line, column) {
            Ok(p) if !out.iter().any(|o| o.value == p.value) => out.push(p),
            Ok(_) => {}
            Err(issue) => issues.push(issue),
        }
    }
    out
}

type Built = (Record, Option<String>);

fn build(
    mut g: Gathered,
    line: usize,
    s: &CsvSettings<'_>,
    issues: &mut Vec<Issue>,
) -> Result<Built, ()> {
    let emails = points(&g.emails, &g.email_labels, line, issues, fields::email);
    let phones = points(&g.phones, &g.phone_labels, line, issues, fields::phone);
    let joined: Vec<&str> = g.parts.values().map(String::as_str).collect();
    let mut name = g.name.take().unwrap_or_else(|| joined.join(" "));
    if name.trim().is_empty() && s.entity == ImportEntity::Company {
        // In a company file, the "Company" column is the name.
        name = g.company.take().unwrap_or_default();
    }
    if name.trim().is_empty() {
        let fallback = match s.entity {
            ImportEntity::Person => g.company.clone(),
            ImportEntity::Company => None,
        }
        .or_else(|| emails.first().map(|e| e.value.clone()))
        .or_else(|| phones.first().map(|p| p.value.clone()));
        let Some(fallback) = fallback else {
            issues.push(Issue::error(
                line,
                None,
                "the row has no name, company, e-mail or phone",
            ));
            return Err(());
        };
        issues.push(Issue::warning(
            line,
            None,
            format!("no name; named after {fallback:?}"),
        ));
        name = fallback;
    }
    let address = (!g.address.is_empty()).then(|| g.address.join(", "));
    let notes = (!g.notes.is_empty()).then(|| g.notes.join("\n"));
    let owner = g.owner.or_else(|| Some(s.default_owner.to_string()));
    let field_entity = match s.entity {
        ImportEntity::Person => FieldEntity::Person,
        ImportEntity::Company => FieldEntity::Company,
    };
    let mut custom = crate::model::CustomValues::default();
    for (field, raw, column) in &g.custom {
        if let Err(e) = fields::custom(s.config, field_entity, field, raw, &mut custom) {
            issues.push(Issue::error(line, Some(column), e));
        }
    }
    let record = match s.entity {
        ImportEntity::Person => {
            let mut birthday = None;
            if let Some((raw, column)) = &g.birthday {
                match fields::date(raw) {
                    Ok(DateCell::Date(d)) => birthday = Some(d),
                    Ok(DateCell::Empty) => {}
                    Ok(DateCell::NoYear) => issues.push(Issue::warning(
                        line,
                        Some(column),
                        format!("birthday {raw:?} has no year, which kariz cannot store; left out"),
                    )),
                    Err(e) => issues.push(Issue::error(line, Some(column), e)),
                }
            }
            let mut data = PersonData {
                name,
                title: g.title,
                phones,
                emails,
                address,
                birthday,
                lead_source: g.lead_source,
                owner,
                notes,
                tags: g.tags,
                custom,
                ..PersonData::default()
            };
            if let Err(e) = data.validate() {
                issues.push(Issue::error(line, None, e));
            }
            Record::Person {
                data,
                company: g.company,
            }
        }
        ImportEntity::Company => {
            let mut data = CompanyData {
                name,
                domain: g.domain,
                industry: g.industry,
                phones,
                emails,
                address,
                owner,
                notes,
                tags: g.tags,
                custom,
            };
            if let Err(e) = data.validate() {
                issues.push(Issue::error(line, None, e));
            }
            Record::Company(data)
        }
    };
    Ok((record, g.external_id))
}
