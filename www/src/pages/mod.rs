//! One module per page.

pub mod explain;
pub mod upcoming;
