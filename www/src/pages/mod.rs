//! One module per page.

pub mod domain;
pub mod explain;
pub mod reports;
pub mod upcoming;
