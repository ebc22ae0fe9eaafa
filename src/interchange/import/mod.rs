//! Imports: read a file (CSV, vCard, JSON) into records, plan each row
//! against the store, then write the plan in one transaction.
//!
//! The steps are separate so `--dry-run` prints exactly the plan the real
//! run would execute.

pub mod activities;
pub mod activity_rows;
mod apply;
mod csv_blocks;
pub mod csv_source;
pub mod csv_text;
pub mod decode;
pub mod fields;
mod fingerprints;
pub mod json_source;
pub mod mapping;
pub mod plan;
pub mod record;
pub mod report;
pub mod stream;
pub mod vcard_source;
pub mod work_items;

pub use apply::apply;
pub use csv_blocks::check_utf8;
pub use decode::{DecodeError, Encoding, decode, decode_owned};
pub use plan::{Action, MatchedBy, OnDuplicate, Planner, Step, plan};
pub use record::{ImportEntity, Issue, Parsed, Record};

use serde::Serialize;

/// Counts of what an import did (or would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// New records.
    pub created: usize,
    /// Stored records changed.
    pub updated: usize,
    /// Rows that matched and changed nothing.
    pub skipped: usize,
    /// Rows with errors.
    pub rejected: usize,
    /// Warnings in kept rows.
    pub warnings: usize,
}

impl Summary {
    /// Counts the steps of a plan.
    pub fn of(steps: &[Step]) -> Summary {
        let mut s = Summary::default();
        for step in steps {
            s.count(step);
        }
        s
    }

    /// Counts one step.
    pub fn count(&mut self, step: &Step) {
        match step.action {
            Action::Create => self.created += 1,
            Action::Update => self.updated += 1,
            Action::Skip => self.skipped += 1,
            Action::Reject => self.rejected += 1,
        }
        if step.action != Action::Reject {
            self.warnings += step.issues.iter().filter(|i| i.warning).count();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::csv_source::{self, CsvSettings};
    use super::*;
    use crate::config::Config;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn csv(text: &str, entity: ImportEntity) {
        let config = Config::default_config();
        let settings = CsvSettings::for_tests(entity, &config);
        let _ = csv_source::read(text, &settings);
    }

    proptest! {
        #[test]
        fn csv_import_never_panics(
            body in "(name|email|phone|E-mail 1 - Value|Phone 1 - Type|tags|birthday|stage|value|due|,|\"|\n|\r|'=|::: |[a-z@.0-9 ]|\\PC){0,120}",
            entity in prop_oneof![
                Just(ImportEntity::Person),
                Just(ImportEntity::Company),
                Just(ImportEntity::Deal),
                Just(ImportEntity::Task),
            ],
        ) {
            csv(&format!("name,email,phone,birthday,tags,stage,value,due\n{body}"), entity);
            csv(&body, entity);
        }

        #[test]
        fn vcard_and_json_import_never_panic(text in "(BEGIN:VCARD\n|END:VCARD\n|FN:|N:|TEL;CELL:|EMAIL:|BDAY:|ADR:|CATEGORIES:|;|,|\\\\|=\n|=D8|QUOTED-PRINTABLE|\\PC){0,60}") {
            let _ = vcard_source::read(&text, "t");
            let _ = json_source::read(&text, ImportEntity::Person, "t");
        }

        #[test]
        fn json_deals_and_tasks_never_panic(text in "(\\[|\\]|\\{|\\}|,|:|\"|title|stage|value_minor|due_date|done_at|person_id|custom|tags|null|-?[0-9]{1,3}|\\PC){0,60}") {
            let config = Config::default_config();
            let map = BTreeMap::new();
            for entity in [ImportEntity::Deal, ImportEntity::Task] {
                let settings = CsvSettings { entity, map: &map, config: &config, default_owner: "t" };
                let _ = json_source::read_work(&text, &settings);
            }
        }
    }
}
