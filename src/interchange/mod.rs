//! Moving records in and out of kariz: CSV, vCard, JSON and iCalendar.
//!
//! Parsers and writers here never touch SQL; imports hand the store plain
//! records and the store's bulk writer does the rest; exports page through
//! the store.

pub mod csv_safety;
pub mod export;
pub mod import;
pub mod ingest;
pub mod vcard;
