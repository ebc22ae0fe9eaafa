//! Text handling for untrusted, multilingual CRM data.
//!
//! Names and notes arrive from people typing on Persian, Arabic and Latin
//! keyboards, from CSV imports and from scripts. [`sanitize`] keeps what such
//! text can do to a terminal in check, and [`fold`] gives search one spelling
//! per word whichever keyboard produced it.

pub mod digits;
pub mod display;
pub mod fold;
pub mod letters;
pub mod phone;
pub mod sanitize;
pub mod visible_writer;
pub mod words;
