//! The page's components, one concern each.

pub mod app;
pub mod container_actions;
pub mod container_table;
pub mod dashboard;
pub mod described;
pub mod details;
pub mod diagram;
pub mod display;
pub mod kept_attr;
pub mod keys;
pub mod lab_panel;
pub mod lesson_panel;
pub mod names_panel;
pub mod network_actions;
pub mod network_table;
pub mod probe_panel;
pub mod role_badge;
pub mod run_form;
pub mod setget_panel;
pub mod status_pill;
pub mod timeline;
