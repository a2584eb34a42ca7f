//! One module per page.

pub mod explain;
pub mod reports;
pub mod upcoming;
