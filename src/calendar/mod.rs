//! Calendars for display and input. Dates are always stored as Gregorian
//! `NaiveDate`s; these modules only convert for people.

pub mod jalali;
pub mod names;
pub mod occasion;
pub mod recurrence;
pub mod zone;
