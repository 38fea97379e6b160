//! Tests of the layout's promises, on hand-built topologies: nothing overlaps, wires attach
//! where they should, places are stable, equal inputs give equal outputs, big hosts work, and
//! the exported SVG is well-formed XML.

pub(crate) mod checks;
mod departed;
mod export;
pub(crate) mod fixtures;
mod invariants;
pub(crate) mod stability;
pub(crate) mod xml;
