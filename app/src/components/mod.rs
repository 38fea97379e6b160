//! The page's components, one concern each.

pub mod app;
pub mod dashboard;
pub mod network_table;
pub mod status_pill;
