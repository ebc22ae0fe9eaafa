//! Moving records in and out of kariz: CSV, vCard, JSON and iCalendar.

pub mod csv_safety;
pub mod export;
pub mod vcard;
