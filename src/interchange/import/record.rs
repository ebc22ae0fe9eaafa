//! What every source (CSV, vCard, JSON) turns a file into: records ready
//! to match and store, or the reasons a row cannot be stored.

use crate::model::{CompanyData, DealData, PersonData, TaskData};
use serde::Serialize;

/// Something wrong (or worth knowing) about one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// 1-based line in the file where the row starts.
    pub line: usize,
    /// The column (CSV header or vCard property), when one is to blame.
    pub column: Option<String>,
    /// What is wrong and what to do.
    pub reason: String,
    /// A warning keeps the row; an error rejects it.
    pub warning: bool,
}

impl Issue {
    /// An error that rejects the row.
    pub fn error(line: usize, column: Option<&str>, reason: impl Into<String>) -> Issue {
        Issue {
            line,
            column: column.map(str::to_string),
            reason: reason.into(),
            warning: false,
        }
    }

    /// A warning: the row is kept, something in it was dropped or changed.
    pub fn warning(line: usize, column: Option<&str>, reason: impl Into<String>) -> Issue {
        Issue {
            warning: true,
            ..Issue::error(line, column, reason)
        }
    }
}

/// Which kind of record an import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportEntity {
    /// People (contacts).
    Person,
    /// Companies.
    Company,
    /// Deals (CSV only).
    Deal,
    /// Tasks (CSV only).
    Task,
    /// Activities: calls, e-mails, meetings… (CSV and JSON; see
    /// `import::activities`).
    Activity,
}

impl ImportEntity {
    /// The word used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportEntity::Person => "person",
            ImportEntity::Company => "company",
            ImportEntity::Deal => "deal",
            ImportEntity::Task => "task",
            ImportEntity::Activity => "activity",
        }
    }
}

/// A record read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A person and the name of their company (found or created on import).
    Person {
        /// The fields.
        data: PersonData,
        /// Company name, resolved to `data.company_id` when stored.
        company: Option<String>,
    },
    /// A company.
    Company(CompanyData),
    /// A deal or a task, with its links as written in the file.
    Work {
        /// The deal, or `None` for a task (boxed: a deal is large, and most
        /// records are people).
        deal: Option<Box<DealData>>,
        /// The task, or `None` for a deal.
        task: Option<TaskData>,
        /// Contact person: an id, an e-mail or an external id.
        person: Option<String>,
        /// Company name (found or created).
        company: Option<String>,
        /// A task's deal: an id or an external id.
        deal_ref: Option<String>,
        /// A task that was done (kariz's export has `done_at`): completed
        /// on import, at that time when the file gives one (RFC 3339),
        /// else at the import's time.
        done: Option<Option<chrono::DateTime<chrono::Utc>>>,
    },
}

impl Record {
    /// The name shown in reports.
    pub fn name(&self) -> &str {
        match self {
            Record::Person { data, .. } => &data.name,
            Record::Company(data) => &data.name,
            Record::Work { deal: Some(d), .. } => &d.title,
            Record::Work { task: Some(t), .. } => &t.title,
            Record::Work { .. } => "",
        }
    }

    /// Why the name (or title) cannot be stored, if it cannot: the text
    /// rule of `model::limits` (no control characters, at most
    /// `MAX_NAME` characters), checked here so imports refuse such a row
    /// by itself, before planning matches against it.
    pub fn name_problem(&self) -> Option<String> {
        let field = match self {
            Record::Work { .. } => "the title",
            _ => "the name",
        };
        crate::model::limits::check_line(field, self.name(), crate::model::limits::MAX_NAME).err()
    }

    /// E-mails and phones, for matching.
    pub fn points(&self) -> (&[crate::model::ContactPoint], &[crate::model::ContactPoint]) {
        match self {
            Record::Person { data, .. } => (&data.emails, &data.phones),
            Record::Company(data) => (&data.emails, &data.phones),
            Record::Work { .. } => (&[], &[]),
        }
    }
}

/// One row of the file after reading: a record, or `None` when an error
/// rejects it; the issues say why (and carry warnings either way).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Line where the row starts.
    pub line: usize,
    /// The record's id in the source system.
    pub external_id: Option<String>,
    /// The record, unless rejected.
    pub record: Option<Record>,
    /// Errors and warnings for this row.
    pub issues: Vec<Issue>,
    /// The campaign named in the row (people and deals), resolved to its
    /// id when planned; an unknown name rejects the row.
    pub campaign: Option<String>,
}

impl Parsed {
    /// A rejected row with one error.
    pub fn rejected(line: usize, issue: Issue) -> Parsed {
        Parsed {
            line,
            external_id: None,
            record: None,
            issues: vec![issue],
            campaign: None,
        }
    }
}
