//! Segments: the filter language typed wherever a list is shown
//! (`tag:vip -tag:lost owner:me city:مشهد created>=1405/01/01 "free text"`).
//!
//! Text is read by [`lexer`] into terms with their columns, [`parser`]
//! turns the terms into a [`Query`] (OR of ANDs of possibly negated
//! conditions), and the store evaluates a query in SQL with bound
//! parameters (`store::segments`). The grammar is in docs/segments.md.

pub mod error;
pub mod lexer;
pub mod parser;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::Serialize;

pub use error::{ErrorKind, SegmentError};
pub use parser::{KEYS, parse};

/// A parsed filter: any of its groups matches (`OR`); a group matches
/// when all its terms do (terms side by side are ANDed).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Query {
    /// The groups joined by `OR`; an empty query matches everything.
    pub any: Vec<Vec<Term>>,
}

impl Query {
    /// Whether the query has no terms (it matches every record).
    pub fn is_empty(&self) -> bool {
        self.any.iter().all(Vec::is_empty)
    }
}

/// One condition, maybe negated, with the column it starts at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// Written with a leading `-`: the records that do not match.
    pub negated: bool,
    /// The 1-based column (in characters) of the term in the input.
    pub column: usize,
    /// What the term asks.
    pub cond: Cond,
}

/// How a date or a custom field is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Cmp {
    /// `:` or `=`: on that day (dates) or equal (fields).
    Eq,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Cmp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

/// Who `owner:` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Owner {
    /// `owner:me`: the acting user.
    Me,
    /// `owner:none`: no owner.
    Nobody,
    /// A login as written.
    Login(String),
}

/// What `has:` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Has {
    /// At least one e-mail address.
    Email,
    /// At least one phone number.
    Phone,
    /// An owner.
    Owner,
    /// A company (people, deals).
    Company,
    /// A birthday (people).
    Birthday,
    /// At least one tag.
    Tag,
    /// At least one deal (people, companies).
    Deal,
}

impl Has {
    /// Every `has:` value, as written.
    pub const NAMES: [&'static str; 7] = [
        "email", "phone", "owner", "company", "birthday", "tag", "deal",
    ];

    /// Reads a `has:` value.
    pub fn parse(text: &str) -> Option<Has> {
        Some(match text {
            "email" => Has::Email,
            "phone" => Has::Phone,
            "owner" => Has::Owner,
            "company" => Has::Company,
            "birthday" => Has::Birthday,
            "tag" => Has::Tag,
            "deal" => Has::Deal,
            _ => return None,
        })
    }
}

/// A deal's (or task's) state for `status:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Open deals, tasks not done.
    Open,
    /// Won deals.
    Won,
    /// Lost deals.
    Lost,
    /// Done tasks.
    Done,
}

impl Status {
    /// Every `status:` value, as written.
    pub const NAMES: [&'static str; 4] = ["open", "won", "lost", "done"];

    /// Reads a `status:` value.
    pub fn parse(text: &str) -> Option<Status> {
        Some(match text {
            "open" => Status::Open,
            "won" => Status::Won,
            "lost" => Status::Lost,
            "done" => Status::Done,
            _ => return None,
        })
    }
}

/// The record dates a term can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateKey {
    /// When the record was created.
    Created,
    /// When it was last changed.
    Updated,
    /// A task's due date.
    Due,
    /// A call (in or out, not a missed one) on the record's timeline on
    /// that day: `called>=-30d` has a call in the last 30 days, and
    /// `-called>=1405/09/01` has none since.
    Called,
    /// Any activity but a note (a call, e-mail, meeting, message…).
    Contacted,
}

/// One condition of a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cond {
    /// `tag:NAME`.
    Tag(String),
    /// `owner:LOGIN`, `owner:me`, `owner:none`.
    Owner(Owner),
    /// `source:TEXT`: the lead source contains it (folded).
    Source(String),
    /// `campaign:NAME`: attributed to the campaign of that name (ignoring
    /// case).
    Campaign(String),
    /// `city:TEXT`: the address contains it (folded).
    City(String),
    /// `company:TEXT`: the company's name contains it (folded).
    Company(String),
    /// `name:TEXT`: the name (or a deal's or task's title) contains it.
    Name(String),
    /// `stage:NAME`: a deal in that stage (people and companies: an open one).
    Stage(String),
    /// `pipeline:NAME`.
    Pipeline(String),
    /// `status:open|won|lost|done`.
    Status(Status),
    /// `has:WHAT`.
    Has(Has),
    /// `created>=DATE` and the other dates.
    Date(DateKey, Cmp, NaiveDate),
    /// `field.KEY=VALUE`: a custom field equals the value (folded).
    Field {
        /// The custom field's key.
        key: String,
        /// The value, as written.
        value: String,
    },
    /// A word or a "quoted phrase": the record's search text contains it.
    Text(String),
}
