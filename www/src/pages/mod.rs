//! One module per page.

pub mod build;
pub mod domain;
pub mod explain;
pub mod reports;
