//! Moving records in and out of kariz: CSV, vCard and JSON.
//!
//! Parsers here never touch SQL; imports hand the store plain records and
//! the store's bulk writer does the rest.

pub mod csv_safety;
pub mod import;
pub mod vcard;
