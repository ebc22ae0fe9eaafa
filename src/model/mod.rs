//! Plain domain types and their validation. No SQL, no terminal.

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

pub mod activity;
pub mod call;
pub mod campaign;
pub mod case;
pub mod company;
pub mod contact;
pub mod dates;
pub mod deal;
pub mod entity;
pub mod exchange;
pub mod history;
pub mod input_error;
pub mod limits;
pub mod message;
pub mod money;
pub mod notification;
pub mod patch;
pub mod person;
pub mod pipeline;
pub mod sales;
pub mod snapshot;
pub mod tag;
pub mod task;
pub mod totals;
pub mod user;

pub use activity::{Activity, ActivityData, ActivityKind};
pub use call::{Call, CallData, CallKind};
pub use campaign::{Campaign, CampaignChannel, CampaignData};
pub use case::{Case, CaseData, CaseNumber, StatusMove};
pub use company::{Company, CompanyData};
pub use contact::ContactPoint;
pub use deal::{Deal, DealData, DealStatus, StageMove};
pub use entity::Entity;
pub use history::{ChangeEntry, LoggedKind};
pub use message::{Channel, Message, MessageData, MessageStatus};
pub use notification::{Notification, NotificationData};
pub use person::{Person, PersonData};
pub use sales::{
    DocData, DocKind, DocLine, DocNumber, DocStatus, InvoiceBalance, Payment, PaymentData, Product,
    ProductData, Receivable, SalesDoc,
};
pub use snapshot::Snapshot;
pub use task::{Priority, Task, TaskData};
pub use user::TeamUser;

/// Custom field values by field name, as stored (JSON object).
pub type CustomValues = std::collections::BTreeMap<String, serde_json::Value>;

/// Trims a free-text field and turns an empty one into `None`.
pub fn optional_text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
