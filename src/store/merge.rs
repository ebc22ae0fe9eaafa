//! Merging a duplicate person or company into the record to keep.
//!
//! KEEP's values win; OTHER's fill KEEP's empty fields; phones, e-mails,
//! tags and custom values are united; every deal, task, activity (and, for
//! companies, person) linked to OTHER is re-linked to KEEP; then OTHER is
//! deleted. All in the caller's one transaction, logged as: one
//! `merged_from` row on KEEP, one row per changed field of KEEP, one row per
//! re-linked record, and OTHER's delete row holding all its fields (so
//! nothing OTHER had is lost even where KEEP's value won).

use super::db::{Connection, params};
use super::{Store, Writer, codec, companies, links, people};
use crate::error::{Error, Result};
use crate::model::snapshot::{self, Snapshot};
use crate::model::{CompanyData, ContactPoint, CustomValues, Entity, PersonData};
use crate::text::phone::same_line;
use serde::Serialize;

/// One field of KEEP that the merge changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field name, as in the change log.
    pub field: String,
    /// KEEP's value before.
    pub old: Option<String>,
    /// KEEP's value after.
    pub new: Option<String>,
}

/// Records of one kind re-linked from OTHER to KEEP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    /// Their kind.
    pub entity: Entity,
    /// Their ids.
    pub ids: Vec<i64>,
}

/// What a merge does (a dry run) or did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergePlan {
    /// Person or company.
    pub entity: Entity,
    /// The record kept.
    pub keep: i64,
    /// Its name.
    pub keep_name: String,
    /// The record merged in and deleted.
    pub other: i64,
    /// Its name.
    pub other_name: String,
    /// KEEP's fields that change.
    pub changes: Vec<FieldChange>,
    /// Records re-linked to KEEP.
    pub moved: Vec<Moved>,
}

/// The expected versions of both records; a mismatch is a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeVersions {
    /// KEEP's version.
    pub keep: i64,
    /// OTHER's version.
    pub other: i64,
}

fn fill<T: Clone>(target: &mut Option<T>, from: &Option<T>) {
    if target.is_none() {
        target.clone_from(from);
    }
}

/// KEEP's phones, then OTHER's that KEEP lacks.
fn unite_phones(keep: &mut Vec<ContactPoint>, other: &[ContactPoint]) {
    for p in other {
        if !keep.iter().any(|k| same_line(&k.value, &p.value)) {
            keep.push(p.clone());
        }
    }
}

/// KEEP's e-mails, then OTHER's KEEP lacks (compared without case).
fn unite_emails(keep: &mut Vec<ContactPoint>, other: &[ContactPoint]) {
    for e in other {
        if !keep.iter().any(|k| k.value.eq_ignore_ascii_case(&e.value)) {
            keep.push(e.clone());
        }
    }
}

fn unite_custom(keep: &mut CustomValues, other: &CustomValues) {
    for (name, value) in other {
        keep.entry(name.clone()).or_insert_with(|| value.clone());
    }
}

fn unite_tags(keep: &mut Vec<String>, other: &[String]) {
    for tag in other {
        if !keep.iter().any(|k| k.to_lowercase() == tag.to_lowercase()) {
            keep.push(tag.clone());
        }
    }
}

/// A person's fields after merging `other` into `keep`.
pub fn combined_person(keep: &PersonData, other: &PersonData) -> PersonData {
    let mut out = keep.clone();
    fill(&mut out.company_id, &other.company_id);
    fill(&mut out.title, &other.title);
    fill(&mut out.address, &other.address);
    fill(&mut out.birthday, &other.birthday);
    fill(&mut out.lead_source, &other.lead_source);
    fill(&mut out.campaign_id, &other.campaign_id);
    fill(&mut out.owner, &other.owner);
    fill(&mut out.notes, &other.notes);
    unite_phones(&mut out.phones, &other.phones);
    unite_emails(&mut out.emails, &other.emails);
    unite_tags(&mut out.tags, &other.tags);
    unite_custom(&mut out.custom, &other.custom);
    out
}

/// A company's fields after merging `other` into `keep`.
pub fn combined_company(keep: &CompanyData, other: &CompanyData) -> CompanyData {
    let mut out = keep.clone();
    fill(&mut out.domain, &other.domain);
    fill(&mut out.industry, &other.industry);
    fill(&mut out.address, &other.address);
    fill(&mut out.owner, &other.owner);
    fill(&mut out.notes, &other.notes);
    unite_phones(&mut out.phones, &other.phones);
    unite_emails(&mut out.emails, &other.emails);
    unite_tags(&mut out.tags, &other.tags);
    unite_custom(&mut out.custom, &other.custom);
    out
}

fn changes(before: &impl Snapshot, after: &impl Snapshot) -> Vec<FieldChange> {
    snapshot::diff(&before.fields(), &after.fields())
        .into_iter()
        .map(|(field, old, new)| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect()
}

/// The merged data of KEEP, with the plan of what changes.
enum Merged {
    Person(PersonData),
    Company(CompanyData),
}

fn plan(conn: &Connection, entity: Entity, keep: i64, other: i64) -> Result<(MergePlan, Merged)> {
    if keep == other {
        return Err(Error::invalid(format!(
            "cannot merge {entity} {keep} into itself; give two different ids"
        )));
    }
    let (keep_name, other_name, changed, merged) = match entity {
        Entity::Person => {
            let k = people::get(conn, keep)?;
            let o = people::get(conn, other)?;
            let mut data = combined_person(&k.data, &o.data);
            data.validate().map_err(Error::Invalid)?;
            let changed = changes(&k.data, &data);
            (k.data.name, o.data.name, changed, Merged::Person(data))
        }
        Entity::Company => {
            let k = companies::get(conn, keep)?;
            let o = companies::get(conn, other)?;
            let mut data = combined_company(&k.data, &o.data);
            data.validate().map_err(Error::Invalid)?;
            let changed = changes(&k.data, &data);
            (k.data.name, o.data.name, changed, Merged::Company(data))
        }
        other_kind => {
            return Err(Error::invalid(format!(
                "only people and companies can be merged, not {other_kind} records"
            )));
        }
    };
    let moved = links::dependants_of(conn, entity, other)?
        .groups
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(entity, ids)| Moved { entity, ids })
        .collect();
    let plan = MergePlan {
        entity,
        keep,
        keep_name,
        other,
        other_name,
        changes: changed,
        moved,
    };
    Ok((plan, merged))
}

impl Store {
    /// What merging `other` into `keep` would do, without writing.
    pub fn merge_plan(&self, entity: Entity, keep: i64, other: i64) -> Result<MergePlan> {
        plan(&self.conn, entity, keep, other).map(|(plan, _)| plan)
    }
}

impl Writer<'_> {
    /// Merges `other` into `keep` (people or companies) and deletes
    /// `other`; fails with a conflict, writing nothing, unless both are
    /// still at the given versions.
    pub fn merge(
        &mut self,
        entity: Entity,
        keep: i64,
        other: i64,
        versions: MergeVersions,
    ) -> Result<MergePlan> {
        // OTHER is locked first, so no record links to it between the read
        // of its links and its delete (PostgreSQL).
        self.hold(entity, other)?;
        let (plan, merged) = plan(self.conn(), entity, keep, other)?;
        let other_now = self.current_version(entity, other)?;
        if other_now != versions.other {
            return Err(Error::Conflict {
                entity,
                id: other,
                expected: versions.other,
                actual: other_now,
            });
        }
        let links = links::Dependants {
            groups: plan
                .moved
                .iter()
                .map(|m| (m.entity, m.ids.clone()))
                .collect(),
        };
        self.refuse_out_of_reach(entity, other, &plan.other_name, &links)?;
        self.relink(entity, keep, (other, &plan.other_name), &plan.moved)?;
        match merged {
            Merged::Person(data) => self.update_person(keep, versions.keep, data)?,
            Merged::Company(data) => self.update_company(keep, versions.keep, data)?,
        }
        // A merge that changed none of KEEP's own fields still changed
        // KEEP (it gained OTHER's links): bump its version all the same.
        if self.current_version(entity, keep)? == versions.keep {
            self.claim_version(entity, keep, versions.keep)?;
        }
        self.log_field(
            entity,
            keep,
            "merged_from",
            None,
            Some(&format!("#{other}")),
        )?;
        match entity {
            Entity::Person => self.delete_person(other, Some(versions.other), false)?,
            _ => self.delete_company(other, Some(versions.other), false)?,
        }
        Ok(plan)
    }

    /// Points every record linked to `other` at `keep`, logging each.
    fn relink(
        &mut self,
        entity: Entity,
        keep: i64,
        (other, other_name): (i64, &str),
        moved: &[Moved],
    ) -> Result<()> {
        let Some(column) = links::column_for(entity) else {
            return Ok(());
        };
        let now = codec::ts(self.now);
        let (old, new) = (other.to_string(), keep.to_string());
        for group in moved {
            // Table and column names come from fixed lists, never user text.
            let sql = format!(
                "UPDATE {} SET {column} = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                links::table(group.entity)
            );
            for id in &group.ids {
                let changed = self.conn().execute(&sql, params![keep, now, id])?;
                self.check_relinked((entity, other, other_name), group.entity, *id, changed)?;
                self.log_field(group.entity, *id, column, Some(&old), Some(&new))?;
                if group.entity == Entity::Person {
                    // People are found by their company's name too.
                    people::refresh_search_text(self.conn(), *id)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: &str) -> ContactPoint {
        ContactPoint {
            label: label.into(),
            value: value.into(),
        }
    }

    #[test]
    fn keep_wins_and_other_fills_the_gaps() {
        let keep = PersonData {
            name: "Sara Ahmadi".into(),
            title: Some("Buyer".into()),
            phones: vec![point("mobile", "0912 345 6789")],
            emails: vec![point("work", "Sara@x.com")],
            tags: vec!["vip".into()],
            custom: [("tier".to_string(), serde_json::json!("gold"))].into(),
            ..PersonData::default()
        };
        let other = PersonData {
            name: "Sarah Ahmady".into(),
            title: Some("Head buyer".into()),
            address: Some("Tehran".into()),
            phones: vec![
                point("mobile", "+98 912 345 6789"),
                point("home", "021 555 1234"),
            ],
            emails: vec![point("work", "sara@x.com"), point("home", "s@home.ir")],
            tags: vec!["VIP".into(), "gulf".into()],
            custom: [
                ("tier".to_string(), serde_json::json!("silver")),
                ("size".to_string(), serde_json::json!(3)),
            ]
            .into(),
            ..PersonData::default()
        };
        let merged = combined_person(&keep, &other);
        assert_eq!(merged.name, "Sara Ahmadi");
        assert_eq!(merged.title.as_deref(), Some("Buyer"));
        assert_eq!(merged.address.as_deref(), Some("Tehran"));
        assert_eq!(merged.phones.len(), 2);
        assert_eq!(merged.emails.len(), 2);
        assert_eq!(merged.tags, vec!["vip", "gulf"]);
        assert_eq!(merged.custom["tier"], "gold");
        assert_eq!(merged.custom["size"], 3);
    }

    mod store {
        use crate::config::Config;
        use crate::model::{DealData, Entity, PersonData};
        use crate::store::{ChangeFilter, MergeVersions, Store};
        use chrono::{TimeZone, Utc};

        fn store_with_twins() -> (Store, i64) {
            let mut store = Store::open_in_memory(Config::default_config(), "tester").unwrap();
            let now = Utc.with_ymd_and_hms(2026, 11, 22, 6, 30, 0).unwrap();
            let deal = store
                .write(now, |w| {
                    w.add_person(PersonData {
                        name: "Sara".into(),
                        ..PersonData::default()
                    })?;
                    let other = w.add_person(PersonData {
                        name: "Sarah".into(),
                        notes: Some("met at the fair".into()),
                        ..PersonData::default()
                    })?;
                    let mut deal = DealData {
                        title: "Order".into(),
                        person_id: Some(other),
                        ..DealData::default()
                    };
                    deal.pipeline = "sales".into();
                    deal.stage = "Lead".into();
                    deal.currency = "USD".into();
                    w.add_deal(deal)
                })
                .unwrap();
            (store, deal)
        }

        #[test]
        fn a_stale_other_version_rolls_everything_back() {
            let (mut store, deal) = store_with_twins();
            let changes_before = store.changes(&ChangeFilter::default()).unwrap().len();
            let now = Utc.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).unwrap();
            let err = store
                .write(now, |w| {
                    w.merge(Entity::Person, 1, 2, MergeVersions { keep: 1, other: 5 })
                })
                .unwrap_err();
            assert!(matches!(err, crate::Error::Conflict { id: 2, .. }), "{err}");
            assert_eq!(store.deal(deal).unwrap().data.person_id, Some(2));
            assert_eq!(store.person(2).unwrap().version, 1);
            assert_eq!(
                store.changes(&ChangeFilter::default()).unwrap().len(),
                changes_before
            );
        }

        #[test]
        fn merge_moves_links_fills_fields_and_bumps_versions() {
            let (mut store, deal) = store_with_twins();
            let deal_version = store.deal(deal).unwrap().version;
            let now = Utc.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).unwrap();
            let plan = store
                .write(now, |w| {
                    w.merge(Entity::Person, 1, 2, MergeVersions { keep: 1, other: 1 })
                })
                .unwrap();
            assert_eq!(plan.moved.len(), 1);
            assert_eq!(plan.changes[0].field, "notes");
            let kept = store.person(1).unwrap();
            assert_eq!(kept.data.notes.as_deref(), Some("met at the fair"));
            assert_eq!(kept.version, 2);
            let moved = store.deal(deal).unwrap();
            assert_eq!(moved.data.person_id, Some(1));
            assert_eq!(moved.version, deal_version + 1);
            assert!(store.person(2).is_err());
            assert!(store.merge_plan(Entity::Person, 1, 2).is_err());
        }
    }
}
