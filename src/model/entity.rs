//! The kinds of record kariz stores.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A kind of editable record; used in messages, the change log and links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    /// A person (contact).
    Person,
    /// A company (organisation).
    Company,
    /// A deal in a pipeline.
    Deal,
    /// A task or reminder.
    Task,
    /// A logged call, e-mail, meeting, note…
    Activity,
    /// A call a phone system reported (caller ID).
    Call,
    /// An exchange rate of a currency pair on a day (reports).
    Rate,
    /// A sales goal of an owner (reports).
    Goal,
    /// A support case.
    Case,
    /// A product or service sold on quotes.
    Product,
    /// A quote (pre-invoice) on a deal.
    Quote,
    /// A sales order made from an accepted quote.
    Order,
    /// An invoice.
    Invoice,
    /// A payment against an invoice.
    Payment,
    /// A message for one user (a reminder or a rule's notice), shown in
    /// their open kariz.
    Notification,
    /// An e-mail or text message kariz sent.
    Message,
    /// A saved segment (a named filter expression).
    Segment,
    /// A marketing campaign people and deals are attributed to.
    Campaign,
}

impl Entity {
    /// Every entity, in display order.
    pub const ALL: [Entity; 18] = [
        Entity::Person,
        Entity::Company,
        Entity::Deal,
        Entity::Task,
        Entity::Activity,
        Entity::Call,
        Entity::Rate,
        Entity::Goal,
        Entity::Case,
        Entity::Product,
        Entity::Quote,
        Entity::Order,
        Entity::Invoice,
        Entity::Payment,
        Entity::Notification,
        Entity::Message,
        Entity::Segment,
        Entity::Campaign,
    ];

    /// The lower-case name used in the CLI, JSON and change log.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Company => "company",
            Entity::Deal => "deal",
            Entity::Task => "task",
            Entity::Activity => "activity",
            Entity::Call => "call",
            Entity::Rate => "rate",
            Entity::Goal => "goal",
            Entity::Case => "case",
            Entity::Product => "product",
            Entity::Quote => "quote",
            Entity::Order => "order",
            Entity::Invoice => "invoice",
            Entity::Payment => "payment",
            Entity::Notification => "notification",
            Entity::Message => "message",
            Entity::Segment => "segment",
            Entity::Campaign => "campaign",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(text: &str) -> Option<Entity> {
        Entity::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
