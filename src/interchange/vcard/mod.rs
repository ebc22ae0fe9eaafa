//! vCard (RFC 6350, and the 2.1 and 3.0 forms phones still write).

pub mod parse;
pub mod write;
