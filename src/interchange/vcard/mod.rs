//! vCard (RFC 2426 / 6350, and the 2.1 dialect phones still write).

pub mod parse;
