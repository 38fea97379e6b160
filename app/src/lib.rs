//! bridgescope's shared crate: the pure data model of Docker networking on a host, and the Leptos
//! components that draw it. It compiles twice: with `ssr` into the server (which renders the page
//! and feeds the live state in), and with `hydrate` into the browser's wasm (which takes the page
//! over and follows the live stream). Nothing here talks to Docker: the server's adapter converts
//! Docker's answers into these types at its boundary.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod actions;
pub mod api;
pub mod components;
pub mod early_stream;
pub mod first_snapshot;
pub mod lang;
pub mod layout;
pub mod live;
pub mod model;
pub mod timing;

pub use components::app::{shell, App};
