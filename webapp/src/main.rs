//! Placeholder: the demo web app is being written.
fn main() {}
