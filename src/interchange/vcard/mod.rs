//! vCard (RFC 6350 and the older 2.1 and 3.0 forms).

pub mod write;
