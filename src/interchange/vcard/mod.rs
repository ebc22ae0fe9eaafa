//! vCard (RFC 6350, and the 2.1 and 3.0 forms phones still write).

// Parses or compares user text: an out-of-range index must be an error, not
// a panic (the crate-wide lints in Cargo.toml cover unwrap and byte slices).
#![deny(clippy::indexing_slicing)]

pub mod parse;
pub mod write;
